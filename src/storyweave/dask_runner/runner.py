"""Inputs read and cleaned, and batches of articles annotated, as Dask tasks; the results
written by the one store writer.

What runs on the cluster is what runs locally: ``ingestion.readers.iter_path`` for each
input (a group of inputs a task), then ``store.intake.annotate_batch`` for each batch: no
copy of the stage code. The template pass, which needs the whole batch of inputs (lines
repeated across many files of an outlet), runs on the caller between the two. Results come
back in input order (annotation: a window of two tasks per worker thread), so that the
store is written, and stories are assigned, in ingest order as a local run does.

Each worker loads the models once, on its first task, and gives ONNX Runtime and spaCy as
many threads as the worker has (``ModelThreads``); the models are never pickled (ONNX
Runtime sessions cannot be). A task whose worker dies is run again elsewhere (Dask retries
it, and ``retries`` more on an error): a killed worker loses no input. An input that fails
to annotate is a failure of that input, as locally.
"""

from __future__ import annotations

import contextlib
import logging
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import distributed

from ..ingestion.batch import input_key, sort_out
from ..ingestion.readers import iter_path, iter_paths
from ..ingestion.template import remove_template_lines
from ..model import Article, Failure
from ..progress import Progress, report
from ..store.intake import annotate_batch
from ..store.rows import ArticleRows

log = logging.getLogger(__name__)

RETRIES = 2  # more runs of a task that raised (a dead worker's tasks are rerun anyway)
READ_GROUP = 16  # inputs read by one task


# distributed's own annotations are partial (untyped calls): its classes are held as Any
_CLIENT: Any = distributed.Client
_LOCAL_CLUSTER: Any = distributed.LocalCluster


class ModelThreads(distributed.WorkerPlugin):
    """A worker plugin: the models' threads match the worker's (``nthreads``)."""

    name = "storyweave-model-threads"

    def setup(self, worker: Any) -> None:
        from ..nlp.models import use_threads

        use_threads(max(1, int(worker.state.nthreads)))


@contextlib.contextmanager
def dask_client(address: str | None, *, workers: int | None = None) -> Iterator[Any]:
    """A client of the Dask scheduler at ``address`` (None or "local": a ``LocalCluster`` of
    ``workers`` single-threaded worker processes, default the cores), with the models'
    threads set on every worker; closed (and the local cluster stopped) on the way out."""
    from ..nlp.models import cores

    cluster: Any = None
    if address in (None, "local"):
        cluster = _LOCAL_CLUSTER(n_workers=workers or cores(), threads_per_worker=1,
                                 processes=True, dashboard_address=None)
        client = _CLIENT(cluster)
    else:
        client = _CLIENT(address)
    try:
        client.register_plugin(ModelThreads())
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def read_on_dask(client: Any, paths: Sequence[str | Path], *, max_bytes: int,
                 time_limit: float | None, progress: Progress | None = None,
                 on_failure: Callable[[Failure], None] | None = None,
                 ) -> tuple[list[Article], list[Failure]]:
    """``ingestion.ingest`` with each input read and cleaned on the cluster (``READ_GROUP``
    inputs a task) and the template pass, which needs the whole batch, here. The inputs
    must be readable by the workers (one machine, or a shared filesystem); stdin is read
    here. The same articles and failures, in the same order, as ``ingest``."""
    items = list(iter_paths(paths))
    groups = [items[i:i + READ_GROUP] for i in range(0, len(items), READ_GROUP)]
    # a group holding stdin ("-") is read here: a worker's stdin is not the user's
    futures = [None if any(str(i) == "-" for i in g) else
               client.submit(_read_group, g, max_bytes, time_limit, pure=False,
                             retries=RETRIES) for g in groups]
    articles: list[Article] = []
    failures: list[Failure] = []
    seen: set[str] = set()
    done = 0
    report(progress, "reading", 0, len(items))
    for group, future in zip(groups, futures, strict=True):
        found = (_read_group(group, max_bytes, time_limit) if future is None
                 else future.result())
        for item, results in zip(group, found, strict=True):
            key = None if isinstance(item, Failure) else input_key(item)
            if key is not None and key in seen:
                continue  # an input named twice is read once, as locally
            if key is not None:
                seen.add(key)
            sort_out(results, articles, failures, on_failure)
        done += len(group)
        report(progress, "reading", done, len(items))
    return remove_template_lines(articles), failures


def _read_group(items: list[Path | str | Failure], max_bytes: int,
                time_limit: float | None) -> list[list[Article | Failure]]:
    """On a worker: each item's results (a missing path is its own failure)."""
    return [[item] if isinstance(item, Failure) else
            list(iter_path(item, max_bytes=max_bytes, time_limit=time_limit))
            for item in items]


def dask_batches(articles: Sequence[Article], *, client: Any, batch: int = 16,
                 ) -> Iterator[tuple[list[ArticleRows], list[Failure]]]:
    """The store rows of ``articles``, ``batch`` at a time and in their order, annotated as
    tasks of ``client``'s cluster."""
    batches = [list(articles[i:i + batch]) for i in range(0, len(articles), batch)]
    if not batches:
        return
    slots = 2 * max(1, sum(client.nthreads().values()))
    pending: deque[Any] = deque()
    queue = iter(batches)
    for b in queue:
        pending.append(client.submit(annotate_batch, b, pure=False, retries=RETRIES))
        if len(pending) >= slots:
            break
    while pending:
        result = pending.popleft().result()
        nxt = next(queue, None)
        if nxt is not None:
            pending.append(client.submit(annotate_batch, nxt, pure=False, retries=RETRIES))
        yield result
