OK_FORMAT = False

import importlib

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "plot_metric"
requires = ["keras"]  # this file needs TensorFlow/Keras in the student's process


def _module(env, module_name):
    """A module in the student's process (the grader's namespace), or imported here (a dict)."""
    return env.module(module_name) if hasattr(env, "module") else importlib.import_module(module_name)


def _history(env, rng, n):
    """A keras History made in the student's process, filled with random curves of n epochs."""
    history = _module(env, "keras.callbacks").History()
    logs = {
        "loss": sorted(rng.uniform(0.05, 2.0, size=n).tolist(), reverse=True),
        "accuracy": sorted(rng.uniform(0.2, 1.0, size=n).tolist()),
        "val_loss": rng.uniform(0.1, 2.0, size=n).tolist(),
        "val_accuracy": rng.uniform(0.2, 1.0, size=n).tolist(),
    }
    history.history = logs
    history.epoch = list(range(n))
    history.params = {"verbose": 0, "epochs": 50, "steps": 10}
    return history, logs


def _labelled_lines(fig, label):
    """[(label, y data)] of every labelled line on every axes of the figure."""
    axes = getattr(fig, "axes", None)
    if not isinstance(axes, (list, tuple)) or not axes:
        raise checks.Fail(f"{label}: matplotlib Figure를 반환해야 합니다 (예: fig, ax = plt.subplots(); ...; return fig).",
                          f"{label}: return a matplotlib Figure (e.g. fig, ax = plt.subplots(); ...; return fig).")
    found = []
    for ax in axes:
        handles, names = ax.get_legend_handles_labels()
        for handle, line_label in zip(handles, names):
            if hasattr(handle, "get_ydata"):
                found.append((str(line_label), np.asarray(handle.get_ydata(), dtype=np.float64).ravel()))
    return found


def _check_figure(fig, logs, metric, label):
    lines = _labelled_lines(fig, label)
    n = len(logs[metric])
    if len(lines) < 2:
        raise checks.Fail(
            f"{label}: 레이블이 붙은 선이 {len(lines)}개입니다. 학습 곡선(label='{metric}')과 검증 곡선"
            f"(label='val_{metric}') 두 개를 그리세요.",
            f"{label}: found {len(lines)} labelled line(s). Plot two: the training curve (label='{metric}') and "
            f"the validation curve (label='val_{metric}').")
    if len(lines) > 2:
        raise checks.Fail(
            f"{label}: 레이블이 붙은 선이 {len(lines)}개입니다. 호출할 때마다 새 Figure(plt.subplots())에 두 선만 "
            "그리세요 (이전 그림에 계속 덧그리면 안 됩니다).",
            f"{label}: found {len(lines)} labelled lines. Draw just the two lines on a new Figure (plt.subplots()) at "
            "every call (do not keep drawing on an earlier figure).")
    for (line_label, ydata) in lines:
        if ydata.shape != (n,):
            raise checks.Fail(f"{label}: 선 '{line_label}'의 점이 {ydata.shape[0]}개인데, 학습한 에폭 수 {n}과 같아야 합니다.",
                              f"{label}: line '{line_label}' has {ydata.shape[0]} points; it must have one per epoch ({n}).")
    train_curve, val_curve = np.asarray(logs[metric]), np.asarray(logs["val_" + metric])
    has_train = [name for name, yd in lines if np.allclose(yd, train_curve, rtol=1e-6, atol=1e-9)]
    has_val = [name for name, yd in lines if np.allclose(yd, val_curve, rtol=1e-6, atol=1e-9)]
    if not has_train or not has_val:
        missing = "history.history[metric]" if not has_train else "history.history['val_' + metric]"
        raise checks.Fail(f"{label}: {missing}의 값을 그린 선이 없습니다. 두 곡선을 바꾸지 말고 그대로 그리세요.",
                          f"{label}: no line shows the values of {missing}. Plot both curves as they are.")
    if has_train[0] == has_val[0] or not has_train[0].strip() or not has_val[0].strip():
        raise checks.Fail(f"{label}: 두 선에 서로 다른 레이블을 붙이세요 (예: '{metric}', 'val_{metric}').",
                          f"{label}: give the two lines different labels (e.g. '{metric}', 'val_{metric}').")


@test_case(points=3, hidden=True)
def test_plot_metric_draws_training_and_validation_curves(plot_metric, env):
    rng = checks.rng()
    history, logs = _history(env, rng, int(rng.integers(5, 30)))
    for metric in ("accuracy", "loss"):
        label = f"plot_metric(history, {metric!r})"
        fig = plot_metric(history, metric)
        _check_figure(fig, logs, metric, label)


@test_case(points=2, hidden=True)
def test_each_call_makes_its_own_figure(plot_metric, env):
    rng = checks.rng()
    first, first_logs = _history(env, rng, int(rng.integers(3, 10)))
    second, second_logs = _history(env, rng, int(rng.integers(12, 25)))
    plot_metric(first, "loss")
    fig = plot_metric(second, "loss")
    _check_figure(fig, second_logs, "loss", "plot_metric(history, 'loss') called after another plot_metric")
