"""Known-wrong versions of the 03_backprop functions, with the mistake explained in Korean and English.

Each variant is a complete function as a student would write it, using only numpy. It is named by
its id (several variants replace the same function, so they cannot share its name); `replaces=`
says which function of the contract it stands in for.
"""

import numpy as np

from autograder.diagnosis import misconception


# --- affine ------------------------------------------------------------------------------------

@misconception(
    "affine_backward_db_mean", replaces="affine_backward",
    ko="db를 배치에 대해 평균 냈습니다. 손실이 샘플별 손실의 합이므로 db = Σ dY (0번 축에 대한 합)입니다.",
    en="Your db averages dY over the batch. The loss is a sum over samples, so db = Σ dY (the sum over axis 0).",
)
def affine_backward_db_mean(dY, X, W):
    dX = dY @ W.T
    dW = X.T @ dY
    db = np.mean(dY, axis=0)
    return dX, dW, db


@misconception(
    "affine_backward_db_not_summed", replaces="affine_backward",
    ko="db로 dY를 그대로 돌려줬습니다. 편향은 모든 샘플에 더해지므로 기울기를 배치(0번 축)에 대해 더해야 해서 모양이 (m,)이 됩니다.",
    en="Your db is dY itself. The bias is added to every sample, so its gradient sums dY over the batch (axis 0), giving shape (m,).",
)
def affine_backward_db_not_summed(dY, X, W):
    return dY @ W.T, X.T @ dY, dY.copy()


@misconception(
    "affine_backward_dw_transposed", replaces="affine_backward",
    ko="dW를 dYᵀ X로 계산해 전치된 (m, d) 행렬이 나왔습니다. dW는 W와 같은 모양 (d, m)이어야 하므로 Xᵀ dY입니다.",
    en="You computed dW as dYᵀ X, the transposed (m, d) matrix. dW must have W's shape (d, m): it is Xᵀ dY.",
)
def affine_backward_dw_transposed(dY, X, W):
    return dY @ W.T, dY.T @ X, dY.sum(axis=0)


@misconception(
    "affine_backward_dx_untransposed", replaces="affine_backward",
    ko="dX를 dY W로 계산했습니다 (W를 전치하지 않음). 순전파가 X W이므로 dX = dY Wᵀ이고 모양은 X와 같은 (N, d)입니다.",
    en="You computed dX as dY W, without transposing W. The forward pass is X W, so dX = dY Wᵀ, with X's shape (N, d).",
)
def affine_backward_dx_untransposed(dY, X, W):
    return dY @ W, X.T @ dY, dY.sum(axis=0)


# --- forward and loss --------------------------------------------------------------------------

@misconception(
    "loss_mean_instead_of_half_sum", replaces="loss",
    ko="손실을 평균 제곱 오차(mean)로 계산했습니다. 이 과제의 손실은 샘플과 출력 전체에 대한 합의 절반 E = ½ Σ (Y − T)²입니다.",
    en="You computed the mean squared error. This assignment's loss is half the sum over samples and outputs: E = ½ Σ (Y − T)².",
)
def loss_mean_instead_of_half_sum(Y, T):
    return float(np.mean((Y - T) ** 2))


@misconception(
    "loss_missing_half", replaces="loss",
    ko="손실에서 ½이 빠졌습니다. E = ½ Σ (Y − T)²로 정의해야 미분했을 때 (Y − T)가 깔끔하게 나옵니다.",
    en="Your loss lacks the ½. With E = ½ Σ (Y − T)² the derivative is simply (Y − T).",
)
def loss_missing_half(Y, T):
    return float(np.sum((Y - T) ** 2))


@misconception(
    "forward_no_output_sigmoid", replaces="forward",
    ko="출력층에 시그모이드를 적용하지 않았습니다. Y = σ(H W2 + b2)입니다.",
    en="Your output layer skips the sigmoid. Y = σ(H W2 + b2).",
)
def forward_no_output_sigmoid(X, params):
    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    H = sigmoid(X @ params["W1"] + params["b1"])
    Y = H @ params["W2"] + params["b2"]
    return H, Y


# --- deltas ------------------------------------------------------------------------------------

