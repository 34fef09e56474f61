OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "nesterov_step"
ref = checks.load_reference(__file__)

SHAPES = [(1,), (7,), (3, 4), (2, 3, 4)]


def _state(out):
    """The student's returned tuple as float arrays, to feed back into their next call."""
    return tuple(np.array(x, dtype=float) for x in out)


def _quadratic(rng, shape, record=False):
    """Gradient of a random positive-definite quadratic ½xᵀAx - bᵀx over arrays of `shape`.

    Returns (grad_fn, calls). With record=True grad_fn runs here in the grader and records every
    point it is evaluated at in `calls`; otherwise it is sent as data (no round trip per call).
    """
    n = int(np.prod(shape))
    q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    a = (q * rng.uniform(0.5, 4.0, size=n)) @ q.T
    b = rng.normal(size=n)
    calls = []
    if not record:
        return checks.affine_function(a, -b), calls

    def grad_fn(x):
        x = np.array(x, dtype=float)
        calls.append(x.copy())
        return (a @ x.reshape(-1) - b).reshape(x.shape)

    return grad_fn, calls


@test_case(points=3, hidden=True)
def test_nesterov_single_step_random_quadratic(nesterov_step):
    rng = checks.rng()
    for shape in SHAPES:
        grad_fn, _ = _quadratic(rng, shape)
        w, v = rng.normal(size=shape), 0.2 * rng.normal(size=shape)
        out = checks.call(nesterov_step, w, v, grad_fn)
        checks.assert_close(out, ref.nesterov_step(w, v, grad_fn),
                            name=f"nesterov_step(w, v, grad_fn) -> (w_new, v_new), shape {shape}")


@test_case(points=3, hidden=True)
def test_nesterov_gradient_at_lookahead_point(nesterov_step):
    rng = checks.rng()
    for shape in [(4,), (2, 3)]:
        grad_fn, calls = _quadratic(rng, shape, record=True)
        w, v = rng.normal(size=shape), 0.5 + rng.random(size=shape)
        mu = 0.9
        calls.clear()
        checks.call(nesterov_step, w, v, grad_fn)
        lookahead = w + mu * v
        if not calls:
            raise checks.Fail("nesterov_step이 grad_fn을 한 번도 부르지 않았습니다. 기울기는 grad_fn으로 구하세요.",
                              "nesterov_step never called grad_fn. Get the gradient from grad_fn.")
        if not any(c.shape == lookahead.shape and np.allclose(c, lookahead, rtol=1e-9, atol=1e-12)
                   for c in calls):
            raise checks.Fail(
                "grad_fn을 미리 가 본 지점 w + momentum*v 에서 부르지 않았습니다. "
                "NAG는 g = grad_fn(w + momentum*v) 로 기울기를 구합니다.",
                "grad_fn was not evaluated at the look-ahead point w + momentum*v. "
                "NAG takes g = grad_fn(w + momentum*v).",
            )


@test_case(points=3, hidden=True)
def test_nesterov_chained_steps(nesterov_step):
    rng = checks.rng()
    shape = (3, 2)
    grad_fn, _ = _quadratic(rng, shape)
    w = 2.0 * rng.normal(size=shape)
    v = np.zeros(shape)
    w_ref, v_ref = w.copy(), v.copy()
    for step in range(1, 16):
        out = checks.call(nesterov_step, w, v, grad_fn, lr=0.05)
        w_ref, v_ref = ref.nesterov_step(w_ref, v_ref, grad_fn, lr=0.05)
        checks.assert_close(out, (w_ref, v_ref), name=f"nesterov_step, step {step} of a chain")
        w, v = _state(out)


@test_case(points=2, hidden=True)
def test_nesterov_hyperparameters_by_keyword(nesterov_step):
    rng = checks.rng()
    for shape in [(5,), (2, 2)]:
        grad_fn, calls = _quadratic(rng, shape)
        w, v = rng.normal(size=shape), 0.2 * rng.normal(size=shape)
        lr, mu = float(rng.uniform(0.05, 0.2)), float(rng.uniform(0.3, 0.7))
        out = checks.call(nesterov_step, w, v, grad_fn, lr=lr, momentum=mu)
        checks.assert_close(out, ref.nesterov_step(w, v, grad_fn, lr=lr, momentum=mu),
                            name=f"nesterov_step(w, v, grad_fn, lr=..., momentum=...), shape {shape}")
