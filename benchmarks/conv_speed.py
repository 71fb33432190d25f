"""How fast is the reference convolution layer? Forward + backward, timed in one run.

For each standard shape the script times, interleaved in the same run so that a
moment of load on a shared machine hits all of them alike:

- the reference's ``conv_forward`` + ``conv_backward`` (im2col and its
  products a block of images at a time, col2im as HH×WW shifted additions);
- a naive version with a Python loop over every output pixel (the window's
  sum of products in numpy), on a smaller batch and scaled linearly to the
  full batch, because on the full batch it takes minutes;
- PyTorch's float64 ``conv2d`` forward + backward, when torch is importable
  (it is not a dependency of the kit; the comparison is skipped otherwise);
- numpy's matrix product of two 1024×1024 float64 matrices, the machine's
  attainable rate in GFLOP/s.

It prints the times, the ratio reference / torch for every shape and, for the
first shape, the reference's rate as a fraction of the matmul rate. The kit's
targets: ≥ 0.4 of the matmul rate and ≤ 1.0× torch.

Run from the kit's root: ``.venv/bin/python benchmarks/conv_speed.py``. The
BLAS library uses every core unless told otherwise; the kit's tests run it on one
thread (tests/conftest.py), and so does this script with
``OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1`` in front, or after the first
measurement with ``--also-one-thread``. The copies around the
products run on one core either way, so the fraction of the matmul rate is
higher on one thread; the first line printed says which setting was in force.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

KIT_ROOT = Path(__file__).resolve().parents[1]

# (x shape (N, C, H, W), W shape (F, C, HH, WW), pad); stride 1 throughout.
SHAPES = (
    ((64, 16, 32, 32), (32, 16, 3, 3), 1),
    ((32, 3, 32, 32), (16, 3, 5, 5), 2),
    ((128, 1, 28, 28), (8, 1, 5, 5), 0),
)
MATMUL_SIDE = 1024
TARGET_MATMUL_FRACTION = 0.4
TARGET_TORCH_RATIO = 1.0


def load_reference():
    """The reference's step6_cnn module, loaded the way the tests load it."""
    from dlstart_check.impl import Implementation

    return Implementation(KIT_ROOT / "reference", "reference").module("step6_cnn")


def conv_flops(x_shape, W_shape, pad):
    """Floating-point operations of forward + backward: three products of one size.

    The forward pass, dW and dx each take N·Ho·Wo·F·C·HH·WW multiply-adds.
    """
    N, C, H, W = x_shape
    F, _, HH, WW = W_shape
    Ho, Wo = H + 2 * pad - HH + 1, W + 2 * pad - WW + 1
    return 3 * 2 * N * Ho * Wo * F * C * HH * WW


def naive_conv_forward(x, W, b, pad):
    """out[n, f, i, j] by a Python loop over n, f, i, j (stride 1); shapes as conv."""
    N, C, H, W_in = x.shape
    F, _, HH, WW = W.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    Ho, Wo = H + 2 * pad - HH + 1, W_in + 2 * pad - WW + 1
    out = np.empty((N, F, Ho, Wo))
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    window = xp[n, :, i : i + HH, j : j + WW]
                    out[n, f, i, j] = np.sum(window * W[f]) + b[f]
    return out, (xp, W, pad)


def naive_conv_backward(dout, cache):
    """dx, dW, db of ``naive_conv_forward`` by the same loop over output pixels."""
    xp, W, pad = cache
    N, F, Ho, Wo = dout.shape
    _, _, HH, WW = W.shape
    dxp = np.zeros_like(xp)
    dW = np.zeros_like(W)
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    g = dout[n, f, i, j]
                    dW[f] += g * xp[n, :, i : i + HH, j : j + WW]
                    dxp[n, :, i : i + HH, j : j + WW] += g * W[f]
    H, W_in = xp.shape[2] - 2 * pad, xp.shape[3] - 2 * pad
    return dxp[:, :, pad : pad + H, pad : pad + W_in], dW, dout.sum(axis=(0, 2, 3))


def reference_runner(step6, x, W, b, pad):
    def run():
        out, cache = step6.conv_forward(x, W, b, stride=1, pad=pad)
        step6.conv_backward(np.ones(out.shape), cache)

    return run


def naive_runner(x, W, b, pad):
    def run():
        out, cache = naive_conv_forward(x, W, b, pad)
        naive_conv_backward(np.ones(out.shape), cache)

    return run


def torch_runner(torch, x, W, b, pad):
    xt = torch.from_numpy(x).requires_grad_()
    Wt = torch.from_numpy(W).requires_grad_()
    bt = torch.from_numpy(b).requires_grad_()

    def run():
        out = torch.nn.functional.conv2d(xt, Wt, bt, stride=1, padding=pad)
        out.backward(torch.ones_like(out))
        for tensor in (xt, Wt, bt):
            tensor.grad = None

    return run


def matmul_runner(side):
    rng = np.random.default_rng(0)
    A = rng.normal(size=(side, side))
    B = rng.normal(size=(side, side))
    return lambda: A @ B


