"""Speech acts and transcripts as reported speech (nlp.quotes.reported, nlp.quotes.extraction):
what an accusation, a call or a question says, whose turn a transcript's "I" is, and a cue
the parse made a subject."""

from __future__ import annotations

import pytest
from test_nlp_quotes import only, quotes_of


@pytest.mark.parametrize(("text", "content", "speaker", "cue"), [
    ("The opposition leader accused the finance minister of hiding the true size of the "
     "deficit.", "the finance minister of hiding the true size of the deficit",
     "The opposition leader", "accused"),
    # the parse hangs "of" on the object, not on the verb
    ("The mayor lashed out at the council on Thursday, accusing its members of stalling the "
     "flood defences.", "its members of stalling the flood defences", "The mayor", "accusing"),
    ("The union called for an independent inquiry into the mine collapse.",
     "an independent inquiry into the mine collapse", "The union", "called"),
    ("Critics have described the rescue plan as a giveaway to the banks.",
     "the rescue plan as a giveaway to the banks", "Critics", "described"),
    ("After the match the striker called the referee a disgrace.",
     "the referee a disgrace", "the striker", "called"),
    ("The coach blamed the referee for the late penalty.", "the referee for the late penalty",
     "The coach", "blamed"),
    ("The mayor mocked her rival for “having a very bad night” at the debate.",
     "her rival for “having a very bad night” at the debate", "The mayor", "mocked"),
    ("The bishop applauded the nurses for staying at their posts during the flood.",
     "the nurses for staying at their posts during the flood", "The bishop", "applauded"),
    ("The governor asked residents to stay indoors until the storm passes.",
     "residents to stay indoors until the storm passes", "The governor", "asked"),
    ("Reporters asked whether the minister would resign.", "the minister would resign",
     "Reporters", "asked"),
    ("The senator rejected the notion that the bill would raise taxes for families.",
     "the bill would raise taxes for families", "The senator", "rejected"),
    ("Engineers raised concerns that the old dam could fail in a heavy storm.",
     "the old dam could fail in a heavy storm", "Engineers", "raised"),
])
@pytest.mark.slow
def test_a_speech_act_reports_what_it_says_of_its_object(text: str, content: str,
                                                          speaker: str, cue: str) -> None:
    q = only(text)
    assert (q["kind"], q["content"], q["speaker"]) == ("reported", content, speaker)
    assert q["cue"].startswith(cue)


@pytest.mark.parametrize("text", [
    # passive: the subject is who is accused, and nobody accuses
    "The finance minister was accused of hiding the true size of the deficit.",
    "The minister was asked whether he would resign.",
    # a plain object: an act on a thing, no words said of it
    "The council rejected the offer from the developer on Monday.",
    "The senator slammed the door of the committee room on Monday.",
    "The club raised money to rebuild the stadium.",
    # an act that did not happen: supposed, or contrary to fact
    "The council could have thanked the volunteers for their work during the floods.",
    "Had the minister praised the nurses for their courage, the strike might have ended.",
    # a label nobody gives: the parse takes "Trump" for a verb and leaves "called" no
    # subject, and a label with no one giving it is a term in marks, as a scare quote is
    "Trump in his campaign speech called undocumented workers from Honduras “criminals” and "
    "drug smugglers.",
    # a name given, not words said of anything
    "The league introduced what players call the Safe Ride program.",
    "Players who have been drinking would call “Safe Ride Solutions” and be driven home.",
    "The firefighters called the family of the driver on Monday.",
    # withheld, through the verb it is coordinated with
    "The government has refused to condemn the attack or even refer to it as terrorism.",
    # a topic announced, nothing said of it
    "The minister announced her resignation on Friday.",
    # "as" with no voice: time, or nobody's words
    "As the crowd cheered, the mayor cut the ribbon.",
    "As expected, the council approved the budget.",
    # another conjunction leads a time, not a report
    "Before the senator testified, the committee met behind closed doors for an hour.",
    # the bare verb after a verb of seeing is no proposal
    "The guards saw the prisoner leave the yard before noon.",
    # what a relative clause says of the thing announced describes an act, no statement
    "The government announced new sanctions that targeted two hundred firms and banks.",
    # a belief shared, nobody's words
    "As every fan knows, the club has never won a game in Madrid.",
])
@pytest.mark.slow
def test_what_says_nothing_or_nobody_says_is_no_quote(text: str) -> None:
    assert quotes_of(text) == []


