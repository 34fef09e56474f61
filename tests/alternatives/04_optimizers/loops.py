"""Correct, written with explicit loops over elements and math instead of vectorised numpy."""
import math

import numpy as np


def sgd_step(w, g, lr=0.01):
    out = np.empty_like(w, dtype=float)
    for i in np.ndindex(w.shape):
        out[i] = w[i] - lr * g[i]
    return out


def adagrad_step(w, g, s, lr=0.01, eps=1e-7):
    w_new, s_new = np.empty(w.shape), np.empty(w.shape)
    for i in np.ndindex(w.shape):
        s_new[i] = s[i] + g[i] * g[i]
        w_new[i] = w[i] - lr * g[i] / math.sqrt(s_new[i] + eps)
    return w_new, s_new


def adam_step(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new, v_new, w_new = np.empty(w.shape), np.empty(w.shape), np.empty(w.shape)
    for i in np.ndindex(w.shape):
        m_new[i] = beta1 * m[i] + (1 - beta1) * g[i]
        v_new[i] = beta2 * v[i] + (1 - beta2) * g[i] ** 2
        m_hat = m_new[i] / (1 - beta1 ** t)
        v_hat = v_new[i] / (1 - beta2 ** t)
        w_new[i] = w[i] - lr * m_hat / (math.sqrt(v_hat) + eps)
    return w_new, m_new, v_new
