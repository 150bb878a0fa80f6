"""The command line's output files: ``-o`` checked before any work, written atomically
(a reader or a kill sees the old file or the new one, never half), always UTF-8."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import click

from .render.terminal import shown


def output_target(ctx: click.Context, param: click.Parameter,
                   value: Path | None) -> Path | None:
    """The ``-o`` callback: None for stdout (no ``-o``, or ``-o -``), else the file the output
    goes to, symbolic links followed. Checked here, before any work, so that an unwritable
    place fails at once instead of after the whole run."""
    if value is None or str(value) == "-":
        return None
    target = Path(os.path.realpath(value))
    if problem := why_unwritable(target):
        raise click.BadParameter(shown(f"{value}: {problem}"), ctx=ctx, param=param)
    return target


def why_unwritable(target: Path) -> str | None:
    """Why ``target`` cannot be written, or None. A regular file is replaced (see
    ``_write_atomic``), which takes a writable directory; a FIFO or a device is written as it
    is."""
    if target.is_dir():
        return "is a directory"
    if target.exists():
        if stat.S_ISSOCK(target.stat().st_mode):
            return "is a socket"
        if not os.access(target, os.W_OK):
            return "is not writable"
        if not target.is_file():
            return None
    parent = target.parent
    if not parent.exists():
        return f"directory {parent} does not exist"
    if not parent.is_dir():
        return f"{parent} is not a directory"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"directory {parent} is not writable"
    return None


def _utf8(text: str) -> bytes:
    """``text`` as the UTF-8 every output is, whatever the locale. A file name that is not
    UTF-8 reaches here as lone surrogates (os.fsdecode's surrogateescape), which UTF-8 cannot
    encode: each is written as the escape ``\\udcff``. In JSON that is the JSON escape of the
    same character (surrogates only occur inside JSON strings, and JSON writes a backslash as
    ``\\\\``), so ``json.loads`` gives the name back as Python holds it and ``os.fsencode`` its
    original bytes; in Markdown and HTML it is visible text."""
    return text.encode("utf-8", "backslashreplace")


def write_output(target: Path | None, text: str) -> None:
    """Write ``text`` to stdout (None), into a FIFO or a device as it is, or over a regular
    file atomically; always as UTF-8 (``_utf8``). A failure now (a full disk) is one line of
    error, exit status 1."""
    data = _utf8(text)
    if target is None:
        sys.stdout.flush()  # whatever click.echo wrote first goes first
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        if target.exists() and not target.is_file():
            with target.open("wb") as f:
                f.write(data)
        else:
            _write_atomic(target, data)
    except OSError as e:
        raise click.ClickException(f"cannot write {shown(str(target))}: {e.strerror or e}"
                                   ) from None


def _write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` so that a reader, or a kill, sees the old content or the new, never
    half: a temporary file in the same directory, then ``os.replace``. The new file keeps the
    old one's permissions (a new one gets the usual ones, not mkstemp's 0600)."""
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fchmod(f.fileno(), mode)
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)  # the only way to read it is to set it
    os.umask(mask)
    return mask


def output_option(help_text: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """``-o/--output`` as both ``extract`` and ``dossier`` take it."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True,
                                                          path_type=Path),
                        callback=output_target, help=help_text)
