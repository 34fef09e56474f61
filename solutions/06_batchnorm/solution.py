"""Reference solution for 06_batchnorm — 배치 정규화 (batch normalization).

A batch-normalization layer for inputs of shape (N, D), computing what
keras.layers.BatchNormalization computes (Keras 3, default arguments):

* training: normalize with the batch mean and the *biased* batch variance (divide by N),
  out = gamma * (x - mu) / sqrt(var + eps) + beta, and update the moving statistics
  running = momentum * running + (1 - momentum) * batch;
* inference: normalize with the moving statistics instead; nothing is updated.

The lecture's inference formula uses the unbiased variance N/(N-1) * E[var_B]; Keras (and this
assignment) keeps a moving average of the biased batch variance instead.

입력 (N, D)에 대한 배치 정규화 층. 학습 때는 배치 평균과 (N으로 나눈) 편향 분산으로 정규화하고
이동 평균을 갱신하며, 추론 때는 이동 평균으로 정규화합니다 (Keras와 같음).
"""

import numpy as np


class BatchNorm:
    """Batch normalization over the batch axis of an (N, D) input.

    Constructor inputs:
    - num_features: D, the number of features (columns of x)
    - momentum: weight of the old value in the moving averages (Keras's default 0.99)
    - eps: small constant added to the variance inside the square root (Keras's default 1e-3)

    Attributes:
    - gamma: scale, shape (D,), starts at ones
    - beta: shift, shape (D,), starts at zeros
    - running_mean: moving mean, shape (D,), starts at zeros (Keras's moving_mean)
    - running_var: moving variance, shape (D,), starts at ones (Keras's moving_variance)
    - dgamma, dbeta: gradients of the loss w.r.t. gamma and beta, shape (D,), set by backward
      (None before the first backward)
    - momentum, eps: the hyperparameters
    """

    def __init__(self, num_features, momentum=0.99, eps=1e-3):
        self.num_features = int(num_features)
        self.momentum = float(momentum)
        self.eps = float(eps)
        self.gamma = np.ones(self.num_features)
        self.beta = np.zeros(self.num_features)
        self.running_mean = np.zeros(self.num_features)
        self.running_var = np.ones(self.num_features)
        self.dgamma = None
        self.dbeta = None
        self.cache = None

    def forward(self, x, training=True):
        """Normalize a batch.

        Inputs:
        - x: array of shape (N, D)
        - training: True to use (and update with) the batch statistics, False to use the
          moving statistics

        Returns:
        - out: array of shape (N, D), gamma * x_hat + beta where
          x_hat = (x - mean) / sqrt(var + eps) and, in training, mean and var are the batch
          mean and biased variance over axis 0 (np.var(x, axis=0), ddof=0); in inference they are
          running_mean and running_var.

        In training, running_mean and running_var are then updated as
        running = momentum * running + (1 - momentum) * batch_statistic.
        x is never modified.
        """
        x = np.asarray(x, dtype=np.float64)
        if training:
            mean = x.mean(axis=0)
            var = x.var(axis=0)  # biased: divides by N, as Keras does
            m = self.momentum
            self.running_mean = m * self.running_mean + (1.0 - m) * mean
            self.running_var = m * self.running_var + (1.0 - m) * var
        else:
            mean, var = np.array(self.running_mean, dtype=np.float64), np.array(self.running_var, dtype=np.float64)
        std = np.sqrt(var + self.eps)
        x_hat = (x - mean) / std
        self.cache = (x_hat, std, bool(training), np.array(self.gamma, dtype=np.float64))
        return self.gamma * x_hat + self.beta

    def backward(self, dout):
        """Backward pass of the last forward call (a training one, in this assignment).

        Inputs:
        - dout: upstream gradient dL/dout, shape (N, D)

        Returns:
        - dx: dL/dx, shape (N, D)

        Also sets self.dgamma = dL/dgamma and self.dbeta = dL/dbeta, each of shape (D,).

        In training the batch mean and variance depend on x, which gives the two extra terms:
        dx = (dx_hat - mean(dx_hat) - x_hat * mean(dx_hat * x_hat)) / sqrt(var + eps),
        with dx_hat = dout * gamma and means over the batch axis. After an inference forward the
        layer is an affine map and dx = dout * gamma / sqrt(running_var + eps).
        """
        if self.cache is None:
            raise RuntimeError("call forward before backward / backward 전에 forward를 호출하세요")
        x_hat, std, training, gamma = self.cache
        dout = np.asarray(dout, dtype=np.float64)
        self.dbeta = dout.sum(axis=0)
        self.dgamma = (dout * x_hat).sum(axis=0)
        dx_hat = dout * gamma
        if not training:
            return dx_hat / std
        return (dx_hat - dx_hat.mean(axis=0) - x_hat * (dx_hat * x_hat).mean(axis=0)) / std
