"""Known-wrong variants (misconceptions) for 07_regularization, with ko/en explanations.

The grader diagnoses them by replaying the student's recorded calls: the functions' calls, and
for the EarlyStopping classes the uses of the student's objects (constructor, every ``update``
call, every attribute set and read). Every variant depends only on numpy.
"""

import numpy as np

from autograder.diagnosis import misconception


# --------------------------------------------------------------------------------------------
# l2_penalty


@misconception(
    "l2_penalty_half", replaces="l2_penalty",
    ko="λ/2·Σw² 를 계산했습니다. 이 과제(와 Keras의 regularizers.L2)의 L2 규제 항은 1/2 없이 λ·Σw² 이고, "
       "그래서 기울기가 2λw 입니다.",
    en="You computed λ/2·Σw². In this assignment (and Keras's regularizers.L2) the L2 penalty is λ·Σw² "
       "without the 1/2, which is why its gradient is 2λw.",
)
def l2_penalty_half(ws, lam):
    return 0.5 * lam * sum(np.sum(w**2) for w in ws)


@misconception(
    "l2_penalty_norm_not_squared", replaces="l2_penalty",
    ko="가중치의 노름 ||w|| 를 더했습니다. L2 규제 항은 제곱합 λ·Σw² 입니다(노름의 제곱). "
       "np.linalg.norm(w)이 아니라 np.sum(w**2)를 쓰세요.",
    en="You summed the norms ||w||. The L2 penalty is the sum of squares λ·Σw² (the squared norm): "
       "use np.sum(w**2), not np.linalg.norm(w).",
)
def l2_penalty_norm_not_squared(ws, lam):
    return lam * sum(np.linalg.norm(w) for w in ws)


@misconception(
    "l2_penalty_last_array_only", replaces="l2_penalty",
    ko="반복문 안에서 합을 더하지 않고 덮어써서 마지막 배열의 규제 항만 남았습니다. 모든 가중치 배열의 "
       "제곱합을 누적하세요(total += ...).",
    en="Inside your loop you overwrite the total instead of adding to it, so only the last array counts. "
       "Accumulate the squares of every weight array (total += ...).",
)
def l2_penalty_last_array_only(ws, lam):
    total = 0.0
    for w in ws:
        total = lam * np.sum(w**2)
    return total


# --------------------------------------------------------------------------------------------
# l2_grad


@misconception(
    "l2_grad_missing_factor_2", replaces="l2_grad",
    ko="λ·Σw² 를 w로 미분하면 2λw 입니다. 2가 빠졌습니다(λw는 λ/2·Σw² 의 기울기입니다).",
    en="The derivative of λ·Σw² with respect to w is 2λw: the factor 2 is missing "
       "(λw is the gradient of λ/2·Σw²).",
)
def l2_grad_missing_factor_2(w, lam):
    return lam * w


# --------------------------------------------------------------------------------------------
# l1_penalty


@misconception(
    "l1_penalty_no_abs", replaces="l1_penalty",
    ko="절댓값 없이 가중치를 그대로 더해서 음수 가중치가 규제 항을 줄입니다. L1 규제 항은 λ·Σ|w| 입니다 "
       "(np.abs).",
    en="You summed the weights without absolute values, so negative weights lower the penalty. The L1 "
       "penalty is λ·Σ|w| (np.abs).",
)
def l1_penalty_no_abs(ws, lam):
    return lam * sum(np.sum(w) for w in ws)


# --------------------------------------------------------------------------------------------
# l1_grad


@misconception(
    "l1_grad_not_zero_at_zero", replaces="l1_grad",
    ko="w = 0에서 기울기가 0이 아닙니다. |w|는 0에서 미분할 수 없으므로 이 과제는 TensorFlow처럼 "
       "λ·sign(w), 즉 w = 0에서 0을 씁니다(np.sign).",
    en="Your gradient is not 0 at w = 0. |w| has no derivative at 0; like TensorFlow, this assignment "
       "uses λ·sign(w), which is 0 at w = 0 (np.sign).",
)
def l1_grad_not_zero_at_zero(w, lam):
    return np.where(w >= 0, lam, -lam)


