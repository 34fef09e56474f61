OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "l1_penalty"
ref = checks.load_reference(__file__)


@test_case(points=3, hidden=True)
def test_l1_penalty_random_weight_lists(l1_penalty):
    rng = checks.rng()
    for _ in range(5):
        shapes = [(int(rng.integers(1, 6)), int(rng.integers(1, 6))), (int(rng.integers(1, 6)),), (2, 3, 2)]
        ws = [rng.normal(size=s) for s in shapes[: int(rng.integers(1, 4))]]
        lam = float(rng.uniform(1e-4, 0.5))
        out = checks.call(l1_penalty, ws, lam)
        checks.assert_close(out, ref.l1_penalty(ws, lam), name=f"l1_penalty(ws of shapes {[w.shape for w in ws]}, lam)")


@test_case(points=2, hidden=True)
def test_l1_penalty_edge_cases(l1_penalty):
    rng = checks.rng()
    w = -np.abs(rng.normal(size=(4, 3)))  # all negative: the absolute value matters
    checks.assert_close(checks.call(l1_penalty, [w], 0.2), ref.l1_penalty([w], 0.2), name="l1_penalty([negative w], lam)")
    checks.assert_close(checks.call(l1_penalty, [], 0.2), 0.0, name="l1_penalty([], lam) (no weights)")
    ws = [rng.normal(size=(2, 2)) for _ in range(4)]
    checks.assert_close(checks.call(l1_penalty, ws, 0.05), ref.l1_penalty(ws, 0.05),
                        name="l1_penalty of four (2, 2) arrays (every array counts)")
