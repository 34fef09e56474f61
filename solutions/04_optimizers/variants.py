"""Known-wrong variants (misconceptions) for 04_optimizers.

Each function below is a complete implementation of one question, written the way a student
who holds that misconception would write it. It depends only on numpy. The grader replays a
failing student's recorded calls on these; one that reproduces the student's outputs names the
mistake. Every variant loses points when pasted after the reference (the project's tests check).

Several variants replace the same function, so each is defined under its own id as its Python
name; `replaces=` says which function of the contract it stands in for.
"""

import numpy as np

from autograder.diagnosis import misconception


# --------------------------------------------------------------------------------------------
# sgd_step


@misconception(
    "sgd_in_place", replaces="sgd_step",
    ko="w -= lr * g 는 호출한 쪽의 배열 w 자체를 바꿉니다. "
       "w_new = w - lr * g 처럼 새 배열을 만들어 반환하세요.",
    en="`w -= lr * g` changes the caller's array w itself. "
       "Build a new array instead, e.g. `w_new = w - lr * g`, and return it.",
)
def sgd_in_place(w, g, lr=0.01):
    w -= lr * g
    return w


# --------------------------------------------------------------------------------------------
# momentum_step


@misconception(
    "momentum_exponential_average", replaces="momentum_step",
    ko="속도를 지수 이동 평균 v = μv + (1-μ)g 로 계산했습니다. 강의(와 Keras)의 모멘텀은 "
       "v = μv - lr·g, w = w + v 입니다. (1-μ)를 곱하지 말고 학습률을 속도에 넣으세요.",
    en="You computed the velocity as an exponential average v = μv + (1-μ)g. The lecture's (and "
       "Keras's) momentum is v = μv - lr·g, w = w + v: drop the (1-μ) and put lr into the velocity.",
)
def momentum_exponential_average(w, g, v, lr=0.01, momentum=0.9):
    v_new = momentum * v + (1 - momentum) * g
    w_new = w - lr * v_new
    return w_new, v_new


@misconception(
    "momentum_velocity_without_lr", replaces="momentum_step",
    ko="v = μv + g, w = w - lr·v (PyTorch 방식)로 계산해서 반환하는 속도 v에 학습률이 빠져 있고 "
       "부호도 반대입니다. 이 과제의 속도는 v = μv - lr·g 이고 w = w + v 입니다.",
    en="You used v = μv + g, w = w - lr·v (PyTorch's form), so the velocity you return lacks the "
       "learning rate and has the opposite sign. Here the velocity is v = μv - lr·g and w = w + v.",
)
def momentum_velocity_without_lr(w, g, v, lr=0.01, momentum=0.9):
    v_new = momentum * v + g
    w_new = w - lr * v_new
    return w_new, v_new


@misconception(
    "momentum_uses_old_velocity", replaces="momentum_step",
    ko="w를 예전 속도 v로 먼저 움직였습니다. 속도를 먼저 v_new = μv - lr·g 로 갱신한 뒤 "
       "w_new = w + v_new 로 새 속도를 쓰세요.",
    en="You moved w with the old velocity v. Update the velocity first, v_new = μv - lr·g, "
       "then move with the new one: w_new = w + v_new.",
)
def momentum_uses_old_velocity(w, g, v, lr=0.01, momentum=0.9):
    w_new = w + v
    v_new = momentum * v - lr * g
    return w_new, v_new


# --------------------------------------------------------------------------------------------
# nesterov_step


@misconception(
    "nesterov_gradient_at_w", replaces="nesterov_step",
    ko="기울기를 현재 위치 w에서 계산해서 일반 모멘텀과 같아졌습니다. NAG는 속도 방향으로 먼저 "
       "가 본 지점에서 기울기를 구합니다: g = grad_fn(w + μv).",
    en="You evaluated the gradient at w, which is plain momentum. NAG takes the gradient at the "
       "look-ahead point: g = grad_fn(w + μv).",
)
def nesterov_gradient_at_w(w, v, grad_fn, lr=0.01, momentum=0.9):
    g = grad_fn(w)
    v_new = momentum * v - lr * g
    w_new = w + v_new
    return w_new, v_new


