# %% [markdown]
# # 04. 고급 경사 하강법 (Advanced gradient descent)
#
# 강의에서 본 최적화 알고리즘들, 즉 경사 하강법(GD), 모멘텀, 네스테로프 가속 경사(NAG), Adagrad,
# RMSProp, Adam을 NumPy로 직접 구현합니다. 강의 밖의 내용으로 Keras의 `AdamW`도 만들어 봅니다.
# 마지막에는 강의의 실험(출발점 $(-5, 4)$, 학습률 0.01, 100번 반복)을 그대로 재현합니다.
#
# **규칙**
# - 모든 함수는 한 걸음(step)만 계산합니다. `w`, `g`와 상태 배열(`v`, `s`, `m`)은 모두 같은 모양이고,
#   모양은 무엇이든 될 수 있습니다(스칼라 같은 `(1,)`, 벡터, 행렬, 3차원 배열).
# - 상태는 처음에 0에서 시작합니다. 함수는 **새 배열을 반환**하고, 입력 배열을 제자리에서 바꾸면 안 됩니다
#   (`w -= ...` 대신 `w_new = w - ...`).
# - 문제마다 아래에 있는 검사 셀을 실행하면 공개 테스트가 돌아갑니다. 채점 때에는 무작위 입력을 쓰는
#   숨은 테스트가 더 있으니, 공개 테스트만 맞추도록 값을 외워 넣지 마세요.
#
# *English:* You will implement, in NumPy, the optimizers from the lecture: gradient descent (GD),
# momentum, Nesterov accelerated gradient (NAG), Adagrad, RMSProp and Adam, plus Keras's `AdamW`
# beyond the lecture. At the end you reproduce the lecture's experiment (start $(-5, 4)$, learning
# rate 0.01, 100 iterations).
#
# **Rules**
# - Each function computes one step. `w`, `g` and every state array (`v`, `s`, `m`) share one shape,
#   which can be anything (scalar-like `(1,)`, a vector, a matrix, a 3-D array).
# - State starts at zeros. Functions **return new arrays** and never modify their inputs in place
#   (write `w_new = w - ...`, not `w -= ...`).
# - Run the check cell below each question to run its public tests. Grading adds hidden tests on
#   random inputs, so do not hard-code the public examples.

# %%
import numpy as np

# %% [markdown]
# ## 강의 실험의 목적 함수 (The objective of the lecture's experiment)
#
# 강의는 같은 목적 함수에서 출발점 $x_0 = (-5, 4)$, 학습률 $\eta = 0.01$로 100번 갱신한 결과를 비교합니다.
#
# | 방법 / method | 강의 결과 / lecture's result |
# |---|---|
# | GD | $(-0.663,\ -0.107)$ |
# | 모멘텀 / momentum ($\mu = 0.9$) | $(-0.020,\ -0.0230)$ |
# | NAG ($\mu = 0.9$) | $(-0.00850,\ -0.00174)$ |
#
# **주의:** 슬라이드에는 $J(x) = x_1^2 + 2x_2^2 - x_1x_2$ 라고 적혀 있지만, 이 식으로는 위의 세 결과가
# 하나도 나오지 않습니다(예를 들어 GD는 $(-0.600, -0.182)$). 위의 숫자들은
# $$J(x) = x_1^2 + 4x_2^2 - x_1x_2, \qquad \nabla J(x) = (2x_1 - x_2,\ 8x_2 - x_1)$$
# 에서 나옵니다. 슬라이드의 식이나 기울기 중 하나에 오타가 있는 것으로 보이며, 이 과제는 결과와 맞는
# $4x_2^2$ 식을 씁니다. 아래 셀에 이 함수와 기울기가 이미 준비되어 있습니다.
#
# *English:* The lecture compares 100 updates from $x_0 = (-5, 4)$ with learning rate $\eta = 0.01$
# (table above). **Note:** the slide prints $J(x) = x_1^2 + 2x_2^2 - x_1x_2$, but that objective
# reproduces none of the three results (GD would end at $(-0.600, -0.182)$). The figures come from
# $J(x) = x_1^2 + 4x_2^2 - x_1x_2$ with gradient $(2x_1 - x_2,\ 8x_2 - x_1)$: the slide's formula or
# its gradient has a typo. This assignment uses the $4x_2^2$ objective, which matches the results.
# The cell below defines it and its gradient for you.

