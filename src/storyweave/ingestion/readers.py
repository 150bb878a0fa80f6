"""Inputs to articles: paths, directories, stdin, and the formats found in them.

The format is sniffed from the bytes (gzip magic, HTML tags, a JSON object per line) and the
extension only breaks ties, because scraped folders are full of ``.txt`` files holding HTML.
Every failure becomes a :class:`~storyweave.model.Failure` naming the input; one bad input
never stops the others.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..codec import from_plain
from ..model import Article, Failure, Meta
from . import language
from .assemble import assemble_article
from .decode import (
    DEFAULT_MAX_BYTES,
    Decoded,
    decode_bytes,
    decode_text,
    gunzip,
    line_list,
    too_large,
    utf16_as_utf8,
)
from .errors import IngestError
from .html import read_html
from .textclean import clean_lines

log = logging.getLogger(__name__)

# What a directory walk picks up; a file named explicitly is read whatever its name.
SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".txt.gz",
            ".jsonl", ".jsonl.gz", ".ndjson")
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|"
                         rb"div|article|section|p|main|header|nav|script|link)\b", re.I | re.S)
_JSONL_FIELDS = ("url", "title", "outlet", "author", "published", "language")


def read_text(text: str, source: str, *, meta: dict[str, Meta] | None = None,
              encoding: str | None = None, fmt: str = "txt") -> Article:
    """Clean one scraped plain-text report. ``meta`` (e.g. JSONL fields) wins over what the
    cleaner reads off header lines; both are kept with their provenance. The language is
    detected (see :func:`storyweave.ingestion.language.with_language`)."""
    cleaned = clean_lines(scrub_surrogates(text))
    merged = dict(cleaned.meta)
    merged.update(meta or {})
    article = assemble_article(cleaned.paragraphs, source=source, fmt=fmt, meta=merged,
                       removed=cleaned.removed, encoding=encoding)
    return language.with_language(article)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def scrub_surrogates(text: str) -> str:
    """A lone surrogate ("\\ud800" in JSON) cannot be written as UTF-8: it becomes U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def _encoding_note(decoded: Decoded) -> dict[str, Meta]:
    """Visible in ``inspect``: which lines of a mixed file were not read as UTF-8."""
    if not decoded.other_lines:
        return {}
    return {"mixed_encoding": Meta(f"lines {line_list(decoded.other_lines)} read as "
                                   f"{decoded.fallback}", "detected",
                                   "those lines are not valid UTF-8; the rest of the file is")}


def sniff(data: bytes, name: str = "") -> str:
    """``gzip``, ``html``, ``jsonl`` or ``txt``: the content decides, the name breaks ties."""
    if data[:2] == b"\x1f\x8b":
        return "gzip"
    data = utf16_as_utf8(data)[0]
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
            except (ValueError, RecursionError):  # RecursionError: nested too deeply
                continue
    if lower.endswith((".html", ".htm", ".xhtml")) and b"<" in head:
        return "html"
    return "txt"


def read_bytes(data: bytes, source: str, *, name: str = "", max_bytes: int = DEFAULT_MAX_BYTES,
               skip: int = 0) -> Iterator[Article | Failure]:
    """Read one input's bytes; yields an Article or Failure per article it holds. ``skip``
    passes over the first records of a JSONL input unread (a resumed run has them)."""
    try:
        kind = sniff(data, name or source)
        if kind == "gzip":
            data = gunzip(data, source, max_bytes)
            kind = sniff(data, (name or source).removesuffix(".gz"))
        if len(data) > max_bytes and kind != "jsonl":
            raise too_large(source, len(data), max_bytes)
        data, utf16 = utf16_as_utf8(data)
        for result in _read_kind(kind, data, source, max_bytes, skip):
            if utf16 and isinstance(result, Article):
                result.encoding = utf16
            yield result
    except IngestError as e:
        yield _failure(e.source, e.reason)
    except Exception as e:  # a bug of ours or of a parser: this input fails, the others go on
        yield _internal_error(source, e)


def _read_kind(kind: str, data: bytes, source: str, max_bytes: int,
               skip: int) -> Iterator[Article | Failure]:
    if kind == "jsonl":
        yield from read_jsonl(data, source, max_bytes=max_bytes, skip=skip)
        return
    decoded = decode_text(data, source, html=kind == "html")
    if kind == "html":
        article = read_html(decoded.text, source, encoding=decoded.encoding)
        article.meta.update(_encoding_note(decoded))
        yield language.with_language(article)
    else:
        yield read_text(decoded.text, source, encoding=decoded.encoding,
                        meta=_encoding_note(decoded))


def _failure(source: str, reason: str) -> Failure:
    """A Failure whose reason is one line, whatever an exception message held."""
    return Failure(source, " ".join(reason.split()))


def _internal_error(source: str, e: BaseException) -> Failure:
    log.error("%s: unexpected %s while reading", source, type(e).__name__, exc_info=e)
    return _failure(source, f"could not be read: internal error ({type(e).__name__}: {e}); "
                           "please report it")


