OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "early_stopping"


def _run(es, losses, weights=None):
    """Call update for each epoch until it says stop; return the list of decisions."""
    decisions = []
    for epoch, loss in enumerate(losses):
        w = [np.full(2, float(epoch))] if weights is None else weights[epoch]
        decisions.append(bool(es.update(epoch, loss, w)))
        if decisions[-1]:
            break
    return decisions


@test_case(points=1, hidden=False)
def test_patience_counts_epochs_without_improvement(EarlyStopping):
    es = EarlyStopping(patience=2)
    losses = [1.0, 0.8, 0.9, 0.7, 0.75, 0.8, 0.6]
    decisions = _run(es, losses)
    # epoch 3 improves (0.7), epochs 4 and 5 do not: with patience 2 training stops at epoch 5
    assert decisions == [False, False, False, False, False, True], f"patience=2이면 0.7(에폭 3) 뒤로 두 에폭 연속 개선이 없는 에폭 5에서 멈춰야 합니다. 받은 결정: {decisions} / with patience=2 training stops at epoch 5, the second epoch in a row without improvement after 0.7 (epoch 3); got decisions {decisions}"
    assert es.stopped_epoch == 5 and np.isclose(es.best, 0.7) and es.wait == 2, f"멈춘 뒤 stopped_epoch=5, best=0.7, wait=2여야 하는데 {es.stopped_epoch}, {es.best}, {es.wait}입니다 / after stopping, stopped_epoch=5, best=0.7, wait=2, got {es.stopped_epoch}, {es.best}, {es.wait}"


@test_case(points=1, hidden=False)
def test_plateau_and_min_delta(EarlyStopping):
    es = EarlyStopping(patience=0)
    assert _run(es, [0.5, 0.5]) == [False, True], "같은 값(0.5 → 0.5)은 개선이 아닙니다: patience=0이면 에폭 1에서 멈춥니다 / an equal value (0.5 → 0.5) is no improvement: with patience=0 training stops at epoch 1"
    es = EarlyStopping(patience=0, min_delta=0.25)
    assert _run(es, [1.0, 1.125]) == [False, True], "나빠진 값(1.0 → 1.125)은 개선이 아닙니다. min_delta는 손실이 그보다 더 줄어야 한다는 뜻입니다 / a worse value (1.0 → 1.125) is no improvement; min_delta means the loss must fall by more than it"
    es = EarlyStopping(patience=0, min_delta=0.25)
    assert _run(es, [1.0, 0.75]) == [False, True], "정확히 min_delta만큼(1.0 → 0.75, min_delta=0.25) 줄어든 것은 개선이 아닙니다. min_delta보다 더 줄어야 합니다 / a decrease of exactly min_delta (1.0 → 0.75, min_delta=0.25) is no improvement; it must decrease by more than min_delta"
    es = EarlyStopping(patience=0, min_delta=0.25)
    assert _run(es, [1.0, 0.5, 0.5]) == [False, False, True], "1.0 → 0.5는 min_delta=0.25보다 많이 줄었으므로 개선입니다 / 1.0 → 0.5 decreases by more than min_delta=0.25, so it is an improvement"


@test_case(points=1, hidden=False)
def test_restore_best_weights(EarlyStopping):
    es = EarlyStopping(patience=1, restore_best_weights=True)
    weights = [[np.array([float(e), -float(e)]), np.array([[10.0 * e]])] for e in range(4)]
    decisions = _run(es, [0.9, 0.4, 0.6, 0.3], weights)
    assert decisions == [False, False, True], f"patience=1이면 에폭 2에서 멈춰야 하는데 결정이 {decisions}입니다 / with patience=1 training stops at epoch 2, got decisions {decisions}"
    best = es.best_weights
    assert best is not None and len(best) == 2, "restore_best_weights=True이면 best_weights에 가장 좋은 에폭의 가중치 목록을 저장해야 합니다 / with restore_best_weights=True, best_weights must hold the list of weights of the best epoch"
    assert np.allclose(best[0], [1.0, -1.0]) and np.allclose(best[1], [[10.0]]), f"가장 좋은 에폭은 1 (0.4)이므로 그 가중치 [1, -1], [[10]]이어야 하는데 {best}입니다 / the best epoch is 1 (0.4), so its weights [1, -1], [[10]], got {best}"
    # The weights must be copies: training keeps changing the model's arrays in place.
    weights[1][0][:] = 99.0
    assert np.allclose(es.best_weights[0], [1.0, -1.0]), "best_weights에는 가중치의 복사본을 저장하세요. 원래 배열이 나중에 바뀌어도 그대로여야 합니다 / store copies of the weights in best_weights: they must not change when the original arrays change later"
