"""Paragraphs to an Article: the one place clean text and its paragraph spans are built."""

from __future__ import annotations

from ..model import Article, Meta, RemovedLine, Span, content_id
from .errors import IngestError


def assemble(paragraphs: list[tuple[int | None, str]], *, source: str, fmt: str,
             meta: dict[str, Meta], removed: list[RemovedLine],
             encoding: str | None = None) -> Article:
    """Join paragraphs with blank lines; each becomes a ``paragraph`` span that remembers the
    input line it came from. Raises IngestError when nothing is left."""
    parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    for line, text in paragraphs:
        if parts:
            pos += 2
        spans.append(Span(pos, pos + len(text), "paragraph", {"line": line}))
        parts.append(text)
        pos += len(text)
    text = "\n\n".join(parts)
    if not text.strip():
        why = (f"no article text left after cleaning ({len(removed)} lines removed as "
               "boilerplate; see `storyweave inspect`)" if removed else "no text")
        raise IngestError(source, why)
    return Article(id=content_id(text), source=source, text=text, format=fmt,
                   meta={k: v for k, v in meta.items() if not k.startswith("_")},
                   removed=removed, spans=spans, encoding=encoding)
