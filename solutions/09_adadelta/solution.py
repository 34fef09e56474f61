"""Reference solution for 09_adadelta — Adadelta 최적화 (the Adadelta optimizer).

Zeiler (2012), as keras.optimizers.Adadelta computes it: eps inside both square roots, the
update's own moving average d in the numerator (updated after the step), and a learning rate
that multiplies the update (1.0 in the paper).
"""

import numpy as np


def adadelta_step(w, g, s, d, lr=1.0, rho=0.95, eps=1e-6):
    """One Adadelta step -> (w_new, s_new, d_new), new arrays; the inputs are not modified."""
    s_new = rho * s + (1 - rho) * g**2
    update = -np.sqrt(d + eps) / np.sqrt(s_new + eps) * g
    d_new = rho * d + (1 - rho) * update**2
    return w + lr * update, s_new, d_new
