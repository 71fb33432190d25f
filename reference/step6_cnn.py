"""STEP 6 — convolutional neural networks (합성곱 신경망): convolution, pooling, LCN.

Images are NCHW: N images of C channels, each H×W. A convolution layer has F
filters of shape (C, HH, WW), so its weights are (F, C, HH, WW); S is the stride
and P the zero padding (제로 패딩) added on every side. Arrays are float64.

Every layer is a pair ``<name>_forward(...) -> (out, cache)`` and
``<name>_backward(dout, cache)``, returning one gradient per array argument of
the forward function, in its order. Pooling and local contrast normalization have
no parameters, so their backward passes return the input gradient only.

The CNN at the end has the notes' typical shape, conv–ReLU–pool–LCN–conv–ReLU–
pool–fully connected–softmax, and trains on the kit's 8×8 digits.
"""

import numpy as np
from numpy.lib.stride_tricks import as_strided, sliding_window_view

from .step2_feedforward import (
    affine_backward,
    affine_forward,
    relu_backward,
    relu_forward,
    softmax_cross_entropy,
)
from .validation import (
    as_float_array,
    check_dim,
    check_positive_int,
    check_positive_number,
)

# ---------------------------------------------------------------------------
# Output size of a sliding window (shared by convolution and pooling)
# ---------------------------------------------------------------------------


def conv_output_size(H, HH, stride, pad, *, names=("H", "HH")):
    """Number of positions of a window of size HH sliding over H with stride and pad.

    (H + 2P - HH) / S + 1, which must be a whole number: a window that would hang
    over the padded edge is an error, not silently cropped, because a cropped
    border is a bug in the network's design that nobody would notice.

    Parameters
    ----------
    H : int > 0, the input's size along one axis
    HH : int > 0, the window's (kernel's) size along that axis
    stride : int > 0, S
    pad : int >= 0, P, added on both sides
    names : pair of str, what to call H and HH in messages (("W", "WW") for width)

    Returns
    -------
    out_size : int > 0

    Raises
    ------
    ValueError
        If the kernel is larger than the padded input, or (H + 2P - HH) is not a
        multiple of S; the message gives the values.
    """
    size_name, kernel_name = names
    H = check_positive_int(size_name, H)
    HH = check_positive_int(kernel_name, HH)
    stride = check_positive_int("stride", stride)
    pad = check_positive_int("pad", pad, allow_zero=True)
    span = H + 2 * pad - HH
    if span < 0:
        raise ValueError(
            f"kernel {kernel_name}={HH} is larger than the padded input "
            f"{size_name} + 2*pad = {H + 2 * pad} ({size_name}={H}, pad={pad})"
        )
    if span % stride != 0:
        raise ValueError(
            f"the windows do not fit exactly: ({size_name} + 2*pad - {kernel_name}) "
            f"= {span} is not a multiple of stride={stride} ({size_name}={H}, "
            f"{kernel_name}={HH}, pad={pad}); change the padding or the stride"
        )
    return span // stride + 1


def _output_shape(x_shape, HH, WW, stride, pad):
    """(Ho, Wo) of a window HH×WW over images of shape ``x_shape`` (N, C, H, W)."""
    Ho = conv_output_size(x_shape[2], HH, stride, pad, names=("H", "HH"))
    Wo = conv_output_size(x_shape[3], WW, stride, pad, names=("W", "WW"))
    return Ho, Wo


# The im2col matrix of a whole batch is nine times the input for a 3×3 kernel
# (tens of MB for a standard batch): written to memory once and read back, it
# cost as much time as the products themselves. Built a few images at a time, a
# block of at most this many bytes stays in a core's cache (L2 is 0.5-2 MB on
# current x86 and ARM cores) between being written and being multiplied.
IM2COL_BLOCK_BYTES = 2**21
# A product a few thousand columns wide already runs at the BLAS library's full
# rate; wider blocks of few rows (one input channel, say) only leave the cache
# and make larger temporaries. Measured on the benchmark shapes, against one
# matrix for the whole batch: 1.3-1.4× faster on the first, the same or a
# little faster on the others.
IM2COL_BLOCK_COLUMNS = 4096


