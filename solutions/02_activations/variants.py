"""Known-wrong versions of the 02_activations functions (misconceptions), for diagnosis.

Each function is a complete wrong implementation as a student might write it. Several
variants may replace the same function, so each has its own Python name; ``replaces`` says
which function of the contract it stands for.
"""

import numpy as np

from autograder.checks import load_reference
from autograder.diagnosis import misconception

_ref = load_reference(__file__)
sigmoid = _ref.sigmoid


@misconception(
    "sigmoid_exp_ratio_overflow", replaces="sigmoid",
    ko="e^x / (1 + e^x) 꼴은 x가 크면 inf / inf가 되어 NaN이 나옵니다 (x = 1e4). x ≥ 0에서는 1 / (1 + e^-x)를, x < 0에서는 e^x / (1 + e^x)를 쓰는 식으로 지수가 커지지 않게 하세요.",
    en="The form e^x / (1 + e^x) becomes inf / inf, i.e. NaN, for large x (x = 1e4). Use 1 / (1 + e^-x) for x >= 0 and e^x / (1 + e^x) for x < 0 so the exponent never grows.",
)
def sigmoid_exp_ratio(x):
    return np.exp(x) / (1 + np.exp(x))


@misconception(
    "sigmoid_derivative_of_activation", replaces="sigmoid_derivative",
    ko="x(1 − x)를 계산했습니다. 이 식은 x가 이미 σ(x)일 때만 맞습니다. 여기서 x는 활성화 전 값이므로 s = σ(x)를 먼저 구하고 s(1 − s)를 반환하세요.",
    en="You computed x(1 − x), which holds only when x is already σ(x). Here x is the pre-activation: compute s = σ(x) first and return s(1 − s).",
)
def sigmoid_derivative_x_one_minus_x(x):
    return x * (1 - x)


@misconception(
    "tanh_derivative_of_activation", replaces="tanh_derivative",
    ko="1 − x²를 계산했습니다. x는 활성화 전 값이므로 1 − tanh(x)²이어야 합니다.",
    en="You computed 1 − x². x is the pre-activation, so it must be 1 − tanh(x)².",
)
def tanh_derivative_one_minus_x_squared(x):
    return 1 - x ** 2


@misconception(
    "relu_derivative_one_at_zero", replaces="relu_derivative",
    ko="x = 0에서 1을 반환합니다 (x >= 0). TensorFlow처럼 x > 0인 곳만 1이고 x = 0에서는 0입니다.",
    en="You return 1 at x = 0 (x >= 0). As in TensorFlow, only x > 0 gives 1; x = 0 gives 0.",
)
def relu_derivative_ge(x):
    return np.where(x >= 0, 1.0, 0.0)


@misconception(
    "leaky_relu_ignores_alpha", replaces="leaky_relu",
    ko="alpha 인자를 쓰지 않고 0.01을 고정해서 썼습니다. 음수 쪽 기울기로 전달받은 alpha를 쓰세요.",
    en="You ignore the alpha argument and always use 0.01. Use the alpha that is passed in as the negative slope.",
)
def leaky_relu_fixed_alpha(x, alpha=0.01):
    return np.where(x > 0, x, 0.01 * x)


@misconception(
    "leaky_relu_derivative_zero_slope", replaces="leaky_relu_derivative",
    ko="x ≤ 0에서 0을 반환해 ReLU의 미분과 같아졌습니다. leaky ReLU의 음수 쪽 기울기는 alpha입니다.",
    en="You return 0 for x <= 0, which is ReLU's derivative. Leaky ReLU's slope on the negative side is alpha.",
)
def leaky_relu_derivative_zero(x, alpha=0.01):
    return np.where(x > 0, 1.0, 0.0)


@misconception(
    "softmax_no_max_shift", replaces="softmax",
    ko="지수를 취하기 전에 최댓값을 빼지 않아 x = 1000에서 e^1000 = inf가 되고 NaN이 나옵니다. x − max(x)로 바꿔도 softmax 값은 같습니다.",
    en="You exponentiate without subtracting the maximum, so x = 1000 gives e^1000 = inf and NaN. Softmax is unchanged by x − max(x), so subtract it first.",
)
def softmax_unstable(x, axis=-1):
    e = np.exp(x)
    return e / np.sum(e, axis=axis, keepdims=True)


