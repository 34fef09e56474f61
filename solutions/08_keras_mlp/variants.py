"""Known-wrong variants (misconceptions) for 08_keras_mlp, with ko/en explanations.

Each variant is a complete function as a student would write it (importing Keras or matplotlib
inside, so that this file never loads TensorFlow into the grader). Replay cannot work here: the
results are Keras models, Histories and Figures (models are rebuilt from their data in the grader's
trusted evaluator, the rest lives in the student's process). So every variant
carries a ``detect`` predicate over the recorded calls of the failing test instead, and looks only
at objects returned by the function it replaces:

* a model from ``build_model``, as the grader's trusted evaluator rebuilt it (records
  ``("keras", serial, "summary" | "predict")``), whose output activation is not a softmax or whose
  predictions are not probabilities, or whose compiled loss is the one-hot categorical cross-entropy;
* a History from ``train`` without ``val_loss``, or with ``val_loss`` but as many epochs trained as
  ``params["epochs"]`` allows on data made to stop early;
* a Figure from ``plot_metric`` with a single labelled line.
"""

import numpy as np

from autograder.diagnosis import misconception


def _returned_by(records, function_name) -> set:
    """Serials of the objects that calls of the student's ``function_name`` returned."""
    return {r.object_serial for r in records
            if r.target == ("global", function_name) and r.error is None and r.object_serial is not None}


def _reads(records, serials, attribute) -> list:
    """Values of ``attribute`` the test read from those objects, in order."""
    return [r.result for r in records
            if r.target[0] == "getattr" and r.target[1] in serials and r.target[2] == attribute]


def _trusted(records, serials, what) -> list:
    """Results of what the grader's Keras evaluator did with the models rebuilt from those objects
    (``what``: "summary" or "predict"; see autograder.grader.keras_eval.KerasModel)."""
    return [r.result for r in records
            if r.target[0] == "keras" and r.target[1] in serials and r.target[2] == what and r.error is None]


def _predictions_are_not_probabilities(records) -> bool:
    models = _returned_by(records, "build_model")
    for summary in _trusted(records, models, "summary"):
        activations = [layer.get("activation") for layer in summary.get("layers", []) if layer.get("activation")]
        if activations and activations[-1] != "softmax":
            return True
    for result in _trusted(records, models, "predict"):
        p = np.asarray(result, dtype=np.float64)
        if p.ndim == 2 and p.shape[1] == 10 and (
                np.any(p < -1e-6) or not np.allclose(p.sum(axis=1), 1.0, rtol=0, atol=1e-4)):
            return True
    return False


def _loss_is_one_hot_categorical(records) -> bool:
    for summary in _trusted(records, _returned_by(records, "build_model"), "summary"):
        name = str(summary.get("loss") or "").lower().replace("_", "")
        if "categoricalcrossentropy" in name and "sparse" not in name:
            return True
    return False


def _history_without_validation(records) -> bool:
    logs = _reads(records, _returned_by(records, "train"), "history")
    return any(isinstance(d, dict) and "loss" in d and "val_loss" not in d for d in logs)


def _history_ran_every_epoch(records) -> bool:
    histories = _returned_by(records, "train")
    logs = _reads(records, histories, "history")
    params = _reads(records, histories, "params")
    epochs = _reads(records, histories, "epoch")
    for d, p, e in zip(logs, params, epochs):
        if isinstance(d, dict) and "val_loss" in d and isinstance(p, dict) and isinstance(e, list):
            if p.get("epochs") is not None and len(e) >= p["epochs"]:
                return True
    return False


def _figure_with_one_labelled_line(records) -> bool:
    figures = _returned_by(records, "plot_metric")
    figure_of_axes = {}
    for r in records:
        if r.target[0] == "getattr" and r.target[1] in figures and r.target[2] == "axes" and isinstance(r.result, list):
            for ax in r.result:
                serial = getattr(ax, "_serial", None)
                if serial is not None:
                    figure_of_axes[serial] = r.target[1]
    labels_per_figure = {}
    for r in records:
        if (r.target[0] == "method" and r.target[1] in figure_of_axes and r.target[2] == "get_legend_handles_labels"
                and r.error is None and isinstance(r.result, tuple) and len(r.result) == 2):
            fig = figure_of_axes[r.target[1]]
            labels_per_figure[fig] = labels_per_figure.get(fig, 0) + len(r.result[1])
    return any(count == 1 for count in labels_per_figure.values())


