"""One bad input never sinks a batch (issue 22, the ingestion side): JSONL whose first line is
garbage, hard-wrapped text, special files, pages with an ``<svg>`` prologue, short reports
that mention "404", the per-input time and size budget, and the language model without a
temporary directory. Each test here failed before its fix.

Nothing here depends on timing: a slow or hanging case is bounded by a subprocess timeout or
by checking that the walk never opens the file, and the time limit is tested with a reader
that waits on an event, not with a slow page."""

from __future__ import annotations

import errno
import gzip
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from storyweave.ingestion import IngestError, ingest, iter_paths, read_bytes, read_path, readers
from storyweave.ingestion.budget import within
from storyweave.ingestion.html import read_html
from storyweave.ingestion.textclean import clean_lines
from storyweave.model import Article, Failure

REPORT = "Officials said the talks resume next week in Geneva."
LONG_REPORT = ("The foreign ministers of both countries met in Geneva on Tuesday to discuss the "
               "ceasefire proposal in detail, officials said.")
PAGE = ("<html><head><title>Talks resume</title></head><body><article><h1>Talks resume</h1>"
        f"<p>Updated 14 March 2023. {LONG_REPORT}</p><p>Officials said the talks would "
        "continue next week, with a second round planned in Vienna.</p></article></body></html>")


def kinds(results: list[Article | Failure]) -> list[str]:
    return [type(r).__name__ for r in results]


# --- 1. a .jsonl whose first line is not an object --------------------------------------------

