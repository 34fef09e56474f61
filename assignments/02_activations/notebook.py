# %% [markdown]
# # 02. 활성화 함수와 시그모이드 미분 (Activation functions and the sigmoid derivative)
#
# 신경망의 각 층은 가중합 뒤에 활성화 함수를 거칩니다. 이 과제에서는 시그모이드, tanh, ReLU,
# leaky ReLU와 그 미분, 출력층의 소프트맥스, 그리고 손실 함수 MSE와 교차 엔트로피를 numpy로 구현합니다.
# 시그모이드의 미분이 왜 깊은 신경망에서 기울기를 사라지게 하는지도 직접 계산해 봅니다.
#
# - 각 함수 안의 `raise NotImplementedError(...)`를 지우고 코드를 작성하세요. numpy만 쓰면 됩니다.
# - 함수 이름과 인자는 바꾸지 마세요. 채점기가 이 이름으로 함수를 부릅니다.
# - 원소별 함수는 스칼라와 배열(모양 그대로 반환)을 모두 받아야 합니다.
# - 각 문제 아래의 확인 셀(`check(...)`)은 공개 테스트만 실행합니다. 제출하면 더 많은 숨은 테스트로 채점합니다.
# - 입력 배열을 제자리에서 바꾸지 마세요 (새 배열을 만들어 반환하세요).
#
# *English:* Every layer of a network passes its weighted sum through an activation function. In
# this assignment you implement, with numpy, the sigmoid, tanh, ReLU and leaky ReLU with their
# derivatives, the softmax of the output layer, and the losses MSE and cross-entropy. You also
# compute why the sigmoid's derivative makes gradients vanish in deep networks.
#
# - Replace the `raise NotImplementedError(...)` in each function with your code; numpy is enough.
# - Keep the function names and arguments: the grader calls your functions by these names.
# - Elementwise functions take a scalar or an array (and return the same shape).
# - The check cell under each question (`check(...)`) runs only the public tests; your submission
#   is graded with more, hidden tests.
# - Never modify an input array in place (build and return new arrays).

# %%
import numpy as np

# %% [markdown]
# ## Q1. 시그모이드 (The sigmoid) — `sigmoid`
#
# σ(x) = 1 / (1 + e⁻ˣ) 는 모든 실수를 0과 1 사이로 보냅니다. σ(0) = 0.5입니다.
#
# **수치 안정성.** 식을 그대로 쓰면 x = −1000에서 e¹⁰⁰⁰이 넘쳐(overflow) 경고가 나고, 같은 값을
# eˣ / (1 + eˣ) 로 쓰면 x = 1000에서 inf / inf = NaN이 됩니다. 지수에 항상 0 이하의 수만 들어가도록
# 나누어 계산하세요.
#
# - x ≥ 0: σ(x) = 1 / (1 + e⁻ˣ)
# - x < 0: σ(x) = eˣ / (1 + eˣ)
#
# (`np.where`는 두 식을 모든 원소에 대해 계산하므로, 예를 들어 z = e^(−|x|)를 먼저 구해 두 식에 쓰면
# 안전합니다.) |x|가 1e4까지여도 NaN이나 overflow 경고가 없어야 합니다.
#
# *English:* σ(x) = 1 / (1 + e⁻ˣ) maps every real number into (0, 1), with σ(0) = 0.5.
# **Numerical stability:** written as is, x = −1000 overflows e¹⁰⁰⁰ (a RuntimeWarning), and the
# equal form eˣ / (1 + eˣ) gives inf / inf = NaN at x = 1000. Split the computation so that the
# exponent is never positive: 1 / (1 + e⁻ˣ) for x ≥ 0 and eˣ / (1 + eˣ) for x < 0. (`np.where`
# evaluates both branches for every element, so compute z = e^(−|x|) first and use it in both.)
# There must be no NaN and no overflow warning for |x| up to 1e4.