@misconception(
    "output_delta_no_sigmoid_derivative", replaces="output_delta",
    ko="출력 델타에 시그모이드의 미분 Y(1 − Y)를 곱하지 않았습니다. 델타는 가중합 z에 대한 기울기이므로 δ_out = (Y − T)·Y(1 − Y)입니다.",
    en="Your output delta lacks the sigmoid's derivative Y(1 − Y). The delta is the gradient with respect to the weighted sum z: δ_out = (Y − T)·Y(1 − Y).",
)
def output_delta_no_sigmoid_derivative(Y, T):
    return Y - T


@misconception(
    "output_delta_target_minus_output", replaces="output_delta",
    ko="부호가 반대입니다: (T − Y)를 썼습니다. E = ½ Σ (Y − T)²를 Y로 미분하면 (Y − T)이므로 δ_out = (Y − T)·Y(1 − Y)입니다.",
    en="The sign is flipped: you used (T − Y). The derivative of E = ½ Σ (Y − T)² with respect to Y is (Y − T), so δ_out = (Y − T)·Y(1 − Y).",
)
def output_delta_target_minus_output(Y, T):
    return (T - Y) * Y * (1 - Y)


@misconception(
    "hidden_delta_w2_untransposed", replaces="hidden_delta",
    ko="은닉 델타에서 W2를 전치하지 않았습니다. 델타는 출력층에서 은닉층으로 거꾸로 전달되므로 δ_hidden = (δ_out W2ᵀ)·H(1 − H)입니다 (W2가 정사각이 아니면 모양이 맞지 않아 오류가 납니다).",
    en="Your hidden delta uses W2 without transposing it. The delta flows back from the outputs to the hidden units: δ_hidden = (δ_out W2ᵀ)·H(1 − H) (with a non-square W2 the shapes do not even match).",
)
def hidden_delta_w2_untransposed(delta_out, W2, H):
    return (delta_out @ W2) * H * (1 - H)


@misconception(
    "hidden_delta_no_sigmoid_derivative", replaces="hidden_delta",
    ko="은닉 델타에 시그모이드의 미분 H(1 − H)를 곱하지 않았습니다: δ_hidden = (δ_out W2ᵀ)·H(1 − H)입니다.",
    en="Your hidden delta lacks the sigmoid's derivative H(1 − H): δ_hidden = (δ_out W2ᵀ)·H(1 − H).",
)
def hidden_delta_no_sigmoid_derivative(delta_out, W2, H):
    return delta_out @ W2.T


# --- backprop ----------------------------------------------------------------------------------

@misconception(
    "backprop_sign_error", replaces="backprop",
    ko="기울기의 부호가 반대입니다. backprop은 ∂E/∂p 자체를 돌려주고, 빼는 것(p − lr·grad)은 학습 단계에서 합니다.",
    en="Your gradients have the wrong sign. backprop returns ∂E/∂p itself; the subtraction (p − lr·grad) belongs to the training step.",
)
def backprop_sign_error(X, T, params):
    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    H = sigmoid(X @ params["W1"] + params["b1"])
    Y = sigmoid(H @ params["W2"] + params["b2"])
    d_out = (T - Y) * Y * (1 - Y)
    d_hid = (d_out @ params["W2"].T) * H * (1 - H)
    return {"W1": X.T @ d_hid, "b1": d_hid.sum(axis=0), "W2": H.T @ d_out, "b2": d_out.sum(axis=0)}


@misconception(
    "backprop_averaged_over_batch", replaces="backprop",
    ko="기울기를 배치 크기 N으로 나눴습니다. 이 과제의 손실 E = ½ Σ (Y − T)²는 평균이 아니라 합이므로 기울기도 합입니다.",
    en="You divided the gradients by the batch size N. This assignment's loss E = ½ Σ (Y − T)² is a sum, not a mean, so the gradients are sums too.",
)
def backprop_averaged_over_batch(X, T, params):
    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    n = X.shape[0]
    H = sigmoid(X @ params["W1"] + params["b1"])
    Y = sigmoid(H @ params["W2"] + params["b2"])
    d_out = (Y - T) * Y * (1 - Y)
    d_hid = (d_out @ params["W2"].T) * H * (1 - H)
    return {"W1": X.T @ d_hid / n, "b1": d_hid.mean(axis=0), "W2": H.T @ d_out / n, "b2": d_out.mean(axis=0)}


