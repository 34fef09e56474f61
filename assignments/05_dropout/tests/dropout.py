OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "dropout"


@test_case(points=1, hidden=False)
def test_dropout_inference_and_rate_check(Dropout):
    x = np.arange(1.0, 13.0).reshape(3, 4)
    x_before = x.copy()
    out = np.asarray(Dropout(0.5, seed=0).forward(x, training=False))
    assert out.shape == x_before.shape and np.array_equal(out, x_before), \
        "training=False이면 x를 그대로 반환해야 합니다 / with training=False, return x unchanged"
    for bad in (1.0, -0.1):
        try:
            Dropout(bad)
        except ValueError:
            continue
        assert False, f"Dropout({bad})은(는) ValueError를 일으켜야 합니다 (0 ≤ rate < 1) / Dropout({bad}) must raise ValueError (0 <= rate < 1)"


@test_case(points=1, hidden=False)
def test_dropout_training_values(Dropout):
    x = np.ones((100, 100))
    d = Dropout(0.25, seed=0)
    out = np.asarray(d.forward(x, training=True))
    assert out.shape == x.shape, f"출력의 모양은 x와 같아야 합니다 / the output must have x's shape {x.shape}, got {out.shape}"
    assert np.all(np.isclose(out, 0.0) | np.isclose(out, 1 / 0.75)), \
        "학습 모드의 출력은 0 또는 x/(1 − rate)여야 합니다 / in training every output is 0 or x/(1 − rate)"
    kept = np.mean(out != 0)
    assert 0.70 < kept < 0.80, f"rate=0.25이면 약 75%가 남아야 하는데 {kept:.1%}입니다 / with rate=0.25 about 75% should be kept, got {kept:.1%}"
    mask = np.asarray(d.mask)
    assert mask.shape == x.shape, "self.mask에 x와 같은 모양의 0/1 마스크를 저장하세요 / store a 0/1 mask of x's shape in self.mask"
    assert np.array_equal(mask != 0, out != 0), "self.mask는 남긴 원소에서 1이어야 합니다 / self.mask must be 1 exactly where elements are kept"


@test_case(points=1, hidden=False)
def test_dropout_backward(Dropout):
    rng = np.random.default_rng(1)
    x, dout = rng.normal(size=(20, 30)), rng.normal(size=(20, 30))
    d = Dropout(0.4, seed=3)
    d.forward(x, training=True)
    mask = np.asarray(d.mask).copy()
    expected = dout * mask / 0.6  # from copies made before the call
    dx = np.asarray(d.backward(dout.copy()))
    assert dx.shape == dout.shape, "backward의 출력 모양은 dout과 같아야 합니다 / backward must return dout's shape"
    assert np.allclose(dx, expected), \
        "backward(dout) = dout · mask / (1 − rate) (forward의 마스크 사용) / backward(dout) = dout · mask / (1 − rate), with the forward's mask"