# %%
def lecture_objective(x):
    """강의 실험의 목적 함수 J(x) = x1² + 4·x2² - x1·x2 / the lecture's objective."""
    return x[0] ** 2 + 4 * x[1] ** 2 - x[0] * x[1]


def lecture_objective_grad(x):
    """J의 기울기 (2·x1 - x2, 8·x2 - x1), 모양 (2,) / the gradient of J, shape (2,)."""
    return np.array([2 * x[0] - x[1], 8 * x[1] - x[0]], dtype=float)


# %% [markdown]
# ## Q1. 경사 하강법 한 걸음: `sgd_step` (One gradient-descent step)
#
# 기울기는 함수값이 가장 빨리 커지는 방향이므로, 그 반대 방향으로 학습률 $\eta$만큼 움직입니다.
# 미니배치로 구한 기울기를 쓰면 확률적 경사 하강법(SGD)이 됩니다.
# $$w \leftarrow w - \eta\, g$$
#
# *English:* The gradient points where the loss grows fastest, so step against it, scaled by the
# learning rate $\eta$. With a minibatch gradient this is stochastic gradient descent (SGD).

# %%
def sgd_step(w, g, lr=0.01):
    """경사 하강법 한 걸음 / One gradient-descent step.

    Inputs:
    - w: 파라미터 / parameters, array of any shape
    - g: w에서의 기울기 / gradient at w, same shape as w
    - lr: 학습률 / learning rate

    Returns:
    - w_new: w - lr * g (새 배열 / a new array), same shape as w
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("sgd_step을 구현하세요 / implement sgd_step")


# %% [check] sgd_step

# %% [markdown]
# ## Q2. 모멘텀: `momentum_step` (Momentum)
#
# 경사 하강법은 골짜기처럼 한 방향으로만 가파른 곳에서 좌우로 흔들리며 느리게 나아갑니다. 모멘텀은
# 언덕을 굴러가는 공처럼 **속도** $v$를 기억합니다. 같은 방향의 기울기가 계속되면 속도가 붙고, 방향이
# 자꾸 바뀌는 성분은 서로 상쇄되어 흔들림이 줄어듭니다. $\mu$(보통 0.9)는 이전 속도를 얼마나 유지할지
# 정합니다.
# $$v \leftarrow \mu v - \eta\, g, \qquad w \leftarrow w + v$$
# 이 식은 Keras의 `SGD(learning_rate=η, momentum=μ)`와 같습니다. 속도 $v$에는 학습률이 이미 곱해져 있다는
# 점에 주의하세요($v = \mu v + (1-\mu)g$ 같은 지수 평균이 아닙니다).
#
# *English:* Plain GD zigzags slowly along narrow valleys. Momentum remembers a **velocity** $v$,
# like a ball rolling downhill: consistent gradient directions build up speed, oscillating components
# cancel. $\mu$ (usually 0.9) sets how much of the old velocity is kept. This is Keras's
# `SGD(learning_rate=η, momentum=μ)`. Note that $v$ already includes the learning rate (it is not an
# exponential average $v = \mu v + (1-\mu)g$).

# %%
def momentum_step(w, g, v, lr=0.01, momentum=0.9):
    """모멘텀 한 걸음 / One step of SGD with momentum.

    v_new = momentum * v - lr * g
    w_new = w + v_new

    Inputs:
    - w: 파라미터 / parameters, array of any shape
    - g: w에서의 기울기 / gradient at w, same shape
    - v: 이전 속도(처음에는 0) / velocity from the previous step (zeros at first), same shape
    - lr: 학습률 / learning rate
    - momentum: 모멘텀 계수 μ / momentum coefficient μ

    Returns a tuple (w_new, v_new) of new arrays with w's shape.
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("momentum_step을 구현하세요 / implement momentum_step")


# %% [check] momentum_step

