"""Each reader: directories, .txt, .html/.htm, .html.gz, .jsonl, stdin, and format sniffing."""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

import pytest

from storyweave.ingestion import ingest, iter_paths, read_bytes, read_path, sniff
from storyweave.model import Article, Failure

LEAD = ("The foreign ministers of both countries agreed on Tuesday to resume ceasefire talks in "
        "Geneva next week, officials said after a day of meetings hosted by the Swiss government.")
HTML_PARAGRAPHS = [
    LEAD,
    "The talks, which broke down in January, will focus on an exchange of prisoners and on a "
    "monitoring mission along the front line, according to a statement issued by the Swiss "
    "foreign ministry.",
    "“We have agreed on an agenda, and that is more than we had a month ago,” one of the "
    "ministers told reporters outside the conference centre, adding that no date had been set "
    "for a signing.",
    "Diplomats cautioned that the two sides remained far apart on the question of territory, "
    "and that a lasting agreement could take months to negotiate.",
]
PAGE_FURNITURE = ["Business", "Sport", "Subscribe", "All rights reserved", "Privacy policy",
                  "About us", "Contact the newsroom", "By Jane Doe", "analytics"]
HTML_META = {
    "title": "Ministers agree to resume ceasefire talks in Geneva",
    "author": "Jane Doe",
    "outlet": "The Daily Planet",
    "url": "https://www.dailyplanet.example/world/2023/03/14/geneva-talks",
    "published": "2023-03-14",
    "language": "en",  # from <html lang="en-GB">
}

TEXT_REPORT = """Swiss mediator to host prisoner talks

The Swiss mediator said on Wednesday that both delegations had agreed to meet in Bern next month.

Officials said the first round would deal only with the exchange of prisoners of war.

Diplomats said a broader agreement on the front line was not expected before the summer.
"""


@pytest.fixture()
def page(ingest_data: Path) -> bytes:
    return (ingest_data / "article.html").read_bytes()


def only_article(results: list[Article | Failure]) -> Article:
    assert len(results) == 1, results
    (article,) = results
    assert isinstance(article, Article), article
    return article


def assert_is_the_html_article(article: Article) -> None:
    for para in HTML_PARAGRAPHS:
        assert para in article.text
    for junk in PAGE_FURNITURE:
        assert junk not in article.text, junk
    for name, value in HTML_META.items():
        assert article.meta[name].value == value, name
        assert article.meta[name].source == "html", name
    assert article.format == "html"


def paragraphs(article: Article) -> list[str]:
    return [article.span_text(s) for s in article.spans_of("paragraph")]


# --- directories ----------------------------------------------------------------------------


