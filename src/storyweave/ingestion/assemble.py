"""Paragraphs to an Article: the one place clean text and its paragraph spans are built."""

from __future__ import annotations

import re

from ..keys import content_id
from ..labels import Label
from ..model import Article, Meta, RemovedLine, Span
from ..spanattrs import make_span
from . import rules
from .errors import IngestError

# What a page says when it has no article for us: an error, a JavaScript app, a bot wall.
# Only phrases a report does not use: "404" and "not found" alone are in real sentences
# ("Officials said 404 people were evacuated", "the climber was not found until Friday").
_PLACEHOLDER = re.compile(r"\b(?:(?:error|http)\s*(?:40[0-9]|50[0-9])\b|40[34]\s*[-:–—]?\s*"
                          r"(?:error|not found|forbidden)|page (?:was )?not found|"
                          r"(?:url|page|file|resource) (?:was )?not found on this server|"
                          r"access denied|enable javascript|javascript (?:is )?(?:required|"
                          r"disabled)|are you a robot|captcha|page (?:does not|doesn't|no longer) "
                          r"exists?|page you (?:are|were) looking for|cookies are disabled)\b",
                          re.I)
# Those words make an error page when they are all a paragraph says ("Not Found", "404").
_PLACEHOLDER_ALONE = re.compile(r"^\W*(?:(?:error\s*)?(?:40[0-9]|50[0-9])(?:\s*error)?|"
                                r"not found|forbidden|access denied|error)\W*$", re.I)
_PLACEHOLDER_WORDS = 40  # a real report that mentions "not found" is longer than this


def assemble_article(paragraphs: list[tuple[int | None, str]], *, source: str, fmt: str,
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
        spans.append(make_span(pos, pos + len(text), Label.PARAGRAPH, {"line": line}))
        parts.append(text)
        pos += len(text)
    text = "\n\n".join(parts)
    if not text.strip():
        why = (f"no article text left after cleaning ({len(removed)} lines removed as "
               "boilerplate; see `storyweave inspect`)" if removed else "no text")
        raise IngestError(source, why)
    if not any(rules.prose(p) or rules.ends_sentence(p) and rules.word_count(p) >= 3
               for p in parts):
        raise IngestError(source, "no article text: not one sentence (a menu, a list of "
                                  "links or a front page?)")
    if rules.word_count(text) < _PLACEHOLDER_WORDS and (m := _placeholder(parts)):
        raise IngestError(source, f"no article text: an error or placeholder page "
                                  f"(\"{m.group(0)}\")")
    return Article(id=content_id(text), source=source, text=text, format=fmt,
                   meta={k: v for k, v in meta.items() if not k.startswith("_")},
                   removed=removed, spans=spans, encoding=encoding)


def _placeholder(parts: list[str]) -> re.Match[str] | None:
    """What marks a short text as an error or placeholder page, or None."""
    return (next((m for p in parts if (m := _PLACEHOLDER_ALONE.match(p))), None)
            or next((m for p in parts if (m := _PLACEHOLDER.search(p))), None))
