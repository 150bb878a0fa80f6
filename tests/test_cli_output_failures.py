"""`extract -o` when the output cannot be made: a full disk (a file size limit) while the
checkpoint is written is one line of error, the old output kept and `--resume` working; a run
where every input fails keeps the old output; a second run on the same output while one is
live is refused as such, and a killed run's checkpoint is still named as one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from storyweave.cli import main

EXAMPLE = Path(__file__).parent.parent / "examples" / "xi-moscow-2023"
OLD = b'{"an": "earlier run\'s article"}\n'


# The command with a file size limit: writes past it fail with EFBIG ("File too large"), as
# on a full disk (SIGXFSZ ignored, so that they fail instead of killing the process). The
# language model is loaded first: it unpacks itself to a temporary file, which the limit
# would fail on its own (a full TMPDIR is an ingestion matter, not this test's).
_LIMITED = """
import resource, signal, sys
from storyweave.nlp.models import language_identifier
language_identifier()
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv.pop(1))
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from storyweave.cli import main
main()
"""


def _cli(*args: str, cwd: Path, fsize: int | None = None,
         **kw: object) -> subprocess.Popen[bytes]:
    """The real command in a child process (with a file size limit, if asked)."""
    head = ["-c", _LIMITED, str(fsize)] if fsize is not None else ["-m", "storyweave.cli"]
    return subprocess.Popen([sys.executable, *head, *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, **kw)  # type: ignore[call-overload]


def _done(proc: subprocess.Popen[bytes]) -> tuple[int, str]:
    _, err = proc.communicate(timeout=600)
    return proc.returncode, err.decode("utf-8", "replace")


def test_a_full_disk_while_checkpointing_is_one_line_and_resume_works(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(OLD)
    code, err = _done(_cli("extract", str(EXAMPLE), "-o", "out.jsonl", cwd=tmp_path,
                           fsize=6000))
    assert code == 1, err
    assert "Traceback" not in err
    (line,) = [x for x in err.splitlines() if x.startswith("Error:")]
    assert f"cannot write {out}.partial: File too large" in line
    assert "--resume" in line
    assert out.read_bytes() == OLD
    assert (tmp_path / "out.jsonl.partial").exists()
    assert not (tmp_path / "out.jsonl.lock").exists()

    code, err = _done(_cli("extract", str(EXAMPLE), "-o", "out.jsonl", "--resume",
                           cwd=tmp_path))
    assert code == 0, err
    code, err = _done(_cli("extract", str(EXAMPLE), "-o", "whole.jsonl", cwd=tmp_path))
    assert code == 0, err
    assert out.read_bytes() == (tmp_path / "whole.jsonl").read_bytes()


def test_every_input_failing_keeps_the_old_output(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(OLD)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "binary.txt").write_bytes(bytes(range(256)) * 4)
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "in"), "-o", str(out)])
    assert result.exit_code == 1
    assert "no article could be read" in result.stderr and str(out) in result.stderr
    assert out.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.jsonl"]


def _wait_for_lock(lock: Path, proc: subprocess.Popen[bytes]) -> None:
    """Until the first run has begun its checkpoint (a line of header, written once the run
    holds its lock), then check that it holds the lock: its pid is in the lock file."""
    partial = lock.with_suffix(".partial")
    while not (partial.exists() and partial.read_bytes().endswith(b"\n")):
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    assert lock.read_text().strip() == str(proc.pid)


def test_a_second_run_while_one_is_live_is_refused(tmp_path: Path) -> None:
    lock = tmp_path / "out.jsonl.lock"
    # the first run reads stdin, which stays open: it is live, holding its lock
    first = _cli("extract", "-", "-o", "out.jsonl", cwd=tmp_path, stdin=subprocess.PIPE)
    try:
        _wait_for_lock(lock, first)
        assert (tmp_path / "out.jsonl.partial").exists()  # the live run's checkpoint
        second = CliRunner().invoke(main, ["extract", str(EXAMPLE), "-o",
                                           str(tmp_path / "out.jsonl")])
        assert second.exit_code == 2
        assert f"another storyweave extract (pid {first.pid}) is writing" in second.stderr
        assert "killed run" not in second.stderr
        assert first.stdin is not None
        first.stdin.write(json.dumps({"text": (EXAMPLE / "003_07d2d95af1c2a203.txt")
                                      .read_text(encoding="utf-8")}).encode() + b"\n")
        first.stdin.close()
        first.stdin = None  # closed: communicate() must not flush it
        code, err = _done(first)
    finally:
        first.kill()
    assert code == 0, err
    assert (tmp_path / "out.jsonl").read_text().count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_a_killed_runs_checkpoint_is_named_as_one(tmp_path: Path) -> None:
    first = _cli("extract", "-", "-o", "out.jsonl", cwd=tmp_path, stdin=subprocess.PIPE)
    _wait_for_lock(tmp_path / "out.jsonl.lock", first)
    os.kill(first.pid, signal.SIGKILL)
    first.communicate(timeout=600)
    # its lock died with it; its checkpoint did not
    again = CliRunner().invoke(main, ["extract", str(EXAMPLE), "-o",
                                      str(tmp_path / "out.jsonl")])
    assert again.exit_code == 2
    assert "a killed run's checkpoint" in again.stderr and "another" not in again.stderr
    resumed = CliRunner().invoke(main, ["extract", str(EXAMPLE), "-o",
                                        str(tmp_path / "out.jsonl"), "--resume"])
    assert resumed.exit_code == 0, resumed.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]
