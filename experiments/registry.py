"""The experiments by command-line name, in the order of the notes."""

import importlib

# Command-line name -> module of this package. Each module defines NAME, CLAIM
# and run(kit, *, quick=False, seed=0) -> ExperimentResult.
MODULES = {
    "vanishing-gradient": "vanishing_gradient",
    "exploding-gradient": "exploding_gradient",
    "linear-collapse": "linear_collapse",
    "xor": "xor",
    "saturation": "saturation",
    "minibatch-vs-batch": "minibatch_vs_batch",
    "overfitting": "overfitting",
    "momentum-valley": "momentum_valley",
    "adagrad-rare-features": "adagrad_rare",
    "init-scale": "init_scale",
    "sparse-autoencoder": "sparse_autoencoder",
    "whitening-pictures": "whitening_pictures",
    "pretraining": "pretraining",
    "denoising": "denoising",
    "lcn-floor": "lcn_floor",
    "pooling-shift": "pooling_shift",
}


def load(name):
    """The experiment module named ``name``; ValueError listing the names if unknown."""
    if name not in MODULES:
        raise ValueError(
            f"unknown experiment {name!r}; choose from {', '.join(MODULES)}"
        )
    return importlib.import_module(f"{__package__}.{MODULES[name]}")