# %% [markdown]
# ## Q3. 네스테로프 가속 경사: `nesterov_step` (Nesterov accelerated gradient)
#
# 모멘텀은 어차피 속도 $\mu v$만큼 더 갈 것이므로, NAG는 **그만큼 미리 가 본 지점** $w + \mu v$에서
# 기울기를 구합니다. 앞을 내다보고 방향을 고치기 때문에 최솟값을 지나쳤을 때 더 빨리 멈춥니다.
# $$g = \nabla J(w + \mu v), \qquad v \leftarrow \mu v - \eta\, g, \qquad w \leftarrow w + v$$
# 기울기를 미리 가 본 지점에서 구해야 하므로 이 함수는 기울기 값 대신 **기울기 함수** `grad_fn`을 받습니다.
# `grad_fn(x)`는 `x`와 같은 모양의 기울기를 돌려줍니다. 채점기는 자신의 `grad_fn`을 넘겨서 어느 지점에서
# 불렸는지도 확인합니다.
#
# 참고: Keras의 `SGD(momentum=μ, nesterov=True)`는 같은 알고리즘을 다르게 기록합니다. Keras가 들고 있는
# 변수는 강의의 $w$가 아니라 미리 가 본 지점 $w + \mu v$입니다. 이 과제는 강의의 식을 따릅니다.
#
# *English:* Momentum will move by about $\mu v$ anyway, so NAG takes the gradient **at the
# look-ahead point** $w + \mu v$, correcting course before it overshoots. Because of that, this
# function receives a **gradient function** `grad_fn` (returning a gradient shaped like its input)
# instead of a gradient value; the grader passes its own and checks where it was evaluated.
# Note: Keras's `SGD(momentum=μ, nesterov=True)` runs the same algorithm with different
# bookkeeping: its variable is the look-ahead point $w + \mu v$, not the lecture's $w$. Follow the
# lecture's formulas here.

# %%
def nesterov_step(w, v, grad_fn, lr=0.01, momentum=0.9):
    """NAG 한 걸음(강의의 미리 가 보기 형태) / One NAG step (the lecture's look-ahead form).

    g = grad_fn(w + momentum * v)
    v_new = momentum * v - lr * g
    w_new = w + v_new

    Inputs:
    - w: 파라미터 / parameters, array of any shape
    - v: 이전 속도(처음에는 0) / velocity from the previous step (zeros at first), same shape
    - grad_fn: 배열을 받아 그 지점의 기울기를 돌려주는 함수 / function x -> gradient at x
    - lr: 학습률 / learning rate
    - momentum: 모멘텀 계수 μ / momentum coefficient μ

    Returns a tuple (w_new, v_new) of new arrays with w's shape.
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("nesterov_step을 구현하세요 / implement nesterov_step")


# %% [check] nesterov_step

# %% [markdown]
# ## Q4. Adagrad: `adagrad_step`
#
# 파라미터마다 알맞은 학습률은 다릅니다. Adagrad는 각 파라미터의 **기울기 제곱을 계속 더해** $s$에 쌓고,
# 그 제곱근으로 나눕니다. 많이, 크게 갱신된 파라미터는 걸음이 작아지고 드물게 갱신된 파라미터는 큰 걸음을
# 유지합니다. ($\odot$는 원소별 곱입니다.)
# $$s \leftarrow s + g \odot g, \qquad w \leftarrow w - \eta\, \frac{g}{\sqrt{s + \epsilon}}$$
# 단점: $s$는 커지기만 하므로 학습을 오래 하면 걸음이 0에 가까워집니다(다음 문제의 RMSProp이 이것을 고칩니다).
#
# $\epsilon$은 0으로 나누는 것을 막는 작은 수입니다. 교재에 따라 $\sqrt{s} + \epsilon$으로 쓰기도 하지만,
# 이 과제는 Keras의 `Adagrad(initial_accumulator_value=0.0)`처럼 **제곱근 안에** 둡니다. 기울기가 아주 작을
# 때(약 $10^{-4}$) 두 식의 결과가 크게 달라지니 위치를 꼭 지키세요.
#
# *English:* Each parameter deserves its own learning rate. Adagrad **adds up the squared
# gradients** of each parameter in $s$ and divides by the square root: often and strongly updated
# parameters take smaller steps, rarely updated ones keep large steps. Drawback: $s$ only grows, so
# steps shrink towards zero over long training (RMSProp, next, fixes that). $\epsilon$ guards
# against division by zero; some textbooks write $\sqrt{s} + \epsilon$, but here it goes **inside
# the square root**, as in Keras's `Adagrad(initial_accumulator_value=0.0)`. For tiny gradients
# (about $10^{-4}$) the two forms differ a lot, so keep it inside.

# %%
def adagrad_step(w, g, s, lr=0.01, eps=1e-7):
    """Adagrad 한 걸음 / One Adagrad step.

    s_new = s + g**2
    w_new = w - lr * g / sqrt(s_new + eps)     # eps는 제곱근 안 / eps inside the sqrt

    Inputs:
    - w: 파라미터 / parameters, array of any shape
    - g: w에서의 기울기 / gradient at w, same shape
    - s: 기울기 제곱의 누적합(처음에는 0) / running sum of squared gradients (zeros at first)
    - lr: 학습률 / learning rate
    - eps: 수치 안정용 작은 수 / small constant for numerical stability

    Returns a tuple (w_new, s_new) of new arrays with w's shape.
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("adagrad_step을 구현하세요 / implement adagrad_step")


