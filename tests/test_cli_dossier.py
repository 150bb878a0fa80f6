"""The `dossier` command: outputs, bad inputs, and extract's JSONL read back as input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyweave.cli import main

pytestmark = pytest.mark.slow  # every test weaves the example story

EXAMPLE = Path(__file__).parent.parent / "examples" / "xi-moscow-2023"


def test_cli_dossier_writes_json_and_markdown(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "d.json"
    r = runner.invoke(main, ["dossier", str(EXAMPLE), "--format", "json", "-o", str(out)])
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text("utf-8"))
    assert len(data["articles"]) == 5 and len(data["summary"]) == 6
    assert any(c["support"] for c in data["claims"])  # always there: no --explain needed
    r = runner.invoke(main, ["dossier", str(EXAMPLE), "-n", "3"])
    assert r.exit_code == 0
    assert r.stdout.startswith("# Story dossier")
    assert r.stdout.split("## Sources")[0].count("\n- ") == 3
    assert "## Why passages were joined" not in r.stdout  # only with --explain


def test_cli_dossier_explain_shows_why_passages_were_joined(tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(main, ["dossier", str(EXAMPLE), "--explain"])
    assert r.exit_code == 0, r.output
    md = r.stdout
    assert md.index("## Why passages were joined") < md.index("## Citations")
    section = md.split("## Why passages were joined", 1)[1].split("## Citations", 1)[0]
    assert re.search(r"^### c[0-9a-f]{10} ", section, re.M) and "(representative)" in section
    scores = [line for line in section.splitlines() if line.startswith("  - same_fact ")]
    assert scores and all("covers " in line and "strongest signals for " in line
                          for line in scores)
    # with JSON the flag is accepted and the output is the plain JSON, which has the support
    out = tmp_path / "d.json"
    r = runner.invoke(main, ["dossier", str(EXAMPLE), "-f", "json", "--explain", "-o", str(out)])
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text("utf-8"))
    assert any(c["support"] for c in data["claims"])
    assert "--explain" in runner.invoke(main, ["dossier", "--help"]).stdout


def test_cli_dossier_reports_bad_inputs_and_goes_on(tmp_path: Path) -> None:
    for f in EXAMPLE.glob("00[01]*.txt"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    r = CliRunner().invoke(main, ["dossier", str(tmp_path), "-f", "json"])
    assert r.exit_code == 1
    assert "broken.txt" in r.stderr and "binary" in r.stderr
    assert len(json.loads(r.stdout)["articles"]) == 2


def _without_timings(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "stats"} | {
        "stats": {k: v for k, v in data["stats"].items() if k != "seconds"}}


def test_extract_output_woven_gives_the_same_dossier_as_the_files(tmp_path: Path) -> None:
    runner = CliRunner()
    jsonl = tmp_path / "a.jsonl"
    r = runner.invoke(main, ["extract", str(EXAMPLE), "-o", str(jsonl)])
    assert r.exit_code == 0, r.output
    from_files, from_jsonl = tmp_path / "files.json", tmp_path / "jsonl.json"
    for inputs, out in (([str(EXAMPLE)], from_files), ([str(jsonl)], from_jsonl)):
        r = runner.invoke(main, ["dossier", *inputs, "-f", "json", "-o", str(out)])
        assert r.exit_code == 0, r.output
    a = json.loads(from_files.read_text("utf-8"))
    b = json.loads(from_jsonl.read_text("utf-8"))
    assert _without_timings(a) == _without_timings(b)
    # what the re-cleaning used to lose: outlets read off the text, and the original paths
    assert {s["label"] for s in b["sources"]} >= {"Political IQ", "GreekReporter.com"}
    assert all(Path(x["source"]).parent.name == EXAMPLE.name for x in b["articles"])
