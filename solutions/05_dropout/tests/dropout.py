OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "dropout"

# Every bound below fails a correct implementation with probability below 1e-7 per check.
FAIL_PROB = 1e-7
# Kept values must be x/(1 - rate) up to rounding: x*(1/(1-rate)) and x/(1-rate) differ by 1 ulp.
RTOL = 1e-12


def _rate(rng):
    # not 0.5, so that using rate as the keep probability is visible
    return float(rng.choice([0.2, 0.25, 0.3, 0.4, 0.6, 0.7]))


def _seed(rng):
    return int(rng.integers(2**31))


def _x(rng, shape):
    # nonzero entries, so a dropped element (0) is never confused with a kept one
    return rng.uniform(0.5, 2.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)


def _mask(d, shape, label):
    """The layer's mask after a training forward, as a bool array (read from d.mask)."""
    m = getattr(d, "mask", None)
    if m is None:
        raise checks.Fail(f"{label}: 학습 모드 forward 뒤에 self.mask에 마스크를 저장해야 합니다.",
                          f"{label}: after a training forward the mask must be stored in self.mask.")
    m = np.array(m, copy=True)
    if m.shape != tuple(shape):
        raise checks.Fail(f"{label}: self.mask의 모양이 x와 같은 {tuple(shape)}이어야 하는데 {m.shape}입니다.",
                          f"{label}: self.mask should have x's shape {tuple(shape)}, got {m.shape}.")
    if m.dtype.kind not in "biuf" or not np.all((m == 0) | (m == 1)):
        raise checks.Fail(f"{label}: self.mask는 0/1 (또는 True/False) 값만 가져야 합니다 (배율 1/(1-rate)는 마스크가 아니라 출력에 곱하세요).",
                          f"{label}: self.mask must hold only 0/1 (or True/False) (apply the 1/(1-rate) scale to the output, not to the mask).")
    return m.astype(bool)


def _forward(d, x, training, label):
    out = checks.call(d.forward, x, training=training)
    if np.shape(out) != x.shape:
        raise checks.Fail(f"{label}: 출력의 모양이 x와 같은 {x.shape}이어야 하는데 {np.shape(out)}입니다.",
                          f"{label}: the output should have x's shape {x.shape}, got {np.shape(out)}.")
    return np.asarray(out)


def _check_train_output(out, x, mask, rate, label):
    """out is x/(1-rate) where the mask keeps and 0 where it drops."""
    if not np.all(out[~mask] == 0):
        raise checks.Fail(f"{label}: 마스크가 0인 원소의 출력은 0이어야 합니다.",
                          f"{label}: where the mask is 0 the output must be 0.")
    checks.assert_close(out[mask], x[mask] / (1.0 - rate), rtol=RTOL, atol=0.0,
                        name=f"{label}: kept outputs (x / (1 - rate))")


@test_case(points=2, hidden=True)
def test_identity_at_inference(Dropout):
    rng = checks.rng()
    for rate in (_rate(rng), 0.5):
        d = Dropout(rate, seed=_seed(rng))
        x = _x(rng, (int(rng.integers(20, 60)), int(rng.integers(5, 20))))
        label = f"Dropout({rate}).forward(x, training=False)"
        out = _forward(d, x, False, label)
        if not np.array_equal(out, x):
            raise checks.Fail(f"{label}: 추론 모드에서는 x를 그대로 (같은 값으로) 반환해야 합니다. 역 드롭아웃은 학습 때 이미 1/(1-rate)로 키웠으므로 추론 때는 아무것도 곱하지 않습니다.",
                              f"{label}: at inference return x unchanged (equal values). Inverted dropout already scaled by 1/(1-rate) in training, so inference multiplies by nothing.")


@test_case(points=2, hidden=True)
def test_identity_at_rate_zero(Dropout):
    rng = checks.rng()
    d = Dropout(0.0, seed=_seed(rng))
    x = _x(rng, (50, 20))
    out = _forward(d, x, True, "Dropout(0.0).forward(x, training=True)")
    checks.assert_close(out, x, rtol=RTOL, atol=0.0, name="Dropout(0.0).forward(x, training=True) (rate 0 keeps everything)")


