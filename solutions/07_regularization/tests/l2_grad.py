OK_FORMAT = False

from otter.test_files import test_case
from autograder import checks

name = "l2_grad"
ref = checks.load_reference(__file__)


@test_case(points=2, hidden=True)
def test_l2_grad_random_shapes(l2_grad):
    rng = checks.rng()
    for shape in [(1,), (7,), (3, 4), (2, 3, 4)]:
        w, lam = rng.normal(size=shape), float(rng.uniform(1e-3, 0.5))
        checks.assert_close(checks.call(l2_grad, w, lam), ref.l2_grad(w, lam), name=f"l2_grad(w {shape}, lam)")


@test_case(points=2, hidden=True)
def test_l2_grad_is_the_gradient_of_l2_penalty(l2_grad):
    """Centred differences of the reference penalty lam * sum(w**2)."""
    rng = checks.rng()
    for shape in [(5,), (3, 2)]:
        w, lam = rng.normal(size=shape), float(rng.uniform(0.05, 0.5))
        checks.gradient_check(lambda v: ref.l2_penalty([v], lam), w, checks.call(l2_grad, w, lam),
                              name=f"l2_grad(w {shape}, lam) against the numerical gradient of lam * sum(w**2)")
