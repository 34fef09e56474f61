# %% [markdown]
# # 07. 규제: L2, L1, 가중치 감쇠, 조기 종료 (Regularization: L2, L1, weight decay, early stopping)
#
# 모델이 학습 데이터에만 지나치게 맞춰져 새 데이터에서 성능이 떨어지는 것을 **과대적합(overfitting)** 이라고
# 합니다. 이번 과제에서는 과대적합을 줄이는 규제(regularization) 기법들을 numpy로 직접 구현합니다.
# 손실에 가중치의 크기를 벌점으로 더하는 **L2 규제**와 **L1 규제**, 매 걸음 가중치를 조금씩 줄이는
# **가중치 감쇠(weight decay)**, 그리고 검증 손실이 더 나아지지 않으면 학습을 멈추는 **조기 종료(early
# stopping)** 입니다. 조기 종료는 Keras의 `keras.callbacks.EarlyStopping`과 똑같이 결정하도록 만듭니다.
#
# **규칙**
# - 가중치 `w`와 기울기 `g`는 모양이 무엇이든 될 수 있는 numpy 배열입니다. `ws`는 그런 배열들의 **목록**
#   (예: 층마다 하나씩)입니다.
# - 함수는 새 값을 반환하고 입력 배열을 제자리에서 바꾸지 않습니다.
# - 문제마다 아래에 있는 검사 셀을 실행하면 공개 테스트가 돌아갑니다. 채점 때에는 무작위 입력과 무작위 손실
#   곡선을 쓰는 숨은 테스트가 더 있습니다.
#
# *English:* A model that fits its training data too closely and does worse on new data
# **overfits**. In this assignment you implement, in numpy, regularization techniques against
# overfitting: the **L2** and **L1 penalties**, which add the size of the weights to the loss;
# **weight decay**, which shrinks the weights a little at every step; and **early stopping**, which
# stops training once the validation loss no longer improves, deciding exactly as Keras's
# `keras.callbacks.EarlyStopping` does.
#
# **Rules**
# - Weights `w` and gradients `g` are numpy arrays of any shape; `ws` is a **list** of such arrays
#   (e.g. one per layer).
# - Functions return new values and never modify their inputs in place.
# - Run the check cell below each question for its public tests. Grading adds hidden tests with
#   random inputs and random loss curves.

# %%
import numpy as np

# %% [markdown]
# ## Q1. L2 규제 항: `l2_penalty` (The L2 penalty)
#
# L2 규제는 손실에 **가중치 제곱합**을 더해 큰 가중치에 벌점을 줍니다. 가중치가 작으면 입력이 조금 바뀌어도
# 출력이 크게 흔들리지 않는 매끄러운 함수가 되어 과대적합이 줄어듭니다.
# $$J_{\text{reg}}(w) = J(w) + \lambda \sum_{\text{모든 배열 / all arrays}}\ \sum_{\text{원소 / elements}} w^2$$
# 이 과제는 Keras의 `keras.regularizers.L2(λ)`와 같은 $\lambda \sum w^2$ 를 씁니다. 교재에 따라
# $\frac{\lambda}{2}\sum w^2$ 으로 쓰기도 하는데, 그러면 기울기가 $\lambda w$가 됩니다. 이 과제에서는 **1/2이 없습니다.**
# 보통 편향(bias)은 규제하지 않으므로, 규제할 가중치 배열들만 목록 `ws`로 받습니다.
#
# *English:* L2 regularization adds the **sum of squared weights** to the loss, penalizing large
# weights. Small weights make a smooth function whose output does not swing when the input changes a
# little, which reduces overfitting. This assignment uses $\lambda\sum w^2$, as Keras's
# `keras.regularizers.L2(λ)` does; some textbooks write $\frac{\lambda}{2}\sum w^2$, whose gradient is
# $\lambda w$. Here there is **no 1/2**. Biases are usually not regularized, so the function receives
# the list `ws` of the weight arrays to regularize.

