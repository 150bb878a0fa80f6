"""Ingest on a Dask cluster (``storyweave.dask_runner``) gives the store a local ingest gives:
the same articles, spans, passages (vectors within float tolerance) and stories; a bad input
is a failure as locally; a worker killed mid-run loses nothing and duplicates nothing."""

from __future__ import annotations

import os
import signal
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip("distributed")

from distributed import Client, LocalCluster  # noqa: E402

from storyweave.store import Store, ingest_into  # noqa: E402
from storyweave.store.rows import vector_from  # noqa: E402

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "xi-moscow-2023"
OTHERS = REPO / "examples" / "other-stories"


def _inputs(folder: Path) -> list[Path]:
    bad = folder / "empty.html"
    bad.write_bytes(b"<html><body></body></html>")
    return [EXAMPLE, OTHERS / "wang-yi-2023-02-22-a.txt", OTHERS / "wang-yi-2023-02-22-b.txt",
            bad]


def _contents(path: Path) -> dict[str, Any]:
    """What an ingest wrote, keyed by content (not by row numbers or run ids)."""
    db = sqlite3.connect(path)
    ids = dict(db.execute("SELECT seq, id FROM articles"))
    out: dict[str, Any] = {
        "articles": sorted(db.execute("SELECT id, source, text, meta, removed, figures "
                                      "FROM articles")),
        "spans": sorted((ids[a], s, e, label, attrs) for a, s, e, label, attrs in
                        db.execute("SELECT article, start, end, label, attrs FROM spans")),
        "passages": sorted((ids[a], kind, n, s, e) for a, kind, n, s, e in db.execute(
            "SELECT article, kind, n, start, end FROM passages")),
        "vectors": {(ids[a], kind, n): vector_from(v)
                    for a, kind, n, v in db.execute(
                        "SELECT article, kind, n, vector FROM passages WHERE vector IS NOT NULL")},
        "sides": {(ids[a], kind, n) for a, kind, n in db.execute(
            "SELECT article, kind, n FROM passages WHERE side IS NOT NULL")},
        "stories": sorted(sorted(ids[a] for (a,) in db.execute(
            "SELECT article FROM members WHERE story = ?", (s,))) for (s,) in db.execute(
            "SELECT id FROM stories")),
        "failures": sorted(Path(s).name for (s,) in db.execute("SELECT source FROM failures")),
        "order": [i for (i,) in db.execute("SELECT id FROM articles ORDER BY seq")],
    }
    db.close()
    return out


def _same(local: dict[str, Any], remote: dict[str, Any]) -> None:
    for key in ("articles", "spans", "passages", "stories", "failures", "order"):
        assert local[key] == remote[key], key
    assert local["vectors"].keys() == remote["vectors"].keys()
    for k, v in local["vectors"].items():  # other thread counts: float rounding at most
        assert np.allclose(v, remote["vectors"][k], atol=2e-3), k
    assert local["sides"] == remote["sides"]


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("local")
    with Store(folder / "local.db") as store:
        done = ingest_into(store, _inputs(folder), jobs=1, batch=2)
    assert [Path(f.source).name for f in done.failures] == ["empty.html"]
    return _contents(folder / "local.db")


def test_a_dask_ingest_writes_what_a_local_one_writes(local: dict[str, Any],
                                                      tmp_path: Path) -> None:
    with Store(tmp_path / "dask.db") as store:
        done = ingest_into(store, _inputs(tmp_path), jobs=2, batch=2, dask="local")
        assert done.added == 7 and [Path(f.source).name for f in done.failures] == \
            ["empty.html"]
        again = ingest_into(store, _inputs(tmp_path), jobs=2, batch=2, dask="local")
        assert again.added == 0 and again.skipped == 7  # stored inputs are skipped
    _same(local, _contents(tmp_path / "dask.db"))


def test_a_worker_killed_mid_run_loses_nothing(local: dict[str, Any], tmp_path: Path) -> None:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        killed: list[int] = []

        def progress(stage: str, done: int, total: int) -> None:
            if stage == "annotating" and done >= 2 and not killed:
                pid = next(iter(client.run(os.getpid).values()))
                os.kill(pid, signal.SIGKILL)  # the nanny starts another; its tasks rerun
                killed.append(pid)

        with Store(tmp_path / "killed.db") as store:
            done = ingest_into(store, _inputs(tmp_path), batch=2, dask=cluster.scheduler_address,
                               progress=progress)
        assert killed and done.added == 7
    _same(local, _contents(tmp_path / "killed.db"))


def test_the_command_line_ingests_on_a_local_cluster(local: dict[str, Any],
                                                     tmp_path: Path) -> None:
    from click.testing import CliRunner

    from storyweave.cli import main

    db = tmp_path / "cli.db"
    result = CliRunner().invoke(main, ["ingest", *map(str, _inputs(tmp_path)), "--db", str(db),
                                       "--jobs", "2", "--batch", "2", "--dask"])
    assert result.exit_code == 1, result.stderr  # the empty page is one failure
    assert "empty.html" in result.stderr and "7 articles added" in result.stderr
    _same(local, _contents(db))


def test_inputs_are_read_on_the_workers_and_stdin_here(tmp_path: Path) -> None:
    from storyweave.dask_runner import dask_client, read_on_dask
    from storyweave.ingestion import ingest

    inputs = [*map(str, _inputs(tmp_path)), str(OTHERS / "quake-2023-02-06-a.txt")]
    here, failed_here = ingest(inputs)
    from distributed import get_task_stream

    with dask_client("local", workers=2) as client, get_task_stream(client) as tasks:
        there, failed_there = read_on_dask(client, inputs, max_bytes=10**7, time_limit=None)
    assert [(a.id, a.text, a.source) for a in there] == [(a.id, a.text, a.source)
                                                         for a in here]
    assert failed_there == failed_here
    assert any("_read_group" in str(t["key"]) for t in tasks.data)  # read by the workers
