OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "forward_loss"
ref = checks.load_reference(__file__)

SIZES = ((2, 2, 1), (3, 5, 2), (8, 16, 4))


def _params(rng, d, h, k):
    return {"W1": rng.normal(size=(d, h)), "b1": rng.normal(size=h),
            "W2": rng.normal(size=(h, k)), "b2": rng.normal(size=k)}


@test_case(points=3, hidden=True)
def test_forward_random_networks(forward):
    rng = checks.rng()
    for d, h, k in SIZES:
        n = int(rng.integers(3, 9))
        X, p = rng.normal(size=(n, d)) * 2.0, _params(rng, d, h, k)
        out = checks.call(forward, X, p)
        checks.assert_close(out, ref.forward(X, p), name=f"forward(X {X.shape}, params d={d}, h={h}, k={k}) -> (H, Y)")


@test_case(points=2, hidden=True)
def test_loss_random(loss):
    rng = checks.rng()
    for n, k in ((4, 1), (int(rng.integers(3, 9)), int(rng.integers(2, 5)))):
        Y, T = rng.uniform(size=(n, k)), (rng.uniform(size=(n, k)) > 0.5).astype(float)
        E = checks.call(loss, Y, T)
        if np.ndim(E) != 0:
            raise checks.Fail(f"loss는 스칼라(float) 하나를 반환해야 하는데 모양 {np.shape(E)}인 값을 반환했습니다.",
                              f"loss must return one scalar (a float), got a value of shape {np.shape(E)}.")
        checks.assert_close(E, ref.loss(Y, T), name=f"loss(Y {Y.shape}, T {T.shape}) (E = ½ Σ (Y − T)²)")
