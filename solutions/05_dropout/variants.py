"""Known-wrong versions of the 05_dropout layer, with the mistake explained in Korean and English.

Each variant is a complete class as a student would write it, using only numpy; each has its own
name (they all replace `Dropout`, as `replaces=` says). A layer's outputs depend on its random
draws, so the grader cannot replay them: each variant carries a `detect=` predicate that
recognises its mistake in the calls a failing test recorded. The project's tests check that
every variant loses points, that its detector names it, and that no detector fires on correct
layers written in several styles.
"""

import numpy as np

from autograder.diagnosis import misconception


# ---------------------------------------------------------------------------------------------
# Detection from the recorded calls. A class cannot be diagnosed by replay (its outputs depend on
# its random draws), so each variant carries a predicate over the test's recorded calls
# (autograder.remote.CallRecord: target, args, kwargs, result, error, object_serial). Each
# predicate looks for a pattern that a correct layer produces with probability far below 1e-6.


def _layers(records):
    """{serial: {"rate", "seed", "events"}} for every Dropout the test built, events in call order."""
    layers = {}
    for r in records:
        t = tuple(r.target)
        if t == ("global", "Dropout") and r.error is None and r.object_serial is not None:
            rate = r.args[0] if r.args else r.kwargs.get("rate")
            seed = r.args[1] if len(r.args) > 1 else r.kwargs.get("seed")
            try:
                layers[r.object_serial] = {"rate": float(rate), "seed": seed, "events": []}
            except (TypeError, ValueError):
                continue
        elif len(t) == 3 and t[0] == "method" and t[1] in layers and r.error is None:
            layers[t[1]]["events"].append(r)
    return layers


def _forward(r):
    """(x, training, out) for a successful forward record, else None."""
    if r.target[2] != "forward" or not r.args:
        return None
    x = np.asarray(r.args[0])
    training = r.kwargs.get("training", r.args[1] if len(r.args) > 1 else True)
    try:
        out = np.asarray(r.result, dtype=float)
    except (TypeError, ValueError):
        return None
    if out.shape != x.shape or x.dtype.kind not in "iuf":
        return None
    return x.astype(float), bool(training), out


def _backward(r):
    if r.target[2] != "backward" or not r.args:
        return None
    dout = np.asarray(r.args[0])
    try:
        dx = np.asarray(r.result, dtype=float)
    except (TypeError, ValueError):
        return None
    if dx.shape != dout.shape or dout.dtype.kind not in "iuf":
        return None
    return dout.astype(float), dx


def _close(a, b):
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-9, atol=0.0))


def _steps(records):
    """(layer, kind, data, previous training forward) for every forward/backward, per layer in order."""
    for layer in _layers(records).values():
        last_train = None
        for r in layer["events"]:
            f = _forward(r)
            if f is not None:
                yield layer, "forward", f, last_train
                if f[1]:
                    last_train = f
                else:
                    last_train = None
                continue
            b = _backward(r)
            if b is not None:
                yield layer, "backward", b, last_train


def _kept_scale(x, out):
    """The factor out/x on the nonzero outputs (None if undefined or not one common factor)."""
    kept = (out != 0) & (x != 0)
    if not kept.any():
        return None
    ratio = out[kept] / x[kept]
    return float(ratio[0]) if np.allclose(ratio, ratio[0], rtol=1e-9, atol=0.0) else None


def _detect_no_scale(records):
    found = False
    for layer, kind, data, _ in _steps(records):
        rate = layer["rate"]
        if kind != "forward":
            continue
        x, training, out = data
        if not training:
            if not _close(out, x):
                return False
            continue
        scale = _kept_scale(x, out)
        if scale is None or not 0 < rate < 1:
            continue
        if not np.isclose(scale, 1.0, rtol=1e-9, atol=0.0):
            return False
        found = found or bool(((out == 0) & (x != 0)).any())  # it does drop, it just does not scale
    return found


def _detect_scale_at_inference(records):
    for layer, kind, data, _ in _steps(records):
        if kind == "forward" and not data[1] and 0 < layer["rate"] < 1:
            x, _, out = data
            if (x != 0).any() and _close(out, x * (1 - layer["rate"])):
                return True
    return False