@misconception(
    "nesterov_keras_form", replaces="nesterov_step",
    ko="Keras의 재구성식 w = w + μv_new - lr·g 를 w에서 구한 기울기로 썼습니다. 그 식의 변수는 "
       "'미리 가 본 지점'이라 강의의 w와 다릅니다. 강의식대로 g = grad_fn(w + μv), "
       "v_new = μv - lr·g, w_new = w + v_new 로 구현하세요.",
    en="You used Keras's reformulation w = w + μ·v_new - lr·g with the gradient at w. Keras's "
       "variable is the look-ahead point, not the lecture's w. Implement the lecture's form: "
       "g = grad_fn(w + μv), v_new = μv - lr·g, w_new = w + v_new.",
)
def nesterov_keras_form(w, v, grad_fn, lr=0.01, momentum=0.9):
    g = grad_fn(w)
    v_new = momentum * v - lr * g
    w_new = w + momentum * v_new - lr * g
    return w_new, v_new


# --------------------------------------------------------------------------------------------
# adagrad_step


@misconception(
    "adagrad_no_sqrt", replaces="adagrad_step",
    ko="누적값 s로 나눌 때 제곱근이 빠졌습니다. w = w - lr·g / √(s + ε) 처럼 np.sqrt를 씌우세요.",
    en="The square root is missing: divide by √(s + ε), i.e. w = w - lr·g / np.sqrt(s + eps).",
)
def adagrad_no_sqrt(w, g, s, lr=0.01, eps=1e-7):
    s_new = s + g**2
    w_new = w - lr * g / (s_new + eps)
    return w_new, s_new


@misconception(
    "adagrad_eps_outside_sqrt", replaces="adagrad_step",
    ko="ε을 제곱근 밖에 더했습니다(√s + ε). 이 과제(와 Keras Adagrad)는 ε을 제곱근 안에 둡니다: "
       "√(s + ε). 기울기가 작을 때 두 식의 차이가 커집니다.",
    en="You added ε outside the square root (√s + ε). This assignment (and Keras's Adagrad) puts "
       "it inside: √(s + ε). The two differ a lot when gradients are small.",
)
def adagrad_eps_outside_sqrt(w, g, s, lr=0.01, eps=1e-7):
    s_new = s + g**2
    w_new = w - lr * g / (np.sqrt(s_new) + eps)
    return w_new, s_new


@misconception(
    "adagrad_old_accumulator", replaces="adagrad_step",
    ko="갱신 전의 누적값 s로 나눴습니다. 먼저 s_new = s + g² 를 구하고 그 s_new로 나누세요.",
    en="You divided by the accumulator before adding g². Compute s_new = s + g² first and divide "
       "by √(s_new + ε).",
)
def adagrad_old_accumulator(w, g, s, lr=0.01, eps=1e-7):
    w_new = w - lr * g / np.sqrt(s + eps)
    s_new = s + g**2
    return w_new, s_new


# --------------------------------------------------------------------------------------------
# rmsprop_step


@misconception(
    "rmsprop_accumulates_like_adagrad", replaces="rmsprop_step",
    ko="s = s + g² 로 Adagrad처럼 계속 더하기만 했습니다. RMSProp은 지수 이동 평균 "
       "s = ρs + (1-ρ)g² 를 써서 오래된 기울기를 잊습니다.",
    en="You kept adding s = s + g² like Adagrad. RMSProp uses the exponential moving average "
       "s = ρs + (1-ρ)g², which forgets old gradients.",
)
def rmsprop_accumulates_like_adagrad(w, g, s, lr=0.001, rho=0.9, eps=1e-7):
    s_new = s + g**2
    w_new = w - lr * g / np.sqrt(s_new + eps)
    return w_new, s_new