@misconception(
    "l1_grad_ratio_nan_at_zero", replaces="l1_grad",
    ko="λ·w/|w| 로 계산해서 w = 0에서 0/0 = NaN이 나옵니다. np.sign(w)을 쓰면 0에서 0이 됩니다.",
    en="You computed λ·w/|w|, which is 0/0 = NaN at w = 0. np.sign(w) gives 0 there.",
)
def l1_grad_ratio_nan_at_zero(w, lam):
    return lam * w / np.abs(w)


@misconception(
    "l1_grad_proportional_to_w", replaces="l1_grad",
    ko="L1 기울기를 w에 비례하게(λ·w) 계산했습니다. 그것은 L2 규제의 모양입니다. |w|의 기울기는 크기와 상관없이 "
       "±1이므로 L1은 모든 가중치를 같은 힘 λ·sign(w)로 0 쪽으로 밉니다(그래서 가중치가 정확히 0이 되기 쉽습니다).",
    en="Your L1 gradient is proportional to w (λ·w), which is the shape of L2 regularization. The derivative of |w| "
       "is ±1 whatever the size, so L1 pushes every weight towards 0 with the same force λ·sign(w) (which is why "
       "weights become exactly 0).",
)
def l1_grad_proportional_to_w(w, lam):
    return lam * w


# --------------------------------------------------------------------------------------------
# weight_decay_step


@misconception(
    "weight_decay_times_lr", replaces="weight_decay_step",
    ko="감쇠에 학습률을 곱했습니다((1 − lr·λ)w, PyTorch/Keras AdamW의 형태). 강의의 가중치 감쇠는 "
       "w ← (1 − λ)w − lr·g 로, λ는 한 걸음마다 줄이는 비율 그 자체입니다.",
    en="You multiplied the decay by the learning rate ((1 − lr·λ)w, the PyTorch/Keras AdamW form). The "
       "lecture's weight decay is w ← (1 − λ)w − lr·g: λ itself is the fraction removed per step.",
)
def weight_decay_times_lr(w, g, lr, lam):
    return (1 - lr * lam) * w - lr * g


@misconception(
    "weight_decay_after_step", replaces="weight_decay_step",
    ko="경사 하강 걸음 뒤의 w에 (1 − λ)를 곱해서 기울기 항까지 줄었습니다. 감쇠는 원래 w에만 곱합니다: "
       "w ← (1 − λ)w − lr·g.",
    en="You multiplied the weights after the gradient step by (1 − λ), which also shrinks the gradient term. "
       "The decay applies to the old w only: w ← (1 − λ)w − lr·g.",
)
def weight_decay_after_step(w, g, lr, lam):
    return (1 - lam) * (w - lr * g)


@misconception(
    "weight_decay_sign", replaces="weight_decay_step",
    ko="감쇠의 부호가 반대입니다((1 + λ)w). 가중치 감쇠는 매 걸음 가중치를 (1 − λ)배로 줄입니다.",
    en="The decay has the wrong sign ((1 + λ)w). Weight decay shrinks the weights by the factor (1 − λ) "
       "at every step.",
)
def weight_decay_sign(w, g, lr, lam):
    return (1 + lam) * w - lr * g


@misconception(
    "weight_decay_in_place", replaces="weight_decay_step",
    ko="w *= ..., w -= ... 는 호출한 쪽의 배열 w 자체를 바꿉니다. w_new = (1 - lam) * w - lr * g 처럼 "
       "새 배열을 만들어 반환하세요.",
    en="`w *= ...` and `w -= ...` change the caller's array w itself. Build a new array, e.g. "
       "`w_new = (1 - lam) * w - lr * g`, and return it.",
)
def weight_decay_in_place(w, g, lr, lam):
    w *= 1 - lam
    w -= lr * g
    return w


# --------------------------------------------------------------------------------------------
# EarlyStopping: replay of the recorded uses of the student's objects




