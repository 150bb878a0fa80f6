"""Framing per outlet, measured: voices by speaker and country, the facts each outlet leaves
out, and the words outlets use for the same thing side by side."""

from __future__ import annotations

from dataclasses import replace

import pytest
from factories import make_article

from storyweave.labels import Label
from storyweave.model import Article, Claim, Entity, Framing, Passage, Quote, Source, Span
from storyweave.nlp.pairfeatures import build_sides
from storyweave.nlp.terms import term_spans
from storyweave.weaving.voices.framing import UNKNOWN_SIDE, frame

pytestmark = pytest.mark.slow  # framing reads its terms with spaCy


def _article(aid: str, text: str) -> Article:
    # one sentence, the whole text, and nothing else: what framing reads is written here
    return make_article(text, id=aid, spans=[Span(0, len(text), Label.SENTENCE)],
                        paragraphs=False)


def _frame(arts: list[Article], sources: list[Source], claims: list[Claim],
           quotes: list[Quote], people: list[Entity]) -> Framing:
    """``frame`` on articles annotated as the NLP stage does: their ``term`` spans, and the
    descriptive words of each claim passage (from its pair-scorer side)."""
    found = term_spans([a.text for a in arts], [list(a.spans_of(Label.SENTENCE)) for a in arts])
    arts = [replace(a, spans=sorted([*a.spans, *t], key=lambda s: (s.start, s.end, s.label)))
            for a, t in zip(arts, found, strict=True)]
    text_of = {a.id: a.text for a in arts}

    def terms_of(p: Passage) -> tuple[tuple[str, int, int], ...]:
        return build_sides([text_of[p.article][p.start:p.end]])[0].terms

    return frame(arts, sources, claims, quotes, people, terms_of)


def _sources(*ids: str) -> list[Source]:
    return [Source(f"outlet:{a}", n, a, (a,)) for n, a in enumerate(ids, start=1)]


def _claim(cid: str, *passages: Passage) -> Claim:
    return Claim(id=cid, passages=list(passages),
                 sources=list(dict.fromkeys(f"outlet:{p.article}" for p in passages)),
                 representative=passages[0], text=cid)


def _entity(eid: str, name: str, country: str | None) -> Entity:
    return Entity(eid, name, "PERSON", (name,), (), [], {}, country)


def _quote(qid: str, article: str, speaker: str | None) -> Quote:
    return Quote(qid, Passage(article, 0, 4), "direct", speaker, None, None)


def test_voices_are_counted_per_outlet_by_speaker_and_by_country() -> None:
    arts = [_article("a", "Text one."), _article("b", "Text two.")]
    people = [_entity("e1", "Dmitry Peskov", "Russia"), _entity("e2", "John Kirby", None)]
    quotes = [_quote("q1", "a", "e1"), _quote("q2", "a", "e1"), _quote("q3", "a", "e2"),
              _quote("q4", "a", None), _quote("q5", "b", "e2")]
    f = _frame(arts, _sources("a", "b"), [], quotes, people)
    a, b = f.outlets
    assert [(v.label, v.quotes) for v in a.voices] == [("Dmitry Peskov", 2), ("John Kirby", 1)]
    # an unnamed speaker and a speaker of no known country both count as unknown
    assert [(v.label, v.quotes) for v in a.sides] == [("Russia", 2), (UNKNOWN_SIDE, 2)]
    assert [(v.label, v.quotes) for v in b.voices] == [("John Kirby", 1)]


def test_coverage_and_the_facts_an_outlet_leaves_out() -> None:
    arts = [_article(x, "Some text here.") for x in "abc"]
    claims = [_claim("c1", Passage("a", 0, 4), Passage("b", 0, 4)),
              _claim("c2", Passage("a", 0, 4), Passage("b", 0, 4), Passage("c", 0, 4)),
              _claim("c3", Passage("c", 0, 4))]
    f = _frame(arts, _sources("a", "b", "c"), claims, [], [])
    assert f.coverage == [("c1", ("outlet:a", "outlet:b")),
                          ("c2", ("outlet:a", "outlet:b", "outlet:c")), ("c3", ("outlet:c",))]
    a, b, c = f.outlets
    assert (a.carried, a.omitted) == (2, [])
    # c1 is stated by two other outlets: c leaves it out; c3 is one outlet's own: nobody omits it
    assert (c.carried, c.omitted) == (2, ["c1"])


def test_outlets_names_for_the_war_are_listed_with_who_uses_them() -> None:
    arts = [_article("a", "China backed Russia before it launched its unprovoked war on Ukraine."),
            _article("b", "It is Xi's first visit since Russia's invasion of Ukraine."),
            _article("c", "China wants to mediate in the conflict in Ukraine.")]
    f = _frame(arts, _sources("a", "b", "c"), [], [], [])
    [war] = [w for w in f.wording if w.topic == "the war"]
    assert war.claim is None
    uses = {u.term: u.sources for u in war.uses}
    assert uses == {"unprovoked war": ("outlet:a",), "invasion": ("outlet:b",),
                    "conflict": ("outlet:c",)}
    p = next(u for u in war.uses if u.term == "unprovoked war").passages[0]
    assert arts[0].text[p.start:p.end] == "unprovoked war"


def test_a_topic_every_outlet_words_alike_is_not_shown() -> None:
    arts = [_article("a", "The war goes on."), _article("b", "The war is in its second year.")]
    f = _frame(arts, _sources("a", "b"), [], [], [])
    assert not [w for w in f.wording if w.topic == "the war"]


def test_descriptive_words_only_some_outlets_use_for_one_fact_side_by_side() -> None:
    a = "Xi published a vague position paper on the crisis."
    b = "Xi published a position paper on the crisis."
    arts = [_article("a", a), _article("b", b)]
    claim = _claim("c1", Passage("a", 0, len(a)), Passage("b", 0, len(b)))
    f = _frame(arts, _sources("a", "b"), [claim], [], [])
    [w] = [w for w in f.wording if w.claim == "c1"]
    assert [(u.term, u.sources) for u in w.uses] == [("vague position paper", ("outlet:a",))]


def test_hyphenated_modifiers_are_kept_whole_and_plurals_are_one_choice() -> None:
    arts = [_article("a", "Russia began its full-scale invasion of Ukraine."),
            _article("b", "The invasions of Ukraine and the invasion of Crimea."),
            _article("c", "The war in Ukraine goes on.")]
    f = _frame(arts, _sources("a", "b", "c"), [], [], [])
    [war] = [w for w in f.wording if w.topic == "the war"]
    uses = {u.term: u.sources for u in war.uses}
    assert uses == {"full-scale invasion": ("outlet:a",), "invasions": ("outlet:b",),
                    "war": ("outlet:c",)}
