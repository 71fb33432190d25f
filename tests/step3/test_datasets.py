"""The digits loader (datasets.py) agrees with the data the tests use."""

import numpy as np
import pytest

from dlstart_check.checks import assert_close, assert_true
from dlstart_check.impl import ModuleView

# datasets.py has no student region: this checks the kit, not the student.
pytestmark = pytest.mark.contract


def test_digits_loader_gives_the_tests_split(impl, digits_split):
    datasets = ModuleView(impl, "datasets")
    X, y = datasets.load_digits()
    assert_true(X.shape == (1797, 64) and y.shape == (1797,), "digits shapes")
    assert_true(X.min() == 0 and X.max() == 16, "pixel values 0..16")
    assert_true(set(np.unique(y)) == set(range(10)), "labels 0..9")
    images, _ = datasets.load_digits(flatten=False)
    assert_close(images.reshape(-1, 64), X, "flatten=False gives 8×8 images")
    for got, expected in zip(datasets.digits_split(0), digits_split):
        assert_close(got, expected, "digits_split(0) is the tests' split")
    assert_true(
        len(digits_split[0]) == 1348 and len(digits_split[2]) == 449,
        "75/25 split sizes",
    )
