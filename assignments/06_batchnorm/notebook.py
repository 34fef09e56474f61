# %% [markdown]
# # 06. 배치 정규화 (Batch normalization)
#
# 이번 과제에서는 **배치 정규화(batch normalization)** 층을 numpy로 직접 구현합니다. 학습 모드의 순전파와
# 이동 평균(running statistics) 갱신, 추론 모드의 순전파, 그리고 역전파까지 작성합니다. 계산 방식은 Keras의
# `keras.layers.BatchNormalization`(기본 인자)과 똑같이 맞춥니다.
#
# **규칙**
# - 입력 `x`는 모양이 `(N, D)`인 배열입니다. N은 배치 크기, D는 특성(뉴런) 수이고, 정규화는 **배치 축(axis 0)**
#   을 따라 특성마다 따로 합니다.
# - 입력 배열을 제자리에서 바꾸지 마세요. `gamma`, `beta`, `running_mean`, `running_var`는 층의 속성이므로
#   바꿔도 됩니다(새 배열을 대입해도 되고 제자리에서 갱신해도 됩니다).
# - 문제마다 아래의 검사 셀을 실행하면 공개 테스트가 돌아갑니다. 채점 때에는 무작위 배치, 여러 단계의 이동 평균,
#   수치 미분(gradient check)을 쓰는 숨은 테스트가 더 있습니다.
#
# *English:* In this assignment you implement a **batch normalization** layer in numpy: the
# training-mode forward pass with its running (moving) statistics, the inference-mode forward pass,
# and the backward pass. It computes exactly what Keras's `keras.layers.BatchNormalization` (default
# arguments) computes.
#
# **Rules**
# - The input `x` has shape `(N, D)`: N is the batch size, D the number of features (neurons);
#   normalization runs **along the batch axis (axis 0)**, separately for each feature.
# - Never modify an input array in place. `gamma`, `beta`, `running_mean` and `running_var` are the
#   layer's own attributes, so you may update them (assign new arrays or update in place).
# - Run the check cell below each question for its public tests. Grading adds hidden tests with
#   random batches, running statistics over several steps and a numerical gradient check.

# %%
import numpy as np

# %% [markdown]
# ## 배치 정규화의 아이디어 (The idea)
#
# 깊은 네트워크에서는 앞 층의 가중치가 바뀔 때마다 뒤 층이 받는 입력의 분포도 바뀝니다. 그래서 뒤 층은 계속
# 움직이는 목표를 쫓아야 하고, 시그모이드 같은 활성화 함수에서는 값이 포화 구간으로 밀려 기울기가 사라지기도
# 합니다. 배치 정규화는 각 특성을 **미니배치의 평균과 분산으로 정규화**해 평균 0, 분산 1 근처로 맞춘 뒤,
# 학습되는 **scale $\gamma$와 shift $\beta$** 로 네트워크가 필요한 분포를 다시 고르게 합니다
# ($\gamma = \sqrt{\sigma^2 + \epsilon}$, $\beta = \mu$이면 원래 값으로 돌아갈 수도 있습니다).
# 덕분에 더 큰 학습률을 쓸 수 있고, 초기화에 덜 민감하며, 약간의 규제(regularization) 효과도 생깁니다.
#
# *English:* In a deep network, every change to the earlier weights changes the distribution of
# the inputs the later layers see, so the later layers chase a moving target, and with saturating
# activations such as the sigmoid the values drift into regions where gradients vanish. Batch
# normalization **normalizes each feature with the minibatch mean and variance** (to mean 0,
# variance 1 roughly) and then lets the network pick the distribution it needs with a learned
# **scale $\gamma$ and shift $\beta$** (with $\gamma = \sqrt{\sigma^2 + \epsilon}$ and $\beta = \mu$ it
# can even undo the normalization). It allows larger learning rates, makes training less sensitive
# to initialization, and regularizes a little.

