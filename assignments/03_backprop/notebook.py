# %% [markdown]
# # 03. 오차 역전파와 델타 규칙 (Backpropagation and the delta rule)
#
# 이번 과제에서는 은닉층이 하나인 시그모이드 신경망의 **오차 역전파(backpropagation)** 를 numpy로 직접 구현하고,
# 그 신경망으로 02강의 숙제였던 **XOR 문제**를 학습시킵니다. 순서는 다음과 같습니다.
#
# 1. 완전 연결(affine) 층의 순전파와 역전파
# 2. 신경망의 순전파와 손실
# 3. 델타 규칙: 출력층과 은닉층의 델타
# 4. 역전파로 모든 기울기 구하기 (수치 미분으로 검증)
# 5. 경사 하강법으로 XOR 학습하기
#
# 각 문제 아래의 확인 셀(`check(...)`)은 공개 테스트를 여러분의 커널에서 바로 실행합니다.
# 채점 때에는 여기 없는 숨은 테스트(무작위 크기의 신경망, 여러 시드)도 함께 실행됩니다.
# 입력 배열은 절대 제자리에서 바꾸지 말고 새 배열을 반환하세요.
#
# *English:* In this assignment you implement **backpropagation** for a sigmoid network with one
# hidden layer in numpy, and use it to learn the **XOR problem** from lecture 02. The steps:
# (1) forward and backward of a fully connected (affine) layer, (2) the network's forward pass
# and loss, (3) the delta rule for the output and hidden layers, (4) all gradients by
# backpropagation, verified against numerical derivatives, (5) learning XOR by gradient descent.
# The check cell under each question (`check(...)`) runs the public tests in your own kernel;
# grading also runs hidden tests (random network sizes, several seeds). Never modify an input
# array in place: return new arrays.

# %%
import numpy as np

# %% [markdown]
# ## 신경망과 기호 (The network and notation)
#
# 배치 하나에 N개의 샘플이 있고 입력이 d개, 은닉 유닛이 h개, 출력이 k개입니다.
#
# $$H = \sigma(X W_1 + b_1), \qquad Y = \sigma(H W_2 + b_2), \qquad E = \tfrac12 \sum (Y - T)^2$$
#
# | 이름 (name) | 모양 (shape) | 뜻 |
# |---|---|---|
# | `X` | (N, d) | 입력 / inputs |
# | `W1`, `b1` | (d, h), (h,) | 은닉층 가중치와 편향 / hidden weights and biases |
# | `H` | (N, h) | 은닉층 활성값 / hidden activations |
# | `W2`, `b2` | (h, k), (k,) | 출력층 가중치와 편향 / output weights and biases |
# | `Y`, `T` | (N, k) | 출력과 목표값 / outputs and targets |
#
# 손실 E는 평균이 아니라 **모든 샘플과 출력에 대한 합의 절반**입니다. `params`는 키 `"W1"`, `"b1"`, `"W2"`, `"b2"`를
# 가진 dict입니다. 시그모이드 σ는 02 과제에서 만든 것과 같은 함수를 아래에 준비해 두었습니다.
#
# *English:* A batch has N samples with d inputs, h hidden units and k outputs. The loss E is
# **half the sum over all samples and outputs**, not a mean. `params` is a dict with the keys
# `"W1"`, `"b1"`, `"W2"`, `"b2"`. The sigmoid σ, the same function as in assignment 02, is given below.

# %%
def sigmoid(z):
    """시그모이드 1/(1+e^-z) (주어진 함수) / the logistic sigmoid 1/(1+e^-z) (given)."""
    with np.errstate(over="ignore"):  # z < -709이면 e^-z = inf, 결과는 정확히 0 / e^-z = inf gives exactly 0
        return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


# %% [markdown]
# ## Q1. 완전 연결 층의 순전파와 역전파 (`affine_forward`, `affine_backward`)
#
# 완전 연결 층은 $Y = XW + b$ 입니다. 역전파에서는 위층에서 내려온 기울기 $dY = \partial E/\partial Y$ (모양 (N, m))를
# 받아 **연쇄 법칙(chain rule)** 으로 입력, 가중치, 편향의 기울기를 구합니다.
#
# $$dX = dY\,W^\top \;(N, d), \qquad dW = X^\top dY \;(d, m), \qquad db = \sum_{n} dY_{n} \;(m,)$$
#
# 외우기보다 **모양을 맞춰 보세요**: dW는 W와 같은 (d, m)이어야 하니 (d, N)·(N, m) = Xᵀ dY 뿐입니다.
# 편향은 모든 샘플에 똑같이 더해지므로 그 기울기는 배치(0번 축)에 대한 **합**입니다.
#
# *English:* A fully connected layer computes $Y = XW + b$. Backward receives the upstream gradient
# $dY = \partial E/\partial Y$ of shape (N, m) and applies the **chain rule** to get the gradients
# of the input, the weights and the bias: dX = dY Wᵀ (N, d), dW = Xᵀ dY (d, m), db = Σ dY over
# axis 0 (m,). **Match the shapes** rather than memorising: dW has W's shape (d, m), and only
# (d, N)·(N, m) = Xᵀ dY gives it. The bias is added to every sample, so its gradient is the **sum**
# over the batch.