# %% [check] adagrad_step

# %% [markdown]
# ## Q5. RMSProp: `rmsprop_step`
#
# RMSProp은 기울기 제곱을 모두 더하는 대신 **지수 이동 평균**을 씁니다. 오래된 기울기는 $\rho$배씩
# 잊히므로 $s$가 끝없이 커지지 않고, 학습이 길어져도 걸음이 0으로 줄어들지 않습니다.
# $$s \leftarrow \rho\, s + (1 - \rho)\, g \odot g, \qquad w \leftarrow w - \eta\, \frac{g}{\sqrt{s + \epsilon}}$$
# Keras의 `RMSprop()`과 같은 식입니다($\rho = 0.9$, $\epsilon$은 제곱근 안).
#
# *English:* Instead of summing squared gradients, RMSProp keeps an **exponential moving
# average**: old gradients fade by a factor $\rho$ per step, so $s$ does not grow without bound and
# steps do not vanish. This is Keras's `RMSprop()` ($\rho = 0.9$, $\epsilon$ inside the square root).

# %%
def rmsprop_step(w, g, s, lr=0.001, rho=0.9, eps=1e-7):
    """RMSProp 한 걸음 / One RMSProp step.

    s_new = rho * s + (1 - rho) * g**2
    w_new = w - lr * g / sqrt(s_new + eps)     # eps는 제곱근 안 / eps inside the sqrt

    Inputs:
    - w: 파라미터 / parameters, array of any shape
    - g: w에서의 기울기 / gradient at w, same shape
    - s: 기울기 제곱의 이동 평균(처음에는 0) / moving average of squared gradients (zeros at first)
    - lr: 학습률 / learning rate
    - rho: 이동 평균의 감쇠율 / decay rate of the moving average
    - eps: 수치 안정용 작은 수 / small constant for numerical stability

    Returns a tuple (w_new, s_new) of new arrays with w's shape.
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("rmsprop_step을 구현하세요 / implement rmsprop_step")


# %% [check] rmsprop_step

# %% [markdown]
# ## Q6. Adam: `adam_step`
#
# Adam은 모멘텀(기울기의 이동 평균 $m$)과 RMSProp(기울기 제곱의 이동 평균 $v$)을 합친 방법입니다.
# $$m \leftarrow \beta_1 m + (1 - \beta_1)\, g, \qquad v \leftarrow \beta_2 v + (1 - \beta_2)\, g \odot g$$
# $$\hat m = \frac{m}{1 - \beta_1^{\,t}}, \qquad \hat v = \frac{v}{1 - \beta_2^{\,t}}, \qquad
#   w \leftarrow w - \eta\, \frac{\hat m}{\sqrt{\hat v} + \epsilon}$$
#
# **편향 보정은 왜 필요할까요?** $m$과 $v$는 0에서 시작하므로 처음 몇 걸음 동안은 0 쪽으로 치우쳐 있습니다.
# 첫 걸음($t = 1$)에서 $m = 0.1\,g$, $v = 0.001\,g^2$이라 보정 없이 쓰면 걸음 크기가 엉뚱해집니다.
# $1 - \beta^t$로 나누면 $t = 1$에서 $\hat m = g$, $\hat v = g^2$이 되어, 첫 걸음에서 각 가중치는 약
# $\eta \cdot \mathrm{sign}(g)$만큼 움직입니다. $t$가 커지면 $\beta^t \to 0$이므로 보정은 저절로 사라집니다.
# $t$는 **1부터 시작하는** 걸음 번호입니다. 여기서 $\epsilon$은 제곱근 **밖**에 더합니다.
#
# 참고: Keras의 `Adam`은 기본값 $\epsilon = 10^{-7}$을 조금 다른 자리($\epsilon\sqrt{1-\beta_2^t}$)에 넣습니다.
# `Adam(epsilon=0.0)`이면 이 식과 정확히 같습니다.
#
# *English:* Adam combines momentum (a moving average $m$ of gradients) with RMSProp (a moving
# average $v$ of squared gradients). **Why bias correction?** $m$ and $v$ start at zero, so early on
# they are biased towards zero: at $t = 1$, $m = 0.1\,g$ and $v = 0.001\,g^2$. Dividing by
# $1 - \beta^t$ gives $\hat m = g$, $\hat v = g^2$ at $t = 1$, so the first step moves each weight by
# about $\eta \cdot \mathrm{sign}(g)$; as $t$ grows, $\beta^t \to 0$ and the correction fades away.
# $t$ is the step number **starting at 1**. Here $\epsilon$ goes **outside** the square root.
# Note: Keras's `Adam` puts its default $\epsilon = 10^{-7}$ in a slightly different place
# ($\epsilon\sqrt{1-\beta_2^t}$); `Adam(epsilon=0.0)` equals these formulas exactly.

# %%
def adam_step(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam 한 걸음(편향 보정 포함) / One Adam step with bias correction.

    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g**2
    m_hat = m_new / (1 - beta1**t);  v_hat = v_new / (1 - beta2**t)
    w_new = w - lr * m_hat / (sqrt(v_hat) + eps)   # eps는 제곱근 밖 / eps outside the sqrt

    Inputs:
    - w: 파라미터 / parameters, array of any shape
    - g: w에서의 기울기 / gradient at w, same shape
    - m: 1차 모멘트(처음에는 0) / first moment (zeros at first), same shape
    - v: 2차 모멘트(처음에는 0) / second moment (zeros at first), same shape
    - t: 걸음 번호, 첫 걸음이 1 / step number, 1 at the first step
    - lr, beta1, beta2, eps: 하이퍼파라미터 / hyperparameters

    Returns a tuple (w_new, m_new, v_new) of new arrays with w's shape.
    (상태로는 보정 전의 m_new, v_new를 반환합니다 / return the uncorrected m_new, v_new as state.)
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("adam_step을 구현하세요 / implement adam_step")


# %% [check] adam_step

# %% [markdown]
# ## Q7. AdamW (강의 너머): `adamw_step` (AdamW, beyond the lecture)
#
# L2 정규화는 손실에 $\frac{\lambda}{2}\|w\|^2$을 더해 기울기에 $\lambda w$가 붙습니다. 그런데 Adam에서는
# 이 $\lambda w$도 $\sqrt{\hat v}$로 나뉘기 때문에, 기울기가 큰 가중치일수록 덜 줄어듭니다. AdamW는 가중치
# 감쇠를 기울기와 **분리**(decouple)해서, Adam 걸음과 따로 가중치를 직접 줄입니다. Keras의 `AdamW`처럼
# 먼저 감쇠하고 그다음 (원래 기울기 $g$로) Adam 걸음을 합니다.
# $$w \leftarrow w - \eta\, \lambda\, w, \qquad \text{then an Adam step with } g$$
# 감쇠에도 학습률 $\eta$가 곱해지고, 감쇠는 $m$, $v$에 들어가지 않습니다. 앞에서 만든 `adam_step`을 불러
# 써도 됩니다.
#
# *English:* L2 regularization adds $\lambda w$ to the gradient, but in Adam that term is divided by
# $\sqrt{\hat v}$ too, so weights with large gradients decay less. AdamW **decouples** weight decay
# from the gradient: as Keras's `AdamW` does, first shrink $w \leftarrow w - \eta\lambda w$, then take
# an Adam step with the original gradient $g$. The decay is multiplied by the learning rate and never
# enters $m$ or $v$. You may call your `adam_step`.

# %%
def adamw_step(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.004):
    """AdamW 한 걸음: 분리된 가중치 감쇠 후 Adam / One AdamW step: decoupled decay, then Adam.

    w_decayed = w - lr * weight_decay * w
    then the Adam step of adam_step on w_decayed with the same g, m, v, t.

    Inputs: adam_step과 같고, 추가로 / as adam_step, plus
    - weight_decay: 감쇠 계수 λ / decay coefficient λ

    Returns a tuple (w_new, m_new, v_new) of new arrays with w's shape.
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("adamw_step을 구현하세요 / implement adamw_step")


