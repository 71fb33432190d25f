"""Each experiment's claim holds on its quick configuration, with the figures that
decide it checked one by one (so a regression says which figure moved).

The bounds here are the claims of the notes as numbers, written independently
of the thresholds inside the experiments; seeds are fixed (seed 0).
"""

import logging
import sys

import pytest

from dlstart_check.checks import fail
from dlstart_experiments import registry
from dlstart_experiments.kit import Kit


@pytest.fixture(scope="module")
def kit():
    return Kit()


def run(kit, name):
    return registry.load(name).run(kit, quick=True, seed=0)


def check_figure(result, key, *, above=None, below=None, equal=None):
    """Fail unless figure ``key`` of ``result`` lies in (above, below) or equals."""
    if key not in result.figures:
        fail(
            f"experiment {result.name} reports the figure {key!r}",
            detail="figures reported:\n" + "\n".join(result.report()),
        )
    got = result.figures[key]
    inside = (
        (equal is None or got == equal)
        and (above is None or got > above)
        and (below is None or got < below)
    )
    if not inside:
        wanted = (
            f"== {equal}"
            if equal is not None
            else " and ".join(
                text
                for text in (
                    f"> {above}" if above is not None else "",
                    f"< {below}" if below is not None else "",
                )
                if text
            )
        )
        fail(
            f"figure {key!r} of experiment {result.name} (quick, seed 0)",
            expected=wanted,
            got=got,
            detail="all figures:\n" + "\n".join(result.report()),
        )
    return got


def check_holds(result):
    if not result.holds:
        fail(
            f"experiment {result.name} says its claim holds (quick, seed 0)",
            detail="\n".join(result.report()),
        )


def test_vanishing_gradient(kit):
    result = run(kit, "vanishing-gradient")
    check_figure(result, "sigmoid input/output ratio", below=1e-3)
    check_figure(result, "relu+He input/output ratio", above=0.1, below=10)
    sigmoid = result.figures["sigmoid ‖dW‖ per layer (input first)"]
    if not all(a < b for a, b in zip(sigmoid, sigmoid[1:])):
        fail(
            "sigmoid gradient norms grow at every layer towards the output", got=sigmoid
        )
    check_holds(result)


def test_exploding_gradient(kit):
    result = run(kit, "exploding-gradient")
    norms = result.figures["‖δ_l‖ per layer (input first)"]
    if not all(a > b for a, b in zip(norms, norms[1:])):
        fail("‖δ‖ grows at every layer on the way back to the input", got=norms)
    check_figure(result, "growth of ‖δ‖ from output to input", above=100)
    check_holds(result)


def test_linear_collapse(kit):
    result = run(kit, "linear-collapse")
    check_figure(result, "max |deep − single layer|", below=1e-10)
    check_holds(result)


def test_xor(kit):
    result = run(kit, "xor")
    check_figure(result, "fewest perceptron errors in an epoch", above=0)
    check_figure(result, "2-layer net accuracy", equal=1.0)
    check_holds(result)


def test_saturation(kit):
    result = run(kit, "saturation")
    check_figure(result, "gradient ratio CE / SE", above=100)
    check_holds(result)


def test_minibatch_vs_batch(kit):
    result = run(kit, "minibatch-vs-batch")
    sgd = check_figure(
        result, "samples to reach loss 0.5, minibatch SGD (batch 32)", above=0
    )
    # Minibatch SGD gets there within one pass over the redundant set.
    check_figure(
        result,
        "samples to reach loss 0.5, minibatch SGD (batch 32)",
        below=result.figures["training samples (digits × copies)"],
    )
    check_figure(result, "samples to reach loss 0.5, full-batch GD", above=10 * sgd)
    check_figure(result, "ratio full-batch / minibatch samples", above=10)
    check_figure(
        result,
        "loss after two passes over the data, full-batch GD",
        above=2 * result.figures["loss after two passes over the data, minibatch SGD"],
    )
    check_holds(result)


