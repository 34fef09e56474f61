def OR(x1, x2):
    return int(x1 + x2 - 1 > 0)