# %%
def affine_forward(X, W, b):
    """완전 연결 층의 순전파 / Forward pass of an affine layer.

    입력 / Inputs:
    - X: (N, d) 배열 / array
    - W: (d, m) 배열 / array
    - b: (m,) 배열 / array

    반환 / Returns:
    - out: (N, m) 배열, X @ W + b / array, X @ W + b
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("affine_forward를 구현하세요 / implement affine_forward")


def affine_backward(dY, X, W):
    """완전 연결 층 Y = X @ W + b의 역전파 / Backward pass of the affine layer Y = X @ W + b.

    입력 / Inputs:
    - dY: (N, m) 위에서 내려온 기울기 dE/dY / upstream gradient dE/dY
    - X: (N, d) 순전파 때의 입력 / the layer's input in the forward pass
    - W: (d, m) 가중치 / weights

    반환 / Returns: (dX, dW, db)
    - dX: (N, d) = dY Wᵀ
    - dW: (d, m) = Xᵀ dY
    - db: (m,)   = 0번 축에 대한 dY의 합 / dY summed over axis 0
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("affine_backward를 구현하세요 / implement affine_backward")


# %% [check] affine

# %% [markdown]
# ## Q2. 순전파와 손실 (`forward`, `loss`)
#
# 순전파는 층마다 가중합 $z$를 구하고 시그모이드를 통과시키는 일을 반복합니다: $H = \sigma(XW_1 + b_1)$,
# $Y = \sigma(HW_2 + b_2)$. 역전파에서 H와 Y가 다시 필요하므로 `forward`는 `(H, Y)`를 함께 반환합니다.
# 손실은 $E = \tfrac12 \sum (Y - T)^2$ 이고 float 하나를 반환합니다. ½은 미분했을 때 $(Y - T)$만 남기기 위한 것입니다.
#
# *English:* The forward pass repeats "weighted sum z, then sigmoid" per layer:
# H = σ(X W1 + b1), Y = σ(H W2 + b2). Backpropagation needs H and Y again, so `forward` returns
# `(H, Y)`. The loss is E = ½ Σ (Y − T)², returned as one float; the ½ makes its derivative
# simply (Y − T).

# %%
def forward(X, params):
    """2층 시그모이드 신경망의 순전파 / Forward pass of the two-layer sigmoid network.

    입력 / Inputs:
    - X: (N, d) 배열 / array
    - params: dict, "W1" (d, h), "b1" (h,), "W2" (h, k), "b2" (k,)

    반환 / Returns: (H, Y)
    - H: (N, h) 은닉층 활성값 σ(X W1 + b1) / hidden activations
    - Y: (N, k) 출력 σ(H W2 + b2) / outputs
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("forward를 구현하세요 / implement forward")


def loss(Y, T):
    """제곱 오차 손실 E = ½ Σ (Y − T)² (샘플과 출력 전체의 합) / squared-error loss, summed over samples and outputs.

    입력 / Inputs:
    - Y: (N, k) 출력 / outputs
    - T: (N, k) 목표값 / targets

    반환 / Returns:
    - E: float
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("loss를 구현하세요 / implement loss")


# %% [check] forward_loss