# %%
def sigmoid(x):
    """수치적으로 안정된 시그모이드 / A numerically stable sigmoid.

    입력 / Inputs:
    - x: 스칼라 또는 임의 모양의 배열 / a scalar or an array of any shape

    반환 / Returns:
    - 1 / (1 + e^-x), x와 같은 모양 / same shape as x
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("sigmoid를 구현하세요 / implement sigmoid")

# %% [check] sigmoid

# %% [markdown]
# ## Q2. 시그모이드의 미분 (The sigmoid's derivative) — `sigmoid_derivative`
#
# σ'(x) = σ(x)(1 − σ(x)) 입니다. 여기서 **x는 활성화 전 값(가중합)** 입니다. x(1 − x)는 x가 이미 σ(x)일
# 때만 맞는 식이니 주의하세요.
#
# σ'(x)의 최댓값은 x = 0에서 **0.25**입니다 (σ(0) = 0.5이므로 0.5 × 0.5). 강의 슬라이드 하나에는 0.3으로
# 적혀 있지만 0.25가 맞습니다. x가 0에서 멀어질수록 σ'(x)는 0에 가까워집니다.
#
# *English:* σ'(x) = σ(x)(1 − σ(x)), where **x is the pre-activation** (the weighted sum). x(1 − x)
# is right only when x is already σ(x). The maximum is **0.25**, at x = 0 (0.5 × 0.5); one lecture
# slide says 0.3, but it is 0.25. Far from 0 the derivative goes to 0.

# %%
def sigmoid_derivative(x):
    """활성화 전 값 x에서의 시그모이드 미분 / The sigmoid's derivative at the pre-activation x.

    입력 / Inputs:
    - x: 스칼라 또는 배열, 활성화 전 값 / a scalar or an array, the pre-activation

    반환 / Returns:
    - σ(x)(1 − σ(x)), x와 같은 모양 / same shape as x
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("sigmoid_derivative를 구현하세요 / implement sigmoid_derivative")

# %% [check] sigmoid_derivative

# %% [markdown]
# ## Q3. tanh의 미분 (The derivative of tanh) — `tanh_derivative`
#
# tanh(x)는 출력이 −1과 1 사이이고 0을 중심으로 대칭입니다. 미분은 tanh'(x) = 1 − tanh(x)² 이고
# 최댓값은 x = 0에서 1로, 시그모이드(0.25)보다 기울기가 덜 줄어듭니다. `np.tanh`를 써도 됩니다.
#
# *English:* tanh(x) lies between −1 and 1 and is centred at 0. Its derivative is
# 1 − tanh(x)², with maximum 1 at x = 0, so gradients shrink less than with the sigmoid (0.25).
# You may use `np.tanh`.

# %%
def tanh_derivative(x):
    """tanh의 미분 1 − tanh(x)² / The derivative of tanh, 1 − tanh(x)².

    입력 / Inputs:
    - x: 스칼라 또는 배열, 활성화 전 값 / a scalar or an array, the pre-activation

    반환 / Returns:
    - 1 − tanh(x)², x와 같은 모양 / same shape as x
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("tanh_derivative를 구현하세요 / implement tanh_derivative")

# %% [check] tanh_derivative

# %% [markdown]
# ## Q4. ReLU — `relu`
#
# ReLU(x) = max(0, x): 양수는 그대로, 음수는 0입니다. 계산이 싸고 양수 쪽 기울기가 1이라 기울기 소실을
# 줄여 주어 깊은 신경망에서 널리 씁니다.
#
# *English:* ReLU(x) = max(0, x): positive values pass unchanged, negative ones become 0. It is cheap
# and its slope on the positive side is 1, which eases vanishing gradients in deep networks.

# %%
def relu(x):
    """ReLU: max(0, x) (원소별 / elementwise).

    입력 / Inputs:
    - x: 스칼라 또는 배열 / a scalar or an array

    반환 / Returns:
    - max(0, x), x와 같은 모양 / same shape as x
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("relu를 구현하세요 / implement relu")

# %% [check] relu

