"""Ignores the lr argument (a slip, not a misconception worth naming)."""

import numpy as np


def adadelta_step(w, g, s, d, lr=1.0, rho=0.95, eps=1e-6):
    s_new = rho * s + (1 - rho) * g**2
    update = -np.sqrt(d + eps) / np.sqrt(s_new + eps) * g
    return w + update, s_new, rho * d + (1 - rho) * update**2
