"""One figure rounded or hedged two ways ("45.4 percent" / "45 percent", "nearly $80 million"
/ "$82 million") is shown as a rounding, not as a contradiction; a figure that differs ("11
killed" / "10 killed", "three boats" / "two boats") stays a contradiction. Sentences written
for these tests."""

from __future__ import annotations

import pytest
from factories import read_dated

from storyweave import weave
from storyweave.model import Passage, StatedValue
from storyweave.weaving.align.values import hedge_at, rounding_apart
from storyweave.weaving.discrepancies import relation


def test_a_round_or_hedged_figure_a_twentieth_off_is_a_rounding():
    # within the precision of the figure written with fewer digits
    assert rounding_apart(45.4, "", "45.4 percent", 45, "", "45 percent")
    assert not rounding_apart(45.6, "", "45.6 percent", 45, "", "45 percent")
    # "$80 million" (a trailing zero) for $82 million: 2.4 % apart
    assert rounding_apart(80e6, "", "$80 million", 82e6, "", "$82 million")
    assert rounding_apart(80e6, "below", "$80 million", 82e6, "", "$82 million")
    # "more than 100" and "up to 120": the two hedges' spans meet (a tenth each)
    assert rounding_apart(100, "above", "100 mph", 120, "below", "120 mph")
    # exact figures, or a round one a tenth away: two figures
    assert not rounding_apart(23, "", "23", 24, "", "24")
    assert not rounding_apart(10, "", "10", 11, "", "11")
    assert not rounding_apart(3, "", "three", 2, "", "two")
    # hedges that point away from each other do not meet
    assert not rounding_apart(100, "below", "100", 120, "above", "120")
    # one figure is no rounding of itself
    assert not rounding_apart(80, "", "80", 80, "below", "80")


def test_the_hedge_is_read_around_the_figure():
    text = "a deal worth nearly $80 million, with more than 300 workers, 40-plus sites"
    at = text.index("$80")
    assert hedge_at(text, at, at + len("$80 million")) == "below"
    at = text.index("300")
    assert hedge_at(text, at, at + 3) == "above"
    at = text.index("40")
    assert hedge_at(text, at, at + 2) == "above"
    assert hedge_at("paid $82 million", 5, 16) == ""


def _told(text: str, key: str, article: str) -> StatedValue:
    return StatedValue(text, key, (Passage(article, 0, len(text)),))


def test_relation_a_rounding_apart_comes_after_a_later_count_but_agreeing_figures_first():
    hedges = {"a": "below", "b": "", "c": "", "d": "", "e": "above", "f": "below"}

    def hedge(p: Passage) -> str:
        return hedges[p.article]

    values = [_told("$80 million", "80000000.0 USD", "a"),
              _told("$82 million", "82000000.0 USD", "b")]
    assert relation("number", values, {}, hedge) == "rounding"
    # the same two figures from reports a day apart, the larger later: a later count
    assert relation("number", values, {"a": "2024-05-01", "b": "2024-05-02"},
                    hedge) == "update"
    # figures that agree as written are one figure, whichever report came later
    agreeing = [_told("45 percent", "45 %", "a"), _told("45.4 percent", "45.4 %", "b")]
    assert relation("number", agreeing, {"a": "2024-05-01", "b": "2024-05-02"},
                    hedge) == "rounding"
    # "three-plus seasons" on one day, "nearly four seasons" the next: one span of time,
    # within a hedge, not a later count
    hedged = [_told("three-plus seasons", "3", "e"), _told("nearly four seasons", "4", "f")]
    assert relation("number", hedged, {"e": "2024-05-01", "f": "2024-05-02"},
                    hedge) == "rounding"
    # two counts a third apart stay a contradiction
    assert relation("number", [_told("three", "3", "c"), _told("two", "2", "d")], {},
                    hedge) == "contradiction"


_DEAL = ("The Harbour City Sharks signed the goalkeeper Tomas Vell to a five-year deal worth "
         "{} on Wednesday.")
_VOTE = ("Mayor Ilse Varga won {} of the vote in Sunday's election in Port Averil and faces a "
         "runoff in April.")


@pytest.mark.slow  # weaves (spaCy, MiniLM)
@pytest.mark.parametrize(("told", "figures", "shown"), [
    (_DEAL, ("nearly $80 million", "$82 million"), "rounding"),  # a round figure, hedged
    (_VOTE, ("45.4 percent", "45 percent"), "rounding"),  # agree to the precision of "45"
    (_DEAL, ("$60 million", "$82 million"), "contradiction"),  # a quarter apart
])
def test_a_rounded_figure_is_shown_as_a_rounding_and_another_figure_as_a_contradiction(
        told: str, figures: tuple[str, str], shown: str):
    from storyweave.render import to_html, to_markdown

    d = weave([read_dated(told.format(figure), f"{n}.txt", "2024-05-02")
               for n, figure in enumerate(figures)])
    [found] = [x for x in d.discrepancies if x.kind == "number"]
    assert found.relation == shown
    assert sorted(v.text for v in found.values) == sorted(f.removeprefix("nearly ")
                                                          for f in figures)
    note = "(one figure rounded two ways, not a contradiction)"
    assert (f"**number** {note}" in to_markdown(d)) == (shown == "rounding")
    assert (note in to_html(d)) == (shown == "rounding")
