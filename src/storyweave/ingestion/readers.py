"""Inputs to articles: paths, directories, stdin, and the formats found in them.

The format is sniffed from the bytes (gzip magic, HTML tags, a JSON object per line) and the
extension only breaks ties, because scraped folders are full of ``.txt`` files holding HTML.
Every failure becomes a :class:`~storyweave.model.Failure` naming the input; one bad input
never stops the others.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..model import Article, Failure, Meta
from .assemble import assemble
from .decode import DEFAULT_MAX_BYTES, decode, gunzip, too_large
from .errors import IngestError
from .html import read_html
from .textclean import clean_lines, guess_language

# What a directory walk picks up; a file named explicitly is read whatever its name.
SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".txt.gz",
            ".jsonl", ".jsonl.gz", ".ndjson")
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|"
                         rb"div|article|section|p|main|header|nav|script|link)\b", re.I | re.S)
_JSONL_FIELDS = ("url", "title", "outlet", "author", "published", "language")


def read_text(text: str, source: str, *, meta: dict[str, Meta] | None = None,
              encoding: str | None = None, fmt: str = "txt") -> Article:
    """Clean one scraped plain-text report. ``meta`` (e.g. JSONL fields) wins over what the
    cleaner reads off header lines; both are kept with their provenance."""
    cleaned = clean_lines(text)
    merged = dict(cleaned.meta)
    merged.update(meta or {})
    article = assemble(cleaned.paragraphs, source=source, fmt=fmt, meta=merged,
                       removed=cleaned.removed, encoding=encoding)
    if "language" not in article.meta and (lang := guess_language(article.text)):
        article.meta["language"] = Meta(lang, "detected", "share of English function words")
    return article


def sniff(data: bytes, name: str = "") -> str:
    """``gzip``, ``html``, ``jsonl`` or ``txt``: the content decides, the name breaks ties."""
    if data[:2] == b"\x1f\x8b":
        return "gzip"
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(head):
        return "html"
    lower = name.lower()
    if head.lstrip().startswith(b"{"):
        if lower.endswith((".jsonl", ".ndjson", ".jsonl.gz")):
            return "jsonl"
        for line in data.lstrip().split(b"\n", 5)[:5]:  # the first line may be the broken one
            try:
                if isinstance(json.loads(line), dict):
                    return "jsonl"
            except ValueError:
                continue
    if lower.endswith((".html", ".htm", ".xhtml")) and b"<" in head:
        return "html"
    return "txt"


def read_bytes(data: bytes, source: str, *, name: str = "",
               max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Failure]:
    """Read one input's bytes; yields an Article or Failure per article it holds."""
    kind = sniff(data, name or source)
    try:
        if kind == "gzip":
            data = gunzip(data, source, max_bytes)
            kind = sniff(data, (name or source).removesuffix(".gz"))
        if kind == "jsonl":
            yield from read_jsonl(data, source, max_bytes=max_bytes)
        elif len(data) > max_bytes:
            raise too_large(source, len(data), max_bytes)
        elif kind == "html":
            yield read_html(data, source)
        else:
            text, encoding = decode(data, source)
            yield read_text(text, source, encoding=encoding)
    except IngestError as e:
        yield Failure(e.source, e.reason)


def read_jsonl(data: bytes, source: str, *,
               max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Failure]:
    """One article per line: ``text`` or ``html`` plus optional metadata fields, or an article
    record as ``storyweave extract`` writes it (loaded unchanged). A broken line is a Failure
    named ``FILE:LINE``; the lines after it are still read."""
    for no, raw in enumerate(data.splitlines(), start=1):
        where = f"{source}:{no}"
        if not raw.strip():
            continue
        try:
            if len(raw) > max_bytes:
                raise too_large(where, len(raw), max_bytes)
            line, _ = decode(raw, where)
            try:
                record = json.loads(line)
            except ValueError as e:
                raise IngestError(where, f"not valid JSON ({e.msg}, column {e.colno})") from None
            if not isinstance(record, dict):
                raise IngestError(where, "a JSONL line must be an object with 'text' or 'html'")
            yield _from_record(record, where)
        except IngestError as e:
            yield Failure(e.source, e.reason)