# %% [markdown]
# ## Q3. 델타 규칙 (`output_delta`, `hidden_delta`)
#
# **델타(δ)** 는 손실을 어떤 층의 가중합 $z$로 미분한 값 $\delta = \partial E/\partial z$ 입니다. 연쇄 법칙으로
# $\partial E/\partial z = \partial E/\partial y \cdot \partial y/\partial z$ 이고, 시그모이드의 미분은
# 출력으로 쓰면 $\sigma'(z) = y(1 - y)$ 입니다. 그래서
#
# $$\delta_{out} = (Y - T)\cdot Y(1 - Y) \qquad (N, k)$$
#
# 은닉층의 델타는 출력층의 델타를 **가중치를 거꾸로 타고** 모은 다음 자신의 시그모이드 미분을 곱합니다.
#
# $$\delta_{hidden} = (\delta_{out} W_2^\top)\cdot H(1 - H) \qquad (N, k)\cdot(k, h) \to (N, h)$$
#
# 델타만 있으면 가중치의 기울기는 "델타 × 그 가중치로 들어온 입력"입니다 (델타 규칙): $\partial E/\partial W_2 = H^\top \delta_{out}$,
# $\partial E/\partial W_1 = X^\top \delta_{hidden}$. Q1의 `affine_backward`가 바로 이 계산입니다.
# 주의: $y(1-y)$의 $y$는 시그모이드를 **통과한 값**(H, Y)이지 가중합 z가 아닙니다.
#
# *English:* A **delta** is the derivative of the loss with respect to a layer's weighted sum,
# δ = ∂E/∂z. By the chain rule ∂E/∂z = ∂E/∂y · ∂y/∂z, and the sigmoid's derivative written with
# its output is σ'(z) = y(1 − y). Hence δ_out = (Y − T)·Y(1 − Y), shape (N, k). The hidden delta
# collects the output deltas **backwards through the weights** and multiplies by its own sigmoid
# derivative: δ_hidden = (δ_out W2ᵀ)·H(1 − H), (N, k)·(k, h) → (N, h). With the deltas, a weight's
# gradient is "delta times the input that came through that weight" (the delta rule):
# ∂E/∂W2 = Hᵀ δ_out, ∂E/∂W1 = Xᵀ δ_hidden, which is exactly `affine_backward` from Q1.
# Careful: the y in y(1 − y) is the sigmoid's **output** (H, Y), not the weighted sum z.

# %%
def output_delta(Y, T):
    """출력층의 델타 / Delta of the output layer: (Y − T)·Y(1 − Y).

    입력 / Inputs:
    - Y: (N, k) 출력 (시그모이드를 통과한 값) / outputs (sigmoid activations)
    - T: (N, k) 목표값 / targets

    반환 / Returns:
    - delta_out: (N, k)
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("output_delta를 구현하세요 / implement output_delta")


def hidden_delta(delta_out, W2, H):
    """은닉층의 델타 / Delta of the hidden layer: (delta_out @ W2.T)·H(1 − H).

    입력 / Inputs:
    - delta_out: (N, k) 출력층의 델타 / delta of the output layer
    - W2: (h, k) 은닉층→출력층 가중치 / hidden-to-output weights
    - H: (N, h) 은닉층 활성값 / hidden activations

    반환 / Returns:
    - delta_hidden: (N, h)
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("hidden_delta를 구현하세요 / implement hidden_delta")


# %% [check] deltas

# %% [markdown]
# ## Q4. 오차 역전파 (`backprop`)
#
# 지금까지 만든 조각을 이어 붙여 네 매개변수의 기울기를 모두 구합니다: 순전파로 H, Y를 구하고, δ_out과 δ_hidden을
# 계산한 뒤, 각 층에 `affine_backward`를 적용합니다. 반환값은 `params`와 **같은 키와 같은 모양**의 dict입니다.
# 손실이 합이므로 기울기도 배치에 대한 합입니다 (N으로 나누지 마세요). 부호에 주의하세요: `backprop`은
# $\partial E/\partial p$ 자체를 반환하고, 빼는 것은 Q5의 학습 단계에서 합니다.
#
# **기울기 확인(gradient checking).** 해석적 기울기가 맞는지는 수치 미분과 비교해 확인합니다. 매개변수 하나를
# $\pm h$ 만큼 움직여 **중앙 차분** $\dfrac{E(p + h) - E(p - h)}{2h}$ ($h = 10^{-5}$)을 구하고,
# 상대 오차 $\dfrac{|a - n|}{\max(10^{-8}, |a| + |n|)}$ 가 $10^{-6}$ 보다 작으면 통과입니다.
# 채점에서는 XOR뿐 아니라 여러 크기의 무작위 신경망에서 이 검사를 합니다.
#
# *English:* Put the pieces together to get the gradients of all four parameters: the forward pass
# gives H and Y, then compute δ_out and δ_hidden and apply `affine_backward` to each layer. Return a
# dict with **the same keys and shapes** as `params`. The loss is a sum, so the gradients are sums
# over the batch (do not divide by N). Mind the sign: `backprop` returns ∂E/∂p itself; the
# subtraction belongs to the training step in Q5.
# **Gradient checking.** Compare the analytic gradient with a numerical one: move one parameter by
# ±h and take the **centred difference** (E(p + h) − E(p − h)) / 2h with h = 1e-5; the relative
# error |a − n| / max(1e-8, |a| + |n|) must be below 1e-6. Grading runs this check on random
# networks of several sizes, not only on XOR.