def test_overfitting(kit):
    result = run(kit, "overfitting")
    training_accuracy = result.figures["none: training error / accuracy"][1]
    if training_accuracy != 1.0:
        fail(
            "the unregularized network classifies its 100 digits perfectly",
            expected=1.0,
            got=training_accuracy,
        )
    plain_gap = check_figure(result, "none: gap in accuracy (train − test)", above=0.05)
    plain_error_gap = check_figure(
        result, "none: gap in error (test − train)", above=0.2
    )
    # Each regularizer is judged by the gap it moves on the digits (see the
    # experiment's docstring): weight decay the error, dropout the accuracy.
    check_figure(
        result,
        "weight decay λ=0.01: gap in error (test − train)",
        below=0.9 * plain_error_gap,
    )
    check_figure(
        result, "dropout p=0.5: gap in accuracy (train − test)", below=plain_gap
    )
    check_holds(result)


def test_momentum_valley(kit):
    result = run(kit, "momentum-valley")
    gd = check_figure(result, "steps to E < 1e-08, gradient descent", above=0)
    check_figure(result, "steps to E < 1e-08, momentum", below=gd / 3)
    check_figure(result, "speed-up of momentum", above=3)
    # Plain GD zigzags: w₂ changes sign at every step with ε b = 1.8.
    check_figure(
        result, "sign changes of w₂ (across) in 50 steps, gradient descent", equal=50
    )
    check_figure(
        result,
        "w₁ (along the floor) after 50 steps, gradient descent",
        below=-5.0,
    )
    check_figure(result, "w₁ after 50 steps, momentum", above=-2.0, below=2.0)
    check_holds(result)


def test_adagrad_rare_features(kit):
    result = run(kit, "adagrad-rare-features")
    fixed = check_figure(result, "mean |w − w*| on rare features, fixed ε", above=0.2)
    check_figure(
        result, "mean |w − w*| on rare features, AdaGrad ε=0.5", below=fixed / 4
    )
    # The best fixed rate is not the largest tried: that one diverged.
    check_figure(result, "fixed rates that diverged", equal=[1.0])
    check_figure(
        result, "final error, AdaGrad", below=result.figures["final error, fixed ε"]
    )
    check_holds(result)


def test_init_scale(kit):
    result = run(kit, "init-scale")
    check_figure(result, "σ=0.1: saturated first-layer units at the start", below=0.01)
    check_figure(result, "σ=10: saturated first-layer units at the start", above=0.8)
    check_figure(result, "final training error, σ=10 / best smaller σ", above=2)
    check_figure(
        result, "σ=10: test accuracy", below=result.figures["σ=1: test accuracy"]
    )
    check_holds(result)


def test_sparse_autoencoder(kit):
    result = run(kit, "sparse-autoencoder")
    for rho in (0.05, 0.2):
        check_figure(
            result,
            f"β=3, ρ={rho:g}: mean hidden activation",
            above=rho / 1.5,
            below=rho * 1.5,
        )
    check_figure(result, "β=0, ρ=0.05: mean hidden activation", above=0.15)
    check_figure(
        result,
        "β=3: units used per sample (y > 0.5)",
        below=result.figures["β=0: units used per sample (y > 0.5)"] / 5,
    )
    check_figure(
        result,
        "β=3: filters' likeness to class-mean digits",
        above=result.figures["β=0: filters' likeness to class-mean digits"] + 0.1,
    )
    check_holds(result)


def test_whitening_pictures(kit):
    result = run(kit, "whitening-pictures")
    for kind in ("4×4 patches", "whole digits"):
        check_figure(result, f"{kind}, ZCA: mean |corr(original, whitened)|", above=0.7)
        check_figure(result, f"{kind}, PCA: mean |corr(original, whitened)|", below=0.3)
        # Every ZCA filter is centred on its own pixel; no PCA row is.
        check_figure(
            result, f"{kind}, ZCA: rows of P peaking on their own pixel", equal=1.0
        )
        check_figure(
            result, f"{kind}, PCA: rows of P peaking on their own pixel", below=0.25
        )
        original, zca = result.figures[f"{kind}: edge energy, original / ZCA"]
        if not zca > 1.2 * original:
            fail(
                f"ZCA emphasizes edges in {kind}: edge energy up by 20 %",
                expected=f"> {1.2 * original:.4g}",
                got=zca,
            )
    check_holds(result)