# %%
def l2_penalty(ws, lam):
    """L2 규제 항 / The L2 penalty.

    Inputs:
    - ws: 가중치 배열의 목록 (모양은 제각각) / list of weight arrays (any shapes)
    - lam: 규제 강도 λ / regularization strength λ

    Returns:
    - penalty: lam * (모든 배열, 모든 원소의 w**2 의 합), 숫자 하나 (빈 목록이면 0.0)
      / lam * (sum of w**2 over every element of every array), one number (0.0 for an empty list)
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("l2_penalty를 구현하세요 / implement l2_penalty")


# %% [check] l2_penalty

# %% [markdown]
# ## Q2. L2 규제 항의 기울기: `l2_grad` (The gradient of the L2 penalty)
#
# 규제 항을 더하면 각 가중치의 기울기에도 규제 항의 기울기가 더해집니다.
# $$\frac{\partial}{\partial w}\left(\lambda \sum w^2\right) = 2\lambda w$$
# 경사 하강법에 넣으면 $w \leftarrow w - \eta\,(g + 2\lambda w) = (1 - 2\eta\lambda)\,w - \eta g$ 가 되어,
# 매 걸음 가중치가 일정한 비율로 0 쪽으로 줄어듭니다. 이것이 Q5의 가중치 감쇠와 이어집니다.
#
# *English:* Adding the penalty adds its gradient to each weight's gradient: $2\lambda w$. In
# gradient descent this gives $w \leftarrow (1 - 2\eta\lambda)w - \eta g$: every step shrinks the
# weights towards zero by a constant fraction, which leads to weight decay in Q5.

# %%
def l2_grad(w, lam):
    """lam * sum(w**2)의 w에 대한 기울기 / Gradient of lam * sum(w**2) with respect to w.

    Inputs:
    - w: 가중치 배열 (모양 무관) / weight array of any shape
    - lam: 규제 강도 λ / regularization strength λ

    Returns:
    - grad: 2 * lam * w, w와 같은 모양 / same shape as w
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("l2_grad를 구현하세요 / implement l2_grad")


# %% [check] l2_grad

# %% [markdown]
# ## Q3. L1 규제 항: `l1_penalty` (The L1 penalty)
#
# L1 규제는 제곱 대신 **절댓값의 합**을 더합니다.
# $$J_{\text{reg}}(w) = J(w) + \lambda \sum |w|$$
# L2는 큰 가중치를 강하게, 작은 가중치는 약하게 줄이지만, L1은 크기와 상관없이 같은 힘($\lambda$)으로 0 쪽으로
# 밉니다. 그래서 중요하지 않은 가중치가 정확히 0이 되는 **희소한(sparse)** 모델이 나오기 쉽습니다.
# Keras의 `keras.regularizers.L1(λ)`와 같습니다.
#
# *English:* L1 regularization adds the **sum of absolute values** instead of squares. L2 pushes large
# weights hard and small ones gently; L1 pushes every weight towards zero with the same force
# $\lambda$, whatever its size, so unimportant weights tend to become exactly zero: a **sparse**
# model. This is Keras's `keras.regularizers.L1(λ)`.

# %%
def l1_penalty(ws, lam):
    """L1 규제 항 / The L1 penalty.

    Inputs:
    - ws: 가중치 배열의 목록 / list of weight arrays
    - lam: 규제 강도 λ / regularization strength λ

    Returns:
    - penalty: lam * (모든 배열, 모든 원소의 |w| 의 합), 숫자 하나 (빈 목록이면 0.0)
      / lam * (sum of |w| over every element of every array), one number (0.0 for an empty list)
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("l1_penalty를 구현하세요 / implement l1_penalty")


# %% [check] l1_penalty

# %% [markdown]
# ## Q4. L1 규제 항의 기울기: `l1_grad` (The gradient of the L1 penalty)
#
# $|w|$의 기울기는 $w > 0$에서 $1$, $w < 0$에서 $-1$입니다. $w = 0$에서는 미분할 수 없으므로 그 사이의 값
# (하위 기울기, subgradient) 중 하나를 골라야 하는데, 이 과제는 TensorFlow와 같이 **0**을 씁니다.
# $$\frac{\partial}{\partial w}\left(\lambda \sum |w|\right) = \lambda\, \mathrm{sign}(w), \qquad \mathrm{sign}(0) = 0$$
# `np.sign`이 바로 이 함수입니다.
#
# *English:* The derivative of $|w|$ is $1$ for $w > 0$ and $-1$ for $w < 0$. At $w = 0$ there is no
# derivative, so one value in between (a subgradient) must be picked; like TensorFlow, this
# assignment uses **0**. `np.sign` is exactly this function.

# %%
def l1_grad(w, lam):
    """lam * sum(|w|)의 기울기 / (Sub)gradient of lam * sum(|w|).

    Inputs:
    - w: 가중치 배열 (모양 무관) / weight array of any shape
    - lam: 규제 강도 λ / regularization strength λ

    Returns:
    - grad: lam * sign(w), w와 같은 모양 (w == 0인 곳은 0) / same shape as w (0 where w == 0)
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("l1_grad를 구현하세요 / implement l1_grad")


