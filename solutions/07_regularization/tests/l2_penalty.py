OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "l2_penalty"
ref = checks.load_reference(__file__)


def _weights(rng):
    shapes = [(int(rng.integers(1, 6)), int(rng.integers(1, 6))), (int(rng.integers(1, 6)),), (2, 3, 2)]
    return [rng.normal(size=s) for s in shapes[: int(rng.integers(1, 4))]]


@test_case(points=3, hidden=True)
def test_l2_penalty_random_weight_lists(l2_penalty):
    rng = checks.rng()
    for _ in range(5):
        ws, lam = _weights(rng), float(rng.uniform(1e-4, 0.5))
        out = checks.call(l2_penalty, ws, lam)
        checks.assert_close(out, ref.l2_penalty(ws, lam),
                            name=f"l2_penalty(ws of shapes {[w.shape for w in ws]}, lam)")


@test_case(points=2, hidden=True)
def test_l2_penalty_edge_cases(l2_penalty):
    rng = checks.rng()
    w = rng.normal(size=(3, 4))
    checks.assert_close(checks.call(l2_penalty, [w], 0.0), 0.0, name="l2_penalty([w], lam=0)")
    checks.assert_close(checks.call(l2_penalty, [], 0.3), 0.0, name="l2_penalty([], lam) (no weights)")
    checks.assert_close(checks.call(l2_penalty, [np.zeros(5), w], 0.3), ref.l2_penalty([w], 0.3),
                        name="l2_penalty([zeros, w], lam)")
    ws = [rng.normal(size=(2, 2)) for _ in range(4)]
    checks.assert_close(checks.call(l2_penalty, ws, 0.05), ref.l2_penalty(ws, 0.05),
                        name="l2_penalty of four (2, 2) arrays (every array counts)")
