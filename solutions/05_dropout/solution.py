"""Reference solution for 05_dropout — 드롭아웃 (dropout).

Inverted dropout, as keras.layers.Dropout computes it: in training each element is kept with
probability 1 - rate and the kept elements are scaled by 1 / (1 - rate), so the expected output
equals the input and inference needs no scaling at all.
"""

import numpy as np


class Dropout:
    """Inverted dropout layer.

    Constructor inputs:
    - rate: float in [0, 1), the probability of dropping (zeroing) each element
    - seed: None or an int; seeds np.random.default_rng, created once here, so that
      two layers with the same seed draw the same sequence of masks

    Attributes:
    - rate: the drop probability
    - rng: the np.random.Generator all masks are drawn from
    - mask: the 0/1 (bool) mask of the last training forward, of x's shape; None after an
      inference forward (and before any forward)

    Raises ValueError unless 0 <= rate < 1.
    """

    def __init__(self, rate, seed=None):
        rate = float(rate)
        if not 0.0 <= rate < 1.0:
            raise ValueError(f"rate must satisfy 0 <= rate < 1, got {rate} / rate는 0 이상 1 미만이어야 합니다")
        self.rate = rate
        self.rng = np.random.default_rng(seed)
        self.mask = None

    def forward(self, x, training=True):
        """Apply dropout to x.

        Inputs:
        - x: array of any shape
        - training: if True, drop and scale; if False, return x unchanged

        Returns:
        - out: array of x's shape. In training, out = x * mask / (1 - rate) with a fresh
          bool mask whose elements are True (kept) with probability 1 - rate, independently;
          the mask is stored in self.mask. In inference, out has x's values and no mask is drawn.
        """
        x = np.asarray(x)
        if not training:
            self.mask = None
            return x.copy()
        # Keras's rule: keep where U[0, 1) >= rate.
        self.mask = self.rng.random(x.shape) >= self.rate
        return x * self.mask / (1.0 - self.rate)

    def backward(self, dout):
        """Backward pass: route the upstream gradient through the kept elements.

        Inputs:
        - dout: array of the shape of the last forward's x, upstream gradient dE/dout

        Returns:
        - dx: dout * mask / (1 - rate) with the mask of the last training forward;
          dout unchanged (a copy) after an inference forward.
        """
        dout = np.asarray(dout)
        if self.mask is None:
            return dout.copy()
        return dout * self.mask / (1.0 - self.rate)
