import numpy as np


class Dropout:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate")
        self.rate, self.rng, self.mask = rate, np.random.default_rng(seed), None

    def forward(self, x, training=True):
        if not training:
            self.mask = None
            return x
        self.mask = self.rng.random(np.shape(x)) >= self.rate
        x *= self.mask / (1 - self.rate)
        return x

    def backward(self, dout):
        return dout if self.mask is None else dout * self.mask / (1 - self.rate)