@misconception(
    "backprop_db_not_summed", replaces="backprop",
    ko="편향의 기울기를 배치에 대해 더하지 않고 델타를 그대로 돌려줬습니다. db = Σ δ (0번 축에 대한 합)이고 모양은 b와 같습니다.",
    en="Your bias gradients are the deltas themselves, not summed over the batch. db = Σ δ (the sum over axis 0), with b's shape.",
)
def backprop_db_not_summed(X, T, params):
    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    H = sigmoid(X @ params["W1"] + params["b1"])
    Y = sigmoid(H @ params["W2"] + params["b2"])
    d_out = (Y - T) * Y * (1 - Y)
    d_hid = (d_out @ params["W2"].T) * H * (1 - H)
    return {"W1": X.T @ d_hid, "b1": d_hid, "W2": H.T @ d_out, "b2": d_out}


@misconception(
    "backprop_no_output_sigmoid_derivative", replaces="backprop",
    ko="출력 델타에서 시그모이드의 미분이 빠졌습니다: δ_out = (Y − T)·Y(1 − Y)입니다 ((Y − T)만으로는 교차 엔트로피 손실의 식입니다).",
    en="Your output delta lacks the sigmoid's derivative: δ_out = (Y − T)·Y(1 − Y) ((Y − T) alone belongs to the cross-entropy loss).",
)
def backprop_no_output_sigmoid_derivative(X, T, params):
    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    H = sigmoid(X @ params["W1"] + params["b1"])
    Y = sigmoid(H @ params["W2"] + params["b2"])
    d_out = Y - T
    d_hid = (d_out @ params["W2"].T) * H * (1 - H)
    return {"W1": X.T @ d_hid, "b1": d_hid.sum(axis=0), "W2": H.T @ d_out, "b2": d_out.sum(axis=0)}


@misconception(
    "backprop_sigmoid_derivative_of_activation", replaces="backprop",
    ko="시그모이드 미분을 활성값에 한 번 더 적용했습니다: σ(H)(1 − σ(H)). H와 Y는 이미 σ를 거친 값이므로 미분은 H(1 − H), Y(1 − Y)입니다.",
    en="You applied the sigmoid derivative to the activations, σ(H)(1 − σ(H)), i.e. the sigmoid twice. H and Y are already sigmoid outputs, so the derivatives are H(1 − H) and Y(1 − Y).",
)
def backprop_sigmoid_derivative_of_activation(X, T, params):
    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    H = sigmoid(X @ params["W1"] + params["b1"])
    Y = sigmoid(H @ params["W2"] + params["b2"])
    d_out = (Y - T) * sigmoid(Y) * (1 - sigmoid(Y))
    d_hid = (d_out @ params["W2"].T) * sigmoid(H) * (1 - sigmoid(H))
    return {"W1": X.T @ d_hid, "b1": d_hid.sum(axis=0), "W2": H.T @ d_out, "b2": d_out.sum(axis=0)}


@misconception(
    "backprop_derivative_on_preactivation", replaces="backprop",
    ko="시그모이드 미분 a(1 − a)의 a에 가중합 z를 넣었습니다. 이 식의 a는 시그모이드의 출력(H, Y)이어야 합니다: σ'(z) = σ(z)(1 − σ(z)).",
    en="You used the weighted sums z in a(1 − a). In that formula a is the sigmoid's output (H, Y): σ'(z) = σ(z)(1 − σ(z)).",
)
def backprop_derivative_on_preactivation(X, T, params):
    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    Z1 = X @ params["W1"] + params["b1"]
    H = sigmoid(Z1)
    Z2 = H @ params["W2"] + params["b2"]
    Y = sigmoid(Z2)
    d_out = (Y - T) * Z2 * (1 - Z2)
    d_hid = (d_out @ params["W2"].T) * Z1 * (1 - Z1)
    return {"W1": X.T @ d_hid, "b1": d_hid.sum(axis=0), "W2": H.T @ d_out, "b2": d_out.sum(axis=0)}


