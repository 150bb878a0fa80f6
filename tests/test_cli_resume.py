"""`storyweave extract --resume`: real runs killed with SIGKILL at several points (inside a
directory of files, inside a JSONL file) and resumed must end with exactly what one
uninterrupted run writes. Also: what happens to a stale, foreign or mismatched checkpoint."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyweave.cli import main

FILES = 30  # plain-text articles in the input directory, plus one unreadable file
FEED = 400  # JSONL records: enough that a kill polled for lands inside the file
BROKEN = {150: "{not json", 320: json.dumps({"title": "no text"})}  # failures inside the feed
TEMPLATE = "Wire A Morning Briefing"  # the same short line in every Wire A record
STDIN = ("Late on Friday the harbour authority confirmed that the new ferry terminal would "
         "open in the spring after months of delay.\n")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
ARGS = ["in", "feed.jsonl", "-"]  # stdin last: see _run_and_kill
HANG_GUARD = 120  # seconds: only so that a broken run cannot hang the suite


def _paragraphs(i: int) -> list[str]:
    return [f"The council of district {i} voted on measure {i * 7 + k} after a long debate "
            f"about the harbour budget and the {k} new ferry lines planned for the coast."
            for k in range(6)]


def _make_inputs(root: Path) -> None:
    """``root/in``: plain-text articles and one PNG; ``root/feed.jsonl``: records of two
    outlets (Wire A's all carry ``TEMPLATE``, which only the batch's template pass removes)
    and two broken lines."""
    folder = root / "in"
    folder.mkdir()
    for i in range(FILES):
        (folder / f"a{i:02}.txt").write_text("\n\n".join(_paragraphs(1000 + i)) + "\n")
    (folder / "bad.txt").write_bytes(PNG)
    with (root / "feed.jsonl").open("w", encoding="utf-8") as f:
        for i in range(FEED):
            outlet = "Wire A" if i % 2 else "Wire B"
            body = _paragraphs(i)
            if outlet == "Wire A":
                body.insert(1, TEMPLATE)
            f.write(BROKEN.get(i) or json.dumps({"outlet": outlet, "text": "\n\n".join(body)}))
            f.write("\n")


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    _make_inputs(tmp_path)
    return tmp_path


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "storyweave.cli", "extract", *args]


def _lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def _run_and_kill(args: list[str], partial: Path, past: int, cwd: Path) -> None:
    """Start a real ``extract``, SIGKILL it once ``partial`` holds more than ``past`` lines.
    Its stdin is a pipe left open, so a run that has read every file waits on ``-`` instead
    of finishing: it is always alive to be killed."""
    with (cwd / "stderr.log").open("ab") as log:
        proc = subprocess.Popen(_command(*args, "--resume"), cwd=cwd, stdin=subprocess.PIPE,
                                stdout=subprocess.DEVNULL, stderr=log)
    try:
        give_up = time.monotonic() + HANG_GUARD
        while _lines(partial) <= past:
            assert proc.poll() is None, (cwd / "stderr.log").read_text()
            assert time.monotonic() < give_up, "the run stopped writing its checkpoint"
            time.sleep(0.002)
        proc.send_signal(signal.SIGKILL)
        assert proc.wait() == -signal.SIGKILL
    finally:
        proc.kill()
        proc.wait()
        proc.stdin.close()


def _records(partial: Path) -> list[dict]:
    """The checkpoint's whole record lines (not its header, not a line cut short)."""
    lines = partial.read_bytes().split(b"\n")[1:-1]
    return [json.loads(line) for line in lines]


