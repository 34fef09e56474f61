"""Reference solution for 03_backprop — 오차 역전파와 델타 규칙 (backpropagation and the delta rule).

The network of the lecture, for a batch of N samples:

    H = sigmoid(X @ W1 + b1)        X (N, d), W1 (d, h), b1 (h,)  ->  H (N, h)
    Y = sigmoid(H @ W2 + b2)        W2 (h, k), b2 (k,)             ->  Y (N, k)
    E = 1/2 * sum((Y - T)**2)       summed over samples and outputs (not averaged)

params is a dict with keys "W1", "b1", "W2", "b2". Every function returns new arrays and
never modifies its inputs.
"""

import numpy as np

PARAM_KEYS = ("W1", "b1", "W2", "b2")

# The XOR truth table used by train_xor.
XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_T = np.array([[0.0], [1.0], [1.0], [0.0]])


def sigmoid(z):
    """Numerically stable logistic function 1 / (1 + exp(-z)), elementwise.

    Inputs:
    - z: numpy array of any shape (or a scalar)

    Returns:
    - array of the same shape with values in [0, 1]; no overflow for large |z|.
    """
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(over="ignore"):  # exp(-z) = inf for z < -709 gives exactly 0.0
        return 1.0 / (1.0 + np.exp(-z))


def affine_forward(X, W, b):
    """Affine (fully connected) layer: X @ W + b.

    Inputs:
    - X: array of shape (N, d), a batch of N inputs
    - W: array of shape (d, m), weights (one column per output unit)
    - b: array of shape (m,), biases

    Returns:
    - out: array of shape (N, m)
    """
    return X @ W + b


def affine_backward(dY, X, W):
    """Backward pass of the affine layer Y = X @ W + b.

    Inputs:
    - dY: array of shape (N, m), upstream gradient dE/dY
    - X: array of shape (N, d), the layer's input from the forward pass
    - W: array of shape (d, m), the layer's weights

    Returns a tuple (dX, dW, db):
    - dX: array of shape (N, d), dE/dX = dY @ W.T
    - dW: array of shape (d, m), dE/dW = X.T @ dY
    - db: array of shape (m,),   dE/db = sum of dY over the batch axis 0
    """
    dX = dY @ W.T
    dW = X.T @ dY
    db = np.sum(dY, axis=0)
    return dX, dW, db


def forward(X, params):
    """Forward pass of the two-layer sigmoid network.

    Inputs:
    - X: array of shape (N, d)
    - params: dict with "W1" (d, h), "b1" (h,), "W2" (h, k), "b2" (k,)

    Returns a tuple (H, Y):
    - H: array of shape (N, h), hidden activations sigmoid(X @ W1 + b1)
    - Y: array of shape (N, k), outputs sigmoid(H @ W2 + b2)
    """
    H = sigmoid(affine_forward(X, params["W1"], params["b1"]))
    Y = sigmoid(affine_forward(H, params["W2"], params["b2"]))
    return H, Y


def loss(Y, T):
    """Squared-error loss E = 1/2 * sum((Y - T)**2), summed over samples and outputs.

    Inputs:
    - Y: array of shape (N, k), network outputs
    - T: array of shape (N, k), targets

    Returns:
    - E: a Python float
    """
    return float(0.5 * np.sum((Y - T) ** 2))


def output_delta(Y, T):
    """Delta of the output layer: dE/dZ2 = (Y - T) * Y * (1 - Y), where Y = sigmoid(Z2).

    Inputs:
    - Y: array of shape (N, k), outputs (sigmoid activations)
    - T: array of shape (N, k), targets

    Returns:
    - delta_out: array of shape (N, k)
    """
    return (Y - T) * Y * (1.0 - Y)


def hidden_delta(delta_out, W2, H):
    """Delta of the hidden layer: dE/dZ1 = (delta_out @ W2.T) * H * (1 - H).

    Inputs:
    - delta_out: array of shape (N, k), delta of the output layer
    - W2: array of shape (h, k), hidden-to-output weights
    - H: array of shape (N, h), hidden activations (sigmoid outputs)

    Returns:
    - delta_hidden: array of shape (N, h)
    """
    return (delta_out @ W2.T) * H * (1.0 - H)


def backprop(X, T, params):
    """Exact gradient of E = 1/2 * sum((Y - T)**2) with respect to every parameter.

    Inputs:
    - X: array of shape (N, d)
    - T: array of shape (N, k), targets
    - params: dict with "W1" (d, h), "b1" (h,), "W2" (h, k), "b2" (k,)

    Returns:
    - grads: dict with the same keys and shapes as params: dE/dW1, dE/db1, dE/dW2, dE/db2
      (sums over the batch, matching the summed loss).
    """
    return _loss_and_grads(X, T, params)[1]


def _loss_and_grads(X, T, params):
    """(E, grads) from one forward pass; shared by backprop and train_xor."""
    H, Y = forward(X, params)
    d_out = output_delta(Y, T)                       # (N, k)
    d_hid = hidden_delta(d_out, params["W2"], H)     # (N, h)
    _, dW2, db2 = affine_backward(d_out, H, params["W2"])
    _, dW1, db1 = affine_backward(d_hid, X, params["W1"])
    return loss(Y, T), {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def init_params(d, hidden, k, rng):
    """The initialisation train_xor uses: weights ~ N(0, 1), biases 0.

    Draw order: W1 (d, hidden) first, then W2 (hidden, k), both with rng.normal(0.0, 1.0, shape).
    Small weights (e.g. N(0, 0.1)) start near the symmetric saddle point and need far more
    than 10000 epochs on XOR; N(0, 1) solves it for every seed we measured.
    """
    return {
        "W1": rng.normal(0.0, 1.0, size=(d, hidden)),
        "b1": np.zeros(hidden),
        "W2": rng.normal(0.0, 1.0, size=(hidden, k)),
        "b2": np.zeros(k),
    }


def train_xor(hidden=4, lr=0.5, epochs=10000, seed=0):
    """Train the 2-hidden-1 sigmoid network on XOR by full-batch gradient descent.

    Initialisation: rng = np.random.default_rng(seed); W1 ~ N(0, 1) of shape (2, hidden), then
    W2 ~ N(0, 1) of shape (hidden, 1); b1 and b2 are zeros. Each epoch computes the loss on the
    four XOR points with the current parameters, then takes one step
    p <- p - lr * dE/dp with the gradients of `backprop`.

    Inputs:
    - hidden: number of hidden units h
    - lr: learning rate
    - epochs: number of full-batch gradient steps
    - seed: seed of np.random.default_rng for the initial weights

    Returns a tuple (params, losses):
    - params: dict "W1" (2, h), "b1" (h,), "W2" (h, 1), "b2" (1,) after training
    - losses: list of `epochs` floats, losses[i] = E before the i-th update
    """
    rng = np.random.default_rng(seed)
    X, T = XOR_X, XOR_T
    params = init_params(X.shape[1], hidden, T.shape[1], rng)
    losses = []
    for _ in range(epochs):
        E, grads = _loss_and_grads(X, T, params)  # the same as loss(forward(...)) and backprop
        losses.append(E)
        params = {key: params[key] - lr * grads[key] for key in PARAM_KEYS}
    return params, losses
