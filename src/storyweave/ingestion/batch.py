"""A batch of inputs (paths, directories, stdin) to clean articles: read each, then the
cross-article template pass over the whole batch."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ..model import Article, Failure
from ..progress import Progress, report
from .decode import DEFAULT_MAX_BYTES
from .readers import iter_paths, read_path
from .template import remove_template_lines

Results = list[Article | Failure]


def _file_of(article: Article) -> str:
    return article.source.rsplit(":", 1)[0] if article.format == "jsonl" else article.source


def ingest(paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
           already: Sequence[Article] = (),
           on_results: Callable[[Results], None] | None = None,
           progress: Progress | None = None,
           ) -> tuple[list[Article], list[Failure]]:
    """Read every input under ``paths``; return the clean articles and the failures.

    ``already`` are articles read by an earlier, interrupted run: their files are skipped.
    ``on_results`` sees each file's results as soon as they exist (the CLI checkpoints with
    it); ``progress`` is called as ``progress("reading", files_done, files_total)``. The
    template pass runs last, over the whole batch.
    """
    articles = list(already)
    done = {_file_of(a) for a in articles}
    failures: list[Failure] = []
    items = [i for i in iter_paths(paths) if isinstance(i, Failure) or str(i) not in done]
    report(progress, "reading", 0, len(items))
    for n, item in enumerate(items, start=1):
        results: Results = [item] if isinstance(item, Failure) else read_path(
            item, max_bytes=max_bytes)
        for r in results:
            (failures if isinstance(r, Failure) else articles).append(r)
        if on_results:
            on_results(results)
        report(progress, "reading", n, len(items))
    return remove_template_lines(articles), failures