def best_times(runners, repeats):
    """The best time of each runner over ``repeats`` rounds, runners interleaved."""
    best = {name: float("inf") for name in runners}
    for _ in range(repeats):
        for name, run in runners.items():
            start = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def import_torch():
    """torch, or None (with the reason) when it cannot be imported.

    torch's OpenMP threads otherwise keep spinning after each call, taking the
    cores from numpy's BLAS threads timed right after (measured: the reference
    looked 2-10× slower interleaved with torch than alone). Passive waiting
    must be set before torch is imported.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    os.environ.setdefault("KMP_BLOCKTIME", "0")
    try:
        import torch
    except ImportError as error:
        return None, f"torch is not importable ({error}); torch comparison skipped"
    return torch, None


def measure(*, repeats=10, naive_batch=2, use_torch=True):
    """Time every shape; return a list of per-shape dicts and the matmul rate.

    Each dict: x_shape, W_shape, pad, reference_s, naive_s (scaled to the full
    batch), naive_batch, torch_s (None without torch), gflops (reference).
    """
    step6 = load_reference()
    torch, reason = import_torch() if use_torch else (None, "torch not requested")
    if reason:
        print(reason)
    matmul = matmul_runner(MATMUL_SIDE)
    rows = []
    matmul_s = float("inf")
    for x_shape, W_shape, pad in SHAPES:
        rng = np.random.default_rng(0)
        x = rng.normal(size=x_shape)
        W = rng.normal(size=W_shape)
        b = rng.normal(size=W_shape[0])
        small = min(naive_batch, x_shape[0])
        runners = {
            "reference": reference_runner(step6, x, W, b, pad),
            "matmul": matmul,
        }
        if torch is not None:
            runners["torch"] = torch_runner(torch, x, W, b, pad)
        times = best_times(runners, repeats)
        # The naive loop takes seconds even on a few images: timed once per
        # round outside the interleaving, on ``small`` images, then scaled.
        naive_s = best_times({"naive": naive_runner(x[:small], W, b, pad)}, 2)
        matmul_s = min(matmul_s, times["matmul"])
        rows.append(
            {
                "x_shape": x_shape,
                "W_shape": W_shape,
                "pad": pad,
                "reference_s": times["reference"],
                "naive_s": naive_s["naive"] * x_shape[0] / small,
                "naive_batch": small,
                "torch_s": times.get("torch"),
                "gflops": conv_flops(x_shape, W_shape, pad) / times["reference"] / 1e9,
            }
        )
    matmul_gflops = 2 * MATMUL_SIDE**3 / matmul_s / 1e9
    return rows, matmul_gflops


THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def blas_threads():
    """The thread setting in force, as the environment set it, for the report."""
    settings = [
        f"{name}={os.environ[name]}" for name in THREAD_VARIABLES if name in os.environ
    ]
    if not settings:
        return f"library default (this machine has {os.cpu_count()} cores)"
    return ", ".join(settings)


def report(rows, matmul_gflops):
    """The table and the ratios, as lines of text."""
    lines = [
        f"BLAS threads: {blas_threads()}",
        f"numpy matmul {MATMUL_SIDE}×{MATMUL_SIDE} float64: "
        f"{matmul_gflops:.1f} GFLOP/s",
        "conv forward + backward, stride 1 (best of the runs):",
    ]
    for row in rows:
        torch_s = row["torch_s"]
        torch_text = "torch      —"
        if torch_s is not None:
            ratio = row["reference_s"] / torch_s
            torch_text = f"torch {torch_s * 1e3:8.1f} ms  ref/torch {ratio:5.2f}"
        lines.append(
            f"  x {row['x_shape']!s:18} W {row['W_shape']!s:15} pad {row['pad']}: "
            f"ref {row['reference_s'] * 1e3:7.1f} ms ({row['gflops']:5.1f} GFLOP/s)  "
            f"naive {row['naive_s']:7.2f} s (N={row['naive_batch']}, scaled)  "
            f"{torch_text}"
        )
    first = rows[0]
    fraction = first["gflops"] / matmul_gflops
    lines.append(
        f"first shape: reference at {fraction:.2f} of the matmul rate "
        f"(target ≥ {TARGET_MATMUL_FRACTION:g}); naive / reference "
        f"{first['naive_s'] / first['reference_s']:.0f}×"
    )
    if first["torch_s"] is not None:
        ratios = ", ".join(f"{r['reference_s'] / r['torch_s']:.2f}" for r in rows)
        lines.append(
            f"reference / torch per shape: {ratios} (target ≤ {TARGET_TORCH_RATIO:g})"
        )
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10, help="rounds per timing")
    parser.add_argument(
        "--naive-batch",
        type=int,
        default=2,
        help="images the naive loop is timed on (then scaled to the full batch)",
    )
    parser.add_argument("--no-torch", action="store_true", help="skip torch")
    parser.add_argument(
        "--also-one-thread",
        action="store_true",
        help="then measure again with BLAS (and torch) on one thread, the tests' "
        "setting, in a child process (the thread count is fixed at import)",
    )
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.naive_batch < 1:
        parser.error("--repeats and --naive-batch must be positive")
    rows, matmul_gflops = measure(
        repeats=args.repeats, naive_batch=args.naive_batch, use_torch=not args.no_torch
    )
    print("\n".join(report(rows, matmul_gflops)))
    if args.also_one_thread:
        print()
        child = [sys.executable, __file__, "--repeats", str(args.repeats)]
        child += ["--naive-batch", str(args.naive_batch)]
        child += ["--no-torch"] if args.no_torch else []
        env = dict(os.environ, **{name: "1" for name in THREAD_VARIABLES})
        sys.stdout.flush()
        return subprocess.run(child, env=env, check=False).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
