"""Correct: a float 0/1 mask drawn with uniform(), scaling by multiplying with 1/(1-rate), and a
flag instead of mask=None after inference."""
import numpy as np


class Dropout:
    def __init__(self, rate, seed=None):
        if rate < 0 or rate >= 1:
            raise ValueError("rate must be in [0, 1)")
        self.rate = rate
        self.keep = 1.0 - rate
        self._rng = np.random.default_rng(seed)
        self.mask = None
        self._trained = False

    def forward(self, x, training=True):
        if not training:
            self._trained = False
            return np.array(x, copy=True)
        self.mask = (self._rng.uniform(0.0, 1.0, size=np.shape(x)) < self.keep).astype(float)
        self._trained = True
        return x * self.mask * (1.0 / self.keep)

    def backward(self, dout):
        if not self._trained:
            return np.array(dout, copy=True)
        return dout * self.mask * (1.0 / self.keep)
