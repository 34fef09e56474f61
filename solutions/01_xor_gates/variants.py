"""Known-wrong versions of the 01_xor_gates functions (misconceptions), for diagnosis.

Each function is a complete wrong implementation as a student might write it. Several
variants may replace the same function, so each has its own Python name; ``replaces`` says
which function of the contract it stands for.
"""

import numpy as np

from autograder.checks import load_reference
from autograder.diagnosis import misconception

_ref = load_reference(__file__)
NAND, OR, AND = _ref.NAND, _ref.OR, _ref.AND


@misconception(
    "perceptron_ge_boundary", replaces="perceptron",
    ko="가중합이 정확히 0일 때 1을 반환합니다. 강의의 규칙은 y ≤ 0 이면 0이므로 `>=`가 아니라 `>`로 비교하세요.",
    en="You return 1 when the weighted sum is exactly 0. The lecture's rule gives 0 for y <= 0, so compare with `>`, not `>=`.",
)
def perceptron_ge(x, w, b):
    return 1 if np.sum(w * x) + b >= 0 else 0


@misconception(
    "and_ge_boundary", replaces="AND",
    ko="AND(1, 0)과 AND(0, 1)의 가중합은 1 + 0 - 1 = 0입니다. 0은 0으로 보내야 하니 `>=` 대신 `>`를 쓰세요.",
    en="AND(1, 0) and AND(0, 1) have the weighted sum 1 + 0 - 1 = 0, which must give 0: use `>`, not `>=`.",
)
def AND_ge(x1, x2):
    return 1 if x1 * 1 + x2 * 1 - 1 >= 0 else 0


@misconception(
    "xor_and_of_nand_nand", replaces="XOR",
    ko="AND에 NAND 결과를 두 번 넣어서 XOR이 NAND와 같아졌습니다. 두 번째 입력은 OR(x1, x2)이어야 합니다.",
    en="You fed NAND into AND twice, so XOR behaves like NAND. The second input must be OR(x1, x2).",
)
def XOR_and_nand_nand(x1, x2):
    return AND(NAND(x1, x2), NAND(x1, x2))


@misconception(
    "xor_inverted", replaces="XOR",
    ko="출력 게이트로 NAND를 써서 XOR의 반대(XNOR)가 나옵니다. 출력 게이트는 AND입니다.",
    en="Your output gate is NAND, which gives the opposite of XOR (XNOR). The output gate is AND.",
)
def XOR_nand_out(x1, x2):
    return NAND(NAND(x1, x2), OR(x1, x2))


@misconception(
    "mlp_step_ge_boundary", replaces="mlp_forward",
    ko="계단 함수가 0에서 1을 냅니다. 가중합이 0 이하이면 0이어야 하므로 `> 0`으로 비교하세요 (강의의 표에서 (0,0)과 (1,1)의 출력 합은 정확히 0입니다).",
    en="Your step function gives 1 at 0. A sum of 0 or less must give 0, so compare with `> 0` (in the lecture's table the output sums for (0,0) and (1,1) are exactly 0).",
)
def mlp_forward_ge(X, W1, b1, W2, b2):
    H = (X @ W1 + b1 >= 0).astype(int)
    y = (H @ W2 + b2 >= 0).astype(int)
    return H, y


@misconception(
    "mlp_w1_rows_as_units", replaces="mlp_forward",
    ko="W1의 행을 은닉 유닛으로 썼습니다 (X @ W1.T). 이 과제에서 W1은 은닉 유닛마다 열 하나이므로 X @ W1 + b1을 계산하세요.",
    en="You used W1's rows as the hidden units (X @ W1.T). Here W1 has one column per hidden unit, so compute X @ W1 + b1.",
)
def mlp_forward_transposed(X, W1, b1, W2, b2):
    H = (X @ W1.T + b1 > 0).astype(int)
    y = (H @ W2 + b2 > 0).astype(int)
    return H, y


@misconception(
    "train_no_bias_update", replaces="train_perceptron",
    ko="학습 중에 편향 b를 갱신하지 않습니다. 가중치와 함께 b += lr * (y_i - ŷ_i)도 갱신해야 AND처럼 원점을 지나지 않는 경계를 배울 수 있습니다.",
    en="Your training never updates the bias b. Update b += lr * (y_i - yhat_i) along with w, or it cannot learn a boundary that misses the origin, like AND's.",
)
def train_perceptron_no_bias(X, y, lr=0.1, max_epochs=100):
    w = np.zeros(X.shape[1])
    b = 0.0
    for epoch in range(max_epochs):
        mistakes = 0
        for xi, yi in zip(X, y):
            yhat = 1 if np.dot(w, xi) + b > 0 else 0
            if yhat != yi:
                w = w + lr * (yi - yhat) * xi
                mistakes += 1
        if mistakes == 0:
            return w, b, True
    return w, b, False


@misconception(
    "train_never_stops", replaces="train_perceptron",
    ko="실수 없는 에폭이 나와도 멈추지 않아 converged가 항상 False입니다 (for-else에 break가 없습니다). 실수가 0인 에폭에서 멈추고 True를 반환하세요.",
    en="Your loop never stops at an epoch without mistakes, so converged is always False (a for-else without break). Stop there and return True.",
)
def train_perceptron_never_stops(X, y, lr=0.1, max_epochs=100):
    w = np.zeros(X.shape[1])
    b = 0.0
    for epoch in range(max_epochs):
        mistakes = 0
        for xi, yi in zip(X, y):
            yhat = 1 if np.dot(w, xi) + b > 0 else 0
            if yhat != yi:
                w = w + lr * (yi - yhat) * xi
                b = b + lr * (yi - yhat)
                mistakes += 1
    else:
        return w, b, False
    return w, b, True


@misconception(
    "train_ge_step", replaces="train_perceptron",
    ko="학습 중 예측에 `>= 0`을 써서 가중합이 0일 때 1로 예측합니다. 처음 w = 0, b = 0에서 모든 예측이 1이 되어 다른 w, b를 배웁니다. `> 0`을 쓰세요.",
    en="Your training predicts with `>= 0`, so a sum of 0 predicts 1; starting from w = 0, b = 0 everything is predicted 1 and you learn different w, b. Use `> 0`.",
)
def train_perceptron_ge(X, y, lr=0.1, max_epochs=100):
    w = np.zeros(X.shape[1])
    b = 0.0
    for epoch in range(max_epochs):
        mistakes = 0
        for xi, yi in zip(X, y):
            yhat = 1 if np.dot(w, xi) + b >= 0 else 0
            if yhat != yi:
                w = w + lr * (yi - yhat) * xi
                b = b + lr * (yi - yhat)
                mistakes += 1
        if mistakes == 0:
            return w, b, True
    return w, b, False