# %% [markdown]
# ## Q5. ReLU의 미분 (The derivative of ReLU) — `relu_derivative`
#
# x > 0이면 1, x < 0이면 0입니다. x = 0에서는 미분이 정의되지 않으므로 하나를 정해야 하는데,
# TensorFlow처럼 **0**을 씁니다. 즉 x > 0인 곳만 1입니다.
#
# *English:* 1 for x > 0 and 0 for x < 0. At x = 0 the derivative is undefined, so a value must be
# chosen; like TensorFlow, use **0**: only x > 0 gives 1.

# %%
def relu_derivative(x):
    """ReLU의 미분: x > 0이면 1, 아니면 0 / ReLU's derivative: 1 where x > 0, else 0.

    입력 / Inputs:
    - x: 스칼라 또는 배열 / a scalar or an array

    반환 / Returns:
    - 0과 1로 된 값, x와 같은 모양 (x = 0에서 0) / 0s and 1s, same shape as x (0 at x = 0)
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("relu_derivative를 구현하세요 / implement relu_derivative")

# %% [check] relu_derivative

# %% [markdown]
# ## Q6. Leaky ReLU — `leaky_relu`
#
# ReLU는 음수 쪽 기울기가 0이라, 가중합이 늘 음수인 뉴런은 다시 학습되지 않습니다 ("죽은 ReLU").
# Leaky ReLU는 음수 쪽에 작은 기울기 α를 둡니다: x > 0이면 x, 아니면 αx. 기본값은 α = 0.01이고,
# 인자로 받은 `alpha`를 써야 합니다. (Keras에서는 이 인자의 이름이 `negative_slope`입니다.)
#
# *English:* ReLU's slope is 0 on the negative side, so a neuron whose sum is always negative stops
# learning ("dying ReLU"). Leaky ReLU keeps a small slope α there: x for x > 0, else αx. The
# default is α = 0.01; use the `alpha` that is passed in. (Keras calls it `negative_slope`.)

# %%
def leaky_relu(x, alpha=0.01):
    """Leaky ReLU: x > 0이면 x, 아니면 alpha * x / x where x > 0, else alpha * x.

    입력 / Inputs:
    - x: 스칼라 또는 배열 / a scalar or an array
    - alpha: x ≤ 0 쪽의 기울기 / the slope for x <= 0

    반환 / Returns:
    - x와 같은 모양 / same shape as x
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("leaky_relu를 구현하세요 / implement leaky_relu")

# %% [check] leaky_relu

# %% [markdown]
# ## Q7. Leaky ReLU의 미분 (The derivative of leaky ReLU) — `leaky_relu_derivative`
#
# x > 0이면 1, 아니면 α입니다 (ReLU와 같이 x = 0은 음수 쪽에 넣어 α).
#
# *English:* 1 for x > 0, else α (as with ReLU, x = 0 goes with the negative side and gives α).

# %%
def leaky_relu_derivative(x, alpha=0.01):
    """Leaky ReLU의 미분: x > 0이면 1, 아니면 alpha / 1 where x > 0, else alpha.

    입력 / Inputs:
    - x: 스칼라 또는 배열 / a scalar or an array
    - alpha: x ≤ 0 쪽의 기울기 / the slope for x <= 0

    반환 / Returns:
    - x와 같은 모양 / same shape as x
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("leaky_relu_derivative를 구현하세요 / implement leaky_relu_derivative")

# %% [check] leaky_relu_derivative

# %% [markdown]
# ## Q8. 소프트맥스 (Softmax) — `softmax`
#
# 다중 분류의 출력층은 점수 x를 확률로 바꿉니다: softmax(x)ₖ = e^(xₖ) / Σⱼ e^(xⱼ).
#
# - 모든 원소에 같은 상수 c를 더해도 결과가 같습니다: e^(xₖ−c) / Σⱼ e^(xⱼ−c) = softmax(x)ₖ.
# - 그래서 **최댓값을 빼고** 지수를 취하면 지수가 모두 0 이하가 되어 x = 1000에서도 넘치지 않습니다.
#   빼지 않으면 e¹⁰⁰⁰ = inf가 되어 inf / inf = NaN이 나옵니다.
# - `axis` 방향으로 합이 1이 되어야 합니다. 2차원 입력 (N, K)에서 기본값 axis=-1은 각 행(샘플 하나)을
#   정규화합니다. `np.max`와 `np.sum`에 `axis=axis, keepdims=True`를 쓰면 됩니다.
#
# *English:* The output layer of a multi-class classifier turns scores x into probabilities,
# softmax(x)ₖ = e^(xₖ) / Σⱼ e^(xⱼ). Adding the same constant c to every element changes nothing,
# so **subtract the maximum** before exponentiating: every exponent is then ≤ 0 and x = 1000 does
# not overflow (without it, e¹⁰⁰⁰ = inf and inf / inf = NaN). The result sums to 1 along `axis`;
# for 2-D input (N, K) the default axis=-1 normalises each row (one sample). Use
# `axis=axis, keepdims=True` in `np.max` and `np.sum`.

# %%
def softmax(x, axis=-1):
    """수치적으로 안정된 소프트맥스 / A numerically stable softmax.

    입력 / Inputs:
    - x: 모양 (K,) 또는 (N, K)의 배열 / array of shape (K,) or (N, K)
    - axis: 합이 1이 되는 축 (기본: 마지막 축) / the axis that sums to 1 (default: the last)

    반환 / Returns:
    - x와 같은 모양의 확률 / probabilities of the same shape as x
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("softmax를 구현하세요 / implement softmax")

