OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "gates"
ref = checks.load_reference(__file__)

INPUTS = [(0, 0), (0, 1), (1, 0), (1, 1)]


def _truth_table(gate, ref_gate, gate_name):
    for x1, x2 in INPUTS:
        out = checks.call(gate, x1, x2)
        checks.assert_equal(out, ref_gate(x1, x2), name=f"{gate_name}({x1}, {x2})")


@test_case(points=2, hidden=True)
def test_nand_all_inputs(NAND):
    _truth_table(NAND, ref.NAND, "NAND")


@test_case(points=2, hidden=True)
def test_or_all_inputs(OR):
    _truth_table(OR, ref.OR, "OR")


@test_case(points=3, hidden=True)
def test_and_boundary(AND):
    """AND(1, 0) and AND(0, 1) sit exactly on the boundary: 1 + 0 - 1 = 0 gives 0."""
    for x1, x2 in [(1, 0), (0, 1)]:
        out = checks.call(AND, x1, x2)
        if checks.is_finite(out) and np.size(out) == 1 and float(np.asarray(out, dtype=float)) == 1.0:
            raise checks.Fail(
                f"AND({x1}, {x2})의 가중합은 정확히 0이므로 0이어야 합니다 (y ≤ 0 → 0).",
                f"AND({x1}, {x2}) has a weighted sum of exactly 0, so it must be 0 (y <= 0 -> 0).",
            )
    _truth_table(AND, ref.AND, "AND")
