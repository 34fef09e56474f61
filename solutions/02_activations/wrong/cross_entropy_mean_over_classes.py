import numpy as np


def cross_entropy(p, t, eps=1e-7):
    return float(np.mean(-t * np.log(np.clip(p, eps, 1 - eps))))