def _detect_rate_as_keep_prob(records):
    from scipy import stats

    for layer, kind, data, _ in _steps(records):
        rate = layer["rate"]
        if kind != "forward" or not data[1] or not 0 <= rate < 1:
            continue
        x, _, out = data
        nonzero = x != 0
        n = int(nonzero.sum())
        if rate == 0 and n >= 10 and not out[nonzero].any():
            return True  # rate 0 kept nothing
        if n < 1000 or abs(rate - 0.5) < 0.05:
            continue
        k = int((out[nonzero] != 0).sum())
        # implausible for keep probability 1 - rate, plausible for keep probability rate
        far = stats.binom.cdf(k, n, 1 - rate) < 1e-9 or stats.binom.sf(k - 1, n, 1 - rate) < 1e-9
        near = stats.binom.cdf(k, n, rate) > 1e-6 and stats.binom.sf(k - 1, n, rate) > 1e-6
        if far and near:
            return True
    return False


def _backward_after_train(records):
    """(rate, kept mask of the last training forward, dout, dx) for each backward that follows one."""
    for layer, kind, data, last in _steps(records):
        if kind == "backward" and last is not None and 0 < layer["rate"] < 1:
            x, _, out = last
            dout, dx = data
            if dout.shape == x.shape:
                yield layer["rate"], (out != 0), (x != 0) & (dout != 0), dout, dx


def _detect_backward_new_mask(records):
    for rate, kept, usable, dout, dx in _backward_after_train(records):
        if usable.sum() < 20:
            continue
        passed = dx != 0
        values_ok = np.allclose(dx[passed], dout[passed] / (1 - rate), rtol=1e-9, atol=0.0)
        if values_ok and (passed[usable] != kept[usable]).any():
            return True
    return False


def _detect_backward_no_scale(records):
    for rate, kept, usable, dout, dx in _backward_after_train(records):
        # it must have dropped something: a mask that keeps everything is its own mistake
        if (kept & usable).any() and (~kept & usable).any() and _close(dx, np.where(kept, dout, 0.0)):
            return True
    return False


def _detect_same_mask_every_call(records):
    for layer in _layers(records).values():
        if not 0 < layer["rate"] < 1:
            continue
        masks = {}
        for r in layer["events"]:
            f = _forward(r)
            if f is None or not f[1]:
                continue
            x, _, out = f
            if (x != 0).sum() < 100:
                continue
            mask = (out != 0) | (x == 0)
            if mask.all():
                continue  # keeps everything: dropout_mask_keeps_everything, not a reused mask
            previous = masks.get(x.shape)
            if previous is not None and np.array_equal(previous, mask):
                return True
            masks[x.shape] = mask
    return False


def _detect_keeps_everything(records):
    """Training forwards that drop nothing at all, where a correct layer would have dropped
    something with probability above 1 - 1e-9 (at least one such forward, and none that drops)."""
    found = False
    for layer, kind, data, _ in _steps(records):
        rate = layer["rate"]
        if kind != "forward" or not data[1] or not 0 < rate < 1:
            continue
        x, _, out = data
        nonzero = x != 0
        if ((out == 0) & nonzero).any():
            return False
        if _close(out, x) and int(nonzero.sum()) * np.log1p(-rate) < np.log(1e-9):
            found = True
    return found


def _detect_mask_shared_across_batch(records):
    """A training forward on a batch (2-D or more) whose dropped positions are the same in every
    row: one mask per feature broadcast over the batch. For a correct layer the chance of that is
    the product over features of (rate^rows + (1-rate)^rows), required below 1e-9."""
    found = False
    for layer, kind, data, _ in _steps(records):
        rate = layer["rate"]
        if kind != "forward" or not data[1] or not 0 < rate < 1 or data[0].ndim < 2:
            continue
        x, _, out = data
        rows = x.reshape(-1, x.shape[-1])
        dropped = ((out == 0) & (x != 0)).reshape(rows.shape)
        if not (rows != 0).all() or len(rows) < 2 or not dropped.any() or dropped.all():
            continue
        if not (dropped == dropped[0]).all():
            return False
        log_chance = x.shape[-1] * np.logaddexp(len(rows) * np.log(rate), len(rows) * np.log1p(-rate))
        found = found or log_chance < np.log(1e-9)
    return found


