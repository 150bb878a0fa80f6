"""Who speaks when the parse puts the speaker somewhere odd (nlp.quotes.cues,
nlp.quotes.extraction, nlp.quotes.reported): each sentence is written after a pattern seen
among PolNeAR train's speaker errors, in words of our own."""

from __future__ import annotations

import pytest
from test_nlp_quotes import only, quotes_of

from storyweave.nlp.quotes.marks import pair_marks


@pytest.mark.slow
@pytest.mark.parametrize(("text", "speaker"), [
    # a subject inside the marks is passed over, also when the verb has its real one after it
    ("\"They ignored every warning. Every single warning,\" said Okafor, who had written "
     "several of those warnings.", "Okafor"),
    # through the adverb of "went so far as to say" to the verb whose subject speaks
    ("The veteran critic Ada Brandt went so far as to say: \"The festival as we knew it is "
     "finished.\"", "The veteran critic"),
    # whoever puts out a statement, an ad or a sign speaks through it
    ("On Monday she released a statement saying, \"The company has always paid its "
     "suppliers on time and will keep doing so.\"", "she"),
    ("After the flood, the mayor released a new radio ad calling it \"shameful\" that the "
     "province \"has no plan to rebuild the dikes.\"", "the mayor"),
    # "said the woman, who ...": a role after the cue's article, not the relative clause's
    ("\"A man walked in and said we should all leave town before the storm,\" said the "
     "woman, who like many on the street did not give her name.", "the woman"),
    # a cue with no subject of its own, right after an apposition the parse made of him
    ("Campaigning for his daughter, the city councillor Mara Velasquez, former governor Luis "
     "Velasquez said she was ready for the job because \"the region is in real trouble.\"",
     "former governor Luis Velasquez"),
    # "continue to be" reports nothing: the speaker is who said it
    ("In a statement on Friday, Okafor said he is sure Brandt will continue to be \"a "
     "fierce voice for the farmers of the valley.\"", "Okafor"),
    # of the verbs above a partial quote, the nearest that names a speaker: "calling" has
    # none, "urging" climbs to "said"
    ("\"Let the committee finish its work,\" said Senator Ruth Adeyemi, urging those calling "
     "for the chairman's resignation to \"give him a few weeks.\"",
     "Senator Ruth Adeyemi"),
])
def test_a_speaker_the_parse_put_out_of_place(text: str, speaker: str) -> None:
    assert quotes_of(text)[-1]["speaker"] == speaker


@pytest.mark.slow
def test_a_quote_after_one_that_ran_over_paragraphs_goes_on_with_its_speaker() -> None:
    text = ("Outside the court, the family waited.\n\n\"He was not just a coach....\n\nHe was "
            "a father to half the town,\" the coach's brother, Tomas, said after the hearing."
            "\n\n\"He taught us everything.\"\n\nThe hearing resumes on Monday.")
    found = quotes_of(text)
    assert [(q["content"], q["attrs"].get("name")) for q in found] == [
        ("He was not just a coach....\n\nHe was a father to half the town", "Tomas"),
        ("He taught us everything.", "Tomas")]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "name", "kind"), [
    # a body whose name begins with a place NER tagged alone is the body
    ("\"The festival will feel very different this year,\" trade magazine The Hollywood "
     "Reporter wrote.", "Hollywood Reporter", "ORG"),
    ("\"We are looking for two men in their twenties,\" Scotland Yard said on Monday.",
     "Scotland Yard", "ORG"),
    # a place that speaks is the place
    ("\"We will not pay this debt,\" Greece said on Monday.", "Greece", "GPE"),
])
def test_a_body_named_after_a_place_is_the_body(text: str, name: str, kind: str) -> None:
    attrs = only(text)["attrs"]
    assert (attrs["name"], attrs["type"]) == (name, kind)


@pytest.mark.slow
@pytest.mark.parametrize(("text", "speaker"), [
    # the clause that ends at the colon, not the first verb of the sentence
    ("In the hours after 14 people were killed in Lyon, France, a familiar account "
     "celebrated the attacks on Twitter: \"Lyon, we have already arrived with our soldiers. "
     "Decide how your end will be.\"", "a familiar account"),
    # ...and the reporting verb that clause hangs on
    ("Okafor said the plan was a \"serious error\" and that the board has learned its "
     "lesson: \"They are ready for a much longer fight this time.\"", "Okafor"),
    # a relative word ("what happened") is no speaker: the verb above it has one
    ("The minister has since apologised for what happened: \"I should have told the "
     "committee about the loan. I take full responsibility.\"", "The minister"),
])
def test_a_quote_after_a_colon_takes_the_subject_of_the_clause_before_it(
        text: str, speaker: str) -> None:
    assert only(text)["speaker"] == speaker


