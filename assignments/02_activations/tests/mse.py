OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "mse"


@test_case(points=1, hidden=False)
def test_mse_values(mse):
    out = mse(np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 0.0, 3.0, 2.0]))
    assert np.isclose(out, 2.0), \
        f"mse는 (0 + 4 + 0 + 4) / 4 = 2.0이어야 하는데 {out}입니다. / mse must be (0 + 4 + 0 + 4) / 4 = 2.0, got {out}."