def _images_per_block(rows, pixels, images):
    """Images per block, at most ``images``, of an im2col matrix with ``rows``
    rows and ``pixels`` columns per image."""
    by_bytes = IM2COL_BLOCK_BYTES // (8 * rows * pixels)
    return max(1, min(images, by_bytes, IM2COL_BLOCK_COLUMNS // pixels))


def _block_buffers(shape, *, zeros=False):
    """Two arrays of ``shape`` for the blocks of a layer to use in turn.

    A new array per block can be new memory from the operating system each
    time, paid in page faults: the second benchmark shape ran 2-3× slower in
    some runs. One buffer for every block was slower with two BLAS threads
    (1.15-1.2× on the first shape's forward pass): writing over what the other
    thread's core has just read waits for that core to give it up.
    """
    make = np.zeros if zeros else np.empty
    return make(shape), make(shape)


# ---------------------------------------------------------------------------
# Convolution layer (합성곱층)
# ---------------------------------------------------------------------------


def conv_forward(x, W, b, *, stride=1, pad=0):
    """Convolution layer: F filters slid over zero-padded images.

    Like the notes (and every deep-learning library), this is a correlation: the
    kernel is not flipped.

        out[n, f, i, j] = Σ_c Σ_p Σ_q xp[n, c, S i + p, S j + q] W[f, c, p, q] + b[f]

    where xp is x with P zeros added on every side of H and W, and
    Ho = (H + 2P - HH) / S + 1, Wo = (W + 2P - WW) / S + 1 (see
    ``conv_output_size``; a configuration that does not fit is a ValueError).

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
    W : ndarray of shape (F, C, HH, WW)
    b : ndarray of shape (F,)
    stride : int > 0, S
    pad : int >= 0, P

    Returns
    -------
    out : ndarray of shape (N, F, Ho, Wo)
    cache : object for ``conv_backward``
    """
    x = as_float_array("x", x, ndim=4)
    W = as_float_array("W", W, ndim=4)
    b = as_float_array("b", b, ndim=1)
    check_dim("W", W, 1, x.shape[1], "x.shape[1]")
    check_dim("b", b, 0, W.shape[0], "W.shape[0]")
    stride = check_positive_int("stride", stride)
    pad = check_positive_int("pad", pad, allow_zero=True)
    Ho, Wo = _output_shape(x.shape, W.shape[2], W.shape[3], stride, pad)
    # >>> student: step6.conv
    N, C, H, W_in = x.shape
    F, _, HH, WW = W.shape
    S, P = stride, pad
    K = C * HH * WW

    xp = np.zeros((N, C, H + 2 * P, W_in + 2 * P))
    xp[:, :, P : P + H, P : P + W_in] = x

    # im2col: column (i, j) of cols[n] holds the window under output pixel
    # (i, j) of image n, so image n's output is the product (F, C·HH·WW) @
    # cols[n], of shape (F, Ho·Wo): already the layout of out[n], so it is
    # written in place, with no transposed copy. The columns are built a few
    # images at a time (see _images_per_block): each block is used while it is
    # still in the cache, never stored (the buffers: see _block_buffers).
    windows = sliding_window_view(xp, (HH, WW), axis=(2, 3))[:, :, ::S, ::S]
    windows = windows.transpose(0, 1, 4, 5, 2, 3)
    W_rows = W.reshape(F, K)
    out = np.empty((N, F, Ho * Wo))
    block = _images_per_block(K, Ho * Wo, N)
    buffers = _block_buffers((block, K, Ho * Wo))
    for k, n0 in enumerate(range(0, N, block)):
        n1 = min(N, n0 + block)
        cols = buffers[k % 2][: n1 - n0]
        cols.reshape(n1 - n0, C, HH, WW, Ho, Wo)[...] = windows[n0:n1]
        out_block = out[n0:n1]
        np.matmul(W_rows, cols, out=out_block)
        out_block += b[:, None]

    cache = (xp, W, S, P, Ho, Wo)
    return out.reshape(N, F, Ho, Wo), cache
    # <<< student


def conv_backward(dout, cache):
    """Backward pass of the convolution layer.

    With δ = dout: db[f] = Σ_{n,i,j} δ[n, f, i, j];
    dW[f, c, p, q] = Σ_{n,i,j} δ[n, f, i, j] xp[n, c, S i + p, S j + q]; and dx
    collects δ[n, f, i, j] W[f, c, p, q] at every pixel the filter touched,
    with the padding cut away.

    Parameters
    ----------
    dout : ndarray of shape (N, F, Ho, Wo)
    cache : from ``conv_forward``

    Returns
    -------
    dx : ndarray of shape (N, C, H, W)
    dW : ndarray of shape (F, C, HH, WW)
    db : ndarray of shape (F,)
    """
    dout = as_float_array("dout", dout, ndim=4)
    # >>> student: step6.conv
    xp, W, S, P, Ho, Wo = cache
    N, C, Hp, Wp = xp.shape
    F, _, HH, WW = W.shape
    K = C * HH * WW
    pixels = Hp * Wp
    db = dout.sum(axis=(0, 2, 3))

    # Everything below works on a block of a few images at a time, as in the
    # forward pass (see _images_per_block and _block_buffers): the forward pass
    # kept the padded input, not its im2col matrix, and rebuilding a block's
    # columns while they fit in the cache was measured faster than reading a
    # stored copy.
    windows = sliding_window_view(xp, (HH, WW), axis=(2, 3))[:, :, ::S, ::S]
    windows = windows.transpose(0, 1, 4, 5, 2, 3)
    delta = dout.reshape(N, F, Ho * Wo)
    W_T = np.ascontiguousarray(W.reshape(F, K).T)
    dW_T = np.zeros((K, F))
    dxp = np.empty((N, C, pixels))
    block = _images_per_block(K, pixels, N)
    reach = (HH - 1) * Wp + WW - 1  # the largest kernel offset on the flat grid
    col_buffers = _block_buffers((block, K, Ho * Wo))
    grid_buffers = _block_buffers((F, block * pixels), zeros=True)
    dcols = np.empty((K, reach + block * pixels))
    dcols[:, :reach] = 0
    for k, n0 in enumerate(range(0, N, block)):
        n1 = min(N, n0 + block)
        nb = n1 - n0

        # The products keep their large operand (cols, δ) C-contiguous on the
        # left or right as stored: OpenBLAS was measured 1.5-2× slower on the
        # transposed forms, and up to 20× on a transposed W with few filters.
        cols = col_buffers[k % 2][:nb]
        cols.reshape(nb, C, HH, WW, Ho, Wo)[...] = windows[n0:n1]
        dW_T += np.matmul(cols, delta[n0:n1].transpose(0, 2, 1)).sum(axis=0)

        # col2im on the padded grid: δ[n, f, i, j] is placed at the pixel
        # (S i, S j) where its window starts, zeros elsewhere, and W^T δ gives
        # row (c, p, q) of dcols: what each window start sends to the pixel at
        # kernel offset (p, q) from it. On the block's flattened grid that pixel
        # is p·Wp + q columns further on, so dxp is the sum over (p, q) of dcols
        # rows read that many columns back: one reduction over a strided view,
        # which writes each dxp pixel once (the whole backward pass measured
        # 1.1-1.3× faster than with HH·WW separate additions into dxp).
        # The price: W^T δ runs over all Hp·Wp grid pixels, not only the Ho·Wo
        # window starts (1.13× the work for 32×32 images, 3×3, P = 1; about S²
        # times at stride S).
        # Every block writes the same window starts of a grid buffer, so the
        # zeros between them, set once, stay.
        grid = grid_buffers[k % 2][:, : nb * pixels]
        starts = grid.reshape(F, nb, Hp, Wp)[:, :, : S * Ho : S, : S * Wo : S]
        starts[...] = dout[n0:n1].transpose(1, 0, 2, 3)
        np.matmul(W_T, grid, out=dcols[:, reach : reach + nb * pixels])

        # moved_back[c, p, q, n, g] = dcols[(c, p, q), reach + n·pixels + g −
        # p·Wp − q]. The first `reach` columns of dcols are zeros, so every index
        # stays inside the array; reading back across an image's start lands on
        # the previous image's last rows and columns (or those zeros), where no
        # window starts and dcols is 0, so images do not leak into each other.
        row, column = dcols.strides
        moved_back = as_strided(
            dcols[:, reach:],
            shape=(C, HH, WW, nb, pixels),
            strides=(
                HH * WW * row,
                WW * row - Wp * column,
                row - column,
                pixels * column,
                column,
            ),
            writeable=False,
        )
        np.sum(moved_back, axis=(1, 2), out=dxp[n0:n1].transpose(1, 0, 2))

    dW = dW_T.T.reshape(W.shape)
    dx = dxp.reshape(N, C, Hp, Wp)[:, :, P : Hp - P, P : Wp - P]
    return dx, dW, db
    # <<< student


# ---------------------------------------------------------------------------
# Pooling layers (풀링층): no parameters
# ---------------------------------------------------------------------------


def _check_pool_args(x, size, stride, pad):
    x = as_float_array("x", x, ndim=4)
    size = check_positive_int("size", size)
    stride = check_positive_int("stride", stride)
    pad = check_positive_int("pad", pad, allow_zero=True)
    if pad >= size:
        raise ValueError(
            f"pad={pad} must be smaller than size={size}: a window of padding "
            "alone would pool nothing"
        )
    Ho, Wo = _output_shape(x.shape, size, size, stride, pad)
    return x, size, stride, pad, Ho, Wo


def maxpool_forward(x, *, size=2, stride=2, pad=0):
    """Max pooling (최대 풀링): the largest value of each size×size window.

    Each channel is pooled on its own. Padding cells count as -inf, so they never
    win. Ho = (H + 2P - size) / S + 1, and likewise Wo.

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
    size : int > 0, the window's side (the notes' H)
    stride : int > 0, S
    pad : int, 0 <= pad < size

    Returns
    -------
    out : ndarray of shape (N, C, Ho, Wo)
    cache : object for ``maxpool_backward``
    """
    x, size, stride, pad, Ho, Wo = _check_pool_args(x, size, stride, pad)
    # >>> student: step6.maxpool
    N, C, H, W = x.shape
    S, P = stride, pad
    xp = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)), constant_values=-np.inf)
    windows = sliding_window_view(xp, (size, size), axis=(2, 3))[:, :, ::S, ::S]
    windows = windows.reshape(N, C, Ho, Wo, size * size)

    # argmax picks the first maximum in row-major order: ties go to one element.
    winner = np.argmax(windows, axis=-1)
    out = np.take_along_axis(windows, winner[..., None], axis=-1)[..., 0]

    cache = (x.shape, winner, size, S, P)
    return out, cache
    # <<< student