# --------------------------------------------------------------------------------------------
# build_model


@misconception(
    "keras_no_softmax", replaces="build_model",
    ko="출력층에 softmax가 없어 model.predict가 확률이 아닌 값(음수가 있고 합이 1이 아님)을 냅니다. 마지막 층을 "
       "Dense(10, activation='softmax')로 하고 손실은 from_logits=False(기본값)인 sparse_categorical_crossentropy를 "
       "쓰세요. softmax 없이 loss에 from_logits=False를 주면 학습도 제대로 되지 않습니다.",
    en="The output layer has no softmax, so model.predict gives values that are not probabilities (negative, rows "
       "not summing to 1). Make the last layer Dense(10, activation='softmax') and use "
       "sparse_categorical_crossentropy with from_logits=False (the default). Without the softmax, from_logits=False "
       "also breaks training.",
    detect=_predictions_are_not_probabilities,
)
def keras_no_softmax():
    import keras

    model = keras.Sequential([
        keras.Input(shape=(64,)),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(10),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.005), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


@misconception(
    "keras_categorical_crossentropy_integer_labels", replaces="build_model",
    ko="loss로 categorical_crossentropy를 썼습니다. 이 손실은 원-핫 레이블용이라 정수 레이블(0..9)로 fit하면 "
       "모양이 맞지 않는다는 오류가 납니다. 정수 레이블에는 sparse_categorical_crossentropy를 쓰세요.",
    en="You compiled with categorical_crossentropy, which expects one-hot labels, so fit with integer labels (0..9) "
       "fails with a shape error. For integer labels use sparse_categorical_crossentropy.",
    detect=_loss_is_one_hot_categorical,
)
def keras_categorical_crossentropy_integer_labels():
    import keras

    model = keras.Sequential([
        keras.Input(shape=(64,)),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.005), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model


# --------------------------------------------------------------------------------------------
# train


@misconception(
    "keras_no_validation_split", replaces="train",
    ko="model.fit에 validation_split(또는 검증 데이터)을 주지 않아 History에 val_loss가 없습니다. 그러면 "
       "EarlyStopping(monitor='val_loss')도 지켜볼 값이 없어 멈추지 못합니다. validation_split=0.1처럼 주세요.",
    en="model.fit gets no validation_split (nor validation data), so the History has no val_loss, and "
       "EarlyStopping(monitor='val_loss') has nothing to watch and never stops. Pass e.g. validation_split=0.1.",
    detect=_history_without_validation,
)
def keras_no_validation_split(model, X, y):
    import keras

    early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, restore_best_weights=True)
    return model.fit(X, y, epochs=50, batch_size=32, callbacks=[early_stopping], verbose=0)


@misconception(
    "keras_no_early_stopping", replaces="train",
    ko="조기 종료 콜백이 없어 검증 손실이 올라가도 epochs를 끝까지 학습합니다. "
       "callbacks=[keras.callbacks.EarlyStopping(monitor='val_loss', patience=5)]를 model.fit에 주세요.",
    en="There is no early-stopping callback, so training runs all epochs even while the validation loss rises. "
       "Pass callbacks=[keras.callbacks.EarlyStopping(monitor='val_loss', patience=5)] to model.fit.",
    detect=_history_ran_every_epoch,
)
def keras_no_early_stopping(model, X, y):
    return model.fit(X, y, validation_split=0.1, epochs=30, batch_size=32, verbose=0)


# --------------------------------------------------------------------------------------------
# plot_metric


@misconception(
    "keras_plot_training_curve_only", replaces="plot_metric",
    ko="학습 곡선 history.history[metric]만 그렸습니다. 과대적합을 보려면 검증 곡선 "
       "history.history['val_' + metric]도 같은 Figure에 label='val_' + metric으로 그려야 합니다.",
    en="You plot only the training curve history.history[metric]. To see overfitting, also plot the validation "
       "curve history.history['val_' + metric] on the same Figure, labelled 'val_' + metric.",
    detect=_figure_with_one_labelled_line,
)
def keras_plot_training_curve_only(history, metric):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    values = history.history[metric]
    ax.plot(range(1, len(values) + 1), values, label=metric)
    ax.set_xlabel("epoch")
    ax.legend()
    return fig
