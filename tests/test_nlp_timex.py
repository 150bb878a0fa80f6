"""Time expressions (storyweave.nlp.timex.expressions): what is found, what it means, which days.

The base day of most cases is Friday 2023-03-17, the day the example story's visit was
announced.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from storyweave.labels import Label
from storyweave.nlp.entities import ner_chunks, run_ner
from storyweave.nlp.timex.expressions import find_times, resolve

FRI = date(2023, 3, 17)
EXAMPLES = Path(__file__).parents[1] / "examples" / "xi-moscow-2023"
SOURCES = sorted((Path(__file__).parents[1] / "src" / "storyweave" / "nlp").glob("timex*.py"))


def _find(text: str, phrase: str, base: date | None = FRI, **kw: object) -> dict:
    """The attrs of the one span whose text is ``phrase`` (fails if it is not found)."""
    spans = find_times(text, base=base, **kw)  # type: ignore[arg-type]
    hits = [s for s in spans if text[s.start:s.end] == phrase]
    assert hits, f"{phrase!r} not found in {[text[s.start:s.end] for s in spans]}"
    assert all(s.label == Label.DATE for s in spans)
    return hits[0].attrs


def _texts(text: str, base: date | None = FRI) -> list[str]:
    return [text[s.start:s.end] for s in find_times(text, base=base)]


# (sentence, expression, base, type, value, start, end, precision)
CASES = [
    ("Chinese leader Xi Jinping will travel to Russia next week.", "next week", FRI,
     "DATE", "2023-W12", "2023-03-20", "2023-03-26", "week"),
    ("Qin Gang spoke on the phone on Thursday with Kuleba.", "Thursday", FRI,
     "DATE", "2023-03-16", "2023-03-16", "2023-03-16", "day"),
    ("Both leaders' governments announced on Friday that Xi would visit.", "Friday", FRI,
     "DATE", "2023-03-17", "2023-03-17", "2023-03-17", "day"),
    ("The visit will take place from March 20-23, the Kremlin said.", "March 20-23", FRI,
     "DATE", "2023-03-20", "2023-03-20", "2023-03-23", "day"),
    ("Xi will meet Putin during a state visit from March 20 to 22.", "March 20 to 22", FRI,
     "DATE", "2023-03-20", "2023-03-20", "2023-03-22", "day"),
    ("The ministry said the visit will take place from Monday to Wednesday.",
     "Monday to Wednesday", FRI, "DATE", "2023-03-20", "2023-03-20", "2023-03-22", "day"),
    ("Earlier this week, Jake Sullivan reiterated the warning.", "Earlier this week", FRI,
     "DATE", "2023-W11", "2023-03-13", "2023-03-16", "week"),
    ("Xi did warn Putin against using nuclear weapons last November.", "last November", FRI,
     "DATE", "2022-11", "2022-11-01", "2022-11-30", "month"),
    ("Moscow launched its war on Ukraine in February 2022.", "February 2022", FRI,
     "DATE", "2022-02", "2022-02-01", "2022-02-28", "month"),
    ("Chinese companies sent rifles from June through December of last year.",
     "June through December of last year", FRI,
     "DATE", "2022-06", "2022-06-01", "2022-12-31", "month"),
    ("Putin welcomed China's top diplomat last month.", "last month", FRI,
     "DATE", "2023-02", "2023-02-01", "2023-02-28", "month"),
    ("The two men declared their partnership last year.", "last year", FRI,
     "DATE", "2022", "2022-01-01", "2022-12-31", "year"),
    ("He said yesterday that talks had failed.", "yesterday", FRI,
     "DATE", "2023-03-16", "2023-03-16", "2023-03-16", "day"),
    ("The talks were held in May.", "May", FRI,
     "DATE", "2022-05", "2022-05-01", "2022-05-31", "month"),
    ("The summit will be held in May.", "May", FRI,
     "DATE", "2023-05", "2023-05-01", "2023-05-31", "month"),
    ("Sales rose in the third quarter.", "the third quarter", date(1989, 11, 2),
     "DATE", "1989-Q3", "1989-07-01", "1989-09-30", "quarter"),
    ("The rally was bigger in the spring of 2021.", "the spring of 2021", FRI,
     "DATE", "2021-SP", "2021-03-01", "2021-05-31", "season"),
    ("Prices peaked in the late 1970s.", "the late 1970s", FRI,
     "DATE", "197", "1970-01-01", "1979-12-31", "decade"),
    ("Shares were issued on Sept. 27, 1989, the company said.", "Sept. 27, 1989", FRI,
     "DATE", "1989-09-27", "1989-09-27", "1989-09-27", "day"),
    ("They met on Thursday evening.", "Thursday evening", FRI,
     "TIME", "2023-03-16TEV", "2023-03-16", "2023-03-16", "day"),
    ("Putin invaded Ukraine more than a year ago.", "more than a year ago", FRI,
     "DATE", "2022", "2022-01-01", "2022-12-31", "year"),
]


@pytest.mark.parametrize("text,phrase,base,kind,value,start,end,precision", CASES,
                         ids=[c[1] for c in CASES])
@pytest.mark.slow
def test_expression_table(text: str, phrase: str, base: date, kind: str, value: str,
                          start: str, end: str, precision: str) -> None:
    a = _find(text, phrase, base)
    assert (a["type"], a["value"], a["start"], a["end"], a["precision"]) == (
        kind, value, start, end, precision)
    json.dumps(a)  # attrs must be JSON-serialisable


# (sentence, expression, type, value): lengths of time and repeats are not dates.
NOT_DATES = [
    ("China is recovering from three years of zero-Covid policy.", "three years",
     "DURATION", "P3Y"),
    ("U.S. officials have said for about a month that Beijing was considering it.",
     "about a month", "DURATION", "P1M"),
    ("The war has lasted more than a year.", "more than a year", "DURATION", "P1Y"),
    ("They meet every week.", "every week", "SET", "P1W"),
    ("The report is published weekly.", "weekly", "SET", "P1W"),
    ("He visits every Monday.", "every Monday", "SET", "XXXX-WXX-1"),
    ("Stocks fell over the past two months.", "the past two months", "DURATION", "P2M"),
    ("Xi began a third five-year term.", "five-year", "DURATION", "P5Y"),
]


@pytest.mark.parametrize("text,phrase,kind,value", NOT_DATES, ids=[c[1] for c in NOT_DATES])
@pytest.mark.slow
def test_durations_and_sets_are_not_dates(text: str, phrase: str, kind: str,
                                          value: str) -> None:
    a = _find(text, phrase)
    assert (a["type"], a["value"]) == (kind, value)
    assert a["start"] is None and a["end"] is None and a["relative"] is None


@pytest.mark.slow
def test_ages_are_not_durations() -> None:
    text = "A 27-year-old man signed a two-year contract."
    assert "27-year" not in " ".join(_texts(text))
    assert _find(text, "two-year")["value"] == "P2Y"


@pytest.mark.slow
def test_a_deadline_told_in_the_past_is_still_ahead() -> None:
    # Told in the past, but a date a week ahead is this year's, not last year's...
    text = "Dow Jones said it extended its offer until 5 p.m. EST Nov. 9."
    a = _find(text, "5 p.m. EST Nov. 9", base=date(1989, 11, 2))
    assert (a["type"], a["value"]) == ("TIME", "1989-11-09T17:00")
    # ... while a month told in the past is the last one, however near the next one is.
    a = _find("The company changed its fiscal year in December.", "December",
              base=date(1989, 10, 27))
    assert a["value"] == "1988-12"


@pytest.mark.slow
def test_a_clock_takes_the_day_written_next_to_it() -> None:
    # Alone, a clock time counts from the writing day: "about 11am on Friday" is Friday's
    # 11am, not the Monday report's, and "Friday at about 3pm" the same; the spans stay
    # two. Read as annotate finds them (no writing day yet) and weaving resolves them.
    monday = date(2013, 9, 16)

    def day_of(text: str, phrase: str) -> date | None:
        found = resolve(_find(text, phrase, base=None), monday)  # type: ignore[arg-type]
        return found[0] if found else None

    text = "A 36-year-old man died about 11am on Friday after he slipped, police said."
    assert _find(text, "about 11am", base=None)["mod"] == "APPROX"
    assert day_of(text, "about 11am") == day_of(text, "Friday") == date(2013, 9, 13)
    assert day_of("He was found on Friday at about 3pm.", "about 3pm") == date(2013, 9, 13)
    assert day_of("They were rescued by about 10am on Sunday morning.",
                  "about 10am") == date(2013, 9, 15)
    assert _find("It died about 11am on Friday.", "about 11am",
                 base=monday)["value"] == "2013-09-13T11:00"
    # a clock with no day beside it still belongs to the writing day
    assert day_of("It happened at 3pm, police said on Monday.", "3pm") == monday
    # a clock right before a part of a day ("around 5 a.m. Sunday morning") is one time:
    # two, the clock alone went to the writing day and the timeline showed the fall twice
    both = "She was hit around 5 a.m. Sunday morning at the corner of Elm Street."
    assert day_of(both, "around 5 a.m. Sunday morning") == date(2013, 9, 15)
    assert _find(both, "around 5 a.m. Sunday morning", base=monday)["value"] \
        == "2013-09-15T05:00"


def test_what_the_next_day_counts_from() -> None:
    from storyweave.nlp.timex import anchor_of

    day = {"type": "DATE", "start": "2009-02-01", "end": "2009-02-01", "precision": "day"}
    assert anchor_of(day) == (date(2009, 2, 1), date(2009, 2, 1), "day")  # type: ignore[arg-type]
    month = {**day, "start": "2009-02-01", "end": "2009-02-28", "precision": "month"}
    assert anchor_of(month) == (date(2009, 2, 1), date(2009, 2, 28), "month")  # type: ignore
    # not a range of days or years, nor what counted from another, nor a duration
    for other in ({**day, "end": "2009-02-03"}, {**month, "end": "2009-05-31"},
                  {**day, "relative": {"unit": "day", "offset": 1, "anaphoric": True}},
                  {**day, "resolved_from": "context"}, {**day, "type": "DURATION"}):
        assert anchor_of(other) is None, other  # type: ignore[arg-type]


@pytest.mark.slow
def test_the_fall_of_someone_who_fell_is_no_season() -> None:
    fell = "The climber fell 600m. He lost his gloves in the fall and was very cold."
    assert "the fall" not in _texts(fell)
    # a season still, where nobody fell or a year says so
    assert "the fall" in _texts("The company will launch the phone in the fall, it said.")
    assert "the fall of 2014" in _texts("Shares fell. The launch is set for the fall of 2014.")


@pytest.mark.parametrize(("text", "name"), [
    ("The coach told USA Today that he would stay.", "Today"),
    ("She was profiled on ABC's World News Tonight in 2004.", "Tonight"),
    ("He was named man of the year by CBS This Morning.", "This Morning"),
    ("The senator told CBS's 60 Minutes that he would run.", "60 Minutes"),
    ("The minister spoke on ABC's This Week with the host.", "This Week"),
    ("She was a guest on The Tonight Show last spring.", "Tonight"),
    ("The Sunday Times reported that the talks had failed.", "Sunday"),
])
@pytest.mark.slow
def test_a_time_word_inside_a_name_is_no_time(text: str, name: str) -> None:
    assert name not in _texts(text)


@pytest.mark.parametrize("text", [
    "Police said the driver fled in a silver 2011 Ford Focus.",
    "The van hit a 2012 gray Corolla parked outside the bakery.",
    "Witnesses saw a dark blue 2010 Honda Civic speed away.",
    "He drove his 2009 Bentley to the club.",
])
@pytest.mark.slow
def test_a_model_year_is_no_time(text: str) -> None:
    assert not [t for t in _texts(text) if re.fullmatch(r"\d{4}", t)], _texts(text)


@pytest.mark.slow
def test_a_year_before_a_name_is_still_a_year() -> None:
    assert _find("She won a 2008 MacArthur Fellowship.", "2008")["value"] == "2008"
    assert _find("He hosted the 2007 Oscars.", "2007")["value"] == "2007"


@pytest.mark.slow
def test_the_same_words_are_times_where_they_are_not_names() -> None:
    assert _find("Today, the council voted on the budget.", "Today")["value"] == "2023-03-17"
    # a sentence's first word is capitalised whatever follows it
    assert _find("The vote was held. Tonight Obama will sign the bill.", "Tonight")["value"] \
        == "2023-03-17TNI"
    assert _find("“Tonight we celebrate,” the mayor said.", "Tonight")["value"] \
        == "2023-03-17TNI"
    # a headline's capitals say nothing
    assert _find("Council To Vote On Budget Today", "Today")["value"] == "2023-03-17"
    assert _find("The Sunday Times reported on Sunday.", "Sunday")["value"] == "2023-03-12"
    assert _find("Fans gathered on Sunday Times Square.", "Sunday")["value"] == "2023-03-12"


@pytest.mark.slow
def test_modifiers() -> None:
    assert _find("for about a month", "about a month")["mod"] == "APPROX"
    assert _find("It lasted more than a year.", "more than a year")["mod"] == "MORE_THAN"
    assert _find("Rates will rise early next year.", "early next year")["mod"] == "START"


@pytest.mark.slow
def test_may_the_modal_is_never_a_date() -> None:
    for text in ("China may be considering providing lethal aid to Russia.",
                 "May I ask a question?", "Theresa May said the talks would go on.",
                 "it may be May", "Prices may rise."):
        found = [t for t in _texts(text) if "may" in t.lower()]
        assert found == ([] if text != "it may be May" else []), (text, found)
    assert _find("The talks were held in May.", "May")["precision"] == "month"
    assert _find("It happened on May 5, 2023.", "May 5, 2023")["value"] == "2023-05-05"


@pytest.mark.slow
def test_tense_from_the_governing_verb() -> None:
    assert _find("Xi will travel to Russia next week.", "next week")["tense"] == "future"
    assert _find("Xi is scheduled to visit Moscow on Monday.", "Monday")["tense"] == "future"
    assert _find("Xi plans to travel on Monday.", "Monday")["tense"] == "future"
    assert _find("Qin spoke on the phone on Thursday.", "Thursday")["tense"] == "past"
    assert _find("The Kremlin said on Friday that talks went well.", "Friday")["tense"] == "past"
    # The words win over the verb: next week's summit is still to come.
    assert _find("U.S. officials said they would watch closely for signs that China was "
                 "moving forward with arms supplies to Russia at next week's summit.",
                 "next week")["tense"] == "future"
    # With the future, a weekday is the next one; with the past, the last one.
    assert _find("Xi will arrive on Wednesday.", "Wednesday")["start"] == "2023-03-22"
    assert _find("Xi arrived on Wednesday.", "Wednesday")["start"] == "2023-03-15"


@pytest.mark.slow
def test_relative_attrs_and_resolved_from() -> None:
    a = _find("Xi will travel to Russia next week.", "next week")
    assert a["relative"] == {"unit": "week", "offset": 1} and a["resolved_from"] == "base"
    a = _find("The Kremlin said on Friday that talks went well.", "Friday")
    assert a["relative"] == {"weekday": 4, "direction": "past"}
    a = _find("He said yesterday that talks had failed.", "yesterday")
    assert a["relative"] == {"unit": "day", "offset": -1}
    a = _find("Moscow launched its war on Ukraine in February 2022.", "February 2022")
    assert a["relative"] is None and a["resolved_from"] == "absolute"


@pytest.mark.slow
def test_without_a_base_only_absolute_expressions_resolve() -> None:
    text = "Xi will travel next week, from March 20 to 22; the war began in February 2022."
    a = _find(text, "next week", base=None)
    assert a["start"] is None and a["end"] is None and a["resolved_from"] is None
    a = _find(text, "March 20 to 22", base=None)
    assert a["start"] is None and a["value"] == "XXXX-03-20" and a["precision"] == "day"
    assert a["relative"]["from"]["month"] == 3 and a["relative"]["from"]["day"] == 20
    a = _find("It starts on March 20.", "March 20", base=None)
    assert a["relative"] == {"month": 3, "day": 20} and a["start"] is None
    a = _find(text, "February 2022", base=None)
    assert (a["start"], a["end"], a["resolved_from"]) == ("2022-02-01", "2022-02-28", "absolute")


@pytest.mark.slow
def test_resolve_against_candidate_bases() -> None:
    said = _find("The Kremlin said on Friday that talks went well.", "Friday")
    assert resolve(said, FRI) == (FRI, FRI)  # written on that Friday: that Friday
    assert resolve(said, date(2023, 3, 18)) == (FRI, FRI)
    assert resolve(said, date(2023, 3, 16)) == (date(2023, 3, 10), date(2023, 3, 10))
    assert resolve(said, FRI, tense="future") == (FRI, FRI)
    assert resolve(said, date(2023, 3, 18), tense="future") == (date(2023, 3, 24),) * 2
    week = _find("Xi will travel to Russia next week.", "next week")
    assert resolve(week, date(2023, 3, 13)) == (date(2023, 3, 20), date(2023, 3, 26))
    assert resolve(week, date(2023, 3, 20)) == (date(2023, 3, 27), date(2023, 4, 2))
    rng = _find("The visit will take place from Monday to Wednesday.", "Monday to Wednesday")
    assert resolve(rng, FRI) == (date(2023, 3, 20), date(2023, 3, 22))
    nov = _find("Xi warned Putin last November.", "last November")
    assert resolve(nov, date(2023, 11, 20)) == (date(2022, 11, 1), date(2022, 11, 30))
    assert resolve(nov, date(2023, 12, 1)) == (date(2023, 11, 1), date(2023, 11, 30))
    # "last Friday" is never the base day itself, even when a tense is given
    last = _find("They met last Friday.", "last Friday")
    assert resolve(last, FRI, tense="future") == (date(2023, 3, 10),) * 2
    # an absolute expression gives its own days; a duration none
    assert resolve(_find("in February 2022", "February 2022"), FRI) == (
        date(2022, 2, 1), date(2022, 2, 28))
    assert resolve(_find("for three years", "three years"), FRI) is None


@pytest.mark.slow
def test_this_and_last_week_month_year() -> None:
    text = ("Sullivan said this week that the legislature met last week; "
            "it will meet next month and again next year.")
    assert _find(text, "this week")["start"] == "2023-03-13"
    assert _find(text, "last week")["value"] == "2023-W10"
    assert _find(text, "next month")["value"] == "2023-04"
    assert _find(text, "next year")["value"] == "2024"


@pytest.mark.slow
def test_anaphoric_expressions_count_from_the_date_before() -> None:
    text = "The summit opened on March 20, 2023. The next day, the leaders signed a deal."
    a = _find(text, "The next day")
    assert a["start"] == "2023-03-21" and a["resolved_from"] == "context"
    assert a["relative"]["anaphoric"] is True
    text = "Profit fell in the third quarter, from $5 million a year earlier."
    a = _find(text, "a year earlier", base=date(1989, 11, 2))
    assert a["value"] == "1988-Q3"


@pytest.mark.slow
def test_spans_stay_inside_one_line() -> None:
    text = "Xi will visit on Monday\n20 March 2023 was the date.\nMarch\n20"
    for s in find_times(text, base=FRI):
        assert "\n" not in text[s.start:s.end]


def test_library_never_reads_the_clock() -> None:
    for path in SOURCES:
        code = path.read_text(encoding="utf-8")
        assert not re.search(r"\.today\(|\.now\(|time\.time\(|localtime|utcnow", code), path


@pytest.mark.slow
def test_a_given_doc_is_used_and_checked() -> None:
    text = "Qin spoke on the phone on Thursday.\n\nXi will travel to Russia next week."
    chunks = ner_chunks(text)
    ner_only = list(run_ner(text[c.start:c.end] for c in chunks))
    spans = find_times(text, base=FRI, doc=ner_only)
    got = {text[s.start:s.end]: s.attrs for s in spans}
    # without a parse the tense comes from the words around: still past and future
    assert got["Thursday"]["tense"] == "past" and got["Thursday"]["start"] == "2023-03-16"
    assert got["next week"]["start"] == "2023-03-20"
    with pytest.raises(ValueError):
        find_times(text, base=FRI, doc=ner_only[:1])


# --- the example story ----------------------------------------------------------------------

# The day each example report was written (000's printed "May 18, 2024" is wrong, see notes).
EXAMPLE_BASES = {"000": FRI, "001": FRI, "002": FRI, "003": date(2023, 3, 13), "004": FRI}
# (file, expression, n-th occurrence, start, end)
EXAMPLE_EXPECTED = [
    ("000", "next week", 0, "2023-03-20", "2023-03-26"),
    ("000", "Friday", 0, "2023-03-17", "2023-03-17"),
    ("000", "March 20-23", 0, "2023-03-20", "2023-03-23"),
    ("000", "Thursday", 0, "2023-03-16", "2023-03-16"),
    ("000", "Earlier this week", 0, "2023-03-13", "2023-03-16"),
    ("000", "Last month", 0, "2023-02-01", "2023-02-28"),
    ("000", "June through December of last year", 0, "2022-06-01", "2022-12-31"),
    ("001", "March 20 to 22", 0, "2023-03-20", "2023-03-22"),
    ("001", "February 2022", 0, "2022-02-01", "2022-02-28"),
    ("001", "Thursday evening", 0, "2023-03-16", "2023-03-16"),
    ("001", "February 28", 0, "2023-02-28", "2023-02-28"),
    ("001", "last November", 0, "2022-11-01", "2022-11-30"),
    ("002", "Monday to Wednesday", 0, "2023-03-20", "2023-03-22"),
    ("002", "last week", 0, "2023-03-06", "2023-03-12"),
    ("002", "Thursday", 0, "2023-03-16", "2023-03-16"),
    ("002", "Tuesday", 0, "2023-03-21", "2023-03-21"),  # "negotiations due to take place"
    ("002", "February last year", 0, "2022-02-01", "2022-02-28"),
    ("002", "December", 0, "2022-12-01", "2022-12-31"),
    ("002", "September", 0, "2022-09-01", "2022-09-30"),
    ("003", "March 13, 2023", 0, "2023-03-13", "2023-03-13"),
    ("003", "Monday morning", 0, "2023-03-13", "2023-03-13"),
    ("003", "February of 2022", 0, "2022-02-01", "2022-02-28"),
    ("003", "Friday", 0, "2023-03-10", "2023-03-10"),
    ("004", "last year", 0, "2022-01-01", "2022-12-31"),
    ("004", "Thursday", 0, "2023-03-16", "2023-03-16"),
]


@pytest.fixture(scope="module")
def example_times() -> dict[str, tuple[str, list]]:
    out = {}
    for path in sorted(EXAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out[path.name[:3]] = (text, find_times(text, base=EXAMPLE_BASES[path.name[:3]]))
    return out


@pytest.mark.parametrize("name,phrase,nth,start,end", EXAMPLE_EXPECTED,
                         ids=[f"{c[0]}-{c[1]}" for c in EXAMPLE_EXPECTED])
@pytest.mark.slow
def test_example_reports(example_times: dict, name: str, phrase: str, nth: int, start: str,
                         end: str) -> None:
    text, spans = example_times[name]
    hits = [s for s in spans if text[s.start:s.end] == phrase]
    assert len(hits) > nth, f"{phrase!r} not found in {name}"
    assert (hits[nth].attrs["start"], hits[nth].attrs["end"]) == (start, end)


@pytest.mark.slow
def test_example_reports_have_no_modal_may_and_no_bad_spans(example_times: dict) -> None:
    for name, (text, spans) in example_times.items():
        for s in spans:
            phrase = text[s.start:s.end]
            assert phrase == phrase.strip() and phrase, (name, phrase)
            assert phrase.lower() != "may", (name, phrase)
            assert s.attrs["type"] in ("DATE", "TIME", "DURATION", "SET")
        durations = {text[s.start:s.end] for s in spans if s.attrs["type"] == "DURATION"}
        assert not durations & {"next week", "last year", "Last month"}, name
    _, spans = example_times["000"]
    assert any(s.attrs["type"] == "DURATION" and s.attrs["value"] == "P1M" for s in spans)


@pytest.mark.slow
def test_a_paragraph_longer_than_a_spacy_chunk_keeps_exact_offsets() -> None:
    sentence = "The talks were held on March 20, 2023, and again on Thursday for three years. "
    text = sentence * 150  # one line of 12,000 characters: spaCy sees it in chunks
    spans = find_times(text, base=FRI)
    assert [text[s.start:s.end] for s in spans] == ["March 20, 2023", "Thursday",
                                                    "three years"] * 150


# Words the rules react to, for the fuzz test below.
_VOCABULARY = (
    "the a last next this past coming early late mid- earlier later of in on from to through "
    "until and between Monday Friday Mon. March May December Sept. Dec 1 20 22 31 32 0 1989 "
    "2023 '80s 1990s 89 1/2 3/20/23 2023-03-20 day days week weekend month months year years "
    "decade century centuries quarter half fortnight spring summer fall winter morning night "
    "noon midnight 10 a.m. 7:15 EST ago from now or so every each daily twice once times per "
    "few several couple hundred two twenty-four nineteen ninety-six year-ago third-quarter "
    "third Q3 fiscal period comparable same that previous following Christmas Eve "
    "Thanksgiving Day yesterday today tonight now recently about more than nearly old , . 's"
).split()


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=14),
       base=st.sampled_from([FRI, None, date(2024, 2, 29), date(2000, 1, 1)]))
@example(words="between Christmas noon yesterday weekend".split(), base=None)
@example(words="Monday evening three a.m. fiscal December period".split(), base=None)
@example(words="for a century , centuries , two fortnights".split(), base=FRI)
@pytest.mark.slow
def test_any_word_salad_gives_sound_spans(words: list[str], base: date | None) -> None:
    text = " ".join(words)
    for s in find_times(text, base=base):
        assert 0 <= s.start < s.end <= len(text)
        json.dumps(s.attrs)
        if s.attrs["start"]:
            assert s.attrs["start"] <= s.attrs["end"]
        if base is not None:
            for tense in (None, "past", "future", "present"):
                found = resolve(s.attrs, base, tense=tense)
                assert found is None or found[0] <= found[1]
