import numpy as np


class Dropout:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate")
        self.rate, self.rng, self.mask = rate, np.random.default_rng(0), None

    def forward(self, x, training=True):
        if not training:
            self.mask = None
            return np.array(x, copy=True)
        self.mask = self.rng.random(np.shape(x)) >= self.rate
        return x * self.mask / (1 - self.rate)

    def backward(self, dout):
        return np.array(dout, copy=True) if self.mask is None else dout * self.mask / (1 - self.rate)
