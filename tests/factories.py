"""Builders of the records tests start from, shared so that every test builds an article the
way the readers do (an id that is the content hash, a ``paragraph`` span per paragraph, each
metadata value with its provenance) instead of five slightly different private ways.

Tests import it as ``from factories import make_article`` (pytest puts ``tests/`` on the path).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from storyweave.keys import content_id
from storyweave.labels import Label
from storyweave.model import Article, Meta, RemovedLine, Span

# The readers join paragraphs with one blank line (ingestion.assemble_article).
_PARAGRAPH_BREAK = re.compile(r"\n\n")


def paragraph_spans(text: str) -> list[Span]:
    """The ``paragraph`` spans a reader gives ``text`` when its paragraphs are separated by a
    blank line, each with the input line it starts on (``attrs["line"]``), as
    :func:`storyweave.read_text` records it for a text that needs no cleaning."""
    spans, start = [], 0
    for m in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        if text[start:end].strip():  # a reader keeps no empty paragraph
            spans.append(Span(start, end, Label.PARAGRAPH,
                              {"line": text.count("\n", 0, start) + 1}))
        start = m.end() if m else end
    return spans


def _meta(value: str | Meta, source: str) -> Meta:
    # A bare string is the value as it was read: its own evidence, as a header line is.
    return value if isinstance(value, Meta) else Meta(value, source, value)


def make_article(text: str, *, id: str | None = None, source: str | None = None,
                 outlet: str | Meta | None = None, title: str | Meta | None = None,
                 published: str | Meta | None = None, url: str | Meta | None = None,
                 author: str | Meta | None = None, meta: Mapping[str, str | Meta] | None = None,
                 meta_source: str = "jsonl", spans: Iterable[Span] = (),
                 removed: Iterable[RemovedLine] = (), paragraphs: bool = True,
                 fmt: str = "txt") -> Article:
    """An article of ``text`` as a reader would make it, without the cleaning.

    ``id`` defaults to the content hash the readers use, ``source`` to ``"<id>.txt"``.
    Metadata given as a string gets provenance ``meta_source`` with the value as its evidence;
    give a :class:`Meta` to set both. ``paragraphs`` adds the ``paragraph`` spans (before
    ``spans``, the order annotation leaves them in); pass False where a test must see only
    the spans it wrote.
    """
    article_id = id if id is not None else content_id(text)
    values = dict(meta or {})
    named = {"title": title, "outlet": outlet, "author": author, "url": url,
             "published": published}
    values.update({k: v for k, v in named.items() if v})  # a reader records no empty value
    return Article(id=article_id, source=source if source is not None else f"{article_id}.txt",
                   text=text, format=fmt,
                   meta={k: _meta(v, meta_source) for k, v in values.items()},
                   removed=list(removed),
                   spans=[*(paragraph_spans(text) if paragraphs else ()), *spans])


def read_dated(text: str, source: str, day: str) -> Article:
    """``text`` read as a plain-text report whose input gave its publication day (as a JSONL
    line's ``published`` would): the working date the weave counts weekdays from."""
    from storyweave import read_text

    return read_text(text, source, meta={"published": Meta(day, "jsonl", day)})