@misconception(
    "rmsprop_rho_swapped", replaces="rmsprop_step",
    ko="ρ와 (1-ρ)의 자리가 바뀌었습니다. 이전 평균에 ρ를, 새 g²에 (1-ρ)를 곱하세요: "
       "s = ρs + (1-ρ)g².",
    en="ρ and (1-ρ) are swapped. Multiply the old average by ρ and the new g² by (1-ρ): "
       "s = ρs + (1-ρ)g².",
)
def rmsprop_rho_swapped(w, g, s, lr=0.001, rho=0.9, eps=1e-7):
    s_new = (1 - rho) * s + rho * g**2
    w_new = w - lr * g / np.sqrt(s_new + eps)
    return w_new, s_new


@misconception(
    "rmsprop_eps_outside_sqrt", replaces="rmsprop_step",
    ko="ε을 제곱근 밖에 더했습니다(√s + ε). 이 과제(와 Keras RMSprop)는 ε을 제곱근 안에 둡니다: "
       "√(s + ε).",
    en="You added ε outside the square root (√s + ε). This assignment (and Keras's RMSprop) puts "
       "it inside: √(s + ε).",
)
def rmsprop_eps_outside_sqrt(w, g, s, lr=0.001, rho=0.9, eps=1e-7):
    s_new = rho * s + (1 - rho) * g**2
    w_new = w - lr * g / (np.sqrt(s_new) + eps)
    return w_new, s_new


# --------------------------------------------------------------------------------------------
# adam_step


