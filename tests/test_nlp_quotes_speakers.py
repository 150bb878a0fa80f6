"""Speakers of quotes and what is said by whom, in sentences written for the tests: names,
roles, pronouns and the cues and clauses the parse makes hard (nlp.quotes)."""

from __future__ import annotations

import pytest
from test_nlp_quotes import only, quotes_of

from storyweave.labels import Label
from storyweave.nlp.entities import entity_spans
from storyweave.nlp.quotes.extraction import quote_spans
from storyweave.nlp.sentences import paragraph_ranges

# --- speakers -------------------------------------------------------------------------------

@pytest.mark.slow
def test_pronoun_resolves_to_the_person_named_before() -> None:
    text = ("President Joe Biden discouraged any consideration of the plan on Sunday.\n\n"
            '"The idea that China is negotiating the outcome is not rational," he said.')
    q = only(text)
    assert q["speaker"] == "he"
    assert q["attrs"]["via"] == "pronoun" and q["attrs"]["name"] == "Joe Biden"
    start, end = q["attrs"]["antecedent"]
    assert text[start:end] == "Joe Biden"


@pytest.mark.slow
def test_short_names_resolve_to_the_full_name_surname_first_or_last() -> None:
    text = ("Foreign minister Qin Gang met Pentagon spokesman Patrick Ryder in Beijing.\n\n"
            "Qin told Ryder that Beijing stands ready to work with Ukraine.\n\n"
            "Ryder said the talks had been useful.")
    names = [q["attrs"]["name"] for q in quotes_of(text)]
    assert names == ["Qin Gang", "Patrick Ryder"]


@pytest.mark.slow
def test_role_noun_resolves_to_the_person_with_that_role() -> None:
    text = ("Kremlin spokesman Dmitry Peskov spoke to reporters on Monday.\n\n"
            "Moscow sees no conditions for peace, the spokesman said.")
    q = only(text)
    assert q["speaker"] == "the spokesman"
    assert q["attrs"]["via"] == "role" and q["attrs"]["name"] == "Dmitry Peskov"
    start, end = q["attrs"]["antecedent"]
    assert "Peskov" in text[start:end]


@pytest.mark.slow
def test_the_statement_resolves_to_its_organisation_and_speakers_are_shared() -> None:
    text = ("“The leaders will discuss the partnership,” the Kremlin said in a statement.\n\n"
            "“Important documents will be signed,” the statement continued.")
    found = quotes_of(text)
    assert [q["kind"] for q in found] == ["direct", "direct"]
    statement = found[1]
    assert statement["speaker"] == "the statement"
    assert statement["attrs"]["via"] == "organisation"
    assert "Kremlin" in statement["attrs"]["name"]
    start, end = statement["attrs"]["antecedent"]
    assert "Kremlin" in text[start:end]


@pytest.mark.slow
def test_organisation_speaker() -> None:
    q = only("China’s foreign ministry said the visit will take place next week.")
    assert q["speaker"] == "China’s foreign ministry"
    assert q["attrs"]["type"] == "ORG"
    assert "foreign ministry" in q["attrs"]["name"]


@pytest.mark.slow
def test_a_speaker_of_several_quotes_is_emitted_once() -> None:
    text = ("“We are watching,” Ryder told reporters, adding that they are “keeping a very "
            "close eye on it.”")
    spans = quote_spans(text, paragraph_ranges(text), entity_spans(text))
    quotes = [s for s in spans if s.label == Label.QUOTE]
    speakers = [s for s in spans if s.label == Label.SPEAKER]
    assert [q.attrs["kind"] for q in quotes] == ["direct", "partial"]
    assert len(speakers) == 1
    assert all(q.attrs["speaker"] == [speakers[0].start, speakers[0].end] for q in quotes)


@pytest.mark.parametrize(("text", "name"), [
    ("Obama supporters said the rally had been a success.", "Obama supporters"),
    ("Springfield officers said the road was closed all night.", "Springfield officers"),
    ("The mayor will resign next week, a senior Democrat said on Tuesday.", "senior Democrat"),
])
@pytest.mark.slow
def test_people_a_name_describes_speak_not_the_name(text: str, name: str) -> None:
    q = only(text)
    assert (q["attrs"]["name"], q["attrs"]["via"]) == (name, "role"), q["attrs"]