@pytest.mark.slow
def test_a_trailing_attribution_reports_the_clause_with_an_object_of_its_own() -> None:
    """ "X has maintained support among ..., Fox found": "maintained support" is the
    statement's own verb and object, not an aside like "he told reporters"."""
    q = only("In contrast, the governor has maintained support among older voters and those "
             "with a college degree, the survey found.")
    assert q["speaker"] == "the survey"
    assert q["content"] == ("In contrast, the governor has maintained support among older "
                            "voters and those with a college degree")


@pytest.mark.slow
@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("A reporter asked the coach how he is feeling before the final.",
     "how he is feeling before the final", "A reporter"),
    ("She shook hands and asked the workers if they planned to join the strike.",
     "they planned to join the strike", "She"),
])
def test_a_question_put_to_someone_is_what_the_asker_says(text: str, content: str,
                                                          speaker: str) -> None:
    found = [(q["kind"], q["content"], q["speaker"]) for q in quotes_of(text)]
    assert found == [("reported", content, speaker)]


@pytest.mark.slow
def test_whoever_is_asked_is_not_the_asker() -> None:
    """ "When asked by the radio station if ..., the general replied": the station asks, the
    general answers; the question is not his."""
    text = ("When asked by the radio station if the army intended to attack the rebels' "
            "bases, the general replied that it would first need better intelligence.")
    assert not [q for q in quotes_of(text) if "intended" in q["content"]]


def test_a_straight_mark_after_the_quotes_last_comma_closes_it_though_spaced() -> None:
    """Scraped copy often prints '... to progress, "said Stefanski.': the spaced mark closes
    the quote rather than opening another one that never closes."""
    text = ('"We were not moving forward the way we wanted to, "said Okafor. "It was time, "'
            'she added.')
    pairs = [(m.open, m.close) for m in pair_marks(text, [(0, len(text))])]
    assert [text[a + 1:b] for a, b in pairs] == [
        "We were not moving forward the way we wanted to, ", "It was time, "]


@pytest.mark.slow
def test_a_spaced_closing_mark_still_gives_a_direct_quote_and_its_speaker() -> None:
    q = only('"We were not moving forward the way we wanted to, "said Okafor.')
    assert (q["kind"], q["content"], q["speaker"]) == (
        "direct", "We were not moving forward the way we wanted to", "Okafor")


@pytest.mark.slow
@pytest.mark.parametrize(("text", "speaker"), [
    ("At the chair's request, the league issued a statement apologizing to the players.\n\n"
     "“On behalf of everyone at the league, we offer a sincere apology to every player.”",
     "the league"),
    ("Okafor continued her scathing remarks.\n\n“Eight years ago the council promised a new "
     "bridge, and nothing has been built.”", "Okafor"),
    ("The mayor praised the engineers' work in Monday's announcement.\n\n\"The new bridge is "
     "one of the finest in the region.\"", "The mayor"),
    # a sentence that introduces no words gives no speaker
    ("Police arrested the driver on Friday.\n\n\"He was calm and polite, and he did not "
     "resist at all.\"", None),
    # a quote before it runs on; a sentence after it that introduces words takes over
    ("\"We are done,\" Smith said.\n\nJones disagreed with her.\n\n\"We have only started.\"",
     "Jones"),
])
def test_a_quote_opening_its_paragraph_is_said_by_whom_the_sentence_before_introduces(
        text: str, speaker: str | None) -> None:
    assert quotes_of(text)[-1]["speaker"] == speaker


@pytest.mark.slow
def test_a_navy_is_a_body_that_speaks_not_its_nationality_nor_its_spokesman() -> None:
    """ "The Indian navy said ...": the speaker is the navy (a body, as "the ministry"), not
    the nationality NER tagged in front of it; "the navy" later is not the spokesman whose
    role names the navy."""
    q = quotes_of("The Indian navy said the pirates had surrendered after a short chase.")[0]
    assert (q["attrs"]["name"], q["attrs"]["type"]) == ("Indian navy", "ORG")
    for text in ("A navy spokesman, Ravi Mehta, said the crew was safe.\n\nLater the navy "
                 "said the boats had been towed to the port.",
                 "\"We acted at once,\" ministry spokesman Ravi Mehta said on Saturday.\n\n"
                 "The ministry said the boats had been towed to the port of Salalah."):
        body = quotes_of(text)[-1]["attrs"]
        assert (body["type"], body["via"]) == ("ORG", "organisation")
        assert body["name"] != "Ravi Mehta"


