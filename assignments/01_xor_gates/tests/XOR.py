OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "XOR"


@test_case(points=1, hidden=False)
def test_xor_truth_table(XOR):
    got = [XOR(a, b) for a, b in [(0, 0), (0, 1), (1, 0), (1, 1)]]
    assert got == [0, 1, 1, 0], \
        f"XOR 진리표가 [0, 1, 1, 0]이어야 하는데 {got}입니다. / XOR's truth table must be [0, 1, 1, 0], got {got}."