def _detect_ignores_seed(records):
    first = {}
    for layer in _layers(records).values():
        if layer["seed"] is None or not 0 < layer["rate"] < 1 or not layer["events"]:
            continue
        f = _forward(layer["events"][0])
        if f is None or not f[1] or (f[0] != 0).sum() < 50:
            continue
        key = (layer["rate"], layer["seed"], f[0].shape)
        mask = (f[2] != 0) | (f[0] == 0)
        if key in first and not np.array_equal(first[key], mask):
            return True
        first.setdefault(key, mask)
    return False


def _detect_ignores_training_flag(records):
    for layer, kind, data, _ in _steps(records):
        if kind == "forward" and not data[1] and 0 < layer["rate"] < 1:
            x, _, out = data
            dropped = (out == 0) & (x != 0)
            if dropped.any() and _close(out[~dropped], x[~dropped] / (1 - layer["rate"])):
                return True
    return False


def _detect_no_rate_check(records):
    for r in records:
        if tuple(r.target) == ("global", "Dropout") and r.error is None:
            rate = r.args[0] if r.args else r.kwargs.get("rate")
            try:
                if not 0 <= float(rate) < 1:
                    return True
            except (TypeError, ValueError):
                continue
    return False


@misconception(
    "dropout_no_scale", replaces="Dropout",
    ko="학습 때 살아남은 값을 1/(1 − rate)로 키우지 않았습니다. 그러면 출력의 기댓값이 x·(1 − rate)로 줄어듭니다. 역 드롭아웃은 x·mask/(1 − rate)를 반환합니다.",
    en="In training you do not scale the kept values by 1/(1 − rate), so the expected output shrinks to x·(1 − rate). Inverted dropout returns x·mask/(1 − rate).",
    detect=_detect_no_scale,
)
class DropoutNoScale:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate must be in [0, 1)")
        self.rate = rate
        self.rng = np.random.default_rng(seed)
        self.mask = None

    def forward(self, x, training=True):
        if not training:
            self.mask = None
            return x.copy()
        self.mask = self.rng.random(x.shape) >= self.rate
        return x * self.mask

    def backward(self, dout):
        if self.mask is None:
            return dout.copy()
        return dout * self.mask


@misconception(
    "dropout_scale_at_inference", replaces="Dropout",
    ko="원래(고전적) 드롭아웃처럼 추론 때 x·(1 − rate)로 줄였습니다. 이 과제와 Keras는 역 드롭아웃이라 학습 때 1/(1 − rate)로 키우고, 추론 때는 x를 그대로 반환합니다.",
    en="Like classic dropout, you scale by (1 − rate) at inference. This assignment, like Keras, uses inverted dropout: scale by 1/(1 − rate) in training and return x unchanged at inference.",
    detect=_detect_scale_at_inference,
)
class DropoutScaleAtInference:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate must be in [0, 1)")
        self.rate = rate
        self.rng = np.random.default_rng(seed)
        self.mask = None

    def forward(self, x, training=True):
        if not training:
            self.mask = None
            return x * (1 - self.rate)
        self.mask = self.rng.random(x.shape) >= self.rate
        return x * self.mask

    def backward(self, dout):
        if self.mask is None:
            return dout * (1 - self.rate)
        return dout * self.mask


@misconception(
    "dropout_rate_as_keep_prob", replaces="Dropout",
    ko="rate를 남길 확률로 썼습니다. rate는 버릴(0으로 만들) 확률이므로 각 원소는 확률 1 − rate로 남아야 합니다 (Keras와 같은 뜻).",
    en="You used rate as the probability of keeping. rate is the probability of dropping (zeroing), so each element is kept with probability 1 − rate (as in Keras).",
    detect=_detect_rate_as_keep_prob,
)
class DropoutRateAsKeepProb:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate must be in [0, 1)")
        self.rate = rate
        self.rng = np.random.default_rng(seed)
        self.mask = None

    def forward(self, x, training=True):
        if not training:
            self.mask = None
            return x.copy()
        self.mask = self.rng.random(x.shape) < self.rate
        return x * self.mask / (1 - self.rate)

    def backward(self, dout):
        if self.mask is None:
            return dout.copy()
        return dout * self.mask / (1 - self.rate)


