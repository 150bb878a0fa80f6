"""Where outlets say a person lives: read in the forms news writes beside a name ("..., 47,
of Harwood", "..., who lived in Harwood", "..., a Harwood resident"), never an employer; two
sources giving two places is a ``home`` disagreement about the person, hedged (one place
may lie inside the other), shown in every view; a region, one place in two cases or one
source's two places is none. Sentences written for these tests (no benchmark text)."""

from __future__ import annotations

import json

import pytest
from factories import make_article, read_dated

from storyweave import weave
from storyweave.model import Entity, Mention, Passage
from storyweave.weaving.voices.attributes import person_discrepancies, read_home
from storyweave.weaving.voices.person_claims import attribute_claims


@pytest.mark.parametrize(("text", "home"), [
    ("Dana Whitlock, 47, of Harwood was charged.", "Harwood"),
    ("Dana Whitlock of Harwood was charged.", "Harwood"),
    ("Dana Whitlock, from Lower Harwood, was charged.", "Lower Harwood"),
    ("Dana Whitlock, who lived half a mile away in South Marsh Park, was hit.",
     "South Marsh Park"),
    ("Dana Whitlock, 47, who has lived in Harwood since 2001, was hit.", "Harwood"),
    ("Dana Whitlock, a 47-year-old Harwood resident, was charged.", "Harwood"),
    # a body's word inside a place's name is still a place; ending it, an employer
    ("Dana Whitlock, of College Point, was charged.", "College Point"),
    ("Dana Whitlock, of Harwood Partners, declined to comment.", None),
    ("Dana Whitlock, of Macomb County's Bruce Township, was hit.", "Macomb County"),
    # what is no home: where she went, where she works, a clause about something else
    ("Dana Whitlock, who lived for her work, was hit in Harwood.", None),
    ("Dana Whitlock was driving in Harwood.", None),
    ("Dana Whitlock, a Harwood police officer, was hurt.", None),
])
def test_a_home_is_read_where_news_writes_one_beside_a_name(text, home):
    at = text.index("Dana Whitlock")
    found = read_home(make_article(text), at, at + len("Dana Whitlock"))
    assert [text[a:b] for _, a, b in found] == ([home] if home else [])
    assert [place for place, _, _ in found] == ([home] if home else [])


def _person(texts: dict[str, str], form: str = "Dana Whitlock") -> Entity:
    ms = [Mention(Passage(a, t.index(form), t.index(form) + len(form)), form)
          for a, t in texts.items()]
    return Entity("e1", form, "PERSON", (), (), ms, {})


def _homes(texts: dict[str, str], sources: dict[str, str] | None = None):
    found = person_discrepancies([_person(texts)],
                                 [make_article(t, id=a) for a, t in texts.items()], [],
                                 sources or {a: f"s-{a}" for a in texts})
    return [x for x in found if x.kind == "home"]


def test_two_sources_giving_two_places_disagree_about_the_persons_home_hedged():
    texts = {"a": "Dana Whitlock, 47, of Harwood was charged on Friday.",
             "b": "Police said Dana Whitlock, who lived in Marston, drove off.",
             "c": "Dana Whitlock, 47, of Harwood, was held overnight."}
    [x] = _homes(texts)
    assert x.entity == "e1" and x.relation == "places"
    # the place most sources give first, each with the exact words that give it
    assert [(v.text, [texts[p.article][p.start:p.end] for p in v.passages])
            for v in x.values] == [("Harwood", ["Harwood", "Harwood"]), ("Marston", ["Marston"])]


def test_a_region_one_place_in_two_cases_or_one_sources_two_places_is_no_disagreement():
    county = {"a": "Dana Whitlock, 47, of Harwood County was charged.",
              "b": "Dana Whitlock, 47, of Marston was charged."}
    assert _homes(county) == []  # Marston may lie in Harwood County
    cases = {"a": "Dana Whitlock, of Harwood, was charged.",
             "b": "Dana Whitlock, of HARWOOD, was charged."}
    assert _homes(cases) == []
    one_source = {"a": "Dana Whitlock, of Harwood, was charged.",
                  "b": "Dana Whitlock, of Marston, was charged."}
    assert _homes(one_source, sources={"a": "s", "b": "s"}) == []


def test_a_home_the_new_forms_give_is_a_claim_of_two_sources():
    texts = {"a": "Dana Whitlock, who lived in Marston, was hit by a van.",
             "b": "The van hit Dana Whitlock, a 47-year-old Marston resident, at 7 p.m."}
    claims = attribute_claims([_person(texts)],
                              [make_article(t, id=a) for a, t in texts.items()],
                              {a: f"s-{a}" for a in texts})
    assert [(str(c.attribute.kind), c.attribute.value, len(c.sources)) for c in claims
            if c.attribute is not None] == [("home", "Marston", 2)]


@pytest.mark.slow
def test_a_home_given_two_ways_is_shown_with_its_person_in_every_view():
    from storyweave.render import to_html, to_json, to_markdown

    d = weave([
        read_dated("Dana Whitlock, 47, of Harwood was charged with fleeing the scene on "
                   "Friday, police said.\n\nThe store reopened on Saturday morning.",
                   "a.txt", "2023-03-01"),
        read_dated("Police charged Dana Whitlock, 47, of Marston with fleeing the scene on "
                   "Friday.\n\nA vigil was held outside the store.", "b.txt", "2023-03-01"),
        read_dated("Dana Whitlock, 47, of Harwood was charged on Friday.\n\nThe van was found "
                   "two miles away.", "c.txt", "2023-03-01"),
    ])
    [person] = [e for e in d.entities if "Whitlock" in e.name]
    [home] = [x for x in d.discrepancies if x.kind == "home"]
    assert home.entity == person.id
    assert [(v.key, len(v.passages)) for v in home.values] == [("harwood", 2), ("marston", 1)]
    note = "(different places; one may lie inside another)"
    assert f"**home** {note} of {person.name}:" in to_markdown(d)
    assert f"{note} of {person.name}</p>" in to_html(d)
    [shown] = [x for x in json.loads(to_json(d))["discrepancies"] if x["kind"] == "home"]
    assert shown["relation"] == "places" and shown["entity"] == person.id
