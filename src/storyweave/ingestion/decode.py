"""Bytes to text: size limits, gzip, binary detection and encoding detection.

Scraped files come in every encoding; a wrong guess silently corrupts names and quotes,
so we trust, in order: a byte-order mark, the NUL pattern of UTF-16 without one, strict
UTF-8, UTF-8 line by line (files pasted together from UTF-8 and cp1252 pieces), the charset
an HTML page declares, and only then charset-normalizer's statistical guess.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio
from charset_normalizer.utils import is_multi_byte_encoding

from .errors import IngestError

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # a news page is rarely over 5 MB; 50 MB blobs are not news

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_MAGIC = {  # formats people drop into article folders by mistake
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x7fELF": "an executable",
    b"SQLite format 3": "an SQLite database",
}
_WEB_FIRST = ("cp1252", "latin_1", "iso8859_15")  # the commonest non-UTF-8 web encodings
_UNLIKELY = ("cp4", "cp7", "cp8", "mac_")  # DOS and classic Mac code pages: not web text
_TIE = 0.02  # chaos scores this close are a tie
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# UTF-16 without a byte-order mark: in Latin, Cyrillic or Greek text every space, digit and
# ASCII punctuation mark has a NUL high byte, so NULs pile up in one of the two byte columns
# and (almost) never appear in the other; binary data has NULs in both.
_UTF16_SAMPLE = 8192
_UTF16_NUL_SHARE = 0.1  # Russian text: ~15% of characters are spaces/ASCII; Latin text ~100%
_UTF16_STRAY = 0.01  # NULs tolerated in the other column (U+0100, U+0400... are rare)
_SAMPLE_BYTES = 65536  # enough text to judge an encoding by; charset-normalizer is slow


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text and how it was decoded. ``other_lines`` are the 1-based lines (as
    ``str.splitlines`` numbers them, like the cleaner) that were not valid UTF-8 in a file
    whose other lines were, and were decoded as ``fallback`` instead."""

    text: str
    encoding: str  # "utf-8", "cp1252", "utf-16-le", or "utf-8+cp1252" for a mixed file
    other_lines: tuple[int, ...] = ()
    fallback: str | None = None


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    return f"{n / 1024:.1f} KB" if n >= 10 * 1024 else f"{n:,} bytes"


def too_large(source: str, size: int, max_bytes: int) -> IngestError:
    return IngestError(source, f"too large ({human_size(size)}; the limit is "
                               f"{human_size(max_bytes)}, raise it with --max-bytes)")


def utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when the bytes are UTF-16 text without a
    byte-order mark (see ``_UTF16_NUL_SHARE``), else None."""
    head = data[:_UTF16_SAMPLE - _UTF16_SAMPLE % 2]
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even, odd = head[0:pairs * 2:2].count(0), head[1:pairs * 2:2].count(0)
    for enc, nul, stray in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nul >= pairs * _UTF16_NUL_SHARE and stray <= pairs * _UTF16_STRAY:
            try:
                text = data[:len(data) - len(data) % 2].decode(enc)
            except UnicodeDecodeError:
                return None
            return enc if _readable(text[:_UTF16_SAMPLE]) else None
    return None


def utf16_as_utf8(data: bytes) -> tuple[bytes, str | None]:
    """UTF-16 input (with or without a byte-order mark) as UTF-8 bytes, so that sniffing and
    JSONL line splitting work on it, and the encoding it was in; other input unchanged."""
    enc = next((e for bom, e in _BOMS if e == "utf-16" and data.startswith(bom)), None)
    enc = enc or utf16_without_bom(data)
    if enc is None:
        return data, None
    try:
        return data[:len(data) - len(data) % 2].decode(enc).encode("utf-8"), enc
    except UnicodeDecodeError:
        return data, None  # decode() will say what is wrong with it


def _readable(text: str) -> bool:
    """Text, not numbers that happen to decode: almost no control characters."""
    controls = sum(unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v" for c in text)
    return controls <= len(text) * _UTF16_STRAY


def check_not_binary(data: bytes, source: str) -> None:
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise IngestError(source, f"binary file ({what}), not text or HTML")
    head = data[:_UTF16_SAMPLE]
    if any(head.startswith(bom) for bom, enc in _BOMS if enc == "utf-16"):
        return
    if b"\x00" in head and utf16_without_bom(data) is None:
        raise IngestError(source, "binary file (contains NUL bytes), not text or HTML")


def decode_bytes(data: bytes, source: str, *, html: bool = False) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise IngestError when no encoding fits."""
    decoded = decode_text(data, source, html=html)
    return decoded.text, decoded.encoding


