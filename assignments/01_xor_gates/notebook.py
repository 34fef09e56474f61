# %% [markdown]
# # 01. 퍼셉트론과 XOR 문제 (Perceptron and the XOR problem)
#
# 이 과제에서는 퍼셉트론 하나로 논리 게이트(NAND, OR, AND)를 만들고, 퍼셉트론 하나로는 왜 XOR을
# 만들 수 없는지 확인한 뒤, 게이트를 두 층으로 쌓아 XOR 문제를 풉니다. 마지막으로 로젠블랫의 학습
# 규칙으로 가중치를 직접 학습하고, Keras로 XOR을 배우는 작은 신경망을 만듭니다.
#
# - 각 문제의 함수 안에 있는 `raise NotImplementedError(...)`를 지우고 코드를 작성하세요.
# - 함수 이름과 인자는 바꾸지 마세요. 채점기가 이 이름으로 함수를 부릅니다.
# - 각 문제 아래의 확인 셀(`check(...)`)은 공개 테스트만 실행합니다. 제출하면 더 많은 숨은 테스트로 채점합니다.
# - 입력 배열을 제자리에서 바꾸지 마세요 (새 배열을 만들어 반환하세요).
#
# *English:* In this assignment you build logic gates (NAND, OR, AND) from a single perceptron,
# see why one perceptron cannot compute XOR, and solve the XOR problem by stacking gates in two
# layers. Then you learn the weights yourself with Rosenblatt's learning rule and build a small
# Keras network that learns XOR.
#
# - Replace the `raise NotImplementedError(...)` in each function with your code.
# - Keep the function names and arguments: the grader calls your functions by these names.
# - The check cell under each question (`check(...)`) runs only the public tests; your submission
#   is graded with more, hidden tests.
# - Never modify an input array in place (build and return new arrays).

# %%
import numpy as np

# %% [markdown]
# ## Q1. 퍼셉트론 하나 (One perceptron) — `perceptron`
#
# 퍼셉트론은 입력 x에 가중치 w를 곱해 더하고 편향 b를 더한 값 y = w₁x₁ + w₂x₂ + … + b 를 계산한 뒤
# 계단 함수로 0 또는 1을 냅니다. 강의의 규칙은 다음과 같습니다.
#
# | 가중합 y | 출력 |
# |---|---|
# | y ≤ 0 | 0 |
# | y > 0 | 1 |
#
# **y가 정확히 0이면 출력은 0**입니다. `>=`가 아니라 `>`로 비교해야 합니다.
#
# *English:* A perceptron multiplies the inputs x by the weights w, adds them up with the bias b,
# y = w₁x₁ + w₂x₂ + … + b, and passes y through a step function. The lecture's rule: y ≤ 0 gives
# 0, y > 0 gives 1. **A sum of exactly 0 gives 0**: compare with `>`, not `>=`.

# %%
def perceptron(x, w, b):
    """퍼셉트론 하나의 출력 / The output of one perceptron.

    입력 / Inputs:
    - x: 모양 (d,)의 배열, 입력 / array of shape (d,), the inputs
    - w: 모양 (d,)의 배열, 가중치 / array of shape (d,), the weights
    - b: 스칼라, 편향 / scalar, the bias

    반환 / Returns:
    - int: sum(w * x) + b > 0 이면 1, 아니면 0 / 1 if sum(w * x) + b > 0, else 0
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("perceptron을 구현하세요 / implement perceptron")

# %% [check] perceptron

# %% [markdown]
# ## Q2. 논리 게이트 (Logic gates) — `NAND`, `OR`, `AND`
#
# 세 게이트는 모두 퍼셉트론 하나이며, 가중치와 편향만 다릅니다 (강의의 값).
#
# | x₁ | x₂ | AND | OR | NAND |
# |---|---|---|---|---|
# | 0 | 0 | 0 | 0 | 1 |
# | 0 | 1 | 0 | 1 | 1 |
# | 1 | 0 | 0 | 1 | 1 |
# | 1 | 1 | 1 | 1 | 0 |
#
# | 게이트 | w | b |
# |---|---|---|
# | NAND | (-2, -2) | 3 |
# | OR | (2, 2) | -1 |
# | AND | (1, 1) | -1 |
#
# AND(1, 0)의 가중합은 1 + 0 − 1 = 0입니다. 위의 규칙(y ≤ 0 → 0) 덕분에 출력이 0이 됩니다.
# Q1의 `perceptron`을 사용하세요.
#
# *English:* All three gates are one perceptron each; only the weights and the bias differ (the
# lecture's values in the table above). AND(1, 0) has the weighted sum 1 + 0 − 1 = 0, and the rule
# y ≤ 0 → 0 makes it 0. Use your `perceptron` from Q1.

# %%
def NAND(x1, x2):
    """NAND 게이트: w = (-2, -2), b = 3 / NAND gate: w = (-2, -2), b = 3.

    입력 / Inputs: x1, x2 — 0 또는 1 / 0 or 1
    반환 / Returns: int (0 또는 1 / 0 or 1)
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("NAND를 구현하세요 / implement NAND")


