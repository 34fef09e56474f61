def affine_forward(X, W, b):
    return X @ W