@misconception(
    "es_plateau_counts_as_improvement", replaces="EarlyStopping",
    ko="개선 조건에 등호를 넣어(>= 또는 <=) 같은 값이나 정확히 min_delta만큼 줄어든 값도 개선으로 셌습니다. "
       "Keras는 val_loss + min_delta < best 일 때만, 즉 min_delta보다 **더** 줄었을 때만 개선으로 봅니다.",
    en="Your improvement test includes equality (>= or <=), so an equal loss, or one lower by exactly "
       "min_delta, counts as an improvement. Keras counts an improvement only when val_loss + min_delta < best, "
       "i.e. when the loss drops by **more** than min_delta.",
)
class EarlyStoppingPlateauCountsAsImprovement:
    def __init__(self, patience=0, min_delta=0.0, restore_best_weights=False):
        self.patience, self.min_delta, self.restore_best_weights = patience, abs(min_delta), restore_best_weights
        self.wait, self.stopped_epoch, self.best, self.best_weights = 0, 0, np.inf, None

    def update(self, epoch, val_loss, weights):
        if self.best - val_loss >= self.min_delta:
            self.best, self.wait = val_loss, 0
            if self.restore_best_weights:
                self.best_weights = [np.array(w) for w in weights]
            return False
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            return True
        return False


@misconception(
    "es_patience_off_by_one", replaces="EarlyStopping",
    ko="patience보다 한 에폭 늦게 멈췄습니다(wait > patience). 개선이 없는 에폭이 patience번 연속되면 "
       "그 에폭에서 멈춥니다: wait >= patience.",
    en="You stop one epoch later than patience allows (wait > patience). Training stops at the epoch that "
       "makes patience epochs in a row without improvement: wait >= patience.",
)
class EarlyStoppingPatienceOffByOne:
    def __init__(self, patience=0, min_delta=0.0, restore_best_weights=False):
        self.patience, self.min_delta, self.restore_best_weights = patience, abs(min_delta), restore_best_weights
        self.wait, self.stopped_epoch, self.best, self.best_weights = 0, 0, np.inf, None

    def update(self, epoch, val_loss, weights):
        if val_loss + self.min_delta < self.best:
            self.best, self.wait = val_loss, 0
            if self.restore_best_weights:
                self.best_weights = [np.array(w) for w in weights]
            return False
        self.wait += 1
        if self.wait > self.patience:
            self.stopped_epoch = epoch
            return True
        return False


@misconception(
    "es_ignores_min_delta", replaces="EarlyStopping",
    ko="min_delta를 쓰지 않아 아주 조금만 줄어도 개선으로 셌습니다. val_loss + min_delta < best 일 때만 "
       "개선입니다.",
    en="You ignore min_delta, so any decrease, however tiny, counts as an improvement. It is an improvement "
       "only when val_loss + min_delta < best.",
)
class EarlyStoppingIgnoresMinDelta:
    def __init__(self, patience=0, min_delta=0.0, restore_best_weights=False):
        self.patience, self.min_delta, self.restore_best_weights = patience, min_delta, restore_best_weights
        self.wait, self.stopped_epoch, self.best, self.best_weights = 0, 0, np.inf, None

    def update(self, epoch, val_loss, weights):
        if val_loss < self.best:
            self.best, self.wait = val_loss, 0
            if self.restore_best_weights:
                self.best_weights = [np.array(w) for w in weights]
            return False
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            return True
        return False


@misconception(
    "es_min_delta_wrong_sign", replaces="EarlyStopping",
    ko="val_loss − min_delta < best 로 비교해서 min_delta가 개선을 더 쉽게 만들었습니다(조금 나빠져도 개선). "
       "손실이 min_delta보다 더 줄어야 하므로 val_loss + min_delta < best 입니다. (Keras 코드의 "
       "`current - min_delta` 는 mode='min'에서 min_delta의 부호를 바꾼 뒤의 식입니다.)",
    en="You compare val_loss − min_delta < best, so min_delta makes improvements easier (even a slightly worse "
       "loss improves). The loss must drop by more than min_delta: val_loss + min_delta < best. (Keras's "
       "`current - min_delta` uses a min_delta whose sign was flipped for mode='min'.)",
)
class EarlyStoppingMinDeltaWrongSign:
    def __init__(self, patience=0, min_delta=0.0, restore_best_weights=False):
        self.patience, self.min_delta, self.restore_best_weights = patience, min_delta, restore_best_weights
        self.wait, self.stopped_epoch, self.best, self.best_weights = 0, 0, np.inf, None

    def update(self, epoch, val_loss, weights):
        if val_loss - self.min_delta < self.best:
            self.best, self.wait = val_loss, 0
            if self.restore_best_weights:
                self.best_weights = [np.array(w) for w in weights]
            return False
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            return True
        return False