@pytest.fixture()
def tree(tmp_path: Path, page: bytes) -> Path:
    root = tmp_path / "story"
    (root / "nested" / "deeper").mkdir(parents=True)
    (root / ".cache").mkdir()
    (root / "b.txt").write_text(TEXT_REPORT, encoding="utf-8")
    (root / "a.html").write_bytes(page)
    (root / "nested" / "c.htm").write_bytes(page.replace(b"in January", b"in February"))
    (root / "nested" / "deeper" / "d.html.gz").write_bytes(
        gzip.compress(page.replace(b"Tuesday", b"Monday")))
    (root / "nested" / "e.jsonl").write_text(
        json.dumps({"text": TEXT_REPORT.replace("Bern", "Basel")}) + "\n", encoding="utf-8")
    (root / "F.TXT").write_text(TEXT_REPORT.replace("Bern", "Lugano"), encoding="utf-8")
    # skipped: hidden files, hidden directories, other extensions
    (root / ".draft.txt").write_text(TEXT_REPORT, encoding="utf-8")
    (root / ".cache" / "old.txt").write_text(TEXT_REPORT, encoding="utf-8")
    (root / "README.md").write_text("# Notes\n\nScraped on Friday.\n", encoding="utf-8")
    (root / "notes.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    return root


def test_directory_walk_is_recursive_sorted_and_selective(tree: Path) -> None:
    found = [p.relative_to(tree).as_posix() for p in iter_paths([tree])]
    assert found == ["F.TXT", "a.html", "b.txt", "nested/c.htm", "nested/e.jsonl",
                     "nested/deeper/d.html.gz"]


def test_directory_is_read_completely(tree: Path) -> None:
    articles, failures = ingest([tree])
    assert failures == []
    names = sorted(Path(a.source.rsplit(":", 1)[0]).name for a in articles)
    assert names == ["F.TXT", "a.html", "b.txt", "c.htm", "d.html.gz", "e.jsonl"]
    assert len({a.id for a in articles}) == 6


def test_a_file_named_explicitly_is_read_whatever_its_extension(tree: Path) -> None:
    assert list(iter_paths([tree / "README.md"])) == [tree / "README.md"]
    assert "Scraped on Friday." in only_article(read_path(tree / "README.md")).text


def test_stdin_is_passed_through_as_dash() -> None:
    assert list(iter_paths(["-"])) == ["-"]


# --- plain text -----------------------------------------------------------------------------


def test_txt(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(TEXT_REPORT, encoding="utf-8")
    article = only_article(read_path(path))
    assert (article.source, article.format, article.encoding) == (str(path), "txt", "utf-8")
    assert article.title == "Swiss mediator to host prisoner talks"
    assert paragraphs(article) == [line for line in TEXT_REPORT.splitlines()[1:] if line]


def test_txt_with_windows_line_ends_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT_REPORT.replace("\n", "\r\n").encode("utf-8"))
    article = only_article(read_path(path))
    assert article.encoding == "utf-8-sig"
    assert "\r" not in article.text and "\ufeff" not in article.text
    assert article.title == "Swiss mediator to host prisoner talks"


# --- HTML -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.HTML", "page.xhtml"])
def test_html(tmp_path: Path, page: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(page)
    article = only_article(read_path(path))
    assert_is_the_html_article(article)
    assert article.source == str(path)
    assert article.encoding == "utf-8"
    for s in article.spans_of("paragraph"):
        assert article.span_text(s) == article.text[s.start:s.end] == article.span_text(s).strip()


def test_html_metadata_evidence_says_where_it_came_from(ingest_data: Path) -> None:
    article = only_article(read_path(ingest_data / "article.html"))
    assert article.meta["language"].evidence == "<html lang>"
    assert "htmldate" in article.meta["published"].evidence
    assert "trafilatura" in article.meta["title"].evidence


def test_html_headline_is_metadata_not_body(ingest_data: Path) -> None:
    article = only_article(read_path(ingest_data / "article.html"))
    assert paragraphs(article)[0] == LEAD


def test_html_declared_charset_is_honoured(tmp_path: Path, page: bytes) -> None:
    text = page.decode("utf-8").replace('charset="utf-8"', 'charset="iso-8859-1"')
    text = text.replace("conference centre", "Café Odeon in Zürich")
    text = text.replace("“", '"').replace("”", '"').replace("©", "(c)")
    path = tmp_path / "latin1.html"
    path.write_bytes(text.encode("latin-1"))
    article = only_article(read_path(path))
    assert article.encoding == "iso-8859-1"
    assert "Café Odeon in Zürich" in article.text


def test_html_gz_reads_like_the_page(tmp_path: Path, page: bytes) -> None:
    plain, packed = tmp_path / "page.html", tmp_path / "page.html.gz"
    plain.write_bytes(page)
    packed.write_bytes(gzip.compress(page))
    article = only_article(read_path(packed))
    assert_is_the_html_article(article)
    assert article.source == str(packed)
    assert article.id == only_article(read_path(plain)).id


def test_txt_gz(tmp_path: Path) -> None:
    path = tmp_path / "report.txt.gz"
    path.write_bytes(gzip.compress(TEXT_REPORT.encode("utf-8")))
    article = only_article(read_path(path))
    assert article.format == "txt"
    assert article.title == "Swiss mediator to host prisoner talks"


# --- JSONL ----------------------------------------------------------------------------------


@pytest.fixture()
def feed(tmp_path: Path, page: bytes) -> Path:
    lines = [
        json.dumps({"text": TEXT_REPORT, "url": "https://wire.example/bern-talks",
                    "title": "Prisoner talks set for Bern", "outlet": "Alpine Wire",
                    "author": "Anna Meier", "published": "2023-03-15", "language": "en"}),
        json.dumps({"html": page.decode("utf-8"), "title": "Geneva talks to resume",
                    "outlet": "Planet Wire", "url": "https://wire.example/geneva"}),
        '{"text": "The delegates met in Bern, officials said", ',  # a line cut short
        "",  # blank lines are skipped
        json.dumps({"text": TEXT_REPORT.replace("Bern", "Basel")}, ensure_ascii=False),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_reads_every_good_line_and_names_the_broken_one(feed: Path) -> None:
    results = read_path(feed)
    assert [type(r).__name__ for r in results] == ["Article", "Article", "Failure", "Article"]
    assert [r.source for r in results] == [f"{feed}:1", f"{feed}:2", f"{feed}:3", f"{feed}:5"]
    failure = results[2]
    assert "not valid JSON" in failure.reason and " at column " in failure.reason
    assert "at at" not in failure.reason
    assert "Basel" in results[3].text
    assert all(r.format == "jsonl" for r in results if isinstance(r, Article))


def test_a_json_error_ending_in_at_names_its_column_once(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl"
    path.write_text('{"text": "Xi will travel to Moscow next week to meet Putin\n', "utf-8")
    [failure] = read_path(path)
    assert failure.reason == "not valid JSON (Unterminated string starting at column 10)"


def test_jsonl_text_record_fields_win_with_source_jsonl(feed: Path) -> None:
    article = read_path(feed)[0]
    expected = {"url": "https://wire.example/bern-talks", "title": "Prisoner talks set for Bern",
                "outlet": "Alpine Wire", "author": "Anna Meier", "published": "2023-03-15",
                "language": "en"}
    assert {k: (m.value, m.source) for k, m in article.meta.items()} == {
        k: (v, "jsonl") for k, v in expected.items()}
    assert article.meta["title"].evidence == "field 'title'"
    # the title line the cleaner found is still cut from the text
    assert "Swiss mediator to host prisoner talks" not in article.text


def test_jsonl_html_record(feed: Path) -> None:
    article = read_path(feed)[1]
    for para in HTML_PARAGRAPHS:
        assert para in article.text
    for junk in PAGE_FURNITURE:
        assert junk not in article.text
    assert (article.title, article.meta["title"].source) == ("Geneva talks to resume", "jsonl")
    assert (article.outlet, article.meta["outlet"].source) == ("Planet Wire", "jsonl")
    assert (article.url, article.meta["url"].source) == ("https://wire.example/geneva", "jsonl")
    # what the record does not say still comes from the page
    assert (article.author, article.meta["author"].source) == ("Jane Doe", "html")
    assert (article.published, article.meta["published"].source) == ("2023-03-14", "html")


def test_jsonl_in_a_batch_and_gzipped(tmp_path: Path, feed: Path) -> None:
    packed = tmp_path / "feed.jsonl.gz"
    packed.write_bytes(gzip.compress(feed.read_bytes()))
    articles, failures = ingest([feed, packed])
    assert len(articles) == 6
    assert [f.source for f in failures] == [f"{feed}:3", f"{packed}:3"]


def test_jsonl_with_a_broken_first_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    good = json.dumps({"text": TEXT_REPORT})
    path.write_text('{"text": "The delegates met\n' + f"{good}\n{good}\n", encoding="utf-8")
    results = read_path(path)
    assert [r.source for r in results] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    assert isinstance(results[0], Failure)


@pytest.mark.parametrize(("line", "reason"), [
    ('["a", "list"]', "must be an object"),
    ('{"title": "No body"}', "neither a non-empty 'text' nor 'html'"),
    ('{"text": "   "}', "neither a non-empty 'text' nor 'html'"),
    ('{"text": 42}', "neither a non-empty 'text' nor 'html'"),
])
def test_jsonl_records_without_an_article(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "feed.jsonl"
    good = json.dumps({"text": TEXT_REPORT})
    path.write_text(f"{good}\n{line}\n{good}\n", encoding="utf-8")
    results = read_path(path)
    assert [type(r).__name__ for r in results] == ["Article", "Failure", "Article"]
    assert results[1].source == f"{path}:2"
    assert reason in results[1].reason


# --- stdin ----------------------------------------------------------------------------------


def test_stdin_text() -> None:
    stdin = io.BytesIO(TEXT_REPORT.encode("utf-8"))
    article = only_article(read_path("-", stdin=stdin))
    assert (article.source, article.format) == ("<stdin>", "txt")
    assert article.title == "Swiss mediator to host prisoner talks"


def test_stdin_html(page: bytes) -> None:
    article = only_article(read_path("-", stdin=io.BytesIO(page)))
    assert_is_the_html_article(article)
    assert article.source == "<stdin>"


def test_stdin_jsonl(feed: Path) -> None:
    results = read_path("-", stdin=io.BytesIO(feed.read_bytes()))
    assert [r.source for r in results] == ["<stdin>:1", "<stdin>:2", "<stdin>:3", "<stdin>:5"]


def test_stdin_over_the_limit() -> None:
    (failure,) = read_path("-", stdin=io.BytesIO(TEXT_REPORT.encode()), max_bytes=100)
    assert isinstance(failure, Failure)
    assert failure.source == "<stdin>"
    assert "too large" in failure.reason


# --- the content decides the format ---------------------------------------------------------


def test_html_saved_as_txt_is_read_as_html(tmp_path: Path, page: bytes) -> None:
    path = tmp_path / "scraped.txt"
    path.write_bytes(page)
    article = only_article(read_path(path))
    assert_is_the_html_article(article)
    assert "<p>" not in article.text


def test_plain_text_saved_as_html_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "scraped.html"
    path.write_text(TEXT_REPORT, encoding="utf-8")
    article = only_article(read_path(path))
    assert article.format == "txt"
    assert article.title == "Swiss mediator to host prisoner talks"


@pytest.mark.parametrize(("content", "fmt"), [
    (TEXT_REPORT.encode("utf-8"), "txt"),
    (None, "html"),  # the example page
])
def test_file_without_extension(tmp_path: Path, page: bytes, content, fmt: str) -> None:
    path = tmp_path / "download"
    path.write_bytes(content if content is not None else page)
    article = only_article(read_path(path))
    assert article.format == fmt
    assert article.source == str(path)


def test_jsonl_is_recognised_without_its_extension(tmp_path: Path, feed: Path) -> None:
    path = tmp_path / "feed.txt"
    shutil.copy(feed, path)
    assert [r.source for r in read_path(path)] == [f"{path}:{n}" for n in (1, 2, 3, 5)]


@pytest.mark.parametrize(("data", "name", "kind"), [
    (b"\x1f\x8b\x08\x00rest", "x.txt", "gzip"),
    (b"<!DOCTYPE html><html><body><p>Hi</p></body></html>", "x.txt", "html"),
    (b"\xef\xbb\xbf<html><body><p>Hi</p></body></html>", "x.txt", "html"),
    (b"  <!-- saved by a scraper -->\n<div><p>Hi</p></div>", "x", "html"),
    (b'{"text": "Hello"}\n{"text": "again"}\n', "x.txt", "jsonl"),
    (b"{this is not json}\n", "x.txt", "txt"),
    (b"Plain words. Then <b>bold</b> ones.", "x.html", "html"),
    (b"Plain words without markup.", "x.html", "txt"),
    (b"Plain words. Then <b>bold</b> ones.", "x.txt", "txt"),
])
def test_sniff(data: bytes, name: str, kind: str) -> None:
    assert sniff(data, name) == kind


def test_read_bytes_uses_name_only_to_break_ties(page: bytes) -> None:
    assert only_article(list(read_bytes(page, "anything"))).format == "html"
    assert only_article(list(read_bytes(TEXT_REPORT.encode(), "x.html"))).format == "txt"