# The keys `storyweave extract` writes for each article: such a line is an article already
# cleaned and annotated, and is loaded as it is instead of being cleaned a second time.
_ARTICLE_RECORD_KEYS = frozenset({"id", "source", "text", "meta", "removed", "spans"})


def _article_record(record: dict, where: str) -> Article:
    """An article record written by ``extract``, loaded unchanged: its text, spans, metadata
    with provenance, removed lines and original ``source``."""
    try:
        article = Article.from_dict(record)
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise IngestError(where, f"looks like an article record (it has "
                                 f"{', '.join(sorted(_ARTICLE_RECORD_KEYS))}) but is not a "
                                 f"valid one ({type(e).__name__}: {e})") from None
    if not isinstance(article.text, str) or not article.text.strip():
        raise IngestError(where, "article record with an empty 'text'")
    bad = next((s for s in article.spans
                if not (isinstance(s.start, int) and isinstance(s.end, int)
                        and 0 <= s.start <= s.end <= len(article.text))), None)
    if bad is not None:
        raise IngestError(where, f"article record with a span outside its text "
                                 f"({bad.label} {bad.start}-{bad.end}, text has "
                                 f"{len(article.text)} characters)")
    return article


def _from_record(record: dict, where: str) -> Article:
    if record.keys() >= _ARTICLE_RECORD_KEYS:
        return _article_record(record, where)
    meta = {k: Meta(str(record[k]).strip(), "jsonl", f"field {k!r}") for k in _JSONL_FIELDS
            if isinstance(record.get(k), str | int) and str(record[k]).strip()}
    text, html = record.get("text"), record.get("html")
    if isinstance(html, str) and html.strip():
        article = read_html(html, where, url=record.get("url") or None)
        article.format = "jsonl"
        article.meta.update(meta)  # the producer's fields beat what we guessed from the page
        return article
    if isinstance(text, str) and text.strip():
        return read_text(text, where, meta=meta, fmt="jsonl")
    raise IngestError(where, "has neither a non-empty 'text' nor 'html' field")


def iter_paths(paths: Iterable[str | os.PathLike]) -> Iterator[Path | str | Failure]:
    """Expand directories (recursively, sorted, skipping hidden files and files of other
    types); ``-`` stays ``-`` for stdin; missing paths become Failures."""
    for p in paths:
        if str(p) == "-":
            yield "-"
            continue
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path, onerror=None):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if not f.startswith(".") and f.lower().endswith(SUFFIXES):
                        yield Path(root) / f
        elif path.is_symlink() and not path.exists():
            yield Failure(str(p), "broken symbolic link")
        elif not path.exists():
            yield Failure(str(p), "no such file or directory")
        else:
            yield path


def read_path(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES,
              stdin: BinaryIO | None = None) -> list[Article | Failure]:
    """Read one path (or ``-``) completely; never raises for a bad input."""
    source = "<stdin>" if path == "-" else str(path)
    try:
        if path == "-":
            data = (stdin or sys.stdin.buffer).read(max_bytes + 1)
            if len(data) > max_bytes:
                raise too_large(source, len(data), max_bytes)
            return list(read_bytes(data, source, max_bytes=max_bytes))
        if Path(path).is_dir():
            return [Failure(source, "is a directory")]
        if Path(path).is_symlink() and not Path(path).exists():
            return [Failure(source, "broken symbolic link")]
        size = os.stat(path).st_size
        is_jsonl = str(path).lower().endswith((".jsonl", ".jsonl.gz", ".ndjson"))
        if size > max_bytes and not is_jsonl:  # refuse before reading a 50 MB blob into memory
            raise too_large(source, size, max_bytes)
        data = Path(path).read_bytes()
        return list(read_bytes(data, source, name=Path(path).name, max_bytes=max_bytes))
    except IngestError as e:
        return [Failure(e.source, e.reason)]
    except IsADirectoryError:
        return [Failure(source, "is a directory")]
    except PermissionError:
        return [Failure(source, "permission denied")]
    except OSError as e:
        return [Failure(source, f"cannot be read ({e.strerror or e})")]
