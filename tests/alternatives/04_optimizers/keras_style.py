"""Correct, in the incremental forms Keras's source uses (m += (g - m)(1 - β1), …) and a class
holding the methods, with copies made up front."""
import numpy as np


class _Rules:
    @staticmethod
    def momentum(w, g, v, lr, mu):
        v = np.array(v, dtype=float, copy=True)
        v *= mu
        v -= lr * g
        return w + v, v


def momentum_step(w, g, v, lr=0.01, momentum=0.9):
    return _Rules.momentum(w, g, v, lr, momentum)


def rmsprop_step(w, g, s, lr=0.001, rho=0.9, eps=1e-7):
    s_new = s + (np.square(g) - s) * (1 - rho)
    return w - lr * g / np.sqrt(s_new + eps), s_new


def adam_step(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = m + (g - m) * (1 - beta1)
    v_new = v + (np.square(g) - v) * (1 - beta2)
    m_hat, v_hat = m_new / (1 - np.power(beta1, t)), v_new / (1 - np.power(beta2, t))
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


def nesterov_step(w, v, grad_fn, lr=0.01, momentum=0.9):
    lookahead = w + momentum * v
    v_new = momentum * v - lr * np.asarray(grad_fn(lookahead))
    return w + v_new, v_new