@pytest.mark.slow
def test_what_is_written_is_no_group_of_people() -> None:
    q = only("Russian media reports said the talks in the capital had stalled.")
    assert q["attrs"].get("via") != "role", q["attrs"]


@pytest.mark.slow
def test_a_noun_the_parse_made_of_the_verb_before_a_colon_is_no_group() -> None:
    q = quotes_of("The NBA's substance-abuse policy states: \"A second offense is likely to "
                  "bring a suspension.\"")[0]
    assert q["attrs"].get("via") != "role", q["attrs"]


@pytest.mark.slow
def test_a_hyphenated_role_in_apposition_is_whole() -> None:
    q = only("Laurence Mark, a co-producer of the awards telecast, said the show would be short.")
    assert q["attrs"]["role"] == "co-producer of the awards telecast", q["attrs"]


@pytest.mark.slow
def test_an_adjective_before_the_name_is_no_role() -> None:
    q = only("“He was our rock,” said a tearful Charlie Kafoury outside the court.")
    assert q["attrs"]["name"] == "Charlie Kafoury" and "role" not in q["attrs"], q["attrs"]


# --- what is said, and by whom (own sentences) --------------------------------------------

@pytest.mark.parametrize("text", [
    "Authorities have not said what may have motivated the shooting at the depot.",
    "Police did not say whether the driver of the truck had been drinking.",
    "The mayor declined to say how much the new bridge over the river would cost.",
])
@pytest.mark.slow
def test_what_was_not_said_is_no_quote(text: str) -> None:
    assert quotes_of(text) == []


@pytest.mark.slow
def test_a_description_of_a_voice_is_no_quote() -> None:
    q = only('"She was my best friend," Tomas Reyes said, his voice wavering before he '
             "cleared his throat.")
    assert q["kind"] == "direct" and q["content"] == "She was my best friend"


@pytest.mark.slow
@pytest.mark.parametrize(("text", "quote", "name"), [
    # the man named last is not "she"
    ('Mrs. Lopez thanked the officer who saved her son, David. "He is a hero," she said.',
     "He is a hero", "Lopez"),
    ("Amy Rule, a teacher, met John Smith, her husband, at the station. "
     '"We are happy," she said.', "We are happy", "Amy Rule"),
    ('Jane Doe, a mother of three, spoke after Bob Stone. "It took a year," he said.',
     "It took a year", "Bob Stone"),
    # a pronoun once resolved tells the gender for the next one
    ('Kim Sato spoke first. "It went well," she said. Alex Moore came in after Kim Sato. '
     '"I was tired," he said.', "I was tired", "Alex Moore"),
])
def test_a_pronoun_goes_to_a_person_of_its_gender(text: str, quote: str, name: str) -> None:
    [q] = [q for q in quotes_of(text) if q["content"] == quote]
    assert q["attrs"]["name"] == name, q


@pytest.mark.slow
@pytest.mark.parametrize(("text", "content", "speaker"), [
    # the attribution set off by commas inside what it reports: the sentence is said
    ("The bigger danger, she said, is a collision between fishing fleets that could draw "
     "in the navies.", "The bigger danger, she said, is a collision between fishing fleets "
     "that could draw in the navies", "she"),
    ("In a merger, Ortega said, the brand would survive and the staff would stay.",
     "In a merger, Ortega said, the brand would survive and the staff would stay", "Ortega"),
    # the aside may hold the verb's object and its time
    ("The bigger risk, the minister told reporters on Monday, is a clash between the fleets.",
     "The bigger risk, the minister told reporters on Monday, is a clash between the fleets",
     "the minister"),
    # a relative pronoun before the reporting verb is not said: what follows it is
    ("The council passed a curfew, which critics said was unfair to night workers.",
     "was unfair to night workers", "critics"),
    # slips of the parse read as what they are (each sentence parsed so by the pinned model):
    # what was said made the verb's complement in a relative clause ...
    ("They blame the closure of the mill, which they say left hundreds of families without "
     "work.", "left hundreds of families without work", "they"),
    # ... the speakers' participle made the root, the reporting verb hung on it ...
    ("Local activists clamoring to save the old pier say they're ready to sue the city.",
     "they're ready to sue the city", "Local activists"),
    # ... the speakers' participle made the verb's clausal subject ...
    ("Most voters in four counties going to the polls on Tuesday said they support the new "
     "school levy.", "they support the new school levy", "Most voters"),
    # ... and the gerund subject of what was said made the verb's complement
    ("City planners, like their counterparts abroad, say taxing parking encourages transit "
     "use.", "taxing parking encourages transit use", "City planners"),
])
def test_reported_speech_around_its_attribution(text: str, content: str,
                                                speaker: str) -> None:
    q = only(text)
    assert (q["kind"], q["content"], q["speaker"]) == ("reported", content, speaker)