def maxpool_backward(dout, cache):
    """Backward pass of max pooling: each window's gradient goes to its maximum.

    Convention for ties: when several elements of a window share the maximum, the
    whole gradient goes to the first of them in row-major order (the one
    ``np.argmax`` picks), not split among them. Windows that overlap (stride <
    size) add their gradients.

    Parameters
    ----------
    dout : ndarray of shape (N, C, Ho, Wo)
    cache : from ``maxpool_forward``

    Returns
    -------
    dx : ndarray of shape (N, C, H, W)
    """
    dout = as_float_array("dout", dout, ndim=4)
    # >>> student: step6.maxpool
    (N, C, H, W), winner, size, S, P = cache
    Ho, Wo = winner.shape[2:]
    dxp = np.zeros((N, C, H + 2 * P, W + 2 * P))
    for p in range(size):
        for q in range(size):
            routed = np.where(winner == p * size + q, dout, 0.0)
            dxp[:, :, p : p + S * Ho : S, q : q + S * Wo : S] += routed
    dx = dxp[:, :, P : P + H, P : P + W]
    return dx
    # <<< student


def avgpool_forward(x, *, size=2, stride=2, pad=0):
    """Average pooling (평균 풀링): the mean of each size×size window.

    Each channel is pooled on its own. Padding cells are zeros and count in the
    window: the sum is always divided by size², so a border window with padding
    gives a smaller mean (like zero padding in convolution).

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
    size : int > 0, the window's side
    stride : int > 0, S
    pad : int, 0 <= pad < size

    Returns
    -------
    out : ndarray of shape (N, C, Ho, Wo)
    cache : object for ``avgpool_backward``
    """
    x, size, stride, pad, Ho, Wo = _check_pool_args(x, size, stride, pad)
    # >>> student: step6.avgpool
    S, P = stride, pad
    xp = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)))
    windows = sliding_window_view(xp, (size, size), axis=(2, 3))[:, :, ::S, ::S]
    out = windows.mean(axis=(-2, -1))
    cache = (x.shape, size, S, P)
    return out, cache
    # <<< student


