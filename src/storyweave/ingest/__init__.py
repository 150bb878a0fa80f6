"""Ingest: inputs (files, directories, stdin, JSONL) to clean :class:`Article` records."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ..model import Article, Failure
from .decode import DEFAULT_MAX_BYTES
from .errors import IngestError
from .html import read_html
from .readers import iter_paths, read_bytes, read_jsonl, read_path, read_text, sniff
from .template import remove_template_lines

__all__ = ["DEFAULT_MAX_BYTES", "IngestError", "ingest", "iter_paths", "read_bytes",
           "read_html", "read_jsonl", "read_path", "read_text", "remove_template_lines",
           "sniff"]

Results = list[Article | Failure]


def _file_of(article: Article) -> str:
    return article.source.rsplit(":", 1)[0] if article.format == "jsonl" else article.source


def ingest(paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
           already: Sequence[Article] = (),
           on_results: Callable[[Results], None] | None = None,
           progress: Callable[[list], Iterable] | None = None,
           ) -> tuple[list[Article], list[Failure]]:
    """Read every input under ``paths``; return the clean articles and the failures.

    ``already`` are articles read by an earlier, interrupted run: their files are skipped.
    ``on_results`` sees each file's results as soon as they exist (the CLI checkpoints with
    it); ``progress`` may wrap the list of inputs (e.g. in a tqdm bar). The template pass
    runs last, over the whole batch.
    """
    articles = list(already)
    done = {_file_of(a) for a in articles}
    failures: list[Failure] = []
    items = [i for i in iter_paths(paths) if isinstance(i, Failure) or str(i) not in done]
    for item in progress(items) if progress else items:
        results: Results = [item] if isinstance(item, Failure) else read_path(
            item, max_bytes=max_bytes)
        for r in results:
            (failures if isinstance(r, Failure) else articles).append(r)
        if on_results:
            on_results(results)
    return remove_template_lines(articles), failures
