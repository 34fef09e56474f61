import numpy as np


def leaky_relu(x, alpha=0.2):
    return np.where(np.asarray(x) > 0, x, alpha * np.asarray(x))
