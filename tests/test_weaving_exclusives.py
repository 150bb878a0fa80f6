"""Exclusives: a claim only one source states, unless another source comes near to stating
it, which the dossier says ("perhaps also") and lists last. Sentences written for these tests
(no benchmark text)."""

from __future__ import annotations

import pytest

from storyweave import read_text, weave
from storyweave.model import Dossier
from storyweave.render import loads, to_html, to_json, to_markdown
from storyweave.weaving.align.claims import EXCLUSIVE_DOUBT

pytestmark = pytest.mark.slow  # every test weaves (spaCy, MiniLM)

FIRST = ("The city council voted on Tuesday to close the old Kessler bridge for repairs.\n\n"
         "The mayor said the repairs would cost about four million dollars.\n\n"
         "A local bakery will hand out free bread to commuters during the closure.")
# the cost again, worded too differently to be joined; a detail of its own
SECOND = ("Council members on Tuesday decided to shut the aging Kessler bridge so that it can "
          "be repaired.\n\n"
          "The repair bill, the mayor estimated, comes to roughly 4 million dollars.\n\n"
          "Engineers found cracks in two of the bridge's steel supports last winter.")


@pytest.fixture(scope="module")
def dossier() -> Dossier:
    return weave([read_text(FIRST, "first.txt"), read_text(SECOND, "second.txt")])


def _claim(d: Dossier, words: str):
    [c] = [c for c in d.claims if words in c.text]
    return c


def test_an_exclusive_another_source_nearly_states_names_that_source(dossier: Dossier) -> None:
    cost, bill = _claim(dossier, "four million"), _claim(dossier, "repair bill")
    assert cost.corroboration == bill.corroboration == 1  # not joined
    assert cost.nearest_other is not None and bill.nearest_other is not None
    assert dossier.quote(cost.nearest_other.passage).startswith("The repair bill")
    assert dossier.quote(bill.nearest_other.passage).startswith("The mayor said")
    assert cost.nearest_other.same_fact >= EXCLUSIVE_DOUBT
    # a detail nobody else gives is a plain exclusive
    assert _claim(dossier, "bakery").nearest_other is None
    assert _claim(dossier, "cracks").nearest_other is None
    # a shared fact has none
    assert _claim(dossier, "Kessler").nearest_other is None


def test_plain_exclusives_come_first(dossier: Dossier) -> None:
    lists = list(dossier.exclusives.values())
    texts = [[dossier.claim(i).text for i in ids] for ids in lists]
    assert [t[0][:12] for t in texts] == ["A local bake", "Engineers fo"], texts
    # though the cost is more salient than the bakery
    assert _claim(dossier, "four million").salience > _claim(dossier, "bakery").salience


def test_the_outputs_say_perhaps_also(dossier: Dossier) -> None:
    md = to_markdown(dossier)
    assert "  - perhaps also [2]: “The repair bill, the mayor estimated" in md
    assert "<span class=\"near\">perhaps also" in to_html(dossier)
    again = loads(to_json(dossier))
    assert _claim(again, "four million").nearest_other == _claim(dossier,
                                                                 "four million").nearest_other