@misconception(
    "dropout_backward_new_mask", replaces="Dropout",
    ko="backward에서 마스크를 새로 뽑았습니다. 기울기는 순전파에서 살아남은 바로 그 원소로만 흘러야 하므로 forward가 저장한 self.mask를 써야 합니다.",
    en="Your backward draws a new mask. The gradient must flow only through the elements the forward pass kept, so use the self.mask that forward stored.",
    detect=_detect_backward_new_mask,
)
class DropoutBackwardNewMask:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate must be in [0, 1)")
        self.rate = rate
        self.rng = np.random.default_rng(seed)
        self.mask = None

    def forward(self, x, training=True):
        if not training:
            self.mask = None
            return x.copy()
        self.mask = self.rng.random(x.shape) >= self.rate
        return x * self.mask / (1 - self.rate)

    def backward(self, dout):
        if self.mask is None:
            return dout.copy()
        mask = self.rng.random(dout.shape) >= self.rate
        return dout * mask / (1 - self.rate)


@misconception(
    "dropout_mask_drawn_once", replaces="Dropout",
    ko="forward를 부를 때마다 같은 마스크가 나옵니다. 마스크를 한 번만 뽑아 다시 쓰거나 forward 안에서 np.random.default_rng(seed)를 매번 새로 만들면 이렇게 됩니다. 생성기는 생성자에서 한 번만 만들고, 학습 모드 forward마다 새 마스크를 뽑아야 매번 다른 부분 네트워크가 학습됩니다.",
    en="Every forward call gives the same mask. That happens when the mask is drawn once and reused, or when np.random.default_rng(seed) is created anew inside forward. Create the generator once in the constructor and draw a new mask at every training forward, so each step trains a different sub-network.",
    detect=_detect_same_mask_every_call,
)
class DropoutMaskDrawnOnce:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate must be in [0, 1)")
        self.rate = rate
        self.rng = np.random.default_rng(seed)
        self.mask = None
        self.training = True

    def forward(self, x, training=True):
        self.training = training
        if not training:
            return x.copy()
        if self.mask is None or self.mask.shape != x.shape:
            self.mask = self.rng.random(x.shape) >= self.rate
        return x * self.mask / (1 - self.rate)

    def backward(self, dout):
        if not self.training:
            return dout.copy()
        return dout * self.mask / (1 - self.rate)


@misconception(
    "dropout_ignores_seed", replaces="Dropout",
    ko="seed를 쓰지 않고 전역 난수(np.random)로 마스크를 뽑았습니다. 같은 seed로 만든 층이 같은 마스크를 내도록 생성자에서 np.random.default_rng(seed)를 만들어 쓰세요.",
    en="You ignore seed and draw masks from the global np.random. So that layers made with the same seed give the same masks, create np.random.default_rng(seed) in the constructor and draw from it.",
    detect=_detect_ignores_seed,
)
class DropoutIgnoresSeed:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate must be in [0, 1)")
        self.rate = rate
        self.mask = None

    def forward(self, x, training=True):
        if not training:
            self.mask = None
            return x.copy()
        self.mask = np.random.random(x.shape) >= self.rate
        return x * self.mask / (1 - self.rate)

    def backward(self, dout):
        if self.mask is None:
            return dout.copy()
        return dout * self.mask / (1 - self.rate)


@misconception(
    "dropout_ignores_training_flag", replaces="Dropout",
    ko="training=False일 때도 원소를 버렸습니다. 추론(평가) 때는 드롭아웃을 끄고 x를 그대로 반환해야 합니다.",
    en="You drop elements even when training=False. At inference (evaluation) dropout is off: return x unchanged.",
    detect=_detect_ignores_training_flag,
)
class DropoutIgnoresTrainingFlag:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate must be in [0, 1)")
        self.rate = rate
        self.rng = np.random.default_rng(seed)
        self.mask = None

    def forward(self, x, training=True):
        self.mask = self.rng.random(x.shape) >= self.rate
        return x * self.mask / (1 - self.rate)

    def backward(self, dout):
        return dout * self.mask / (1 - self.rate)


