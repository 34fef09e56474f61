"""Known-wrong variants (misconceptions) of 09_adadelta, each explained in Korean and English."""

import numpy as np

from autograder.diagnosis import misconception


@misconception(
    "adadelta_old_accumulator", replaces="adadelta_step",
    ko="갱신 전의 s로 나눴습니다. 먼저 s_new = ρs + (1-ρ)g² 를 구하고 √(s_new + ε)로 나누세요.",
    en="You divided by the accumulator before adding g². Compute s_new = ρs + (1-ρ)g² first and divide by √(s_new + ε).",
)
def adadelta_old_accumulator(w, g, s, d, lr=1.0, rho=0.95, eps=1e-6):
    update = -np.sqrt(d + eps) / np.sqrt(s + eps) * g
    s_new = rho * s + (1 - rho) * g**2
    d_new = rho * d + (1 - rho) * update**2
    return w + lr * update, s_new, d_new


@misconception(
    "adadelta_eps_outside_sqrt", replaces="adadelta_step",
    ko="ε을 제곱근 밖에 더했습니다(√d + ε, √s + ε). Adadelta(와 Keras)는 ε을 두 제곱근 **안에** 둡니다: √(d + ε) / √(s + ε).",
    en="You added ε outside the square roots (√d + ε, √s + ε). Adadelta (and Keras) puts it **inside** both: √(d + ε) / √(s + ε).",
)
def adadelta_eps_outside_sqrt(w, g, s, d, lr=1.0, rho=0.95, eps=1e-6):
    s_new = rho * s + (1 - rho) * g**2
    update = -(np.sqrt(d) + eps) / (np.sqrt(s_new) + eps) * g
    d_new = rho * d + (1 - rho) * update**2
    return w + lr * update, s_new, d_new


@misconception(
    "adadelta_delta_averages_gradients", replaces="adadelta_step",
    ko="d에 g²의 평균을 쌓았습니다. d는 지난 **갱신량** Δ의 제곱 평균입니다: d_new = ρd + (1-ρ)Δ².",
    en="You accumulated g² into d. d is the moving average of the squared **updates**: d_new = ρd + (1-ρ)Δ².",
)
def adadelta_delta_averages_gradients(w, g, s, d, lr=1.0, rho=0.95, eps=1e-6):
    s_new = rho * s + (1 - rho) * g**2
    update = -np.sqrt(d + eps) / np.sqrt(s_new + eps) * g
    d_new = rho * d + (1 - rho) * g**2
    return w + lr * update, s_new, d_new


@misconception(
    "adadelta_in_place", replaces="adadelta_step",
    ko="w += ... 로 호출한 쪽의 배열 w를 제자리에서 바꿨습니다. w_new = w + lr·Δ 처럼 새 배열을 반환하세요.",
    en="`w += ...` changed the caller's array w in place. Return a new array, w_new = w + lr·Δ.",
)
def adadelta_in_place(w, g, s, d, lr=1.0, rho=0.95, eps=1e-6):
    s_new = rho * s + (1 - rho) * g**2
    update = -np.sqrt(d + eps) / np.sqrt(s_new + eps) * g
    d_new = rho * d + (1 - rho) * update**2
    w += lr * update
    return w, s_new, d_new
