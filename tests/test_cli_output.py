"""`-o` of `extract` and `dossier`: a place that cannot be written is refused before any work
(exit status 2, one line of error); symbolic links are followed, FIFOs and devices written as
they are, `-` is stdout, and a regular file is replaced atomically."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyweave.cli import main

EXAMPLE = Path(__file__).parent.parent / "examples" / "xi-moscow-2023"
ARTICLE = EXAMPLE / "003_07d2d95af1c2a203.txt"


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def _extract(output: Path | str):
    return _run("extract", str(ARTICLE), "-o", str(output))


def _refused(result, *words: str) -> None:
    """Exit status 2 with a one-line error naming the problem, before any input was read."""
    assert result.exit_code == 2, result.output
    error = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(error) == 1 and all(w in error[0] for w in words), result.stderr
    assert "Traceback" not in result.output
    assert " cleaned (" not in result.stderr  # extract did not run
    assert "weaving" not in result.stderr  # nor did dossier


def _one_article(text: str) -> dict:
    (line,) = text.splitlines()
    return json.loads(line)


# --- refused before any work ------------------------------------------------------------------

@pytest.mark.parametrize("command", ["extract", "dossier"])
def test_a_missing_directory_is_refused(tmp_path, command):
    out = tmp_path / "no" / "such" / "out.md"
    _refused(_run(command, str(EXAMPLE), "-o", str(out)), "does not exist", str(out.parent))
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("command", ["extract", "dossier"])
def test_a_path_under_a_regular_file_is_refused(tmp_path, command):
    plain = tmp_path / "plain.txt"
    plain.write_text("keep me")
    _refused(_run(command, str(EXAMPLE), "-o", str(plain / "out.md")), "not a directory")
    assert plain.read_text() == "keep me"


@pytest.mark.parametrize("command", ["extract", "dossier"])
def test_a_directory_is_refused(tmp_path, command):
    _refused(_run(command, str(EXAMPLE), "-o", str(tmp_path)), "is a directory")


def test_a_symlink_to_a_directory_is_refused(tmp_path):
    (tmp_path / "link").symlink_to(tmp_path)
    _refused(_extract(tmp_path / "link"), "is a directory")


def _skip_as_root(what: str) -> None:
    if os.geteuid() == 0:
        pytest.skip(f"root may write {what}: nothing to refuse")


@pytest.mark.parametrize("command", ["extract", "dossier"])
def test_an_unwritable_directory_is_refused(tmp_path, command):
    _skip_as_root("into any directory")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        _refused(_run(command, str(EXAMPLE), "-o", str(locked / "out.md")), "not writable")
    finally:
        locked.chmod(0o700)


def test_an_unwritable_file_is_refused(tmp_path):
    _skip_as_root("any file")
    out = tmp_path / "out.jsonl"
    out.write_text("keep me")
    out.chmod(0o444)
    _refused(_extract(out), "not writable")
    assert out.read_text() == "keep me"


# --- where the output goes --------------------------------------------------------------------

def test_dash_is_stdout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _extract("-")
    assert result.exit_code == 0, result.output
    assert _one_article(result.stdout)["source"] == str(ARTICLE)
    assert list(tmp_path.iterdir()) == []


def test_a_symlink_is_followed_to_its_file(tmp_path):
    target = tmp_path / "real.jsonl"
    target.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)

    result = _extract(link)

    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert _one_article(target.read_text())["source"] == str(ARTICLE)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.jsonl", "real.jsonl"]


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.jsonl"
    link.symlink_to(tmp_path / "new.jsonl")
    assert _extract(link).exit_code == 0
    assert link.is_symlink()
    assert _one_article((tmp_path / "new.jsonl").read_text())["source"] == str(ARTICLE)


def test_a_fifo_is_written_into(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()

    result = _extract(fifo)

    assert stat.S_ISFIFO(fifo.stat().st_mode)
    _release(fifo)
    reader.join()
    assert result.exit_code == 0, result.output
    assert got and _one_article(got[0].decode())["source"] == str(ARTICLE)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def _release(fifo: Path) -> None:
    """If a reader still waits on ``fifo`` (nothing was written into it), open and close it
    for writing, so that the reader gets an empty read instead of waiting for ever."""
    with contextlib.suppress(OSError):  # no reader waiting: it has read what extract wrote
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


def _device(tmp_path: Path, name: str, minor: int) -> Path:
    """A character device to write into. As root, a node of its own in ``tmp_path`` (same
    numbers as ``/dev/NAME``): a regression that replaced its output file would otherwise
    replace the system's ``/dev/null``. Without root, ``/dev/NAME`` itself, which such a
    regression could not replace."""
    if os.geteuid() != 0:
        return Path("/dev") / name
    node = tmp_path / name
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, minor))
        node.open("wb").close()  # a filesystem mounted nodev refuses to open it
    except OSError as e:
        pytest.skip(f"cannot make a device node in {tmp_path}: {e}")
    return node


def test_a_device_is_written_into(tmp_path):
    null = _device(tmp_path, "null", 3)
    result = _extract(null)
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(null.stat().st_mode)


def test_a_write_that_fails_after_the_work_is_one_line_of_error(tmp_path):
    full = _device(tmp_path, "full", 7)  # every write: "No space left on device"
    result = _extract(full)
    assert result.exit_code == 1
    assert f"Error: cannot write {full}: No space left on device" in result.stderr
    assert "Traceback" not in result.output
    assert stat.S_ISCHR(full.stat().st_mode)


def test_resume_needs_a_regular_output_file(tmp_path):
    result = _run("extract", str(ARTICLE), "-o", str(_device(tmp_path, "null", 3)), "--resume")
    assert result.exit_code == 2
    assert "--resume needs -o FILE" in result.stderr
    assert " cleaned (" not in result.stderr


def test_a_regular_file_is_replaced_whole_and_keeps_its_permissions(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    out.chmod(0o640)

    result = _extract(out)

    assert result.exit_code == 0, result.output
    assert _one_article(out.read_text())["source"] == str(ARTICLE)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]  # no temporary left


def test_a_new_file_gets_the_usual_permissions(tmp_path):
    out = tmp_path / "out.jsonl"
    mask = os.umask(0o022)
    try:
        assert _extract(out).exit_code == 0
    finally:
        os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


@pytest.mark.slow
def test_the_dossier_follows_a_symlink(tmp_path):
    target = tmp_path / "dossier.json"
    link = tmp_path / "link.json"
    link.symlink_to(target)

    result = _run("dossier", str(ARTICLE), "-f", "json", "-n", "1", "-o", str(link))

    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert len(json.loads(target.read_text())["articles"]) == 1
    assert f"wrote {target}" in result.stderr
