"""Reference solution for 08_keras_mlp — Keras로 만드는 다층 퍼셉트론 (an MLP in Keras).

A Keras MLP for scikit-learn's bundled 8x8 digits (1797 images, 64 pixel features with values
0..16, labels 0..9; loaded offline with sklearn.datasets.load_digits). The grader scales the
pixels by 1/16 (float32), keeps a test split to itself, trains the model with ``train`` in the
student's process and needs at least 95% accuracy on its split.

* ``build_model()``: a compiled model: 64 inputs, a hidden ReLU layer with dropout, a softmax
  over the 10 classes; sparse categorical cross-entropy, because the labels are integers 0..9
  (categorical cross-entropy would need one-hot labels); Adam; the "accuracy" metric.
* ``train(model, X, y)``: fit with validation_split and an EarlyStopping callback on val_loss,
  batch size 32, at most 50 epochs, silently; returns the History.
* ``plot_metric(history, metric)``: a new matplotlib Figure with the training curve (label
  ``metric``) and the validation curve (label ``"val_" + metric``), one point per epoch.

Measured on the course machine (2 cores): one ``train`` on the 1347 training digits takes about
4 s (12–37 epochs before early stopping); test accuracy 0.953–0.985, mean 0.974 over 30 splits.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np


def build_model():
    """A compiled Keras MLP for the 8x8 digits. / 8x8 숫자 이미지를 위한 컴파일된 MLP.

    Returns:
    - model: a compiled keras.Model taking inputs of shape (N, 64) (pixels scaled to [0, 1]);
      model.predict(X) gives an (N, 10) array of class probabilities (a softmax: each row is
      non-negative and sums to 1). Compiled with loss "sparse_categorical_crossentropy" (integer
      labels 0..9), the Adam optimizer and metrics=["accuracy"].
    """
    model = keras.Sequential([
        keras.Input(shape=(64,)),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.005),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def train(model, X, y):
    """Train a compiled model with a validation split and early stopping. / 검증 분할과 조기 종료로 학습.

    Inputs:
    - model: a compiled model from build_model()
    - X: array of shape (N, 64), float32 pixels in [0, 1]
    - y: integer array of shape (N,), labels 0..9

    Returns:
    - history: the keras.callbacks.History returned by model.fit, whose history dict holds
      "loss", "accuracy", "val_loss" and "val_accuracy", one value per epoch trained.

    model.fit uses validation_split=0.1 (the last 10% of X, y as validation data), batch_size=32,
    at most 50 epochs and keras.callbacks.EarlyStopping(monitor="val_loss", patience=5,
    restore_best_weights=True), with verbose=0. X and y are not modified.
    """
    early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, restore_best_weights=True)
    return model.fit(X, y, validation_split=0.1, epochs=50, batch_size=32, callbacks=[early_stopping], verbose=0)


def plot_metric(history, metric):
    """Training and validation curves of one metric. / 한 지표의 학습 곡선과 검증 곡선.

    Inputs:
    - history: a keras.callbacks.History (anything with a dict ``history.history``)
    - metric: a key of history.history, e.g. "loss" or "accuracy"; "val_" + metric must be one too

    Returns:
    - fig: a new matplotlib Figure with two labelled lines, one point per epoch:
      history.history[metric] labelled metric, and history.history["val_" + metric] labelled
      "val_" + metric (x axis: epochs 1, 2, ...).
    """
    train_values = list(history.history[metric])
    val_values = list(history.history["val_" + metric])
    epochs = np.arange(1, len(train_values) + 1)
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(epochs, train_values, marker="o", markersize=3, label=metric)
    ax.plot(epochs, val_values, marker="o", markersize=3, label="val_" + metric)
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    ax.set_title(f"{metric} / val_{metric}")
    ax.legend()
    return fig
