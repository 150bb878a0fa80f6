"""Quotes, reported speech and their speakers (nlp.quotes, nlp.speakers)."""

from __future__ import annotations

from typing import Any

import pytest

from storyweave.labels import Label
from storyweave.model import Article, Span
from storyweave.nlp.annotation import annotate
from storyweave.nlp.entities import entity_spans
from storyweave.nlp.quotes.extraction import pair_marks, quote_chunks, quote_spans, run_parse
from storyweave.nlp.quotes.speaker_words import strip_edges
from storyweave.nlp.sentences import paragraph_ranges

MARKS = "\"“”„«»"


def quotes_of(text: str, spans: list[Span] | None = None) -> list[dict[str, Any]]:
    """Each QUOTE of ``text`` as a dict: kind, content, cue and speaker words, speaker attrs."""
    if spans is None:
        spans = quote_spans(text, paragraph_ranges(text), entity_spans(text))
    speakers = {(s.start, s.end): s for s in spans if s.label == Label.SPEAKER}
    out = []
    for s in spans:
        if s.label != Label.QUOTE:
            continue
        cue = s.attrs.get("cue")
        where = s.attrs.get("speaker")
        spk = speakers[tuple(where)] if where else None
        out.append({"kind": s.attrs["kind"], "content": text[s.start:s.end],
                    "cue": text[cue[0]:cue[1]] if cue else None,
                    "speaker": text[spk.start:spk.end] if spk else None,
                    "attrs": spk.attrs if spk else {}, "span": s})
    return out


def only(text: str) -> dict[str, Any]:
    found = quotes_of(text)
    assert len(found) == 1, found
    return found[0]


# --- pairing quote marks (no parse) ---------------------------------------------------------

def test_pair_marks_curly_straight_and_odd_counts() -> None:
    text = 'He said “yes” and "no", then "maybe.'
    marked = pair_marks(text, paragraph_ranges(text))
    assert [text[m.inner:m.close] for m in marked] == ["yes", "no"]


def test_pair_marks_plural_possessive_and_stray_close() -> None:
    text = "The leaders’ aides” said “we will stay” and left."
    marked = pair_marks(text, paragraph_ranges(text))
    assert [text[m.inner:m.close] for m in marked] == ["we will stay"]


def test_pair_marks_continues_over_paragraphs_only_when_reopened_or_closed() -> None:
    text = ("“First part.\n\n“Second part.”\n\n“Dangling.\n\nNo mark here.\n\n"
            "“Lost its mark.\n\nThe next one closes it,” she said.")
    marked = pair_marks(text, paragraph_ranges(text))
    # reopened, as news prints it; or its reopening mark lost (scraped copy) and closed
    assert [text[m.inner:m.close] for m in marked] == [
        "First part.\n\n“Second part.", "Lost its mark.\n\nThe next one closes it,"]


def test_pair_marks_a_stray_opener_is_not_closed_by_a_later_paragraphs_quote() -> None:
    text = "“Dangling.\n\nHe said “yes” and left.”"
    marked = pair_marks(text, paragraph_ranges(text))
    assert [text[m.inner:m.close] for m in marked] == ["yes"]


def test_pair_marks_nested_quote_is_part_of_the_outer_one() -> None:
    text = "Smith: “Growth, and “cell phone only” homes, explain it.” [More.]"
    marked = pair_marks(text, paragraph_ranges(text))
    assert [text[m.inner:m.close] for m in marked] == [
        "Growth, and “cell phone only” homes, explain it."]


def test_pair_marks_stray_opener_leaves_the_pairs_inside_it() -> None:
    text = "“The deal “is done,” he said.\n\nNo more marks here."
    marked = pair_marks(text, paragraph_ranges(text))
    assert [text[m.inner:m.close] for m in marked] == ["is done,"]


