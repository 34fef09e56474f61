# %% [markdown]
# # 05. 드롭아웃 (Dropout)
#
# 이번 과제에서는 과대적합을 줄이는 정규화 기법인 **드롭아웃(dropout)** 층을 numpy로 직접 구현합니다.
# Keras의 `keras.layers.Dropout`과 똑같이 동작하는 **역 드롭아웃(inverted dropout)** 을 만들고,
# 순전파(`forward`)와 역전파(`backward`)를 모두 작성합니다.
#
# 확인 셀(`check(...)`)은 공개 테스트를 여러분의 커널에서 바로 실행합니다. 채점 때에는 숨은 테스트
# (여러 rate와 모양, 통계 검사, 시드 검사)도 함께 실행됩니다. 입력 배열은 제자리에서 바꾸지 마세요.
#
# *English:* In this assignment you implement a **dropout** layer, the regularisation technique
# against overfitting, in numpy. You build **inverted dropout**, which behaves like Keras's
# `keras.layers.Dropout`, with both its forward and backward passes. The check cell (`check(...)`)
# runs the public tests in your own kernel; grading also runs hidden tests (several rates and
# shapes, statistical checks, seed checks). Never modify an input array in place.

# %%
import numpy as np

# %% [markdown]
# ## 드롭아웃의 아이디어 (The idea)
#
# 학습할 때마다 각 뉴런의 출력을 확률 `rate`로 **버립니다**(0으로 만듭니다). 매 단계 서로 다른 작은 네트워크가
# 학습되므로, 뉴런들이 특정 동료에게 기대지 못하고 여러 모델을 평균 낸 것 같은 효과가 납니다. 평가(추론) 때에는
# 아무것도 버리지 않고 전체 네트워크를 씁니다.
#
# 문제는 **크기**입니다. 학습 때 뉴런의 1 − rate 만 남으면 다음 층이 받는 값의 기댓값이 (1 − rate)배로 줄어듭니다.
#
# - 원래(고전적) 드롭아웃은 학습 때는 그냥 버리고, **추론 때** 출력에 (1 − rate)를 곱해 맞춥니다.
# - **역 드롭아웃**은 반대로 **학습 때** 남은 값을 1/(1 − rate)로 키웁니다. 그러면
#   $E[\text{out}] = (1 - \text{rate})\cdot \dfrac{x}{1 - \text{rate}} + \text{rate}\cdot 0 = x$ 이므로
#   **추론 때는 x를 그대로** 쓰면 됩니다. Keras가 이 방식이고, 이번 과제도 이 방식입니다.
#
# *English:* At every training step each neuron's output is **dropped** (set to 0) with probability
# `rate`. Each step trains a different smaller network, so neurons cannot rely on particular
# partners, an effect like averaging many models. At evaluation (inference) nothing is dropped and
# the whole network is used. The catch is **scale**: if only 1 − rate of the neurons survive in
# training, the next layer's expected input shrinks by the factor (1 − rate). Classic dropout
# just drops in training and multiplies by (1 − rate) **at inference**. **Inverted dropout**
# instead scales the kept values by 1/(1 − rate) **in training**; then
# E[out] = (1 − rate)·x/(1 − rate) + rate·0 = x, so **inference uses x unchanged**. Keras works this
# way, and so does this assignment.

