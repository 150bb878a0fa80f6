"""Quotes across outlets: one statement grouped with its variant wordings, the words that
differ marked, and a quote discrepancy when outlets put different words in quotation marks.

The quote and speaker spans are written by hand here (the extractor has its own tests in
test_nlp_quotes.py); the grouping decision is the real pair scorer's."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from factories import make_article

from storyweave.labels import Label
from storyweave.model import Article, Claim, Passage, Span
from storyweave.nlp import quote_features
from storyweave.weaving.align.pairscore import scorer
from storyweave.weaving.discrepancies import quote_discrepancies
from storyweave.weaving.voices.quote_groups import (
    _differing,
    collect_quotes,
    group_quotes,
    marks_quotes,
)


def _article(aid: str, text: str, quote: str, speaker: str, kind: str,
             name: str) -> Article:
    """An article whose one quote is ``quote`` (found in ``text``), said by ``speaker``."""
    q, s = text.index(quote), text.index(speaker)
    spans = [Span(s, s + len(speaker), Label.SPEAKER, {"name": name, "type": "PERSON",
                                                         "via": "name"}),
             Span(q, q + len(quote), Label.QUOTE, {"kind": kind, "speaker": [s, s + len(speaker)]})]
    return make_article(text, id=aid, spans=spans, paragraphs=False)


def _by_name(article: Article, span: Span) -> str | None:
    return {"Putin": "e1", "Vladimir Putin": "e1", "Biden": "e2",
            "Peskov": "e3"}.get(span.attrs["name"])


def _group(articles: list[Article], claims: list[Claim] | None = None):
    quotes = collect_quotes(articles, _by_name)
    judge = scorer()
    found = group_quotes(quotes, articles, {a.id: f"outlet:{a.id}" for a in articles},
                         claims or [], features=quote_features(articles),
                         score=judge.score, threshold=judge.threshold)
    return quotes, SimpleNamespace(groups=found.groups,
                                   discrepancies=quote_discrepancies(found.drafts))


FRONTIERS = ("Putin described the relationship between the two countries as “reaching new "
             "frontiers” at the time.")
# an outlet that prints no quotation marks at all: its reported speech may be a lost quote
MILESTONES = ("Putin told Wang that relations between his country and China are reaching new "
              "milestones, while Wang pledged to strengthen the partnership.")


@pytest.mark.slow
def test_one_statement_in_two_wordings_is_one_group_and_a_quote_discrepancy() -> None:
    a = _article("a", FRONTIERS, "reaching new frontiers", "Putin", "partial", "Putin")
    b = _article("b", MILESTONES,
                 "relations between his country and China are reaching new milestones",
                 "Putin", "reported", "Putin")
    assert not marks_quotes(b)
    quotes, found = _group([a, b])
    assert [q.speaker for q in quotes] == ["e1", "e1"]
    assert len(found.groups) == 1
    g = found.groups[0]
    assert g.speaker == "e1" and g.sources == ["outlet:a", "outlet:b"] and g.wording_differs
    differing = {v.quote: [a.text[p.start:p.end] if p.article == "a" else b.text[p.start:p.end]
                           for p in v.differing] for v in g.variants}
    id_of = {q.content.article: q.id for q in quotes}
    assert differing == {id_of["a"]: ["frontiers"], id_of["b"]: ["milestones"]}
    [x] = found.discrepancies
    assert x.kind == "quote" and x.quote_group == g.id
    # each value is the stretch both quote, not the words only one outlet reports
    assert sorted(v.text for v in x.values) == ["reaching new frontiers", "reaching new milestones"]


@pytest.mark.slow
def test_a_paraphrase_in_an_outlet_that_prints_quotation_marks_is_no_discrepancy() -> None:
    a = _article("a", FRONTIERS, "reaching new frontiers", "Putin", "partial", "Putin")
    text = MILESTONES + " “We will see,” he added."
    b = _article("b", text, "relations between his country and China are reaching new milestones",
                 "Putin", "reported", "Putin")
    assert marks_quotes(b)
    _, found = _group([a, b])
    assert len(found.groups) == 1 and not found.groups[0].wording_differs
    assert found.discrepancies == []


@pytest.mark.slow
def test_a_quote_spelt_or_punctuated_otherwise_is_no_discrepancy() -> None:
    # ECB+ dev: "neighbourhood" / "neighborhood", "6:00 p.m." / "6 p.m.", "say-the" /
    # "say – the": the same words, as two house styles print them
    a = _article("a", "“Police sealed off the neighbourhood just after 6:00 p.m., and as they "
                 "say - the third time's the charm,” Putin said.", "Police sealed off the "
                 "neighbourhood just after 6:00 p.m., and as they say - the third time's the "
                 "charm", "Putin", "direct", "Putin")
    b = _article("b", "“Police sealed off the neighborhood just after 6 p.m., and as they say-the "
                 "third time’s the charm,” Putin said.", "Police sealed off the neighborhood "
                 "just after 6 p.m., and as they say-the third time’s the charm", "Putin",
                 "direct", "Putin")
    _, found = _group([a, b])
    assert len(found.groups) == 1 and not found.groups[0].wording_differs
    assert found.discrepancies == []


@pytest.mark.slow
def test_a_truncated_quote_joins_its_group_without_differing_words() -> None:
    whole = ("“A number of important bilateral documents will be signed during the visit,” "
             "Putin said.")
    part = "Putin said “important bilateral documents will be signed”."
    a = _article("a", whole, "A number of important bilateral documents will be signed during "
                 "the visit", "Putin", "direct", "Putin")
    b = _article("b", part, "important bilateral documents will be signed", "Putin", "partial",
                 "Putin")
    _, found = _group([a, b])
    [g] = found.groups
    assert all(v.differing == () for v in g.variants)
    assert found.discrepancies == []


@pytest.mark.slow
def test_the_same_words_from_two_different_speakers_are_two_statements() -> None:
    a = _article("a", "“The war must end soon,” Putin said.", "The war must end soon", "Putin",
                 "direct", "Putin")
    b = _article("b", "“The war must end soon,” Biden said.", "The war must end soon", "Biden",
                 "direct", "Biden")
    _, found = _group([a, b])
    assert found.groups == []


@pytest.mark.slow
def test_unrelated_quotes_of_one_speaker_stay_apart() -> None:
    a = _article("a", "“Moscow highly values the balanced position,” Putin said.",
                 "Moscow highly values the balanced position", "Putin", "direct", "Putin")
    b = _article("b", "“Sanctions will not break our economy,” Putin said.",
                 "Sanctions will not break our economy", "Putin", "direct", "Putin")
    _, found = _group([a, b])
    assert found.groups == []


@pytest.mark.slow
def test_a_group_lists_the_claims_that_hold_its_quotes() -> None:
    a = _article("a", FRONTIERS, "reaching new frontiers", "Putin", "partial", "Putin")
    b = _article("b", MILESTONES,
                 "relations between his country and China are reaching new milestones",
                 "Putin", "reported", "Putin")
    claim = Claim(id="c7", passages=[Passage("a", 0, len(FRONTIERS)), Passage("b", 0, 60)],
                  sources=["outlet:a", "outlet:b"], representative=Passage("a", 0, 10), text="x")
    _, found = _group([a, b], [claim])
    assert found.groups[0].claims == ["c7"]


@pytest.mark.parametrize(("x", "y", "marked", "region"), [
    # a swapped word at the edge counts and widens the stretch
    ("reaching new frontiers", "are reaching new milestones", ["frontiers"], (0, 3)),
    # a swapped word at the edge counts, what follows it is a truncation
    ("reaching new milestones while Wang pledged more", "reaching new frontiers",
     ["milestones"], (0, 3)),
    # words before or after all the other quotes are a truncation
    ("he said relations are reaching new milestones", "reaching new milestones", [], (4, 7)),
    # a gap between shared words counts; function words never do
    ("comprehensive partnership relations and strategic cooperation",
     "the comprehensive partnership and strategic cooperation", ["relations"], (0, 6)),
])
def test_differing_words_are_those_in_the_stretch_both_quote(x, y, marked, region) -> None:
    xs, ys = tuple(x.split()), tuple(y.split())
    found, stretch = _differing(xs, ys)
    assert [xs[i] for i in found] == marked
    assert stretch == region


@pytest.mark.slow
def test_two_sentences_of_one_statement_stay_two_groups() -> None:
    """Each outlet quotes each sentence once: the sentences must not chain into one group."""
    first, second = ("The two leaders will discuss the comprehensive partnership",
                     "A number of important bilateral documents will be signed")
    text = f"“{first},” Putin said. “{second},” he added."
    a = _article("a", text, first, "Putin", "direct", "Putin")
    s = a.spans[0]
    at = text.index(second)
    a.spans.append(Span(at, at + len(second), Label.QUOTE,
                        {"kind": "direct", "speaker": [s.start, s.end]}))
    b_text = f"Putin said {first.lower()} and that {second.lower()}."
    b = _article("b", b_text, first.lower(), "Putin", "reported", "Putin")
    at = b_text.index(second.lower())
    b.spans.append(Span(at, at + len(second), Label.QUOTE,
                        {"kind": "reported", "speaker": [0, 5]}))
    _, found = _group([a, b])
    assert len(found.groups) == 2
    assert all(len(g.variants) == 2 for g in found.groups)


@pytest.mark.slow
def test_a_speaker_named_but_not_an_entity_is_somebody_not_anybody() -> None:
    """"officials said" is not Reuters: an unresolved speaker does not join a named one."""
    said = "Xi will travel to Russia next week to meet Putin"
    a = _article("a", f"{said}, officials said.", said, "officials", "reported", "officials")
    b = _article("b", f"{said}, Putin said.", said, "Putin", "reported", "Putin")
    _, found = _group([a, b])
    assert found.groups == []
    # nobody named at all: the quote may be anybody's, and joins
    a.spans = [s for s in a.spans if s.label == Label.QUOTE]
    a.spans[0].attrs.pop("speaker")
    _, found = _group([a, b])
    assert len(found.groups) == 1 and found.groups[0].speaker == "e1"


# --- the example story: what the Voices issue asks of it ---------------------------------

def _quote_text(d, q) -> str:
    return d.quote(q.content)


def _entity(d, name: str):
    [e] = [e for e in d.entities if e.name == name]
    return e


@pytest.mark.slow
def test_example_kremlin_statement_is_one_quote_group_with_its_variants(example_dossier) -> None:
    d = example_dossier
    quotes = {q.id: q for q in d.quotes}
    kremlin = _entity(d, "Kremlin")
    groups = [g for g in d.quote_groups
              if any("comprehensive partnership" in _quote_text(d, quotes[v.quote])
                     for v in g.variants)]
    assert len(groups) == 1
    [g] = groups
    assert g.speaker == kremlin.id
    # every outlet that quotes or reports the statement: 000, 001, 002 (no quote marks) and 004
    outlets = {d.article(quotes[v.quote].content.article).source.rsplit("/", 1)[-1][:3]
               for v in g.variants}
    assert outlets == {"000", "001", "002", "004"}
    assert g.wording_differs and any(v.differing for v in g.variants)


@pytest.mark.slow
def test_example_new_frontiers_against_new_milestones_is_a_quote_discrepancy(
        example_dossier) -> None:
    d = example_dossier
    putin = _entity(d, "Vladimir Putin")
    wordings = {"reaching new frontiers", "reaching new milestones"}
    found = [x for x in d.discrepancies if x.kind == "quote"
             and {v.text for v in x.values} >= wordings]
    assert len(found) == 1
    group = next(g for g in d.quote_groups if g.id == found[0].quote_group)
    assert group.speaker == putin.id


@pytest.mark.slow
def test_example_officials_quotes_have_their_speakers(example_dossier) -> None:
    d = example_dossier
    by_id = {e.id: e for e in d.entities}

    def speaker_of(words: str) -> str:
        [q] = [q for q in d.quotes if words in _quote_text(d, q)]
        return by_id[q.speaker].name

    assert speaker_of("we’ve not seen any legal assistance") == "Patrick Ryder"
    assert "Pentagon spokesman" in _entity(d, "Patrick Ryder").roles
    assert speaker_of("it would not be in China’s interests") == "Jake Sullivan"
    assert speaker_of("we don't see any of the conditions") == "Dmitry Peskov"
    # '"The idea that China is gonna be negotiating ...," he said.': he is Joe Biden
    assert speaker_of("The idea that China is gonna be negotiating") == "Joe Biden"


@pytest.mark.slow
def test_example_outlet_without_quote_marks_yields_reported_speech_with_speakers(
        example_dossier) -> None:
    d = example_dossier
    [lost] = [a for a in d.articles if a.source.rsplit("/", 1)[-1].startswith("002")]
    theirs = [q for q in d.quotes if q.content.article == lost.id]
    assert theirs and all(q.kind == "reported" for q in theirs)
    named = {e.name for e in d.entities if any(q.speaker == e.id for q in theirs)}
    assert {"Yuri Ushakov", "Wang Wenbin", "Jake Sullivan", "Kremlin"} <= named


@pytest.mark.slow
def test_example_xi_and_zelensky_are_one_entity_each_across_outlets(example_dossier) -> None:
    d = example_dossier
    for name, words in (("Xi Jinping", ("Xi",)), ("Volodymyr Zelensky", ("Zelensk",))):
        [e] = [e for e in d.entities if e.name == name]
        naming = {s.key for s in d.sources for aid in s.articles
                  if any(w in d.article(aid).text for w in words)}
        assert set(e.sources) == naming  # every outlet that names the person, in one entity
        assert not [x for x in d.entities if x is not e and any(w in x.name for w in words)]


@pytest.mark.slow
def test_an_unattributed_quote_does_not_chain_two_speakers_into_one_group() -> None:
    words = "The war must end soon"
    a = _article("a", f"“{words},” Putin said.", words, "Putin", "direct", "Putin")
    b = _article("b", f"“{words},” Biden said.", words, "Biden", "direct", "Biden")
    c = _article("c", f"“{words}.”", words, "", "direct", "nobody")
    c.spans = [s for s in c.spans if s.label == Label.QUOTE]
    c.spans[0].attrs.pop("speaker")
    _, found = _group([a, b, c])
    assert [len(g.variants) for g in found.groups] == [2]


@pytest.mark.slow
def test_a_pronoun_nothing_resolves_is_nobody_not_an_entity() -> None:
    from storyweave import read_text, weave

    d = weave([read_text("A nurse was hit by a car on Elm Street on Tuesday evening.\n\n"
                         "They said the driver fled before police arrived.", "a.txt"),
               read_text("A nurse was struck by a car on Elm Street on Tuesday.\n\n"
                         "Police said the driver fled the scene.", "b.txt")])
    said = {d.quote(q.content): q.speaker for q in d.quotes}
    assert said["the driver fled before police arrived"] is None
    assert not [e for e in d.entities if e.name.lower() == "they"]


@pytest.mark.slow
def test_two_statements_of_one_speaker_on_one_topic_are_two_groups() -> None:
    # the pair scorer calls them two statements; the claims' join rule (whose MRPC join the
    # pair scorer's own scores always met) once grouped every such pair
    a = _article("a", "“Mo is family,” Putin said.", "Mo is family", "Putin", "direct", "Putin")
    b = _article("b", "“If players have problems with Mo, then there is something wrong with "
                 "the players,” Putin said.", "If players have problems with Mo, then there is "
                 "something wrong with the players", "Putin", "direct", "Putin")
    _, found = _group([a, b])
    assert found.groups == []


@pytest.mark.slow
def test_one_statement_in_two_translations_is_one_group() -> None:
    a = _article("a", "“Putin and Xi will also exchange views in the context of deepening "
                 "Russia-China cooperation on the international arena. Several documents will "
                 "be signed,” Putin said.", "Putin and Xi will also exchange views in the context "
                 "of deepening Russia-China cooperation on the international arena. Several "
                 "documents will be signed", "Putin", "direct", "Putin")
    b = _article("b", "Putin said an exchange of views is also planned as part of deepening "
                 "Russian-Chinese cooperation in the international arena.", "an exchange of "
                 "views is also planned as part of deepening Russian-Chinese cooperation in the "
                 "international arena", "Putin", "reported", "Putin")
    _, found = _group([a, b])
    assert len(found.groups) == 1


@pytest.mark.slow
def test_two_words_a_longer_quote_holds_are_no_truncation_of_it() -> None:
    # a speech act reports a phrase ("called for peace talks"); any quote of the speaker's
    # that has the words in it covers them, whatever it says
    a = _article("a", "Qin said Beijing stands ready to work with Kyiv, recalling its proposals "
                 "for peace talks between Moscow and Kyiv.", "Beijing stands ready to work "
                 "with Kyiv, recalling its proposals for peace talks between Moscow and Kyiv",
                 "Qin", "reported", "Qin")
    b = _article("b", "Qin called for peace talks.", "peace talks", "Qin", "reported", "Qin")
    _, found = _group([a, b])
    assert found.groups == []


@pytest.mark.slow
def test_a_one_word_label_a_longer_quote_holds_is_no_truncation_of_it() -> None:
    # "calling them “fabrications”": the minister's word, which a longer statement of his may
    # hold without being that statement
    a = _article("a", "The ministry denied the reports, calling them “disinformation”.",
                 "disinformation", "The ministry", "partial", "Ministry")
    b = _article("b", "The ministry blamed NATO for provoking the conflict while amplifying "
                 "disinformation.", "NATO for provoking the conflict while amplifying "
                 "disinformation", "The ministry", "reported", "Ministry")
    _, found = _group([a, b])
    assert found.groups == []


@pytest.mark.slow
def test_a_statement_credited_to_two_people_together_groups_with_either_of_them() -> None:
    # "said Putin and Biden" is credited to one of them by the speaker resolution; another
    # outlet credits the same words to the other one: one statement, one group. Two outlets
    # that name one each, and different ones, stay apart (ECB+ dev 2ecbplus: producers
    # Zadan and Meron's statement was split between them and chained to another statement)
    from storyweave.model import Entity, Mention
    from storyweave.weaving.voices.quote_groups import joint_speakers

    words = "The talks were long but they were useful for both sides"
    a = _article("a", f"“{words},” Putin and Biden said.", words, "Putin and Biden",
                 "direct", "Putin")
    b = _article("b", f"“{words},” Biden said.", words, "Biden", "direct", "Biden")
    c = _article("c", f"“{words},” Putin said.", words, "Putin", "direct", "Putin")

    def mention(article: Article, form: str) -> Mention:
        at = article.text.index(form)
        return Mention(Passage(article.id, at, at + len(form)), form)

    people = [Entity("e1", "Vladimir Putin", "PERSON", (), (),
                     [mention(a, "Putin"), mention(c, "Putin")], {}),
              Entity("e2", "Joe Biden", "PERSON", (), (),
                     [mention(a, "Biden"), mention(b, "Biden")], {})]

    def groups(articles: list[Article], joint: bool) -> list[list[str]]:
        quotes = collect_quotes(articles, _by_name)
        judge = scorer()
        found = group_quotes(quotes, articles, {x.id: f"outlet:{x.id}" for x in articles}, [],
                             features=quote_features(articles), score=judge.score,
                             threshold=judge.threshold,
                             joint=joint_speakers(articles, people) if joint else None)
        return [sorted(v.quote for v in g.variants) for g in found.groups]

    ids = {x.id: [q.id for q in collect_quotes([x], _by_name)][0] for x in (a, b, c)}
    assert groups([a, b], joint=True) == [sorted([ids["a"], ids["b"]])]
    assert groups([a, b], joint=False) == []  # Putin's and Biden's, without the pair
    # b names Biden, c Putin: the three are not one speaker's; a joins one of them
    three = groups([a, b, c], joint=True)
    assert len(three) == 1 and len(three[0]) == 2 and ids["a"] in three[0]
    # a person named inside a mention that is not two people together is not a speaker:
    # "Putin's spokesman Peskov" is Peskov, whose words are not Putin's
    d = _article("d", f"“{words},” Putin's spokesman Peskov said.", words,
                 "Putin's spokesman Peskov", "direct", "Peskov")
    people.append(Entity("e3", "Dmitry Peskov", "PERSON", (), (), [mention(d, "Peskov")], {}))
    people[0].mentions.append(mention(d, "Putin"))
    assert groups([c, d], joint=True) == []
