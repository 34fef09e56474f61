"""Reference solution for 04_optimizers — 고급 경사 하강법 (advanced gradient descent).

Every step function takes the parameters ``w``, the gradient ``g`` (or a gradient function)
and the optimizer state, and returns *new* arrays: nothing is modified in place.
All arrays of one call (w, g and every state array) share one shape, any shape.
State arrays start at zeros; Adam's step counter ``t`` starts at 1.

모든 스텝 함수는 파라미터 w, 기울기 g(또는 기울기 함수), 옵티마이저 상태를 받아 *새* 배열을
반환합니다. 입력은 절대 제자리에서 바꾸지 않습니다.
"""

import numpy as np


def sgd_step(w, g, lr=0.01):
    """One step of (stochastic) gradient descent. / 경사 하강법 한 걸음.

    Inputs:
    - w: parameters, array of any shape
    - g: gradient of the loss at w, same shape as w
    - lr: learning rate (scalar)

    Returns:
    - w_new: w - lr * g, same shape as w
    """
    return w - lr * g


def momentum_step(w, g, v, lr=0.01, momentum=0.9):
    """One step of SGD with momentum (Keras's SGD(momentum=...)). / 모멘텀 한 걸음.

    v_new = momentum * v - lr * g
    w_new = w + v_new

    Inputs:
    - w: parameters, array of any shape
    - g: gradient at w, same shape
    - v: velocity from the previous step (zeros at first), same shape
    - lr: learning rate
    - momentum: momentum coefficient mu in [0, 1)

    Returns a tuple (w_new, v_new) of new arrays with w's shape.
    """
    v_new = momentum * v - lr * g
    w_new = w + v_new
    return w_new, v_new


def nesterov_step(w, v, grad_fn, lr=0.01, momentum=0.9):
    """One step of Nesterov accelerated gradient (the lecture's look-ahead form). / NAG 한 걸음.

    g = grad_fn(w + momentum * v)      # gradient at the look-ahead point / 미리 가 본 지점의 기울기
    v_new = momentum * v - lr * g
    w_new = w + v_new

    Inputs:
    - w: parameters, array of any shape
    - v: velocity from the previous step (zeros at first), same shape
    - grad_fn: function taking an array shaped like w and returning the gradient there
    - lr: learning rate
    - momentum: momentum coefficient mu

    Returns a tuple (w_new, v_new) of new arrays with w's shape.
    """
    g = grad_fn(w + momentum * v)
    v_new = momentum * v - lr * g
    w_new = w + v_new
    return w_new, v_new


def adagrad_step(w, g, s, lr=0.01, eps=1e-7):
    """One Adagrad step (Keras's Adagrad(initial_accumulator_value=0.0)). / Adagrad 한 걸음.

    s_new = s + g**2
    w_new = w - lr * g / sqrt(s_new + eps)        # eps inside the square root

    Inputs:
    - w: parameters, array of any shape
    - g: gradient at w, same shape
    - s: running sum of squared gradients (zeros at first), same shape
    - lr: learning rate
    - eps: small constant for numerical stability

    Returns a tuple (w_new, s_new) of new arrays with w's shape.
    """
    s_new = s + g * g
    w_new = w - lr * g / np.sqrt(s_new + eps)
    return w_new, s_new


def rmsprop_step(w, g, s, lr=0.001, rho=0.9, eps=1e-7):
    """One RMSProp step (Keras's RMSprop()). / RMSProp 한 걸음.

    s_new = rho * s + (1 - rho) * g**2            # exponential moving average of g**2
    w_new = w - lr * g / sqrt(s_new + eps)        # eps inside the square root

    Inputs:
    - w: parameters, array of any shape
    - g: gradient at w, same shape
    - s: moving average of squared gradients (zeros at first), same shape
    - lr: learning rate
    - rho: decay rate of the moving average
    - eps: small constant for numerical stability

    Returns a tuple (w_new, s_new) of new arrays with w's shape.
    """
    s_new = rho * s + (1 - rho) * (g * g)
    w_new = w - lr * g / np.sqrt(s_new + eps)
    return w_new, s_new


