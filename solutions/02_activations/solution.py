"""Reference solution for 02_activations — 활성화 함수와 시그모이드 미분 (activations and the sigmoid derivative).

Every function follows docs/contract.md. Elementwise functions take a Python scalar or a numpy
array and return the same shape (a 0-d numpy scalar for a scalar input); float32 input
stays float32, anything else becomes float64. Inputs are never modified in place.
"""

import numpy as np


def _as_float(x):
    """x as a float array: float32/float64 kept, ints and Python scalars become float64."""
    x = np.asarray(x)
    if x.dtype.kind != "f":
        x = x.astype(np.float64)
    return x


def _out(a):
    """Return a 0-d result as a numpy scalar, anything else unchanged."""
    return a[()] if a.ndim == 0 else a


def sigmoid(x):
    """The logistic sigmoid 1 / (1 + e^-x), computed without overflow.

    For x >= 0 it uses 1 / (1 + e^-x); for x < 0 the equal form e^x / (1 + e^x). Both only
    ever exponentiate -|x| <= 0, so |x| up to 1e4 (and beyond) gives no overflow and no NaN.

    Inputs:
    - x: a scalar or an array of any shape

    Returns:
    - sigmoid(x), same shape as x, values in [0, 1]; sigmoid(0) = 0.5
    """
    x = _as_float(x)
    z = np.exp(-np.abs(x))  # in (0, 1], never overflows
    out = np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z)).astype(x.dtype, copy=False)
    return _out(out)


def sigmoid_derivative(x):
    """Derivative of the sigmoid with respect to its pre-activation x: s(x) * (1 - s(x)).

    x is the pre-activation, not sigmoid(x). The maximum is 0.25, at x = 0.

    Inputs:
    - x: a scalar or an array of any shape

    Returns:
    - the derivative, same shape as x, values in [0, 0.25]
    """
    s = sigmoid(x)
    return s * (1 - s)


def tanh_derivative(x):
    """Derivative of tanh at the pre-activation x: 1 - tanh(x)^2 (maximum 1 at x = 0).

    Inputs:
    - x: a scalar or an array of any shape

    Returns:
    - the derivative, same shape as x, values in [0, 1]
    """
    x = _as_float(x)
    return _out(1 - np.tanh(x) ** 2)


def relu(x):
    """ReLU: max(0, x) elementwise.

    Inputs:
    - x: a scalar or an array of any shape

    Returns:
    - max(0, x), same shape as x
    """
    x = _as_float(x)
    return _out(np.maximum(x, 0).astype(x.dtype, copy=False))


def relu_derivative(x):
    """Derivative of ReLU: 1 where x > 0, else 0 (0 at x = 0, as TensorFlow does).

    Inputs:
    - x: a scalar or an array of any shape

    Returns:
    - a float array of 0s and 1s, same shape as x
    """
    x = _as_float(x)
    return _out((x > 0).astype(x.dtype))


def leaky_relu(x, alpha=0.01):
    """Leaky ReLU: x where x > 0, else alpha * x.

    Inputs:
    - x: a scalar or an array of any shape
    - alpha: the slope for x <= 0

    Returns:
    - the activation, same shape as x
    """
    x = _as_float(x)
    return _out(np.where(x > 0, x, alpha * x).astype(x.dtype, copy=False))


def leaky_relu_derivative(x, alpha=0.01):
    """Derivative of leaky ReLU: 1 where x > 0, else alpha (alpha at x = 0).

    Inputs:
    - x: a scalar or an array of any shape
    - alpha: the slope for x <= 0

    Returns:
    - the derivative, same shape as x
    """
    x = _as_float(x)
    return _out(np.where(x > 0, 1.0, alpha).astype(x.dtype, copy=False))


def softmax(x, axis=-1):
    """Numerically stable softmax along one axis.

    Subtracts the maximum along the axis before exponentiating: softmax(x) = softmax(x - c)
    for any constant c along the axis, and with c = max every exponent is <= 0.

    Inputs:
    - x: array of shape (K,) or (N, K) (any shape works)
    - axis: the axis that sums to 1 (default the last)

    Returns:
    - probabilities of the same shape as x, summing to 1 along axis
    """
    x = _as_float(x)
    shifted = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def mse(y_pred, y_true):
    """Mean squared error: the mean of (y_pred - y_true)^2 over all elements.

    Inputs:
    - y_pred, y_true: arrays of the same shape (or scalars)

    Returns:
    - a float
    """
    diff = np.asarray(y_pred, dtype=np.float64) - np.asarray(y_true, dtype=np.float64)
    return float(np.mean(diff ** 2))


def cross_entropy(p, t, eps=1e-7):
    """Categorical cross-entropy with clipping: -sum_k t_k log(clip(p_k, eps, 1 - eps)).

    For a batch (2-D input) it is averaged over the N rows, so a batch of copies of one row
    gives the same loss as that row.

    Inputs:
    - p: predicted probabilities, shape (N, K) or (K,)
    - t: one-hot targets, same shape as p
    - eps: clipping bound, so that log(0) never happens

    Returns:
    - a float: the loss of the row, or the mean loss over the rows
    """
    p = np.clip(np.asarray(p, dtype=np.float64), eps, 1 - eps)
    t = np.asarray(t, dtype=np.float64)
    per_row = -np.sum(t * np.log(p), axis=-1)
    return float(np.mean(per_row))


def vanishing_factor(n_layers, x=0.0):
    """How much a gradient shrinks through n_layers sigmoids: sigmoid_derivative(x) ** n_layers.

    At x = 0 this is 0.25 ** n_layers, the largest possible factor.

    Inputs:
    - n_layers: a non-negative int
    - x: the pre-activation at every layer (a scalar, or an array for several at once)

    Returns:
    - the product of n_layers factors sigmoid_derivative(x), a float (same shape as x for arrays)
    """
    return sigmoid_derivative(x) ** n_layers
