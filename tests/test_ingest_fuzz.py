"""Malformed inputs never crash a reader: each becomes an Article or a one-line Failure that
names its source.

A few thousand inputs are generated (hypothesis, fixed seed via ``derandomize``): random
bytes, truncated gzip, byte-order marks, NULs, huge lines, broken and deeply nested HTML,
JSON lines of the wrong types, lone surrogates, mixed encodings. Real sentences are mixed in
so that many inputs do become articles and the cleaning paths run too. The whole file runs in
well under a minute on two cores.
"""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyweave.codec import to_plain
from storyweave.ingestion import IngestError, read_bytes, read_html, read_jsonl, read_path
from storyweave.ingestion.readers import read_text
from storyweave.model import Article, Failure

# No model, but thousands of generated inputs (about 45 s): too long for the quick
# `pytest -m "not slow"` loop; `make test` runs them.
pytestmark = pytest.mark.slow

SOURCE = "fuzz/input.txt"
FUZZ = settings(max_examples=600, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.large_base_example])

SENTENCES = [
    "The foreign ministers met in Geneva on Tuesday to discuss the ceasefire proposal.",
    "Officials said the talks would continue next week, with a second round in Vienna.",
    "Credit: Reuters",
    "Photo: AP",
    "Advertisement",
    "Read more: Ceasefire talks collapse",
    "1. Home",
    "Home > World > Europe",
    "March 13, 2023",
    "By Jane Doe",
    "中国国家主席习近平3月20日抵达莫斯科，开始对俄罗斯进行国事访问。",
    "岸田首相は20日、ウクライナを訪問し、ゼレンスキー大統領と会談した。",
    "Председатель КНР Си Цзиньпин прибыл в Москву с государственным визитом.",
    "Der Staatschef ist zu einem dreitägigen Besuch in Moskau eingetroffen.",
    "US HASN'T SEEN CHINA PROVIDE LETHAL AID TO RUSSIA, PENTAGON SAYS",
    "Café in Zürich “quoted” – naïve résumé",
]
ODD_CHARS = ["\x00", "\ufeff", "\u200b", "\u2028", "\x85", "\r", "\t", "\x0c", "\ufffd",
             "\U0001f600", "\u0301", "<", ">", "&", '"', "\\", "{", "}"]
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "utf-16-le", "utf-16-be",
             "utf-32", "cp1251", "gb18030", "shift_jis", "koi8-r"]
BOMS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"]


# --- generators ---------------------------------------------------------------------------

lines = st.one_of(
    st.sampled_from(SENTENCES),
    st.text(max_size=80),
    st.lists(st.sampled_from(ODD_CHARS + ["a", " ", "word"]), max_size=40).map("".join),
    st.builds(lambda s, n: s * n, st.sampled_from(SENTENCES[:2] + ["x", "é", "中"]),
              st.integers(1, 3000)),  # a huge line
)
texts = st.builds(lambda ls, sep: sep.join(ls), st.lists(lines, max_size=25),
                  st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\x85", "\u2028"]))


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


encoded = st.builds(_encode, texts, st.sampled_from(ENCODINGS))


def _mixed(parts: list[tuple[str, str]]) -> bytes:
    """Lines each in its own encoding: a file pasted together from several sources."""
    return b"\n".join(_encode(t, enc) for t, enc in parts)


mixed = st.builds(_mixed, st.lists(st.tuples(st.sampled_from(SENTENCES + ["Zürich"]),
                                              st.sampled_from(["utf-8", "cp1252", "cp1251",
                                                               "latin-1", "utf-16-le"])),
                                    max_size=12))


def _mutate(data: bytes, bom: bytes, cut: int, nuls: list[int]) -> bytes:
    data = bom + data
    for i in nuls:
        if data:
            i %= len(data)
            data = data[:i] + b"\x00" + data[i:]
    return data[:cut] if cut >= 0 else data


mutated = st.builds(_mutate, st.one_of(encoded, mixed), st.sampled_from(BOMS),
                    st.integers(-1, 400), st.lists(st.integers(0, 10_000), max_size=3))


def _gzip(data: bytes, cut: int) -> bytes:
    packed = gzip.compress(data)
    return packed[:cut] if 0 <= cut < len(packed) else packed


gzipped = st.builds(_gzip, st.one_of(encoded, st.binary(max_size=200)), st.integers(-1, 60))

TAGS = ["html", "head", "body", "div", "p", "article", "main", "span", "script", "style",
        "title", "meta", "h1", "figure", "figcaption", "table", "td", "a", "br", "svg"]


def _html(parts: list[tuple[str, str, bool]], depth: int, lang: str, charset: str) -> str:
    out = [f'<html lang="{lang}"><head><meta charset="{charset}"><title>T</title></head><body>']
    out.append("<div>" * depth)
    for tag, text, close in parts:
        out.append(f"<{tag} class='x\" id=>{text}" + (f"</{tag}>" if close else ""))
    out.append("</div>" * (depth // 2))
    return "".join(out)


html_pages = st.builds(
    _html, st.lists(st.tuples(st.sampled_from(TAGS), st.one_of(st.sampled_from(SENTENCES),
                                                               st.text(max_size=60)),
                              st.booleans()), max_size=15),
    st.sampled_from([0, 1, 5, 300, 3000]),
    st.sampled_from(["en", "de-DE", "zh", "", "x-default", "EN_us", "<", "ja\x00"]),
    st.sampled_from(["utf-8", "iso-8859-1", "no-such-charset", "utf-16", ""]))

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
              st.text(max_size=40), st.sampled_from(SENTENCES)),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["text", "html", "title", "language", "url", "meta", "spans", "id",
                         "source", "removed", "value", "start", "end", "label", "line"]),
        children, max_size=5),
    max_leaves=20)