@misconception(
    "softmax_global_sum", replaces="softmax",
    ko="배열 전체의 합으로 나눴습니다. 2차원 입력에서는 axis 방향(기본은 각 행)으로 합이 1이 되도록 np.sum(..., axis=axis, keepdims=True)로 나누세요.",
    en="You divide by the sum of the whole array. For 2-D input each slice along axis (each row by default) must sum to 1: divide by np.sum(..., axis=axis, keepdims=True).",
)
def softmax_sum_all(x, axis=-1):
    e = np.exp(x - np.max(x))
    return e / np.sum(e)


@misconception(
    "softmax_ignores_axis", replaces="softmax",
    ko="axis 인자를 무시하고 항상 axis=0(열 방향)으로 정규화합니다. 기본값 axis=-1은 각 행의 합을 1로 만듭니다.",
    en="You ignore the axis argument and always normalise along axis 0 (down the columns). The default axis=-1 makes each row sum to 1.",
)
def softmax_axis0(x, axis=-1):
    e = np.exp(x - np.max(x, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


@misconception(
    "mse_sum", replaces="mse",
    ko="제곱 오차를 더하기만 하고 원소 수로 나누지 않았습니다. MSE는 제곱 오차의 평균입니다.",
    en="You sum the squared errors without dividing by the number of elements. MSE is the mean of the squared errors.",
)
def mse_sum_of_squares(y_pred, y_true):
    return np.sum((y_pred - y_true) ** 2)


@misconception(
    "mse_half", replaces="mse",
    ko="평균에 ½을 곱했습니다. 강의의 E = ½Σ(y − t)²는 미분을 깔끔하게 하려는 오차 함수이고, 여기서 mse는 ½ 없이 평균만 냅니다.",
    en="You multiplied the mean by ½. The lecture's E = ½Σ(y − t)² is an error function chosen for a tidy derivative; mse here is just the mean, without ½.",
)
def mse_halved(y_pred, y_true):
    return 0.5 * np.mean((y_pred - y_true) ** 2)


@misconception(
    "cross_entropy_batch_sum", replaces="cross_entropy",
    ko="배치의 손실을 행 수로 나누지 않고 더했습니다. 2차원 입력에서는 행마다의 손실을 평균하세요 (같은 행을 여러 번 넣어도 손실이 그대로여야 합니다).",
    en="You add up the batch's losses instead of averaging them. For 2-D input average the per-row losses (repeating one row must not change the loss).",
)
def cross_entropy_summed(p, t, eps=1e-7):
    p = np.clip(p, eps, 1 - eps)
    return -np.sum(t * np.log(p))


@misconception(
    "cross_entropy_no_clip", replaces="cross_entropy",
    ko="p를 자르지 않아 p = 0에서 log(0) = −inf가 되고 0 × (−inf) = NaN이 나옵니다. np.clip(p, eps, 1 − eps)를 먼저 하세요.",
    en="You do not clip p, so p = 0 gives log(0) = −inf and 0 × (−inf) = NaN. Apply np.clip(p, eps, 1 − eps) first.",
)
def cross_entropy_unclipped(p, t, eps=1e-7):
    if p.ndim == 1:
        return -np.sum(t * np.log(p))
    return -np.sum(t * np.log(p)) / p.shape[0]


@misconception(
    "vanishing_factor_linear", replaces="vanishing_factor",
    ko="층마다 σ'(x)를 곱해야 하는데 n_layers를 곱했습니다. 층 n개를 지나면 σ'(x)ⁿ입니다 (x = 0에서 0.25ⁿ).",
    en="You multiply by n_layers where each layer should multiply by σ'(x). Through n layers the factor is σ'(x)ⁿ (0.25ⁿ at x = 0).",
)
def vanishing_factor_times_n(n_layers, x=0.0):
    s = sigmoid(x)
    return s * (1 - s) * n_layers


@misconception(
    "vanishing_factor_of_sigmoid", replaces="vanishing_factor",
    ko="σ(x)를 거듭제곱했습니다. 기울기가 줄어드는 정도는 시그모이드의 미분 σ(x)(1 − σ(x))의 곱입니다 (x = 0에서 0.25ⁿ, 0.5ⁿ이 아님).",
    en="You raised σ(x) to the power n. The gradient shrinks by the product of the sigmoid's derivative σ(x)(1 − σ(x)) (0.25ⁿ at x = 0, not 0.5ⁿ).",
)
def vanishing_factor_sigmoid_power(n_layers, x=0.0):
    return sigmoid(x) ** n_layers