@misconception(
    "backprop_hidden_delta_w2_untransposed", replaces="backprop",
    ko="은닉 델타에서 W2를 전치하지 않았습니다: δ_hidden = (δ_out W2ᵀ)·H(1 − H)입니다 (W2가 정사각이 아니면 모양이 맞지 않아 오류가 납니다).",
    en="Your hidden delta uses W2 untransposed: δ_hidden = (δ_out W2ᵀ)·H(1 − H) (with a non-square W2 the shapes do not even match).",
)
def backprop_hidden_delta_w2_untransposed(X, T, params):
    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    H = sigmoid(X @ params["W1"] + params["b1"])
    Y = sigmoid(H @ params["W2"] + params["b2"])
    d_out = (Y - T) * Y * (1 - Y)
    d_hid = (d_out @ params["W2"]) * H * (1 - H)
    return {"W1": X.T @ d_hid, "b1": d_hid.sum(axis=0), "W2": H.T @ d_out, "b2": d_out.sum(axis=0)}


# --- train_xor ---------------------------------------------------------------------------------

@misconception(
    "train_xor_zero_init", replaces="train_xor",
    ko="가중치를 0으로 초기화했습니다. 그러면 은닉 유닛들이 늘 똑같이 갱신되어(대칭) 은닉 유닛 하나와 다를 바 없으므로 XOR을 풀 수 없습니다. rng.normal(0, 1, ...)처럼 무작위로 초기화하세요.",
    en="You initialised the weights to zeros. All hidden units then receive identical updates (symmetry), acting as a single unit, which cannot solve XOR. Draw them at random, e.g. rng.normal(0, 1, ...).",
)
def train_xor_zero_init(hidden=4, lr=0.5, epochs=10000, seed=0):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    T = np.array([[0.0], [1.0], [1.0], [0.0]])
    params = {"W1": np.zeros((2, hidden)), "b1": np.zeros(hidden), "W2": np.zeros((hidden, 1)), "b2": np.zeros(1)}
    losses = []
    for _ in range(epochs):
        H = 1 / (1 + np.exp(-(X @ params["W1"] + params["b1"])))
        Y = 1 / (1 + np.exp(-(H @ params["W2"] + params["b2"])))
        losses.append(0.5 * np.sum((Y - T) ** 2))
        d_out = (Y - T) * Y * (1 - Y)
        d_hid = (d_out @ params["W2"].T) * H * (1 - H)
        grads = {"W1": X.T @ d_hid, "b1": d_hid.sum(axis=0), "W2": H.T @ d_out, "b2": d_out.sum(axis=0)}
        params = {key: params[key] - lr * grads[key] for key in params}
    return params, losses


@misconception(
    "train_xor_gradient_ascent", replaces="train_xor",
    ko="가중치에 기울기를 더했습니다(경사 상승). 손실을 줄이려면 기울기의 반대 방향으로 가야 합니다: p = p − lr·grad.",
    en="You added the gradient to the weights (gradient ascent). To reduce the loss, step against the gradient: p = p − lr·grad.",
)
def train_xor_gradient_ascent(hidden=4, lr=0.5, epochs=10000, seed=0):
    rng = np.random.default_rng(seed)
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    T = np.array([[0.0], [1.0], [1.0], [0.0]])
    params = {"W1": rng.normal(0, 1, (2, hidden)), "b1": np.zeros(hidden),
              "W2": rng.normal(0, 1, (hidden, 1)), "b2": np.zeros(1)}
    losses = []
    for _ in range(epochs):
        H = 1 / (1 + np.exp(-(X @ params["W1"] + params["b1"])))
        Y = 1 / (1 + np.exp(-(H @ params["W2"] + params["b2"])))
        losses.append(0.5 * np.sum((Y - T) ** 2))
        d_out = (Y - T) * Y * (1 - Y)
        d_hid = (d_out @ params["W2"].T) * H * (1 - H)
        grads = {"W1": X.T @ d_hid, "b1": d_hid.sum(axis=0), "W2": H.T @ d_out, "b2": d_out.sum(axis=0)}
        params = {key: params[key] + lr * grads[key] for key in params}
    return params, losses