# %% [check] adamw_step

# %% [markdown]
# ## Q8. 최적화 경로: `optimize` (Optimization trajectories)
#
# 이제 위의 스텝 함수들로 전체 최적화를 돌립니다. `optimize(method, grad_fn, x0, lr, n_iter=100, **hyper)`는
# - `method`: `"gd"`, `"momentum"`, `"nesterov"`, `"adagrad"`, `"rmsprop"`, `"adam"` 중 하나
# - `grad_fn`: 기울기 함수, `x0`: 출발점(길이 $d$인 1차원 배열), `lr`: 학습률, `n_iter`: 반복 횟수
# - `**hyper`: 스텝 함수에 **그대로 넘길** 추가 하이퍼파라미터(예: `momentum=0.5`, `rho=0.8`, `beta1=0.8`, `eps=1e-6`)
#
# 를 받아, 모양이 `(n_iter + 1, d)`인 배열을 반환합니다. 첫 행은 `x0`이고, $k$번째 행은 $k$번 갱신한 뒤의
# 위치입니다. 상태(`v`, `s`, `m`)는 0에서 시작하고, Adam의 `t`는 1부터 셉니다. `"gd"`는 `sgd_step`,
# `"nesterov"`는 `nesterov_step`에 `grad_fn`을 그대로 넘기면 됩니다.
#
# 완성하면 강의의 세 결과가 다시 나와야 합니다: GD $(-0.663, -0.107)$, 모멘텀 $(-0.020, -0.0230)$,
# NAG $(-0.00850, -0.00174)$ ($x_0 = (-5, 4)$, $\eta = 0.01$, 100번, $\mu = 0.9$, 위의 $4x_2^2$ 목적 함수).
#
# *English:* Now run whole optimizations with your step functions. `optimize` takes a `method`
# (one of the six names), a gradient function `grad_fn`, a start `x0` (1-D, length $d$), a learning
# rate `lr`, `n_iter`, and extra hyperparameters `**hyper` that it **passes on** to the step
# function (e.g. `momentum=0.5`, `rho=0.8`, `beta1=0.8`, `eps=1e-6`). It returns an array of shape
# `(n_iter + 1, d)`: row 0 is `x0`, row $k$ the point after $k$ updates. State starts at zeros and
# Adam's `t` counts from 1; `"gd"` uses `sgd_step`, and `"nesterov"` hands `grad_fn` to
# `nesterov_step`. When it works, the lecture's three results come out again.

