"""`storyweave extract` and `storyweave inspect` through click's test runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyweave.cli import main
from storyweave.codec import from_plain
from storyweave.ingestion import read_path
from storyweave.model import Article

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def inputs(tmp_path: Path, example_dir: Path) -> Path:
    """A copy of the example story (tests may delete or add files)."""
    folder = tmp_path / "in"
    shutil.copytree(example_dir, folder)
    return folder


def read_jsonl(path: Path) -> list[Article]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines and all(line.strip() for line in lines)
    return [from_plain(Article, json.loads(line)) for line in lines]


def test_extract_writes_one_json_line_per_article(runner, inputs, tmp_path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(main, ["extract", str(inputs), "-o", str(out)])
    assert result.exit_code == 0, result.output
    articles = read_jsonl(out)
    assert sorted(Path(a.source).name[:3] for a in articles) == ["000", "001", "002", "003",
                                                                 "004"]
    for a in articles:
        assert a.text and a.id and a.spans
    assert result.stdout == ""
    assert "5 articles cleaned" in result.stderr
    assert "0 failed" in result.stderr
    assert not (tmp_path / "out.jsonl.partial").exists()
    assert not (tmp_path / "out.jsonl.tmp").exists()


def test_extract_to_stdout(runner, inputs) -> None:
    result = runner.invoke(main, ["extract", str(inputs / "002_a6971c95fe118026.txt")])
    assert result.exit_code == 0
    (line,) = result.stdout.splitlines()
    article = from_plain(Article, json.loads(line))
    assert article.published == "2023-03-18"
    assert "1 article cleaned (" in result.stderr


def test_extract_with_a_bad_file_writes_the_good_ones_and_exits_1(runner, inputs,
                                                                  tmp_path) -> None:
    bad = inputs / "002_screenshot.txt"
    bad.write_bytes(PNG)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(main, ["extract", str(inputs), "-o", str(out)])
    assert result.exit_code == 1
    assert len(read_jsonl(out)) == 5
    errors = [line for line in result.stderr.splitlines() if str(bad) in line]
    assert len(errors) == 1
    assert "error:" in errors[0] and "binary file (a PNG image)" in errors[0]
    assert "5 articles cleaned" in result.stderr
    assert "1 failed" in result.stderr
    assert str(bad) not in result.stdout


def test_error_lines_have_no_colour_codes_when_not_a_terminal(runner, inputs,
                                                              tmp_path) -> None:
    (inputs / "bad.txt").write_bytes(PNG)
    result = runner.invoke(main, ["extract", str(inputs), "-o", str(tmp_path / "o.jsonl")])
    assert "\x1b[" not in result.stderr


def test_extract_missing_input_exits_1(runner, tmp_path) -> None:
    missing = tmp_path / "nope"
    result = runner.invoke(main, ["extract", str(missing), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 1
    assert f"{missing}: no such file or directory" in result.stderr
    assert "0 articles cleaned" in result.stderr


def test_extract_max_bytes(runner, inputs, tmp_path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(main, ["extract", str(inputs), "-o", str(out),
                                  "--max-bytes", "5000"])  # only 002 is larger (5.5 KB)
    assert result.exit_code == 1
    assert f"{inputs / '002_a6971c95fe118026.txt'}: too large" in result.stderr
    assert "--max-bytes" in result.stderr
    assert len(read_jsonl(out)) == 4


def test_extract_from_stdin(runner, ingest_data) -> None:
    page = (ingest_data / "article.html").read_bytes()
    result = runner.invoke(main, ["extract", "-"], input=page)
    assert result.exit_code == 0
    (line,) = result.stdout.splitlines()
    article = from_plain(Article, json.loads(line))
    assert (article.source, article.format) == ("<stdin>", "html")
    assert article.outlet == "The Daily Planet"


# Resume and checkpoints: tests/test_cli_resume.py (real subprocesses killed and resumed).


def test_inspect_shows_metadata_sources_and_removed_lines(runner, example_dir) -> None:
    path = example_dir / "001_775c4d1413a10fcf.txt"
    result = runner.invoke(main, ["inspect", str(path)])
    assert result.exit_code == 0
    out = result.stdout
    assert str(path) in out and "(txt, utf-8, id " in out
    author = next(line for line in out.splitlines() if line.strip().startswith("author"))
    assert "Matthew Loh" in author and '<- header-line: "Matthew Loh"' in author
    title = next(line for line in out.splitlines() if line.strip().startswith("title"))
    assert "<- header-line" in title
    assert "removed lines (10)" in out
    assert "   2  breadcrumb: 1. Home" in out
    assert "  57  site furniture (menu, ad or widget label): Popular Right Now" in out
    assert "clean text (" in out
    assert "Xi's visit would mark the first time" in out


def test_inspect_without_text(runner, example_dir) -> None:
    path = example_dir / "003_07d2d95af1c2a203.txt"
    result = runner.invoke(main, ["inspect", "--no-text", str(path)])
    assert result.exit_code == 0
    assert "outlet" in result.stdout and '<- footer-line: "Read more exclusive news from' in (
        result.stdout)
    assert "clean text" not in result.stdout
    assert "Reuters reported Monday morning" not in result.stdout


def test_inspect_json_is_the_article_record(runner, example_dir) -> None:
    path = example_dir / "004_5b3ff33e69876255.txt"
    result = runner.invoke(main, ["inspect", "--json", str(path)])
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    (article,) = read_path(path)
    assert from_plain(Article, record) == article
    assert record["meta"]["outlet"] == {"value": "GreekReporter.com", "source": "breadcrumb",
                                        "evidence": "GreekReporter.comEuropeChina's Xi to visit "
                                                    "Russia in Show of Support for Putin"}
    assert any(r["reason"].startswith("photo caption") for r in record["removed"])


def test_inspect_html_shows_html_sources(runner, ingest_data) -> None:
    result = runner.invoke(main, ["inspect", "--no-text", str(ingest_data / "article.html")])
    assert result.exit_code == 0
    assert "(html, utf-8, id " in result.stdout
    assert '<- html: "trafilatura metadata: sitename"' in result.stdout
    assert '<- html: "<html lang>"' in result.stdout


def test_inspect_bad_file(runner, tmp_path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(PNG)
    result = runner.invoke(main, ["inspect", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}: binary file (a PNG image)" in result.stderr
    assert result.stdout == ""


def test_inspect_json_of_a_jsonl_file_is_valid_json(runner, tmp_path) -> None:
    text = ("The Swiss mediator said on Wednesday that both delegations had agreed to meet in "
            "Bern next month.")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": text}) + "\n" + json.dumps({"text": text + " Again."})
                    + "\n", encoding="utf-8")
    result = runner.invoke(main, ["inspect", "--json", str(feed)])
    assert result.exit_code == 0
    try:
        parsed = json.loads(result.stdout)
    except ValueError:
        parsed = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(parsed) == 2


def test_time_limit_option_reaches_every_input(runner, inputs, monkeypatch) -> None:
    import time

    from storyweave.ingestion import readers

    one = str(inputs / "002_a6971c95fe118026.txt")
    read_one = readers._read_one

    def slow(*args):  # a read that cannot meet the limit, however warm the caches are
        time.sleep(0.5)
        return read_one(*args)

    monkeypatch.setattr(readers, "_read_one", slow)
    # the input is one error line, not a hang and not a traceback
    result = runner.invoke(main, ["extract", one, "--time-limit", "0.05"])
    assert result.exit_code == 1
    assert "per-input time limit (0.05 s)" in result.stderr
    assert "Traceback" not in result.output
    # 0: no limit at all
    result = runner.invoke(main, ["extract", one, "--time-limit", "0"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 1
