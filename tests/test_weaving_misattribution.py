"""One quotation that two outlets give to two different people is a ``speaker`` disagreement,
each person cited by the words that name them; a pronoun, a role, two speakers at once, one
outlet naming both, a short phrase or one man under two forms of his name is none. And a
quote whose speaker the parse hung on the quotation's last noun still has its speaker.
Sentences written for these tests (no benchmark text)."""

from __future__ import annotations

import pytest
from factories import read_dated

from storyweave import weave
from storyweave.model import Entity, Mention, Passage, Quote, QuoteKind
from storyweave.weaving.voices.misattribution import one_quotation, speaker_discrepancies

WORDS = "We are aware of the incident involving Jordan and we are gathering facts"


class _Article:
    def __init__(self, aid: str, text: str) -> None:
        self.id, self.text = aid, text


def _said(said: dict[str, tuple[str, ...]], kind: QuoteKind = QuoteKind.DIRECT,
          sources: dict[str, str] | None = None):
    """``said``: article -> (its text, the quotation's words in it, how it names the speaker
    there[, the person that is: else the mention's capitalised words])."""
    texts = {aid: t for aid, (t, *_) in said.items()}
    people: dict[str, list[Mention]] = {}
    quotes = []
    for aid, (text, words, named, *person_given) in said.items():
        q_at, n_at = text.index(words), text.index(named)
        mention = Passage(aid, n_at, n_at + len(named))
        person = person_given[0] if person_given else _person_name(named)
        people.setdefault(person, []).append(Mention(mention, named))
        quotes.append(Quote(f"q{aid}", Passage(aid, q_at, q_at + len(words)), kind,
                            f"e-{person}", mention, None))
    entities = [Entity(f"e-{name}", name, "PERSON", (), (), ms, {})
                for name, ms in people.items()]
    return speaker_discrepancies(quotes, entities, [_Article(a, t) for a, t in texts.items()],  # type: ignore[misc]
                                 [], sources or {a: f"s-{a}" for a in texts})


def _person_name(named: str) -> str:
    """The person a mention names: its capitalised words ("team manager Dale Ross" -> "Dale
    Ross")."""
    return " ".join(w for w in named.split() if w[:1].isupper())


def _report(name: str) -> str:
    return f'"{WORDS}," team manager {name} said in a statement on Monday.'


def test_one_quotation_given_to_two_people_is_a_speaker_disagreement_citing_each_name():
    found = _said({"a": (_report("Dale Ross"), WORDS, "team manager Dale Ross"),
                   "b": (_report("Dale Burke"), WORDS, "team manager Dale Burke"),
                   "c": (_report("Dale Burke"), WORDS[:45], "team manager Dale Burke")})
    [x] = found
    assert x.kind == "speaker"
    # the person more outlets name first, each cited by the words that name them
    assert [(v.text, len(v.passages)) for v in x.values] == [("Dale Burke", 2),
                                                             ("Dale Ross", 1)]
    text = _report("Dale Ross")
    [p] = x.values[1].passages
    assert text[p.start:p.end] == "team manager Dale Ross"


@pytest.mark.parametrize(("named_b", "person_b", "note"), [
    ("He", "Dale Burke", "a pronoun: resolved by rules that may be wrong"),
    ("The manager", "Dale Burke", "a role names nobody"),
    ("Dale Burke and Kim Lowe", "Dale Burke", "two speakers at once"),
    ("Burke, Lowe", "Dale Burke", "two speakers at once"),
    ("Police Constable Dale Ross", "Police Constable Dale Ross", "one man, a longer name"),
    ("Dale Ross Jr.", "Dale Ross Jr.", "one man, his name with its suffix"),
    ("Dale Ross-Burke", "Dale Ross-Burke", "one man, his double surname"),
    ("Dan Ross", "Dan Ross", "the same surname: one man the entities may have kept apart"),
    ("Dale Rosse", "Dale Rosse", "one surname spelt two ways: a name disagreement of its own"),
])
def test_no_speaker_disagreement_unless_two_named_people(named_b, person_b, note):
    b = f'"{WORDS}," {named_b} said in a statement on Monday.'
    assert _said({"a": (_report("Dale Ross"), WORDS, "team manager Dale Ross"),
                  "b": (b, WORDS, named_b, person_b)}) == [], note


