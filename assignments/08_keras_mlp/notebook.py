# %% [markdown]
# # 08. Keras로 만드는 다층 퍼셉트론: 손글씨 숫자 분류 (A multilayer perceptron in Keras: classifying handwritten digits)
#
# 지금까지 numpy로 직접 만든 것들(다층 퍼셉트론, 활성화 함수, 역전파, Adam, 드롭아웃, 조기 종료)을 이번에는
# **Keras**로 한데 모아 실제 분류 문제를 풉니다. 데이터는 scikit-learn에 들어 있는 **8×8 손글씨 숫자**
# (`sklearn.datasets.load_digits`, 1797장, 인터넷 연결 없이 불러옵니다)입니다. MNIST(28×28)는 내려받아야 해서
# 이 과제에서는 쓰지 않습니다.
#
# 세 함수를 만듭니다: 모델을 만들고 컴파일하는 `build_model()`, 검증 분할과 조기 종료로 학습하는
# `train(model, X, y)`, 학습 곡선을 그리는 `plot_metric(history, metric)`.
#
# **채점 방식:** 채점기는 숫자 데이터의 일부(450장)를 따로 떼어 두고, 나머지로
# `train(build_model(), X_train, y_train)`을 호출한 뒤, 떼어 둔 숫자에 대한 정확도가 **0.95 이상**인지
# 봅니다(무작위성 때문에 새 모델로 한 번 더 시도합니다). 입력은 여기서와 똑같이 픽셀을 16으로 나눈 float32
# 배열(모양 `(N, 64)`)이고 레이블은 정수 0..9입니다. `train` 한 번은 120초 안에 끝나야 하지만, 몇 초면 충분합니다.
# 모델은 **데이터로** 채점기에 넘어갑니다(구조 `model.to_json()`, compile 설정, 가중치). 채점기는 그 데이터로
# 모델을 직접 다시 만들어 정확도를 재므로, Keras 내장 층·optimizer·loss만 쓰세요. `Lambda` 층, 노트북에서 만든
# 층이나 함수, Keras 모델이 아닌 객체는 0점입니다.
#
# *English:* Everything you built in numpy so far (multilayer perceptrons, activations,
# backpropagation, Adam, dropout, early stopping) now comes together in **Keras** on a real
# classification problem: scikit-learn's bundled **8×8 handwritten digits**
# (`sklearn.datasets.load_digits`, 1797 images, loaded without any download; MNIST, 28×28, would
# need one, so it is not used here). You write three functions: `build_model()`, which builds and
# compiles the model; `train(model, X, y)`, which trains it with a validation split and early
# stopping; and `plot_metric(history, metric)`, which plots the learning curves.
# **Grading:** the grader keeps 450 digits to itself, calls `train(build_model(), X_train, y_train)`
# on the rest and needs an accuracy of **at least 0.95** on the digits it kept (because of
# randomness it tries a fresh model once more). Inputs are float32 arrays of shape `(N, 64)` with
# the pixels divided by 16, exactly as below, and the labels are integers 0..9. One `train` call
# must finish within 120 seconds; a few seconds are plenty. The model reaches the grader **as
# data** (its architecture `model.to_json()`, compile settings and weights); the grader rebuilds it
# itself to measure the accuracy, so use Keras's built-in layers, optimizers and losses only: a
# `Lambda` layer, a layer or function defined in the notebook, or anything that is not a Keras
# model scores zero.

# %%
import numpy as np
import keras
import matplotlib.pyplot as plt
from sklearn.datasets import load_digits

# %% [markdown]
# ## 데이터 (The data)
#
# 각 이미지는 8×8 = 64개의 픽셀이고 값은 0(흰색)부터 16(검은색)까지입니다. 64개의 값을 한 줄로 편 벡터를
# 입력으로 쓰고, 16으로 나눠 0과 1 사이로 맞춥니다. 아래 셀은 채점기처럼 일부를 **테스트용으로 떼어 둡니다.**
# 모델을 고를 때는 이 테스트 데이터를 보지 말고, 학습 데이터 안에서 나눈 **검증 데이터**로 판단합니다.
#
# *English:* Each image has 8×8 = 64 pixels with values from 0 (white) to 16 (black). The input is
# the vector of those 64 values, divided by 16 to lie between 0 and 1. Like the grader, the cell
# below **sets a test part aside**. Choose your model by the **validation data** split off the
# training data, not by the test data.

# %%
digits = load_digits()
X_all = (digits.data / 16.0).astype(np.float32)   # (1797, 64), 0..1
y_all = digits.target.astype(np.int64)            # (1797,), 0..9

split_rng = np.random.default_rng(0)
order = split_rng.permutation(len(y_all))
X_test, y_test = X_all[order[:450]], y_all[order[:450]]
X_train, y_train = X_all[order[450:]], y_all[order[450:]]
print("학습 / train:", X_train.shape, y_train.shape, "  테스트 / test:", X_test.shape, y_test.shape)

fig, axes = plt.subplots(1, 8, figsize=(10, 1.6))
for ax, image, label in zip(axes, X_train[:8], y_train[:8]):
    ax.imshow(image.reshape(8, 8), cmap="gray_r")
    ax.set_title(str(label))
    ax.axis("off")
