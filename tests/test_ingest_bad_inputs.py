"""Bad inputs: each becomes a Failure that names the input and says why in words, and the
rest of the batch is still read."""

from __future__ import annotations

import gzip
import io
import json
import os
import random
from pathlib import Path
from typing import BinaryIO

import pytest

from storyweave.ingestion import DEFAULT_MAX_BYTES, ingest, read_bytes, read_path, readers
from storyweave.model import Article, Failure

GOOD = """Swiss mediator to host prisoner talks

The Swiss mediator said on Wednesday that both delegations had agreed to meet in Bern next month.

Officials said the first round would deal only with the exchange of prisoners of war.
"""
assert len(GOOD.encode()) < 1000  # fits the small max_bytes used below

ACCENTED = "\n\n".join([
    "Swiss mediator hosts talks in Zürich",
    "The delegates met at the Café Odeon in Zürich on Tuesday, where the Swiss mediator said the "
    "two sides had “made real progress” on the prisoner exchange.",
    "The next round is set for April in Genève, and both delegations have agreed to attend, the "
    "mediator’s office said in a statement.",
    "Officials in Zürich said the café had been chosen because it was neutral ground, and that "
    "security would be provided by the city police.",
]) + "\n"


def assert_human(failure: Failure, expected: str) -> None:
    """A reason a person can read: words, not a traceback or an exception's repr."""
    assert expected in failure.reason, failure.reason
    assert len(failure.reason.split()) >= 2
    for machine in ("Traceback", "Errno", "<class", "Exception(", "\\x"):
        assert machine not in failure.reason, failure.reason
    assert str(failure) == f"{failure.source}: {failure.reason}"


def write_bad(path: Path, kind: str) -> None:
    if kind == "png":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(200))
    elif kind == "random":
        path.write_bytes(random.Random(7).randbytes(600) + b"\x00" + b"text")
    elif kind == "pdf":
        path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "whitespace":
        path.write_bytes(b"  \n\t\n\r\n   ")
    elif kind == "too-large":
        path.write_text(GOOD * 5, encoding="utf-8")
    elif kind == "corrupt-gz":
        path.write_bytes(gzip.compress(GOOD.encode())[:12] + b"garbage, not deflate data")
    elif kind == "truncated-gz":
        path.write_bytes(gzip.compress(GOOD.encode())[:-12])
    elif kind == "gz-bomb":
        path.write_bytes(gzip.compress(b"<p>" + b"word " * 100_000 + b"</p>"))
    elif kind == "empty-html":
        path.write_text("<!DOCTYPE html><html><head><title>x</title></head><body></body></html>",
                        encoding="utf-8")
    elif kind == "boilerplate-only":
        path.write_text("Advertisement\n\nRelated Posts\n\nLeave a Reply\n", encoding="utf-8")
    else:
        raise AssertionError(kind)


# (file name, what is in it, words the reason must contain)
BAD_FILES = [
    pytest.param("image.txt", "png", "binary file (a PNG image)", id="png-magic"),
    pytest.param("noise.txt", "random", "binary file (contains NUL bytes)", id="random-bytes"),
    pytest.param("paper.txt", "pdf", "binary file (a PDF document)", id="pdf"),
    pytest.param("empty.txt", "empty", "empty file", id="empty"),
    pytest.param("blank.txt", "whitespace", "empty file", id="whitespace-only"),
    pytest.param("long.txt", "too-large", "too large", id="over-max-bytes"),
    pytest.param("page.html.gz", "corrupt-gz", "corrupt gzip data", id="corrupt-gz"),
    pytest.param("page.txt.gz", "truncated-gz", "corrupt gzip data", id="truncated-gz"),
    pytest.param("bomb.html.gz", "gz-bomb", "too large", id="gz-over-max-bytes"),
    pytest.param("blank.html", "empty-html", "no article text found", id="html-without-body"),
    pytest.param("widgets.txt", "boilerplate-only", "no article text left after cleaning",
                 id="only-boilerplate"),
]


@pytest.mark.parametrize(("name", "kind", "reason"), BAD_FILES)
def test_bad_file_in_a_batch(tmp_path: Path, name: str, kind: str, reason: str) -> None:
    (tmp_path / "a-good.txt").write_text(GOOD, encoding="utf-8")
    bad = tmp_path / name
    write_bad(bad, kind)
    (tmp_path / "z-good.txt").write_text(GOOD.replace("Bern", "Basel"), encoding="utf-8")

    articles, failures = ingest([tmp_path], max_bytes=1000)

    assert [Path(a.source).name for a in articles] == ["a-good.txt", "z-good.txt"]
    (failure,) = failures
    assert failure.source == str(bad)
    assert_human(failure, reason)


@pytest.mark.parametrize(("name", "kind", "reason"), BAD_FILES)
def test_bad_file_alone_never_raises(tmp_path: Path, name: str, kind: str, reason: str) -> None:
    bad = tmp_path / name
    write_bad(bad, kind)
    (failure,) = read_path(bad, max_bytes=1000)
    assert isinstance(failure, Failure)
    assert failure.source == str(bad)
    assert_human(failure, reason)