@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("A new poll showed the mayor ahead by six points in the northern wards.",
     "the mayor ahead by six points in the northern wards", "A new poll"),
    ("Court records show the firm paid no rent for three years.",
     "the firm paid no rent for three years", "Court records"),
    ("The autopsy found bruises on both of his arms.", "bruises on both of his arms",
     "The autopsy"),
    ("Security footage showed two men leaving the warehouse before the fire.",
     "two men leaving the warehouse before the fire", "Security footage"),
    # a participle with its subject: a finding, no tensed verb needed
    ("A new survey found the mayor trailing her rival by four points in the suburbs.",
     "the mayor trailing her rival by four points in the suburbs", "A new survey"),
    ("Earlier polls showed the governor leading in every county of the state.",
     "the governor leading in every county of the state", "Earlier polls"),
    ("A 2015 paper found gains in reading scores among younger pupils.",
     "gains in reading scores among younger pupils", "A 2015 paper"),
    # a participle that describes the source
    ("The campaign took heart from a new poll showing the senator's standing with young "
     "voters up to 40 percent.", "the senator's standing with young voters up to 40 percent",
     "a new poll"),
    ("The party was in uproar after leaked emails showed senior staff favoring the mayor.",
     "senior staff favoring the mayor", "leaked emails"),
])
@pytest.mark.slow
def test_what_a_poll_a_study_or_records_show_is_theirs(text: str, content: str,
                                                       speaker: str) -> None:
    q = only(text)
    assert (q["kind"], q["content"], q["speaker"]) == ("reported", content, speaker)


@pytest.mark.parametrize("text", [
    # people find and show things; only a source of findings states one by showing it
    "The mayor showed reporters the flooded cellars on Monday.",
    "Firefighters found the body of the driver in the basement.",
    "Firefighters found the man lying on the floor of the kitchen.",
])
@pytest.mark.slow
def test_a_person_finding_a_thing_is_no_quote(text: str) -> None:
    assert quotes_of(text) == []


@pytest.mark.slow
def test_a_reporting_verb_the_lemmatizer_misreads_is_still_one() -> None:
    # en_core_web_sm lemmatises "hopes" as "hop"
    q = only("The mayor hopes the new stadium will open next year.")
    assert (q["content"], q["speaker"]) == ("the new stadium will open next year", "The mayor")


@pytest.mark.slow
def test_a_transcripts_first_person_is_the_person_the_turn_is_given_to() -> None:
    text = ("Governor Mary Fallin spoke to the anchor Jake Tapper on Sunday.\n\n"
            "TAPPER: What do you make of the response to the shooting?\n\n"
            "FALLIN: I think the whole state needs to work together. I believe the police "
            "acted with great courage.")
    found = {q["content"]: q for q in quotes_of(text)}
    assert found["the whole state needs to work together"]["speaker"] == "FALLIN"
    assert found["the police acted with great courage"]["speaker"] == "FALLIN"
    # the capitals name the person the article names
    assert found["the police acted with great courage"]["attrs"]["name"] == "Mary Fallin"


@pytest.mark.slow
def test_speech_is_read_before_the_act_it_reports() -> None:
    # the request is what the agency reported, not a quote of its own
    q = only("The president has asked the general to lead the inquiry into the crash, the "
             "agency reported.")
    assert q["speaker"] == "the agency"
    assert q["content"].startswith("The president has asked the general")


@pytest.mark.slow
def test_a_cue_the_parse_made_a_subject_is_not_its_own_speaker() -> None:
    q = only("Band member Flea shared the news on social media last week, writing “Feels great "
             "to support someone I believe in. This is a man with integrity.”")
    assert q["speaker"] == "Band member Flea"


@pytest.mark.parametrize(("text", "first", "second"), [
    # the parse hangs the second verb on the reported clause ("want ... and predicted")
    ("The judge said she did not want to think about a second trial and predicted that the "
     "jury would reach a verdict by Friday.",
     "she did not want to think about a second trial",
     "the jury would reach a verdict by Friday"),
    ("The coach announced that he was stepping down and vowed to spend more time with his "
     "family.", "he was stepping down", "to spend more time with his family"),
    ("The senator said the report was a whitewash of the ministry's failures and accused the "
     "minister of hiding the true cost of the bridge.",
     "the report was a whitewash of the ministry's failures",
     "the minister of hiding the true cost of the bridge"),
    ("The mayor insisted that the city had finally turned the corner on violent crime, "
     "claiming that burglaries had fallen in every district.",
     "the city had finally turned the corner on violent crime",
     "burglaries had fallen in every district"),
    # "telling X that ...": a participle after a clause about the speaker ("she")
    ("The mayor said she would not resign over the audit, telling reporters that the "
     "inspectors had cleared her office of any wrongdoing.",
     "she would not resign over the audit",
     "the inspectors had cleared her office of any wrongdoing"),
])
@pytest.mark.slow
def test_a_second_speech_act_inside_a_reported_clause_is_a_quote_of_its_own(
        text: str, first: str, second: str) -> None:
    found = {q["content"]: q for q in quotes_of(text)}
    assert second in found, found
    assert not any(second in c for c in found if c != second), found
    speaker = found[second]["speaker"]
    # the one who said the first clause makes the second act, not the clause's subject
    assert speaker in ("The judge", "The coach", "The senator", "The mayor"), speaker
    assert any(c.startswith(first) or first.startswith(c) for c in found), found


