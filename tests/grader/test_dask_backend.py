"""The Dask backend grades the same as local workers (skipped without dask)."""

import pytest

from dlstart_grader import KIT_ROOT
from dlstart_grader.grading import grade_batch
from dlstart_grader.reports import read_result
from grading_fixtures import SOFTMAX_POINTS, quick_options, reference_copy, with_softmax

distributed = pytest.importorskip("distributed")


def test_batch_on_a_local_cluster(tmp_path):
    batch = tmp_path / "batch"
    reference_copy(batch / "ada")
    with_softmax(batch / "bo", "    raise NotImplementedError('not implemented yet')")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        outcome = grade_batch(
            [batch],
            tmp_path / "out",
            kit_root=KIT_ROOT,
            options=quick_options(scheduler=cluster.scheduler_address),
        )
    assert sorted(outcome.graded) == ["ada", "bo"]
    assert read_result(tmp_path / "out", "ada")["score"] == SOFTMAX_POINTS
    assert read_result(tmp_path / "out", "bo")["score"] == 0
