"""Reference solution for 01_xor_gates — 퍼셉트론과 XOR 문제 (perceptron and the XOR problem).

Every function follows docs/contract.md. Inputs are never modified in place.
"""

import numpy as np


def perceptron(x, w, b):
    """One perceptron with a step activation (the lecture's rule: y <= 0 gives 0).

    퍼셉트론 하나: 가중합 sum(w*x) + b 가 0보다 크면 1, 아니면(0 이하) 0.

    Inputs:
    - x: array of shape (d,), the inputs
    - w: array of shape (d,), the weights
    - b: scalar, the bias

    Returns:
    - an int, 1 if sum(w * x) + b > 0 else 0 (exactly 0 gives 0)
    """
    s = np.sum(np.asarray(w, dtype=float) * np.asarray(x, dtype=float)) + b
    return 1 if s > 0 else 0


def NAND(x1, x2):
    """NAND gate: one perceptron with w = (-2, -2), b = 3.

    Inputs:
    - x1, x2: 0 or 1

    Returns:
    - an int, 0 only when x1 = x2 = 1
    """
    return perceptron(np.array([x1, x2]), np.array([-2.0, -2.0]), 3.0)


def OR(x1, x2):
    """OR gate: one perceptron with w = (2, 2), b = -1.

    Inputs:
    - x1, x2: 0 or 1

    Returns:
    - an int, 1 when at least one input is 1
    """
    return perceptron(np.array([x1, x2]), np.array([2.0, 2.0]), -1.0)


def AND(x1, x2):
    """AND gate: one perceptron with w = (1, 1), b = -1.

    For (1, 0) and (0, 1) the weighted sum is exactly 0, which the rule maps to 0.

    Inputs:
    - x1, x2: 0 or 1

    Returns:
    - an int, 1 only when x1 = x2 = 1
    """
    return perceptron(np.array([x1, x2]), np.array([1.0, 1.0]), -1.0)


def XOR(x1, x2):
    """XOR from two layers of gates: AND(NAND(x1, x2), OR(x1, x2)).

    Inputs:
    - x1, x2: 0 or 1

    Returns:
    - an int, 1 when exactly one input is 1
    """
    return AND(NAND(x1, x2), OR(x1, x2))


def _step(z):
    """Elementwise step: 1 where z > 0, else 0 (int array)."""
    return (np.asarray(z) > 0).astype(int)


def mlp_forward(X, W1, b1, W2, b2):
    """Forward pass of the 2-2-1 network with step activations.

    Inputs:
    - X: array of shape (N, 2), one input per row
    - W1: array of shape (2, 2), one column per hidden unit
    - b1: array of shape (2,)
    - W2: array of shape (2,)
    - b2: scalar

    Returns a tuple of:
    - H: int array of shape (N, 2) of 0/1, the hidden layer, step(X @ W1 + b1)
    - y: int array of shape (N,) of 0/1, the output, step(H @ W2 + b2)
    """
    X = np.asarray(X, dtype=float)
    H = _step(X @ np.asarray(W1, dtype=float) + np.asarray(b1, dtype=float))
    y = _step(H @ np.asarray(W2, dtype=float) + b2)
    return H, y


def train_perceptron(X, y, lr=0.1, max_epochs=100):
    """Rosenblatt's perceptron learning rule.

    Starts from w = 0, b = 0 and visits the samples in the given order. For each sample,
    yhat = perceptron(x_i, w, b), then
        w += lr * (y_i - yhat) * x_i
        b += lr * (y_i - yhat)
    Stops after the first epoch without a mistake (converged = True); otherwise stops after
    max_epochs epochs (converged = False).

    Inputs:
    - X: array of shape (N, d), the samples
    - y: array of shape (N,), the 0/1 targets
    - lr: the learning rate
    - max_epochs: the largest number of passes over the data

    Returns a tuple of:
    - w: float array of shape (d,)
    - b: float, the bias
    - converged: bool, True if an epoch made no mistake
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(max_epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            error = y_i - perceptron(x_i, w, b)
            if error != 0:
                w = w + lr * error * x_i
                b = b + lr * error
                mistakes += 1
        if mistakes == 0:
            return w, float(b), True
    return w, float(b), False


def build_xor_model():
    """A small compiled Keras network that learns XOR.

    Input(2) -> Dense(8, tanh) -> Dense(1, sigmoid), binary cross-entropy, Adam(0.05).
    With this learning rate 500 full-batch epochs on the four XOR points are plenty.

    Returns:
    - a compiled keras.Model whose predict gives an (N, 1) array of probabilities
    """
    import keras

    model = keras.Sequential([
        keras.Input(shape=(2,)),
        keras.layers.Dense(8, activation="tanh"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.05),
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )
    return model