@pytest.mark.parametrize("text", [
    # an act the story tells of the man in it, not one of the police's
    "Police said the man walked into the bank and asked the teller whether the safe was open.",
    # "telling" the teller: the man did, who the clause is about
    "Police said the man walked into the bank, telling the teller that he carried a gun.",
    # who praised is the parse's guess between two people: the clause stays whole
    "The senator said that Ms. Okafor did not speak for the party and praised the governor "
    "for his budget.",
])
@pytest.mark.slow
def test_a_clause_that_goes_on_is_not_cut(text: str) -> None:
    q = only(text)
    assert q["content"].endswith(text.rstrip(".").split()[-1]), q["content"]


@pytest.mark.parametrize(("text", "content"), [
    # the parse hangs the speaker's next verb on the clause; it is told in the cue's tense
    ("A shop owner at the meeting said she pays $900 a month in rent and questioned how the "
     "new levy would help anyone on her street.", "she pays $900 a month in rent"),
    ("The striker continues to insist that he will stay at the club and refuses to discuss "
     "the offer from Madrid.", "he will stay at the club"),
])
@pytest.mark.slow
def test_the_speakers_own_next_verb_is_not_what_was_said(text: str, content: str) -> None:
    found = [q["content"] for q in quotes_of(text)]
    assert content in found, found
    assert not any(c.startswith(content) and c != content for c in found), found


@pytest.mark.slow
def test_an_aside_says_only_the_words_before_it_when_a_second_attribution_follows() -> None:
    found = {q["content"]: q["speaker"] for q in quotes_of(
        "A quick settlement is vital, the lawyer said after meeting the families, because he "
        "said the insurers appear determined to delay the payments.")}
    assert found.get("A quick settlement is vital") == "the lawyer", found
    assert "the insurers appear determined to delay the payments" in found, found


@pytest.mark.slow
def test_another_voice_after_a_reported_clause_leaves_it_no_conjunction() -> None:
    found = {q["content"]: q["speaker"] for q in quotes_of(
        "The governor said the state had made a mistake and a nurse warned that the lead "
        "levels were high.")}
    assert found == {"the state had made a mistake": "The governor",
                     "the lead levels were high": "a nurse"}, found


@pytest.mark.parametrize(("text", "content"), [
    ("The court found the driver, who claimed that the brakes had failed on the hill, guilty "
     "of reckless driving.", "the brakes had failed on the hill"),
    ("The jury found the nurse, who alleged that the patient had attacked her during the "
     "night shift, not guilty of assault.", "the patient had attacked her during the night shift"),
])
@pytest.mark.slow
def test_a_relative_clause_reports_up_to_the_comma_that_closes_it(text: str,
                                                                  content: str) -> None:
    # the parse hangs the verdict on what the driver claimed; it is the court's
    q = only(text)
    assert (q["content"], q["speaker"]) == (content, "who")


@pytest.mark.slow
def test_a_works_title_in_marks_is_no_quote() -> None:
    found = quotes_of("The mayor wrote about her childhood in her 2015 memoir, “A Harbour "
                      "Town Girl.” She said in an interview, “I never wanted to be mayor.”")
    assert [q["content"] for q in found] == ["I never wanted to be mayor."], found


@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("The ministry called the claims “pure disinformation”.", "pure disinformation",
     "The ministry"),
    ("The coach described the defeat as “a wake-up call”.", "a wake-up call", "The coach"),
    ("The minister has repeatedly denied the reports, calling them “fabrications”.",
     "fabrications", "The minister"),
])
@pytest.mark.slow
def test_a_label_a_speech_act_gives_in_marks_is_the_speakers_word(text: str, content: str,
                                                                   speaker: str) -> None:
    # a scare quote has no speaker; "called ... “pure disinformation”" has one
    q = only(text)
    assert (q["kind"], q["content"], q["speaker"]) == ("partial", content, speaker)


@pytest.mark.slow
def test_labels_inside_a_longer_report_are_that_report() -> None:
    # the two labels in marks are words of what the president reported; one quote holds them
    q = only('Club president Ed Okafor said he met with the new coach, describing him as a '
             '"gentleman throughout" and a "class act."')
    assert q["kind"] == "reported" and q["speaker"] == "Club president Ed Okafor"
    assert q["content"].startswith("he met with the new coach") and "class act" in q["content"]


