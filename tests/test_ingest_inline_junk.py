"""Junk inside paragraphs (issue 17): inline photo credits, promo questions, "Story continued
below" markers, follow lines and wire-photo captions are cut out of the paragraph that holds
them, each logged with its reason, and the rest of the paragraph is kept word for word. Prose
that merely mentions a photo, following or an interest stays whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyweave.ingestion import ingest, read_html, read_path, rules
from storyweave.ingestion.textclean import Cleaned, clean_lines
from storyweave.model import Article

TITLE = "Harbour ferry service resumes after week of storms"
LEAD = ("The harbour ferry service resumed on Monday after a week in which storms kept every "
        "boat in port, the operator said.")
BEFORE = "Crews spent the weekend checking the hulls of all six ferries for damage, officials said."
AFTER = ("The first crossing left at seven in the morning with about forty passengers on board, "
         "and the timetable will be back to normal by Wednesday.")
TAIL = ("The operator said it would refund tickets bought for the cancelled crossings if "
        "passengers asked for it before the end of the month.")
# Between BEFORE and AFTER in the paragraphs below: with it they run past PROMO_MAX_WORDS, so
# no rule takes the paragraph for a promo or a caption whatever junk it holds
MORE = ("Engineers from the shipyard replaced two damaged propellers and a cracked window on "
        "the largest of the boats before the inspectors from the maritime agency signed it off.")
KEPT = "(the paragraph is kept)"


def report(*paragraphs: str) -> str:
    return "\n\n".join([TITLE, LEAD, *paragraphs, TAIL]) + "\n"


def paragraphs(cleaned: Cleaned) -> list[str]:
    return [text for _, text in cleaned.paragraphs]


def line_of(raw: str, text: str) -> int:
    return next(no for no, line in enumerate(raw.splitlines(), start=1) if text in line)


# --- one piece of junk inside a paragraph: cut with its reason, the rest kept exactly --------

# (the junk, where it sits, what the reason says)
INLINE = [
    pytest.param("( photo: Marta Okafor, Getty Images )", "mid", "inline photo credit",
                 id="credit-spaced-label"),
    pytest.param("(AP Photo/Luis Ortega)", "mid", "inline photo credit", id="credit-ap-photo"),
    pytest.param("(REUTERS/Hannah Brandt)", "mid", "inline photo credit", id="credit-reuters"),
    # Multi-News prints reports lowercased, AP's credit followed by the agency's name
    pytest.param("( ap photo/luis ortega ) ( associated press )", "mid", "inline photo credit",
                 id="credit-lowercased-with-agency"),
    pytest.param("[Photo by Dana Whitfield/Getty Images]", "mid", "inline photo credit",
                 id="credit-square-brackets"),
    pytest.param("Photo: Reuters", "mid", "inline photo credit", id="credit-label-agency"),
    pytest.param("(Photo: AP)", "end", "photo credit at the end of a paragraph",
                 id="credit-at-the-end"),
    pytest.param("Interested in Harbour Storms? Add Harbour Storms as an interest to stay up to "
                 "date on the latest Harbour Storms news, video, and analysis from ABC News.",
                 "mid", "inline promo question", id="promo-question-abc"),
    pytest.param("Interested in Local Transport?", "mid", "inline promo question",
                 id="promo-question-bare"),
    pytest.param("Story continued below", "mid", "inline ad or \"story continues below\" marker",
                 id="story-continued-below"),
    pytest.param("Article continues below advertisement", "mid", "story continues below",
                 id="article-continues-below"),
    pytest.param("Advertisement Continue reading the main story", "mid", "story continues below",
                 id="continue-reading-the-main-story"),
    pytest.param("ADVERTISEMENT", "mid", "inline ad", id="advertisement-in-capitals"),
    pytest.param("Follow Priya Raman: facebook | twitter", "end", "inline promo (follow",
                 id="follow-name-networks"),
    pytest.param("Follow us on Twitter @harbourdaily", "mid", "inline promo (follow",
                 id="follow-us-on-twitter"),
    pytest.param("Follow @harbourdaily on Twitter.", "mid", "inline promo (follow",
                 id="follow-handle"),
    # an aggregator's credit for the report it repeats
    pytest.param("(Harbour Daily News article)", "end", "inline source credit",
                 id="source-credit-at-the-end"),
    pytest.param("(Coast Radio report)", "mid", "inline source credit", id="source-credit"),
]


@pytest.mark.parametrize(("junk", "where", "reason"), INLINE)
def test_junk_inside_a_paragraph_is_cut_and_the_rest_kept(junk: str, where: str,
                                                          reason: str) -> None:
    para = (f"{BEFORE} {MORE} {junk} {AFTER}" if where == "mid"
            else f"{BEFORE} {MORE} {AFTER} {junk}")
    assert rules.word_count(para) > rules.PROMO_MAX_WORDS
    raw = report(para)
    cleaned = clean_lines(raw)
    assert paragraphs(cleaned) == [LEAD, f"{BEFORE} {MORE} {AFTER}", TAIL]
    (cut,) = cleaned.removed[1:]  # removed[0] is the title
    assert (cut.line, cut.text) == (line_of(raw, junk), junk)
    assert reason in cut.reason
    assert cut.reason.endswith(KEPT)


def test_a_credit_before_a_full_stop_leaves_one_sentence_end() -> None:
    cleaned = clean_lines(report(f"{BEFORE[:-1]} (Photo: AP). {AFTER}"))
    assert paragraphs(cleaned)[1] == f"{BEFORE} {AFTER}"
    assert [r.text for r in cleaned.removed[1:]] == ["(Photo: AP)"]


def test_several_pieces_in_one_paragraph_are_each_logged_in_order() -> None:
    junk = ["(AP Photo/Luis Ortega)", "Story continues below",
            "Follow Priya Raman: facebook | twitter"]
    raw = report(f"{BEFORE} {junk[0]} {AFTER} {junk[1]} {BEFORE} {junk[2]}")
    cleaned = clean_lines(raw)
    assert paragraphs(cleaned)[1] == f"{BEFORE} {AFTER} {BEFORE}"
    assert [(r.line, r.text) for r in cleaned.removed[1:]] == [(5, j) for j in junk]
    assert all(r.reason.endswith(KEPT) for r in cleaned.removed[1:])


def test_a_follow_line_takes_the_networks_it_lists_along() -> None:
    junk = "Follow us on Twitter @harbourdaily and on Facebook."
    cleaned = clean_lines(report(f"{BEFORE} {MORE} {junk} {AFTER}"))
    assert paragraphs(cleaned)[1] == f"{BEFORE} {MORE} {AFTER}"
    assert [r.text for r in cleaned.removed[1:]] == [junk]


@pytest.mark.parametrize("line", [
    pytest.param("Email Priya Raman at priya@example.com or follow her @priyaraman. Follow us "
                 "on Twitter @harbourdaily and on Facebook.", id="author-bio"),
    pytest.param(f"{BEFORE} Follow us on Twitter @harbourdaily", id="sentence-and-follow"),
])
def test_a_short_line_that_says_follow_us_on_is_still_a_promo(line: str) -> None:
    # up to PROMO_MAX_WORDS the line is a promo whatever else it says: the short lines of the
    # dev pages that hold "Follow us on ..." and a sentence are author bios
    cleaned = clean_lines(report(line))
    assert paragraphs(cleaned) == [LEAD, TAIL]
    assert [r.text for r in cleaned.removed[1:]] == [line]
    assert cleaned.removed[1].reason.startswith("promo (share, subscribe")


# --- a line that is only junk is cut whole ---------------------------------------------------

CAPTION = ("FILE - In this March 3, 2019 file photo, a ferry crosses the harbour in heavy rain "
           "as waves break over the sea wall near the old customs house. The operator said on "
           "Monday that the service would resume after a week of storms had kept every boat "
           "in port. (AP Photo/Luis Ortega, File)")  # 52 words: over CAPTION_MAX_WORDS


@pytest.mark.parametrize(("line", "reason"), [
    pytest.param("Interested in Local Transport?", "promo question", id="promo-question"),
    pytest.param("Story continues below", "story continues below", id="story-continues"),
    pytest.param("Follow Priya Raman: facebook | twitter", "promo (follow", id="follow-networks"),
    pytest.param("( photo: Marta Okafor, Getty Images )", "photo credit", id="credit"),
    pytest.param(CAPTION, "photo caption", id="wire-caption-file"),
    pytest.param("In this photo released by the port authority, a ferry waits at the quay as "
                 "storm waves break over the harbour wall.", "photo caption",
                 id="wire-caption-in-this-photo"),
    pytest.param(" ".join([BEFORE, AFTER, "Passengers queued on the quay from early morning, "
                           "some of them carrying bags of shopping. (REUTERS/Hannah Brandt)"]),
                 "photo caption", id="caption-ending-in-a-wire-credit"),
])
def test_a_line_of_junk_is_cut_whole(line: str, reason: str) -> None:
    raw = report(line)
    cleaned = clean_lines(raw)
    assert paragraphs(cleaned) == [LEAD, TAIL]
    (cut,) = cleaned.removed[1:]
    assert (cut.line, cut.text) == (line_of(raw, line), line)
    assert reason in cut.reason
    assert KEPT not in cut.reason


def test_a_wire_caption_before_the_report_on_one_line_is_cut_alone() -> None:
    dateline = f"PORT ELLEN (AP) — {LEAD} {AFTER}"
    cleaned = clean_lines(f"{CAPTION} {dateline}\n")
    assert paragraphs(cleaned) == [dateline]
    (cut,) = cleaned.removed
    assert cut.text == CAPTION
    assert cut.reason == "inline photo caption (a wire-photo caption) (the paragraph is kept)"


def test_a_caption_opener_without_an_end_in_sight_is_left_alone() -> None:
    # a long one-line report that opens like a caption but has no credit: nothing to cut by
    line = f"In this photo, taken on Sunday, {LEAD[0].lower()}{LEAD[1:]} {AFTER} {TAIL} {BEFORE}"
    assert rules.word_count(line) > rules.CAPTION_MAX_WORDS
    assert clean_lines(f"{line}\n").removed == []


# --- prose that mentions photos, following or an interest stays ------------------------------

@pytest.mark.parametrize("sentence", [
    pytest.param("The photo, taken by a neighbour, shows the mayor leaving the building on "
                 "Tuesday evening.", id="the-photo"),
    pytest.param("In this case, the photo was never published, the court heard on Monday.",
                 id="in-this-case-the-photo"),
    pytest.param("Residents interested in the scheme can apply until Friday, the council said.",
                 id="interested-in-the-scheme"),
    pytest.param("Interested in a deal? Not yet, the minister told reporters in the lobby.",
                 id="quoted-question"),
    pytest.param("Fans follow him on Twitter, where he posts updates about the team most days.",
                 id="follow-him-on-twitter"),
    pytest.param("Follow the law: Facebook must comply with the ruling, the judge said on "
                 "Thursday.", id="follow-the-law-colon"),
    pytest.param("Her advice to young voters: follow the candidates on Twitter and compare "
                 "what they promise.", id="follow-after-a-colon"),
    pytest.param("Follow through on Facebook's pledges, lawmakers urged the company on "
                 "Wednesday.", id="follow-through"),
    pytest.param("The story continued below the surface for years, a former aide said.",
                 id="the-story-continued-below"),
    pytest.param("Advertisement revenue at the ferry company fell by a fifth last year, its "
                 "report said.", id="advertisement-revenue"),
    pytest.param("PORT ELLEN (AP) — The ferry operator said the crossings would resume on "
                 "Monday.", id="dateline-agency"),
    pytest.param("Der Betriebsrat kritisierte den Plan des Vorstands am Montag scharf. (dpa/gem)",
                 id="news-agency-text-credit"),
    pytest.param("The council discussed the ferry report (published in May) at length on "
                 "Tuesday evening.", id="a-report-in-brackets"),
])
def test_prose_that_mentions_photos_following_or_interest_is_kept(sentence: str) -> None:
    para = f"{BEFORE} {sentence} {AFTER}"
    cleaned = clean_lines(report(para, sentence))
    assert paragraphs(cleaned) == [LEAD, para, sentence, TAIL]
    assert [r.reason for r in cleaned.removed] == ["title (recorded as metadata)"]


# --- end to end: through the readers ------------------------------------------------------------

def _one(results: list) -> Article:
    assert len(results) == 1 and isinstance(results[0], Article), results
    return results[0]


JUNK = ["( photo: Marta Okafor, Getty Images )", "Story continued below",
        "Interested in Harbour Storms? Add Harbour Storms as an interest to stay up to date on "
        "the latest Harbour Storms news, video, and analysis from ABC News.",
        "Follow Priya Raman: facebook | twitter"]


def test_a_text_file_loses_its_junk_and_keeps_its_report(tmp_path: Path) -> None:
    path = tmp_path / "ferry.txt"
    path.write_text("\n\n".join([
        CAPTION, TITLE, "By Priya Raman", LEAD,
        f"{BEFORE} {JUNK[0]} {AFTER} {JUNK[1]} {BEFORE}", f"{AFTER} {JUNK[2]} {TAIL}",
        f"{BEFORE} {JUNK[3]}", "Interested in Local Transport?", TAIL]) + "\n",
        encoding="utf-8")
    article = _one(read_path(path))
    # the caption on top is neither the title nor a paragraph
    assert article.get("title") == TITLE
    assert CAPTION not in article.text and "AP Photo" not in article.text
    for junk in [*JUNK, "Interested in"]:
        assert junk not in article.text
    assert article.text.split("\n\n") == [LEAD, f"{BEFORE} {AFTER} {BEFORE}", f"{AFTER} {TAIL}",
                                          BEFORE, TAIL]
    reasons = {r.text: r.reason for r in article.removed}
    assert reasons[CAPTION].startswith("photo caption")
    assert reasons["Interested in Local Transport?"].startswith("promo question")
    for junk in JUNK:
        assert reasons[junk].endswith(KEPT), junk


def test_a_directory_ingested_as_a_story_loses_its_junk(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(report(f"{BEFORE} {JUNK[0]} {AFTER}"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(report(f"{AFTER} {JUNK[1]} {BEFORE}"), encoding="utf-8")
    articles, failures = ingest([tmp_path])
    assert failures == []
    assert len(articles) == 2
    for article in articles:
        assert JUNK[0] not in article.text and JUNK[1] not in article.text
        assert any(r.text in JUNK[:2] and r.reason.endswith(KEPT) for r in article.removed)


def test_an_html_page_gets_the_same_cutting() -> None:
    body = "".join(f"<p>{p}</p>" for p in [
        LEAD, f"{BEFORE} {JUNK[0]} {AFTER} {JUNK[1]} {BEFORE}", f"{AFTER} {JUNK[2]} {TAIL}"])
    page = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{TITLE}</title>"
            f"</head><body><article><h1>{TITLE}</h1>{body}</article></body></html>")
    article = read_html(page, "ferry.html")
    for junk in JUNK[:3]:
        assert junk not in article.text
    assert f"{BEFORE} {AFTER} {BEFORE}" in article.text
    assert f"{AFTER} {TAIL}" in article.text
    cut = [(r.line, r.text) for r in article.removed if r.reason.endswith(KEPT)]
    assert cut == [(None, junk) for junk in JUNK[:3]]


# --- the rules themselves ----------------------------------------------------------------------

def test_inline_junk_gives_spans_in_order_without_overlap() -> None:
    line = f"{CAPTION} {BEFORE} Photo: Reuters {AFTER} Story continues below"
    spans = rules.inline_junk(line)
    assert [(line[a:b], kind) for a, b, kind in spans] == [
        (CAPTION, rules.WIRE_CAPTION), ("Photo: Reuters", rules.PHOTO_CREDIT),
        ("Story continues below", rules.CONTINUED)]
