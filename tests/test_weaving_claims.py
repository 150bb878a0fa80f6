"""What a claim records: its members' support against the representative, and the values its
passages disagree on. And what a unit is: a statement, not a quotation fragment, a dateline
or a byline."""

from __future__ import annotations

import pytest

from storyweave import read_text, weave
from storyweave.model import Dossier
from storyweave.nlp import annotate
from storyweave.weaving.align.units import build_units

pytestmark = pytest.mark.slow  # every test weaves (spaCy, MiniLM)

RANGE_A = "The visit will take place from March 20-23, the Kremlin said on Friday."
RANGE_B = "The visit will take place from March 20 to 22, according to the foreign ministry."
FILLER_A = "Officials in Moscow prepared a ceremony at the airport for the arriving delegation."
FILLER_B = "A spokesman said the talks would also cover energy supplies and grain exports."


@pytest.fixture(scope="module")
def range_dossier() -> Dossier:
    return weave([read_text(f"{RANGE_A}\n\n{FILLER_A}", "a.txt"),
                  read_text(f"{RANGE_B}\n\n{FILLER_B}", "b.txt")])


def test_same_fact_with_a_conflicting_date_is_one_claim_with_the_conflict(range_dossier):
    d = range_dossier
    [claim] = [c for c in d.claims if c.corroboration == 2]
    assert {d.quote(p) for p in claim.passages} == {RANGE_A, RANGE_B}
    [conflict] = claim.conflicts
    assert conflict.kind == "number"
    stated = {v.key: [d.quote(p) for p in v.passages] for v in conflict.values}
    assert stated == {"23": ["23"], "22": ["22"]}
    # each value points at the exact characters, in the article that states it
    by_key = {v.key: v.passages[0] for v in conflict.values}
    a = d.article(by_key["23"].article)
    assert a.text[by_key["23"].start - 9:by_key["23"].end] == "March 20-23"
    assert "March 20 to 22" in d.article(by_key["22"].article).text


def test_a_claim_without_conflicting_values_records_none(range_dossier) -> None:
    assert all(not c.conflicts for c in range_dossier.claims if c.corroboration == 1)


def test_each_member_carries_its_support_against_the_representative(range_dossier) -> None:
    d = range_dossier
    [claim] = [c for c in d.claims if c.corroboration == 2]
    assert [s.passage for s in claim.support] == claim.passages
    rep = next(s for s in claim.support if s.passage == claim.representative)
    other = next(s for s in claim.support if s.passage != claim.representative)
    assert (rep.same_fact, rep.signals) == (1.0, ())
    assert max(other.same_fact, other.covers) >= 0.5
    assert other.paraphrase < other.same_fact  # the conflict counts against a paraphrase
    names = [s.name for s in other.signals]
    assert "cosine" in names and "date_conflicts" in names
    assert all(not c.support for c in d.claims if len(c.passages) == 1)


def _units(text: str) -> list[str]:
    return [u.text for u in build_units(annotate([read_text(text, "a.txt")]).articles)]


def test_a_quotation_cut_by_the_splitter_is_one_statement() -> None:
    text = ("Ryder described the sales as routine and said, \u201cThat in and of itself is not "
            "unusual. China and Russia share a trade relationship.\u201d\n\n"
            "The Pentagon declined to comment further on the shipments.")
    units = _units(text)
    assert not any(u.startswith("China and Russia share") for u in units), units
    assert any(u.endswith("share a trade relationship.\u201d") and u.startswith("Ryder")
               for u in units), units


def test_an_attributed_last_sentence_of_a_quotation_stands_on_its_own() -> None:
    text = ("\u201cThe leaders will also exchange views on cooperation in the international "
            "arena. A number of important bilateral documents will be signed,\u201d the "
            "statement continued.")
    units = _units(text)
    assert any(u.startswith("A number of important bilateral documents") for u in units), units


def test_datelines_are_cut_and_bylines_are_no_units() -> None:
    text = ("By Jane Smith and Tom Brown\n\n"
            "MOSCOW, March 17 (Reuters) - Chinese President Xi Jinping will visit Russia next "
            "week for talks with Vladimir Putin, the Kremlin said.\n\n"
            "The two leaders are expected to sign a number of agreements on energy.")
    units = _units(text)
    assert units[0].startswith("Chinese President Xi Jinping"), units
    assert not any("Jane Smith" in u for u in units)


@pytest.mark.parametrize(("text", "unit"), [
    # a place in title case is a dateline only with its agency in brackets
    ("Lyon (AFP) – The city council voted on Monday to raise the tram fares by a tenth.",
     "The city council voted"),
    ("New York (CNN) — The city council voted on Monday to raise the bus fares by a tenth.",
     "The city council voted"),
    ("EAU CLAIRE, Wisc. — The city council voted on Monday to raise the bus fares by a tenth.",
     "The city council voted"),
    ("Lyon – the city of lights – voted on Monday to raise the tram fares by a tenth.",
     "Lyon – the city of lights"),
])
def test_a_title_case_dateline_needs_its_agency(text: str, unit: str) -> None:
    assert _units(text)[0].startswith(unit), _units(text)
