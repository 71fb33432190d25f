"""Each experiment's claim holds on its quick configuration, with the figures that
decide it checked one by one (so a regression says which figure moved)."""

import pytest

from dlstart_experiments import registry
from dlstart_experiments.kit import Kit


@pytest.fixture(scope="module")
def kit():
    return Kit()


def run(kit, name):
    return registry.load(name).run(kit, quick=True, seed=0)


def test_vanishing_gradient(kit):
    result = run(kit, "vanishing-gradient")
    assert result.figures["sigmoid input/output ratio"] < 1e-3
    assert 0.1 < result.figures["relu+He input/output ratio"] < 10
    assert result.holds


def test_exploding_gradient(kit):
    result = run(kit, "exploding-gradient")
    norms = result.figures["‖δ_l‖ per layer (input first)"]
    assert all(a > b for a, b in zip(norms, norms[1:])), "δ grows at every layer"
    assert result.holds


def test_linear_collapse(kit):
    result = run(kit, "linear-collapse")
    assert result.figures["max |deep − single layer|"] < 1e-10
    assert result.holds


def test_xor(kit):
    result = run(kit, "xor")
    assert result.figures["fewest perceptron errors in an epoch"] > 0
    assert result.figures["2-layer net accuracy"] == 1.0


def test_saturation(kit):
    result = run(kit, "saturation")
    assert result.figures["gradient ratio CE / SE"] > 100
    assert result.holds


def test_every_experiment_is_tested():
    """A new experiment needs its test here."""
    tested = {name[len("test_") :].replace("_", "-") for name in globals()}
    missing = [name for name in registry.MODULES if name not in tested]
    assert not missing, f"experiments without a test: {missing}"


def test_cli_lists_and_runs(tmp_path, capsys):
    from dlstart_experiments.cli import main

    assert main(["--list"]) == 0
    assert "vanishing-gradient" in capsys.readouterr().out
    assert main(["linear-collapse", "--quick", "--plots", str(tmp_path)]) == 0
    assert "claim holds: yes" in capsys.readouterr().out
    assert main(["no-such-experiment"]) == 2