@pytest.mark.slow
def test_an_aside_needs_a_clause_after_it() -> None:
    # "X, he said." ends the sentence: that is a trailing attribution, not an aside
    assert [q["content"] for q in quotes_of("The harbour will reopen in May, he said.")] == [
        "The harbour will reopen in May"]
    # a whole clause before the commas: the attribution trails it, what follows is the writer's
    trailing = quotes_of("Local firms sent the buyers a thousand rifles last year, the "
                         "newspaper reported on Thursday, citing customs data, though it is "
                         "unclear whether any reached the front.")
    assert [q["content"] for q in trailing] == [
        "Local firms sent the buyers a thousand rifles last year"]
    # a quotation after the commas (here its closing mark lost) is what was said, not the
    # sentence around it
    said = quotes_of("In a statement released today by the council, producers had this to say "
                     "about their choice of Ada Brandt as the host, \"Ada Brandt is a "
                     "consummate entertainer and a star.\n\nShe also has style.")
    assert not any(q["content"].startswith("In a statement") for q in said), said


@pytest.mark.slow
@pytest.mark.parametrize(("text", "quote", "name"), [
    # the subject of the sentence that names them, not the person named last
    ('Governor Tom Hale met Maria Lopez at the school on Friday. "We will fix the roof," he '
     "said.", "We will fix the roof", "Tom Hale"),
    ('Maria Lopez met Governor Tom Hale at the school on Friday. "He promised us a new '
     'roof," she said.', "He promised us a new roof", "Maria Lopez"),
    # a person called by a role only
    ('The victim, a 34-year-old nurse, was walking home when the car hit her. "I never saw '
     'it coming," she said from her hospital bed.', "I never saw it coming", "victim"),
    # a role in a subordinate clause is no antecedent: the man telling the story is
    ('"It was chaos," Luke Pine said.\n\nHe spent two hours in his apartment.\n\nPolice '
     "waited outside.\n\nFinally, he heard shouts as the gunman gave himself up.\n\n"
     '"They cuffed him on the ground," he said.', "They cuffed him on the ground",
     "Luke Pine"),
    # what one mention says of a person holds for the others ("an African-American woman")
    ("Dr. Kim Lowe, a mother of two, opened the clinic's new wing. "
     'Paul Grant blessed it, and Lowe thanked the staff. "It was remarkable," he said.',
     "It was remarkable", "Paul Grant"),
])
def test_a_pronoun_goes_to_the_subject_a_role_or_the_gender_the_text_gives(
        text: str, quote: str, name: str) -> None:
    [q] = [q for q in quotes_of(text) if q["content"] == quote]
    assert q["attrs"]["name"] == name, q


@pytest.mark.slow
def test_a_role_stops_at_the_verb_before_the_name() -> None:
    from storyweave.nlp.quotes.speakers import SpeakerResolver

    text = "Maria Lopez met Governor Tom Hale after Officer Jane Smith arrived on Friday."
    roles = {m.name: m.role for m in SpeakerResolver(text, entity_spans(text)).mentions}
    assert roles == {"Maria Lopez": None, "Tom Hale": "Governor", "Jane Smith": "Officer"}


@pytest.mark.slow
def test_a_title_the_parse_cut_from_its_name_keeps_the_name() -> None:
    # the parser ends a sentence at "Sgt." and NER takes "Police Sgt" for a person
    q = only('"He was tased by police," said Bloomington Police Sgt. Marty Earley. '
             "Later a bell ringer ran to help.")
    assert q["speaker"] == "Bloomington Police Sgt. Marty Earley"
    assert q["attrs"]["name"] == "Marty Earley", q


# --- cues and speakers the parse makes hard (PolNeAR train errors, own sentences) -----------

