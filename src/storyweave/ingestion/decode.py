"""Bytes to text: size limits, gzip, binary detection and encoding detection.

Scraped files come in every encoding; a wrong guess silently corrupts names and quotes,
so we trust, in order: a byte-order mark, strict UTF-8, the charset an HTML page declares,
and only then charset-normalizer's statistical guess.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib

from charset_normalizer import from_bytes

from .errors import IngestError

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


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    return f"{n / 1024:.1f} KB" if n >= 10 * 1024 else f"{n:,} bytes"


def too_large(source: str, size: int, max_bytes: int) -> IngestError:
    return IngestError(source, f"too large ({human_size(size)}; the limit is "
                               f"{human_size(max_bytes)}, raise it with --max-bytes)")


def gunzip(data: bytes, source: str, max_bytes: int) -> bytes:
    """Decompress, refusing to inflate past ``max_bytes`` (a small .gz can be a bomb)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
            out = f.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as e:
        raise IngestError(source, f"corrupt gzip data ({e})") from None
    if len(out) > max_bytes:
        raise too_large(source, len(out), max_bytes)
    return out


def check_not_binary(data: bytes, source: str) -> None:
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise IngestError(source, f"binary file ({what}), not text or HTML")
    head = data[:8192]
    if any(head.startswith(bom) for bom, enc in _BOMS if enc == "utf-16"):
        return
    if b"\x00" in head:
        raise IngestError(source, "binary file (contains NUL bytes), not text or HTML")


def decode(data: bytes, source: str, *, html: bool = False) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise IngestError when no encoding fits."""
    if not data.strip():
        raise IngestError(source, "empty file")
    check_not_binary(data, source)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                raise IngestError(source, f"starts with a {enc} byte-order mark but "
                                          f"is not valid {enc}") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if html:
        m = _DECLARED_CHARSET.search(data[:4096])
        if m:
            enc = m.group(1).decode("ascii", "replace").lower()
            try:
                return data.decode(enc), enc
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
    return str(pick), pick.encoding