def avgpool_backward(dout, cache):
    """Backward pass of average pooling: each window element gets dout / size².

    Parameters
    ----------
    dout : ndarray of shape (N, C, Ho, Wo)
    cache : from ``avgpool_forward``

    Returns
    -------
    dx : ndarray of shape (N, C, H, W)
    """
    dout = as_float_array("dout", dout, ndim=4)
    # >>> student: step6.avgpool
    (N, C, H, W), size, S, P = cache
    Ho, Wo = dout.shape[2:]
    share = dout / (size * size)
    dxp = np.zeros((N, C, H + 2 * P, W + 2 * P))
    for p in range(size):
        for q in range(size):
            dxp[:, :, p : p + S * Ho : S, q : q + S * Wo : S] += share
    dx = dxp[:, :, P : P + H, P : P + W]
    return dx
    # <<< student


# ---------------------------------------------------------------------------
# Local contrast normalization (국소 콘트라스트 정규화, LCN): no parameters
# ---------------------------------------------------------------------------


def gaussian_window(size, sigma):
    """The LCN weights w_pq ∝ exp(-(p² + q²) / 2σ²), p, q in [-r, r], r = size // 2.

    Largest at the centre and smaller towards the edge, so the centre of the
    region matters most (the notes' reason). Normalized to sum to 1.

    Parameters
    ----------
    size : odd int > 0, the window's side
    sigma : float > 0, the Gaussian's width in pixels

    Returns
    -------
    window : ndarray of shape (size, size), symmetric, summing to 1
    """
    size = check_positive_int("size", size)
    if size % 2 == 0:
        raise ValueError(f"size={size} must be odd, so the window has a centre")
    sigma = check_positive_number("sigma", sigma)
    offsets = np.arange(size) - size // 2
    g = np.exp(-(offsets**2) / (2.0 * sigma**2))
    window = np.outer(g, g)
    return window / window.sum()


