"""Names and texts an input controls, on their way out of the CLI: a file name that is not
UTF-8 is kept as it is in JSON (as the JSON escape of its surrogate-escaped bytes, `\\udcff`)
and every output stays valid UTF-8; control characters in names and texts are shown escaped
on the terminal, so an input can neither fake a line of error nor drive the terminal."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyweave.cli import main
from storyweave.ingestion import DEFAULT_MAX_BYTES

EXAMPLE = Path(__file__).parent.parent / "examples" / "xi-moscow-2023"
ARTICLE = EXAMPLE / "003_07d2d95af1c2a203.txt"
BAD_NAME = b"caf\xe9-\xff.txt"  # Latin-1 bytes: not UTF-8


def _cli(*args: str | bytes, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The real command in a child process: real stdout and stderr, bytes as they come."""
    return subprocess.run([sys.executable, "-m", "storyweave.cli", *args], cwd=cwd,
                          capture_output=True, timeout=600)


def _bad_named(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(ARTICLE, os.path.join(os.fsencode(folder), BAD_NAME))
    return folder


def _source_bytes(line: str) -> bytes:
    return os.fsencode(json.loads(line)["source"])


def test_a_name_that_is_not_utf8_is_kept_in_the_extract_output(tmp_path: Path) -> None:
    _bad_named(tmp_path)
    run = _cli("extract", "in", "-o", "out.jsonl", cwd=tmp_path)
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    assert b"Traceback" not in run.stderr
    assert not (tmp_path / "out.jsonl.partial").exists()
    (line,) = (tmp_path / "out.jsonl").read_bytes().decode("utf-8").splitlines()
    assert _source_bytes(line) == b"in/" + BAD_NAME
    assert "\\udce9" in line  # the JSON escape, not a raw byte


def test_a_name_that_is_not_utf8_on_stdout_is_valid_utf8(tmp_path: Path) -> None:
    _bad_named(tmp_path)
    run = _cli("extract", "in", cwd=tmp_path)
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    (line,) = run.stdout.decode("utf-8").splitlines()  # raises on a raw \xff
    assert _source_bytes(line).endswith(BAD_NAME)


def test_a_name_that_is_not_utf8_in_an_error_line_is_shown_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    Path(os.path.join(os.fsencode(folder), BAD_NAME).decode(errors="surrogateescape")
         ).write_bytes(b"")
    run = _cli("extract", "in", "-o", "out.jsonl", cwd=tmp_path)
    assert run.returncode == 1
    (error,) = [x for x in run.stderr.decode("utf-8").splitlines() if x.startswith("error:")]
    assert "caf\\xe9-\\xff.txt" in error


def test_a_name_that_is_not_utf8_survives_a_resume(tmp_path: Path) -> None:
    """The checkpoint keeps the name as the output does, and resuming finds the input done."""
    _bad_named(tmp_path)
    first = _cli("extract", "in", "-o", "out.jsonl", cwd=tmp_path)
    assert first.returncode == 0
    # a checkpoint as a run killed after its one record would leave it
    partial = tmp_path / "out.jsonl.partial"
    header = {"checkpoint": "storyweave extract checkpoint", "version": 1,
              "max_bytes": DEFAULT_MAX_BYTES}
    article = json.loads((tmp_path / "out.jsonl").read_text())
    key = os.path.realpath(tmp_path / "in" / os.fsdecode(BAD_NAME))
    record = {"input": key, "n": 0, "last": True, "article": article}
    partial.write_bytes((json.dumps(header) + "\n").encode()
                        + json.dumps(record).encode() + b"\n")
    again = _cli("extract", "in", "-o", "out.jsonl", "--resume", cwd=tmp_path)
    assert again.returncode == 0, again.stderr.decode(errors="replace")
    assert b"1 articles and 0 failures already" in again.stderr
    assert (tmp_path / "out.jsonl").read_text().count("\n") == 1


@pytest.mark.slow
def test_a_name_that_is_not_utf8_in_a_json_dossier(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLE, folder)
    os.rename(folder / ARTICLE.name, os.path.join(os.fsencode(folder), BAD_NAME))
    run = _cli("dossier", "in", "-f", "json", "-o", "d.json", cwd=tmp_path)
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    dossier = json.loads((tmp_path / "d.json").read_bytes().decode("utf-8"))
    names = {os.fsencode(a["source"]) for a in dossier["articles"]}
    assert b"in/" + BAD_NAME in names


# --- control characters -----------------------------------------------------------------------

FAKE_LINE = "a\nerror: everything is fine.txt"
TITLE_SEQUENCE = "\x1b]0;owned\x07\x1b[2J.txt"


def test_a_newline_in_a_name_cannot_fake_an_error_line(tmp_path: Path) -> None:
    (tmp_path / FAKE_LINE).write_bytes(b"")
    (tmp_path / TITLE_SEQUENCE).write_bytes(b"")
    result = CliRunner().invoke(main, ["extract", str(tmp_path)])
    assert result.exit_code == 1
    errors = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert len(errors) == 2, result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert any("a\\nerror: everything is fine.txt" in x for x in errors)
    assert any("\\x1b]0;owned\\x07\\x1b[2J.txt" in x for x in errors)


def test_inspect_shows_control_characters_escaped(tmp_path: Path) -> None:
    body = ARTICLE.read_text(encoding="utf-8").replace(
        "Xi", "Xi\x1b]0;window title\x07\x1b[2J\x1b[31m", 1)
    path = tmp_path / TITLE_SEQUENCE
    path.write_text(body, encoding="utf-8")
    result = CliRunner().invoke(main, ["inspect", str(path)])
    assert result.exit_code == 0, result.stderr
    for raw in "\x1b\x07":
        assert raw not in result.stdout and raw not in result.stderr
    assert "\\x1b]0;owned\\x07\\x1b[2J.txt" in result.stdout
    assert "\n" in result.stdout.strip()  # the report keeps its lines


def test_shown_escapes_controls_and_keeps_text() -> None:
    from storyweave.render.terminal import shown

    assert shown("plain — “text” ü") == "plain — “text” ü"
    assert shown("a\x1b[2Jb\x07\x9b\u202e") == "a\\x1b[2Jb\\x07\\x9b\\u202e"
    assert shown("x\udcffy") == "x\\xffy"  # a surrogate-escaped byte, shown as the byte
    assert shown("one\ntwo\tthree\r") == "one\\ntwo\\tthree\\r"
    assert shown("one\ntwo\tthree\r", keep_lines=True) == "one\ntwo\tthree\\r"
