# %% [markdown]
# # 09. Adadelta 최적화 (The Adadelta optimizer)
# Adadelta(Zeiler, 2012)는 RMSProp처럼 g²의 지수 이동 평균 s를 쓰지만, 학습률 대신 지난 갱신량의
# 지수 이동 평균 d로 걸음의 크기를 정합니다. 각 문제 아래의 `check(...)` 셀로 공개 테스트를 실행하세요.
#
# *English:* Adadelta (Zeiler, 2012) keeps an exponential moving average s of g², like RMSProp, but
# sizes each step with a moving average d of the past updates instead of a learning rate. Run the
# `check(...)` cell under each question to run its public tests.

# %%
import numpy as np

# %% [markdown]
# ## Q1. `adadelta_step(w, g, s, d, lr=1.0, rho=0.95, eps=1e-6)`
# 1. s_new = ρ·s + (1-ρ)·g²
# 2. Δ = -√(d + ε) / √(s_new + ε) · g  (ε는 두 제곱근 **안에** 있습니다)
# 3. d_new = ρ·d + (1-ρ)·Δ²
# 4. w_new = w + lr·Δ
#
# `(w_new, s_new, d_new)`를 반환하고 입력은 바꾸지 마세요. (Keras: `Adadelta(learning_rate=lr, rho=rho, epsilon=eps)`)
#
# *English:* the four steps above; return `(w_new, s_new, d_new)` as new arrays, inputs unchanged. ε goes
# **inside** both square roots.

# %%
def adadelta_step(w, g, s, d, lr=1.0, rho=0.95, eps=1e-6):
    """Adadelta 한 걸음 / one Adadelta step -> (w_new, s_new, d_new)."""
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("adadelta_step을 구현하세요 / implement adadelta_step")

# %% [check] adadelta_step
