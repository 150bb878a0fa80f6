"""A company's name that two outlets spell two ways ("... Packaging Ltd." / "... Packing
Ltd.") is a spelling disagreement, shown in every view; a body with no legal form, a plural,
two words apart or one outlet writing both is none. Sentences written for these tests (no
benchmark text)."""

from __future__ import annotations

import pytest
from factories import read_dated

from storyweave import weave
from storyweave.model import Entity, Mention, Passage
from storyweave.weaving.voices.company_names import company_name_discrepancies


def _body(eid: str, forms: list[tuple[str, str]]) -> Entity:
    """An ORG entity written ``forms``: (article, the name as written there)."""
    ms = [Mention(Passage(aid, 0, len(form)), form) for aid, form in forms]
    names = list(dict.fromkeys(form for _, form in forms))
    return Entity(eid, max(names, key=len), "ORG", tuple(names), (), ms, {})


def _found(*bodies: Entity, sources: dict[str, str] | None = None):
    articles = {m.passage.article for e in bodies for m in e.mentions}
    return company_name_discrepancies(list(bodies), [],
                                      sources or {a: f"s-{a}" for a in articles})


def test_a_companys_name_two_outlets_spell_two_ways_is_a_spelling_disagreement():
    one = _body("e1", [("a", "Harlow Seed Packaging Ltd."), ("b", "Harlow Seed Packaging Ltd."),
                       ("b", "Harlow Seed Packaging Limited"), ("c", "Harlow")])
    other = _body("e2", [("d", "Harlow Seed Packing Ltd.")])
    [x] = _found(other, one)  # the rarer spelling met first
    assert x.kind == "name" and x.relation == "spelling"
    # the commoner spelling first, as most of its mentions write it, citing only mentions
    # that write the word ("Harlow" alone says neither)
    assert [(v.text, v.key, [p.article for p in v.passages]) for v in x.values] == [
        ("Harlow Seed Packaging Ltd.", "packaging", ["a", "b", "b"]),
        ("Harlow Seed Packing Ltd.", "packing", ["d"])]


@pytest.mark.parametrize(("a", "b"), [
    ("Harlow Seed Packaging", "Harlow Seed Packing"),  # no legal form: spelt by house style
    ("Harlow Seeds Ltd.", "Harlow Seed Ltd."),  # a plural
    ("Harlow Seed Packaging Ltd.", "Marlow Seed Packing Ltd."),  # two words apart
    ("Harlow Seed Packaging Ltd.", "Harlow Seed Plumbing Ltd."),  # another word, no spelling
])
def test_names_that_are_no_company_spelt_two_ways_make_no_disagreement(a, b):
    assert _found(_body("e1", [("a", a)]), _body("e2", [("b", b)])) == []


def test_one_outlet_writing_both_spellings_makes_no_disagreement():
    one = _body("e1", [("a", "Harlow Seed Packaging Ltd."), ("b", "Harlow Seed Packaging Ltd.")])
    other = _body("e2", [("c", "Harlow Seed Packing Ltd.")])
    assert _found(one, other, sources={"a": "s1", "b": "s2", "c": "s1"}) == []


@pytest.mark.slow
def test_a_company_spelt_two_ways_is_shown_in_every_view():
    from storyweave.render import to_html, to_json, to_markdown

    d = weave([
        read_dated("A gunman opened fire at Harlow Seed Packaging Ltd. on Friday, killing the "
                   "chief executive, police said.\n\nThe office stayed closed on Saturday.",
                   "a.txt", "2023-03-01"),
        read_dated("Police said a gunman killed the chief executive of Harlow Seed Packaging Ltd. "
                   "on Friday.\n\nNeighbours heard three shots.", "b.txt", "2023-03-01"),
        read_dated("A former worker shot the chief executive of Harlow Seed Packing Ltd. on "
                   "Friday, police said.\n\nHe was arrested at home.", "c.txt", "2023-03-01"),
    ])
    [x] = [x for x in d.discrepancies if x.kind == "name"]
    assert [v.key for v in x.values] == ["packaging", "packing"]
    assert "**name** (one name spelt two ways)" in to_markdown(d)
    assert "Harlow Seed Packing Ltd." in to_html(d)
    assert '"relation": "spelling"' in to_json(d)