def _check_window(window):
    window = as_float_array("window", window, ndim=2)
    size = window.shape[0]
    if window.shape != (size, size) or size % 2 == 0:
        raise ValueError(f"window must be square with an odd side, got {window.shape}")
    return window


def window_sum(a, window):
    """Weighted sum over a window centred on each pixel, zeros outside the image.

        out[n, i, j] = Σ_p Σ_q window[p, q] a[n, i + p - r, j + q - r],  r = size // 2

    The output has the input's size ("same" zero padding). For a symmetric window
    this map is its own transpose, which the LCN backward passes use.

    Parameters
    ----------
    a : ndarray of shape (N, H, W)
    window : ndarray of shape (size, size), size odd

    Returns
    -------
    out : ndarray of shape (N, H, W)
    """
    a = as_float_array("a", a, ndim=3)
    window = _check_window(window)
    # >>> student: step6.lcn
    N, H, W = a.shape
    size = window.shape[0]
    r = size // 2
    ap = np.pad(a, ((0, 0), (r, r), (r, r)))
    out = np.zeros((N, H, W))
    for p in range(size):
        for q in range(size):
            out += window[p, q] * ap[:, p : p + H, q : q + W]
    return out
    # <<< student


def lcn_subtractive_forward(x, *, size=5, sigma=1.0):
    """Subtractive normalization (감산 정규화): subtract the local mean of all channels.

        m[n, i, j] = Σ_c Σ_pq w_pq x[n, c, i+p, j+q] / (C · mass[i, j])
        out[n, c, i, j] = x[n, c, i, j] - m[n, i, j]

    with w = ``gaussian_window(size, sigma)``. Near the border part of the window
    falls outside the image; those pixels are left out and the weights that
    remain are renormalized (mass[i, j] = Σ of the weights inside the image), so
    m is a true weighted mean everywhere and a constant image gives 0 everywhere.

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
    size : odd int > 0, the window's side
    sigma : float > 0

    Returns
    -------
    out : ndarray of shape (N, C, H, W)
    cache : object for ``lcn_subtractive_backward``
    """
    x = as_float_array("x", x, ndim=4)
    window = gaussian_window(size, sigma)
    # >>> student: step6.lcn
    N, C, H, W = x.shape
    mass = window_sum(np.ones((1, H, W)), window)
    m = window_sum(x.sum(axis=1), window) / (C * mass)
    out = x - m[:, None]
    cache = (window, mass, C)
    return out, cache
    # <<< student


def lcn_subtractive_backward(dout, cache):
    """Backward pass of subtractive normalization.

    m is linear in x, m = A x, so dx = dout - Aᵀ (Σ_c dout); Aᵀ is ``window_sum``
    again (the window is symmetric) applied to Σ_c dout / (C · mass), spread over
    every channel.

    Parameters
    ----------
    dout : ndarray of shape (N, C, H, W)
    cache : from ``lcn_subtractive_forward``

    Returns
    -------
    dx : ndarray of shape (N, C, H, W)
    """
    dout = as_float_array("dout", dout, ndim=4)
    # >>> student: step6.lcn
    window, mass, C = cache
    dm = -dout.sum(axis=1)
    dx = dout + window_sum(dm / (C * mass), window)[:, None]
    return dx
    # <<< student