def OR(x1, x2):
    """OR 게이트: w = (2, 2), b = -1 / OR gate: w = (2, 2), b = -1.

    입력 / Inputs: x1, x2 — 0 또는 1 / 0 or 1
    반환 / Returns: int (0 또는 1 / 0 or 1)
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("OR를 구현하세요 / implement OR")


def AND(x1, x2):
    """AND 게이트: w = (1, 1), b = -1 / AND gate: w = (1, 1), b = -1.

    입력 / Inputs: x1, x2 — 0 또는 1 / 0 or 1
    반환 / Returns: int (0 또는 1 / 0 or 1)
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("AND를 구현하세요 / implement AND")

# %% [check] gates

# %% [markdown]
# ## Q3. XOR 문제 (The XOR problem) — `XOR`
#
# | x₁ | x₂ | XOR |
# |---|---|---|
# | 0 | 0 | 0 |
# | 0 | 1 | 1 |
# | 1 | 0 | 1 |
# | 1 | 1 | 0 |
#
# **직선 하나로는 나눌 수 없습니다.** 퍼셉트론 하나가 XOR을 만든다고 해 봅시다. (0,0) → 0 이면
# b ≤ 0, (1,0) → 1 이면 w₁ + b > 0, (0,1) → 1 이면 w₂ + b > 0 입니다. 뒤의 두 식을 더하면
# w₁ + w₂ + b > −b ≥ 0 이 되어 (1,1)도 1이 됩니다. 모순이므로 퍼셉트론 하나(직선 하나)로는 XOR을 만들
# 수 없습니다.
#
# **해결: 층을 쌓습니다.** NAND와 OR의 출력을 AND에 넣으면 XOR이 됩니다.
#
# XOR(x₁, x₂) = AND(NAND(x₁, x₂), OR(x₁, x₂))
#
# *English:* **One line cannot separate XOR.** Suppose one perceptron computed XOR. (0,0) → 0 needs
# b ≤ 0; (1,0) → 1 needs w₁ + b > 0; (0,1) → 1 needs w₂ + b > 0. Adding the last two gives
# w₁ + w₂ + b > −b ≥ 0, so (1,1) would give 1 as well: a contradiction. **The fix is to stack
# layers**: feed NAND and OR into AND, XOR(x₁, x₂) = AND(NAND(x₁, x₂), OR(x₁, x₂)).