# %%
def backprop(X, T, params):
    """E = ½ Σ (Y − T)²의 정확한 기울기 / The exact gradient of E = ½ Σ (Y − T)².

    입력 / Inputs:
    - X: (N, d) 입력 / inputs
    - T: (N, k) 목표값 / targets
    - params: dict, "W1" (d, h), "b1" (h,), "W2" (h, k), "b2" (k,)

    반환 / Returns:
    - grads: params와 같은 키와 모양의 dict (dE/dW1, dE/db1, dE/dW2, dE/db2)
             / dict with the same keys and shapes as params
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("backprop을 구현하세요 / implement backprop")


# %% [check] backprop

# %% [markdown]
# ## Q5. XOR 학습하기 (`train_xor`)
#
# 이제 XOR의 진리표 네 점 X = (0,0), (0,1), (1,0), (1,1), T = 0, 1, 1, 0 (T의 모양은 (4, 1))으로 2-h-1 신경망을
# **전체 배치 경사 하강법**으로 학습합니다. 매 epoch마다
#
# 1. 현재 매개변수로 손실 E를 계산해 `losses`에 추가하고,
# 2. `backprop`으로 기울기를 구해 모든 매개변수를 $p \leftarrow p - \eta\,\partial E/\partial p$ 로 갱신합니다 (η = `lr`).
#
# **초기화:** `rng = np.random.default_rng(seed)`를 만들고 W1 (2, hidden), 그다음 W2 (hidden, 1)를
# `rng.normal(0, 1, shape)`로 뽑고, b1과 b2는 0으로 두기를 권합니다. 가중치를 모두 0으로 두면 은닉 유닛들이 늘
# 똑같이 갱신되어(대칭) XOR을 풀 수 없고, 너무 작게(예: 표준편차 0.1) 두면 10000 epoch 안에 못 푸는 시드가 많습니다.
# 기본값(hidden=4, lr=0.5, epochs=10000)으로 대부분의 시드에서 예측 (Y > 0.5)이 [0, 1, 1, 0]이 되어야 합니다.
# 채점은 여러 시드로 학습해 과반수가 XOR을 푸는지 봅니다.
#
# *English:* Train the 2-h-1 network on the four XOR points X = (0,0), (0,1), (1,0), (1,1),
# T = 0, 1, 1, 0 (T of shape (4, 1)) by **full-batch gradient descent**. Each epoch:
# (1) compute the loss E with the current parameters and append it to `losses`; (2) get the
# gradients with `backprop` and update every parameter, p ← p − η ∂E/∂p (η = `lr`).
# **Initialisation:** we recommend `rng = np.random.default_rng(seed)`, then W1 (2, hidden) and
# then W2 (hidden, 1) drawn with `rng.normal(0, 1, shape)`, and zero biases. All-zero weights make
# every hidden unit receive the same update (symmetry), so XOR is never solved; tiny weights (e.g.
# standard deviation 0.1) leave many seeds unsolved after 10000 epochs. With the defaults
# (hidden=4, lr=0.5, epochs=10000) the predictions (Y > 0.5) should be [0, 1, 1, 0] for most
# seeds; grading trains with several seeds and needs a majority to solve XOR.

# %%
def train_xor(hidden=4, lr=0.5, epochs=10000, seed=0):
    """XOR을 전체 배치 경사 하강법으로 학습 / Learn XOR by full-batch gradient descent.

    입력 / Inputs:
    - hidden: 은닉 유닛 수 / number of hidden units
    - lr: 학습률 / learning rate
    - epochs: 경사 하강 단계 수 / number of gradient steps
    - seed: 초기 가중치를 뽑을 np.random.default_rng의 시드 / seed of np.random.default_rng for the initial weights

    반환 / Returns: (params, losses)
    - params: 학습된 dict, "W1" (2, hidden), "b1" (hidden,), "W2" (hidden, 1), "b2" (1,)
              / the trained dict
    - losses: epoch마다 하나씩, 길이 epochs인 float 리스트 (갱신 전 손실)
              / list of `epochs` floats, one per epoch (the loss before that epoch's update)
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("train_xor를 구현하세요 / implement train_xor")


# %% [check] train_xor

# %% [markdown]
# ## 마무리 (Wrapping up)
#
# 여러분이 만든 것은 TensorFlow/Keras가 `fit`을 부를 때마다 자동으로 해 주는 일(자동 미분과 경사 하강)의 가장
# 작은 형태입니다. 학습이 끝난 뒤 `forward(X, params)[1]`을 출력해 네 점의 예측을 확인하고, `losses`를 그려
# 손실이 어떻게 줄어드는지 살펴보세요.
#
# *English:* What you built is the smallest form of what TensorFlow/Keras does at every `fit`
# (automatic differentiation and gradient descent). After training, print `forward(X, params)[1]`
# to see the four predictions, and plot `losses` to see how the loss falls.
