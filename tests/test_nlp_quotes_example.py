"""Quotes and speakers in the bundled example story (five scraped reports of one visit):
who says what, in which form, as a reader of the dossier checks it (nlp.quotes)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_nlp_quotes import MARKS, quotes_of

from storyweave.ingestion import ingest


@pytest.fixture(scope="module")
def story(example_dir: Path) -> dict[str, tuple[str, list[dict[str, Any]]]]:
    articles, failures = ingest([example_dir])
    assert not failures and len(articles) == 5
    return {Path(a.source).name[:3]: (a.text, quotes_of(a.text)) for a in articles}


def find(found: list[dict[str, Any]], words: str) -> dict[str, Any]:
    hits = [q for q in found if words in q["content"]]
    assert hits, f"no quote holds {words!r}: {[q['content'][:50] for q in found]}"
    return hits[0]


@pytest.mark.slow
def test_story_pentagon_security_adviser_and_kremlin_spokesmen(story) -> None:
    _, q000 = story["000"]
    ryder = find(q000, "we’ve not seen any legal assistance")
    assert ryder["kind"] == "direct" and ryder["attrs"]["name"] == "Patrick Ryder"
    assert ryder["attrs"]["role"] == "Pentagon spokesman"
    sullivan = find(q000, "it would not be in China’s interests")
    assert sullivan["attrs"]["name"] == "Jake Sullivan"
    assert sullivan["attrs"]["role"] == "U.S. national security adviser"
    assert find(q000, "big mistake for China")["attrs"]["name"] == "Jake Sullivan"
    _, q001 = story["001"]
    peskov = find(q001, "we don't see any of the conditions")
    assert peskov["attrs"]["name"] == "Dmitry Peskov"
    assert peskov["attrs"]["role"] == "Kremlin spokesperson"


@pytest.mark.slow
def test_story_kremlin_statement_in_each_outlet(story) -> None:
    words = "strategic cooperation between Russia and China"
    q = find(story["000"][1], words)
    assert q["kind"] == "partial" and "Kremlin" in q["attrs"]["name"]
    q = find(story["001"][1], words)
    assert q["kind"] == "direct" and "Kremlin" in q["attrs"]["name"]
    assert q["attrs"]["via"] == "organisation"  # "the statement read"
    q = find(story["002"][1], "the two leaders will discuss topical issues")
    assert q["kind"] == "reported" and "Kremlin" in q["attrs"]["name"]


@pytest.mark.slow
def test_story_putin_on_relations(story) -> None:
    q = find(story["000"][1], "reaching new frontiers")
    assert q["kind"] == "partial" and q["content"] == "reaching new frontiers"
    assert q["attrs"]["name"].endswith("Putin")
    q = find(story["002"][1], "reaching new milestones")
    assert q["kind"] == "reported" and q["cue"] == "told Wang"
    assert q["attrs"]["name"].endswith("Putin")


@pytest.mark.slow
def test_story_he_said_is_biden(story) -> None:
    text, q001 = story["001"]
    q = find(q001, "The idea that China is gonna be negotiating")
    assert q["kind"] == "direct" and q["speaker"] == "he"
    assert q["attrs"]["name"] == "Joe Biden"
    start, end = q["attrs"]["antecedent"]
    assert "Biden" in text[start:end]


@pytest.mark.slow
def test_story_outlet_without_quote_marks_still_has_attributed_statements(story) -> None:
    text, q002 = story["002"]
    assert not any(m in text for m in MARKS)
    assert len(q002) >= 8 and all(q["kind"] == "reported" for q in q002)
    assert sum(1 for q in q002 if q["speaker"]) >= 8
    assert find(q002, "something we’ll be watching")["attrs"]["name"] == "Jake Sullivan"
    assert find(q002, "Moscow highly values")["attrs"]["name"] == "Yuri Ushakov"


@pytest.mark.slow
def test_story_scare_quotes_and_span_contract(story) -> None:
    for text, found in story.values():
        for q in found:
            content = q["content"]
            if q["kind"] == "reported":
                # A paraphrase may hold a quoted phrase, but never half of one.
                assert content.count("“") == content.count("”")
            else:
                assert content[0] not in MARKS and content[-1] not in MARKS
            span = q["span"]
            assert text[span.start:span.end] == content == content.strip()
        contents = [q["content"] for q in found]
        for scare in ("position paper", "no limits", "consequences"):
            assert scare not in contents
        # a label a speech act gives, in marks, is the speaker's word (pipeline 2.19)
        labels = {q["content"]: (q["kind"], q["speaker"]) for q in found
                  if q["content"] in ("some trade deals", "disinformation")}
        assert all(kind == "partial" and speaker for kind, speaker in labels.values()), labels