def lcn_divisive_forward(x, *, size=5, sigma=1.0, floor=0.1):
    """Divisive normalization (제산 정규화): divide by the local std, floored.

        σ²[n, i, j] = Σ_c Σ_pq w_pq x[n, c, i+p, j+q]² / (C · mass[i, j])
        out[n, c, i, j] = x[n, c, i, j] / max(σ[n, i, j], floor)

    Meant for the output of ``lcn_subtractive_forward`` (whose local mean is 0,
    so σ² is the local variance, as in Jarrett et al. 2009). The floor keeps a
    region of low contrast from being divided by a tiny σ, which would amplify
    its noise (the notes' reason); a flat image stays flat. Borders as in the
    subtractive step.

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
    size : odd int > 0
    sigma : float > 0
    floor : float > 0, the smallest divisor

    Returns
    -------
    out : ndarray of shape (N, C, H, W)
    cache : object for ``lcn_divisive_backward``
    """
    x = as_float_array("x", x, ndim=4)
    window = gaussian_window(size, sigma)
    floor = check_positive_number("floor", floor)
    # >>> student: step6.lcn
    N, C, H, W = x.shape
    mass = window_sum(np.ones((1, H, W)), window)
    std = np.sqrt(window_sum((x * x).sum(axis=1), window) / (C * mass))
    divisor = np.maximum(std, floor)
    out = x / divisor[:, None]
    cache = (x, window, mass, std, divisor, floor)
    return out, cache
    # <<< student


def lcn_divisive_backward(dout, cache):
    """Backward pass of divisive normalization.

    Where σ < floor the divisor is a constant and dx = dout / floor. Where σ >
    floor, the divisor's gradient g = -Σ_c dout x / σ² flows back through
    σ = sqrt(A (Σ_c x²)) as dx += x · Aᵀ (g / σ) (Aᵀ as in the subtractive step).

    Parameters
    ----------
    dout : ndarray of shape (N, C, H, W)
    cache : from ``lcn_divisive_forward``

    Returns
    -------
    dx : ndarray of shape (N, C, H, W)
    """
    dout = as_float_array("dout", dout, ndim=4)
    # >>> student: step6.lcn
    x, window, mass, std, divisor, floor = cache
    C = x.shape[1]
    dx = dout / divisor[:, None]

    ddivisor = -np.sum(dout * x, axis=1) / divisor**2
    # σ above the floor means σ > 0, so 1/σ is safe; elsewhere no gradient.
    above = std > floor
    dvar = np.where(above, ddivisor / (2.0 * np.where(above, std, 1.0)), 0.0)
    dx += 2.0 * x * window_sum(dvar / (C * mass), window)[:, None]
    return dx
    # <<< student


def lcn_forward(x, *, size=5, sigma=1.0, floor=0.1):
    """Local contrast normalization: subtractive then divisive, as one layer.

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
    size, sigma : the Gaussian window (``gaussian_window``)
    floor : float > 0, the divisive step's smallest divisor

    Returns
    -------
    out : ndarray of shape (N, C, H, W)
    cache : object for ``lcn_backward``
    """
    # >>> student: step6.lcn
    centred, cache_sub = lcn_subtractive_forward(x, size=size, sigma=sigma)
    out, cache_div = lcn_divisive_forward(centred, size=size, sigma=sigma, floor=floor)
    return out, (cache_sub, cache_div)
    # <<< student


def lcn_backward(dout, cache):
    """Backward pass of ``lcn_forward``.

    Returns
    -------
    dx : ndarray of shape (N, C, H, W)
    """
    # >>> student: step6.lcn
    cache_sub, cache_div = cache
    return lcn_subtractive_backward(lcn_divisive_backward(dout, cache_div), cache_sub)
    # <<< student


# ---------------------------------------------------------------------------
# A CNN for the 8×8 digits
# ---------------------------------------------------------------------------

# Layer hyperparameters of the kit's CNN. 3×3 kernels with pad 1 keep the size,
# 2×2 pooling with stride 2 halves it: 8×8 -> 4×4 -> 2×2.
KERNEL = 3
PAD = 1
POOL = 2
LCN_SIZE = 3
LCN_SIGMA = 1.0
LCN_FLOOR = 0.1
PARAM_NAMES = ("W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4")