def test_too_large_says_the_sizes_and_how_to_raise_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_bytes(b"x" * 3 * 1024 * 1024)
    (failure,) = read_path(path, max_bytes=1024 * 1024)
    assert_human(failure, "too large (3.0 MB; the limit is 1.0 MB, raise it with --max-bytes)")


def test_huge_sparse_file_is_refused_by_size_without_reading_it(tmp_path, monkeypatch) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    assert os.stat(huge).st_size > DEFAULT_MAX_BYTES
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")

    read: list[str] = []
    real_open_input = readers.open_input

    def spy(path: Path | str, source: str) -> BinaryIO:  # every input is opened through it
        read.append(Path(path).name)
        return real_open_input(path, source)

    monkeypatch.setattr(readers, "open_input", spy)
    articles, failures = ingest([tmp_path])

    assert read == ["good.txt"], "the 50 MB file was read into memory"
    assert [Path(a.source).name for a in articles] == ["good.txt"]
    (failure,) = failures
    assert failure.source == str(huge)
    assert_human(failure, "too large (50.0 MB; the limit is 20.0 MB")


def test_nonexistent_path(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    articles, failures = ingest([missing, good])
    assert [a.source for a in articles] == [str(good)]
    assert failures == [Failure(str(missing), "no such file or directory")]


def test_broken_symlink_named_explicitly(tmp_path: Path) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "deleted-target.txt")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    articles, failures = ingest([link, good])
    assert [a.source for a in articles] == [str(good)]
    (failure,) = failures
    assert failure.source == str(link)
    assert_human(failure, "broken symbolic link")


