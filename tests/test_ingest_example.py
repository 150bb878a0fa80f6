"""The bundled example story through the whole ingest stage.

Every boilerplate line of the five scraped reports is listed here by hand, with the kind of
reason the cleaner must give for cutting it. Every other line is a sentence of the report and
must survive into the clean text.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from storyweave.codec import from_plain, to_plain
from storyweave.ingestion import ingest, read_path
from storyweave.keys import normalise
from storyweave.model import Article

# file prefix -> {raw line number: (raw line, stripped; reason substring)}
BOILERPLATE: dict[str, dict[int, tuple[str, str]]] = {
    "000": {
        1: ("May 18, 2024", "date line"),
        4: ("Chinese leader Xi Jinping will travel to Russia next week, where he’ll meet with "
            "President Vladimir Putin, both leaders’ governments announced on Friday.",
            "duplicate paragraph"),
        8: ("US HASN’T SEEN CHINA PROVIDE LETHAL AID TO RUSSIA, PENTAGON SAYS",
            "related headline"),
        12: ("Putin Xi", "tag line"),
        14: ("HOW HWEE YOUNG/AP", "photo credit"),
        30: ("CLICK HERE TO READ MORE FROM RESTORING AMERICA", "promo"),
        36: ("Leave a Reply", "site furniture"),
    },
    "001": {
        1: ("scorecard", "menu or ad"),
        2: ("1. Home", "breadcrumb"),
        3: ("2. international", "breadcrumb"),
        4: ("3. news", "breadcrumb"),
        5: ("4. Chinese leader Xi Jinping is heading to Russia to meet Vladimir Putin",
            "breadcrumb"),
        7: ("Chinese leader Xi Jinping is heading to Russia to meet Vladimir Putin", "title"),
        9: ("Matthew Loh", "byline"),
        11: ("Chinese leader Xi Jinping is heading to Russia to meet Vladimir Putin",
             "repeated title"),
        57: ("Popular Right Now", "site furniture"),
        61: ("Advertisement", "site furniture"),
    },
    "002": {
        1: ("date 2023-03-18", "date line"),
    },
    "003": {
        1: ("Report: Xi to Meet with Putin in Russia", "title"),
        3: ("March 13, 2023", "date line"),
        25: ("Read more exclusive news from Political IQ.", "promo"),
        29: ("Get the featured stories in your email and don't miss out on important news.",
             "promo"),
        32: ("AAA predicts busiest ever holiday travel season", "footer line"),
        35: ("AAA predicts busiest ever holiday travel season", "footer line"),
    },
    "004": {
        1: ("Calamos Supports Greece", "menu or ad"),
        2: ("GreekReporter.comEuropeChina's Xi to visit Russia in Show of Support for Putin",
            "breadcrumb"),
        4: ("China’s Xi to visit Russia in Show of Support for Putin", "title"),
        6: ("Russia China", "tag line"),
        7: ("President Xi is to meet with his Russian counterpart Putin in Moscow next week. "
            "Credit: Kremlin.ru", "photo caption"),
        41: ("See all the latest news from Greece and the world at Greekreporter.com. Contact our "
             "newsroom to report an update or send your story, photos and videos. Follow GR on "
             "Google News and subscribe here to our daily email!", "promo"),
        45: ("Related Posts", "site furniture"),
    },
}

PREFIXES = sorted(BOILERPLATE)


def _bare(line: str) -> str:
    """A raw line as the cleaner sees it: no surrounding whitespace, no bullet marker, and
    no-break spaces (003 has some inside sentences) read as plain spaces."""
    return line.replace("\u00a0", " ").strip().removeprefix("•").strip()


def raw_lines(path: Path) -> dict[int, str]:
    """Non-blank raw lines by 1-based line number."""
    text = path.read_text(encoding="utf-8")
    return {no: _bare(line) for no, line in enumerate(text.splitlines(), start=1)
            if line.strip()}


def prose_lines(path: Path, boilerplate: dict[int, tuple[str, str]]) -> dict[int, str]:
    """Every raw line that is not in the hand-written boilerplate list: a report sentence."""
    return {no: line for no, line in raw_lines(path).items() if no not in boilerplate}


@pytest.fixture(scope="module")
def story(example_dir: Path) -> dict[str, Article]:
    articles, failures = ingest([example_dir])
    assert failures == []
    by_prefix = {Path(a.source).name[:3]: a for a in articles}
    assert sorted(by_prefix) == PREFIXES
    return by_prefix


def _file(example_dir: Path, prefix: str) -> Path:
    (path,) = example_dir.glob(f"{prefix}_*.txt")
    return path


def test_the_boilerplate_list_matches_the_files(example_dir: Path) -> None:
    # guards the hand-written list itself: a typo would make the other tests vacuous
    for prefix, lines in BOILERPLATE.items():
        raw = raw_lines(_file(example_dir, prefix))
        for no, (line, _) in lines.items():
            assert raw[no] == line, (prefix, no)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_boilerplate_line_is_removed_with_a_reason(story, example_dir, prefix) -> None:
    article = story[prefix]
    removed = {r.line: r for r in article.removed}
    paragraphs = {normalise(article.span_text(s)) for s in article.spans_of("paragraph")}
    for no, (line, reason) in BOILERPLATE[prefix].items():
        assert no in removed, f"{prefix} line {no} not logged as removed: {line!r}"
        assert removed[no].text == line
        assert reason in removed[no].reason, (line, removed[no].reason)
        if "duplicate" in reason:
            continue  # its first rendering stays (checked below)
        assert normalise(line) not in paragraphs, f"{prefix}: boilerplate kept: {line!r}"
        assert line not in article.text


@pytest.mark.parametrize("prefix", PREFIXES)
def test_no_report_sentence_is_lost(story, example_dir, prefix) -> None:
    article = story[prefix]
    prose = prose_lines(_file(example_dir, prefix), BOILERPLATE[prefix])
    assert prose, "the helper found no prose at all"
    for no, line in prose.items():
        assert line in article.text, f"{prefix} line {no} lost: {line!r}"
    assert {r.line for r in article.removed} == set(BOILERPLATE[prefix])


@pytest.mark.parametrize("prefix", PREFIXES)
def test_paragraph_spans_point_at_their_raw_lines(story, example_dir, prefix) -> None:
    article = story[prefix]
    raw = raw_lines(_file(example_dir, prefix))
    spans = list(article.spans_of("paragraph"))
    assert "\n\n".join(article.span_text(s) for s in spans) == article.text
    for s in spans:
        piece = article.text[s.start:s.end]
        assert piece == article.span_text(s) == piece.strip() and piece
        assert raw[s.attrs["line"]] == piece


def test_duplicated_lead_paragraph_appears_once(story) -> None:
    # printed twice in 000: once with straight and once with curly apostrophes
    lead = normalise("Chinese leader Xi Jinping will travel to Russia next week, where he'll meet "
                     "with President Vladimir Putin, both leaders' governments announced on "
                     "Friday.")
    article = story["000"]
    assert normalise(article.text).count(lead) == 1
    assert article.text.startswith("Chinese leader Xi Jinping will travel to Russia next week")


@pytest.mark.parametrize(("prefix", "title"), [
    ("001", "Chinese leader Xi Jinping is heading to Russia to meet Vladimir Putin"),
    ("003", "Report: Xi to Meet with Putin in Russia"),
    ("004", "China’s Xi to visit Russia in Show of Support for Putin"),
])
def test_titles_are_metadata_with_their_source(story, prefix, title) -> None:
    meta = story[prefix].meta["title"]
    assert (meta.value, meta.source, meta.evidence) == (title, "header-line", title)


def test_byline_becomes_the_author(story) -> None:
    meta = story["001"].meta["author"]
    assert (meta.value, meta.source, meta.evidence) == ("Matthew Loh", "header-line",
                                                        "Matthew Loh")
    for prefix in ("000", "002", "003", "004"):
        assert story[prefix].author is None, prefix


@pytest.mark.parametrize(("prefix", "outlet", "source", "evidence"), [
    ("003", "Political IQ", "footer-line", "Read more exclusive news from Political IQ."),
    ("004", "GreekReporter.com", "breadcrumb",
     "GreekReporter.comEuropeChina's Xi to visit Russia in Show of Support for Putin"),
])
def test_outlets_read_off_footer_and_breadcrumb(story, prefix, outlet, source, evidence) -> None:
    meta = story[prefix].meta["outlet"]
    assert (meta.value, meta.source, meta.evidence) == (outlet, source, evidence)


@pytest.mark.parametrize(("prefix", "iso", "raw"), [
    ("000", "2024-05-18", "May 18, 2024"),
    ("002", "2023-03-18", "date 2023-03-18"),
    ("003", "2023-03-13", "March 13, 2023"),
])
def test_printed_dates_are_recorded_with_evidence(story, example_dir, prefix, iso, raw) -> None:
    meta = story[prefix].meta["published"]
    assert (meta.value, meta.source, meta.evidence) == (iso, "header-line", raw)
    assert raw in _file(example_dir, prefix).read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_articles_are_english_utf8_text(story, prefix) -> None:
    article = story[prefix]
    assert (article.format, article.encoding) == ("txt", "utf-8")
    assert article.meta["language"].value == "en"
    assert article.meta["language"].source == "detected"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_round_trip_through_json(story, prefix) -> None:
    article = story[prefix]
    again = from_plain(Article, json.loads(json.dumps(to_plain(article), ensure_ascii=False)))
    assert again == article
    assert to_plain(again) == to_plain(article)
    assert [s.attrs for s in again.spans] == [s.attrs for s in article.spans]


def test_ids_are_unique_and_stable(story, example_dir) -> None:
    ids = {a.id for a in story.values()}
    assert len(ids) == len(story)
    again, _ = ingest([example_dir])
    assert {a.id for a in again} == ids


def test_id_depends_on_content_not_path(story, example_dir, tmp_path) -> None:
    original = _file(example_dir, "002")
    copy = tmp_path / "elsewhere" / "renamed.txt"
    copy.parent.mkdir()
    shutil.copy(original, copy)
    (moved,) = read_path(copy)
    assert moved.id == story["002"].id
    assert moved.source == str(copy)

    edited = tmp_path / "edited.txt"
    text = original.read_text(encoding="utf-8")
    edited.write_text(text.replace("39 times", "40 times"), encoding="utf-8")
    (changed,) = read_path(edited)
    assert changed.id != story["002"].id


def test_relative_and_absolute_paths_read_the_same(story, example_dir, monkeypatch) -> None:
    monkeypatch.chdir(example_dir.parents[1])
    articles, failures = ingest(["examples/xi-moscow-2023"])
    assert failures == []
    assert [a.id for a in articles] == [story[p].id for p in PREFIXES]
    assert all(not Path(a.source).is_absolute() for a in articles)
