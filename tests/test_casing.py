"""Reports set all in capitals or all in lower case: detected, said so, kept whole by the
cleaner, and read through a cased view whose spans are exact spans of the report."""

from __future__ import annotations

import pytest

from storyweave import weave
from storyweave.ingestion import read_text
from storyweave.ingestion.casing import LOWER, UPPER, body_case
from storyweave.nlp import annotate
from storyweave.nlp.casing import case_lexicon, cased_view

REPORT = "\n\n".join([
    "Velmora mayor forced into runoff",
    "Mayor Rahm Delacroix was forced into an April runoff on Aug. 1, 2013, after winning 45 "
    "percent of the vote, election officials said.",
    "Challenger Jesus Garcia finished second with 34 percent, and the two will meet again in "
    "six weeks, the Velmora Election Board said.",
    '"We are going to win this," Delacroix told supporters at the Hilton hotel on Tuesday '
    "night.",
]) + "\n"
OTHER = "\n\n".join([
    "Velmora runoff set after close vote",
    "Velmora Mayor Rahm Delacroix will face Jesus Garcia in a runoff after neither won a "
    "majority on Aug. 1, 2013, the Velmora Election Board said.",
    "Delacroix won 45 percent and Garcia 34 percent, with nearly all precincts reporting.",
]) + "\n"


@pytest.mark.parametrize(("change", "case"), [(str.upper, UPPER), (str.lower, LOWER)])
def test_a_body_in_one_case_is_detected_and_kept_whole(change, case) -> None:
    cased = read_text(REPORT, "a.txt")
    odd = read_text(change(REPORT), "a.txt")
    assert cased.get("case") is None
    assert odd.get("case") == case
    # every paragraph of the body is kept: not one is taken for a capitalised headline
    body = [p for p in REPORT.split("\n\n")[1:] if p.strip()]
    for paragraph in body:
        assert change(paragraph.strip()) in odd.text
    assert not [r for r in odd.removed if "capitals" in r.reason]


def test_mixed_case_headlines_over_a_cased_body_are_not_a_case() -> None:
    lines = ["BREAKING NEWS FROM THE VELMORA CITY HALL TONIGHT", *REPORT.splitlines()]
    assert body_case(lines) is None
    assert body_case([REPORT.upper()] * 2) == UPPER


def test_the_cased_view_changes_only_case_and_restores_names_and_dates() -> None:
    text = REPORT.upper()
    view = cased_view(text, case_lexicon([OTHER]))
    assert len(view) == len(text) and view.upper() == text
    assert "Rahm Delacroix" in view and "Aug. 1, 2013" in view and "Jesus Garcia" in view
    # no lexicon at all: the rules alone still give dates and sentence starts
    alone = cased_view(REPORT.lower())
    assert "Aug. 1, 2013" in alone and "Mayor Rahm Delacroix was" in alone


@pytest.mark.slow
def test_names_dates_and_quotes_are_found_in_a_report_in_capitals() -> None:
    def found(report: str) -> tuple[set, set, list]:
        a = annotate([read_text(report, "a.txt"), read_text(OTHER, "b.txt")]).articles[0]
        assert a.text == read_text(report, "a.txt").text  # spans of the report's own text
        people = {a.text[s.start:s.end].lower() for s in a.spans
                  if s.label == "entity" and s.attrs["type"] == "PERSON"}
        days = {s.attrs.get("start") for s in a.spans if s.label == "date"}
        speakers = [s.attrs["name"].lower() for s in a.spans if s.label == "speaker"]
        return people, days, speakers

    people, days, speakers = found(REPORT)
    assert {"delacroix", "jesus garcia"} <= people and "2013-08-01" in days
    assert "delacroix" in speakers
    # in capitals, the same people, days and speakers (the cased report beside it lends
    # the names; the dates need no lexicon)
    assert found(REPORT.upper()) == (people, days, speakers)


@pytest.mark.slow
def test_the_dossier_warns_of_a_report_in_one_case() -> None:
    d = weave([read_text(REPORT.upper(), "shouting.txt"), read_text(OTHER, "b.txt")])
    [warning] = [w for w in d.warnings if w.code == "odd-case"]
    assert "shouting.txt" in warning.message and "capitals" in warning.message