@misconception(
    "adam_no_bias_correction", replaces="adam_step",
    ko="Adam의 편향 보정이 빠졌습니다. m̂ = m/(1-β1^t), v̂ = v/(1-β2^t)로 나눈 뒤 "
       "w = w - lr·m̂/(√v̂ + ε)로 갱신하세요. 보정이 없으면 초반 걸음이 너무 작아집니다.",
    en="Your Adam skips bias correction: divide m by (1-β1^t) and v by (1-β2^t) before the update "
       "w = w - lr·m̂/(√v̂ + ε). Without it the first steps are far too small.",
)
def adam_no_bias_correction(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g**2
    w_new = w - lr * m_new / (np.sqrt(v_new) + eps)
    return w_new, m_new, v_new


@misconception(
    "adam_bias_correction_off_by_one", replaces="adam_step",
    ko="편향 보정에 β^(t+1)을 썼습니다. t는 이미 1부터 시작하는 걸음 번호이니 "
       "1-β1^t, 1-β2^t 로 나누세요.",
    en="Your bias correction uses β^(t+1). t is already the step number starting at 1, so divide "
       "by 1-β1^t and 1-β2^t.",
)
def adam_bias_correction_off_by_one(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g**2
    m_hat = m_new / (1 - beta1 ** (t + 1))
    v_hat = v_new / (1 - beta2 ** (t + 1))
    w_new = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w_new, m_new, v_new


@misconception(
    "adam_bias_correction_constant_exponent", replaces="adam_step",
    ko="편향 보정의 지수가 상수입니다(예: 1-β1**2). 보정은 걸음 번호 t에 따라 달라져야 합니다: "
       "m̂ = m/(1-β1**t), v̂ = v/(1-β2**t).",
    en="Your bias correction uses a constant exponent (e.g. 1-β1**2). It must depend on the step "
       "number t: m̂ = m/(1-β1**t), v̂ = v/(1-β2**t).",
)
def adam_bias_correction_constant_exponent(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g**2
    mt = m_new / (1 - beta1**2)
    vt = v_new / (1 - beta2**2)
    w_new = w - lr * mt / (np.sqrt(vt) + eps)
    return w_new, m_new, v_new


@misconception(
    "adam_betas_swapped", replaces="adam_step",
    ko="β1과 β2가 바뀌었습니다. 1차 모멘트 m에는 β1(0.9)을, 2차 모멘트 v(g²의 평균)에는 "
       "β2(0.999)를 쓰세요.",
    en="β1 and β2 are swapped. Use β1 (0.9) for the first moment m and β2 (0.999) for the second "
       "moment v, the average of g².",
)
def adam_betas_swapped(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta2 * m + (1 - beta2) * g
    v_new = beta1 * v + (1 - beta1) * g**2
    m_hat = m_new / (1 - beta2**t)
    v_hat = v_new / (1 - beta1**t)
    w_new = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w_new, m_new, v_new


@misconception(
    "adam_eps_inside_sqrt", replaces="adam_step",
    ko="ε을 제곱근 안에 넣었습니다(√(v̂ + ε)). Adam은 ε을 제곱근 밖에 더합니다: "
       "w = w - lr·m̂/(√v̂ + ε). 기울기가 작을 때 차이가 큽니다.",
    en="You put ε inside the square root (√(v̂ + ε)). Adam adds it outside: "
       "w = w - lr·m̂/(√v̂ + ε). The difference is large for small gradients.",
)
def adam_eps_inside_sqrt(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g**2
    m_hat = m_new / (1 - beta1**t)
    v_hat = v_new / (1 - beta2**t)
    w_new = w - lr * m_hat / np.sqrt(v_hat + eps)
    return w_new, m_new, v_new


@misconception(
    "adam_returns_corrected_moments", replaces="adam_step",
    ko="보정된 m̂, v̂를 상태로 반환했습니다. 다음 걸음에 넘길 상태는 보정 전의 m, v 입니다. "
       "보정은 갱신에만 쓰고 m_new, v_new를 반환하세요.",
    en="You returned the bias-corrected m̂, v̂ as the state. The state for the next step is the "
       "uncorrected m and v: use the corrected ones only for the update and return m_new, v_new.",
)
def adam_returns_corrected_moments(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    m = m / (1 - beta1**t)
    v = v / (1 - beta2**t)
    w_new = w - lr * m / (np.sqrt(v) + eps)
    return w_new, m, v


@misconception(
    "adam_in_place", replaces="adam_step",
    ko="w -= ... 로 호출한 쪽의 배열 w를 제자리에서 바꿨습니다. "
       "w_new = w - ... 처럼 새 배열을 만들어 반환하세요.",
    en="`w -= ...` changed the caller's array w in place. Build a new array, "
       "e.g. `w_new = w - ...`, and return it.",
)
def adam_in_place(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    w -= lr * m_hat / (np.sqrt(v_hat) + eps)
    return w, m, v


# --------------------------------------------------------------------------------------------
# adamw_step


@misconception(
    "adamw_decay_after_adam", replaces="adamw_step",
    ko="가중치 감쇠를 Adam 갱신 뒤의 w에 적용했습니다. Keras AdamW처럼 먼저 "
       "w = w - lr·λ·w 로 줄인 다음 Adam 걸음을 하세요.",
    en="You applied the decay to w after the Adam update. As Keras's AdamW does, shrink first, "
       "w = w - lr·λ·w, then take the Adam step.",
)
def adamw_decay_after_adam(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.004):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g**2
    m_hat = m_new / (1 - beta1**t)
    v_hat = v_new / (1 - beta2**t)
    w_new = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    w_new = w_new - lr * weight_decay * w_new
    return w_new, m_new, v_new


@misconception(
    "adamw_decay_without_lr", replaces="adamw_step",
    ko="감쇠량에 학습률을 곱하지 않았습니다(w - λ·w). Keras AdamW는 w = w - lr·λ·w 로 "
       "학습률까지 곱해서 줄입니다.",
    en="Your decay is not multiplied by the learning rate (w - λ·w). Keras's AdamW shrinks by "
       "w = w - lr·λ·w.",
)
def adamw_decay_without_lr(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.004):
    w = w - weight_decay * w
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g**2
    m_hat = m_new / (1 - beta1**t)
    v_hat = v_new / (1 - beta2**t)
    w_new = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w_new, m_new, v_new


@misconception(
    "adamw_l2_in_gradient", replaces="adamw_step",
    ko="λ·w를 기울기에 더했습니다(Adam + L2). 이러면 감쇠가 m, v를 거쳐 크기가 바뀝니다. "
       "AdamW는 감쇠를 기울기와 분리해 w = w - lr·λ·w 로 먼저 적용합니다.",
    en="You added λ·w to the gradient (Adam + L2), so the decay gets rescaled through m and v. "
       "AdamW decouples it: apply w = w - lr·λ·w first, and leave g unchanged.",
)
def adamw_l2_in_gradient(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.004):
    g = g + weight_decay * w
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g**2
    m_hat = m_new / (1 - beta1**t)
    v_hat = v_new / (1 - beta2**t)
    w_new = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w_new, m_new, v_new


# --------------------------------------------------------------------------------------------
# optimize


@misconception(
    "optimize_without_start_row", replaces="optimize",
    ko="경로에 시작점 x0이 빠졌습니다. 첫 행을 x0으로 두고 걸음마다 한 행씩 더해 "
       "(n_iter + 1, d) 모양을 반환하세요.",
    en="Your trajectory leaves out the start x0. Make x0 the first row and add one row per step, "
       "for a shape of (n_iter + 1, d).",
)
def optimize_without_start_row(method, grad_fn, x0, lr, n_iter=100, **hyper):
    x = np.array(x0, dtype=float)
    a = np.zeros_like(x)
    b = np.zeros_like(x)
    mu = hyper.get("momentum", 0.9)
    rows = []
    for t in range(1, n_iter + 1):
        if method == "gd":
            x = x - lr * grad_fn(x)
        elif method == "momentum":
            a = mu * a - lr * grad_fn(x)
            x = x + a
        elif method == "nesterov":
            a = mu * a - lr * grad_fn(x + mu * a)
            x = x + a
        elif method == "adagrad":
            g = grad_fn(x)
            a = a + g**2
            x = x - lr * g / np.sqrt(a + hyper.get("eps", 1e-7))
        elif method == "rmsprop":
            g = grad_fn(x)
            rho = hyper.get("rho", 0.9)
            a = rho * a + (1 - rho) * g**2
            x = x - lr * g / np.sqrt(a + hyper.get("eps", 1e-7))
        elif method == "adam":
            g = grad_fn(x)
            b1, b2 = hyper.get("beta1", 0.9), hyper.get("beta2", 0.999)
            a = b1 * a + (1 - b1) * g
            b = b2 * b + (1 - b2) * g**2
            m_hat, v_hat = a / (1 - b1**t), b / (1 - b2**t)
            x = x - lr * m_hat / (np.sqrt(v_hat) + hyper.get("eps", 1e-8))
        rows.append(x.copy())
    return np.array(rows)


@misconception(
    "optimize_ignores_hyperparameters", replaces="optimize",
    ko="`**hyper`로 받은 하이퍼파라미터(`momentum=`, `rho=`, `beta1=` 등)를 스텝 함수에 넘기지 않아 "
       "항상 기본값이 쓰였습니다. 스텝 함수를 부를 때 `**hyper`를 함께 넘기세요.",
    en="The hyperparameters in `**hyper` (`momentum=`, `rho=`, `beta1=`, ...) never reach the step "
       "function, so the defaults are always used. Pass `**hyper` on to the step function.",
)
def optimize_ignores_hyperparameters(method, grad_fn, x0, lr, n_iter=100, **hyper):
    x = np.array(x0, dtype=float)
    a = np.zeros_like(x)
    b = np.zeros_like(x)
    rows = [x.copy()]
    for t in range(1, n_iter + 1):
        if method == "gd":
            x = x - lr * grad_fn(x)
        elif method == "momentum":
            a = 0.9 * a - lr * grad_fn(x)
            x = x + a
        elif method == "nesterov":
            a = 0.9 * a - lr * grad_fn(x + 0.9 * a)
            x = x + a
        elif method == "adagrad":
            g = grad_fn(x)
            a = a + g**2
            x = x - lr * g / np.sqrt(a + 1e-7)
        elif method == "rmsprop":
            g = grad_fn(x)
            a = 0.9 * a + 0.1 * g**2
            x = x - lr * g / np.sqrt(a + 1e-7)
        elif method == "adam":
            g = grad_fn(x)
            a = 0.9 * a + 0.1 * g
            b = 0.999 * b + 0.001 * g**2
            m_hat, v_hat = a / (1 - 0.9**t), b / (1 - 0.999**t)
            x = x - lr * m_hat / (np.sqrt(v_hat) + 1e-8)
        rows.append(x.copy())
    return np.array(rows)