# %% [markdown]
# ## Q1. 학습 모드 순전파와 이동 평균: `BatchNorm` (Training-mode forward pass and moving statistics)
#
# `BatchNorm(num_features, momentum=0.99, eps=1e-3)` 클래스를 만듭니다.
#
# **생성자:** `gamma`는 1, `beta`는 0, `running_mean`은 0, `running_var`는 1로 채운 모양 `(D,)`의 배열로
# 시작합니다(Keras의 `moving_mean`, `moving_variance`의 초깃값과 같습니다).
#
# **`forward(x, training=True)`, 학습 모드:** 특성마다 배치 평균과 분산을 구해 정규화합니다.
# $$\mu_B = \frac{1}{N}\sum_{i=1}^{N} x_i, \qquad \sigma_B^2 = \frac{1}{N}\sum_{i=1}^{N}(x_i - \mu_B)^2, \qquad
#   \hat x_i = \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}, \qquad y_i = \gamma\, \hat x_i + \beta$$
# 분산은 **N으로 나눈 (편향) 분산**, 즉 `np.var(x, axis=0)`(ddof=0)입니다. $\epsilon$은 **제곱근 안**에
# 더합니다. 그다음 추론 때 쓸 이동 평균을 갱신합니다.
# $$\text{running\_mean} \leftarrow m\cdot \text{running\_mean} + (1 - m)\,\mu_B, \qquad
#   \text{running\_var} \leftarrow m\cdot \text{running\_var} + (1 - m)\,\sigma_B^2$$
# 여기서 $m$은 `momentum`(기본값 0.99)으로, **이전 값**에 곱하는 비율입니다. 역전파에 필요한 값
# ($\hat x$, $\sqrt{\sigma_B^2+\epsilon}$ 등)은 `self.cache`에 저장해 두세요.
#
# 아래 셀에 클래스 전체의 틀이 있습니다. Q1에서는 생성자와 `forward`의 학습 모드 부분을 채우고,
# Q2(추론 모드)와 Q3(`backward`)에서 같은 셀로 돌아와 나머지를 채웁니다.
#
# *English:* Build the class `BatchNorm(num_features, momentum=0.99, eps=1e-3)`.
# **Constructor:** `gamma` starts as ones, `beta` as zeros, `running_mean` as zeros and
# `running_var` as ones, each of shape `(D,)` (Keras's initial `moving_mean` and `moving_variance`).
# **`forward(x, training=True)` in training mode:** normalize each feature with the batch mean and
# variance (formulas above), then scale and shift: $y = \gamma\hat x + \beta$. The variance is the
# **biased variance, divided by N**: `np.var(x, axis=0)` (ddof=0), and $\epsilon$ goes **inside the
# square root**. Then update the moving statistics used at inference:
# running = m·running + (1 − m)·batch statistic, where $m$ is `momentum` (default 0.99), the weight
# of the **old** value. Keep what the backward pass needs ($\hat x$, $\sqrt{\sigma_B^2+\epsilon}$, …) in
# `self.cache`.
# The cell below holds the skeleton of the whole class. In Q1 fill in the constructor and the
# training branch of `forward`; in Q2 (inference) and Q3 (`backward`) come back to this cell for
# the rest.