def init_cnn(
    *, channels=1, image_size=8, filters=(16, 32), hidden=64, classes=10, seed=0
):
    """He initialization of the kit's CNN: W ~ N(0, 2 / fan_in), b = 0.

    The layers: conv (filters[0] filters, 3×3, pad 1) – ReLU – max pool 2×2 – LCN
    – conv (filters[1], 3×3, pad 1) – ReLU – max pool 2×2 – fully connected
    (``hidden`` units) – ReLU – fully connected (``classes``) – softmax.

    Parameters
    ----------
    channels : int > 0, C of the input images
    image_size : int, H = W of the input, divisible by 4
    filters : pair of int > 0
    hidden : int > 0, units of the hidden fully connected layer
    classes : int > 1
    seed : int

    Returns
    -------
    params : dict of ndarray: W1 (F1, C, 3, 3), b1 (F1,), W2 (F2, F1, 3, 3),
        b2 (F2,), W3 (hidden, F2·(H/4)²), b3 (hidden,), W4 (classes, hidden),
        b4 (classes,)
    """
    channels = check_positive_int("channels", channels)
    image_size = check_positive_int("image_size", image_size)
    if image_size % (POOL * POOL) != 0:
        raise ValueError(f"image_size={image_size} must be divisible by 4")
    F1, F2 = (check_positive_int("filters", f) for f in filters)
    hidden = check_positive_int("hidden", hidden)
    classes = check_positive_int("classes", classes)
    rng = np.random.default_rng(seed)
    flat = F2 * (image_size // (POOL * POOL)) ** 2

    def he(*shape):
        fan_in = int(np.prod(shape[1:]))
        return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=shape)

    return {
        "W1": he(F1, channels, KERNEL, KERNEL),
        "b1": np.zeros(F1),
        "W2": he(F2, F1, KERNEL, KERNEL),
        "b2": np.zeros(F2),
        "W3": he(hidden, flat),
        "b3": np.zeros(hidden),
        "W4": he(classes, hidden),
        "b4": np.zeros(classes),
    }


def _check_cnn_params(params):
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict, got {type(params).__name__}")
    missing = [name for name in PARAM_NAMES if name not in params]
    if missing:
        raise ValueError(f"params is missing {missing}")
    return {name: as_float_array(name, params[name]) for name in PARAM_NAMES}


def _check_images(x, params):
    x = as_float_array("x", x, ndim=4)
    check_dim("x", x, 1, params["W1"].shape[1], "W1.shape[1]")
    return x


def cnn_scores(x, params, *, lcn=True):
    """Forward pass of the kit's CNN (see ``init_cnn``) up to the softmax's input.

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
    params : dict from ``init_cnn``
    lcn : bool, whether the LCN layer is used

    Returns
    -------
    u : ndarray of shape (N, classes), the output layer's total input
    """
    params = _check_cnn_params(params)
    x = _check_images(x, params)
    # >>> student: step6.cnn
    u, _ = _cnn_forward(x, params, lcn)
    return u
    # <<< student


def cnn_loss(x, d, params, *, lcn=True):
    """Cross-entropy of the kit's CNN on a batch, and its gradients.

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
    d : ndarray of shape (N,), integer labels
    params : dict from ``init_cnn``
    lcn : bool, whether the LCN layer is used

    Returns
    -------
    loss : float, averaged over the batch
    grads : dict of ndarray, one per entry of params, of the same shapes
    """
    params = _check_cnn_params(params)
    x = _check_images(x, params)
    d = np.asarray(d)
    # >>> student: step6.cnn
    u, caches = _cnn_forward(x, params, lcn)
    loss, du = softmax_cross_entropy(u, d)
    grads = _cnn_backward(du, caches, lcn)
    return loss, grads
    # <<< student


def _cnn_forward(x, params, lcn):
    """Forward pass through every layer; returns u (N, classes) and the caches."""
    # >>> student: step6.cnn
    p = params
    caches = []
    h, cache = conv_forward(x, p["W1"], p["b1"], pad=PAD)
    caches.append(cache)
    h, cache = relu_forward(h)
    caches.append(cache)
    h, cache = maxpool_forward(h, size=POOL, stride=POOL)
    caches.append(cache)
    if lcn:
        h, cache = lcn_forward(h, size=LCN_SIZE, sigma=LCN_SIGMA, floor=LCN_FLOOR)
        caches.append(cache)
    h, cache = conv_forward(h, p["W2"], p["b2"], pad=PAD)
    caches.append(cache)
    h, cache = relu_forward(h)
    caches.append(cache)
    h, cache = maxpool_forward(h, size=POOL, stride=POOL)
    caches.append(cache)
    pooled_shape = h.shape
    h, cache = affine_forward(h.reshape(h.shape[0], -1), p["W3"], p["b3"])
    caches.append(cache)
    h, cache = relu_forward(h)
    caches.append(cache)
    u, cache = affine_forward(h, p["W4"], p["b4"])
    caches.append(cache)
    return u, (caches, pooled_shape)
    # <<< student