@misconception(
    "es_compares_with_previous_epoch", replaces="EarlyStopping",
    ko="직전 에폭의 손실과 비교했습니다. Keras는 지금까지의 **최고 기록** best와 비교하므로, 조금씩 줄어든 "
       "값들이 쌓여 best보다 min_delta 넘게 낮아지면 개선이고, 나빠졌다가 조금 회복한 것은 개선이 아닙니다.",
    en="You compare with the previous epoch's loss. Keras compares with the **best** loss so far: small "
       "decreases that add up to more than min_delta below best are an improvement, and a partial recovery "
       "after a worse epoch is not.",
)
class EarlyStoppingComparesWithPreviousEpoch:
    def __init__(self, patience=0, min_delta=0.0, restore_best_weights=False):
        self.patience, self.min_delta, self.restore_best_weights = patience, abs(min_delta), restore_best_weights
        self.wait, self.stopped_epoch, self.best, self.best_weights = 0, 0, np.inf, None
        self.previous = np.inf

    def update(self, epoch, val_loss, weights):
        improved = val_loss + self.min_delta < self.previous
        self.previous = val_loss
        if improved:
            self.best, self.wait = min(self.best, val_loss), 0
            if self.restore_best_weights:
                self.best_weights = [np.array(w) for w in weights]
            return False
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            return True
        return False


@misconception(
    "es_wait_not_reset", replaces="EarlyStopping",
    ko="개선이 있어도 wait를 0으로 되돌리지 않아 개선 없는 에폭을 통틀어 셌습니다. patience는 **연속으로** "
       "개선이 없는 에폭 수이므로 개선되면 wait = 0 입니다.",
    en="You never reset wait on an improvement, so you count all epochs without improvement. patience is "
       "about epochs **in a row** without improvement: an improvement sets wait = 0.",
)
class EarlyStoppingWaitNotReset:
    def __init__(self, patience=0, min_delta=0.0, restore_best_weights=False):
        self.patience, self.min_delta, self.restore_best_weights = patience, abs(min_delta), restore_best_weights
        self.wait, self.stopped_epoch, self.best, self.best_weights = 0, 0, np.inf, None

    def update(self, epoch, val_loss, weights):
        if val_loss + self.min_delta < self.best:
            self.best = val_loss
            if self.restore_best_weights:
                self.best_weights = [np.array(w) for w in weights]
            return False
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            return True
        return False


@misconception(
    "es_keeps_last_weights", replaces="EarlyStopping",
    ko="best_weights를 매 에폭 갱신해서 마지막 에폭의 가중치가 남았습니다. 개선된 에폭에서만 가중치를 "
       "(복사해) 저장해야 학습이 끝났을 때 가장 좋은 에폭의 가중치로 되돌릴 수 있습니다.",
    en="You update best_weights at every epoch, so it ends up with the last epoch's weights. Store (a copy "
       "of) the weights only at an improving epoch, so that training can end with the best epoch's weights.",
)
class EarlyStoppingKeepsLastWeights:
    def __init__(self, patience=0, min_delta=0.0, restore_best_weights=False):
        self.patience, self.min_delta, self.restore_best_weights = patience, abs(min_delta), restore_best_weights
        self.wait, self.stopped_epoch, self.best, self.best_weights = 0, 0, np.inf, None

    def update(self, epoch, val_loss, weights):
        if self.restore_best_weights:
            self.best_weights = [np.array(w) for w in weights]
        if val_loss + self.min_delta < self.best:
            self.best, self.wait = val_loss, 0
            return False
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            return True
        return False