@pytest.mark.slow
def test_quote_chunks_only_paragraphs_that_may_quote() -> None:
    text = ("The weather was fine.\n\nThe minister said talks would go on.\n\n"
            "Prices rose.\n\n“We are ready,” he added.")
    chunks = quote_chunks(text, paragraph_ranges(text))
    # "Prices rose." comes right before a paragraph that opens on a quote: it may introduce
    # it ("The DNC issued a statement.\n\n“...”"), so it is parsed too
    assert [text[c.start:c.end] for c in chunks] == [
        "The minister said talks would go on.", "Prices rose.", "“We are ready,” he added."]


# --- the quote forms ------------------------------------------------------------------------

@pytest.mark.slow
def test_direct_quote_curly_with_titled_speaker() -> None:
    q = only("“We have not seen any lethal aid,” Pentagon spokesman Brig. Gen. Patrick Ryder "
             "told reporters on Thursday.")
    assert q["kind"] == "direct"
    assert q["content"] == "We have not seen any lethal aid"
    assert q["cue"] == "told reporters"
    assert q["speaker"] == "Pentagon spokesman Brig. Gen. Patrick Ryder"
    assert q["attrs"]["name"] == "Patrick Ryder"
    assert q["attrs"]["role"] == "Pentagon spokesman"
    assert q["attrs"]["type"] == "PERSON" and q["attrs"]["via"] == "name"


@pytest.mark.slow
def test_direct_quote_straight_marks_several_sentences_speaker_first() -> None:
    q = only('Secretary of State Antony Blinken said, "We have information. It worries us."')
    assert q["kind"] == "direct"
    assert q["content"] == "We have information. It worries us."
    assert q["attrs"]["name"] == "Antony Blinken"
    assert q["attrs"]["role"] == "Secretary of State"


@pytest.mark.slow
def test_a_quote_after_a_no_break_space_opens_its_sentence() -> None:
    # scraped copy keeps the no-break space between two sentences (ingestion makes it plain)
    found = quotes_of("The coach was asked to name the winner.\u00a0“Denver,” he answered.")
    assert [(q["kind"], q["content"]) for q in found] == [("direct", "Denver")], found


@pytest.mark.slow
def test_a_no_break_space_after_a_closing_mark_is_a_space() -> None:
    found = quotes_of("“We will not resign over the audit”\u00a0— the mayor said on Monday.")
    assert [q["kind"] for q in found] == ["direct"], found


@pytest.mark.slow
def test_a_role_keeps_the_bracket_it_closes() -> None:
    q = quotes_of("“The roads were empty,” said John Miller, regional director of the Road "
                  "Safety Council (RSC), noting that traffic had fallen by half.")[0]
    assert q["attrs"]["name"] == "John Miller"
    assert q["attrs"]["role"] == "regional director of the Road Safety Council (RSC)"


def test_role_edges() -> None:
    assert strip_edges(", a spokeswoman,") == "a spokeswoman"
    assert strip_edges("(AP)") == "AP"
    assert strip_edges("head of the council (") == "head of the council"
    assert strip_edges("mayor of Springfield (Ill.)") == "mayor of Springfield (Ill.)"


@pytest.mark.slow
def test_direct_quote_in_typewriter_marks() -> None:
    q = only("''We don't want terrorists to have a safe haven,'' Mr. Earnest said in the White "
             "House briefing.")
    assert q["kind"] == "direct"
    assert q["content"] == "We don't want terrorists to have a safe haven"
    assert q["speaker"] == "Mr. Earnest" and q["attrs"]["name"] == "Earnest"


@pytest.mark.slow
def test_direct_quote_over_paragraphs_is_one_span() -> None:
    text = ("Kremlin spokesman Dmitry Peskov said: “The talks were useful.\n\n"
            "“We will meet again next month.”")
    q = only(text)
    assert q["kind"] == "direct"
    assert q["content"].startswith("The talks were useful.")
    assert q["content"].endswith("We will meet again next month.")
    assert q["attrs"]["name"] == "Dmitry Peskov"


@pytest.mark.slow
def test_direct_quote_introduced_by_a_name_and_colon() -> None:
    q = only("Michael McDonald: “At long last the nomination contests have finally started "
             "with the first contest.”")
    assert q["kind"] == "direct" and "cue" not in q["span"].attrs
    assert q["attrs"]["name"] == "Michael McDonald"


