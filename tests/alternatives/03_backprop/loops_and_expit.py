"""Correct: scipy.special.expit, explicit loops for the affine backward pass, einsum."""
import numpy as np
from scipy.special import expit


def affine_forward(X, W, b):
    return np.einsum("nd,dh->nh", X, W) + b


def affine_backward(dY, X, W):
    N, D = X.shape
    H = W.shape[1]
    dX = np.zeros((N, D))
    dW = np.zeros((D, H))
    db = np.zeros(H)
    for n in range(N):
        dX[n] = W @ dY[n]
        dW += np.outer(X[n], dY[n])
        db += dY[n]
    return dX, dW, db


def forward(X, params):
    H = expit(X @ params["W1"] + params["b1"])
    Y = expit(H @ params["W2"] + params["b2"])
    return H, Y


def output_delta(Y, T):
    return np.multiply(np.multiply(Y - T, Y), 1.0 - Y)


def hidden_delta(delta_out, W2, H):
    return np.dot(delta_out, W2.T) * (H - H ** 2)


def backprop(X, T, params):
    H, Y = forward(X, params)
    d_out = output_delta(Y, T)
    d_hid = hidden_delta(d_out, params["W2"], H)
    return {"W1": X.T @ d_hid, "b1": d_hid.sum(axis=0), "W2": H.T @ d_out, "b2": d_out.sum(axis=0)}
