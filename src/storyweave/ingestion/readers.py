"""Inputs to articles: paths, directories, stdin, and the formats found in them.

The format is sniffed from the bytes (gzip magic, HTML tags, a JSON object per line) and the
extension only breaks ties, because scraped folders are full of ``.txt`` files holding HTML.
Every failure becomes a :class:`~storyweave.model.Failure` naming the input; one bad input
never stops the others.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, cast

from ..codec import from_plain
from ..model import Article, Failure, Meta
from . import language
from .assemble import assemble_article
from .budget import DEFAULT_TIME_LIMIT, within
from .decode import (
    DEFAULT_MAX_BYTES,
    Decoded,
    decode_bytes,
    decode_text,
    human_size,
    line_list,
    too_large,
    utf16_as_utf8,
)
from .errors import IngestError
from .html import read_html
from .streams import (
    _SKIP_FACTOR,
    HEAD_BYTES,
    STREAM_ERRORS,
    LongLine,
    jsonl_lines,
    open_input,
    over_limit,
    rewound,
    walk_refusal,
)
from .textclean import clean_lines

log = logging.getLogger(__name__)

# What a directory walk picks up; a file named explicitly is read whatever its name.
SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".txt.gz",
            ".jsonl", ".jsonl.gz", ".ndjson")
# <svg> too: pages that inline an icon before <html> were read as text, markup and all
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|"
                         rb"div|article|section|p|main|header|nav|script|link|svg)\b",
                         re.I | re.S)
_JSONL_FIELDS = ("url", "title", "outlet", "author", "published", "language")
_JSONL_NAMES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_SNIFF_LINES = 20  # lines a file without a JSONL name is judged by


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
    """``gzip``, ``html``, ``jsonl`` or ``txt``: the content decides, the name breaks ties;
    but a file named as JSONL is JSONL, so that each of its lines is read or refused alone."""
    if data[:2] == b"\x1f\x8b":
        return "gzip"
    data = utf16_as_utf8(data)[0]
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    lower = name.lower()
    # A file named .jsonl is JSONL whatever its first line holds (garbage, "<html>"): read as
    # one text or page, a bad first line lost every record of the feed.
    if lower.endswith(_JSONL_NAMES):
        return "jsonl"
    if _HTML_START.match(head):
        return "html"
    if _mostly_json_objects(data):
        return "jsonl"
    if lower.endswith((".html", ".htm", ".xhtml")) and b"<" in head:
        return "html"
    return "txt"


def _mostly_json_objects(data: bytes) -> bool:
    """JSONL without a JSONL name: the file starts with an object, or most of its first lines
    are objects (the first line may be the broken one)."""
    lines = [ln for ln in data.split(b"\n", _SNIFF_LINES)[:_SNIFF_LINES] if ln.strip()]
    objects = 0
    for line in lines:
        if not line.lstrip().startswith(b"{"):
            continue
        try:
            objects += isinstance(json.loads(line), dict)
        except (ValueError, RecursionError):  # RecursionError: nested too deeply
            continue
    if lines and lines[0].lstrip().startswith(b"{"):
        return objects > 0
    return objects >= 2 and objects * 2 > len(lines)


def read_bytes(data: bytes, source: str, *, name: str = "", max_bytes: int = DEFAULT_MAX_BYTES,
               skip: int = 0, time_limit: float | None = DEFAULT_TIME_LIMIT,
               ) -> Iterator[Article | Failure]:
    """Read one input's bytes; yields an Article or Failure per article it holds. ``skip``
    passes over the first records of a JSONL input unread (a resumed run has them).
    ``time_limit`` is the per-input (per JSONL record) time budget in seconds (see
    :mod:`.budget`; None: none)."""
    yield from _read_input(data, None, source, name=name or source, max_bytes=max_bytes,
                           skip=skip, time_limit=time_limit)


def read_stream(stream: BinaryIO, source: str, *, name: str = "",
                max_bytes: int = DEFAULT_MAX_BYTES, skip: int = 0,
                time_limit: float | None = DEFAULT_TIME_LIMIT) -> Iterator[Article | Failure]:
    """``read_bytes`` for a stream of unknown size (a file, a pipe, stdin): never more than
    ``max_bytes + 1`` bytes are read for one article, or for one JSONL line."""
    try:
        head = stream.read(HEAD_BYTES)
    except OSError as e:
        yield _failure(source, f"cannot be read ({e.strerror or e})")
        return
    yield from _read_input(head, stream, source, name=name or source, max_bytes=max_bytes,
                           skip=skip, time_limit=time_limit)


def _read_input(head: bytes, rest: BinaryIO | None, source: str, *, name: str, max_bytes: int,
                skip: int, time_limit: float | None) -> Iterator[Article | Failure]:
    """One input whose first bytes (``head``) have been read; ``rest`` holds the others (None:
    ``head`` is the whole input, and its size is known). Every failure is a Failure, never an
    exception."""
    whole = rest is None
    stream: BinaryIO = io.BytesIO() if rest is None else rest
    try:
        kind = sniff(head, name)
        gzipped = kind == "gzip"
        if gzipped:
            # GzipFile reads like a BinaryIO, though not typed as one
            stream = cast(BinaryIO, gzip.GzipFile(fileobj=rewound(head, stream)))
            head = _unpack(stream, HEAD_BYTES, source)
            name = re.sub(r"\.gz$", "", name, flags=re.I)
            kind = sniff(head, name)
        if kind == "jsonl" and utf16_as_utf8(head)[1] is None:
            yield from _jsonl_stream(rewound(head, stream), source, max_bytes=max_bytes,
                                     skip=skip, time_limit=time_limit, gzipped=gzipped,
                                     whole_input=True)
            return
        if len(head) > max_bytes:  # the size is known only when the whole input was given
            raise (too_large(source, len(head), max_bytes) if whole and not gzipped
                   else over_limit(source, max_bytes, gzipped=gzipped))
        data = head + _unpack(stream, max_bytes - len(head) + 1, source) if gzipped else (
            head + stream.read(max_bytes - len(head) + 1))
        if len(data) > max_bytes:  # counted as read: st_size is 0 for a pipe or /proc file
            raise over_limit(source, max_bytes, gzipped=gzipped)
        data, utf16 = utf16_as_utf8(data)
        if kind == "jsonl":  # UTF-16 JSONL: converted whole, within the limit
            yield from _jsonl_stream(io.BytesIO(data), source, max_bytes=max_bytes, skip=skip,
                                     time_limit=time_limit, gzipped=False, whole_input=True)
            return
        result = within(time_limit, source, lambda: _read_one(kind, data, source))
        if utf16:
            result.encoding = utf16
        yield result
    except IngestError as e:
        yield _failure(e.source, e.reason)
    except OSError as e:  # a read error of the input itself (gzip's are caught in _unpack)
        yield _failure(source, f"cannot be read ({e.strerror or e})")
    except Exception as e:  # a bug of ours or of a parser: this input fails, the others go on
        yield _internal_error(source, e)


def _unpack(stream: BinaryIO, n: int, source: str) -> bytes:
    """Up to ``n`` decompressed bytes; corrupt or truncated gzip data is an IngestError."""
    try:
        return stream.read(n)
    except STREAM_ERRORS as e:
        raise IngestError(source, f"corrupt gzip data ({e})") from None


def _read_one(kind: str, data: bytes, source: str) -> Article:
    """One HTML page or text file to an Article (the work the time limit bounds)."""
    decoded = decode_text(data, source, html=kind == "html")
    if kind == "html":
        article = read_html(decoded.text, source, encoding=decoded.encoding)
        article.meta.update(_encoding_note(decoded))
        return language.with_language(article)
    return read_text(decoded.text, source, encoding=decoded.encoding,
                     meta=_encoding_note(decoded))


def _failure(source: str, reason: str) -> Failure:
    """A Failure whose reason is one line, whatever an exception message held."""
    return Failure(source, " ".join(reason.split()))


def _internal_error(source: str, e: BaseException) -> Failure:
    log.error("%s: unexpected %s while reading", source, type(e).__name__, exc_info=e)
    return _failure(source, f"could not be read: internal error ({type(e).__name__}: {e}); "
                           "please report it")


def read_jsonl(data: bytes, source: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
               skip: int = 0, time_limit: float | None = DEFAULT_TIME_LIMIT,
               ) -> Iterator[Article | Failure]:
    """One article per line: ``text`` or ``html`` plus optional metadata fields, or an article
    record as ``storyweave extract`` writes it (loaded unchanged). A broken line is a Failure
    named ``FILE:LINE``; the lines after it are still read."""
    yield from _jsonl_stream(io.BytesIO(data), source, max_bytes=max_bytes, skip=skip,
                             time_limit=time_limit, gzipped=False, whole_input=False)


def _jsonl_stream(stream: BinaryIO, source: str, *, max_bytes: int, skip: int,
                  time_limit: float | None, gzipped: bool,
                  whole_input: bool) -> Iterator[Article | Failure]:
    """``read_jsonl`` a line at a time: each line is held to ``max_bytes`` and to the time
    limit on its own, as an input of its own. For a ``whole_input`` (a file, stdin), no line
    at all is an "empty file" Failure: an input with no result would vanish from the batch."""
    no = 0
    blank = True  # no line with anything on it yet
    lines = jsonl_lines(stream, max_bytes)
    while True:
        try:
            raw = next(lines, None)
        except STREAM_ERRORS as e:  # the records before the damage are kept
            yield _failure(source, f"corrupt gzip data after line {no} ({e})" if gzipped
                           else f"cannot be read after line {no} ({e})")
            return
        if raw is None:
            if blank and whole_input:
                yield _failure(source, "empty file")
            return
        no += 1
        where = f"{source}:{no}"
        if isinstance(raw, bytes) and not raw.strip():
            continue
        blank = False
        if skip > 0:  # a record the caller has already: not cleaned a second time
            skip -= 1
            continue
        if isinstance(raw, LongLine):
            yield _failure(where, too_large(where, raw.size, max_bytes).reason if raw.ended
                           else f"a line over {human_size(max_bytes * _SKIP_FACTOR)} with no "
                                "end in sight: it and the rest of the input are not read")
            continue
        yield _jsonl_record(raw, where, max_bytes, time_limit)


def _jsonl_record(raw: bytes, where: str, max_bytes: int,
                  time_limit: float | None) -> Article | Failure:
    try:
        if len(raw) > max_bytes:
            raise too_large(where, len(raw), max_bytes)
        line, _ = decode_bytes(raw, where)
        record = _json_object(line, where)
        # only the cleaning and extraction run under the time limit, in a thread: parsing a
        # line is linear, and a thread for each of 50,000 broken lines cost seconds
        return within(time_limit, where, lambda: _from_record(record, where))
    except IngestError as e:
        return _failure(e.source, e.reason)
    except Exception as e:  # as in read_bytes: the other lines are still read
        return _internal_error(where, e)


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
                # never opened: a FIFO with no writer would hang the batch, a link to
                # /dev/zero would fill the memory
                refusal = walk_refusal(Path(root) / f)
                yield Failure(os.path.join(root, f), refusal) if refusal else Path(root) / f
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
              stdin: BinaryIO | None = None,
              time_limit: float | None = DEFAULT_TIME_LIMIT) -> list[Article | Failure]:
    """Read one path (or ``-``) completely; never raises for a bad input."""
    return list(iter_path(path, max_bytes=max_bytes, stdin=stdin, time_limit=time_limit))


def iter_path(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES,
              stdin: BinaryIO | None = None, skip: int = 0,
              time_limit: float | None = DEFAULT_TIME_LIMIT) -> Iterator[Article | Failure]:
    """``read_path`` one result at a time, each as soon as it is clean, so that a caller can
    save a long JSONL file's records as they come; ``skip`` and ``time_limit`` as in
    :func:`read_bytes`. Bytes are counted as they are read (see :mod:`.streams`)."""
    source = "<stdin>" if path == "-" else str(path)
    try:
        if path == "-":
            yield from read_stream(stdin or sys.stdin.buffer, source, max_bytes=max_bytes,
                                   skip=skip, time_limit=time_limit)
            return
        if Path(path).is_symlink() and not Path(path).exists():
            yield Failure(source, "broken symbolic link")
            return
        st = os.stat(path)
        is_jsonl = str(path).lower().endswith(_JSONL_NAMES)
        # a regular file's size is known: refuse a 50 MB blob before reading any of it (the
        # bytes read are counted too, for what st_size does not describe)
        if stat.S_ISREG(st.st_mode) and st.st_size > max_bytes and not is_jsonl:
            raise too_large(source, st.st_size, max_bytes)
        with open_input(path, source) as stream:
            yield from read_stream(stream, source, name=Path(path).name, max_bytes=max_bytes,
                                   skip=skip, time_limit=time_limit)
    except IngestError as e:
        yield Failure(e.source, e.reason)
    except IsADirectoryError:
        yield Failure(source, "is a directory")
    except PermissionError:
        yield Failure(source, "permission denied")
    except OSError as e:
        yield Failure(source, f"cannot be read ({e.strerror or e})")
