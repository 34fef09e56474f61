OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "XOR"
ref = checks.load_reference(__file__)


@test_case(points=3, hidden=True)
def test_xor_all_inputs(XOR):
    for x1, x2 in [(1, 1), (0, 0), (1, 0), (0, 1)]:
        out = checks.call(XOR, x1, x2)
        checks.assert_equal(out, ref.XOR(x1, x2), name=f"XOR({x1}, {x2})")


@test_case(points=2, hidden=True)
def test_xor_is_two_layers(XOR, NAND, OR, AND):
    """XOR(x1, x2) equals AND(NAND(x1, x2), OR(x1, x2)) built from the student's own gates."""
    for x1, x2 in [(0, 0), (0, 1), (1, 0), (1, 1)]:
        expected = checks.call(AND, checks.call(NAND, x1, x2), checks.call(OR, x1, x2))
        checks.assert_equal(checks.call(XOR, x1, x2), expected,
                            name=f"XOR({x1}, {x2}) vs AND(NAND, OR)")