# %%
class BatchNorm:
    """배치 정규화 층, 입력 (N, D) / Batch normalization layer for inputs of shape (N, D).

    생성자 입력 / Constructor inputs:
    - num_features: 특성 수 D / number of features D
    - momentum: 이동 평균에서 이전 값의 비율 (Keras 기본값 0.99) / weight of the old value in the
      moving averages (Keras's default 0.99)
    - eps: 제곱근 안에서 분산에 더하는 작은 수 (Keras 기본값 1e-3) / small constant added to the
      variance inside the square root (Keras's default 1e-3)

    속성 / Attributes:
    - gamma (D,) 처음에 1 / starts at ones;  beta (D,) 처음에 0 / starts at zeros
    - running_mean (D,) 처음에 0 / starts at zeros;  running_var (D,) 처음에 1 / starts at ones
    - dgamma, dbeta (D,): backward가 설정하는 기울기 / gradients set by backward
    """

    def __init__(self, num_features, momentum=0.99, eps=1e-3):
        self.num_features = num_features
        self.momentum = momentum
        self.eps = eps
        self.dgamma = None
        self.dbeta = None
        self.cache = None
        # Q1: self.gamma, self.beta, self.running_mean, self.running_var를 만드세요
        #     create self.gamma, self.beta, self.running_mean, self.running_var
        raise NotImplementedError("BatchNorm.__init__을 완성하세요 / complete BatchNorm.__init__")

    def forward(self, x, training=True):
        """배치 정규화 순전파 / Batch-normalization forward pass.

        Inputs:
        - x: 모양 (N, D)의 배열 / array of shape (N, D)
        - training: True면 배치 통계로 정규화하고 이동 평균을 갱신, False면 이동 평균으로 정규화
          / True: normalize with the batch statistics and update the moving ones;
          False: normalize with the moving statistics

        Returns:
        - out: 모양 (N, D), gamma * x_hat + beta / shape (N, D), gamma * x_hat + beta
        """
        if training:
            # Q1: 배치 평균, 편향 분산(ddof=0)으로 정규화하고 running_mean, running_var를 갱신하세요.
            #     normalize with the batch mean and biased variance (ddof=0), update the running statistics.
            raise NotImplementedError("BatchNorm.forward (학습 모드)를 구현하세요 / implement BatchNorm.forward (training mode)")
        else:
            # Q2: running_mean, running_var로 정규화하세요 (아무것도 갱신하지 않습니다).
            #     normalize with running_mean and running_var (update nothing).
            raise NotImplementedError("BatchNorm.forward (추론 모드)를 구현하세요 / implement BatchNorm.forward (inference mode)")

    def backward(self, dout):
        """마지막 학습 모드 forward의 역전파 / Backward pass of the last training-mode forward.

        Inputs:
        - dout: 위에서 온 기울기 dL/dout, 모양 (N, D) / upstream gradient dL/dout, shape (N, D)

        Returns:
        - dx: dL/dx, 모양 (N, D) / shape (N, D)

        self.dgamma = dL/dgamma, self.dbeta = dL/dbeta (각각 모양 (D,) / each of shape (D,))도 설정합니다.
        """
        # Q3: 여기에 코드를 작성하세요 / Write your code here
        raise NotImplementedError("BatchNorm.backward를 구현하세요 / implement BatchNorm.backward")


# %% [check] batchnorm_train

# %% [markdown]
# ## 분산은 N으로 나눌까, N − 1로 나눌까? (Divide the variance by N or by N − 1?)
#
# 강의(와 원 논문)는 추론 때 쓸 분산을 학습 때 본 미니배치 분산들의 평균에 $\frac{m}{m-1}$을 곱한
# **불편(unbiased) 분산**으로 구합니다: $\mathrm{Var}[x] = \frac{m}{m-1}\, E_B[\sigma_B^2]$ ($m$은 배치 크기).
# 반면 Keras의 `BatchNormalization`은 학습 때 **N으로 나눈 편향 분산** $\sigma_B^2$로 정규화하고, 추론 때에도
# 그 편향 분산의 **이동 평균**을 보정 없이 그대로 씁니다. 이 과제는 **Keras를 따릅니다.** 실제로 여러분이 쓸
# 프레임워크가 계산하는 값이므로, 여러분의 층을 `keras.layers.BatchNormalization`의 출력과 직접 비교해 확인할 수
# 있기 때문입니다(아래의 선택 셀). 배치가 크면 $\frac{m}{m-1} \approx 1$이라 두 방식의 차이는 작지만, 숫자를
# 정확히 맞추려면 어느 쪽인지 정해야 합니다.
#
# *English:* The lecture (like the original paper) estimates the inference variance as the
# **unbiased** $\mathrm{Var}[x] = \frac{m}{m-1} E_B[\sigma_B^2]$ over the training minibatches of size
# $m$. Keras's `BatchNormalization` instead normalizes with the **biased variance divided by N** in
# training and, at inference, uses the **moving average** of those biased variances without any
# correction. This assignment **follows Keras**: it is what the framework you will use actually
# computes, so you can check your layer against `keras.layers.BatchNormalization` directly (see
# the optional cell below). For large batches $\frac{m}{m-1} \approx 1$ and the difference is small,
# but matching numbers exactly requires picking one.

