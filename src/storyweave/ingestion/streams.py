"""Opening inputs and reading them within the byte limit, counting the bytes actually read.

``st_size`` says nothing about a FIFO, a device or a ``/proc`` file (0 for all of them), and
a file can grow after it was looked at: the limit is enforced on what ``read`` returns. A
directory walk never opens what is not a regular file (a FIFO with no writer blocks forever,
``/dev/zero`` never ends); one named on the command line is read if it is a FIFO (``<(cmd)``
is one) and refused if it is a device or a socket.

JSONL (plain, gzipped or on stdin) is read a line at a time, each line held to the limit on
its own, so that a large feed of small records is not refused as a whole and a huge one is
never held in memory.
"""

from __future__ import annotations

import io
import os
import stat
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .decode import human_size
from .errors import IngestError

HEAD_BYTES = 64 * 1024  # what the format is sniffed from, before the rest is read
_SKIP_FACTOR = 16  # a JSONL line this many limits long, with no end in sight: stop the input

_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def special_kind(mode: int) -> str | None:
    """ "a named pipe", "a character device"... for what is not a regular file or a
    directory, else None."""
    return next((what for test, what in _KINDS if test(mode)), None)


def walk_refusal(path: Path) -> str | None:
    """Why a directory walk must not open ``path`` (a FIFO would block it, a device would
    never end), or None for a regular file. Follows symbolic links: a link to ``/dev/zero``
    is a device. A path that cannot be stat'ed is left to the reader to report."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    what = special_kind(mode)
    return f"not a regular file ({what}): skipped" if what else None


def over_limit(source: str, max_bytes: int, *, gzipped: bool = False) -> IngestError:
    """More than ``max_bytes`` came out of a stream whose size was not known beforehand."""
    how = "decompresses past" if gzipped else "over"
    return IngestError(source, f"too large ({how} the limit of {human_size(max_bytes)}; raise "
                               f"it with --max-bytes)")


def open_input(path: Path | str, source: str) -> BinaryIO:
    """Open a path named on the command line (or found by a walk) for reading; raise
    IngestError for a directory, a device or a socket. A FIFO is opened: it blocks until a
    writer comes, as ``cat`` would."""
    mode = os.stat(path).st_mode
    if stat.S_ISDIR(mode):
        raise IngestError(source, "is a directory")
    what = special_kind(mode)
    if what and not stat.S_ISFIFO(mode):
        raise IngestError(source, f"not a regular file ({what}): not read")
    return open(path, "rb")  # noqa: SIM115 - the caller closes it


def read_upto(stream: BinaryIO, limit: int, source: str, *, gzipped: bool = False) -> bytes:
    """Everything left in ``stream`` if it is at most ``limit`` bytes; IngestError once one
    byte more has been read (never more than that is read)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise over_limit(source, limit, gzipped=gzipped)
    return data


class Prefixed(io.RawIOBase):
    """Bytes already read from a stream (its sniffed head), then the rest of the stream: a
    pipe cannot be rewound."""

    def __init__(self, head: bytes, rest: BinaryIO):
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def rewound(head: bytes, rest: BinaryIO) -> io.BufferedReader:
    return io.BufferedReader(Prefixed(head, rest))


@dataclass(frozen=True, slots=True)
class LongLine:
    """A JSONL line over the limit, not kept: its size, and whether it ended (when it did not
    within ``_SKIP_FACTOR`` limits, the rest of the input is not read)."""

    size: int
    ended: bool


def jsonl_lines(stream: BinaryIO, max_bytes: int) -> Iterator[bytes | LongLine]:
    """The lines of a stream as ``bytes.splitlines`` cuts them (``\\r`` too), each read with
    at most ``max_bytes + 1`` bytes in memory; a longer one is skipped and comes out as a
    :class:`LongLine`."""
    while chunk := stream.readline(max_bytes + 1):
        if len(chunk) <= max_bytes or chunk.endswith(b"\n"):
            yield from chunk.splitlines()
            continue
        size = len(chunk)
        while True:  # skip to the end of the line, holding one chunk at a time
            if size > max_bytes * _SKIP_FACTOR:
                ended = False
                break
            part = stream.readline(max_bytes + 1)
            size += len(part)
            if not part or part.endswith(b"\n"):
                ended = True
                break
        yield LongLine(size, ended)
        if not ended:
            return


STREAM_ERRORS = (OSError, EOFError, zlib.error)  # what reading a corrupt gzip stream raises