@pytest.mark.slow
@pytest.mark.parametrize(("text", "speaker"), [
    # a fronted phrase whose noun took the speaker as its apposition, after a comma
    ("In a letter to the Gazette, the club treasurer, Ines Marlowe, said: \"We have paid "
     "every bill this year.\"", "Ines Marlowe"),
    # a comma the house style (or a typo) made a full stop: the sentence after the mark is
    # nothing but the attribution
    ("\"We will rebuild the bridge before the winter comes.\" Okafor said.", "Okafor"),
    # a verb of manner in the place of "said", inverted or not
    ("\"This is the best harvest in twenty years!\" beamed Ada Brandt, who has farmed the "
     "valley since 1981.", "Ada Brandt"),
    ("\"We finally beat them,\" Okafor grinned.", "Okafor"),
    # a name the tagger takes for a common noun
    ("\"Would the plan survive a second winter?\" Hannity pressed.", "Hannity"),
])
def test_a_quote_attributed_by_its_place_names_its_speaker(text: str, speaker: str) -> None:
    assert quotes_of(text)[-1]["speaker"] == speaker


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    # a verb after a quote that has an object of its own does more than attribute it
    "\"Hamlet,\" Okafor directed twice before the theatre closed, and \"Macbeth\" once.",
    "\"Hamlet,\" Okafor staged in the spring, and \"Macbeth\" in the autumn.",
])
def test_a_verb_of_manner_with_more_to_do_is_no_cue(text: str) -> None:
    assert all(q["speaker"] is None for q in quotes_of(text) if "Hamlet" in q["content"])


@pytest.mark.slow
def test_a_surname_the_parse_took_for_an_adverb_is_the_speaker() -> None:
    # the parse makes "Early" an adverb of "said" and leaves it no subject; the article
    # names Tom Early before
    text = ("Councillor Tom Early visited the school on Friday. Early said the roof would be "
            "repaired before winter.")
    q = only(text)
    assert (q["content"], q["speaker"]) == ("the roof would be repaired before winter",
                                            "Early")


@pytest.mark.slow
def test_an_adverb_before_a_subjectless_cue_is_no_speaker() -> None:
    # nobody in the article is called Early: no speaker, so no reported quote
    assert quotes_of("Early said the plant would close by the end of the year.") == []


@pytest.mark.slow
def test_a_surname_after_an_inverted_cue_is_the_speaker() -> None:
    # the parse makes "Brantly" an adverb of "said": the article named Rosa Brantly before
    text = ("Rosa Brantly, who runs the harbour's ferry line, spoke at the hearing.\n\n"
            "\"Our boats have run on time for eleven years,\" said Brantly, adding that the "
            "new timetable would change nothing.")
    q = quotes_of(text)[0]
    assert (q["content"], q["speaker"], q["attrs"]["name"]) == (
        "Our boats have run on time for eleven years", "Brantly", "Rosa Brantly")


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "\"We should never have built the dam there,\" the 52-year-old said.",
    "\"Why would anyone build a dam there?\" the 52-year-old asked in a letter to the paper.",
    "\"The dam was a mistake from the start,\" the 52-year-old told reporters.",
])
def test_a_person_called_by_age_after_a_quote_speaks(text: str) -> None:
    """NER tags "52-year-old" a date, which is never a speaker; an age is a person, and the
    person last named before it."""
    q = quotes_of("Maria Lopez, a retired engineer, spoke at the meeting in May.\n\n" + text)[0]
    assert (q["speaker"], q["attrs"]["name"]) == ("the 52-year-old", "Maria Lopez")


@pytest.mark.slow
def test_a_participle_hung_on_the_name_after_a_quote_is_its_cue() -> None:
    # the parse makes the name phrase a sentence of its own and "posted" a participle on it
    text = ("\"Is the minister ever going to admit it? She should resign!\" the party's "
            "candidate, Tomas Berg, posted Sunday.")
    assert quotes_of(text)[0]["speaker"] == "Tomas Berg"


@pytest.mark.slow
def test_a_title_before_a_participle_names_a_book_not_a_speaker() -> None:
    # (NYT's typewriter marks; the parse hangs "written" on "biography" after the mark)
    text = ("Later that month, Scribner is set to publish ''Mayor Revealed,'' a biography "
            "written by the Post editor Mark Fisher and a Post investigative reporter, Michael "
            "Kranz.")
    assert all(q["content"] != "Mayor Revealed" for q in quotes_of(text))


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "It is premature to assume the council has the votes, as some members have said.",
    "It was widely reported that the mayor paid $2 million for the lot.",
    "It's easy to call the plan reckless and move on.",
])
def test_a_placeholder_it_speaks_for_nobody(text: str) -> None:
    """ "it is premature to assume", "it was reported that": no one is "it" there."""
    assert all(q["speaker"] != "It" and q["speaker"] != "it" for q in quotes_of(text))