# %% [markdown]
# ## Q2. 추론 모드 순전파 (Inference-mode forward pass)
#
# 추론(평가) 때에는 배치 하나의 통계에 기대면 안 됩니다. 샘플 하나만 들어올 수도 있고, 같은 입력이 함께 들어온
# 다른 샘플에 따라 다른 출력을 내서도 안 되기 때문입니다. 그래서 학습하면서 모아 둔 **이동 평균**을 씁니다.
# $$y = \gamma\, \frac{x - \text{running\_mean}}{\sqrt{\text{running\_var} + \epsilon}} + \beta$$
# 위의 `BatchNorm` 셀로 돌아가 `forward`의 `training=False` 부분을 완성하세요. 추론은 `running_mean`,
# `running_var`를 **바꾸지 않습니다**. 추론 모드의 출력은 각 샘플마다 따로 정해지므로 N = 1이어도 됩니다.
#
# *English:* At inference (evaluation) you cannot rely on one batch's statistics: a single sample
# may come alone, and an input's output must not depend on the other samples that came with it. So
# use the **moving statistics** collected during training (formula above). Go back to the
# `BatchNorm` cell and complete the `training=False` branch of `forward`. Inference **does not
# change** `running_mean` or `running_var`; each sample's output is determined on its own, so N = 1
# works too.

# %% [check] batchnorm_inference

# %% [markdown]
# ## Q3. 역전파: `backward` (Backward pass)
#
# $\hat x = (x - \mu_B)/\sqrt{\sigma_B^2+\epsilon}$, $y = \gamma\hat x + \beta$ 에서 $\gamma$와 $\beta$의 기울기는
# 간단합니다(합은 배치 축에 대해):
# $$\frac{\partial L}{\partial \beta} = \sum_i \frac{\partial L}{\partial y_i}, \qquad
#   \frac{\partial L}{\partial \gamma} = \sum_i \frac{\partial L}{\partial y_i}\, \hat x_i$$
# $x$의 기울기에는 함정이 있습니다. **평균 $\mu_B$와 분산 $\sigma_B^2$도 배치의 모든 $x_i$에 의존**하므로,
# $\partial L/\partial \hat x_i = \gamma\, \partial L/\partial y_i$ 를 $\sqrt{\sigma_B^2+\epsilon}$로 나누기만 하면
# 안 됩니다. 계산 그래프를 따라 평균과 분산을 거치는 경로까지 더하면 다음 식이 나옵니다
# ($\overline{\,\cdot\,}$는 배치 평균):
# $$\frac{\partial L}{\partial x_i} = \frac{1}{\sqrt{\sigma_B^2+\epsilon}}
#   \left(\frac{\partial L}{\partial \hat x_i} - \overline{\frac{\partial L}{\partial \hat x}}
#   - \hat x_i\, \overline{\frac{\partial L}{\partial \hat x}\, \hat x}\right)$$
# 위의 셀로 돌아가 `backward(dout)`를 완성하세요. `dx`를 반환하고 `self.dgamma`, `self.dbeta`를 설정합니다.
# `forward`에서 `self.cache`에 저장해 둔 값을 쓰세요. 채점은 수치 미분(중앙 차분)과도 비교합니다.
#
# *English:* With $\hat x = (x - \mu_B)/\sqrt{\sigma_B^2+\epsilon}$ and $y = \gamma\hat x + \beta$, the
# gradients of $\beta$ and $\gamma$ are simple sums over the batch (above). The gradient of $x$ has a
# trap: **the mean $\mu_B$ and the variance $\sigma_B^2$ depend on every $x_i$ in the batch**, so
# dividing $\partial L/\partial \hat x_i = \gamma\,\partial L/\partial y_i$ by $\sqrt{\sigma_B^2+\epsilon}$ is
# not enough. Following the computational graph through the mean and the variance as well gives the
# formula above (the bar is the batch mean). Go back to the cell above and complete
# `backward(dout)`: return `dx` and set `self.dgamma` and `self.dbeta`, using what `forward` stored in
# `self.cache`. Grading also compares with a numerical (centred-difference) gradient.

# %% [check] batchnorm_backward