plt.show()

# %% [markdown]
# ## Q1. 모델 만들기와 컴파일: `build_model` (Building and compiling the model)
#
# 다층 퍼셉트론은 `Dense` 층을 쌓은 것입니다. 은닉층에는 기울기 소실이 적은 **ReLU**를 쓰고, 출력층은 클래스
# 10개에 대한 **softmax**로 각 클래스의 확률을 냅니다(각 행이 0 이상이고 합이 1). 과대적합을 줄이려면 은닉층
# 뒤에 `Dropout`을 넣어도 좋습니다.
#
# **손실 함수:** 레이블이 원-핫 벡터가 아니라 **정수 0..9**이므로 `sparse_categorical_crossentropy`를 씁니다.
# `categorical_crossentropy`는 원-핫 레이블용이라 정수 레이블로 `fit`하면 오류가 납니다. 출력층에 softmax를 두었다면
# 손실의 `from_logits`는 기본값(False) 그대로 둡니다. 옵티마이저는 `Adam`을 쓰고, 정확도를 보기 위해
# `metrics=["accuracy"]`를 꼭 넣으세요(Q2, Q3에서 `"accuracy"`, `"val_accuracy"`를 씁니다).
#
# 예시 구조: `Input(shape=(64,))` → `Dense(…, activation="relu")` → (`Dropout(…)`) → `Dense(10, activation="softmax")`.
# 층의 크기와 학습률은 여러분이 정하세요. 정확도 0.95를 넘고 몇 초 안에 학습되면 됩니다.
#
# *English:* A multilayer perceptron is a stack of `Dense` layers. Hidden layers use **ReLU**, which
# suffers less from vanishing gradients; the output layer is a **softmax** over the 10 classes, giving
# class probabilities (each row non-negative, summing to 1). A `Dropout` after the hidden layer helps
# against overfitting. **Loss:** the labels are **integers 0..9**, not one-hot vectors, so use
# `sparse_categorical_crossentropy`; `categorical_crossentropy` expects one-hot labels and `fit` fails
# with integer ones. With a softmax output keep the loss's `from_logits` at its default (False). Use
# the `Adam` optimizer and always pass `metrics=["accuracy"]` (Q2 and Q3 use `"accuracy"` and
# `"val_accuracy"`). Example: `Input(shape=(64,))` → `Dense(…, activation="relu")` → (`Dropout(…)`) →
# `Dense(10, activation="softmax")`. Layer sizes and the learning rate are up to you: above 0.95
# accuracy and a few seconds of training is what counts.

# %%
def build_model():
    """컴파일한 Keras 다층 퍼셉트론 / A compiled Keras multilayer perceptron.

    Returns:
    - model: 입력 (N, 64), model.predict(X)가 (N, 10)의 클래스 확률(softmax)을 내는, 컴파일한 keras 모델.
      loss는 정수 레이블용 "sparse_categorical_crossentropy", metrics=["accuracy"].
      / a compiled keras model taking (N, 64) inputs whose predict gives (N, 10) class probabilities
      (softmax); loss "sparse_categorical_crossentropy" for integer labels, metrics=["accuracy"].
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("build_model을 구현하세요 / implement build_model")


# %% [check] build_model

# %% [markdown]
# ## Q2. 검증 분할과 조기 종료로 학습하기: `train` (Training with a validation split and early stopping)
#
# `model.fit`에 `validation_split=0.1`처럼 비율을 주면 Keras가 **마지막** 10%를 떼어 검증 데이터로 쓰고, 매
# 에폭이 끝날 때 `val_loss`, `val_accuracy`를 계산합니다(섞기 전에 뒤에서 떼므로, 데이터가 정렬되어 있다면 먼저
# 섞어야 합니다. 채점기는 섞인 데이터를 줍니다). 07 과제에서 직접 만든 조기 종료는 Keras에서는 콜백입니다.
# ```python
# early = keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, restore_best_weights=True)
# history = model.fit(X, y, validation_split=0.1, epochs=50, batch_size=32, callbacks=[early], verbose=0)
# ```
# `train(model, X, y)`는 이렇게 학습하고 `fit`이 돌려준 `History`를 반환합니다. `history.history`는
# `"loss"`, `"accuracy"`, `"val_loss"`, `"val_accuracy"`를 키로, 에폭마다 값 하나씩 담은 리스트를 값으로
# 가진 사전입니다. 시간을 아끼기 위해 `batch_size=32`, `epochs`는 50 이하로 하고, 출력이 길어지지 않도록
# `verbose=0`을 쓰세요. 채점기는 검증 손실이 계속 올라가는 데이터로도 `train`을 불러, 조기 종료가 마지막
# 에폭 전에 학습을 멈추는지 확인합니다.
#
# *English:* Given `validation_split=0.1`, `model.fit` holds out the **last** 10% as validation data
# and computes `val_loss` and `val_accuracy` after every epoch (it takes them from the end before
# shuffling, so sorted data must be shuffled first; the grader passes shuffled data). The early
# stopping you built in assignment 07 is a callback in Keras (example above). `train(model, X, y)`
# trains like that and returns the `History` from `fit`: `history.history` is a dict whose keys
# `"loss"`, `"accuracy"`, `"val_loss"`, `"val_accuracy"` hold one value per epoch. To save time use
# `batch_size=32` and at most 50 `epochs`, and `verbose=0` to keep the output short. The grader also
# calls `train` on data whose validation loss keeps rising and checks that early stopping ends
# training before the last epoch.

# %%
def train(model, X, y):
    """검증 분할과 조기 종료로 모델을 학습 / Train the model with a validation split and early stopping.

    Inputs:
    - model: build_model()이 만든 컴파일된 모델 / a compiled model from build_model()
    - X: 모양 (N, 64)의 float32 배열, 값은 0..1 / float32 array of shape (N, 64), values in 0..1
    - y: 모양 (N,)의 정수 레이블 0..9 / integer labels 0..9 of shape (N,)

    Returns:
    - history: model.fit이 돌려준 keras.callbacks.History / the History returned by model.fit
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("train을 구현하세요 / implement train")