@misconception(
    "dropout_backward_no_scale", replaces="Dropout",
    ko="backward에서 1/(1 − rate)를 곱하지 않았습니다. 순전파가 x·mask/(1 − rate)이므로 미분도 dout·mask/(1 − rate)입니다.",
    en="Your backward omits the 1/(1 − rate). The forward pass is x·mask/(1 − rate), so its derivative is dout·mask/(1 − rate).",
    detect=_detect_backward_no_scale,
)
class DropoutBackwardNoScale:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate must be in [0, 1)")
        self.rate = rate
        self.rng = np.random.default_rng(seed)
        self.mask = None

    def forward(self, x, training=True):
        if not training:
            self.mask = None
            return x.copy()
        self.mask = self.rng.random(x.shape) >= self.rate
        return x * self.mask / (1 - self.rate)

    def backward(self, dout):
        if self.mask is None:
            return dout.copy()
        return dout * self.mask


@misconception(
    "dropout_no_rate_check", replaces="Dropout",
    ko="rate를 검사하지 않았습니다. rate가 1 이상이면 1/(1 − rate)가 무한대나 음수가 되므로, 0 ≤ rate < 1이 아니면 생성자에서 ValueError를 일으키세요.",
    en="You do not validate rate. With rate >= 1, 1/(1 − rate) is infinite or negative, so raise ValueError in the constructor unless 0 <= rate < 1.",
    detect=_detect_no_rate_check,
)
class DropoutNoRateCheck:
    def __init__(self, rate, seed=None):
        self.rate = rate
        self.rng = np.random.default_rng(seed)
        self.mask = None

    def forward(self, x, training=True):
        if not training:
            self.mask = None
            return x.copy()
        self.mask = self.rng.random(x.shape) >= self.rate
        return x * self.mask / (1 - self.rate)

    def backward(self, dout):
        if self.mask is None:
            return dout.copy()
        return dout * self.mask / (1 - self.rate)


@misconception(
    "dropout_mask_keeps_everything", replaces="Dropout",
    ko="마스크가 모든 원소를 남깁니다. 예를 들어 rng.random(x.shape) < p / p 는 연산자 우선순위 때문에 "
       "'< 1'이 되어 항상 True입니다. 괄호를 (rng.random(x.shape) >= rate) 처럼 쓰고, 남긴 값은 1/(1 − rate)로 키우세요.",
    en="Your mask keeps every element. For example rng.random(x.shape) < p / p is '< 1' by operator precedence, "
       "so always True. Write the comparison as (rng.random(x.shape) >= rate) and scale the kept values by 1/(1 − rate).",
    detect=_detect_keeps_everything,
)
class DropoutMaskKeepsEverything:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate must be in [0, 1)")
        self.rate = rate
        self.rng = np.random.default_rng(seed)
        self.mask = None

    def forward(self, x, training=True):
        if not training:
            self.mask = None
            return x.copy()
        p = 1 - self.rate
        self.mask = self.rng.random(x.shape) < p / p
        return x * self.mask

    def backward(self, dout):
        if self.mask is None:
            return dout.copy()
        return dout * self.mask


@misconception(
    "dropout_mask_shared_across_batch", replaces="Dropout",
    ko="배치의 모든 행(샘플)이 같은 마스크를 씁니다. 특성 수만큼만 난수를 뽑아(rng.random(x.shape[-1])) 배치 전체에 "
       "브로드캐스트했기 때문입니다. 원소마다 따로 뽑으세요: rng.random(x.shape) >= rate.",
    en="Every row (sample) of the batch gets the same mask: you drew one number per feature "
       "(rng.random(x.shape[-1])) and broadcast it over the batch. Draw one per element: rng.random(x.shape) >= rate.",
    detect=_detect_mask_shared_across_batch,
)
class DropoutMaskSharedAcrossBatch:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate must be in [0, 1)")
        self.rate = rate
        self.rng = np.random.default_rng(seed)
        self.mask = None

    def forward(self, x, training=True):
        if not training:
            self.mask = None
            return x.copy()
        keep = self.rng.random(x.shape[-1]) >= self.rate  # one per feature
        self.mask = np.ones(x.shape, dtype=bool) & keep
        return x * self.mask / (1 - self.rate)

    def backward(self, dout):
        if self.mask is None:
            return dout.copy()
        return dout * self.mask / (1 - self.rate)