def _cnn_backward(du, caches, lcn):
    """Backward pass from du = ∂E/∂u; returns the gradients by parameter name."""
    # >>> student: step6.cnn
    caches, pooled_shape = caches
    caches = list(caches)
    grads = {}
    delta, grads["W4"], grads["b4"] = affine_backward(du, caches.pop())
    delta = relu_backward(delta, caches.pop())
    delta, grads["W3"], grads["b3"] = affine_backward(delta, caches.pop())
    delta = maxpool_backward(delta.reshape(pooled_shape), caches.pop())
    delta = relu_backward(delta, caches.pop())
    delta, grads["W2"], grads["b2"] = conv_backward(delta, caches.pop())
    if lcn:
        delta = lcn_backward(delta, caches.pop())
    delta = maxpool_backward(delta, caches.pop())
    delta = relu_backward(delta, caches.pop())
    _, grads["W1"], grads["b1"] = conv_backward(delta, caches.pop())
    return grads
    # <<< student


def cnn_train(
    X,
    d,
    *,
    epochs=30,
    batch_size=32,
    learning_rate=0.02,
    momentum=0.9,
    weight_decay=1e-3,
    filters=(16, 32),
    hidden=64,
    lcn=True,
    seed=0,
):
    """Train the kit's CNN by minibatch SGD with momentum (모멘텀).

    For each minibatch: v ← μ v − ε (∇E + λ W), W ← W + v (the notes' momentum), with
    the samples shuffled every epoch by ``np.random.default_rng(seed)``, and the
    parameters from ``init_cnn(..., seed=seed)``.

    Parameters
    ----------
    X : ndarray of shape (N, C, H, W), the training images (scaled to [0, 1])
    d : ndarray of shape (N,), integer labels in [0, 10)
    epochs : int > 0
    batch_size : int > 0
    learning_rate : float > 0, ε
    momentum : float in [0, 1), μ
    weight_decay : float >= 0, λ: the weights W (not the biases) get λ W added
        to their gradient (가중치 감쇠, weight decay)
    filters, hidden : the network's size, as for ``init_cnn``
    lcn : bool, whether the LCN layer is used
    seed : int

    Returns
    -------
    params : dict of ndarray, as from ``init_cnn``
    history : dict with "loss", a list of the mean training loss of each epoch
    """
    X = as_float_array("X", X, ndim=4)
    d = np.asarray(d)
    if d.shape != (X.shape[0],) or not np.issubdtype(d.dtype, np.integer):
        raise ValueError(
            f"d must be integer labels of shape ({X.shape[0]},), got {d.dtype} "
            f"of shape {d.shape}"
        )
    epochs = check_positive_int("epochs", epochs)
    batch_size = check_positive_int("batch_size", batch_size)
    learning_rate = check_positive_number("learning_rate", learning_rate)
    momentum = check_positive_number("momentum", momentum, allow_zero=True)
    if momentum >= 1:
        raise ValueError(f"momentum={momentum} must be < 1")
    weight_decay = check_positive_number("weight_decay", weight_decay, allow_zero=True)
    # >>> student: step6.cnn
    N, C, H, _ = X.shape
    params = init_cnn(
        channels=C, image_size=H, filters=filters, hidden=hidden, seed=seed
    )
    velocity = {name: np.zeros_like(value) for name, value in params.items()}
    rng = np.random.default_rng(seed)
    history = {"loss": []}
    for _ in range(epochs):
        order = rng.permutation(N)
        total = 0.0
        for start in range(0, N, batch_size):
            batch = order[start : start + batch_size]
            loss, grads = cnn_loss(X[batch], d[batch], params, lcn=lcn)
            total += loss * len(batch)
            for name in params:
                grad = grads[name]
                if name.startswith("W"):
                    grad = grad + weight_decay * params[name]
                velocity[name] = momentum * velocity[name] - learning_rate * grad
                params[name] = params[name] + velocity[name]
        history["loss"].append(total / N)
    return params, history
    # <<< student
