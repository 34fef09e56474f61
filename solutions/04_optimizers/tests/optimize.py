OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "optimize"
ref = checks.load_reference(__file__)

METHODS = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
# A learning rate per method for the random quadratics below. RMSProp stays at 0.001: near the
# minimum with lr 0.01 its steps are so sensitive that two correct codes differing in rounding
# drift apart by more than the tolerance within 50 steps.
LR = {"gd": 0.05, "momentum": 0.05, "nesterov": 0.05, "adagrad": 0.3, "rmsprop": 0.001, "adam": 0.05}


def _quadratic(rng, d):
    """Gradient of a random positive-definite quadratic ½xᵀAx - bᵀx on R^d."""
    q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    a = (q * rng.uniform(0.5, 4.0, size=d)) @ q.T
    b = rng.normal(size=d)
    # Sent as data: the student's optimize evaluates it without a round trip per step.
    return checks.affine_function(a, -b)


# The lecture's J = x1² + 4·x2² - x1·x2 has the gradient (2x1 - x2, 8x2 - x1) = A x.
LECTURE_GRAD = checks.affine_function([[2.0, -1.0], [-1.0, 8.0]])


def _trajectory(actual, expected, name):
    """assert_trajectory_close, with a reminder that optimize runs the student's own step functions."""
    if np.shape(actual) != np.shape(expected):
        checks.assert_trajectory_close(actual, expected, name=name)  # fails on the shape
    try:
        checks.assert_trajectory_close(actual, expected, name=name)
    except checks.Fail as e:
        raise checks.Fail(
            e.ko + " optimize는 여러분이 만든 스텝 함수를 쓰므로, 해당 스텝 함수의 테스트가 먼저 통과하는지도 확인하세요.",
            e.en + " optimize runs your own step functions, so check that that step function's tests pass first.",
        ) from None


def _lecture(optimize, method):
    x0 = np.array(ref.LECTURE_X0)
    traj = checks.call(optimize, method, LECTURE_GRAD, x0, ref.LECTURE_LR,
                       n_iter=ref.LECTURE_N_ITER)
    expected = ref.optimize(method, ref.lecture_objective_grad, x0, ref.LECTURE_LR,
                            n_iter=ref.LECTURE_N_ITER)
    _trajectory(traj, expected,
                name=f'optimize("{method}", lecture J, x0=(-5, 4), lr=0.01, n_iter=100)')
    # The lecture's printed figure, within its printed precision (one unit in the last digit).
    for i, printed in enumerate(ref.LECTURE_FIGURES[method]):
        atol = 10.0 ** -len(printed.split(".")[1])
        checks.assert_close(np.asarray(traj)[-1, i], float(printed), rtol=0.0, atol=atol,
                            name=f'optimize("{method}", ...)[-1][{i}] vs the lecture\'s figure')


@test_case(points=2, hidden=True)
def test_optimize_shape_and_start_row(optimize):
    rng = checks.rng()
    for method in METHODS:
        d, n_iter = int(rng.integers(1, 6)), int(rng.integers(1, 25))
        grad_fn = _quadratic(rng, d)
        x0 = rng.normal(size=d)
        traj = checks.call(optimize, method, grad_fn, x0, LR[method], n_iter=n_iter)
        shape = np.shape(traj)
        if shape != (n_iter + 1, d):
            raise checks.Fail(
                f'optimize("{method}", ..., n_iter={n_iter})의 결과 모양이 {(n_iter + 1, d)}이어야 하는데 {shape}입니다. '
                "첫 행은 x0, 그 뒤로 걸음마다 한 행입니다.",
                f'optimize("{method}", ..., n_iter={n_iter}) should have shape {(n_iter + 1, d)}, got {shape}. '
                "Row 0 is x0, then one row per step.",
            )
        checks.assert_close(np.asarray(traj)[0], x0, name=f'optimize("{method}", ...)[0] (the start x0)')


@test_case(points=3, hidden=True)
def test_optimize_lecture_experiment_gd(optimize):
    _lecture(optimize, "gd")


@test_case(points=3, hidden=True)
def test_optimize_lecture_experiment_momentum(optimize):
    _lecture(optimize, "momentum")


@test_case(points=3, hidden=True)
def test_optimize_lecture_experiment_nesterov(optimize):
    _lecture(optimize, "nesterov")


@test_case(points=3, hidden=True)
def test_optimize_random_quadratics_gd_momentum_nesterov(optimize):
    rng = checks.rng()
    for method in ("gd", "momentum", "nesterov"):
        d = int(rng.integers(2, 6))
        grad_fn = _quadratic(rng, d)
        x0 = 3.0 * rng.normal(size=d)
        traj = checks.call(optimize, method, grad_fn, x0, LR[method], n_iter=50)
        _trajectory(traj, ref.optimize(method, grad_fn, x0, LR[method], n_iter=50),
                    name=f'optimize("{method}", random quadratic, n_iter=50)')


@test_case(points=3, hidden=True)
def test_optimize_random_quadratics_adagrad_rmsprop_adam(optimize):
    rng = checks.rng()
    for method in ("adagrad", "rmsprop", "adam"):
        d = int(rng.integers(2, 6))
        grad_fn = _quadratic(rng, d)
        x0 = 3.0 * rng.normal(size=d)
        traj = checks.call(optimize, method, grad_fn, x0, LR[method], n_iter=50)
        _trajectory(traj, ref.optimize(method, grad_fn, x0, LR[method], n_iter=50),
                    name=f'optimize("{method}", random quadratic, n_iter=50)')


@test_case(points=3, hidden=True)
def test_optimize_forwards_hyperparameters(optimize):
    rng = checks.rng()
    cases = [
        ("momentum", dict(momentum=float(rng.uniform(0.3, 0.7)))),
        ("nesterov", dict(momentum=float(rng.uniform(0.3, 0.7)))),
        ("adagrad", dict(eps=float(rng.uniform(0.01, 0.1)))),
        ("rmsprop", dict(rho=float(rng.uniform(0.3, 0.7)), eps=1e-4)),
        ("adam", dict(beta1=float(rng.uniform(0.5, 0.8)), beta2=float(rng.uniform(0.9, 0.99)), eps=1e-4)),
    ]
    for method, hyper in cases:
        d = int(rng.integers(2, 5))
        grad_fn = _quadratic(rng, d)
        x0 = 2.0 * rng.normal(size=d)
        traj = checks.call(optimize, method, grad_fn, x0, LR[method], n_iter=30, **hyper)
        keys = ", ".join(f"{k}=..." for k in hyper)
        _trajectory(traj, ref.optimize(method, grad_fn, x0, LR[method], n_iter=30, **hyper),
                    name=f'optimize("{method}", ..., n_iter=30, {keys})')
