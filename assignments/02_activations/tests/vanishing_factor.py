OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "vanishing_factor"


@test_case(points=1, hidden=False)
def test_vanishing_factor_at_zero(vanishing_factor):
    for n in (1, 2, 5):
        out = vanishing_factor(n)
        assert np.isclose(out, 0.25 ** n), \
            f"x = 0에서 층 {n}개를 지나면 0.25**{n} = {0.25 ** n}이어야 하는데 {out}입니다. / Through {n} layers at x = 0 it must be 0.25**{n} = {0.25 ** n}, got {out}."
