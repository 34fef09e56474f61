OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "early_stopping"
ref = checks.load_reference(__file__)

# Losses are multiples of 1/1024 (below 8) and min_delta values multiples of 1/2048, so differences
# and sums are exact in float64 and in float32 (Keras compares in float32) and "exactly min_delta"
# means exactly. Random curves use min_delta = (k + 1/2)/1024, which no difference between two of
# their losses can equal; test_min_delta_boundaries makes the exact ties on purpose.
GRID = 1024.0


def _curve(rng, n):
    """A decreasing validation-loss curve with noise, plateaus (exact repeats) and rises."""
    t = np.arange(n)
    loss = 0.3 + 2.0 * np.exp(-t / rng.uniform(3.0, 10.0)) + rng.normal(scale=rng.uniform(0.005, 0.05), size=n)
    loss = np.round(np.abs(loss) * GRID) / GRID
    for i in range(1, n):
        if rng.random() < 0.2:
            loss[i] = loss[i - 1]  # plateau
    return [float(v) for v in loss]


def _weights(rng, n):
    return [[rng.normal(size=(3, 2)), rng.normal(size=(2,))] for _ in range(n)]


def _kw(patience, min_delta, restore):
    return {"patience": int(patience), "min_delta": float(min_delta), "restore_best_weights": bool(restore)}


def _label(kw):
    return f"EarlyStopping(patience={kw['patience']}, min_delta={kw['min_delta']}, restore_best_weights={kw['restore_best_weights']})"


def _drive(EarlyStopping, curve, weights, kw, state_every_epoch=False):
    """Feed the curve epoch by epoch to the student's object and to the reference; every decision
    must agree, then the state must agree.

    When the reference stops and the student's object does not, the rest of the curve is still fed
    to the student's object (until it stops), so that the recorded calls show its whole behaviour
    to the diagnosis; the failure is reported at the first epoch whose decision differs."""
    label = _label(kw)
    es, expected = EarlyStopping(**kw), ref.EarlyStopping(**kw)
    first_wrong = None  # (epoch, the student's decision, the reference's decision)
    reference_stopped = False
    for epoch, loss in enumerate(curve):
        stop = checks.call(es.update, epoch, loss, weights[epoch])
        if stop is None or np.ndim(stop) != 0:
            raise checks.Fail(f"{label}: update는 True 또는 False를 반환해야 하는데 {stop!r}을(를) 반환했습니다.",
                              f"{label}: update must return True or False, got {stop!r}.")
        stop = bool(stop)
        if first_wrong is None:
            want = expected.update(epoch, loss, weights[epoch])
            if stop != want:
                first_wrong = (epoch, stop, want)
            elif state_every_epoch or want:
                _check_state(es, expected, label, f"after update at epoch {epoch}")
            reference_stopped = want
        if stop or (reference_stopped and first_wrong is None):
            break
    if first_wrong is not None:
        for attr in ("wait", "best", "stopped_epoch"):  # read, so that the diagnosis sees the final state too
            try:
                getattr(es, attr)
            except AttributeError:
                pass
        epoch, stop, want = first_wrong
        history = ", ".join(f"{v:g}" for v in curve[: epoch + 1])
        checks.assert_equal(stop, want, name=f"{label}: the decision of update at epoch {epoch} "
                                             f"(val_loss so far: {history})")
    _check_state(es, expected, label, "at the end of training")
    if kw["restore_best_weights"]:
        got = checks.attribute(es, "best_weights", label)
        if got is None:
            raise checks.Fail(f"{label}: restore_best_weights=True인데 best_weights가 None입니다.",
                              f"{label}: restore_best_weights=True but best_weights is None.")
        checks.assert_close(got, expected.best_weights,
                            name=f"{label}: best_weights at the end of training (the weights of the best epoch)")


def _check_state(es, expected, label, when):
    checks.assert_equal(checks.attribute(es, "wait", label), expected.wait, name=f"{label}: wait {when}")
    checks.assert_close(checks.attribute(es, "best", label), expected.best, name=f"{label}: best {when}")
    checks.assert_equal(checks.attribute(es, "stopped_epoch", label), expected.stopped_epoch, name=f"{label}: stopped_epoch {when}")


