"""Known-wrong versions of the 05_dropout layer, with the mistake explained in Korean and English.

Each variant is a complete class as a student would write it; masks are drawn the way the
reference draws them (keep where rng.random(shape) >= rate), so that a student who made the same
mistake with the same drawing rule is reproduced exactly. Each class has its own name (they all
replace `Dropout`, as `replaces=` says) and uses only numpy.
"""

import numpy as np

from autograder.diagnosis import misconception


@misconception(
    "dropout_no_scale", replaces="Dropout",
    ko="학습 때 살아남은 값을 1/(1 − rate)로 키우지 않았습니다. 그러면 출력의 기댓값이 x·(1 − rate)로 줄어듭니다. 역 드롭아웃은 x·mask/(1 − rate)를 반환합니다.",
    en="In training you do not scale the kept values by 1/(1 − rate), so the expected output shrinks to x·(1 − rate). Inverted dropout returns x·mask/(1 − rate).",
)
class DropoutNoScale:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate must be in [0, 1)")
        self.rate = rate
        self.rng = np.random.default_rng(seed)
        self.mask = None

    def forward(self, x, training=True):
        if not training:
            self.mask = None
            return x.copy()
        self.mask = self.rng.random(x.shape) >= self.rate
        return x * self.mask

    def backward(self, dout):
        if self.mask is None:
            return dout.copy()
        return dout * self.mask


@misconception(
    "dropout_scale_at_inference", replaces="Dropout",
    ko="원래(고전적) 드롭아웃처럼 추론 때 x·(1 − rate)로 줄였습니다. 이 과제와 Keras는 역 드롭아웃이라 학습 때 1/(1 − rate)로 키우고, 추론 때는 x를 그대로 반환합니다.",
    en="Like classic dropout, you scale by (1 − rate) at inference. This assignment, like Keras, uses inverted dropout: scale by 1/(1 − rate) in training and return x unchanged at inference.",
)
class DropoutScaleAtInference:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate must be in [0, 1)")
        self.rate = rate
        self.rng = np.random.default_rng(seed)
        self.mask = None

    def forward(self, x, training=True):
        if not training:
            self.mask = None
            return x * (1 - self.rate)
        self.mask = self.rng.random(x.shape) >= self.rate
        return x * self.mask

    def backward(self, dout):
        if self.mask is None:
            return dout * (1 - self.rate)
        return dout * self.mask


@misconception(
    "dropout_rate_as_keep_prob", replaces="Dropout",
    ko="rate를 남길 확률로 썼습니다. rate는 버릴(0으로 만들) 확률이므로 각 원소는 확률 1 − rate로 남아야 합니다 (Keras와 같은 뜻).",
    en="You used rate as the probability of keeping. rate is the probability of dropping (zeroing), so each element is kept with probability 1 − rate (as in Keras).",
)
class DropoutRateAsKeepProb:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate must be in [0, 1)")
        self.rate = rate
        self.rng = np.random.default_rng(seed)
        self.mask = None

    def forward(self, x, training=True):
        if not training:
            self.mask = None
            return x.copy()
        self.mask = self.rng.random(x.shape) < self.rate
        return x * self.mask / (1 - self.rate)

    def backward(self, dout):
        if self.mask is None:
            return dout.copy()
        return dout * self.mask / (1 - self.rate)


@misconception(
    "dropout_backward_new_mask", replaces="Dropout",
    ko="backward에서 마스크를 새로 뽑았습니다. 기울기는 순전파에서 살아남은 바로 그 원소로만 흘러야 하므로 forward가 저장한 self.mask를 써야 합니다.",
    en="Your backward draws a new mask. The gradient must flow only through the elements the forward pass kept, so use the self.mask that forward stored.",
)
class DropoutBackwardNewMask:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate must be in [0, 1)")
        self.rate = rate
        self.rng = np.random.default_rng(seed)
        self.mask = None

    def forward(self, x, training=True):
        if not training:
            self.mask = None
            return x.copy()
        self.mask = self.rng.random(x.shape) >= self.rate
        return x * self.mask / (1 - self.rate)

    def backward(self, dout):
        if self.mask is None:
            return dout.copy()
        mask = self.rng.random(dout.shape) >= self.rate
        return dout * mask / (1 - self.rate)


@misconception(
    "dropout_mask_drawn_once", replaces="Dropout",
    ko="마스크를 한 번만 뽑아 모든 호출에 다시 썼습니다. 드롭아웃은 forward(학습)를 부를 때마다 새 마스크를 뽑아야 매번 다른 부분 네트워크가 학습됩니다.",
    en="You draw the mask once and reuse it for every call. Dropout draws a new mask at every training forward, so each step trains a different sub-network.",
)
class DropoutMaskDrawnOnce:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate must be in [0, 1)")
        self.rate = rate
        self.rng = np.random.default_rng(seed)
        self.mask = None
        self.training = True

    def forward(self, x, training=True):
        self.training = training
        if not training:
            return x.copy()
        if self.mask is None or self.mask.shape != x.shape:
            self.mask = self.rng.random(x.shape) >= self.rate
        return x * self.mask / (1 - self.rate)

    def backward(self, dout):
        if not self.training:
            return dout.copy()
        return dout * self.mask / (1 - self.rate)