@pytest.mark.slow
def test_a_quote_that_ends_its_sentence_keeps_the_cue_before_it() -> None:
    # "He added" after "found.” opens the next quote's sentence: it is not the first's cue
    text = ('Lane said, “The delay was caused by the storm we had not foreseen.” '
            'He added, “The crews will be back on Monday.”')
    first, second = quotes_of(text)
    assert (first["cue"], first["speaker"]) == ("said", "Lane"), first
    assert (second["cue"], second["speaker"]) == ("added", "He"), second


@pytest.mark.slow
def test_a_comma_before_the_closing_mark_still_takes_the_cue_after_it() -> None:
    q = quotes_of("“The delay was caused by the storm,” Lane said. “We had not foreseen it.”")[0]
    assert (q["cue"], q["speaker"]) == ("said", "Lane"), q


@pytest.mark.slow
def test_the_speakers_words_never_take_in_the_quote_the_parse_hung_on_them() -> None:
    # the parse makes the quote's clause a child of the name ("Harrow, 71, told")
    q = only("“That is a fair worry, because they are very loyal and very patient,” "
             "Ferraro, 71, told the station on Monday.")
    assert q["speaker"] == "Ferraro", q


@pytest.mark.slow
@pytest.mark.parametrize(("text", "speaker"), [
    # the name made a compound of "notes", no subject: with "notes" a verb, and a noun
    ("“In this race it was the mayor picking a fight with the council out of necessity,” "
     "Oyelaran notes.", "Oyelaran"),
    ("“In this race it was the mayor picking a fight with the council out of necessity,” "
     "Kowalski notes.", "Kowalski"),
    # "posted" tagged a participle (VBN), its subject before it: a finite verb all the same
    ("“We did it,” Trump posted.", "Trump"),
    ("“There were some of us who thought you might be able to work with them,” "
     "Ostrander points out.", "Ostrander"),
    ("“Silly people acting like they have never seen a bike before,” scoffed Mira Dahl.",
     "Mira Dahl"),
    ("“Those figures are out of date,” Ostrander answered.", "Ostrander"),
])
def test_reporting_verbs_the_tagger_or_the_list_missed(text: str, speaker: str) -> None:
    q = only(text)
    assert q["speaker"] == speaker, q


@pytest.mark.slow
def test_a_colon_closing_the_paragraph_before_introduces_the_quote() -> None:
    text = ("Ostrander continued:\n\n"
            "“You look at the budget: roads, schools, the harbour. Which of them can wait?”")
    q = only(text)
    assert q["speaker"] == "Ostrander", q


@pytest.mark.slow
def test_a_relative_pronoun_is_the_mention_and_names_the_noun_it_stands_for() -> None:
    text = ("The plan was backed by Mira Dahl, who said the harbour would close for a month. "
            "Critics were not convinced.")
    q = quotes_of(text)[0]
    assert q["speaker"] == "who", q
    assert q["attrs"]["name"] == "Mira Dahl", q
    antecedent = q["attrs"]["antecedent"]
    assert text[antecedent[0]:antecedent[1]] == "Mira Dahl"


@pytest.mark.slow
def test_a_clause_that_points_at_words_said_elsewhere_is_no_quote() -> None:
    text = ("Dahl will host the gala again. You know what they say about a second chance. "
            "She knows what the critics said.")
    assert quotes_of(text) == []
    # a wh-clause with words of its own is still reported: the question asked
    [q] = quotes_of("The senator explained why the harbour had been closed for a month.")
    assert q["content"].startswith("why the harbour"), q


@pytest.mark.slow
def test_a_subject_the_parse_found_inside_the_marks_is_not_the_speaker() -> None:
    # the parse gives "said" two subjects: "Michigan" (inside the quote) and "Mr. Trump"
    q = only("''Our popularity is strong enough to put states in play in November that "
             "Republicans don't usually win anymore: Michigan, Pennsylvania, Virginia, "
             "Florida, Ohio,'' Mr. Trump said.")
    assert q["speaker"] == "Mr. Trump", q


@pytest.mark.slow
@pytest.mark.parametrize(("text", "speaker"), [
    ("As Vulture put it, “Hello, the comeback is complete.” The singer has a new album.",
     "Vulture"),
    ("“Keep the levy in place over the balance of the decade,” the council recommended.",
     "the council"),
])
def test_put_it_and_recommended_attribute_a_quote(text: str, speaker: str) -> None:
    q = quotes_of(text)[0]
    assert q["speaker"] == speaker, q
