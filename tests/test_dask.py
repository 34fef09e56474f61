"""A batch graded on a Dask cluster gives the same results as one graded locally."""

from __future__ import annotations

import pytest

from autograder.pipelines.batch import grade_batch
from autograder.pipelines.dask_executor import dask_results
from conftest import ROOT, load

distributed = pytest.importorskip("distributed")


def test_dask_local_cluster_grades_like_local(tmp_path):
    a = load("04_optimizers")
    files = [ROOT / "examples" / "04_optimizers" / f"{n}.ipynb" for n in ("correct", "partly_wrong", "broken", "blank")]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = grade_batch(a, files, tmp_path / "dask", executor=lambda paths: dask_results(cluster.scheduler_address, a, paths))
    local = grade_batch(a, files, tmp_path / "local", jobs=1)
    assert remote.graded_now == 4
    assert [(r.submission, r.score, r.status) for r in remote.results] == [(r.submission, r.score, r.status) for r in local.results]
    assert {r.path for r in remote.results} == {str(f) for f in files}
    assert (tmp_path / "dask" / "gradebook.sqlite").exists() and (tmp_path / "dask" / "grades.csv").exists()