def test_broken_symlink_inside_a_directory(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted-target.txt")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    articles, failures = ingest([tmp_path])
    assert [Path(a.source).name for a in articles] == ["good.txt"]
    (failure,) = failures
    assert failure.source == str(tmp_path / "gone.txt")
    assert_human(failure, "broken symbolic link")


def test_directory_where_a_file_is_expected(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    results = [r for p in (good, folder, good) for r in read_path(p)]
    assert [type(r).__name__ for r in results] == ["Article", "Failure", "Article"]
    assert results[1].source == str(folder)
    assert_human(results[1], "is a directory")


def test_permission_denied(tmp_path: Path, monkeypatch) -> None:
    # tests run as root, where chmod 000 does not stop a read: fake the error instead
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD, encoding="utf-8")
    (tmp_path / "z.txt").write_text(GOOD.replace("Bern", "Basel"), encoding="utf-8")
    real_open_input = readers.open_input

    def open_unless_locked(path: Path | str, source: str) -> BinaryIO:
        if Path(path).name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open_input(path, source)

    monkeypatch.setattr(readers, "open_input", open_unless_locked)
    articles, failures = ingest([tmp_path])
    assert [Path(a.source).name for a in articles] == ["a.txt", "z.txt"]
    assert failures == [Failure(str(locked), "permission denied")]


def test_other_os_errors_are_named(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "flaky.txt"
    path.write_text(GOOD, encoding="utf-8")

    class Flaky(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(readers, "open_input", lambda path, source: Flaky())
    (failure,) = read_path(path)
    assert failure.source == str(path)
    assert_human(failure, "cannot be read (Input/output error)")


def test_broken_jsonl_lines(tmp_path: Path) -> None:
    good = json.dumps({"text": GOOD})
    lines = [good, "{not json", good, '{"text": "cut', "42", good, "\xff\xfe".encode("latin-1")]
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"\n".join(x if isinstance(x, bytes) else x.encode() for x in lines))
    (tmp_path / "other.txt").write_text(GOOD, encoding="utf-8")

    articles, failures = ingest([tmp_path])

    assert sorted(a.source for a in articles) == sorted(
        [f"{path}:1", f"{path}:3", f"{path}:6", str(tmp_path / "other.txt")])
    assert [f.source for f in failures] == [f"{path}:2", f"{path}:4", f"{path}:5", f"{path}:7"]
    for failure in failures[:2]:
        assert_human(failure, "not valid JSON")
    assert_human(failures[2], "must be an object")


def test_jsonl_line_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    short, long = json.dumps({"text": GOOD}), json.dumps({"text": GOOD * 5})
    path.write_text(f"{long}\n{short}\n", encoding="utf-8")
    results = read_path(path, max_bytes=1000)
    assert [type(r).__name__ for r in results] == ["Failure", "Article"]
    assert results[0].source == f"{path}:1"
    assert_human(results[0], "too large")


# --- encodings ------------------------------------------------------------------------------


def _western(codec: str, variant: str) -> bytes:
    text = ACCENTED
    if variant == "no-genève":
        text = "\n".join(line for line in text.splitlines() if "Genève" not in line)
    elif variant == "straight-quotes":
        text = text.replace("“", '"').replace("”", '"').replace("’", "'")
    return text.encode(codec)


WESTERN = [
    pytest.param("cp1252", "curly-quotes", id="cp1252-curly"),
    pytest.param("cp1252", "no-genève", id="cp1252-curly-short"),
    pytest.param("cp1252", "straight-quotes", id="cp1252-straight"),
    pytest.param("latin-1", "straight-quotes", id="latin-1"),
]


@pytest.mark.parametrize(("codec", "variant"), WESTERN)
def test_non_utf8_text_is_read_not_refused(tmp_path: Path, codec: str, variant: str) -> None:
    path = tmp_path / "western.txt"
    path.write_bytes(_western(codec, variant))
    article = read_path(path)[0]
    assert isinstance(article, Article), article
    assert article.encoding not in (None, "utf-8", "utf-8-sig")
    assert "\ufffd" not in article.text
    assert "Odeon" in article.text


@pytest.mark.parametrize(("codec", "variant"), WESTERN)
def test_western_european_text_is_decoded_exactly(tmp_path: Path, codec: str,
                                                  variant: str) -> None:
    raw = _western(codec, variant)
    path = tmp_path / "western.txt"
    path.write_bytes(raw)
    article = read_path(path)[0]
    assert isinstance(article, Article), article
    expected = raw.decode(codec)
    for line in expected.splitlines()[1:]:  # the first line is the title
        assert line in article.text, (line, article.encoding)
    assert article.title == "Swiss mediator hosts talks in Zürich"


def test_utf16_with_bom_is_text_not_binary(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(ACCENTED.encode("utf-16"))
    article = read_path(path)[0]
    assert isinstance(article, Article), article
    assert article.encoding == "utf-16"
    assert "Zürich" in article.text


def test_bom_that_lies(tmp_path: Path) -> None:
    path = tmp_path / "liar.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "Zürich".encode("latin-1") + b" talks\n")
    (failure,) = read_path(path)
    assert isinstance(failure, Failure)
    assert_human(failure, "byte-order mark but is not valid utf-8-sig")


# --- HTML without an article ----------------------------------------------------------------




@pytest.mark.parametrize("page", [
    pytest.param("front_page.html", id="nav-menu-only"),
    pytest.param('<!DOCTYPE html><html lang="en"><head><title>App</title>'
                 '<script src="/app.js"></script></head><body><div id="root"></div><noscript>'
                 'You need to enable JavaScript to run this app.</noscript></body></html>',
                 id="javascript-app"),
    pytest.param("<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1>"
                 "<p>The requested URL was not found on this server.</p></body></html>",
                 id="error-page"),
    pytest.param("<!DOCTYPE html><html><head><title>Loading</title></head><body>"
                 "<div id='app'></div></body></html>", id="empty-body"),
])
def test_html_without_an_article(tmp_path: Path, ingest_data: Path, page: str) -> None:
    path = tmp_path / "page.html"
    if page.endswith(".html"):
        path.write_bytes((ingest_data / page).read_bytes())
    else:
        path.write_text(page, encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    articles, failures = ingest([tmp_path])
    assert [Path(a.source).name for a in articles] == ["good.txt"]
    (failure,) = failures
    assert failure.source == str(path)
    assert_human(failure, "no article text")


def test_text_file_of_menu_words_only(tmp_path: Path) -> None:
    path = tmp_path / "menu.txt"
    path.write_text("Home\nWorld\nPolitics\nBusiness\nSport\nCulture\n", encoding="utf-8")
    (failure,) = read_path(path)
    assert isinstance(failure, Failure), failure


def test_read_bytes_reports_under_the_name_it_is_given() -> None:
    (failure,) = read_bytes(b"\x89PNG\r\n\x1a\n", "upload #3")
    assert failure == Failure("upload #3", "binary file (a PNG image), not text or HTML")


FRONT_PAGE = ("<!DOCTYPE html><html><head><title>Velmora Gazette: latest news</title>"
              '<meta property="article:published_time" content="2023-08-02T09:15:00+00:00">'
              "</head><body><nav><a href='/'>Home</a></nav></body></html>")


def test_a_page_without_article_text_keeps_its_date_and_title(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from storyweave.cli import main
    from storyweave.ingestion.errors import IngestError
    from storyweave.ingestion.html import read_html

    with pytest.raises(IngestError) as caught:
        read_html(FRONT_PAGE, "front.html")
    assert caught.value.meta["published"].value.startswith("2023-08-02")
    assert caught.value.meta["title"].value == "Velmora Gazette: latest news"
    # a user sees them where the failure is reported: inspect and extract
    page = tmp_path / "front.html"
    page.write_text(FRONT_PAGE, encoding="utf-8")
    for command in (["inspect", str(page)], ["extract", str(page)]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 1
        assert "no article text" in result.output and "2023-08-02" in result.output, command