def adam_step(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam step with bias correction (the textbook form). / Adam 한 걸음.

    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g**2
    m_hat = m_new / (1 - beta1**t);  v_hat = v_new / (1 - beta2**t)
    w_new = w - lr * m_hat / (sqrt(v_hat) + eps)  # eps outside the square root

    Inputs:
    - w: parameters, array of any shape
    - g: gradient at w, same shape
    - m: first moment (zeros at first), same shape
    - v: second moment (zeros at first), same shape
    - t: step number, an int >= 1 (1 at the first step)
    - lr, beta1, beta2, eps: hyperparameters

    Returns a tuple (w_new, m_new, v_new) of new arrays with w's shape.
    """
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * (g * g)
    m_hat = m_new / (1 - beta1**t)
    v_hat = v_new / (1 - beta2**t)
    w_new = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w_new, m_new, v_new


def adamw_step(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.004):
    """One AdamW step: decoupled weight decay, then Adam (Keras's AdamW). / AdamW 한 걸음.

    w_decayed = w - lr * weight_decay * w
    (w_new, m_new, v_new) = adam_step(w_decayed, g, m, v, t, lr, beta1, beta2, eps)

    The gradient g is the gradient at the original w; the decay does not enter m or v.

    Inputs: as adam_step, plus
    - weight_decay: decay coefficient (multiplied by lr, as in Keras)

    Returns a tuple (w_new, m_new, v_new) of new arrays with w's shape.
    """
    w_decayed = w - lr * weight_decay * w
    return adam_step(w_decayed, g, m, v, t, lr=lr, beta1=beta1, beta2=beta2, eps=eps)


def optimize(method, grad_fn, x0, lr, n_iter=100, **hyper):
    """Run n_iter steps of one optimizer from x0 and return the whole trajectory.

    x0에서 출발해 선택한 방법으로 n_iter번 갱신하고 전체 경로를 반환합니다.

    Inputs:
    - method: one of "gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"
    - grad_fn: function x -> gradient of the objective at x (same shape as x)
    - x0: starting point, 1-D array of length d
    - lr: learning rate
    - n_iter: number of steps
    - **hyper: extra hyperparameters forwarded to the step function
      (momentum=, rho=, eps=, beta1=, beta2=)

    Returns:
    - trajectory: array of shape (n_iter + 1, d); row 0 is x0, row k the point after k steps.

    Raises ValueError for an unknown method.
    """
    methods = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
    if method not in methods:
        raise ValueError(f"unknown method {method!r}; expected one of {', '.join(methods)}")
    x = np.array(x0, dtype=float)
    state1 = np.zeros_like(x)
    state2 = np.zeros_like(x)
    trajectory = [x.copy()]
    for t in range(1, n_iter + 1):
        if method == "gd":
            x = sgd_step(x, grad_fn(x), lr, **hyper)
        elif method == "momentum":
            x, state1 = momentum_step(x, grad_fn(x), state1, lr, **hyper)
        elif method == "nesterov":
            x, state1 = nesterov_step(x, state1, grad_fn, lr, **hyper)
        elif method == "adagrad":
            x, state1 = adagrad_step(x, grad_fn(x), state1, lr, **hyper)
        elif method == "rmsprop":
            x, state1 = rmsprop_step(x, grad_fn(x), state1, lr, **hyper)
        else:  # adam
            x, state1, state2 = adam_step(x, grad_fn(x), state1, state2, t, lr, **hyper)
        trajectory.append(np.array(x, dtype=float))
    return np.array(trajectory)


def lecture_objective(x):
    """The objective that reproduces the lecture's figures: J = x1**2 + 4*x2**2 - x1*x2.

    (The slide prints 2*x2**2, which reproduces none of its own figures.)
    """
    x1, x2 = x[0], x[1]
    return x1**2 + 4 * x2**2 - x1 * x2


def lecture_objective_grad(x):
    """Gradient of J = x1**2 + 4*x2**2 - x1*x2: (2*x1 - x2, 8*x2 - x1). / 강의 목적 함수의 기울기.

    Input: x, array of shape (2,). Returns a new array of shape (2,).
    """
    x1, x2 = x[0], x[1]
    return np.array([2 * x1 - x2, 8 * x2 - x1], dtype=float)


def slide_objective_grad(x):
    """Gradient of the objective the slide prints, J = x1**2 + 2*x2**2 - x1*x2: (2*x1 - x2, 4*x2 - x1).

    Kept to show that it does *not* reproduce the lecture's figures.
    """
    x1, x2 = x[0], x[1]
    return np.array([2 * x1 - x2, 4 * x2 - x1], dtype=float)


# The lecture's experiment: x0 = (-5, 4), lr = 0.01, 100 iterations, momentum 0.9.
LECTURE_X0 = (-5.0, 4.0)
LECTURE_LR = 0.01
LECTURE_N_ITER = 100
# The printed figures as strings, so their precision (one unit in the last digit) is known.
LECTURE_FIGURES = {
    "gd": ("-0.663", "-0.107"),
    "momentum": ("-0.020", "-0.0230"),
    "nesterov": ("-0.00850", "-0.00174"),
}
