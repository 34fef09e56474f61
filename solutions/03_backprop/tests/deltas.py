OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "deltas"
ref = checks.load_reference(__file__)


@test_case(points=2, hidden=True)
def test_output_delta_random(output_delta):
    rng = checks.rng()
    for n, k in ((4, 1), (int(rng.integers(3, 9)), int(rng.integers(2, 5)))):
        Y, T = rng.uniform(0.02, 0.98, size=(n, k)), rng.uniform(size=(n, k))
        out = checks.call(output_delta, Y, T)
        checks.assert_close(out, ref.output_delta(Y, T), name=f"output_delta(Y {Y.shape}, T {T.shape})")


@test_case(points=3, hidden=True)
def test_hidden_delta_random(hidden_delta):
    rng = checks.rng()
    # a square W2 (h == k) first, where an untransposed W2 still runs and gives wrong values,
    # then one with h != k
    for h, k in ((3, 3), (int(rng.integers(3, 7)), 2)):
        n = int(rng.integers(3, 9))
        d_out, W2, H = rng.normal(size=(n, k)), rng.normal(size=(h, k)), rng.uniform(0.02, 0.98, size=(n, h))
        out = checks.call(hidden_delta, d_out, W2, H)
        checks.assert_close(out, ref.hidden_delta(d_out, W2, H),
                            name=f"hidden_delta(delta_out {d_out.shape}, W2 {W2.shape}, H {H.shape})")