@misconception(
    "dropout_rng_in_forward", replaces="Dropout",
    ko="forward 안에서 np.random.default_rng(seed)를 매번 새로 만들었습니다. 그러면 seed가 같아 매번 똑같은 마스크가 나옵니다. 생성기는 생성자에서 한 번만 만드세요.",
    en="You create np.random.default_rng(seed) anew inside forward, so the same seed gives the same mask every call. Create the generator once, in the constructor.",
)
class DropoutRngInForward:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate must be in [0, 1)")
        self.rate = rate
        self.seed = seed
        self.mask = None

    def forward(self, x, training=True):
        if not training:
            self.mask = None
            return x.copy()
        rng = np.random.default_rng(self.seed)
        self.mask = rng.random(x.shape) >= self.rate
        return x * self.mask / (1 - self.rate)

    def backward(self, dout):
        if self.mask is None:
            return dout.copy()
        return dout * self.mask / (1 - self.rate)


@misconception(
    "dropout_ignores_seed", replaces="Dropout",
    ko="seed를 쓰지 않고 전역 난수(np.random)로 마스크를 뽑았습니다. 같은 seed로 만든 층이 같은 마스크를 내도록 생성자에서 np.random.default_rng(seed)를 만들어 쓰세요.",
    en="You ignore seed and draw masks from the global np.random. So that layers made with the same seed give the same masks, create np.random.default_rng(seed) in the constructor and draw from it.",
)
class DropoutIgnoresSeed:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate must be in [0, 1)")
        self.rate = rate
        self.mask = None

    def forward(self, x, training=True):
        if not training:
            self.mask = None
            return x.copy()
        self.mask = np.random.random(x.shape) >= self.rate
        return x * self.mask / (1 - self.rate)

    def backward(self, dout):
        if self.mask is None:
            return dout.copy()
        return dout * self.mask / (1 - self.rate)


@misconception(
    "dropout_ignores_training_flag", replaces="Dropout",
    ko="training=False일 때도 원소를 버렸습니다. 추론(평가) 때는 드롭아웃을 끄고 x를 그대로 반환해야 합니다.",
    en="You drop elements even when training=False. At inference (evaluation) dropout is off: return x unchanged.",
)
class DropoutIgnoresTrainingFlag:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate must be in [0, 1)")
        self.rate = rate
        self.rng = np.random.default_rng(seed)
        self.mask = None

    def forward(self, x, training=True):
        self.mask = self.rng.random(x.shape) >= self.rate
        return x * self.mask / (1 - self.rate)

    def backward(self, dout):
        return dout * self.mask / (1 - self.rate)


@misconception(
    "dropout_backward_no_scale", replaces="Dropout",
    ko="backward에서 1/(1 − rate)를 곱하지 않았습니다. 순전파가 x·mask/(1 − rate)이므로 미분도 dout·mask/(1 − rate)입니다.",
    en="Your backward omits the 1/(1 − rate). The forward pass is x·mask/(1 − rate), so its derivative is dout·mask/(1 − rate).",
)
class DropoutBackwardNoScale:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate must be in [0, 1)")
        self.rate = rate
        self.rng = np.random.default_rng(seed)
        self.mask = None

    def forward(self, x, training=True):
        if not training:
            self.mask = None
            return x.copy()
        self.mask = self.rng.random(x.shape) >= self.rate
        return x * self.mask / (1 - self.rate)

    def backward(self, dout):
        if self.mask is None:
            return dout.copy()
        return dout * self.mask


@misconception(
    "dropout_no_rate_check", replaces="Dropout",
    ko="rate를 검사하지 않았습니다. rate가 1 이상이면 1/(1 − rate)가 무한대나 음수가 되므로, 0 ≤ rate < 1이 아니면 생성자에서 ValueError를 일으키세요.",
    en="You do not validate rate. With rate >= 1, 1/(1 − rate) is infinite or negative, so raise ValueError in the constructor unless 0 <= rate < 1.",
)
class DropoutNoRateCheck:
    def __init__(self, rate, seed=None):
        self.rate = rate
        self.rng = np.random.default_rng(seed)
        self.mask = None

    def forward(self, x, training=True):
        if not training:
            self.mask = None
            return x.copy()
        self.mask = self.rng.random(x.shape) >= self.rate
        return x * self.mask / (1 - self.rate)

    def backward(self, dout):
        if self.mask is None:
            return dout.copy()
        return dout * self.mask / (1 - self.rate)
