"""Correct: np.where with a boolean mask from rng.binomial."""
import numpy as np


class Dropout:
    def __init__(self, rate, seed=None):
        if not (0 <= rate < 1):
            raise ValueError(f"bad rate {rate}")
        self.rate, self.rng, self.mask = rate, np.random.default_rng(seed), None

    def forward(self, x, training=True):
        x = np.asarray(x, dtype=float)
        if not training:
            self.mask = None
            return x.copy()
        self.mask = self.rng.binomial(1, 1 - self.rate, size=x.shape).astype(bool)
        return np.where(self.mask, x / (1 - self.rate), 0.0)

    def backward(self, dout):
        if self.mask is None:
            return np.asarray(dout, dtype=float).copy()
        return np.where(self.mask, dout / (1 - self.rate), 0.0)
