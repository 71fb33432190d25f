"""Naive loop versions of STEP 6's formulas, written from the definitions.

Slow and obviously right: the tests compare the implementation with these on
small inputs. Not a test module (no test_ prefix), and never shipped as a
solution: they are the definitions, one sum per output element.
"""

import numpy as np


def conv_direct(x, W, b, stride, pad):
    """out[n, f, i, j] = Σ_c Σ_p Σ_q xp[n, c, S i + p, S j + q] W[f, c, p, q] + b[f].

    x (N, C, H, W), W (F, C, HH, WW), b (F,) -> out (N, F, Ho, Wo); xp is x with
    ``pad`` zeros on every side. No kernel flip (a correlation, as in the notes).
    """
    N, C, H, W_in = x.shape
    F, _, HH, WW = W.shape
    xp = np.zeros((N, C, H + 2 * pad, W_in + 2 * pad))
    xp[:, :, pad : pad + H, pad : pad + W_in] = x
    Ho = (H + 2 * pad - HH) // stride + 1
    Wo = (W_in + 2 * pad - WW) // stride + 1
    out = np.zeros((N, F, Ho, Wo))
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    total = b[f]
                    for c in range(C):
                        for p in range(HH):
                            for q in range(WW):
                                total += (
                                    xp[n, c, stride * i + p, stride * j + q]
                                    * W[f, c, p, q]
                                )
                    out[n, f, i, j] = total
    return out


def gaussian_weights(size, sigma):
    """w_pq ∝ exp(-(p² + q²) / 2σ²) for p, q in [-r, r], summing to 1; (size, size)."""
    r = size // 2
    w = np.zeros((size, size))
    for p in range(-r, r + 1):
        for q in range(-r, r + 1):
            w[p + r, q + r] = np.exp(-(p * p + q * q) / (2.0 * sigma * sigma))
    return w / w.sum()


def local_mean_direct(x, size, sigma):
    """Weighted mean over all channels of the window around each pixel.

    m[n, i, j] = Σ_c Σ_pq w_pq x[n, c, i+p, j+q] / (C Σ_pq w_pq), both sums over
    the window positions inside the image only (the kit's border rule).
    x (N, C, H, W) -> m (N, H, W).
    """
    N, C, H, W = x.shape
    w = gaussian_weights(size, sigma)
    r = size // 2
    m = np.zeros((N, H, W))
    for n in range(N):
        for i in range(H):
            for j in range(W):
                total = 0.0
                mass = 0.0
                for p in range(-r, r + 1):
                    for q in range(-r, r + 1):
                        if 0 <= i + p < H and 0 <= j + q < W:
                            mass += w[p + r, q + r]
                            total += w[p + r, q + r] * x[n, :, i + p, j + q].sum()
                m[n, i, j] = total / (C * mass)
    return m