# %% [markdown]
# ## Q1. 역 드롭아웃 층 (`Dropout`)
#
# `Dropout(rate, seed=None)` 클래스를 완성하세요.
#
# - **생성자:** `0 <= rate < 1`이 아니면 `ValueError`를 일으킵니다. 난수 생성기
#   `self.rng = np.random.default_rng(seed)`는 **생성자에서 한 번만** 만듭니다. 그래야 같은 seed로 만든 두 층이
#   같은 마스크들을 같은 순서로 뽑고, 한 층은 호출할 때마다 새 마스크를 뽑습니다.
# - **`forward(x, training=True)`:** 학습 모드에서는 x와 같은 모양의 마스크를 새로 뽑아(각 원소가 확률 1 − rate로
#   1(남김), 확률 rate로 0(버림)) `self.mask`에 저장하고 `x * mask / (1 - rate)`를 반환합니다. 예를 들어
#   Keras처럼 `self.rng.random(x.shape) >= rate`로 뽑을 수 있습니다. `training=False`이면 x를 그대로(같은 값)
#   반환하고 마스크는 뽑지 않습니다.
# - **`backward(dout)`:** 순전파가 $x \mapsto x\cdot m/(1 - \text{rate})$ 이므로 미분은
#   `dout * mask / (1 - rate)`이고, **마지막 학습 모드 forward의 마스크**를 써야 합니다 (새로 뽑으면 안 됩니다).
#   추론 모드 forward 뒤에는 아무것도 버리지 않았으므로 dout을 그대로 반환합니다.
# - x는 1차원, 2차원, 4차원 등 **어떤 모양이든** 다룰 수 있어야 합니다.
#
# *English:* Complete the class `Dropout(rate, seed=None)`.
# **Constructor:** raise `ValueError` unless `0 <= rate < 1`. Create the generator
# `self.rng = np.random.default_rng(seed)` **once, in the constructor**, so that two layers made
# with the same seed draw the same masks in the same order, while one layer draws a new mask at
# every call.
# **`forward(x, training=True)`:** in training, draw a new mask of x's shape (each element 1 (kept)
# with probability 1 − rate, 0 (dropped) with probability rate), store it in `self.mask` and return
# `x * mask / (1 - rate)`; for instance, like Keras, `self.rng.random(x.shape) >= rate`. With
# `training=False` return x unchanged (equal values) and draw no mask.
# **`backward(dout)`:** the forward map is x ↦ x·m/(1 − rate), so its derivative is
# `dout * mask / (1 - rate)` with **the mask of the last training forward** (do not draw a new
# one). After an inference forward nothing was dropped: return dout unchanged.
# x may have **any shape** (1-D, 2-D, 4-D, ...).

# %%
class Dropout:
    """역 드롭아웃 층 (Keras와 같은 방식) / Inverted dropout layer (as in Keras).

    생성자 입력 / Constructor inputs:
    - rate: 각 원소를 버릴 확률, 0 <= rate < 1 (아니면 ValueError)
            / probability of dropping each element, 0 <= rate < 1 (else ValueError)
    - seed: None 또는 int, np.random.default_rng(seed)에 넘길 시드
            / None or an int, the seed for np.random.default_rng(seed)

    속성 / Attributes:
    - rate, rng (생성자에서 한 번 만든 난수 생성기 / the generator created once in the constructor)
    - mask: 마지막 학습 모드 forward의 0/1 (또는 bool) 마스크, x와 같은 모양
            / the 0/1 (or bool) mask of the last training forward, of x's shape
    """

    def __init__(self, rate, seed=None):
        # 여기에 코드를 작성하세요 / Write your code here
        raise NotImplementedError("Dropout.__init__을 구현하세요 / implement Dropout.__init__")

    def forward(self, x, training=True):
        """순전파 / Forward pass.

        입력 / Inputs:
        - x: 어떤 모양이든 되는 배열 / array of any shape
        - training: True면 버리고 키우기, False면 x를 그대로 / True: drop and scale; False: return x unchanged

        반환 / Returns:
        - out: x와 같은 모양 / x's shape; 학습 때 / in training x * mask / (1 - rate)
        """
        # 여기에 코드를 작성하세요 / Write your code here
        raise NotImplementedError("Dropout.forward를 구현하세요 / implement Dropout.forward")

    def backward(self, dout):
        """역전파 / Backward pass.

        입력 / Inputs:
        - dout: 위에서 내려온 기울기, 마지막 forward의 x와 같은 모양 / upstream gradient, shaped like the last x

        반환 / Returns:
        - dx: dout * mask / (1 - rate) (마지막 학습 모드 forward의 마스크 / the last training forward's mask);
              추론 모드 forward 뒤에는 dout 그대로 / dout unchanged after an inference forward
        """
        # 여기에 코드를 작성하세요 / Write your code here
        raise NotImplementedError("Dropout.backward를 구현하세요 / implement Dropout.backward")


# %% [check] dropout

# %% [markdown]
# ## 더 알아보기 (Going further)
#
# Keras에서는 `keras.layers.Dropout(0.5)`를 층 사이에 넣기만 하면 됩니다. `model.fit`은 `training=True`로,
# `model.predict`와 `model.evaluate`는 `training=False`로 층을 부르므로, 여러분이 만든 층과 똑같이 학습 때만
# 버리고 키웁니다. 여러분의 층으로 `np.ones((1000, 100))`을 여러 번 통과시켜 평균이 1에 가까운지,
# 남은 비율이 1 − rate에 가까운지 확인해 보세요.
#
# *English:* In Keras you just put `keras.layers.Dropout(0.5)` between layers. `model.fit` calls
# it with `training=True` and `model.predict` / `model.evaluate` with `training=False`, so, like
# your layer, it drops and scales only in training. Pass `np.ones((1000, 100))` through your layer
# a few times and check that the mean is close to 1 and the kept fraction close to 1 − rate.
