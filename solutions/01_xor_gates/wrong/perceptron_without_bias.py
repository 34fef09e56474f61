import numpy as np


def perceptron(x, w, b):
    return int(np.sum(np.asarray(w) * np.asarray(x)) > 0)