@pytest.mark.parametrize(("text", "content", "speaker"), [

    # an attribution that leads its clause with "as"
    ("As the newspaper revealed, the club agreed to sell the stadium to a property firm in "
     "May.", "the club agreed to sell the stadium to a property firm in May",
     "the newspaper"),
    # what a statement's noun holds: an intention, a plan
    ("The senator also stated his intention to vote against the budget on Wednesday.",
     "his intention to vote against the budget on Wednesday", "The senator"),
    # a proposal in the bare verb
    ("The union urged that the council delay the vote until spring.",
     "the council delay the vote until spring", "The union"),

    # the cue completes an adjective: the speaker is the subject of the verb it completes
    ("The minister was careful to note that the deal had not yet been signed.",
     "the deal had not yet been signed", "The minister"),
    # the curly apostrophe's "’s" is tagged a participle: still a tensed clause
    ("The club’s directors insist he’s returning to the team as the same fearless, "
     "hard-working captain.",
     "he’s returning to the team as the same fearless, hard-working captain",
     "The club’s directors"),
    # a conjoined subject leaves "grow" tagged a bare verb: after "that", still a clause
    ("Two columnists argued that the council’s budget and its promise to voters grow out of "
     "a naive hope that ignores real costs.",
     "the council’s budget and its promise to voters grow out of a naive hope that ignores "
     "real costs", "Two columnists"),

    # an inverted attribution after its clause, which the parse made a conjunct of it
    ("In the valley the old steel mill is hanging on, but it is under intense pressure from "
     "cheap imports, said the company's spokesman, Tom Reyes.",
     "In the valley the old steel mill is hanging on, but it is under intense pressure from "
     "cheap imports", "the company's spokesman"),
    # a "that" clause the parse hung on the last noun as a relative clause
    ("Okafor said earlier on Friday during a news conference that she may wait until the "
     "spring to decide who to back.", "she may wait until the spring to decide who to back",
     "Okafor"),

    # words the parse hangs on the "as" attribution after its comma
    ("As the newspaper reported, even on Friday morning, the council was refusing to call the "
     "collapse a disaster.", "even on Friday morning, the council was refusing to call the "
     "collapse a disaster", "the newspaper"),
    # the "that" clause hung on the noun of "in her remarks"
    ("The minister offered a cautious welcome on Tuesday, stressing in her remarks that the "
     "government would honour the deal.", "the government would honour the deal",
     "The minister"),
    # told someone something, the clause hung on the last noun
    ("The senator spoke against the bill, warning voters in speeches and in interviews that "
     "the new tax would hurt small farms.", "the new tax would hurt small farms",
     "The senator"),
])
@pytest.mark.slow
def test_reported_speech_where_the_parse_puts_it(text: str, content: str, speaker: str) -> None:
    q = only(text)
    assert (q["kind"], q["content"], q["speaker"]) == ("reported", content, speaker)


@pytest.mark.slow
def test_a_reported_clause_leaves_no_as_well_as_behind() -> None:
    # the parse hangs what follows "as well as" elsewhere; the clause stops before all of it
    q = only('"I know what went on in the meeting when she made this choice, as well as the '
             'decision to sell the old stadium.')
    assert q["content"] == "what went on in the meeting when she made this choice"


@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("The governor proposed raising the fuel tax by two cents to pay for the new bridge.",
     "raising the fuel tax by two cents to pay for the new bridge", "The governor"),
    ("Senator Ada Brandt, a Liberal from the coast, has proposed a ban on bottom trawling.",
     "a ban on bottom trawling", "Senator Ada Brandt"),
    ("The mayor proposed that the city close the old harbour to heavy traffic.",
     "the city close the old harbour to heavy traffic", "The mayor"),
])
@pytest.mark.slow
def test_what_someone_proposes_is_their_stated_position(text: str, content: str,
                                                        speaker: str) -> None:
    q = only(text)
    assert (q["kind"], q["content"], q["speaker"]) == ("reported", content, speaker)


@pytest.mark.parametrize("text", [
    "He proposed to her on a beach in Maine last summer.",
    "The budget proposed by the mayor cuts spending on parks by a third.",
])
@pytest.mark.slow
def test_a_proposal_with_nothing_proposed_or_no_proposer_is_no_quote(text: str) -> None:
    assert quotes_of(text) == []


@pytest.mark.slow
def test_an_attribution_the_parse_made_a_conjunct_reports_the_clause_before_it() -> None:
    # ", a senior adviser, Ann Ross, told ...": a conjunct of "remains" to the parse, with no
    # "and" joining them
    q = only("Despite a series of costly defeats on Tuesday night, Sen. Tom Hale remains "
             "committed to seeing the Democratic primary through to the convention, a senior "
             "adviser, Ann Ross, told reporters.")
    assert q["content"].endswith("remains committed to seeing the Democratic primary through "
                                 "to the convention")
    assert q["attrs"]["name"] == "Ann Ross"