records = st.dictionaries(
    st.sampled_from(["text", "html", "title", "outlet", "author", "published", "language", "url",
                     "id", "source", "meta", "removed", "spans", "format", "encoding"]),
    json_values, max_size=8)

# lines that look like `storyweave extract` output: all six keys, any of them of a wrong type
_SPAN = st.fixed_dictionaries({"start": st.integers(-5, 200), "end": st.integers(-5, 200),
                               "label": st.sampled_from(["paragraph", 5]),
                               "attrs": st.one_of(st.just({}), json_values)})
article_records = st.fixed_dictionaries({
    "id": st.one_of(st.just("0123456789abcdef"), json_values),
    "source": st.one_of(st.just("a.txt"), json_values),
    "text": st.one_of(st.sampled_from(SENTENCES), json_values),
    "meta": st.one_of(st.just({"title": {"value": "T", "source": "html", "evidence": None}}),
                      st.dictionaries(st.text(max_size=5), json_values, max_size=3),
                      json_values),
    "removed": st.one_of(st.just([{"line": 1, "text": "x", "reason": "r"}]),
                         st.lists(json_values, max_size=2)),
    "spans": st.one_of(st.lists(_SPAN, max_size=3), json_values),
}, optional={"format": json_values, "encoding": json_values})


def _jsonl_line(record: dict, style: int) -> str:
    line = json.dumps(record, ensure_ascii=bool(style % 2))
    if style == 2:
        return line[: len(line) // 2]  # cut short
    if style == 3:
        return line.replace("a", "\\ud800", 1).replace("e", "\\udfff", 1)  # lone surrogates
    if style == 4:
        return "[" * 5000 + "]" * 5000  # deeper than Python's stack
    if style == 5:
        return '{"text": ' + "[" * 3000 + "]" * 3000 + "}"
    return line


jsonl_files = st.builds(
    lambda ls: "\n".join(ls).encode("utf-8", errors="surrogatepass"),
    st.lists(st.builds(_jsonl_line, st.one_of(
        records, article_records, st.fixed_dictionaries({"text": st.one_of(texts, json_values)},
                                       optional={"language": json_values}),
        st.fixed_dictionaries({"html": html_pages}, optional={"language": json_values,
                                                              "url": json_values}),
    ), st.integers(0, 7)), min_size=1, max_size=5))

# Issue 22's shapes: a JSONL file whose first line is not an object (it was read as one text
# and every record lost), pages with an <svg> before <html> (htmldate raised inside
# trafilatura), and hard-wrapped text (joining was quadratic).
FIRST_LINES = ["garbage", "[1, 2]", "<html>", "# comment", "id,text", "{", "null", "\ufeffx"]
first_lines = st.one_of(st.sampled_from(FIRST_LINES),
                        st.text(max_size=40).filter(lambda t: not set(t) & {"\n", "\r", "\x00"}))
garbage_first_jsonl = st.builds(lambda first, rest: first.encode("utf-8", "surrogatepass")
                                + b"\n" + rest, first_lines, jsonl_files)
PROLOGUES = ["<svg>", "<svg></svg>", "\ufeff<svg>", "<svg><path d='M0 0'/>", "<math>",
             "<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>", "<svg><p>x</p>"]
svg_pages = st.builds(lambda prologue, page: prologue + page, st.sampled_from(PROLOGUES),
                      html_pages)

# HTML goes through trafilatura (~0.1 s a page): fewer of those keep the file under a minute
any_bytes = st.one_of(st.binary(max_size=3000), encoded, mixed, mutated, gzipped, encoded,
                      mutated, jsonl_files, html_pages.map(lambda h: h.encode("utf-8")),
                      garbage_first_jsonl, svg_pages.map(lambda h: h.encode("utf-8")))


# --- what every result must look like -----------------------------------------------------

def check(results: list[Article | Failure], source: str, *, language: bool = True) -> None:
    assert results, "a reader returned nothing"
    for r in results:
        assert isinstance(r, Article | Failure), r
        assert isinstance(r.source, str)
        if isinstance(r, Failure):
            assert r.source.startswith(source), (r.source, source)
            assert r.reason and "\n" not in r.reason and "\r" not in r.reason, r.reason
            assert "internal error" not in r.reason, r.reason  # the safety net never caught
        else:
            check_article(r, language=language)


def check_article(a: Article, *, language: bool = True) -> None:
    assert a.text.strip()
    a.text.encode("utf-8")  # no lone surrogates left: the text can be written out
    json.dumps(to_plain(a), ensure_ascii=False).encode("utf-8")
    for s in a.spans:
        assert 0 <= s.start <= s.end <= len(a.text)
    lang = a.language if language else None
    assert lang is None or (len(lang) == 2 and lang.isascii() and lang.islower()), lang


# --- the readers --------------------------------------------------------------------------

@FUZZ
@given(data=any_bytes, name=st.sampled_from(["a.txt", "a.html", "a.jsonl", "a.txt.gz", "a",
                                              "a.ndjson"]))
def test_read_bytes(data: bytes, name: str) -> None:
    check(list(read_bytes(data, SOURCE, name=name, max_bytes=200_000)), SOURCE)


@FUZZ
@given(text=st.one_of(texts, st.text(max_size=500),
                      st.lists(st.sampled_from(SENTENCES + ODD_CHARS + ["\ud800", "\udc00"]),
                               max_size=60).map(" ".join)))
def test_read_text(text: str) -> None:
    try:
        result: Article | Failure = read_text(text, SOURCE)
    except IngestError as e:
        result = Failure(e.source, e.reason)
    check([result], SOURCE)


@settings(FUZZ, max_examples=150)
@given(page=st.one_of(html_pages, html_pages.map(lambda h: h.encode("utf-8")),
                      st.binary(max_size=500), svg_pages))
def test_read_html(page: str | bytes) -> None:
    try:
        result: Article | Failure = read_html(page, SOURCE)
    except IngestError as e:
        result = Failure(e.source, e.reason)
    # read_html alone keeps <html lang> as the page wrote it; the readers normalise it
    check([result], SOURCE, language=False)


@settings(FUZZ, max_examples=300)
@given(data=st.one_of(jsonl_files, st.binary(max_size=500)))
def test_read_jsonl(data: bytes) -> None:
    results = list(read_jsonl(data, SOURCE, max_bytes=200_000))
    for r in results:  # each line is named FILE:LINE (an extract record keeps its own source)
        assert isinstance(r, Article) or r.source.startswith(f"{SOURCE}:")
    if results:
        check(results, SOURCE)


@settings(FUZZ, max_examples=150)
@given(data=any_bytes, name=st.sampled_from(["a.txt", "b.html", "c.jsonl", "d.txt.gz", "e",
                                              "f.htm"]))
def test_read_path(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:  # a fixture's tmp_path is one per test
        path = Path(tmp) / name
        path.write_bytes(data)
        check(read_path(path, max_bytes=200_000), str(path))


@settings(FUZZ, max_examples=150)
@given(data=garbage_first_jsonl, name=st.sampled_from(["a.jsonl", "a.ndjson", "a.jsonl.gz"]))
def test_jsonl_named_file_gives_a_result_per_line(data: bytes, name: str) -> None:
    """Nothing silently dropped: each non-blank line is an article or a failure of its own,
    whatever the first line holds."""
    packed = gzip.compress(data) if name.endswith(".gz") else data
    results = list(read_bytes(packed, SOURCE, name=name, max_bytes=200_000))
    assert len(results) == sum(1 for line in data.splitlines() if line.strip())
    check(results, SOURCE)


@settings(FUZZ, max_examples=20)
@given(count=st.integers(1, 20_000), word=st.sampled_from(["and", "zürich", "x", "über"]),
       end=st.sampled_from([".", "", "!"]))
def test_long_wrapped_text_is_one_paragraph(count: int, word: str, end: str) -> None:
    """Hard-wrapped continuation lines (lower-case starts) join into one paragraph, in linear
    time: 20,000 lines join in well under a second."""
    raw = "The talks went on\n" + "\n".join(f"{word} {i}" for i in range(count)) + end
    try:
        result: Article | Failure = read_text(raw, SOURCE)
    except IngestError as e:
        result = Failure(e.source, e.reason)
    check([result], SOURCE)
    if isinstance(result, Article):
        expected = "The talks went on " + " ".join(f"{word} {i}" for i in range(count)) + end
        assert result.text == expected
