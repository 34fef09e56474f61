"""Known-wrong versions of the 06_batchnorm layer, with the mistake explained in Korean and English.

Each variant is a complete class as a student would write it, depending only on numpy. The
grader diagnoses classes by replaying what the test did with the student's layers (constructor,
method calls, attributes set and read) on the variant and on the reference.
"""

import numpy as np

from autograder.diagnosis import misconception


# --------------------------------------------------------------------------------------------


@misconception(
    "bn_unbiased_variance", replaces="BatchNorm",
    ko="학습 모드에서 분산을 N − 1로 나눴습니다(ddof=1, 불편 분산). Keras(와 이 과제)는 배치를 N으로 나눈 "
       "편향 분산 np.var(x, axis=0)으로 정규화하고 이동 평균에도 그 값을 넣습니다.",
    en="In training you divide the variance by N − 1 (ddof=1, the unbiased variance). Keras (and this "
       "assignment) normalizes with the biased variance np.var(x, axis=0), divided by N, and feeds that "
       "value to the moving average too.",
)
class BatchNormUnbiasedVariance:
    def __init__(self, num_features, momentum=0.99, eps=1e-3):
        self.momentum, self.eps = momentum, eps
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)
        self.dgamma = self.dbeta = None

    def forward(self, x, training=True):
        if training:
            mu, var = x.mean(axis=0), x.var(axis=0, ddof=1)
            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mu
            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var
        else:
            mu, var = self.running_mean, self.running_var
        std = np.sqrt(var + self.eps)
        self.x_hat, self.std = (x - mu) / std, std
        return self.gamma * self.x_hat + self.beta

    def backward(self, dout):
        self.dbeta = dout.sum(axis=0)
        self.dgamma = (dout * self.x_hat).sum(axis=0)
        dx_hat = dout * self.gamma
        return (dx_hat - dx_hat.mean(axis=0) - self.x_hat * (dx_hat * self.x_hat).mean(axis=0)) / self.std


@misconception(
    "bn_momentum_swapped", replaces="BatchNorm",
    ko="이동 평균에서 momentum과 (1 − momentum)의 자리가 바뀌었습니다. 이전 값에 momentum(0.99)을, 새 배치 "
       "통계에 (1 − momentum)을 곱하세요: running = m·running + (1 − m)·batch.",
    en="momentum and (1 − momentum) are swapped in the moving average. Multiply the old value by "
       "momentum (0.99) and the new batch statistic by (1 − momentum): running = m·running + (1 − m)·batch.",
)
class BatchNormMomentumSwapped:
    def __init__(self, num_features, momentum=0.99, eps=1e-3):
        self.momentum, self.eps = momentum, eps
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)
        self.dgamma = self.dbeta = None

    def forward(self, x, training=True):
        if training:
            mu, var = x.mean(axis=0), x.var(axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mu
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var
        else:
            mu, var = self.running_mean, self.running_var
        std = np.sqrt(var + self.eps)
        self.x_hat, self.std = (x - mu) / std, std
        return self.gamma * self.x_hat + self.beta

    def backward(self, dout):
        self.dbeta = dout.sum(axis=0)
        self.dgamma = (dout * self.x_hat).sum(axis=0)
        dx_hat = dout * self.gamma
        return (dx_hat - dx_hat.mean(axis=0) - self.x_hat * (dx_hat * self.x_hat).mean(axis=0)) / self.std


@misconception(
    "bn_eps_outside_sqrt", replaces="BatchNorm",
    ko="ε을 제곱근 밖에 더했습니다(√σ² + ε). 배치 정규화는 ε을 분산에 더한 뒤 제곱근을 씌웁니다: "
       "x̂ = (x − μ)/√(σ² + ε).",
    en="You added ε outside the square root (√σ² + ε). Batch normalization adds ε to the variance and "
       "then takes the square root: x̂ = (x − μ)/√(σ² + ε).",
)
class BatchNormEpsOutsideSqrt:
    def __init__(self, num_features, momentum=0.99, eps=1e-3):
        self.momentum, self.eps = momentum, eps
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)
        self.dgamma = self.dbeta = None

    def forward(self, x, training=True):
        if training:
            mu, var = x.mean(axis=0), x.var(axis=0)
            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mu
            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var
        else:
            mu, var = self.running_mean, self.running_var
        std = np.sqrt(var) + self.eps
        self.x_hat, self.std = (x - mu) / std, std
        return self.gamma * self.x_hat + self.beta

    def backward(self, dout):
        self.dbeta = dout.sum(axis=0)
        self.dgamma = (dout * self.x_hat).sum(axis=0)
        dx_hat = dout * self.gamma
        return (dx_hat - dx_hat.mean(axis=0) - self.x_hat * (dx_hat * self.x_hat).mean(axis=0)) / self.std


