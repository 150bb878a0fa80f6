"""Entity spans (spaCy NER per paragraph), duration flags, keys, and number spans."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from storyweave.labels import Label
from storyweave.model import Article, Span
from storyweave.nlp import annotate, sentences_of
from storyweave.nlp.annotation import LEAD_SENTENCES
from storyweave.nlp.entities import entity_key, entity_spans, is_duration
from storyweave.nlp.numbers import number_spans, words_value
from storyweave.nlp.pairfeatures import stored_precision

EXAMPLES = sorted((Path(__file__).parents[1] / "examples" / "xi-moscow-2023").glob("*.txt"))


def _ents(text: str) -> list[tuple[str, str]]:
    return [(text[s.start:s.end], s.attrs["type"]) for s in entity_spans(text)]


def _nums(text: str) -> list[tuple[str, float | None, str | None]]:
    return [(text[s.start:s.end], s.attrs["value"], s.attrs["unit"]) for s in number_spans(text)]


# --- entities -------------------------------------------------------------------------------

@pytest.mark.slow
def test_entities_never_cross_newlines() -> None:
    # Run over the whole string, spaCy returns one PERSON "Vladimir Putin\nXi Jinping".
    text = "Vladimir Putin\nXi Jinping"
    assert all("\n" not in text[s.start:s.end] for s in entity_spans(text))
    text = "Vladimir Putin\nXi Jinping arrived in Moscow."
    people = [t for t, kind in _ents(text) if kind == "PERSON"]
    assert people == ["Vladimir Putin", "Xi Jinping"]


@pytest.mark.slow
def test_a_ship_is_no_person() -> None:
    # spaCy's small model takes these for a PERSON and an ORG; a "he added" went to the ship
    assert _ents("The pirates were taken on board INS Mysore, the officer said.") == [
        ("INS Mysore", "PRODUCT")]
    assert ("HMS Defender", "PRODUCT") in _ents("HMS Defender sailed near Crimea.")
    # names that merely start like a prefix are left as spaCy tags them
    assert all(kind != "PRODUCT" for _, kind in _ents("Mv Smith met Insa Jones in Oslo."))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name[:3])
@pytest.mark.slow
def test_entity_offsets_on_example_articles(path: Path) -> None:
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    spans = entity_spans(text)
    assert spans, "a news article with no entities at all"
    for s in spans:
        piece = text[s.start:s.end]
        assert piece and "\n" not in piece
        assert s.label == "entity" and s.attrs["key"] == entity_key(piece)
    assert ("Xi Jinping", "PERSON") in _ents(text)


def test_entity_keys_fold_possessives_the_and_quotes() -> None:
    assert entity_key("the Kremlin\u2019s") == "kremlin"
    assert entity_key("The Kremlin") == "kremlin"
    assert entity_key("\u201cPutin\u201d") == "putin"
    assert entity_key("leaders\u2019") == "leaders"
    assert entity_key("U.S.") == "u.s."


@pytest.mark.slow
def test_durations_are_flagged_and_points_are_not() -> None:
    text = ("The visit, touted for months, follows three years of talks; officials have said "
            "for about a month that it would come more than a year after the invasion. "
            "It starts on March 20 and was announced last week.")
    dates = {text[s.start:s.end]: s.attrs.get("duration", False)
             for s in entity_spans(text) if s.attrs["type"] in ("DATE", "TIME")}
    assert dates.get("three years") is True
    assert dates.get("about a month") is True
    assert dates.get("March 20") is False
    assert dates.get("last week") is False


@pytest.mark.parametrize("phrase, expected", [
    ("three years", True), ("about a month", True), ("more than a year", True),
    ("a two-day", True), ("recent weeks", True), ("24 hours", True),
    ("last year", False), ("next week", False), ("more than a year ago", False),
    ("March 20-23", False), ("Friday", False), ("the end of the year", False),
    ("the 1990s", False), ("this week\u2019s", False),
])
def test_is_duration(phrase: str, expected: bool) -> None:
    assert is_duration(phrase) is expected


@pytest.mark.slow
def test_docs_must_match_paragraphs() -> None:
    from storyweave.nlp.entities import run_ner

    docs = list(run_ner(["Xi Jinping went to Moscow."]))
    with pytest.raises(ValueError):
        entity_spans("Something else entirely.", docs)
    with pytest.raises(ValueError):
        entity_spans("One.\nTwo.", docs)


# --- numbers --------------------------------------------------------------------------------

def test_money_with_multiplier() -> None:
    assert _nums("Trade reached $200 billion last year.") == [("$200 billion", 2e11, "USD")]
    assert _nums("a US$5bn loan and 1,000,000 yuan") == [("US$5bn", 5e9, "USD"),
                                                        ("1,000,000 yuan", 1e6, "CNY")]


def test_range_is_two_numbers() -> None:
    assert _nums("from March 20-23, 2023") == [("20", 20.0, None), ("23", 23.0, None),
                                               ("2023", 2023.0, None)]


def test_number_words() -> None:
    text = "Chinese companies sent Russian entities a thousand assault rifles and twelve drones."
    assert _nums(text) == [("a thousand", 1000.0, None), ("twelve", 12.0, None)]
    assert _nums("two hundred and five men, twenty-one days") == [
        ("two hundred and five", 205.0, None), ("twenty-one", 21.0, None)]
    assert words_value(["three", "million"]) == 3e6


def test_percentages_decimals_and_units() -> None:
    assert _nums("GDP grew 3.5 percent, or 4.5%, by 2 percentage points") == [
        ("3.5 percent", 3.5, "%"), ("4.5%", 4.5, "%"), ("2 percentage points", 2.0, "pp")]
    assert _nums("1,234.56 euros and 39 people") == [("1,234.56 euros", 1234.56, "EUR"),
                                                     ("39", 39.0, None)]


def test_not_numbers() -> None:
    # Pronoun "one", digits inside names/codes, version strings.
    assert _nums("no one at the G20 with 5G phones ran v3.5.1") == []


def test_numbers_in_lowercase_text() -> None:
    upper = "Xi pledged $200 Billion to A Thousand firms over Twelve months."
    assert [(t, v, u) for t, v, u in _nums(upper.lower())] == [
        ("$200 billion", 2e11, "USD"), ("a thousand", 1000.0, None), ("twelve", 12.0, None)]
    assert [v for _, v, _ in _nums(upper)] == [2e11, 1000.0, 12.0]


def test_numbers_never_cross_newlines() -> None:
    assert _nums("It cost 200\nbillion reasons") == [("200", 200.0, None)]


def test_time_and_ordinal() -> None:
    spans = number_spans("at 10:30 on the 20th")
    assert [(s.attrs["unit"], s.attrs["value"]) for s in spans] == [("time", None), (None, 20.0)]
    assert spans[1].attrs.get("ordinal") is True


# --- annotate -------------------------------------------------------------------------------

@pytest.mark.slow
def test_annotate_replaces_own_spans_and_keeps_others() -> None:
    text = "Xi Jinping met Vladimir Putin. They signed 12 deals.\n\nU.S. officials objected."
    stale = [Span(0, 3, "sentence"), Span(0, 2, "entity"), Span(5, 6, "number")]
    para = [Span(0, 52, "paragraph"), Span(54, len(text), "paragraph")]
    given = Article(id="a", source="test", text=text, format="txt", spans=stale + para)
    found = annotate([given])
    [article], vectors = found.articles, found.sentences
    assert given.spans == stale + para  # the input is not changed
    labels = [s.label for s in article.spans]
    assert labels.count("paragraph") == 2
    sentences = sentences_of(article)
    assert [article.span_text(s) for s in sentences] == [
        "Xi Jinping met Vladimir Putin.", "They signed 12 deals.", "U.S. officials objected."]
    assert Span(0, 3, "sentence") not in article.spans
    assert [(s.start, s.end) for s in article.spans] == sorted((s.start, s.end)
                                                               for s in article.spans)
    assert len(vectors) == 3
    assert {k for k in vectors} == {("a", s.start, s.end) for s in sentences}
    assert ("12", 12.0) in [(article.span_text(s), s.attrs["value"])
                            for s in article.spans_of("number")]
    # Running twice gives the same spans, not duplicates.
    before = [(s.start, s.end, s.label, s.attrs) for s in article.spans]
    [again] = annotate([article]).articles
    assert [(s.start, s.end, s.label, s.attrs) for s in again.spans] == before


@pytest.mark.slow
def test_annotate_vectors_are_keyed_by_article_and_sentence() -> None:
    from storyweave.nlp.models import embedder

    texts = ["Xi arrived in Moscow. Talks began.", "", "Ryder spoke on Thursday."]
    articles = [Article(id=str(i), source="t", text=t, format="txt") for i, t in enumerate(texts)]
    found = annotate(articles)
    articles, vectors = found.articles, found.sentences
    assert sorted(vectors) == [("0", 0, 21), ("0", 22, 34), ("2", 0, 24)]
    alone = embedder().encode(["Ryder spoke on Thursday.", "Talks began."])
    # to the precision the store keeps them in (int8 codes: within half a 127th of the
    # largest value, below 0.2 in a unit vector of 384), and kept at it exactly
    assert abs(vectors["2", 0, 24] - alone[0]).max() < 1e-3
    assert abs(vectors.of(articles[0], sentences_of(articles[0])[1]) - alone[1]).max() < 1e-3
    assert all(np.array_equal(v, stored_precision(v)) for v in vectors.matrix)
    with pytest.raises(KeyError, match="no embedding for sentence"):
        vectors["1", 0, 5]


@pytest.mark.slow
def test_sentences_past_the_lead_take_their_statements_vectors() -> None:
    """The lead's sentences are embedded (story grouping reads them); past the lead, a
    sentence that is not exactly a statement takes the mean of the statements it holds, and
    one that holds none is embedded."""
    from storyweave.nlp.models import embedder

    dated = "LONDON (Reuters) — The central bank {} its main rate to {} percent on {}."
    text = (dated.format("raised", 5, "Thursday") + " Talks began. The union met. The minister"
            " spoke. Workers marched.\n\n" + dated.format("cut", 4, "Friday") + "\n\nMore soon.")
    found = annotate([Article(id="a", source="t", text=text, format="txt")])
    [article], vectors = found.articles, found.sentences
    sentences = sentences_of(article)
    assert len(sentences) == 7 > LEAD_SENTENCES
    first, sixth, last = sentences[0], sentences[5], sentences[6]
    [statement] = [s for s in article.spans_of(Label.STATEMENT) if s.start > sixth.start]
    assert (statement.start, statement.end) != (sixth.start, sixth.end)  # its dateline cut
    alone = embedder().encode([article.span_text(s) for s in (first, sixth, last)])
    assert abs(vectors.of(article, first) - alone[0]).max() < 1e-3  # in the lead: embedded
    held = found.statements.vectors["a", statement.start, statement.end]
    assert abs(vectors.of(article, sixth) - held).max() < 1e-3
    assert abs(vectors.of(article, sixth) - alone[1]).max() > 1e-2  # not embedded again
    assert abs(vectors.of(article, last) - alone[2]).max() < 1e-3  # holds none: embedded


@pytest.mark.slow
def test_annotate_reports_progress_and_stats() -> None:
    calls: list[tuple[str, int, int]] = []
    article = Article(id="p", source="t", text="Xi arrived in Moscow. Talks began.\n\nPutin "
                      "greeted him.", format="txt")
    stats = annotate([article], progress=lambda *c: calls.append(c)).report
    stages = {stage for stage, _, _ in calls}
    assert stages == {"sentences", "parse", "embedding", "pair features"}
    assert ("embedding", 3, 3) in calls and ("parse", 2, 2) in calls
    assert stats["sentences"] == 3 and stats["paragraphs"] == 2
    assert set(stats["seconds"]) == {"sentences", "parse", "numbers_terms", "embedding",
                                     "pair_features"}


@pytest.mark.slow
def test_annotate_reads_the_pair_scorers_words_off_its_one_parse(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """spaCy parses each paragraph once: the lemmas, tags and entities of every statement's
    (and its core's) scorer side are read off that parse, not parsed again on their own."""
    from storyweave.nlp import models

    nlp = models.spacy_nlp()
    texts: list[str] = []
    real_pipe = nlp.pipe

    def counting_pipe(docs, **kw):  # type: ignore[no-untyped-def]
        docs = list(docs)
        if kw.get("disable") == ["parser"]:  # the pair scorer's own pass (build_sides)
            texts.extend(docs)
        return real_pipe(docs, **kw)

    monkeypatch.setattr(nlp, "pipe", counting_pipe)
    text = ("Xi Jinping arrived in Moscow on Monday for talks with Vladimir Putin, the "
            "Kremlin said.\n\nThe two leaders signed 14 agreements, Russian media reported.")
    found = annotate([Article(id="a", source="t", text=text, format="txt")])
    assert texts == []
    sides = list(found.statements.sides.values())
    assert len(sides) == 2 and all(s.core is not None for s in sides)
    assert "arrive" in sides[0].lemmas and {v.key for v in sides[0].values} >= {"xi jinping"}
    assert [v.text for v in sides[1].core.values] == ["two", "14"]