@pytest.mark.slow
@pytest.mark.parametrize(("text", "speaker"), [
    # the clause before the colon has a subject: the day at its end says nothing
    ("The harbour master spoke to the crowd on Tuesday: “We will rebuild the pier.”",
     "The harbour master"),
    ("LYON (AFP) – Mayor Claire Dufour spoke to the crowd on Friday: “We will rebuild the "
     "pier.”", "Mayor Claire Dufour"),
    ("One early backer, Councillor Ada Brandt, gave the plan a try in an interview with a "
     "radio station on Friday: “You can easily argue that the bridge pays for itself.”",
     "One early backer"),
])
def test_a_quote_after_a_clause_and_a_colon_is_the_clauses_subjects(text: str,
                                                                     speaker: str) -> None:
    assert only(text)["speaker"] == speaker


@pytest.mark.slow
@pytest.mark.parametrize(("text", "speaker"), [
    # the cue far from the closing mark, past a long apposition
    ("“Nothing the council could do now would make a difference this winter,” Ada Brandt, "
     "the director of the transport research unit at the regional planning institute, said in "
     "an interview.", "Ada Brandt"),
    # "said NAME, half joking": the parse makes the name the subject of "joking"
    ("“I am more skilled with my hands than with my brain,” said Robin Kellerman, half "
     "joking. He has two degrees.", "Robin Kellerman"),
    # reporting verbs with "back", and verbs of voice
    ("“He wants to be a tough guy tonight,” the mayor shot back. “Let me talk.”", "the mayor"),
    ("“Get out of the water now!” the lifeguard shouted.", "the lifeguard"),
    # a cue after a preposition: its subject is the verb's the preposition hangs on
    ("On Tuesday, Ms. Okafor deflected questions about the budget before saying, “It is time "
     "to get back on message.”", "Ms. Okafor"),
    # a fronted phrase the parse makes a second subject: the verb's own is the nearer
    ("Cross-referencing voting records and patterns of job losses between 2002 and 2010, the "
     "researchers found that areas hit by trade shocks were more likely to vote for the far "
     "right.", "the researchers"),
    # ...but a voice heard is no cue: the speaker is who said it
    ("“We heard a bang,” smelled smoke and heard neighbours yelling, said Ada Brandt, 48, a "
     "nurse.", "Ada Brandt"),
])
def test_more_ways_of_attributing_a_quote(text: str, speaker: str) -> None:
    assert quotes_of(text)[0]["speaker"] == speaker