# %% [check] l1_grad

# %% [markdown]
# ## Q5. 가중치 감쇠: `weight_decay_step` (Weight decay)
#
# 가중치 감쇠는 손실을 바꾸는 대신 **갱신 규칙에서 직접** 매 걸음 가중치를 $(1 - \lambda)$배로 줄입니다.
# 강의의 식을 따릅니다.
# $$w \leftarrow (1 - \lambda)\, w - \eta\, g$$
# 여기서 $\lambda$는 한 걸음마다 줄어드는 **비율 그 자체**이고 학습률을 곱하지 않습니다. 위 Q2에서 본 것처럼
# 평범한 경사 하강법에서는 L2 규제와 같은 일을 합니다($\lambda\sum w^2$ 규제의 강도 $\lambda'$이면
# $\lambda = 2\eta\lambda'$). 참고로 PyTorch나 Keras `AdamW`의 `weight_decay`는 감쇠에 학습률을 곱한
# $(1 - \eta\lambda)w$ 형태라서 같은 이름이라도 숫자의 뜻이 다릅니다.
#
# *English:* Weight decay shrinks the weights by the factor $(1 - \lambda)$ at every step **directly in
# the update rule** instead of changing the loss. Follow the lecture's form above: $\lambda$ is **the
# fraction removed per step** itself, not multiplied by the learning rate. As Q2 showed, for plain
# gradient descent this does what L2 regularization does (with strength $\lambda'$ for
# $\lambda'\sum w^2$, $\lambda = 2\eta\lambda'$). Note that the `weight_decay` of PyTorch or Keras's
# `AdamW` multiplies the decay by the learning rate, $(1 - \eta\lambda)w$: the same name, a different
# meaning of the number.

# %%
def weight_decay_step(w, g, lr, lam):
    """가중치 감쇠를 포함한 경사 하강법 한 걸음 (강의의 형태) / One gradient step with weight decay (the lecture's form).

    Inputs:
    - w: 가중치 / weights, array of any shape
    - g: 데이터 손실의 기울기 / gradient of the data loss at w, same shape
    - lr: 학습률 η / learning rate η
    - lam: 감쇠율 λ (한 걸음에 줄어드는 비율) / decay rate λ (fraction removed per step)

    Returns:
    - w_new: (1 - lam) * w - lr * g (새 배열 / a new array)
    """
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("weight_decay_step을 구현하세요 / implement weight_decay_step")


# %% [check] weight_decay_step

