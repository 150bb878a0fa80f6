"""A batch of inputs (paths, directories, stdin) to clean articles: read each, then the
cross-article template pass over the whole batch.

Every result is also a :class:`Record` that knows its input and its place in that input, so a
caller can save records as they come and, after a crash, hand them back as ``done``: they are
not read again, and the batch comes out exactly as an uninterrupted run would have.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..codec import from_plain, to_plain
from ..model import Article, Failure
from ..progress import Progress, report
from .budget import DEFAULT_TIME_LIMIT
from .decode import DEFAULT_MAX_BYTES
from .readers import iter_path, iter_paths
from .template import remove_template_lines


@dataclass(frozen=True, slots=True)
class Record:
    """One result of one input and where it stands in it: the unit a checkpoint saves."""

    input: str  # the input's identity (see input_key)
    n: int  # its place among the input's results: a JSONL file has one per non-blank line
    last: bool  # nothing follows it: the input is done
    result: Article | Failure

    def to_plain(self) -> dict[str, Any]:
        """The record as a checkpoint line holds it; the result in its codec form, under a key
        that says which of the two it is."""
        r = self.result
        body = {"failure" if isinstance(r, Failure) else "article": to_plain(r)}
        return {"input": self.input, "n": self.n, "last": self.last, **body}

    @classmethod
    def from_plain(cls, d: dict[str, Any]) -> Record:
        """The inverse of ``to_plain``; raises KeyError, TypeError or ValueError otherwise."""
        if "article" in d:
            result: Article | Failure = from_plain(Article, d["article"])
        else:
            result = from_plain(Failure, d["failure"])
            if not (isinstance(result.source, str) and isinstance(result.reason, str)):
                raise ValueError(f"not a failure: {d['failure']!r}")
        n, last = d["n"], d["last"]
        if not isinstance(d["input"], str) or type(n) is not int or n < 0 or (
                not isinstance(last, bool)):
            raise ValueError(f"not a record: input={d['input']!r}, n={n!r}, last={last!r}")
        return cls(d["input"], n, last, result)


def input_key(path: Path | str) -> str:
    """What names an input across runs: ``in/a.txt``, ``./in/a.txt``, its absolute path and a
    symbolic link to it are one input (its real path); ``-`` is stdin."""
    return "-" if str(path) == "-" else os.path.realpath(path)


def ingest(paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
           time_limit: float | None = DEFAULT_TIME_LIMIT,
           done: Iterable[Record] = (),
           on_record: Callable[[Record], None] | None = None,
           on_failure: Callable[[Failure], None] | None = None,
           progress: Progress | None = None,
           ) -> tuple[list[Article], list[Failure]]:
    """Read every input under ``paths``; return the clean articles and the failures, in the
    order of the inputs. An input named twice (or under two spellings) is read once.

    ``done`` are the records an earlier, interrupted run saved: an input whose records are all
    there is not read again, one with only its first records is read from where it stopped.
    ``on_record`` sees each newly read record as soon as it exists (the CLI checkpoints with
    it); its article is the one before the template pass, which is what ``done`` must hold,
    since that pass runs last, over the whole batch. ``on_failure`` sees every failure as it is
    met, those from ``done`` included. ``progress`` is called as
    ``progress("reading", inputs_done, inputs_total)``. ``max_bytes`` and ``time_limit``
    (seconds, None for none) are the budget of one input, or of one JSONL record: what goes
    past it is one Failure (see :mod:`.budget` and :mod:`.streams`).
    """
    saved = _saved_runs(done)
    seen: set[str] = set()
    articles: list[Article] = []
    failures: list[Failure] = []
    items = list(iter_paths(paths))
    report(progress, "reading", 0, len(items))
    for count, item in enumerate(items, start=1):
        sort_out(_results(item, saved, seen, (max_bytes, time_limit), on_record), articles,
                 failures, on_failure)
        report(progress, "reading", count, len(items))
    return remove_template_lines(articles), failures


def sort_out(results: Iterable[Article | Failure], articles: list[Article],
             failures: list[Failure], on_failure: Callable[[Failure], None] | None) -> None:
    """Append each result to ``articles`` or ``failures`` (telling ``on_failure`` at once)."""
    for result in results:
        if isinstance(result, Article):
            articles.append(result)
            continue
        failures.append(result)
        if on_failure:
            on_failure(result)


def _results(item: Path | str | Failure, saved: dict[str, Sequence[Record]], seen: set[str],
             budget: tuple[int, float | None], on_record: Callable[[Record], None] | None,
             ) -> Iterator[Article | Failure]:
    """One input's results: the saved ones first, then those read now (each passed to
    ``on_record`` before it is yielded)."""
    if isinstance(item, Failure):
        yield item  # a missing path: found again by every run, never saved
        return
    key = input_key(item)
    if key in seen:
        return
    seen.add(key)
    had = saved.get(key, [])
    yield from (r.result for r in had)
    if had and had[-1].last:
        return
    for record in _read(item, key, len(had), budget):
        if on_record:
            on_record(record)
        yield record.result


def _read(path: Path | str, key: str, skip: int,
          budget: tuple[int, float | None]) -> Iterator[Record]:
    """The input's records from number ``skip`` on. Each comes out once the next one exists,
    so the last one is marked ``last``: a single-article input is saved done in one line."""
    max_bytes, time_limit = budget  # bytes and seconds per input (per JSONL record)
    results = iter_path(path, max_bytes=max_bytes, skip=skip, time_limit=time_limit)
    pending = next(results, None)
    n = skip
    while pending is not None:
        following = next(results, None)
        yield Record(key, n, following is None, pending)
        pending, n = following, n + 1


def _saved_runs(done: Iterable[Record]) -> dict[str, Sequence[Record]]:
    """Each input's saved records numbered 0, 1, 2... up to a gap or its last one. Only an
    unbroken run from 0 stands for the start of the input; anything after a gap (a damaged
    line) is read again. A record saved twice counts once."""
    numbered: dict[str, dict[int, Record]] = defaultdict(dict)
    for record in done:
        numbered[record.input].setdefault(record.n, record)
    runs: dict[str, Sequence[Record]] = {}
    for key, records in numbered.items():
        run: list[Record] = []
        while (r := records.get(len(run))) is not None:
            run.append(r)
            if r.last:
                break
        runs[key] = run
    return runs
