"""Reference solution for 07_regularization — 규제 (regularization): L2, L1, weight decay, early stopping.

Conventions (fixed by the course contract):
* The L2 penalty is lam * sum of w**2 over every weight array (Keras's regularizers.L2(lam)), so its
  gradient is 2 * lam * w. (Some texts use lam/2 * sum w**2, whose gradient is lam * w.)
* The L1 penalty is lam * sum of |w| (Keras's regularizers.L1(lam)); its (sub)gradient is
  lam * sign(w), with 0 at w = 0, as TensorFlow differentiates |w|.
* Weight decay is the lecture's form w <- (1 - lam) * w - lr * g: lam is the fraction of every
  weight removed per step, not multiplied by the learning rate.
* EarlyStopping decides exactly as keras.callbacks.EarlyStopping(monitor="val_loss", mode="min",
  patience, min_delta, restore_best_weights) with the default baseline=None, start_from_epoch=0.

모든 함수는 입력 배열을 바꾸지 않고 새 값을 반환합니다.
"""

import numpy as np


def l2_penalty(ws, lam):
    """L2 penalty of a list of weight arrays. / 가중치 배열 목록의 L2 규제 항.

    Inputs:
    - ws: list (or tuple) of weight arrays, any shapes
    - lam: regularization strength λ >= 0

    Returns:
    - penalty: float, lam * sum over all arrays and all elements of w**2
      (0.0 for an empty list). Equals keras.regularizers.L2(lam) summed over the arrays.
    """
    return float(lam * sum(float(np.sum(np.square(w))) for w in ws))


def l2_grad(w, lam):
    """Gradient of lam * sum(w**2) with respect to one weight array. / L2 규제 항의 기울기.

    Inputs:
    - w: weight array of any shape
    - lam: regularization strength λ

    Returns:
    - grad: 2 * lam * w, same shape as w
    """
    return 2.0 * lam * np.asarray(w, dtype=np.float64)


def l1_penalty(ws, lam):
    """L1 penalty of a list of weight arrays. / 가중치 배열 목록의 L1 규제 항.

    Inputs:
    - ws: list (or tuple) of weight arrays, any shapes
    - lam: regularization strength λ >= 0

    Returns:
    - penalty: float, lam * sum over all arrays and all elements of |w|
      (0.0 for an empty list). Equals keras.regularizers.L1(lam) summed over the arrays.
    """
    return float(lam * sum(float(np.sum(np.abs(w))) for w in ws))


def l1_grad(w, lam):
    """(Sub)gradient of lam * sum(|w|) with respect to one weight array. / L1 규제 항의 기울기.

    Inputs:
    - w: weight array of any shape
    - lam: regularization strength λ

    Returns:
    - grad: lam * sign(w), same shape as w: lam where w > 0, -lam where w < 0, 0 where w == 0
      (|w| has no derivative at 0; 0 is the subgradient TensorFlow uses).
    """
    return lam * np.sign(np.asarray(w, dtype=np.float64))


def weight_decay_step(w, g, lr, lam):
    """One gradient step with weight decay, the lecture's form. / 가중치 감쇠를 포함한 한 걸음.

    Inputs:
    - w: weights, array of any shape
    - g: gradient of the data loss at w, same shape
    - lr: learning rate η
    - lam: decay rate λ, the fraction of each weight removed per step

    Returns:
    - w_new: (1 - lam) * w - lr * g, a new array of w's shape.
      (SGD on loss + (μ/2)·||w||² is the same step with lam = lr·μ.)
    """
    return (1.0 - lam) * np.asarray(w, dtype=np.float64) - lr * np.asarray(g, dtype=np.float64)


class EarlyStopping:
    """Early stopping on the validation loss, deciding as keras.callbacks.EarlyStopping does.

    Constructor inputs:
    - patience: number of epochs without improvement after which training stops
    - min_delta: an epoch improves only if it lowers the best loss by MORE than min_delta,
      i.e. val_loss + min_delta < best (Keras: `current - min_delta < best` with min_delta
      negated for mode "min"); an improvement of exactly min_delta does not count
    - restore_best_weights: if True, keep a copy of the weights of the best epoch in
      self.best_weights; the caller restores them when training ends (stopped or not), as
      Keras does in on_train_end

    Attributes:
    - best: lowest val_loss seen so far that counted as an improvement (np.inf before the first update)
    - best_epoch: the epoch of `best`
    - wait: epochs since the last improvement (0 right after one)
    - stopped_epoch: the epoch at which update returned True, 0 while not stopped
    - best_weights: None, or (with restore_best_weights) a list of copies of the `weights`
      passed with the best epoch
    """

    def __init__(self, patience=0, min_delta=0.0, restore_best_weights=False):
        self.patience = patience
        self.min_delta = abs(min_delta)
        self.restore_best_weights = restore_best_weights
        self.wait = 0
        self.stopped_epoch = 0
        self.best = np.inf
        self.best_epoch = 0
        self.best_weights = None

    def update(self, epoch, val_loss, weights):
        """Record the end of one epoch and decide whether to stop.

        Inputs:
        - epoch: epoch number, counting from 0, increasing by 1 per call
        - val_loss: the epoch's validation loss (a finite number)
        - weights: the model's weights after the epoch, a list of arrays (copied, never modified)

        Returns:
        - stop: True if training should stop now (`wait` reached `patience` with no improvement;
          never at epoch 0), else False.
        """
        current = float(val_loss)
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = [np.array(w, copy=True) for w in weights]
        self.wait += 1
        if current + self.min_delta < self.best:
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = [np.array(w, copy=True) for w in weights]
            self.wait = 0
            return False
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            return True
        return False