@pytest.mark.slow
def test_an_it_that_stands_for_a_body_still_speaks() -> None:
    text = "The agency closed the office. It said the staff would move to the new building."
    assert only(text)["speaker"] == "It"


@pytest.mark.slow
def test_a_quote_after_a_sentence_that_introduces_words_in_its_paragraph() -> None:
    # inside one paragraph as across two: "announced" introduces the next quote's words
    text = ("Okafor announced on Monday a lawsuit against the port authority. \"We are asking "
            "the court to stop the dredging at once.\" The authority did not comment.")
    assert quotes_of(text)[0]["speaker"] == "Okafor"


@pytest.mark.slow
def test_a_sentence_in_the_paragraph_that_introduces_no_words_gives_no_speaker() -> None:
    text = ("Police found the boat on Monday. \"It was empty and the engine was still "
            "warm.\"")
    assert quotes_of(text)[0]["speaker"] is None


@pytest.mark.slow
def test_a_name_in_marks_nobody_says_does_not_stop_the_speaker() -> None:
    text = ("\"We have to engage them and show our sincerity,\" wrote the authors of the "
            "\"Growth and Renewal Project,\" giving the example of the last election. \"If "
            "farmers think we do not want them here, they will close their ears to our "
            "policies.\"")
    assert quotes_of(text)[-1]["speaker"].startswith("the authors of the")


@pytest.mark.slow
def test_whoever_is_told_does_not_tell() -> None:
    """The subject of a passive cue is who hears, not who speaks: no speaker (so no reported
    quote), unless the agent is named."""
    assert quotes_of("Residents were told to stay indoors until the water was safe.") == []
    q = only("Residents were told by the police to stay indoors until the water was safe.")
    assert (q["content"], q["speaker"]) == ("to stay indoors until the water was safe",
                                            "the police")


@pytest.mark.slow
def test_a_contracted_has_is_no_passive() -> None:
    # "he's said" is "he has said", which the parse reads as "he is said"
    text = ("Since the mayor took office, he's said he will fight the closure of the clinic "
            "to the end.")
    q = only(text)
    assert (q["content"], q["speaker"]) == ("he will fight the closure of the clinic to the end",
                                            "he")


@pytest.mark.slow
@pytest.mark.parametrize(("text", "speaker"), [
    # the parse hangs the name on the fronted phrase and leaves the cue no subject; an
    # adverb stands between the name's comma and the cue
    ("Deeply skeptical about Mr. Hale's candidacy, the campaign chief, Ines Marlowe, bluntly "
     "suggested that the candidate's angry style amounted to an act.", "Ines Marlowe"),
    # a name after a dash, its apposition running up to the comma before the cue, after a
    # clause whose "it" is a placeholder
    ("And it wasn’t a one-off or an accident — Tom Hale, a spokesman for Ryan, told POLITICO "
     "that the House speaker gave the mayor a heads up about his plan.", "Tom Hale"),
])
def test_a_name_the_parse_hung_elsewhere_before_a_subjectless_cue_speaks(
        text: str, speaker: str) -> None:
    assert only(text)["speaker"] == speaker


@pytest.mark.slow
def test_the_body_that_speaks_in_a_reduced_relative_is_not_the_one_it_speaks_of() -> None:
    # "the man police say ...": police speak, of the man; "the state police" are one body
    q = only("The man police say is behind the fire at the old mill was arrested on Friday.")
    assert q["speaker"] == "police"
    q = only("The state police said the road along the river would reopen on Monday.")
    assert q["speaker"] == "The state police"


@pytest.mark.slow
def test_a_name_ranks_lead_is_a_person_though_ner_tagged_nothing() -> None:
    # NER tags nothing in "Police Constable Tim Fanning"; the ranks are his role, the rest his
    # name, which a later "Fanning" names too
    text = ("\"A man who had just been let go from his job came in, shot and killed another "
            "man,\" Police Constable Tim Fanning said.\nFanning said the man surrendered.")
    first, second = quotes_of(text)
    assert first["attrs"]["name"] == "Tim Fanning" and first["attrs"]["type"] == "PERSON"
    assert first["attrs"]["role"] == "Police Constable"
    assert second["attrs"]["name"] == "Tim Fanning"