@misconception(
    "bn_inference_uses_batch_statistics", replaces="BatchNorm",
    ko="추론(training=False)에서도 들어온 배치의 평균과 분산으로 정규화했습니다. 추론 때는 학습하며 모은 "
       "running_mean과 running_var를 써야 샘플 하나의 출력이 함께 들어온 다른 샘플에 좌우되지 않습니다.",
    en="At inference (training=False) you still normalize with the incoming batch's mean and variance. "
       "Inference must use running_mean and running_var collected in training, so that a sample's output "
       "does not depend on the other samples in its batch.",
)
class BatchNormInferenceUsesBatchStatistics:
    def __init__(self, num_features, momentum=0.99, eps=1e-3):
        self.momentum, self.eps = momentum, eps
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)
        self.dgamma = self.dbeta = None

    def forward(self, x, training=True):
        mu, var = x.mean(axis=0), x.var(axis=0)
        if training:
            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mu
            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var
        std = np.sqrt(var + self.eps)
        self.x_hat, self.std = (x - mu) / std, std
        return self.gamma * self.x_hat + self.beta

    def backward(self, dout):
        self.dbeta = dout.sum(axis=0)
        self.dgamma = (dout * self.x_hat).sum(axis=0)
        dx_hat = dout * self.gamma
        return (dx_hat - dx_hat.mean(axis=0) - self.x_hat * (dx_hat * self.x_hat).mean(axis=0)) / self.std


@misconception(
    "bn_no_running_update", replaces="BatchNorm",
    ko="학습 모드 forward에서 running_mean과 running_var를 갱신하지 않았습니다. 매 학습 단계마다 "
       "running = m·running + (1 − m)·batch 로 갱신해야 추론 때 쓸 통계가 쌓입니다.",
    en="Your training forward never updates running_mean and running_var. Update them at every training "
       "step, running = m·running + (1 − m)·batch, so that inference has statistics to use.",
)
class BatchNormNoRunningUpdate:
    def __init__(self, num_features, momentum=0.99, eps=1e-3):
        self.momentum, self.eps = momentum, eps
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)
        self.dgamma = self.dbeta = None

    def forward(self, x, training=True):
        if training:
            mu, var = x.mean(axis=0), x.var(axis=0)
        else:
            mu, var = self.running_mean, self.running_var
        std = np.sqrt(var + self.eps)
        self.x_hat, self.std = (x - mu) / std, std
        return self.gamma * self.x_hat + self.beta

    def backward(self, dout):
        self.dbeta = dout.sum(axis=0)
        self.dgamma = (dout * self.x_hat).sum(axis=0)
        dx_hat = dout * self.gamma
        return (dx_hat - dx_hat.mean(axis=0) - self.x_hat * (dx_hat * self.x_hat).mean(axis=0)) / self.std


@misconception(
    "bn_wrong_axis", replaces="BatchNorm",
    ko="평균과 분산을 특성 축(axis=1)으로 구했습니다. 배치 정규화는 특성마다 배치 축(axis=0)을 따라 "
       "평균과 분산을 구합니다: x.mean(axis=0), x.var(axis=0), 모양 (D,).",
    en="You took the mean and variance along the feature axis (axis=1). Batch normalization takes them "
       "along the batch axis (axis=0), one per feature: x.mean(axis=0), x.var(axis=0), shape (D,).",
)
class BatchNormWrongAxis:
    def __init__(self, num_features, momentum=0.99, eps=1e-3):
        self.momentum, self.eps = momentum, eps
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)
        self.dgamma = self.dbeta = None

    def forward(self, x, training=True):
        if training:
            mu, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)
            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mu.mean()
            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var.mean()
        else:
            mu, var = self.running_mean, self.running_var
        std = np.sqrt(var + self.eps)
        self.x_hat, self.std = (x - mu) / std, std
        return self.gamma * self.x_hat + self.beta

    def backward(self, dout):
        self.dbeta = dout.sum(axis=0)
        self.dgamma = (dout * self.x_hat).sum(axis=0)
        dx_hat = dout * self.gamma
        return (dx_hat - dx_hat.mean(axis=1, keepdims=True)
                - self.x_hat * (dx_hat * self.x_hat).mean(axis=1, keepdims=True)) / self.std