@test_case(points=3, hidden=True)
def test_kept_fraction_binomial(Dropout):
    rng = checks.rng()
    for rate in (_rate(rng), float(rng.choice([0.1, 0.8]))):
        d = Dropout(rate, seed=_seed(rng))
        # 1-D: the count decides the keep probability alone (a mask shared across a batch's rows
        # would make a 2-D count pass or fail by luck; test_expected_output_equals_input decides that)
        x = _x(rng, (100_000,))
        label = f"Dropout({rate}).forward(x {x.shape}, training=True)"
        out = _forward(d, x, True, label)
        kept = int(np.count_nonzero(out))
        checks.assert_binomial(kept, x.size, 1.0 - rate, fail_prob=FAIL_PROB,
                               name=f"{label}: number of kept (nonzero) elements, keep probability 1 - rate")


@test_case(points=3, hidden=True)
def test_kept_values_scaled(Dropout):
    rng = checks.rng()
    rate = _rate(rng)
    d = Dropout(rate, seed=_seed(rng))
    x = _x(rng, (60, 40))
    label = f"Dropout({rate}).forward(x, training=True)"
    out = _forward(d, x, True, label)
    _check_train_output(out, x, _mask(d, x.shape, label), rate, label)


@test_case(points=3, hidden=True)
def test_expected_output_equals_input(Dropout):
    # One forward on M copies of a row x: the column means of the output estimate E[out] = x.
    # For a correct layer the mean of column i is x_i * k_i / (M (1 - rate)) with k_i ~ Binomial(M, 1 - rate).
    rng = checks.rng()
    rate, M, width = _rate(rng), 20000, 10
    d = Dropout(rate, seed=_seed(rng))
    row = _x(rng, (width,))
    X = np.tile(row, (M, 1))
    label = f"Dropout({rate}).forward(x, training=True)"
    out = _forward(d, X, True, label)
    ratio = out.mean(axis=0) / row
    lo, hi = checks.binomial_bounds(M, 1.0 - rate, FAIL_PROB / width)
    lo, hi = lo / (M * (1.0 - rate)) * (1 - 1e-9), hi / (M * (1.0 - rate)) * (1 + 1e-9)
    if not np.all((ratio >= lo) & (ratio <= hi)):
        worst = float(ratio[np.argmax(np.abs(ratio - 1.0))])
        raise checks.Fail(
            f"{label}: 여러 번 뽑은 출력의 평균이 입력과 같아야 합니다 (E[out] = x). 평균/입력 비율이 {worst:.3f}로 허용 범위 [{lo:.3f}, {hi:.3f}] 밖입니다. 학습 때 1/(1-rate)로 나눴는지 확인하세요.",
            f"{label}: averaged over many draws the output must equal the input (E[out] = x). The mean/input ratio {worst:.3f} is outside [{lo:.3f}, {hi:.3f}]. Check that training divides by (1 - rate).")


@test_case(points=3, hidden=True)
def test_backward_uses_forward_mask(Dropout):
    rng = checks.rng()
    rate = _rate(rng)
    d = Dropout(rate, seed=_seed(rng))
    x = _x(rng, (40, 30))
    for call in (1, 2):  # backward must use the mask of the latest forward
        label = f"Dropout({rate}): forward #{call} then backward(dout)"
        out = _forward(d, x, True, label)
        mask = _mask(d, x.shape, label)
        _check_train_output(out, x, mask, rate, label)
    dout = rng.normal(size=x.shape)
    dx = checks.call(d.backward, dout)
    checks.assert_close(dx, dout * mask / (1.0 - rate), rtol=RTOL, atol=0.0,
                        name=f"Dropout({rate}).backward(dout) (dout * mask / (1 - rate), mask of the last forward)")


@test_case(points=2, hidden=True)
def test_fresh_mask_every_call(Dropout):
    rng = checks.rng()
    rate = _rate(rng)
    d = Dropout(rate, seed=_seed(rng))
    x = _x(rng, (25, 40))
    masks = []
    for call in range(3):
        label = f"Dropout({rate}, seed=...): forward #{call + 1}"
        _forward(d, x, True, label)
        masks.append(_mask(d, x.shape, label))
    if np.array_equal(masks[0], masks[1]) or np.array_equal(masks[1], masks[2]):
        raise checks.Fail("forward를 호출할 때마다 새 마스크를 뽑아야 합니다 (같은 마스크가 반복됨). 생성자에서 만든 self.rng를 매번 사용하세요.",
                          "Each forward call must draw a new mask (the same mask repeated). Draw from the self.rng created in the constructor every time.")