# %% [markdown]
# ## (선택) 배치 정규화의 효과 보기 (Optional: see what it does)
#
# 평균과 척도가 제각각인 특성들을 정규화하면, 학습 모드 출력은 특성마다 평균 0, 표준편차 약 1이 됩니다.
# 여러 배치로 학습하면 이동 평균이 실제 분포의 평균과 분산 쪽으로 천천히(momentum 0.99) 다가갑니다.
# `running_var`가 실제 분산보다 조금 작은 것은 N으로 나눈 편향 분산의 평균이라서입니다(기댓값이 실제 분산의
# $(N-1)/N$배, 여기서는 $31/32$). 강의의 $\frac{m}{m-1}$ 보정이 바로 이 차이를 메웁니다. 채점과는 상관없습니다.
#
# *English:* After normalization, features with very different means and scales come out with mean
# 0 and standard deviation about 1 in training mode. Over many batches the moving statistics slowly
# (momentum 0.99) approach the true mean and variance. `running_var` stays a little below the true
# variance because it averages the biased variance divided by N, whose expectation is $(N-1)/N$ of it
# ($31/32$ here): exactly the gap the lecture's $\frac{m}{m-1}$ correction closes. Not graded.

# %%
try:
    demo_rng = np.random.default_rng(0)
    true_mean, true_std = np.array([5.0, -2.0, 0.0]), np.array([3.0, 0.5, 10.0])
    demo_layer = BatchNorm(3)
    for _ in range(500):
        demo_out = demo_layer.forward(true_mean + true_std * demo_rng.normal(size=(32, 3)), training=True)
    print("학습 모드 출력의 평균 / training output mean:", np.round(demo_out.mean(axis=0), 4))
    print("학습 모드 출력의 표준편차 / training output std: ", np.round(demo_out.std(axis=0), 4))
    print("running_mean:", np.round(demo_layer.running_mean, 3), "  실제 / true:", true_mean)
    print("running_var: ", np.round(demo_layer.running_var, 3), "  실제 / true:", true_std**2)
except NotImplementedError:
    print("먼저 Q1을 구현하세요. / Implement Q1 first.")

# %% [markdown]
# ## (선택) Keras와 비교하기 (Optional: compare with Keras)
#
# TensorFlow가 설치되어 있다면 아래 셀의 `RUN_KERAS_COMPARISON`을 `True`로 바꿔 실행해 보세요. 같은 배치를
# 여러분의 층과 `keras.layers.BatchNormalization`(float64)에 넣고 출력과 이동 평균을 비교합니다. 차이가
# 1e-12 정도이면 Keras와 같은 계산을 한 것입니다. (Keras를 불러오는 데 몇 초 걸립니다. 채점과는 상관없습니다.)
#
# *English:* If TensorFlow is installed, set `RUN_KERAS_COMPARISON` to `True` below and run the
# cell. It feeds the same batches to your layer and to `keras.layers.BatchNormalization` (float64)
# and compares outputs and moving statistics; differences around 1e-12 mean you compute what Keras
# computes. (Importing Keras takes a few seconds. Not graded.)

# %%
RUN_KERAS_COMPARISON = False

if RUN_KERAS_COMPARISON:
    import keras

    cmp_rng = np.random.default_rng(1)
    keras_layer = keras.layers.BatchNormalization(dtype="float64")  # momentum=0.99, epsilon=1e-3
    my_layer = BatchNorm(4)
    for step in range(3):
        batch = 2.0 + 3.0 * cmp_rng.normal(size=(16, 4))
        keras_out = np.asarray(keras_layer(batch, training=True))
        my_out = my_layer.forward(batch, training=True)
        print(f"step {step}: 학습 출력 차이 / training output difference {np.max(np.abs(keras_out - my_out)):.2e}")
    print("running_mean 차이 / difference:", np.max(np.abs(np.asarray(keras_layer.moving_mean) - my_layer.running_mean)))
    print("running_var 차이 / difference: ", np.max(np.abs(np.asarray(keras_layer.moving_variance) - my_layer.running_var)))
    test_batch = cmp_rng.normal(size=(5, 4))
    print("추론 출력 차이 / inference output difference:",
          np.max(np.abs(np.asarray(keras_layer(test_batch, training=False)) - my_layer.forward(test_batch, training=False))))