# %% [markdown]
# ## Q6. 조기 종료: `EarlyStopping` (Early stopping)
#
# 학습을 계속하면 학습 손실은 계속 줄지만, 어느 순간부터 **검증 손실**이 다시 올라갑니다. 과대적합이 시작된
# 것입니다. 조기 종료는 매 에폭이 끝날 때 검증 손실을 지켜보다가, 더 나아지지 않는 에폭이 **patience번 연속**
# 되면 학습을 멈춥니다. Keras에서는 이렇게 씁니다.
# ```python
# keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, min_delta=0.0, restore_best_weights=True)
# ```
# `EarlyStopping(patience=0, min_delta=0.0, restore_best_weights=False)` 클래스를 Keras와 **똑같이 결정**하도록
# 만드세요. 매 에폭 끝에 `update(epoch, val_loss, weights)`가 불리고, 멈춰야 하면 `True`를 반환합니다.
#
# - **상태:** `best`(지금까지의 최저 검증 손실, 처음에는 `np.inf`), `wait`(마지막 개선 뒤로 지난 에폭 수,
#   처음에는 0), `stopped_epoch`(멈춘 에폭, 멈추지 않았으면 0), `best_weights`(아래 참고, 처음에는 `None`).
# - **개선의 기준:** `val_loss + min_delta < best`일 때만 개선입니다. 즉 최고 기록보다 `min_delta`보다 **더**
#   줄어야 하고, 같은 값이나 **정확히** `min_delta`만큼 줄어든 값은 개선이 아닙니다. 비교 대상은 직전 에폭이
#   아니라 **최고 기록** `best`입니다.
# - **한 에폭의 처리 (Keras의 순서):** 먼저 `wait`를 1 늘립니다. 개선이면 `best = val_loss`, `wait = 0`으로 하고
#   `False`를 반환합니다. 개선이 아니면 `wait >= patience`일 때(그리고 `epoch > 0`일 때) `stopped_epoch = epoch`로
#   하고 `True`를 반환합니다. 그 밖에는 `False`입니다. 그러니 `patience=0`이면 처음으로 개선되지 않은 에폭에서
#   바로 멈춥니다.
# - **restore_best_weights:** `True`이면 개선된 에폭마다 그때 받은 `weights`(배열의 목록)의 **복사본**을
#   `self.best_weights`에 저장합니다. 학습이 끝나면(멈췄든, 에폭을 다 썼든) 호출한 쪽이 `best_weights`로
#   가중치를 되돌립니다. Keras도 학습이 끝날 때(`on_train_end`) 이 가중치로 모델을 되돌립니다. 학습 중에는
#   가중치 배열이 제자리에서 계속 바뀌므로 반드시 복사하세요. `False`이면 `best_weights`는 `None`으로 둡니다.
#
# `epoch`는 0부터 시작해 한 번에 1씩 늘고, 검증 손실은 유한한 수라고 가정합니다.
#
# *English:* As training goes on, the training loss keeps falling but at some point the
# **validation loss** rises again: overfitting has begun. Early stopping watches the validation loss
# at the end of every epoch and stops training after **patience epochs in a row** without
# improvement (the Keras call above). Write the class
# `EarlyStopping(patience=0, min_delta=0.0, restore_best_weights=False)` so that it **decides exactly
# as Keras does**: `update(epoch, val_loss, weights)` is called at the end of every epoch and returns
# `True` when training should stop.
# **State:** `best` (lowest validation loss so far, `np.inf` at first), `wait` (epochs since the last
# improvement, 0 at first), `stopped_epoch` (the epoch at which it stopped, 0 if it has not),
# `best_weights` (below; `None` at first).
# **What counts as an improvement:** only `val_loss + min_delta < best`: the loss must fall below the
# **best** so far (not the previous epoch) by **more** than `min_delta`; an equal value, or one lower
# by **exactly** `min_delta`, is no improvement.
# **One epoch (Keras's order):** first increase `wait` by 1. On an improvement set
# `best = val_loss`, `wait = 0` and return `False`. Otherwise, if `wait >= patience` (and
# `epoch > 0`), set `stopped_epoch = epoch` and return `True`; else return `False`. So with
# `patience=0` training stops at the first epoch that does not improve.
# **restore_best_weights:** if `True`, store a **copy** of the `weights` (a list of arrays) passed with
# every improving epoch in `self.best_weights`. When training ends (stopped or out of epochs) the
# caller restores the weights from `best_weights`, as Keras restores the model in `on_train_end`.
# Weight arrays keep changing in place during training, so copy them. If `False`, leave
# `best_weights` as `None`.
# `epoch` counts from 0 in steps of 1, and validation losses are finite numbers.

# %%
class EarlyStopping:
    """검증 손실에 대한 조기 종료 (Keras와 같은 결정) / Early stopping on the validation loss (Keras's decisions).

    생성자 입력 / Constructor inputs:
    - patience: 개선 없이 기다릴 에폭 수 / epochs without improvement to wait for
    - min_delta: 개선으로 인정할 최소 감소량 (이보다 더 줄어야 함) / a loss must drop by more than this
    - restore_best_weights: True면 가장 좋은 에폭의 가중치 복사본을 best_weights에 저장
      / if True, keep a copy of the best epoch's weights in best_weights

    속성 / Attributes: best (처음 np.inf / np.inf at first), wait, stopped_epoch, best_weights
    """

    def __init__(self, patience=0, min_delta=0.0, restore_best_weights=False):
        # 여기에 코드를 작성하세요 / Write your code here
        raise NotImplementedError("EarlyStopping.__init__을 구현하세요 / implement EarlyStopping.__init__")

    def update(self, epoch, val_loss, weights):
        """한 에폭이 끝났을 때 불립니다 / Called at the end of one epoch.

        Inputs:
        - epoch: 에폭 번호 (0부터) / epoch number (from 0)
        - val_loss: 그 에폭의 검증 손실 / the epoch's validation loss
        - weights: 그 에폭 뒤의 가중치, 배열의 목록 / the weights after the epoch, a list of arrays

        Returns:
        - stop: 학습을 멈춰야 하면 True, 아니면 False / True if training should stop now, else False
        """
        # 여기에 코드를 작성하세요 / Write your code here
        raise NotImplementedError("EarlyStopping.update를 구현하세요 / implement EarlyStopping.update")