@test_case(points=2, hidden=True)
def test_same_seed_same_masks(Dropout):
    rng = checks.rng()
    rate, seed = _rate(rng), _seed(rng)
    x = _x(rng, (30, 30))
    d1, d2 = Dropout(rate, seed=seed), Dropout(rate, seed=seed)
    for call in (1, 2):
        label = f"Dropout({rate}, seed={seed}): forward #{call}"
        _forward(d1, x, True, label)
        _forward(d2, x, True, label)
        if not np.array_equal(_mask(d1, x.shape, label), _mask(d2, x.shape, label)):
            raise checks.Fail(f"{label}: 같은 seed로 만든 두 층은 같은 순서로 같은 마스크를 뽑아야 합니다. 생성자에서 np.random.default_rng(seed)를 한 번 만들어 쓰세요.",
                              f"{label}: two layers made with the same seed must draw the same masks in the same order. Create np.random.default_rng(seed) once in the constructor and use it.")


@test_case(points=2, hidden=True)
def test_different_seeds_different_masks(Dropout):
    rng = checks.rng()
    rate, seed = _rate(rng), _seed(rng)
    x = _x(rng, (30, 30))
    d1, d2 = Dropout(rate, seed=seed), Dropout(rate, seed=seed + 1)
    label = f"Dropout({rate}, seed={seed}) vs seed={seed + 1}"
    _forward(d1, x, True, label)
    _forward(d2, x, True, label)
    if np.array_equal(_mask(d1, x.shape, label), _mask(d2, x.shape, label)):
        raise checks.Fail(f"{label}: seed가 다르면 마스크도 달라야 합니다. seed 인자를 np.random.default_rng(seed)에 넘기세요.",
                          f"{label}: different seeds must give different masks. Pass the seed argument to np.random.default_rng(seed).")


@test_case(points=2, hidden=True)
def test_rate_validation(Dropout):
    for bad in (1.0, 1.5, -0.1):
        checks.assert_raises(ValueError, Dropout, bad)
    for good in (0.0, 0.99):
        try:
            Dropout(good)
        except Exception as e:  # noqa: BLE001
            raise checks.Fail(f"Dropout({good})은(는) 올바른 rate(0 ≤ rate < 1)인데 {type(e).__name__}이(가) 발생했습니다.",
                              f"Dropout({good}) is a valid rate (0 <= rate < 1) but raised {type(e).__name__}.") from None


@test_case(points=2, hidden=True)
def test_inputs_not_modified(Dropout):
    rng = checks.rng()
    rate = _rate(rng)
    d = Dropout(rate, seed=_seed(rng))
    x = _x(rng, (20, 15))
    checks.call(d.forward, x, training=True)
    checks.call(d.backward, rng.normal(size=x.shape))
    checks.call(d.forward, x, training=False)


@test_case(points=3, hidden=True)
def test_any_shape(Dropout):
    rng = checks.rng()
    rate = _rate(rng)
    for shape in ((int(rng.integers(50, 200)),), (7, 9), (2, 3, 4, 5)):
        d = Dropout(rate, seed=_seed(rng))
        x = _x(rng, shape)
        label = f"Dropout({rate}).forward(x of shape {shape}, training=True)"
        out = _forward(d, x, True, label)
        mask = _mask(d, shape, label)
        _check_train_output(out, x, mask, rate, label)
        dout = rng.normal(size=shape)
        checks.assert_close(checks.call(d.backward, dout), dout * mask / (1.0 - rate), rtol=RTOL, atol=0.0,
                            name=f"Dropout({rate}).backward(dout of shape {shape})")


@test_case(points=2, hidden=True)
def test_backward_after_inference(Dropout):
    rng = checks.rng()
    rate = _rate(rng)
    d = Dropout(rate, seed=_seed(rng))
    x = _x(rng, (20, 10))
    _forward(d, x, True, f"Dropout({rate}).forward(x, training=True)")
    _forward(d, x, False, f"Dropout({rate}).forward(x, training=False)")
    dout = rng.normal(size=x.shape)
    dx = checks.call(d.backward, dout)
    if np.shape(dx) != dout.shape or not np.array_equal(np.asarray(dx), dout):
        raise checks.Fail(f"Dropout({rate}): 추론 모드 forward 뒤의 backward(dout)는 dout을 그대로 반환해야 합니다 (추론에서는 아무것도 버리지 않았으므로).",
                          f"Dropout({rate}): backward(dout) after an inference forward must return dout unchanged (nothing was dropped at inference).")