# %% [check] softmax

# %% [markdown]
# ## Q9. 평균 제곱 오차 (Mean squared error) — `mse`
#
# MSE = (1/n) Σ (y_pred − y_true)², 모든 원소에 대한 평균입니다 (회귀에서 주로 씁니다).
# 강의의 오차 E = ½ Σ (y − t)²와 달리 ½이 없고, 합이 아니라 평균입니다.
#
# *English:* MSE = (1/n) Σ (y_pred − y_true)², the mean over all elements (mostly used for
# regression). Unlike the lecture's error E = ½ Σ (y − t)², there is no ½, and it is a mean, not a sum.

# %%
def mse(y_pred, y_true):
    """평균 제곱 오차 / Mean squared error.

    입력 / Inputs:
    - y_pred, y_true: 같은 모양의 배열 / arrays of the same shape

    반환 / Returns:
    - float: 모든 원소에 대한 (y_pred − y_true)²의 평균 / the mean of (y_pred − y_true)² over all elements
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("mse를 구현하세요 / implement mse")

# %% [check] mse

# %% [markdown]
# ## Q10. 교차 엔트로피 (Cross-entropy) — `cross_entropy`
#
# 분류의 손실: 예측 확률 p와 원-핫 정답 t에 대해 −Σₖ tₖ log pₖ.
#
# - **잘라내기(clipping):** p가 정확히 0이면 log(0) = −inf입니다. 먼저 p를 [eps, 1 − eps]로 자르세요
#   (`np.clip(p, eps, 1 - eps)`, 기본 eps = 1e-7, Keras와 같음).
# - **배치 평균:** p, t가 (N, K)이면 행마다 손실을 구해 N개 행에 대해 **평균**합니다. (K,) 한 행이면 그
#   행의 손실입니다. 같은 행을 여러 번 넣어도 손실이 변하지 않아야 합니다.
#
# *English:* The classification loss for predicted probabilities p and one-hot targets t is
# −Σₖ tₖ log pₖ. **Clipping:** if p is exactly 0, log(0) = −inf, so clip p to [eps, 1 − eps] first
# (`np.clip(p, eps, 1 - eps)`, default eps = 1e-7, as in Keras). **Batch mean:** for (N, K) input
# compute each row's loss and **average** over the N rows; a single (K,) row gives its own loss.
# Repeating a row must not change the loss.

# %%
def cross_entropy(p, t, eps=1e-7):
    """잘라내기를 한 교차 엔트로피 / Cross-entropy with clipping.

    입력 / Inputs:
    - p: 예측 확률, 모양 (N, K) 또는 (K,) / predicted probabilities, shape (N, K) or (K,)
    - t: 원-핫 정답, p와 같은 모양 / one-hot targets, same shape as p
    - eps: p를 [eps, 1 − eps]로 자르는 값 / clip p to [eps, 1 − eps]

    반환 / Returns:
    - float: 한 행의 손실, 또는 행들의 평균 손실 / the row's loss, or the mean loss over the rows
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("cross_entropy를 구현하세요 / implement cross_entropy")