@misconception(
    "bn_backward_no_mean_terms", replaces="BatchNorm",
    ko="역전파에서 dx = dout·γ/√(σ² + ε) 만 계산했습니다. 학습 모드에서는 평균 μ와 분산 σ²도 배치의 모든 x에 "
       "의존하므로 두 항을 빼야 합니다: dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))/√(σ² + ε), dx̂ = dout·γ.",
    en="Your backward computes only dx = dout·γ/√(σ² + ε). In training the mean μ and the variance σ² depend "
       "on every x of the batch, so two terms must be subtracted: "
       "dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))/√(σ² + ε) with dx̂ = dout·γ.",
)
class BatchNormBackwardNoMeanTerms:
    def __init__(self, num_features, momentum=0.99, eps=1e-3):
        self.momentum, self.eps = momentum, eps
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)
        self.dgamma = self.dbeta = None

    def forward(self, x, training=True):
        if training:
            mu, var = x.mean(axis=0), x.var(axis=0)
            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mu
            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var
        else:
            mu, var = self.running_mean, self.running_var
        std = np.sqrt(var + self.eps)
        self.x_hat, self.std = (x - mu) / std, std
        return self.gamma * self.x_hat + self.beta

    def backward(self, dout):
        self.dbeta = dout.sum(axis=0)
        self.dgamma = (dout * self.x_hat).sum(axis=0)
        return dout * self.gamma / self.std


@misconception(
    "bn_backward_no_variance_term", replaces="BatchNorm",
    ko="역전파에서 평균을 거치는 항(− mean(dx̂))만 넣고 분산을 거치는 항(− x̂·mean(dx̂·x̂))을 빠뜨렸습니다. "
       "σ²도 x에 의존합니다: dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))/√(σ² + ε).",
    en="Your backward has the term through the mean (− mean(dx̂)) but not the one through the variance "
       "(− x̂·mean(dx̂·x̂)). σ² depends on x too: dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))/√(σ² + ε).",
)
class BatchNormBackwardNoVarianceTerm:
    def __init__(self, num_features, momentum=0.99, eps=1e-3):
        self.momentum, self.eps = momentum, eps
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)
        self.dgamma = self.dbeta = None

    def forward(self, x, training=True):
        if training:
            mu, var = x.mean(axis=0), x.var(axis=0)
            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mu
            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var
        else:
            mu, var = self.running_mean, self.running_var
        std = np.sqrt(var + self.eps)
        self.x_hat, self.std = (x - mu) / std, std
        return self.gamma * self.x_hat + self.beta

    def backward(self, dout):
        self.dbeta = dout.sum(axis=0)
        self.dgamma = (dout * self.x_hat).sum(axis=0)
        dx_hat = dout * self.gamma
        return (dx_hat - dx_hat.mean(axis=0)) / self.std


@misconception(
    "bn_running_var_starts_at_zero", replaces="BatchNorm",
    ko="running_var를 0으로 시작했습니다. 이동 분산은 1로 시작합니다(Keras의 moving_variance 초깃값). 0에서 "
       "시작하면 학습 전에 추론할 때 √(0 + ε)로 나누어 출력이 수십 배로 커집니다.",
    en="You start running_var at zeros. The moving variance starts at ones (Keras's initial moving_variance). "
       "Starting at 0, an inference before any training divides by √(0 + ε) and blows the output up tens of times.",
)
class BatchNormRunningVarStartsAtZero:
    def __init__(self, num_features, momentum=0.99, eps=1e-3):
        self.momentum, self.eps = momentum, eps
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.zeros(num_features)
        self.dgamma = self.dbeta = None

    def forward(self, x, training=True):
        if training:
            mu, var = x.mean(axis=0), x.var(axis=0)
            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mu
            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var
        else:
            mu, var = self.running_mean, self.running_var
        std = np.sqrt(var + self.eps)
        self.x_hat, self.std = (x - mu) / std, std
        return self.gamma * self.x_hat + self.beta

    def backward(self, dout):
        self.dbeta = dout.sum(axis=0)
        self.dgamma = (dout * self.x_hat).sum(axis=0)
        dx_hat = dout * self.gamma
        return (dx_hat - dx_hat.mean(axis=0) - self.x_hat * (dx_hat * self.x_hat).mean(axis=0)) / self.std
