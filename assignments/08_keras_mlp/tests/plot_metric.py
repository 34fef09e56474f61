OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "plot_metric"


@test_case(points=1, hidden=False)
def test_plot_metric_two_labelled_curves(build_model, train, plot_metric):
    rng = np.random.default_rng(1)
    centers = rng.uniform(0, 1, size=(10, 64))
    y = rng.permutation(np.arange(200) % 10)
    X = np.clip(centers[y] + 0.1 * rng.normal(size=(200, 64)), 0, 1).astype("float32")
    y[-20:] = rng.integers(0, 10, size=20)  # 조기 종료가 곧 멈추도록 / so that early stopping ends training soon
    history = train(build_model(), X, y)
    n = len(history.epoch)
    fig = plot_metric(history, "loss")
    axes = getattr(fig, "axes", None)
    assert isinstance(axes, (list, tuple)) and len(axes) >= 1, \
        "plot_metric은 matplotlib Figure를 반환해야 합니다 (fig, ax = plt.subplots(); ...; return fig) / plot_metric must return a matplotlib Figure (fig, ax = plt.subplots(); ...; return fig)"
    labels, lengths = [], []
    for ax in axes:
        handles, names = ax.get_legend_handles_labels()
        for handle, label in zip(handles, names):
            labels.append(label)
            lengths.append(len(np.asarray(handle.get_ydata()).ravel()))
    assert len(labels) == 2, \
        f"레이블이 붙은 선이 두 개여야 하는데 {labels}입니다. plot(..., label='loss'), plot(..., label='val_loss')처럼 그리세요 / there must be two labelled lines, got {labels}; draw them with plot(..., label='loss') and plot(..., label='val_loss')"
    assert lengths == [n, n], \
        f"각 선은 에폭마다 점 하나, 즉 {n}개의 점이어야 하는데 {lengths}개입니다 / each line needs one point per epoch ({n}), got {lengths}"