# %%
def XOR(x1, x2):
    """XOR = AND(NAND(x1, x2), OR(x1, x2)) / XOR from two layers of gates.

    입력 / Inputs: x1, x2 — 0 또는 1 / 0 or 1
    반환 / Returns: int, 입력 중 정확히 하나가 1이면 1 / 1 when exactly one input is 1
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("XOR을 구현하세요 / implement XOR")

# %% [check] XOR

# %% [markdown]
# ## Q4. 2-2-1 다층 퍼셉트론 (The 2-2-1 multilayer perceptron) — `mlp_forward`
#
# Q3의 구조를 행렬로 쓰면 입력 2개, 은닉 유닛 2개, 출력 1개인 신경망이 됩니다. 활성화 함수는
# `perceptron`과 같은 계단 함수(0 초과 → 1, 0 이하 → 0)입니다.
#
# - 은닉층 / hidden layer: H = step(X @ W1 + b1) — W1의 **열 하나가 은닉 유닛 하나**입니다
# - 출력층 / output layer: y = step(H @ W2 + b2)
#
# 강의의 가중치 W1 = [[-2, 2], [-2, 2]], b1 = [3, -1], W2 = [1, 1], b2 = -1 로 계산하면:
#
# | x₁ | x₂ | h₁ | h₂ | y |
# |---|---|---|---|---|
# | 0 | 0 | 1 | 0 | 0 |
# | 0 | 1 | 1 | 1 | 1 |
# | 1 | 0 | 1 | 1 | 1 |
# | 1 | 1 | 0 | 1 | 0 |
#
# h₁은 NAND, h₂는 OR, y는 AND 역할을 합니다. (0,0)과 (1,1)에서 출력층의 가중합은 정확히 0입니다.
#
# *English:* Written with matrices, Q3 is a network with 2 inputs, 2 hidden units and 1 output,
# using the step activation of `perceptron`. H = step(X @ W1 + b1), where **each column of W1 is
# one hidden unit**, and y = step(H @ W2 + b2). With the lecture's weights you get the table
# above: h₁ acts as NAND, h₂ as OR, and y as AND. At (0,0) and (1,1) the output sum is exactly 0.

# %%
def mlp_forward(X, W1, b1, W2, b2):
    """계단 활성화를 쓰는 2-2-1 신경망의 순전파 / Forward pass of the 2-2-1 step network.

    입력 / Inputs:
    - X: 모양 (N, 2), 한 행이 입력 하나 / shape (N, 2), one input per row
    - W1: 모양 (2, 2), 은닉 유닛마다 열 하나 / shape (2, 2), one column per hidden unit
    - b1: 모양 (2,) / shape (2,)
    - W2: 모양 (2,) / shape (2,)
    - b2: 스칼라 / scalar

    반환 / Returns: (H, y)
    - H: 모양 (N, 2)의 0/1 배열, 은닉층 출력 / 0/1 array of shape (N, 2), the hidden layer
    - y: 모양 (N,)의 0/1 배열, 출력 / 0/1 array of shape (N,), the output
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("mlp_forward를 구현하세요 / implement mlp_forward")

# %% [check] mlp_forward

# %% [markdown]
# ## Q5. 퍼셉트론 학습 규칙 (Rosenblatt's learning rule) — `train_perceptron`
#
# 가중치를 손으로 정하지 않고 데이터에서 배웁니다. w = 0, b = 0에서 시작해 샘플을 **주어진 순서대로**
# 하나씩 보며, 예측 ŷᵢ = perceptron(xᵢ, w, b)가 틀리면 고칩니다.
#
# - w ← w + lr · (yᵢ − ŷᵢ) · xᵢ
# - b ← b + lr · (yᵢ − ŷᵢ)
#
# 데이터 전체를 한 번 보는 것이 한 에폭(epoch)입니다. **한 에폭 동안 실수가 하나도 없으면 그 자리에서
# 멈추고** converged = True를 반환합니다. max_epochs 에폭이 지나도 실수가 남으면 converged = False입니다.
# AND, OR, NAND는 직선 하나로 나뉘므로 수렴하지만, XOR은 (Q3에서 본 대로) 절대 수렴하지 않습니다.
#
# *English:* Instead of choosing the weights by hand, learn them from data. Start from w = 0, b = 0
# and visit the samples **in the given order**; when the prediction ŷᵢ = perceptron(xᵢ, w, b) is
# wrong, correct it with the two updates above (they do nothing when ŷᵢ = yᵢ). One pass over the
# data is an epoch. **Stop as soon as an epoch makes no mistake** and return converged = True; if
# mistakes remain after max_epochs epochs, converged = False. AND, OR and NAND are linearly
# separable and converge; XOR never does (see Q3).

