OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "gates"

INPUTS = [(0, 0), (0, 1), (1, 0), (1, 1)]


@test_case(points=1, hidden=False)
def test_nand_or(NAND, OR):
    got = [NAND(a, b) for a, b in INPUTS]
    assert got == [1, 1, 1, 0], \
        f"NAND 진리표가 [1, 1, 1, 0]이어야 하는데 {got}입니다. / NAND's truth table must be [1, 1, 1, 0], got {got}."
    got = [OR(a, b) for a, b in INPUTS]
    assert got == [0, 1, 1, 1], \
        f"OR 진리표가 [0, 1, 1, 1]이어야 하는데 {got}입니다. / OR's truth table must be [0, 1, 1, 1], got {got}."


@test_case(points=1, hidden=False)
def test_and(AND):
    got = [AND(a, b) for a, b in INPUTS]
    assert got == [0, 0, 0, 1], \
        f"AND 진리표가 [0, 0, 0, 1]이어야 하는데 {got}입니다. / AND's truth table must be [0, 0, 0, 1], got {got}."