# %% [check] cross_entropy

# %% [markdown]
# ## Q11. 기울기 소실 (Vanishing gradients) — `vanishing_factor`
#
# 역전파에서는 층을 하나 지날 때마다 기울기에 그 층 활성화 함수의 미분이 곱해집니다. 시그모이드의
# 미분은 많아야 0.25이므로, 시그모이드 n개를 지나면 기울기는 많아야 0.25ⁿ배가 됩니다.
#
# | 층 수 n | 0.25ⁿ |
# |---|---|
# | 1 | 0.25 |
# | 5 | 약 0.001 (≈ 9.8e-4) |
# | 10 | 약 0.000001 (≈ 9.5e-7) |
#
# 층이 10개만 되어도 앞쪽 층에 도달하는 기울기는 백만분의 일 정도로 줄어 학습이 거의 일어나지 않습니다.
# 이것이 기울기 소실이고, 은닉층에 ReLU를 쓰는 이유입니다. `vanishing_factor(n_layers, x)`는 모든 층의
# 가중합이 x일 때 σ'(x)를 n_layers번 곱한 값을 반환합니다 (x = 0이면 0.25ⁿ).
#
# *English:* In backpropagation every layer multiplies the gradient by the derivative of its
# activation. The sigmoid's derivative is at most 0.25, so after n sigmoids the gradient is at most
# 0.25ⁿ times as large (table above): with only 10 layers the gradient reaching the first layers
# is about a millionth, and they barely learn. This is the vanishing gradient problem, and the
# reason hidden layers use ReLU. `vanishing_factor(n_layers, x)` returns σ'(x) multiplied
# n_layers times, as if every layer's sum were x (0.25ⁿ at x = 0).

# %%
def vanishing_factor(n_layers, x=0.0):
    """시그모이드 n_layers개를 지난 기울기의 배율 / How much a gradient shrinks through n_layers sigmoids.

    입력 / Inputs:
    - n_layers: 층 수 (0 이상의 정수) / the number of layers (an int >= 0)
    - x: 모든 층의 활성화 전 값 / the pre-activation at every layer

    반환 / Returns:
    - float: sigmoid_derivative(x)를 n_layers번 곱한 값 / sigmoid_derivative(x) multiplied n_layers times
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("vanishing_factor를 구현하세요 / implement vanishing_factor")

# %% [check] vanishing_factor

# %% [markdown]
# ## 그려 보기 (선택) / Plot them (optional)
#
# 아래 셀은 활성화 함수와 그 미분을 그립니다. 시그모이드의 미분이 0.25를 넘지 않는 것과 ReLU의 미분이
# 양수 쪽에서 1인 것을 비교해 보세요. 채점 때는 실행되지 않습니다.
#
# *English:* The cell below plots the activations and their derivatives. Compare the sigmoid's
# derivative, never above 0.25, with ReLU's, which is 1 for positive inputs. Grading does not run it.

# %% [skip]
import matplotlib.pyplot as plt

xs = np.linspace(-6, 6, 601)
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
for name, f in [("sigmoid", sigmoid), ("tanh", np.tanh), ("relu", relu), ("leaky_relu (α=0.1)", lambda v: leaky_relu(v, 0.1))]:
    ax1.plot(xs, f(xs), label=name)
for name, f in [("sigmoid'", sigmoid_derivative), ("tanh'", tanh_derivative), ("relu'", relu_derivative)]:
    ax2.plot(xs, f(xs), label=name)
ax2.axhline(0.25, color="gray", linestyle=":", label="0.25")
ax1.set_title("활성화 함수 / activations"), ax2.set_title("미분 / derivatives")
ax1.legend(), ax2.legend()
plt.show()
print([f"{vanishing_factor(n):.1e}" for n in (1, 2, 5, 10)])