# %% [check] early_stopping

# %% [markdown]
# ## (선택) 모두 함께 써 보기 (Optional: putting it together)
#
# 다항식 특성 12개로 점 15개를 맞추는 회귀 문제입니다. 특성이 많아 과대적합하기 쉽습니다. 여러분의
# `weight_decay_step`으로 경사 하강법을 돌리면서 100걸음을 한 에폭으로 보고, 매 에폭의 검증 손실을 여러분의
# `EarlyStopping`(patience=20)에 넘깁니다. 비교를 위해 멈추라는 신호가 와도 300 에폭까지 계속 학습해 봅니다.
# 감쇠가 없을 때(λ = 0) 가중치가 커지며 검증 손실이 다시 올라가는 것, 조기 종료가 그 전에 멈추고 가장 좋은
# 가중치로 되돌리는 것, 감쇠(λ = 0.001)가 가중치를 작게 유지하는 것을 확인해 보세요. 채점과는 상관없습니다.
#
# *English:* A regression with 12 polynomial features for 15 points, easy to overfit. Gradient
# descent runs with your `weight_decay_step`; every 100 steps count as an epoch whose validation
# loss goes to your `EarlyStopping` (patience=20). For comparison, training goes on to 300 epochs
# even after the stop signal. Watch the weights grow and the validation loss rise again without
# decay (λ = 0), early stopping stop before that and restore the best weights, and decay
# (λ = 0.001) keep the weights small. Not graded.

# %%
def polynomial_features(x, degree=11):
    """x의 0..degree 거듭제곱을 열로 / powers 0..degree of x as columns."""
    return np.stack([x**k for k in range(degree + 1)], axis=1)


try:
    demo_rng = np.random.default_rng(2)
    x_train, x_val = np.sort(demo_rng.uniform(-1, 1, 15)), np.sort(demo_rng.uniform(-1, 1, 15))
    y_train = np.sin(np.pi * x_train) + 0.2 * demo_rng.normal(size=15)
    y_val = np.sin(np.pi * x_val) + 0.2 * demo_rng.normal(size=15)
    phi_train, phi_val = polynomial_features(x_train), polynomial_features(x_val)
    for decay in (0.0, 1e-3):
        w = np.zeros(phi_train.shape[1])
        stopper, stopped_at = EarlyStopping(patience=20, min_delta=1e-4, restore_best_weights=True), None
        for epoch in range(300):
            for _ in range(100):
                grad = 2 / len(x_train) * phi_train.T @ (phi_train @ w - y_train)
                w = weight_decay_step(w, grad, 0.1, decay)
            val_loss = float(np.mean((phi_val @ w - y_val) ** 2))
            if stopped_at is None and stopper.update(epoch, val_loss, [w]):
                stopped_at = epoch
        restored = stopper.best_weights[0]
        restored_loss = float(np.mean((phi_val @ restored - y_val) ** 2))
        print(f"λ = {decay:g}: 300 에폭 뒤 / after 300 epochs: 검증 손실 / val loss {val_loss:.4f}, "
              f"Σw² {l2_penalty([w], 1.0):.1f}, Σ|w| {l1_penalty([w], 1.0):.1f}")
        print(f"          조기 종료 / early stopping: 에폭 / epoch {stopped_at}에서 멈춤 / stopped, "
              f"되돌린 가중치의 검증 손실 / val loss of the restored weights {restored_loss:.4f}, "
              f"Σw² {l2_penalty([restored], 1.0):.1f}")
except NotImplementedError:
    print("먼저 Q1–Q6을 구현하세요. / Implement Q1–Q6 first.")