@pytest.mark.parametrize("name", ["a.jsonl", "a.ndjson", "a.txt"])
def test_jsonl_with_a_garbage_first_line_keeps_its_records(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    good = json.dumps({"text": REPORT})
    body = f"garbage\n{good}\n" if name != "a.txt" else f"garbage\n{good}\n{good}\n{good}\n"
    path.write_text(body, encoding="utf-8")
    results = read_path(path)
    # a .txt is JSONL only when most of its lines are JSON objects: three of four here
    assert kinds(results) == ["Failure", "Article"] + (["Article"] * 2 if name == "a.txt" else [])
    assert results[0].source == f"{path}:1"
    assert "not valid JSON" in results[0].reason
    assert isinstance(results[1], Article) and results[1].text == REPORT


def test_jsonl_whose_first_line_is_markup_is_still_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(f"<html><body>\n{json.dumps({'text': REPORT})}\n", encoding="utf-8")
    assert kinds(read_path(path)) == ["Failure", "Article"]


@pytest.mark.parametrize("name", ["empty.jsonl", "blank.jsonl", "blank.jsonl.gz"])
def test_empty_jsonl_is_one_failure_not_nothing(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    body = b"" if name.startswith("empty") else b"\n  \n\r\n"
    path.write_bytes(gzip.compress(body) if name.endswith(".gz") else body)
    assert read_path(path) == [Failure(str(path), "empty file")]


def test_jsonl_gz_with_a_garbage_first_line(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress(f"[1, 2]\n{json.dumps({'text': REPORT})}\n".encode()))
    assert kinds(read_path(path)) == ["Failure", "Article"]


def test_text_with_one_brace_line_is_still_text() -> None:
    text = f"{{ not json }}\n\n{LONG_REPORT}\n".encode()
    assert readers.sniff(text, "notes.txt") == "txt"


# --- 3. hard-wrapped lines are joined in linear time --------------------------------------------

def test_twenty_thousand_wrapped_lines_make_one_paragraph() -> None:
    words = [f"word{i}" for i in range(20_000)]
    raw = "The talks went on\n" + "\n".join(f"and {w}" for w in words) + ".\n\nNext paragraph.\n"
    cleaned = clean_lines(raw)
    first = cleaned.paragraphs[0][1]
    assert first == "The talks went on " + " ".join(f"and {w}" for w in words) + "."
    assert cleaned.paragraphs[0][0] == 1
    assert [t for _, t in cleaned.paragraphs[1:]] == ["Next paragraph."]


def test_wrapped_line_stops_joining_after_a_sentence_end() -> None:
    cleaned = clean_lines("It rained\nall day.\nthen it stopped\nat night.\n", layout=False)
    assert [t for _, t in cleaned.paragraphs] == ["It rained all day.",
                                                  "then it stopped at night."]


# --- 4. special files -------------------------------------------------------------------------

def test_walk_refuses_a_fifo_without_opening_it(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")  # no writer: opening it would block forever
    (tmp_path / "good.txt").write_text(LONG_REPORT, encoding="utf-8")
    assert list(iter_paths([tmp_path])) == [
        tmp_path / "good.txt",
        Failure(str(tmp_path / "pipe.txt"), "not a regular file (a named pipe): skipped")]


def test_walk_refuses_a_link_to_a_device(tmp_path: Path) -> None:
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "good.txt").write_text(LONG_REPORT, encoding="utf-8")
    articles, failures = ingest([tmp_path])
    assert [Path(a.source).name for a in articles] == ["good.txt"]
    assert failures == [Failure(str(tmp_path / "zero.txt"),
                                "not a regular file (a character device): skipped")]


def _run(code: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter, bounded: a hang fails the test, never the suite."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=timeout, check=True)


def test_device_named_explicitly_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero.jsonl"
    link.symlink_to("/dev/zero")
    out = _run(f"from storyweave.ingestion import read_path\n"
               f"print(read_path({str(link)!r}, max_bytes=1000))")
    assert "not a regular file (a character device)" in out.stdout


def test_fifo_named_explicitly_is_read_up_to_the_limit(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    code = (f"from storyweave.ingestion import read_path\n"
            f"print(read_path({str(pipe)!r}, max_bytes=1000))")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        with open(pipe, "wb", buffering=0) as w:  # endless: only the limit stops the reader
            try:
                while True:
                    w.write(b"x" * 4096)
            except BrokenPipeError:
                pass
        out, _ = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert "too large (over the limit of 1,000 bytes" in out


def test_fifo_named_explicitly_is_read(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    writer = threading.Thread(target=lambda: pipe.write_text(LONG_REPORT, encoding="utf-8"))
    writer.start()
    results = read_path(pipe)
    writer.join(timeout=60)
    assert kinds(results) == ["Article"]


def test_bytes_actually_read_are_counted_not_st_size(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "grows.txt"
    path.write_text(LONG_REPORT * 100, encoding="utf-8")
    real_stat = os.stat

    def small_stat(p, *args, **kwargs):  # what /proc files and pipes report
        st = real_stat(p, *args, **kwargs)
        return os.stat_result((*st[:6], 0, *st[7:]))

    monkeypatch.setattr(os, "stat", small_stat)
    (failure,) = read_path(path, max_bytes=1000)
    assert isinstance(failure, Failure)
    assert "too large (over the limit of 1,000 bytes" in failure.reason


# --- 5. an <svg> before <html> -----------------------------------------------------------------

@pytest.mark.parametrize("prologue", ["<svg>", "\ufeff<svg>", "<svg><path d='M0 0'/></svg>"])
def test_svg_prologue_keeps_the_article(prologue: str) -> None:
    (article,) = read_bytes((prologue + PAGE).encode("utf-8"), "page.html")
    assert isinstance(article, Article), article
    assert LONG_REPORT in article.text


def test_svg_prologue_page_read_as_html_even_when_named_txt() -> None:
    (article,) = read_bytes(("<svg></svg>" + PAGE).encode("utf-8"), "page", name="page.txt")
    assert isinstance(article, Article) and article.format == "html", article
    assert "<p>" not in article.text


def test_extractor_exception_costs_only_what_it_breaks(monkeypatch) -> None:
    import trafilatura

    def broken(*args, **kwargs):
        raise AssertionError  # what htmldate's clean_html raised on the <svg> page
    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    (failure,) = read_bytes(PAGE.encode(), "page.html")
    assert isinstance(failure, Failure)
    assert "internal error" not in failure.reason
    assert "HTML extractor failed" in failure.reason


# --- 9. a short real report is not an error page ----------------------------------------------

@pytest.mark.parametrize("text", [
    "Officials said 404 people were evacuated after the dam burst on Tuesday.",
    "The missing climber was not found until Friday, rescuers said.",
    "Protests are forbidden in the square, the police said on Monday.",
    "Route 403 was closed after the landslide, the transport ministry said.",
])
def test_short_report_with_an_error_word_is_kept(text: str) -> None:
    (article,) = read_bytes(text.encode(), "short.txt")
    assert isinstance(article, Article), article


@pytest.mark.parametrize("text", [
    "404 Not Found", "Not Found\n\nThe requested URL was not found on this server.",
    "Error 404: the page you are looking for does not exist.", "403 Forbidden",
    "Access denied. You do not have permission to view this page.",
    "Please enable JavaScript to continue.", "Page not found.",
    "Are you a robot? Please complete the captcha below.",
])
def test_error_pages_are_still_refused(text: str) -> None:
    (failure,) = read_bytes(text.encode(), "error.txt")
    assert isinstance(failure, Failure), failure
    assert "no article text" in failure.reason


# --- the per-input budget: time and bytes -------------------------------------------------------

def test_time_limit_makes_one_failure_and_the_batch_goes_on(tmp_path, monkeypatch) -> None:
    release = threading.Event()
    real = readers.read_text

    def stuck(text: str, source: str, **kwargs):
        if "stuck" in source:
            release.wait(60)  # a reader that never finishes (until the test ends)
        return real(text, source, **kwargs)

    monkeypatch.setattr(readers, "read_text", stuck)
    (tmp_path / "a-stuck.txt").write_text(LONG_REPORT, encoding="utf-8")
    (tmp_path / "b-good.txt").write_text(LONG_REPORT, encoding="utf-8")
    try:
        articles, failures = ingest([tmp_path], time_limit=0.5)
    finally:
        release.set()
    assert [Path(a.source).name for a in articles] == ["b-good.txt"]
    (failure,) = failures
    assert failure.source == str(tmp_path / "a-stuck.txt")
    assert failure.reason == ("took longer than the per-input time limit (0.5 s) to read; "
                              "the rest of the batch went on")


def test_jsonl_gz_is_limited_per_record(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    lines = [json.dumps({"text": f"{LONG_REPORT} ({i})"}) for i in range(40)]
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    assert len("\n".join(lines)) > 4000
    results = read_path(path, max_bytes=1000)
    assert kinds(results) == ["Article"] * 40


def test_stdin_jsonl_is_limited_per_record() -> None:
    lines = [json.dumps({"text": f"{LONG_REPORT} ({i})"}) for i in range(40)]
    lines.insert(3, json.dumps({"text": LONG_REPORT * 20}))
    results = read_path("-", stdin=io.BytesIO("\n".join(lines).encode()), max_bytes=1000)
    assert kinds(results) == ["Article"] * 3 + ["Failure"] + ["Article"] * 37
    assert results[3].source == "<stdin>:4" and "too large" in results[3].reason


def test_gzip_bomb_says_it_decompresses_past_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"x" * 100_000))
    (failure,) = read_path(path, max_bytes=1000)
    assert failure.reason == ("too large (decompresses past the limit of 1,000 bytes; raise it "
                              "with --max-bytes)")


# --- the language model loads without a temporary file ------------------------------------------

def test_language_model_loads_with_a_full_tmpdir(monkeypatch) -> None:
    import tempfile

    from storyweave.nlp import models

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(tempfile, "TemporaryFile", full)
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", full)
    ident = models._load_language_identifier()  # not the cached one: a fresh load
    assert ident.classify(LONG_REPORT)[0] == "en"


def test_html_reader_keeps_article_when_date_search_raises(monkeypatch) -> None:
    from trafilatura import metadata

    def broken(*args, **kwargs):
        raise AssertionError
    monkeypatch.setattr(metadata, "find_date", broken)
    article = read_html(PAGE, "page.html")
    assert LONG_REPORT in article.text


def test_a_worker_past_its_limit_is_stopped() -> None:
    """An abandoned worker that kept running held the GIL: the inputs after it timed out too."""
    stop = threading.Event()

    def busy() -> None:
        while not stop.is_set():  # pure Python: stopped at its next bytecode
            pass

    with pytest.raises(IngestError, match="per-input time limit"):
        within(0.2, "busy input", busy)
    (worker,) = [t for t in threading.enumerate() if t.name == "storyweave read busy input"]
    worker.join(60)  # a bound for a broken fix, not a timing threshold: it ends at once
    stopped = not worker.is_alive()
    stop.set()
    assert stopped