# %%
def train_perceptron(X, y, lr=0.1, max_epochs=100):
    """로젠블랫의 퍼셉트론 학습 / Rosenblatt's perceptron learning.

    입력 / Inputs:
    - X: 모양 (N, d), 샘플 / shape (N, d), the samples
    - y: 모양 (N,), 0/1 정답 / shape (N,), the 0/1 targets
    - lr: 학습률 / the learning rate
    - max_epochs: 최대 에폭 수 / the largest number of epochs

    반환 / Returns: (w, b, converged)
    - w: 모양 (d,)의 실수 배열 / float array of shape (d,)
    - b: 실수, 편향 / float, the bias
    - converged: 실수 없는 에폭이 있었으면 True / True if an epoch made no mistake
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("train_perceptron을 구현하세요 / implement train_perceptron")

# %% [check] train_perceptron

# %% [skip]
# 직접 확인해 보기 (선택) / Try it yourself (optional)
X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
for gate, y in {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0], "XOR": [0, 1, 1, 0]}.items():
    w, b, converged = train_perceptron(X, np.array(y))
    print(f"{gate:4s}  w = {np.round(w, 3)}, b = {b:.3f}, converged = {converged}")

# %% [markdown]
# ## Q6. Keras로 XOR 배우기 (Learning XOR with Keras) — `build_xor_model`
#
# 이제 가중치를 손으로 정하지 않고, 경사 하강법으로 XOR을 배우는 신경망을 Keras로 만듭니다. 계단 함수는
# 미분할 수 없으므로 은닉층에는 tanh나 ReLU를, 출력층에는 0과 1 사이의 확률을 내는 sigmoid를 씁니다.
#
# 조건 / Requirements:
# - 입력 2개: `keras.Input(shape=(2,))`
# - 은닉층 하나 이상 (예: `keras.layers.Dense(8, activation="tanh")`)
# - 출력층: `keras.layers.Dense(1, activation="sigmoid")`
# - `model.compile(...)`까지 해서 반환하세요. 손실은 `"binary_crossentropy"`가 알맞고, 학습률이 너무 작으면
#   제한된 에폭 안에 배우지 못합니다 (예: `keras.optimizers.Adam(learning_rate=0.05)`).
# - `import keras`는 함수 **안에서** 하세요.
#
# 모델은 **데이터로** 채점기에 넘어갑니다(구조 `model.to_json()`, compile 설정, 가중치). 채점기는 그 데이터로
# 모델을 직접 다시 만들고, 새 초기 가중치로 네 점에 대해 `model.fit(X, y, epochs=500, verbose=0)`과 같은
# 학습을 한 뒤 `model.predict(X) > 0.5`가 [0, 1, 1, 0]인지 확인합니다 (새 가중치로 세 번까지 시도합니다).
# 그러니 Keras 내장 층·optimizer·loss만 쓰세요. `Lambda` 층, 노트북에서 만든 층이나 함수, Keras 모델이 아닌
# 객체는 0점입니다. 여기서 함수 밖에서 `fit`을 부르지 마세요. 맨 아래의 선택 셀(채점 때는 실행되지
# 않음)에서 직접 확인해 볼 수 있습니다 (수십 초 걸립니다).
#
# *English:* Now build, in Keras, a network that learns XOR by gradient descent instead of
# hand-picked weights. The step function has no useful derivative, so use tanh or ReLU in the
# hidden layer and a sigmoid output, which gives a probability between 0 and 1. Requirements: 2
# inputs (`keras.Input(shape=(2,))`), at least one hidden layer (e.g. `Dense(8, activation="tanh")`),
# the output `Dense(1, activation="sigmoid")`, and return the model **compiled**
# (`"binary_crossentropy"` suits this; too small a learning rate will not learn within the epoch
# budget, e.g. `keras.optimizers.Adam(learning_rate=0.05)`). Do `import keras` **inside** the
# function. The model reaches the grader **as data** (its architecture `model.to_json()`, compile
# settings and weights): the grader rebuilds it itself, trains it from fresh initial weights as
# `model.fit(X, y, epochs=500, verbose=0)` would on the four points and checks that
# `model.predict(X) > 0.5` is [0, 1, 1, 0] (up to three fresh starts). So use Keras's built-in
# layers, optimizers and losses only: a `Lambda` layer, a layer or function defined in the
# notebook, or anything that is not a Keras model scores zero.
# Do not call `fit` outside the function; try it in the optional cell at the end, which grading does not run
# (it takes some tens of seconds).

# %%
def build_xor_model():
    """XOR을 배울 컴파일된 Keras 모델 / A compiled Keras model that can learn XOR.

    반환 / Returns:
    - 컴파일된 keras.Model: 입력 2개, 은닉층 하나 이상, sigmoid 출력 1개
      / a compiled keras.Model: 2 inputs, at least one hidden layer, one sigmoid output
    """
    import keras

    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("build_xor_model을 구현하세요 / implement build_xor_model")

# %% [check] build_xor_model

# %% [skip]
# 직접 확인해 보기 (선택, 수십 초 걸립니다) / Try it yourself (optional, takes some tens of seconds)
X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype="float32")
y = np.array([0, 1, 1, 0], dtype="float32")
model = build_xor_model()
model.fit(X, y, epochs=500, verbose=0)
print(model.predict(X, verbose=0).ravel().round(3))   # 기대 / expected: [~0, ~1, ~1, ~0]