def decode_text(data: bytes, source: str, *, html: bool = False) -> Decoded:
    """Decode one input, saying how; raise IngestError when no encoding fits."""
    if not data.strip():
        raise IngestError(source, "empty file")
    check_not_binary(data, source)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc), enc)
            except UnicodeDecodeError:
                raise IngestError(source, f"starts with a {enc} byte-order mark but "
                                          f"is not valid {enc}") from None
    if utf16 := utf16_without_bom(data):
        return Decoded(data[:len(data) - len(data) % 2].decode(utf16), utf16)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if mixed := _utf8_by_line(data):
        log.warning("%s: not valid UTF-8 on lines %s, decoded as %s", source,
                    line_list(mixed.other_lines), mixed.fallback)
        return mixed
    if html:
        m = _DECLARED_CHARSET.search(data[:4096])
        if m:
            enc = m.group(1).decode("ascii", "replace").lower()
            try:
                return Decoded(data.decode(enc), enc)
            except (LookupError, UnicodeDecodeError):
                pass  # the declaration lies; fall back to detection
    matches = [m for m in from_bytes(data) if m.encoding]
    if not matches:
        raise IngestError(source, "not UTF-8 and no other text encoding fits "
                                  "(is it a binary file?)")
    # charset-normalizer ranks cp1250, cp1252 and DOS cp775 as equally plausible for a short
    # Western text (and picks "Z³rich"); among the near-ties prefer what the web actually uses.
    plausible = [m for m in matches if m.chaos <= matches[0].chaos + _TIE]
    pick = (next((m for m in plausible if m.encoding in _WEB_FIRST), None)
            or next((m for m in plausible if not m.encoding.startswith(_UNLIKELY)), None)
            or matches[0])
    return Decoded(str(pick), pick.encoding)


def line_list(numbers: tuple[int, ...], most: int = 20) -> str:
    """ "3, 7, 12" (and "... (25 lines)" past ``most``), for messages and notes."""
    shown = ", ".join(map(str, numbers[:most]))
    return shown if len(numbers) <= most else f"{shown}, ... ({len(numbers)} lines)"


def _utf8_by_line(data: bytes) -> Decoded | None:
    """A file pasted together from UTF-8 and single-byte pieces: UTF-8 wherever a line is
    valid UTF-8, the best single-byte guess (cp1252 first) elsewhere. None unless some line
    really is UTF-8 (has a multi-byte character) and some line is not."""
    lines = data.splitlines(keepends=True)
    bad: set[int] = set()
    utf8 = False
    for i, raw in enumerate(lines):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            bad.add(i)
            continue
        utf8 = utf8 or not raw.isascii()
    if not (utf8 and bad):
        return None
    fallback = _single_byte(b"".join(lines[i] for i in sorted(bad)))
    parts: list[str] = []
    other: list[int] = []
    line_no = 1
    for i, raw in enumerate(lines):
        text = raw.decode(fallback if i in bad else "utf-8")
        if i in bad:
            other.append(line_no)
        parts.append(text)
        line_no += len(text.splitlines())  # a NEL or U+2028 inside starts a line for us too
    return Decoded("".join(parts), f"utf-8+{fallback}", tuple(other), fallback)


def _single_byte(data: bytes) -> str:
    """The single-byte encoding these (non-UTF-8) bytes are most likely in: cp1252 unless
    another one reads clearly better (cp1251 for Russian, say)."""
    western = mess_ratio(data[:_SAMPLE_BYTES].decode("cp1252"), 1.0) if _fits(
        data, "cp1252") else None
    others = [m for m in from_bytes(data[:_SAMPLE_BYTES])
              if m.encoding and not is_multi_byte_encoding(m.encoding)
              and _fits(data, m.encoding)]
    if western is not None and (not others or western <= others[0].chaos + _TIE):
        return "cp1252"
    plausible = [m for m in others if m.chaos <= others[0].chaos + _TIE]
    pick = (next((m.encoding for m in plausible if m.encoding in _WEB_FIRST), None)
            or next((m.encoding for m in plausible if not m.encoding.startswith(_UNLIKELY)),
                    None))
    return pick or ("cp1252" if western is not None else "latin_1")  # latin_1 fits any bytes


def _fits(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True
