def NAND(x1, x2):
    return int(2 * x1 + 2 * x2 - 1 > 0)
