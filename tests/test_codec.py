"""The codec: every record of the model to plain JSON-able values and back, unchanged.

Each record type has a sample below with every field set to something other than its default,
so a round trip that dropped a field (a field added to a record the codec does not write, or
does not read back) fails here.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

import pytest

from storyweave import codec
from storyweave.codec import RECORDS, from_plain, to_plain
from storyweave.model import (
    Article,
    ArticleDate,
    AttributeKind,
    Claim,
    ClaimAttribute,
    ConflictKind,
    DateCandidate,
    DateConfidence,
    DateVerdict,
    Discrepancy,
    DiscrepancyKind,
    DiscrepancyRelation,
    Dossier,
    DossierWarning,
    Entity,
    Failure,
    Framing,
    LeftOut,
    Mention,
    Meta,
    NearestOther,
    OutletFraming,
    Passage,
    Quote,
    QuoteGroup,
    QuoteKind,
    QuoteVariant,
    RemovedLine,
    Signal,
    Source,
    Span,
    StatedValue,
    StoryArticle,
    StoryOverview,
    SummarySentence,
    Support,
    TermUse,
    TimelineEntry,
    TimeMention,
    ValueConflict,
    VoiceCount,
    WarningCode,
    WordingChoice,
)
from storyweave.render.json import dossier_from_json, dumps

TEXT_1 = "Xi will visit Moscow from March 20-23.\n\nPutin said the talks would be \"good\"."
TEXT_2 = "The visit runs from March 20 to 22, officials said."
P1 = Passage("a1", 0, 38)
P2 = Passage("a2", 0, 51)
P3 = Passage("a1", 40, 80)

ARTICLE = Article(
    id="a1", source="/in/one.html", text=TEXT_1, format="html",
    meta={"title": Meta("Xi to visit Moscow", "html", '<meta property="og:title" ...>'),
          "outlet": Meta("Alpha News", "breadcrumb")},
    removed=[RemovedLine(3, "Share this article", "boilerplate"),
             RemovedLine(None, "Advertisement", "template line")],
    spans=[Span(0, 38, "paragraph", {"n": 0}), Span(40, 80, "paragraph", {"n": 1})],
    encoding="windows-1252")
ARTICLE_2 = Article("a2", "/in/two.txt", TEXT_2, "txt", {"outlet": Meta("Beta", "header-line")},
                    [RemovedLine(1, "BETA", "masthead")], [Span(0, 51, "paragraph", {"n": 0})],
                    "utf-8")
SOURCES = [Source("alpha", 1, "Alpha News", ("a1",)), Source("beta", 2, "Beta", ("a2",))]

SUPPORT = Support(P2, 0.9125, 0.5, 0.75, (Signal("cosine", 0.81, 1.25),
                                          Signal("number_conflicts", 1.0, -2.5)))
VALUES = (StatedValue("23", "23", (Passage("a1", 32, 34),)),
          StatedValue("22", "22", (Passage("a2", 32, 34),)))
CONFLICT = ValueConflict(ConflictKind.NUMBER, VALUES)
ATTRIBUTE = ClaimAttribute("e1", AttributeKind.AGE, "69")
NEAREST = NearestOther(Passage("a2", 4, 9), 0.5125)
CLAIM = Claim("c1", [P1, P2], ["alpha", "beta"], P1, TEXT_1[:38], centrality=0.8125,
              salience=0.25, position=0.5, support=[SUPPORT], conflicts=[CONFLICT],
              attribute=ATTRIBUTE, nearest_other=NEAREST)
CANDIDATE = DateCandidate("2023-03-17", "header-line", "March 17, 2023", DateVerdict.CONTRADICTED,
                          "the text says next week")
DATE = ArticleDate("a1", "2023-03-17", "content", "2023-03-13", "2023-03-19",
                   DateConfidence.MEDIUM, (CANDIDATE,), ("inferred from the text",))
MENTION_TIME = TimeMention(Passage("a1", 26, 37), "2023-03-20", "2023-03-23", "day",
                           "2023-03-20/2023-03-23")
ENTRY = TimelineEntry("c1", "2023-03-20", "2023-03-22", "week", (MENTION_TIME,))
DISCREPANCY = Discrepancy(DiscrepancyKind.QUOTE, VALUES, ("c1",), "g1",
                          DiscrepancyRelation.UPDATE, "e1")
MENTION = Mention(Passage("a1", 0, 2), "Xi")
ENTITY = Entity("e1", "Xi Jinping", "PERSON", ("Xi", "Xi Jinping"), ("Chinese President",),
                [MENTION, Mention(Passage("a2", 4, 9), "he")], {"alpha": 1, "beta": 1},
                country="China")
QUOTE = Quote("q1", Passage("a1", 70, 74), QuoteKind.PARTIAL, "e2", Passage("a1", 40, 45),
              Passage("a1", 46, 50), role="President")
VARIANT = QuoteVariant("q1", (Passage("a1", 70, 74),))
GROUP = QuoteGroup("g1", "e2", [VARIANT], ["alpha", "beta"], ["c1"], wording_differs=True)
COUNT = VoiceCount("e2", "Vladimir Putin", 2)
TERM = TermUse("visit", ("alpha", "beta"), (Passage("a1", 14, 19),))
WORDING = WordingChoice("the trip", "c1", (TERM,))
OUTLET = OutletFraming("alpha", [COUNT], [VoiceCount("Russia", "Russia", 2)], 3, ["c2"])
FRAMING = Framing([OUTLET], [("c1", ("alpha", "beta"))], [WORDING])
SENTENCE = SummarySentence("c1", TEXT_1[:38], [P1, P2])
WARNING = DossierWarning(WarningCode.NOT_ONE_STORY, "These articles do not look like one story",
                         ("a1", "a2"), (("a1",), ("a2",)))
LEFT_OUT = LeftOut("a1", "/in/copy.txt", "identical copy of /in/one.html")
DOSSIER = Dossier(
    articles=[ARTICLE, ARTICLE_2], sources=SOURCES, claims=[CLAIM], summary=[SENTENCE],
    exclusives={"beta": ["c1"]}, stats={"articles": 2, "seconds": {"total": 1.5}},
    warnings=[WARNING], left_out=[LEFT_OUT], dates=[DATE], timeline=[ENTRY],
    discrepancies=[DISCREPANCY], entities=[ENTITY], quotes=[QUOTE], quote_groups=[GROUP],
    framing=FRAMING, headline="Xi in Moscow", schema_version="1.3")

STORY_ARTICLE = StoryArticle("a2", "in/b.html", "https://b.example/x", "Xi in Moscow", "Beta",
                             "2023-03-21", 0.71, True, "a1", 0.93, 8)
STORY = StoryOverview("s1a2b3c4d5e", "Xi in Moscow", "2023-03-20", "2023-03-22", ("Beta",),
                      (STORY_ARTICLE,), ("s9f8e7d6c5b",), 3, 17, 42, "s0a1b2c3d4e",
                      ("s5e6f7a8b9c",))
SAMPLES: dict[type, Any] = {type(x): x for x in (
    STORY_ARTICLE, STORY,
    ARTICLE.meta["title"], ARTICLE.spans[0], ARTICLE.removed[0], ARTICLE,
    Failure("/in/bad.html", "no article text"), P1, SUPPORT.signals[0], SUPPORT, VALUES[0],
    CONFLICT, CANDIDATE, DATE, MENTION_TIME, ENTRY, DISCREPANCY, MENTION, ENTITY, QUOTE, VARIANT,
    GROUP, COUNT, TERM, WORDING, OUTLET, FRAMING, ATTRIBUTE, NEAREST, CLAIM, SOURCES[0],
    SENTENCE, WARNING,
    LEFT_OUT, DOSSIER)}

# Fields the plain form keeps under another key, on purpose (docs/dossier-schema.md).
MOVED = {(ArticleDate, "earliest"): "window", (ArticleDate, "latest"): "window",
         (Mention, "passage"): "article"}


def _deep(x: Any) -> Any:
    """Every field, including those a record's ``==`` leaves out (a span's attrs), and which
    sequences are tuples."""
    if dataclasses.is_dataclass(x):
        return type(x).__name__, {f.name: _deep(getattr(x, f.name))
                                  for f in dataclasses.fields(x) if f.init}
    if isinstance(x, list | tuple):
        return [type(x).__name__, *map(_deep, x)]
    if isinstance(x, dict):
        return {k: _deep(v) for k, v in x.items()}
    return x


def _through_json(cls: type, record: Any) -> Any:
    return from_plain(cls, json.loads(json.dumps(to_plain(record), ensure_ascii=False)))


def test_every_record_type_has_a_sample() -> None:
    assert set(SAMPLES) == set(RECORDS), "a new record needs a sample here"


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_every_field_of_the_sample_is_set(cls: type) -> None:
    sample = SAMPLES[cls]
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        value = getattr(sample, f.name)
        assert value not in (None, "", (), [], {}), f"{cls.__name__}.{f.name} is empty"
        if f.default is not dataclasses.MISSING:
            assert value != f.default, f"{cls.__name__}.{f.name} has its default"


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_every_record_round_trips_through_json(cls: type) -> None:
    sample = SAMPLES[cls]
    again = _through_json(cls, sample)
    assert type(again) is cls
    assert again == sample
    assert _deep(again) == _deep(sample)
    assert to_plain(again) == to_plain(sample)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_the_codec_writes_every_field(cls: type) -> None:
    plain = to_plain(SAMPLES[cls])
    for f in dataclasses.fields(cls):
        if f.init:
            assert MOVED.get((cls, f.name), f.name) in plain, f"{cls.__name__}.{f.name}"


def test_an_article_keeps_its_spans_metadata_provenance_and_removed_lines() -> None:
    plain = to_plain(ARTICLE)
    # the `extract` line: key order included, since its output must not change
    assert list(plain) == ["id", "source", "format", "encoding", "meta", "text", "removed",
                           "spans"]
    assert plain["meta"]["title"] == {"value": "Xi to visit Moscow", "source": "html",
                                      "evidence": '<meta property="og:title" ...>'}
    assert plain["removed"][1] == {"line": None, "text": "Advertisement",
                                   "reason": "template line"}
    assert plain["spans"][1] == {"start": 40, "end": 80, "label": "paragraph", "attrs": {"n": 1}}
    again = _through_json(Article, ARTICLE)
    assert [s.attrs for s in again.spans] == [{"n": 0}, {"n": 1}]
    assert again.meta["outlet"].evidence is None and again.removed[1].line is None


def test_a_failure_round_trips() -> None:
    failure = Failure("/in/bad.html", "no article text: a front page?")
    assert to_plain(failure) == {"source": "/in/bad.html", "reason": "no article text: a front "
                                                                     "page?"}
    assert from_plain(Failure, to_plain(failure)) == failure


def test_lists_of_records_and_plain_values_pass_through() -> None:
    assert to_plain([P1, (P2,)]) == [{"article": "a1", "start": 0, "end": 38},
                                     [{"article": "a2", "start": 0, "end": 51}]]
    assert to_plain({"n": 1, "kind": QuoteKind.DIRECT}) == {"n": 1, "kind": "direct"}
    with pytest.raises(TypeError, match="no plain form"):
        to_plain(object())


# --- the dossier: sources by number ---------------------------------------------------------

def test_inside_a_dossier_sources_are_numbers_and_citations_name_theirs() -> None:
    plain = to_plain(DOSSIER)
    claim = plain["claims"][0]
    assert claim["sources"] == [1, 2] and claim["corroboration"] == 2
    assert claim["representative"] == {"source": 1, "article": "a1", "start": 0, "end": 38}
    assert plain["exclusives"] == [{"source": 2, "claims": ["c1"]}]
    assert plain["entities"][0]["sources"] == [{"source": 1, "mentions": 1},
                                               {"source": 2, "mentions": 1}]
    assert plain["entities"][0]["mentions"][1] == {"form": "he", "source": 2, "article": "a2",
                                                   "start": 4, "end": 9}
    assert plain["quote_groups"][0]["sources"] == [1, 2]
    assert plain["framing"]["outlets"][0]["source"] == 1
    assert plain["framing"]["coverage"] == [{"claim": "c1", "sources": [1, 2]}]
    assert plain["dates"][0]["window"] == {"earliest": "2023-03-13", "latest": "2023-03-19"}
    # outside a dossier there is no numbering: keys, and citations without a source
    alone = to_plain(CLAIM)
    assert alone["sources"] == ["alpha", "beta"] and "source" not in alone["representative"]


def test_a_dossier_cites_paragraphs_only() -> None:
    sentence = Span(0, 38, "sentence")
    d = dataclasses.replace(DOSSIER, articles=[
        dataclasses.replace(ARTICLE, spans=[*ARTICLE.spans, sentence]), ARTICLE_2])
    assert to_plain(d)["articles"][0]["spans"] == to_plain(ARTICLE)["spans"]
    assert to_plain(d.articles[0])["spans"][-1]["label"] == "sentence"  # the article keeps it


def test_claim_scores_are_written_to_four_places() -> None:
    claim = dataclasses.replace(CLAIM, centrality=0.123456, salience=1 / 3, position=0.0)
    plain = to_plain(claim)
    assert (plain["centrality"], plain["salience"], plain["position"]) == (0.1235, 0.3333, 0.0)


def test_the_discrepancy_quote_group_and_entity_are_written_only_when_set() -> None:
    x = Discrepancy(DiscrepancyKind.NUMBER, VALUES, ("c1",))
    assert list(to_plain(x)) == ["kind", "relation", "claims", "values"]
    assert from_plain(Discrepancy, to_plain(x)) == x
    aged = dataclasses.replace(x, kind=DiscrepancyKind.AGE, entity="e1")
    assert list(to_plain(aged)) == ["kind", "relation", "claims", "values", "entity"]
    assert from_plain(Discrepancy, to_plain(aged)) == aged
    home = dataclasses.replace(x, kind=DiscrepancyKind.HOME,
                               relation=DiscrepancyRelation.PLACES, entity="e1")
    assert (to_plain(home)["kind"], to_plain(home)["relation"]) == ("home", "places")
    assert from_plain(Discrepancy, to_plain(home)) == home
    # a file before 2.1 has no relation: a contradiction
    older = {k: v for k, v in to_plain(x).items() if k != "relation"}
    assert from_plain(Discrepancy, older).relation == DiscrepancyRelation.CONTRADICTION


def test_a_dossier_of_another_major_version_is_refused() -> None:
    with pytest.raises(ValueError, match="schema_version"):
        from_plain(Dossier, to_plain(DOSSIER) | {"schema_version": "3.0"})


# --- enums ------------------------------------------------------------------------------------

def test_kinds_read_back_as_enum_members_and_write_as_their_strings() -> None:
    d = from_plain(Dossier, to_plain(DOSSIER))
    assert d.quotes[0].kind is QuoteKind.PARTIAL
    assert d.claims[0].conflicts[0].kind is ConflictKind.NUMBER
    assert d.discrepancies[0].kind is DiscrepancyKind.QUOTE
    assert d.dates[0].confidence is DateConfidence.MEDIUM
    assert d.dates[0].candidates[0].verdict is DateVerdict.CONTRADICTED
    assert d.warnings[0].code is WarningCode.NOT_ONE_STORY
    assert json.dumps(d.warnings[0].code) == '"not-one-story"' and f"{QuoteKind.DIRECT}" == "direct"
    # builders that still pass plain strings make equal records
    assert dataclasses.replace(QUOTE, kind="partial") == QUOTE


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        from_plain(Quote, to_plain(QUOTE) | {"kind": "shouted"})


# --- reading: lenient where older files lack things, strict about shapes ----------------------

def test_missing_or_null_values_take_the_field_default() -> None:
    a = from_plain(Article, {"id": "a", "source": "s", "text": "T.", "meta": None,
                             "removed": [{"text": "x", "reason": "r"}],
                             "spans": [{"start": 0, "end": 2, "label": "paragraph"}]})
    assert (a.format, a.encoding, a.meta) == ("txt", None, {})
    assert a.removed == [RemovedLine(None, "x", "r")] and a.spans[0].attrs == {}
    g = from_plain(QuoteGroup, {"id": "g1", "variants": [], "sources": [], "claims": []})
    assert g.speaker is None and g.wording_differs is False


@pytest.mark.parametrize(("cls", "data", "error"), [
    (Article, {"id": "a", "source": "s"}, KeyError),  # no text
    (Article, ["a", "s", "T."], TypeError),
    (Article, {"id": "a", "source": "s", "text": "T.", "spans": "0-2"}, TypeError),
    (Article, {"id": "a", "source": "s", "text": "T.", "meta": {"title": "T"}}, TypeError),
    (Framing, {"outlets": [], "coverage": [{"claim": "c1", "sources": ["a", "b"]}],
               "wording": 3}, TypeError),
    (Dossier, {"schema_version": "1.4"}, KeyError),
])
def test_data_of_the_wrong_shape_raises(cls: type, data: Any, error: type) -> None:
    with pytest.raises(error):
        from_plain(cls, data)


# --- the codec cannot fall behind the records -------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Grown:
    name: str
    added: tuple[int, ...] = ()


def test_a_record_without_a_shape_is_written_and_read_by_its_fields() -> None:
    assert to_plain(_Grown("x", (1, 2))) == {"name": "x", "added": [1, 2]}
    assert from_plain(_Grown, {"name": "x", "added": [1, 2]}) == _Grown("x", (1, 2))


def test_a_shape_that_forgets_a_field_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(codec._SHAPES, _Grown, codec._Shape(keys=("name",)))
    with pytest.raises(TypeError, match=r"_Grown.*not written: \['added'\]"):
        codec._make_plan(_Grown)


# --- the example story ------------------------------------------------------------------------

@pytest.mark.slow
def test_the_example_dossier_round_trips_through_json(example_dossier: Dossier) -> None:
    text = dumps(example_dossier)
    again = dossier_from_json(text)
    assert dumps(again) == text
    for name in ("sources", "summary", "warnings", "left_out", "dates", "timeline",
                 "discrepancies", "entities", "quotes", "quote_groups", "framing"):
        assert getattr(again, name) == getattr(example_dossier, name), name
    assert [c.support for c in again.claims] == [c.support for c in example_dossier.claims]


def test_a_1x_dossier_still_reads_under_2x() -> None:
    old = from_plain(Dossier, to_plain(DOSSIER) | {"schema_version": "1.4"})
    assert old.schema_version == "1.4" and [c.id for c in old.claims] == ["c1"]