def test_a_name_after_a_cue_speaks_only_right_after_a_closing_mark() -> None:
    """The inverted order ("...,” said NAME") is read only where it is written so: the words
    after a cue with no subject elsewhere ("Asked about Paris, said Lyon ...") are no
    speaker."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from storyweave.nlp.quotes.cues import after_inverted_cue as _after_inverted_cue

    def doc(words: list[str]) -> Doc:
        out = Doc(Vocab(), words=words, pos=["PROPN" if w[0].isupper() else "PUNCT"
                                              if not w.isalpha() else "VERB" for w in words])
        return out

    inverted = doc(["“", "Go", "”", "said", "Robin", "Kellerman", "."])
    inverted[4].dep_, inverted[4].head = "compound", inverted[5]
    assert _after_inverted_cue(inverted[3]).text == "Kellerman"
    assert _after_inverted_cue(doc(["Asked", ",", "said", "Lyon", "."])[2]) is None


@pytest.mark.slow
@pytest.mark.parametrize(("text", "content", "name"), [
    # a headline: the person's words after the name and a colon
    ("Okafor: ‘The Bridge Tolls’ Will ‘Hurt Every Family In Town.’\n\n"
     "Mayor Grace Okafor spoke on Monday at the town hall.",
     "‘The Bridge Tolls’ Will ‘Hurt Every Family In Town.’", "Grace Okafor"),
    # a transcript's turn
    ("The panel met on Sunday with Ada Brandt and Tom Reyes.\n\n"
     "Brandt: Well, the tolls are bad for all of us here.",
     "Well, the tolls are bad for all of us here", "Ada Brandt"),
])
def test_a_paragraph_opening_on_a_persons_name_and_a_colon_is_theirs(
        text: str, content: str, name: str) -> None:
    q = only(text)
    assert (q["kind"], q["content"], q["attrs"]["name"]) == ("reported", content, name)


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    # a topic after the name, not words said
    "Grace Okafor: a mayor for the whole town?\n\nMayor Grace Okafor spoke on Monday.",
    # nobody the article names: a label
    "Update: The bridge has reopened after the storm of last week.\n\nCrews worked all day.",
])
def test_a_name_and_a_colon_without_words_said_is_no_quote(text: str) -> None:
    assert quotes_of(text) == []


@pytest.mark.slow
def test_a_day_before_a_colon_is_no_speaker() -> None:
    found = quotes_of("Late on Tuesday: “We will rebuild the pier before the summer.”")
    assert [q["speaker"] for q in found] == [None]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "speaker"), [
    ("LYON, May 3 (UPI) — Former Finance Minister Paul Garnier told delegates at the party "
     "congress that the budget rules should be dropped next year.",
     "Former Finance Minister Paul Garnier"),
    ("Lyon (AFP) – Mayor Claire Dufour has criticised the new tram fares, saying that the "
     "increase hurts families more than anyone.", "Mayor Claire Dufour"),
    ("EAU CLAIRE, Wisc. — Gov. Ann Tillman on Thursday blamed the press for the uproar over "
     "the bridge, saying reporters were nitpicking at the wording.", "Gov. Ann Tillman"),
])
def test_a_datelines_place_is_never_the_speaker(text: str, speaker: str) -> None:
    # every quote of the sentence ("blamed the press for ...", "saying ...") is the person's
    assert {q["speaker"] for q in quotes_of(text)} == {speaker}


def test_a_speaker_in_apposition_to_a_datelines_place_is_the_speaker() -> None:
    """The parse spaCy gives some datelines (a PolNeAR report's, words changed): the place is
    the verb's only subject, the speaker hangs on it in apposition."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from storyweave.nlp.quotes.cues import subject_past_dateline as _subject_past_dateline

    words = ["DENVER", ",", "May", "2", "(", "UPI", ")", "—", "Former", "Interior",
             "Secretary", "Robert", "Hale", "told", "delegates", "."]
    heads = [13, 0, 0, 2, 5, 2, 0, 0, 10, 10, 12, 12, 0, 13, 13, 13]
    deps = ["nsubj", "punct", "npadvmod", "nummod", "punct", "appos", "punct", "punct",
            "compound", "compound", "compound", "compound", "appos", "ROOT", "dobj", "punct"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps,
              sent_starts=[True] + [False] * (len(words) - 1))
    assert _subject_past_dateline(doc[13]).text == "Hale"
    # without a dateline the place is the subject, as written
    plain = Doc(Vocab(), words=["Denver", "told", "delegates", "."], heads=[1, 1, 1, 1],
                deps=["nsubj", "ROOT", "dobj", "punct"], sent_starts=[True, False, False, False])
    assert _subject_past_dateline(plain[1]).text == "Denver"


@pytest.mark.slow
def test_partial_quote_inside_the_writers_sentence() -> None:
    q = only("Putin described the relationship between the two countries as “reaching new "
             "frontiers” at the time.")
    assert q["kind"] == "partial"
    assert q["content"] == "reaching new frontiers"
    assert q["cue"] == "described the relationship between the two countries as"
    assert q["speaker"] == "Putin"


@pytest.mark.parametrize("text", [
    "Last month Xi published a 12-point “position paper” on the crisis.",
    "China and Russia struck a “no limits” partnership in February.",
])
@pytest.mark.slow
def test_scare_quotes_are_not_quotes(text: str) -> None:
    assert quotes_of(text) == []


@pytest.mark.slow
def test_reported_speech_said_with_and_without_that() -> None:
    q = only("The Kremlin said the two leaders will discuss topical issues of cooperation.")
    assert q["kind"] == "reported" and "cue" in q and q["cue"] == "said"
    assert q["content"] == "the two leaders will discuss topical issues of cooperation"
    assert q["speaker"] == "The Kremlin" and q["attrs"]["type"] == "ORG"
    q = only("Yuri Ushakov said that Putin and Xi will sign several documents.")
    assert q["content"] == "Putin and Xi will sign several documents"
    assert q["attrs"]["name"] == "Yuri Ushakov"


@pytest.mark.slow
def test_reported_speech_stops_before_the_writers_contrasting_clause() -> None:
    putin, wang = quotes_of("Putin told Wang that relations between his country and China are "
                            "reaching new milestones, while Wang pledged to further strengthen "
                            "the partnership.")
    assert putin["content"] == ("relations between his country and China are reaching new "
                                "milestones")
    assert putin["attrs"]["name"] == "Putin"
    # what Wang pledged is Wang's
    assert wang["attrs"]["name"] == "Wang" and "milestones" not in wang["content"]


@pytest.mark.slow
def test_reported_speech_stops_before_who_passed_it_on() -> None:
    # "X said Y, Z said": the witnesses said Y; the lieutenant who passed it on is no part
    # of it
    first = quotes_of("Witnesses said the man used a shotgun, Dalby police Sergeant Ann Moran "
                      "said.")[0]
    assert first["content"] == "the man used a shotgun"
    assert first["speaker"] == "Witnesses"
    # a report inside the report goes on: what "not one of them said" is part of it
    q = quotes_of("Hale said that in his meetings with players, not one of them said they "
                  "wouldn't play for Tom.")[0]
    assert q["speaker"] == "Hale" and q["content"].endswith("wouldn't play for Tom")


@pytest.mark.slow
def test_reported_speech_trailing_attribution_told() -> None:
    q = only("Moscow highly values the balanced position of the Chinese leadership, Ushakov "
             "told Russian media TASS.")
    assert q["kind"] == "reported"
    assert q["content"] == "Moscow highly values the balanced position of the Chinese leadership"
    assert q["cue"] == "told Russian media TASS"
    assert q["speaker"] == "Ushakov"


@pytest.mark.slow
@pytest.mark.parametrize(("text", "name", "role"), [
    # a long title run into the name is the role, not the name
    ("Dalby Rovers President and General Manager Tom Reyes announced today that the coach "
     "has been relieved of his duties.", "Tom Reyes",
     "Dalby Rovers President and General Manager"),
    # a credential after the name, a form of address before it
    ("In a Monday statement, CHA president and chief executive officer Sister Mary Dalton, "
     "DC, said that the group \"rejoices for our nation\" in the nomination.", "Mary Dalton",
     "CHA president and chief executive officer"),
    # "Vice Adm." is one rank: the role is not left ending on "Vice"
    ("“The pirates must be stopped at sea,” Royal Navy Vice Adm. Peter Lang told the "
     "conference on Monday.", "Peter Lang", "Royal Navy"),
    ("“We will stay until the job is done,” Army Staff Sgt. Dana Ruiz said on Friday.",
     "Dana Ruiz", "Army"),
])
def test_a_title_before_the_name_is_the_role_not_the_name(text: str, name: str,
                                                          role: str) -> None:
    q = only(text)
    assert (q["attrs"]["name"], q["attrs"]["role"]) == (name, role)


@pytest.mark.slow
def test_a_name_after_of_is_someone_elses() -> None:
    # the victim is no mother (who the speaker is then is left to the older rules)
    q = only("The mother of victim Tom Reyes said her son had been kind to everyone.")
    assert q["attrs"].get("role") != "mother of victim"


@pytest.mark.slow
def test_according_to_with_role() -> None:
    q = only("The two leaders will begin Monday with a private meeting, according to Kremlin "
             "spokesman Dmitry Peskov.")
    assert q["kind"] == "reported" and q["cue"] == "according to"
    assert q["content"] == "The two leaders will begin Monday with a private meeting"
    assert q["attrs"]["name"] == "Dmitry Peskov"
    assert q["attrs"]["role"] == "Kremlin spokesman"


@pytest.mark.slow
def test_no_reporting_verb_no_quote() -> None:
    assert quotes_of("The two leaders will meet in Moscow on Monday to discuss trade.") == []


# --- robustness -----------------------------------------------------------------------------

@pytest.mark.slow
def test_unbalanced_marks_and_possessives_keep_the_balanced_quote() -> None:
    text = ("The leaders’ aides met the ministers' envoys. “We are ready to talk to everyone,” "
            "the minister said, while “others waited.\n\n"
            "He said \"nothing and left, the diplomats' report says.")
    found = quotes_of(text)
    direct = [q for q in found if q["kind"] == "direct"]
    assert [q["content"] for q in direct] == ["We are ready to talk to everyone"]
    assert direct[0]["speaker"] == "the minister"


@pytest.mark.parametrize("text", [
    "", '"', "“”", '"""', "''", "“ ”", 'a "b "c "d', "said said said", "according to",
    "He said.", '"x," said.', "“\n\n“\n\n”", "The leaders’ aides’ ‘plan’ said.",
    "”He” said “", "according to according to X", '"' * 50, "", "`` hi ''",
])
@pytest.mark.slow
def test_odd_inputs_never_raise_and_spans_stay_in_the_text(text: str) -> None:
    for span in quote_spans(text, paragraph_ranges(text), entity_spans(text)):
        assert 0 <= span.start < span.end <= len(text)


@pytest.mark.slow
def test_a_paragraph_longer_than_a_parse_chunk_keeps_every_quote() -> None:
    text = "“We will win,” Kremlin spokesman Dmitry Peskov said. " * 300
    chunks = quote_chunks(text, paragraph_ranges(text))
    assert len(chunks) > 1  # cut like NER chunks: the parse never sees 16k characters
    found = quotes_of(text)
    assert len(found) == 300
    assert {q["content"] for q in found} == {"We will win"}
    assert {q["attrs"]["name"] for q in found} == {"Dmitry Peskov"}


@pytest.mark.slow
def test_docs_given_equal_docs_made_and_wrong_count_raises() -> None:
    text = ("The Kremlin said the talks would go on.\n\nPrices rose.\n\n"
            "“We are ready,” Peskov told reporters.")
    ranges = paragraph_ranges(text)
    ents = entity_spans(text)
    chunks = quote_chunks(text, ranges)
    docs = list(run_parse(text[c.start:c.end] for c in chunks))
    alone = quote_spans(text, ranges, ents)
    given = quote_spans(text, ranges, ents, docs)
    assert [(s.start, s.end, s.label, s.attrs) for s in alone] == \
        [(s.start, s.end, s.label, s.attrs) for s in given]
    with pytest.raises(ValueError, match="docs for"):
        quote_spans(text, ranges, ents, docs[:1])


@pytest.mark.slow
def test_annotate_adds_quote_and_speaker_spans_once() -> None:
    text = "Prices rose.\n\n“We are ready,” Kremlin spokesman Dmitry Peskov told reporters."
    article = Article(id="q", source="t", text=text, format="txt")
    calls: list[tuple[str, int, int]] = []
    found = annotate([article], progress=lambda *c: calls.append(c))
    stats = found.report
    [article] = annotate(found.articles).articles  # again: quotes replaced, not doubled
    quotes = list(article.spans_of(Label.QUOTE))
    speakers = list(article.spans_of(Label.SPEAKER))
    assert [article.span_text(q) for q in quotes] == ["We are ready"]
    assert [s.attrs["name"] for s in speakers] == ["Dmitry Peskov"]
    assert ("parse", 2, 2) in calls  # both paragraphs, parsed once for every stage
    assert "parse" in stats["seconds"] and stats["parsed"] == 2