def read_jsonl(data: bytes, source: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
               skip: int = 0) -> Iterator[Article | Failure]:
    """One article per line: ``text`` or ``html`` plus optional metadata fields, or an article
    record as ``storyweave extract`` writes it (loaded unchanged). A broken line is a Failure
    named ``FILE:LINE``; the lines after it are still read."""
    for no, raw in enumerate(data.splitlines(), start=1):
        where = f"{source}:{no}"
        if not raw.strip():
            continue
        if skip > 0:  # a record the caller has already: not cleaned a second time
            skip -= 1
            continue
        try:
            if len(raw) > max_bytes:
                raise too_large(where, len(raw), max_bytes)
            line, _ = decode_bytes(raw, where)
            record = _json_object(line, where)
            yield _from_record(record, where)
        except IngestError as e:
            yield _failure(e.source, e.reason)
        except Exception as e:  # as in read_bytes: the other lines are still read
            yield _internal_error(where, e)


def _json_object(line: str, where: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except ValueError as e:
        # json's messages may end in "at" ("Unterminated string starting at"): say the column
        # once, after it, never "at at column"
        msg = (f"{e.msg.removesuffix(' at')} at column {e.colno}"
               if isinstance(e, json.JSONDecodeError) else str(e))
        raise IngestError(where, f"not valid JSON ({msg})") from None
    except RecursionError:
        raise IngestError(where, "not valid JSON (nested too deeply)") from None
    if not isinstance(record, dict):
        raise IngestError(where, "a JSONL line must be an object with 'text' or 'html'")
    return _scrub_record(record, line)


def _scrub_record(record: dict[str, Any], line: str) -> dict[str, Any]:
    """Lone surrogates out of every string of a record, keys included, at any depth. They
    only come from escapes, so most lines are passed over by one search."""
    if not _SURROGATE_ESCAPE.search(line):
        return record
    root: list[Any] = [record]
    stack: list[tuple[Any, Any]] = [(root, 0)]
    while stack:  # no recursion: json.loads accepts deeper nesting than Python's stack
        container, key = stack.pop()
        value = container[key]
        if isinstance(value, str):
            container[key] = scrub_surrogates(value)
        elif isinstance(value, list):
            stack.extend((value, i) for i in range(len(value)))
        elif isinstance(value, dict):
            fixed = {scrub_surrogates(k): v for k, v in value.items()}
            value.clear()
            value.update(fixed)
            stack.extend((value, k) for k in value)
    return root[0]


# The keys `storyweave extract` writes for each article: such a line is an article already
# cleaned and annotated, and is loaded as it is instead of being cleaned a second time.
_ARTICLE_RECORD_KEYS = frozenset({"id", "source", "text", "meta", "removed", "spans"})


def _article_record(record: dict[str, Any], where: str) -> Article:
    """An article record written by ``extract``, loaded unchanged: its text, spans, metadata
    with provenance, removed lines and original ``source``."""
    try:
        article = from_plain(Article, record)
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise IngestError(where, f"looks like an article record (it has "
                                 f"{', '.join(sorted(_ARTICLE_RECORD_KEYS))}) but is not a "
                                 f"valid one ({type(e).__name__}: {e})") from None
    if not isinstance(article.text, str) or not article.text.strip():
        raise IngestError(where, "article record with an empty 'text'")
    if wrong := _wrong_type(article):
        raise IngestError(where, f"article record with {wrong}")
    bad = next((s for s in article.spans
                if not (isinstance(s.start, int) and isinstance(s.end, int)
                        and 0 <= s.start <= s.end <= len(article.text))), None)
    if bad is not None:
        raise IngestError(where, f"article record with a span outside its text "
                                 f"({bad.label} {bad.start}-{bad.end}, text has "
                                 f"{len(article.text)} characters)")
    return article


def _wrong_type(a: Article) -> str | None:
    """What in a loaded article record has the wrong type (the rest of storyweave relies on
    these), or None."""
    checks = [
        ("an 'id' that is not a string", isinstance(a.id, str) and a.id),
        ("a 'source' that is not a string", isinstance(a.source, str)),
        ("a 'format' that is not a string", isinstance(a.format, str)),
        ("an 'encoding' that is not a string", a.encoding is None or isinstance(a.encoding, str)),
        ("a 'meta' value that is not a string",
         all(isinstance(k, str) and isinstance(m.value, str) and isinstance(m.source, str)
             and (m.evidence is None or isinstance(m.evidence, str)) for k, m in a.meta.items())),
        ("a 'removed' entry of the wrong type",
         all((r.line is None or type(r.line) is int) and isinstance(r.text, str)
             and isinstance(r.reason, str) for r in a.removed)),
        ("a span of the wrong type",
         all(type(s.start) is int and type(s.end) is int and isinstance(s.label, str)
             and isinstance(s.attrs, dict) for s in a.spans)),
    ]
    return next((what for what, ok in checks if not ok), None)


def _from_record(record: dict[str, Any], where: str) -> Article:
    if record.keys() >= _ARTICLE_RECORD_KEYS:
        return _article_record(record, where)
    meta = {k: Meta(str(record[k]).strip(), "jsonl", f"field {k!r}") for k in _JSONL_FIELDS
            if isinstance(record.get(k), str | int) and str(record[k]).strip()}
    text, html = record.get("text"), record.get("html")
    if isinstance(html, str) and html.strip():
        url = record.get("url")
        article = read_html(html, where, url=url if isinstance(url, str) and url else None)
        article.format = "jsonl"
        article.meta.update(meta)  # the producer's fields beat what we guessed from the page
        return language.with_language(article)
    if isinstance(text, str) and text.strip():
        return read_text(text, where, meta=meta, fmt="jsonl")
    raise IngestError(where, "has neither a non-empty 'text' nor 'html' field")


def iter_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | str | Failure]:
    """Expand directories (recursively, sorted, skipping hidden files and files of other
    types); ``-`` stays ``-`` for stdin; missing paths, unreadable directories and
    directories with nothing to read become Failures."""
    for p in paths:
        if str(p) == "-":
            yield "-"
            continue
        path = Path(p)
        try:
            is_dir = path.is_dir()
        except OSError as e:  # a parent directory we may not enter
            yield _os_failure(str(p), e)
            continue
        if is_dir:
            yield from _walk(path)
        elif path.is_symlink() and not path.exists():
            yield Failure(str(p), "broken symbolic link")
        elif not path.exists():
            yield Failure(str(p), "no such file or directory")
        else:
            yield path


