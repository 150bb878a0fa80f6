"""Inputs into the store: read and clean everything (one process: the template pass needs the
whole batch), skip what is stored already, annotate the rest in ``jobs`` worker processes,
write each batch as it comes back, in input order, one transaction per batch.

Crash safety follows from that order. A batch is in the store whole or not at all, batches
are committed in input order, and a rerun reads the same inputs into the same articles and
skips the stored ones: the rerun of a killed ingest ends with exactly the rows an
uninterrupted run would have written (the ``runs`` log aside), and a second ingest of the
same inputs adds nothing.

Each worker loads the models once (the first batch it gets) and takes ``cores // jobs``
threads, so that workers x threads match the cores (``nlp.models.use_threads``); a worker
whose parent is killed exits instead of waiting forever for work.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..ingestion import DEFAULT_MAX_BYTES, DEFAULT_TIME_LIMIT, ingest
from ..model import Article, Failure
from ..nlp import annotation
from ..progress import Progress, report
from ..stories.grouping import Placement
from .database import Store
from .rows import ArticleRows, rows_of

log = logging.getLogger(__name__)

BATCH = 16  # articles per task: large enough for the models' batching, small to lose
STAGE = "annotating"  # the progress stage (articles)


@dataclass(slots=True)
class IngestSummary:
    """What one ingest did, in articles (``failures``: inputs that could not be read or
    annotated, each named with its reason)."""

    read: int = 0
    added: int = 0
    reannotated: int = 0
    skipped: int = 0  # stored already, by this pipeline version
    unannotated: int = 0  # stored as text only: a language the models do not read
    copies: int = 0  # the same content as another input of this run
    stories_started: int = 0  # new stories
    joined: int = 0  # articles that joined a story already there
    near_copies: int = 0  # articles found to copy another report (placed in its story)
    merged: int = 0  # stories merged into another (their ids now aliases)
    moved: int = 0  # articles regrouping moved to another story at the end of the run
    split: int = 0  # parts regrouping split from a story (each a new story)
    failures: list[Failure] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def ingest_into(store: Store, paths: Iterable[str | Path], *, jobs: int | None = None,
                batch: int = BATCH, max_bytes: int = DEFAULT_MAX_BYTES,
                time_limit: float | None = DEFAULT_TIME_LIMIT,
                progress: Progress | None = None,
                on_failure: Callable[[Failure], None] | None = None,
                on_note: Callable[[str], None] | None = None,
                name_source: Callable[[str], str] | None = None,
                niceness: int = 0, dask: str | None = None) -> IngestSummary:
    """Read every input under ``paths`` and store its articles, annotated, in ``store``.
    ``jobs`` worker processes annotate (default: the cores; 1: this process). Progress comes
    as ``progress("reading", ...)`` then ``progress("annotating", articles done, total)``;
    each failure goes to ``on_failure`` as it is met, notes (re-annotation, copies) to
    ``on_note``. ``name_source`` renames each input as the store keeps it (the web app's
    uploads live in a temporary folder; their names should not); ``niceness``: the worker
    processes' (a server lowers its background ingest's priority below its pages'). Never
    raises for one bad input: it is a failure, recorded in the store. ``dask``: read and
    annotate on the Dask scheduler at this address instead ("local": a ``LocalCluster`` of ``jobs``
    workers; needs ``pip install storyweave[dask]``)."""
    from ..nlp.models import cores

    jobs = jobs or cores()
    stack = contextlib.ExitStack()  # a Dask client (and its local cluster), closed at the end
    client: Any = None
    if dask is not None:
        from ..dask_runner import dask_client

        client = stack.enter_context(dask_client(dask, workers=jobs))
    with stack:
        inputs = [str(p) for p in paths]
        out = IngestSummary()
        t0 = time.perf_counter()
        run = store.begin_run(inputs, jobs=jobs)

        def failed(f: Failure) -> None:
            out.failures.append(f)
            if on_failure:
                on_failure(f)

        read: Callable[..., tuple[list[Article], list[Failure]]] = ingest
        if client is not None:  # each input read on the cluster, the template pass here
            from ..dask_runner import read_on_dask

            read = functools.partial(read_on_dask, client)
        if name_source is not None:
            rename = name_source

            def renamed(f: Failure) -> None:
                failed(Failure(rename(f.source), f.reason))

            articles, read_failures = read(inputs, max_bytes=max_bytes, time_limit=time_limit,
                                           progress=progress, on_failure=renamed)
            articles = [replace(a, source=rename(a.source)) for a in articles]
            read_failures = [Failure(rename(f.source), f.reason) for f in read_failures]
        else:
            articles, read_failures = read(inputs, max_bytes=max_bytes, time_limit=time_limit,
                                           progress=progress, on_failure=failed)
        store.forget_failures(a.source for a in articles)
        store.record_failures(read_failures, run)
        out.read = len(articles)
        t_read = time.perf_counter()

        plan = store.plan(articles)
        out.copies, out.skipped = plan.copies, plan.current
        if out.copies and on_note:
            on_note(f"{out.copies} input(s) repeat the content of another; stored once")
        if plan.stale and on_note:
            on_note(f"re-annotating {len(plan.stale)} stored article(s) that another pipeline "
                    f"version annotated, or none (this one: {annotation.PIPELINE_VERSION})")
        readable, other = plan.annotate, plan.keep_as_text
        written = [a.id for a in other]
        def placed(places: list[Placement]) -> None:
            for p in places:
                out.stories_started += p.started
                out.joined += not p.started
                out.near_copies += p.copy_of is not None
                out.merged += len(p.merged)

        placed(store.group())  # articles a store made before stories, or a killed run, left out
        if other:
            placed(store.write([], run, unannotated=other))
            out.unannotated = len(other)
            if on_note:
                on_note(f"{len(other)} article(s) in a language the models do not read: stored "
                        "as text, not annotated")

        done = 0
        report(progress, STAGE, 0, len(readable))
        if client is not None:
            from ..dask_runner import dask_batches

            batches = dask_batches(readable, client=client, batch=batch)
        else:
            batches = annotated_batches(readable, jobs=jobs, batch=batch, niceness=niceness)
        for rows, failures in batches:
            placed(store.write(rows, run))
            written.extend(r.article.id for r in rows)
            store.record_failures(failures, run)
            for f in failures:
                failed(f)
            done += len(rows) + len(failures)
            report(progress, STAGE, done, len(readable))
        if out.stories_started or out.joined:  # the run's stories, all at once
            regrouped = store.regroup(run)
            out.moved = len(regrouped.story_of)
            out.merged += len(regrouped.merged)
            out.split = len(regrouped.split)
        out.reannotated = sum(1 for i in written if i in plan.stale)
        out.added = len(written) - out.reannotated
        out.seconds = {"read": round(t_read - t0, 3),
                       "annotate_and_store": round(time.perf_counter() - t_read, 3)}
        store.finish_run(run, read=out.read, added=out.added, reannotated=out.reannotated,
                         skipped=out.skipped, failed=len(out.failures))
        return out


def annotated_batches(articles: Sequence[Article], *, jobs: int = 1, batch: int = BATCH,
                      niceness: int = 0,
                      ) -> Iterator[tuple[list[ArticleRows], list[Failure]]]:
    """The store rows of ``articles``, ``batch`` at a time, in their order, annotated in
    this process (``jobs`` 1) or in ``jobs`` worker processes."""
    batches = [list(articles[i:i + batch]) for i in range(0, len(articles), batch)]
    if jobs <= 1 or len(batches) <= 1:
        yield from (annotate_batch(b) for b in batches)
        return
    from ..nlp.models import cores

    threads = max(1, cores() // jobs)
    context = multiprocessing.get_context("spawn")  # no fork of a threaded parent
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_start,
                             initargs=(threads, os.getpid(), niceness)) as pool:
        pending: deque[Future[tuple[list[ArticleRows], list[Failure]]]] = deque()
        queue = iter(batches)
        for b in queue:  # a window of 2 batches per worker: bounded memory, no idle worker
            pending.append(pool.submit(annotate_batch, b))
            if len(pending) >= 2 * jobs:
                break
        while pending:
            result = pending.popleft().result()
            nxt = next(queue, None)
            if nxt is not None:
                pending.append(pool.submit(annotate_batch, nxt))
            yield result


def annotate_batch(articles: list[Article]) -> tuple[list[ArticleRows], list[Failure]]:
    """The rows of a batch of articles; if annotating the batch fails, each article alone,
    so that one bad article is one failure and the others are stored."""
    from ..nlp import annotate

    try:
        return rows_of(annotate(articles)), []
    except Exception:
        log.warning("a batch of %d article(s) failed to annotate; one at a time",
                    len(articles))
    rows, failures = [], []
    for a in articles:
        try:
            rows.extend(rows_of(annotate([a])))
        except Exception as e:  # a bug on one article's text must not sink the batch
            log.exception("annotating %s failed", a.source)
            failures.append(Failure(a.source, f"annotation failed: {type(e).__name__}: {e}"))
    return rows, failures


def _worker_start(threads: int, parent: int, niceness: int = 0) -> None:
    if niceness:
        os.nice(niceness)
    from ..nlp.models import use_threads

    use_threads(threads)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    """End this worker when its parent is gone (killed: it will never send more work)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)