def _extract(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(main, ["extract", *args], input=STDIN)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """One uninterrupted run: its output and its stderr. Sources are relative to the inputs'
    root, so every test's copy of the inputs gives this same output."""
    root = tmp_path_factory.mktemp("reference")
    _make_inputs(root)
    with pytest.MonkeyPatch.context() as monkeypatch:
        result = _extract([*ARGS, "-o", "out.jsonl"], root, monkeypatch)
    assert result.exit_code == 1, result.output  # bad.txt and the broken feed lines
    return (root / "out.jsonl").read_text("utf-8"), result.stderr


def test_killed_three_times_and_resumed_gives_the_uninterrupted_output(root, monkeypatch,
                                                                       reference):
    expected, expected_log = reference
    partial = root / "out.jsonl.partial"
    args = [*ARGS, "-o", "out.jsonl"]

    _run_and_kill(args, partial, 5, root)  # inside the directory
    assert 0 < len(_records(partial)) < FILES
    _run_and_kill(args, partial, FILES + 1 + 40, root)  # inside the JSONL file
    feed = [r for r in _records(partial) if r["input"].endswith("feed.jsonl")]
    assert 0 < len(feed) < FEED, "the kill should land inside feed.jsonl"
    assert any(TEMPLATE in r["article"]["text"] for r in feed if "article" in r), (
        "the checkpoint must hold articles from before the template pass")
    # a kill in the middle of a write: the line it cut short must be dropped and redone
    data = partial.read_bytes()
    data = data[:data.rfind(b"\n") + 1]  # whole lines (the kill itself may have cut one)
    start = data.rstrip(b"\n").rfind(b"\n") + 1
    victim = json.loads(data[start:])
    partial.write_bytes(data[:start + 200])
    _run_and_kill(args, partial, _lines(partial) + 100, root)  # further into the JSONL file
    assert partial.read_bytes().startswith(data[:start])
    redone = _records(partial)  # json.loads fails on a line glued to the cut one
    assert [r for r in redone if (r["input"], r["n"]) == (victim["input"], victim["n"])] == [
        victim]

    result = _extract([*args, "--resume"], root, monkeypatch)

    assert result.exit_code == 1, result.output
    assert (root / "out.jsonl").read_text("utf-8") == expected
    assert all(TEMPLATE not in json.loads(line)["text"] for line in expected.splitlines())
    assert not partial.exists()
    # the failures of the killed runs are reported again and counted, as in one run
    summary = expected_log.strip().splitlines()[-1]
    assert summary.endswith(f"{1 + len(BROKEN)} failed")
    assert result.stderr.strip().splitlines()[-1] == summary
    assert "bad.txt: binary file" in result.stderr
    for line in BROKEN:
        assert f"feed.jsonl:{line + 1}: " in result.stderr


def test_resume_after_every_file_was_done_reads_none_again(root, monkeypatch, reference):
    expected, _ = reference
    partial = root / "out.jsonl.partial"
    everything = FILES + 1 + FEED  # + 1: bad.txt
    _run_and_kill([*ARGS, "-o", "out.jsonl"], partial, everything, root)  # waiting on stdin
    # inputs that would now read differently: a resumed run must take them from the checkpoint
    (root / "in" / "bad.txt").write_text("\n\n".join(_paragraphs(7)) + "\n")
    for path in [*(root / "in").glob("a*.txt"), root / "feed.jsonl"]:
        path.write_bytes(PNG)

    result = _extract([*ARGS, "-o", "out.jsonl", "--resume"], root, monkeypatch)

    assert result.exit_code == 1, result.output
    assert f"resuming: {everything - 3} articles and 3 failures already in" in result.stderr
    assert (root / "out.jsonl").read_text("utf-8") == expected
    # the failures come from the checkpoint too: reported and counted as in one run
    assert "bad.txt: binary file" in result.stderr
    assert result.stderr.strip().splitlines()[-1].endswith(f"{1 + len(BROKEN)} failed")


def _same_file(source: str) -> str:
    """A record's source with its path resolved: ``in/a.txt`` and its absolute form agree."""
    if source == "<stdin>":
        return source
    path, sep, line = source.partition(":")  # no colon in tmp_path: only FILE:LINE has one
    return os.path.realpath(path) + sep + line


def test_relative_then_absolute_paths_resume_without_duplicates(root, monkeypatch, reference):
    expected, _ = reference
    partial = root / "out.jsonl.partial"
    _run_and_kill([*ARGS, "-o", "out.jsonl"], partial, FILES + 1 + 60, root)
    absolute = [str(root / "in"), str(root / "feed.jsonl"), "-"]

    result = _extract([*absolute, "-o", str(root / "out.jsonl"), "--resume"], root,
                      monkeypatch)

    assert result.exit_code == 1, result.output
    got = [json.loads(line) for line in (root / "out.jsonl").read_text("utf-8").splitlines()]
    want = [json.loads(line) for line in expected.splitlines()]
    assert len({r["id"] for r in got}) == len(got) == len(want)
    # the records read before the kill keep their relative source, the others are absolute
    assert {Path(r["source"]).is_absolute() for r in got if r["source"] != "<stdin>"} == {
        True, False}
    for r in [*got, *want]:
        r["source"] = _same_file(r["source"])
    assert got == want


def test_an_input_named_twice_is_read_once(root, monkeypatch, reference):
    expected, _ = reference
    twice = [*ARGS[:2], str(root / "in"), "./in/a03.txt", str(root / "feed.jsonl"), "-"]

    result = _extract([*twice, "-o", "out.jsonl"], root, monkeypatch)

    assert result.exit_code == 1
    assert (root / "out.jsonl").read_text("utf-8") == expected


def test_a_stale_checkpoint_without_resume_is_refused_before_any_work(root, monkeypatch):
    partial = root / "out.jsonl.partial"
    partial.write_bytes(b"left by a killed run\n")

    result = _extract([*ARGS, "-o", "out.jsonl"], root, monkeypatch)

    assert result.exit_code == 2
    assert "out.jsonl.partial exists" in result.stderr and "--resume" in result.stderr
    assert " cleaned (" not in result.stderr
    assert partial.read_bytes() == b"left by a killed run\n"
    assert not (root / "out.jsonl").exists()


@pytest.mark.parametrize("content", [b"", b'{"checkpoint": "storyweave extr'])
def test_a_checkpoint_killed_before_its_first_line_was_whole_resumes(root, monkeypatch,
                                                                     reference, content):
    expected, _ = reference
    (root / "out.jsonl.partial").write_bytes(content)

    result = _extract([*ARGS, "-o", "out.jsonl", "--resume"], root, monkeypatch)

    assert result.exit_code == 1, result.output
    assert (root / "out.jsonl").read_text("utf-8") == expected


def test_a_checkpoint_of_another_kind_is_refused(root, monkeypatch, reference):
    # what older versions left: bare article lines, unsafe to resume from (per-file marks)
    partial = root / "out.jsonl.partial"
    partial.write_text(reference[0], encoding="utf-8")
    before = partial.read_bytes()

    result = _extract([*ARGS, "-o", "out.jsonl", "--resume"], root, monkeypatch)

    assert result.exit_code == 2
    assert "is not a checkpoint" in result.stderr and "delete it" in result.stderr
    assert partial.read_bytes() == before


def test_resuming_with_another_max_bytes_is_refused(root, monkeypatch):
    partial = root / "out.jsonl.partial"
    _run_and_kill([*ARGS, "-o", "out.jsonl"], partial, 3, root)
    before = partial.read_bytes()

    result = _extract([*ARGS, "-o", "out.jsonl", "--resume", "--max-bytes", "100000"], root,
                      monkeypatch)

    assert result.exit_code == 2
    assert "--max-bytes" in result.stderr and " cleaned (" not in result.stderr
    assert partial.read_bytes() == before


@pytest.mark.parametrize("output", [[], ["-o", "-"]])  # a device: test_cli_output
def test_resume_needs_a_regular_output_file(root, monkeypatch, output):
    result = _extract([*ARGS, *output, "--resume"], root, monkeypatch)
    assert result.exit_code == 2
    assert "--resume needs -o FILE" in result.stderr
    assert " cleaned (" not in result.stderr