def test_one_outlet_naming_both_a_short_phrase_or_reported_speech_is_no_disagreement():
    both = {"a": (_report("Dale Ross"), WORDS, "team manager Dale Ross"),
            "b": (_report("Dale Burke"), WORDS, "team manager Dale Burke")}
    assert len(_said(both)) == 1
    # outlet s gives the words to both men (two of its articles): both may have said them
    third = {**both, "c": (_report("Dale Burke"), WORDS, "team manager Dale Burke")}
    assert _said(third, sources={"a": "s", "b": "t", "c": "s"}) == []
    short = "We are very proud"
    assert _said({"a": (f'"{short}," said Dale Ross.', short, "Dale Ross"),
                  "b": (f'"{short}," said Dale Burke.', short, "Dale Burke")}) == []
    assert _said(both, kind=QuoteKind.REPORTED) == []


def test_a_quotation_cut_shorter_is_the_same_quotation_and_other_words_are_not():
    words = WORDS.lower().split()
    assert one_quotation(words, words[:7])
    assert one_quotation(words, [*words[:6], "now", *words[6:]])  # a word more
    assert not one_quotation(words, "we were never told of any incident by anyone".split())


def test_a_name_between_the_closing_mark_and_a_cue_without_subject_is_the_speaker():
    """The parse once hung "team general manager ... said" on the quotation's last name (an
    apposition of it), leaving the cue no subject: the words between the closing mark and
    the cue name the speaker. The parse is given here, so the rule is tested whatever the
    model does with any one sentence."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from storyweave.nlp.quotes.cues import speaker_head

    words = ['"', "We", "are", "aware", "of", "the", "case", "of", "Jordan", ",", '"', "club",
             "manager", "Dale", "Ross", "said", "."]
    heads = [15, 2, 15, 2, 3, 6, 4, 6, 7, 8, 8, 12, 14, 14, 8, 15, 15]
    deps = ["punct", "nsubj", "ccomp", "acomp", "prep", "det", "pobj", "prep", "pobj",
            "punct", "punct", "compound", "compound", "compound", "appos", "ROOT", "punct"]
    pos = ["PUNCT", "PRON", "AUX", "ADJ", "ADP", "DET", "NOUN", "ADP", "PROPN", "PUNCT",
           "PUNCT", "NOUN", "NOUN", "PROPN", "PROPN", "VERB", "PUNCT"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos)
    assert speaker_head(doc[15]).text == "Ross"
    # a verb between the mark and the cue: those words are no name phrase
    words[11:13] = ["as", "told"]
    pos[11:13] = ["ADP", "VERB"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos)
    assert speaker_head(doc[15]) is None


@pytest.mark.slow
def test_a_quotation_given_to_two_people_is_shown_in_every_view():
    from storyweave.render import to_html, to_json, to_markdown

    arrest = "was arrested on Sunday on suspicion of drunk driving"
    d = weave([
        read_dated(f"Harbour City forward Jordan Pike {arrest}, police said.\n\n"
                   '"We are aware of the off-the-field issue involving Jordan," team general '
                   "manager Dale Ross said in a statement.\n\nPike was stopped on the coast "
                   "road after midnight and later released.", "a.txt", "2023-03-01"),
        read_dated(f"Jordan Pike, the club's leading scorer, {arrest} near the harbour.\n\n"
                   "The club will not comment further until the case is heard, it said."
                   '\n\n"We are aware of the off-the-field issue involving Jordan," Harbour '
                   "City general manager Dale Burke said in a statement.", "b.txt",
                   "2023-03-01"),
    ])
    names = {e.id: e.name for e in d.entities}
    assert any(q.speaker and names[q.speaker] == "Dale Ross" for q in d.quotes), [
        (d.quote(q.content), q.speaker and names[q.speaker]) for q in d.quotes]
    [x] = [x for x in d.discrepancies if x.kind == "speaker"]
    assert sorted(v.text for v in x.values) == ["Dale Burke", "Dale Ross"]
    assert "- **speaker**, in “" in to_markdown(d)
    assert '<span class="kind">speaker</span>' in to_html(d)
    assert '"kind": "speaker"' in to_json(d)