def test_pretraining(kit):
    result = run(kit, "pretraining")
    check_figure(
        result,
        "random σ=0.1: input/output gradient-norm ratio at the start",
        below=0.01,
    )
    # The notes' small random start is stuck at chance level (ln 10 = 2.30).
    check_figure(result, "random σ=0.1: training error after fine-tuning", above=2.2)
    check_figure(result, "pre-trained: training error after fine-tuning", below=1.1)
    for start in ("random σ=0.1", "random σ=1"):
        check_figure(
            result,
            "pre-trained: test accuracy",
            above=result.figures[f"{start}: test accuracy"],
        )
    check_holds(result)


def test_denoising(kit):
    result = run(kit, "denoising")
    plain_added = check_figure(result, "plain: error added by the noise", above=0)
    check_figure(result, "denoising: error added by the noise", below=0.6 * plain_added)
    check_figure(
        result,
        "denoising: ‖output − clean‖² on noisy input",
        below=result.figures["plain: ‖output − clean‖² on noisy input"],
    )
    check_figure(
        result,
        "denoising: share of the noise passed through",
        below=result.figures["plain: share of the noise passed through"],
    )
    check_holds(result)


def test_lcn_floor(kit):
    result = run(kit, "lcn-floor")
    check_figure(result, "no floor: flat half over stripes", above=0.5)
    check_figure(
        result, "no floor: gain on the flat half (output std / input std)", above=50
    )
    check_figure(result, "floor 0.1: flat half over stripes", below=0.2)
    check_holds(result)


def test_pooling_shift(kit):
    result = run(kit, "pooling-shift")
    raw = check_figure(
        result, "relative change after a 1-pixel shift, no pooling", above=0.5
    )
    max2 = check_figure(
        result,
        "relative change after a 1-pixel shift, max pooling 2×2, stride 2",
        below=0.7 * raw,
    )
    check_figure(
        result,
        "relative change after a 1-pixel shift, average pooling 2×2, stride 2",
        below=0.7 * raw,
    )
    check_figure(
        result,
        "relative change after a 1-pixel shift, max pooling 4×4, stride 4",
        below=max2,
    )
    check_holds(result)


def test_every_experiment_is_tested():
    """A new experiment needs its test here."""
    tested = {name[len("test_") :].replace("_", "-") for name in globals()}
    missing = [name for name in registry.MODULES if name not in tested]
    assert not missing, f"experiments without a test: {missing}"


def test_cli_lists_and_runs(tmp_path, capsys):
    from dlstart_experiments.cli import main

    assert main(["--list"]) == 0
    assert "vanishing-gradient" in capsys.readouterr().out
    assert main(["list"]) == 0
    assert "sparse-autoencoder" in capsys.readouterr().out
    assert main(["linear-collapse", "--quick", "--plots", str(tmp_path)]) == 0
    assert "claim holds: yes" in capsys.readouterr().out
    assert main(["no-such-experiment"]) == 2


def test_without_matplotlib_figures_print_and_a_log_line_says_no_plot(
    tmp_path, capsys, caplog, monkeypatch
):
    """The plot is optional: with matplotlib unimportable nothing breaks."""
    from dlstart_experiments import result as result_module
    from dlstart_experiments.cli import run_experiments

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    result_module._warn_no_matplotlib.cache_clear()
    with caplog.at_level(logging.INFO, logger="dlstart_experiments"):
        results = run_experiments(
            names=["momentum-valley"], plots=tmp_path, quick=True, out=sys.stdout
        )
    assert results[0].holds
    assert "speed-up of momentum" in capsys.readouterr().out
    assert not list(tmp_path.iterdir()), "no PNG without matplotlib"
    assert "no plot written" in caplog.text


def test_plot_is_written_with_matplotlib(kit, tmp_path):
    pytest.importorskip("matplotlib")
    result = run(kit, "momentum-valley")
    path = tmp_path / "momentum-valley.png"
    assert result.plot(path)
    assert path.stat().st_size > 1000


def test_cli_skips_what_a_student_has_not_written(caplog):
    """On the stub template an experiment is skipped with its one-line reason."""
    from dlstart_experiments.cli import main
    from dlstart_experiments.kit import KIT_ROOT

    stubs = str(KIT_ROOT / "student_template")
    with caplog.at_level(logging.INFO, logger="dlstart_experiments"):
        code = main(["momentum-valley", "--impl", stubs, "--plots", ""])
    assert code == 1
    assert "momentum-valley: skipped, not implemented yet: step3.sgd" in caplog.text