# %% [check] train

# %% [markdown]
# ## Q3. 학습 곡선 그리기: `plot_metric` (Plotting the learning curves)
#
# 학습 곡선은 에폭에 따라 학습 지표와 검증 지표가 어떻게 변하는지 보여 줍니다. 두 곡선이 함께 좋아지다가
# 학습 손실은 계속 줄고 **검증 손실만 다시 올라가기 시작하면** 과대적합입니다. 조기 종료는 바로 그 지점 근처에서
# 학습을 멈춥니다.
#
# `plot_metric(history, metric)`은 새 matplotlib Figure(`fig, ax = plt.subplots()`)에
# `history.history[metric]`(레이블 `metric`)과 `history.history["val_" + metric]`(레이블 `"val_" + metric`)을
# 에폭마다 점 하나씩 두 선으로 그리고, 그 **Figure를 반환**합니다. 선마다 `label=`을 주고 `ax.legend()`로
# 범례를 보여 주세요. x축은 에폭(1, 2, …), y축은 지표입니다. 호출할 때마다 새 Figure를 만들어야 앞서 그린
# 그림에 선이 덧그려지지 않습니다.
#
# *English:* Learning curves show how the training and validation metrics change over the epochs.
# When both improve together and then the training loss keeps falling while **the validation loss
# starts rising again**, the model overfits; early stopping ends training near that point.
# `plot_metric(history, metric)` draws, on a new matplotlib Figure (`fig, ax = plt.subplots()`), two
# lines with one point per epoch: `history.history[metric]` labelled `metric` and
# `history.history["val_" + metric]` labelled `"val_" + metric`, and **returns the Figure**. Give each
# line a `label=` and show a legend with `ax.legend()`; epochs (1, 2, …) on the x axis, the metric on
# the y axis. Make a new Figure at every call, so that lines are not drawn over an earlier plot.

# %%
def plot_metric(history, metric):
    """한 지표의 학습 곡선과 검증 곡선 / Training and validation curves of one metric.

    Inputs:
    - history: keras.callbacks.History (history.history 사전을 씀 / uses the dict history.history)
    - metric: "loss"나 "accuracy" 같은 키 / a key such as "loss" or "accuracy"

    Returns:
    - fig: 레이블이 붙은 두 선(metric, "val_" + metric)을 그린 새 matplotlib Figure
      / a new matplotlib Figure with two labelled lines (metric and "val_" + metric)
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("plot_metric을 구현하세요 / implement plot_metric")


# %% [check] plot_metric

# %% [markdown]
# ## 학습하고 평가하기 (Train and evaluate)
#
# 세 함수를 모두 완성했다면 아래 셀이 모델을 학습하고, 떼어 둔 테스트 데이터로 정확도를 재고, 정확도와 손실의
# 학습 곡선을 그립니다. 채점기도 이와 같은 방식으로(다만 자신만의 테스트 데이터로) 정확도를 잽니다. 몇 번
# 실행해 보며 정확도가 안정적으로 0.95를 넘는지, 학습이 몇 초 안에 끝나는지 확인하세요.
#
# *English:* With all three functions done, the cell below trains a model, measures its accuracy on
# the test part set aside above and plots the accuracy and loss curves. The grader measures accuracy
# the same way (on test digits of its own). Run it a few times and check that the accuracy stays
# above 0.95 and that training takes a few seconds.

# %% [skip]
try:
    import time

    keras.utils.set_random_seed(0)
    model = build_model()
    start = time.time()
    history = train(model, X_train, y_train)
    seconds = time.time() - start
    test_accuracy = float(np.mean(np.argmax(model.predict(X_test, verbose=0), axis=1) == y_test))
    print(f"{len(history.epoch)} 에폭 / epochs, {seconds:.1f} 초 / s, 테스트 정확도 / test accuracy {test_accuracy:.3f}")
    plot_metric(history, "accuracy")
    plot_metric(history, "loss")
    plt.show()
except NotImplementedError:
    print("먼저 Q1–Q3을 구현하세요. / Implement Q1–Q3 first.")
