"""Access to the modules of an implementation, for the experiments."""

from pathlib import Path

from dlstart_check.impl import Implementation

KIT_ROOT = Path(__file__).resolve().parents[1]


class Kit:
    """The STEP modules of one implementation folder, by short name.

    ``kit.step2`` is the module step2_feedforward of that folder, and so on; a
    missing or broken module raises ImplementationError naming the file.
    """

    MODULES = {
        "step2": "step2_feedforward",
        "step3": "step3_training",
        "step4": "step4_backprop",
        "step5_ae": "step5_autoencoder",
        "step5_white": "step5_whitening",
        "step6": "step6_cnn",
        "datasets": "datasets",
    }

    def __init__(self, folder=None, label=None):
        folder = Path(folder) if folder else KIT_ROOT / "reference"
        self.implementation = Implementation(folder, label or folder.name)

    def __getattr__(self, name):
        if name not in self.MODULES:
            raise AttributeError(name)
        return self.implementation.module(self.MODULES[name])