# %%
def optimize(method, grad_fn, x0, lr, n_iter=100, **hyper):
    """x0에서 n_iter번 갱신한 전체 경로 / The whole trajectory of n_iter updates from x0.

    Inputs:
    - method: "gd", "momentum", "nesterov", "adagrad", "rmsprop" or "adam"
    - grad_fn: 함수 x -> x에서의 기울기 / function x -> gradient at x (same shape as x)
    - x0: 출발점 / starting point, 1-D array of length d
    - lr: 학습률 / learning rate
    - n_iter: 갱신 횟수 / number of updates
    - **hyper: 스텝 함수에 넘길 하이퍼파라미터 / hyperparameters passed on to the step function

    Returns:
    - trajectory: 모양 (n_iter + 1, d), 첫 행은 x0 / shape (n_iter + 1, d), row 0 is x0
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("optimize를 구현하세요 / implement optimize")


# %% [check] optimize

# %% [markdown]
# ## 강의 실험 재현 (Reproducing the lecture's experiment)
#
# 아래 셀은 여러분의 `optimize`로 강의의 실험을 돌려 마지막 위치를 강의의 숫자와 나란히 보여 줍니다.
# 채점과는 상관없습니다.
#
# *English:* This cell runs the lecture's experiment with your `optimize` and prints the final
# points next to the lecture's figures. It is not graded.

# %%
lecture_results = {
    "gd": "(-0.663, -0.107)",
    "momentum": "(-0.020, -0.0230)",
    "nesterov": "(-0.00850, -0.00174)",
}
try:
    for method_name, lecture_figure in lecture_results.items():
        final_point = optimize(method_name, lecture_objective_grad, np.array([-5.0, 4.0]), 0.01, n_iter=100)[-1]
        print(f"{method_name:9s} 내 결과 / mine: ({final_point[0]:.5f}, {final_point[1]:.5f})"
              f"    강의 / lecture: {lecture_figure}")
except NotImplementedError:
    print("아직 구현하지 않은 함수가 있습니다. Q1–Q8을 마친 뒤 다시 실행하세요.\n"
          "Some functions are not implemented yet. Run this again after Q1–Q8.")

# %% [markdown]
# ## (선택) 경로 그려 보기 (Optional: plot the trajectories)
#
# 등고선 위에 각 방법의 경로를 그립니다. 왼쪽은 강의와 같은 설정($\eta = 0.01$)의 GD, 모멘텀, NAG이고,
# 오른쪽은 $\eta = 0.1$의 Adagrad, RMSProp, Adam입니다. 모멘텀이 골짜기를 따라 크게 돌아 들어가고, NAG가
# 그 흔들림을 줄이는 모습, Adagrad의 걸음이 점점 작아져 멈춰 버리는 모습을 확인해 보세요. 채점과는
# 상관없습니다.
#
# *English:* Trajectories on the contour plot of $J$. Left: GD, momentum and NAG with the lecture's
# settings ($\eta = 0.01$); right: Adagrad, RMSProp and Adam with $\eta = 0.1$. Watch momentum swing
# around the valley, NAG damp that swing, and Adagrad's steps shrink until it stalls. Not graded.

# %% [skip]
try:
    import matplotlib.pyplot as plt

    start = np.array([-5.0, 4.0])
    panels = [(["gd", "momentum", "nesterov"], 0.01), (["adagrad", "rmsprop", "adam"], 0.1)]
    # 모든 경로를 먼저 계산합니다: 구현하지 않은 함수가 있으면 그림을 그리기 전에 멈춥니다.
    # Every path first: an unimplemented function stops here, before half a figure is drawn.
    paths = {(method_name, step_size): np.asarray(optimize(method_name, lecture_objective_grad, start, step_size, n_iter=100))
             for methods, step_size in panels for method_name in methods}
    grid1, grid2 = np.meshgrid(np.linspace(-6, 6, 200), np.linspace(-5, 5, 200))
    levels = np.logspace(-2, 2.3, 20)
    fig, axes = plt.subplots(1, 2, figsize=(12, 5))
    for ax, (methods, step_size) in zip(axes, panels):
        ax.contour(grid1, grid2, lecture_objective([grid1, grid2]), levels=levels, cmap="Greys", linewidths=0.6)
        for width, method_name in zip([4, 1.5, 1], methods):
            path = paths[(method_name, step_size)]
            (line,) = ax.plot(path[:, 0], path[:, 1], ".-", markersize=3, linewidth=width, alpha=0.7, label=method_name)
            ax.plot(path[-1, 0], path[-1, 1], "o", color=line.get_color())  # 마지막 위치 / final point
        ax.plot(0, 0, "k*", markersize=10)
        ax.set_title(f"lr = {step_size}, 100 iterations")
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.legend()
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("그림을 그리려면 먼저 Q1–Q8을 구현하세요. / Implement Q1–Q8 first to see the plot.")
except ImportError:
    print("matplotlib이 없어 그림을 건너뜁니다. / matplotlib is not installed; skipping the plot.")