def _walk(top: Path) -> Iterator[Path | Failure]:
    """The article files under a directory, sorted. Symbolic links to directories are
    followed (linking a folder in is how people add it), each real directory once: a link
    back up the tree is a Failure instead of an endless walk. A directory that cannot be
    listed is a Failure; so is a tree with nothing to read in it."""
    errors: list[OSError] = []
    seen: set[str] = set()
    found = others = failed = 0
    for root, dirs, files in os.walk(top, onerror=errors.append, followlinks=True):
        failed += len(errors)
        yield from (_os_failure(e.filename or str(top), e) for e in errors)
        errors.clear()
        here = os.path.realpath(root)
        seen.add(here)
        keep = []
        for d in sorted(d for d in dirs if not d.startswith(".")):
            real = os.path.realpath(os.path.join(root, d))
            if here == real or here.startswith(real.rstrip(os.sep) + os.sep):
                yield Failure(os.path.join(root, d), f"symbolic link loop (leads back to "
                                                     f"{real}, which is being read): not followed")
            elif real in seen:
                log.info("%s: already read as %s", os.path.join(root, d), real)
            else:
                keep.append(d)
        dirs[:] = keep
        for f in sorted(files):
            if not f.startswith(".") and f.lower().endswith(SUFFIXES):
                found += 1
                yield Path(root) / f
            else:
                others += 1
    failed += len(errors)
    yield from (_os_failure(e.filename or str(top), e) for e in errors)
    if not found and not failed:
        yield Failure(str(top), "no readable articles (empty directory)" if not others else
                      f"no readable articles ({others} files, none named "
                      f"{', '.join(SUFFIXES[:6])}...)")


def _os_failure(source: str, e: OSError) -> Failure:
    if isinstance(e, PermissionError):
        return Failure(str(source), "permission denied")
    return _failure(str(source), f"cannot be read ({e.strerror or e})")


def read_path(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES,
              stdin: BinaryIO | None = None) -> list[Article | Failure]:
    """Read one path (or ``-``) completely; never raises for a bad input."""
    return list(iter_path(path, max_bytes=max_bytes, stdin=stdin))


def iter_path(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES,
              stdin: BinaryIO | None = None, skip: int = 0) -> Iterator[Article | Failure]:
    """``read_path`` one result at a time, each as soon as it is clean, so that a caller can
    save a long JSONL file's records as they come; ``skip`` as in :func:`read_bytes`."""
    source = "<stdin>" if path == "-" else str(path)
    try:
        if path == "-":
            data = (stdin or sys.stdin.buffer).read(max_bytes + 1)
            if len(data) > max_bytes:
                raise too_large(source, len(data), max_bytes)
            yield from read_bytes(data, source, max_bytes=max_bytes, skip=skip)
            return
        if Path(path).is_dir():
            yield Failure(source, "is a directory")
            return
        if Path(path).is_symlink() and not Path(path).exists():
            yield Failure(source, "broken symbolic link")
            return
        size = os.stat(path).st_size
        is_jsonl = str(path).lower().endswith((".jsonl", ".jsonl.gz", ".ndjson"))
        if size > max_bytes and not is_jsonl:  # refuse before reading a 50 MB blob into memory
            raise too_large(source, size, max_bytes)
        data = Path(path).read_bytes()
        yield from read_bytes(data, source, name=Path(path).name, max_bytes=max_bytes, skip=skip)
    except IngestError as e:
        yield Failure(e.source, e.reason)
    except IsADirectoryError:
        yield Failure(source, "is a directory")
    except PermissionError:
        yield Failure(source, "permission denied")
    except OSError as e:
        yield Failure(source, f"cannot be read ({e.strerror or e})")