# Deterministic curves that separate every known mistake, each run before a random test's seeded
# curves: whether a mistake costs a test's points is decided here, never by the luck of the draw.
# (curve in units of 1/GRID, patience, min_delta in units of 1/GRID)
CANON = [
    ([800, 500, 500, 500, 492, 492, 492, 492, 492], 2, 0),            # plateaus are not improvements
    ([800, 700, 710, 705, 706, 707, 708, 709], 3, 0),                  # a partial recovery is not one
    ([900, 899, 893, 892, 880, 879, 870, 869, 868, 867, 866, 865], 2, 4.5),  # steps under min_delta
    ([900, 902, 903, 901, 904, 905, 906], 4, 2.5),                      # slightly worse is not better
    ([900, 890, 895, 880, 885, 870, 875, 876, 877, 878], 2, 0),        # wait resets after each improvement
]
CANON_PATIENCE_ZERO = [([800, 700, 700, 650], 0, 0), ([800, 797, 790], 0, 4.5), ([800, 801, 700], 0, 2.5)]


def _canon(EarlyStopping, rng, cases, restore=None):
    for curve, patience, min_delta in cases:
        curve = [c / GRID for c in curve]
        for keep in ((False, True) if restore is None else (restore,)):
            _drive(EarlyStopping, curve, _weights(rng, len(curve)), _kw(patience, min_delta / GRID, keep),
                   state_every_epoch=True)


@test_case(points=4, hidden=True)
def test_random_curves(EarlyStopping):
    rng = checks.rng()
    _canon(EarlyStopping, rng, CANON)
    for _ in range(12):
        n = int(rng.integers(5, 30))
        kw = _kw(rng.integers(0, 7), rng.choice([0.0, 0.0, 1.5, 2.5, 4.5, 16.5]) / GRID, rng.random() < 0.5)
        _drive(EarlyStopping, _curve(rng, n), _weights(rng, n), kw)


@test_case(points=3, hidden=True)
def test_plateaus_are_not_improvements(EarlyStopping):
    rng = checks.rng()
    _canon(EarlyStopping, rng, [([800, 500, 500, 492, 492, 492, 492], 3, 0)], restore=False)  # plateau shorter than patience
    for _ in range(4):
        start, low = float(rng.integers(600, 1000)) / GRID, float(rng.integers(100, 500)) / GRID
        # down, then flat for a while, then a real improvement, then flat again
        curve = [start, low] + [low] * int(rng.integers(1, 4)) + [low - 8 / GRID] + [low - 8 / GRID] * 6
        kw = _kw(rng.integers(1, 5), 0.0, False)
        _drive(EarlyStopping, curve, _weights(rng, len(curve)), kw, state_every_epoch=True)


@test_case(points=3, hidden=True)
def test_min_delta_boundaries(EarlyStopping):
    rng = checks.rng()
    for _ in range(4):
        k = int(rng.choice([8, 16, 32, 64]))
        md = k / GRID
        best = float(rng.integers(500, 1000)) / GRID
        curve = [best,
                 best + 1 / GRID,             # worse, within min_delta: no improvement
                 best - md + 1 / GRID,        # less than min_delta better: no improvement
                 best - md,                   # exactly min_delta better: no improvement
                 best - md - 1 / GRID,        # more than min_delta better than the best: improvement
                 best - md - 1 / GRID - k // 2 / GRID,  # half of min_delta better: no improvement
                 best - 2 * md - 1 / GRID,    # exactly min_delta better than the best: no improvement
                 best - 2 * md - 2 / GRID]    # better than the best by more than min_delta (not the last epoch)
        kw = _kw(10, md, rng.random() < 0.5)
        _drive(EarlyStopping, curve, _weights(rng, len(curve)), kw, state_every_epoch=True)
    # small decreases that each stay under min_delta but add up past it against the best
    curve = [1.0, 1.0 - 40 / GRID, 1.0 - 80 / GRID, 1.0 - 120 / GRID, 1.0 - 160 / GRID]
    _drive(EarlyStopping, curve, _weights(rng, len(curve)), _kw(3, 100 / GRID, False), state_every_epoch=True)


@test_case(points=2, hidden=True)
def test_patience_zero(EarlyStopping):
    rng = checks.rng()
    _canon(EarlyStopping, rng, CANON_PATIENCE_ZERO)
    for _ in range(5):
        n = int(rng.integers(4, 15))
        kw = _kw(0, rng.choice([0.0, 4.5]) / GRID, rng.random() < 0.5)
        _drive(EarlyStopping, _curve(rng, n), _weights(rng, n), kw, state_every_epoch=True)


@test_case(points=3, hidden=True)
def test_restore_best_weights(EarlyStopping):
    rng = checks.rng()
    _canon(EarlyStopping, rng, CANON, restore=True)
    for i in range(6):
        n = int(rng.integers(6, 20))
        curve = _curve(rng, n)
        if i % 2:  # a curve that keeps improving: training ends without stopping
            curve = sorted(set(curve), reverse=True)
            n = len(curve)
        kw = _kw(rng.integers(1, 5), rng.choice([0.0, 2.5]) / GRID, True)
        _drive(EarlyStopping, curve, _weights(rng, n), kw)
