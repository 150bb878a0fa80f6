"""What outlets write beside a person's name (an age, a home town) is a fact they share, one
claim per value, even when each writes it inside a sentence about something else; an
employer after "of" is no home, a value one source gives is no claim, and one article giving
two ages makes none. Sentences written for these tests (no benchmark text)."""

from __future__ import annotations

import json

import pytest
from factories import make_article, read_dated

from storyweave import weave
from storyweave.labels import Label
from storyweave.model import Claim, Entity, Mention, Passage, Span
from storyweave.weaving.voices.person_claims import attribute_claims, ranked_claims


def _person(texts: dict[str, str], forms: dict[str, str]) -> Entity:
    ms = []
    for aid, form in forms.items():
        at = texts[aid].index(form)
        ms.append(Mention(Passage(aid, at, at + len(form)), form))
    return Entity("e1", max(forms.values(), key=len), "PERSON", (), (), ms, {})


def _claims(texts: dict[str, str], forms: dict[str, str], orgs: dict[str, str] | None = None,
            sources: dict[str, str] | None = None):
    """The attribute claims of one person named ``forms[article]`` in each article; ``orgs``:
    words of an article the NER tagged an organisation."""
    articles = []
    for aid, text in texts.items():
        spans = []
        if orgs and aid in orgs:
            at = text.index(orgs[aid])
            spans.append(Span(at, at + len(orgs[aid]), Label.ENTITY, {"type": "ORG"}))
        articles.append(make_article(text, id=aid, spans=spans))
    claims = attribute_claims([_person(texts, forms)], articles,
                              sources or {a: f"s-{a}" for a in texts})
    return [(str(c.attribute.kind), c.attribute.value,
             [texts[p.article][p.start:p.end] for p in c.passages]) for c in claims
            if c.attribute is not None]


def test_four_outlets_giving_an_age_inside_sentences_about_other_things_make_one_claim():
    texts = {"a": "Dana Whitlock, 47, was charged with vehicular homicide on Friday.",
             "b": "Police said 47-year-old Dana Whitlock had been drinking at a bar nearby.",
             "c": "Officers stopped Whitlock, 47, four blocks from the store.",
             "d": "A judge set bail at $50,000 for Dana Whitlock, 47, on Monday."}
    forms = {"a": "Dana Whitlock", "b": "Dana Whitlock", "c": "Whitlock", "d": "Dana Whitlock"}
    assert _claims(texts, forms) == [("age", "47", ["Dana Whitlock, 47", "47-year-old Dana "
                                                    "Whitlock", "Whitlock, 47",
                                                    "Dana Whitlock, 47"])]


def test_a_home_town_is_read_after_the_name_and_an_employer_is_none():
    texts = {"a": "Dana Whitlock, 47, of Harwood was charged on Friday.",
             "b": "The driver, Dana Whitlock of Harwood, had been drinking.",
             "c": "Dana Whitlock, of Harwood, was held overnight."}
    forms = {"a": "Dana Whitlock", "b": "Dana Whitlock", "c": "Dana Whitlock"}
    assert ("home", "Harwood", ["Dana Whitlock, 47, of Harwood", "Dana Whitlock of Harwood",
                                "Dana Whitlock, of Harwood"]) in _claims(texts, forms)
    # where she works, not where she lives: a body's word, or an organisation the NER tagged
    jobs = {"a": "Dana Whitlock of Brightline Films said the set was closed.",
            "b": "Dana Whitlock of Brightline Films told reporters the set was closed.",
            "c": "Dana Whitlock, of Harwood Partners, declined to comment.",
            "d": "Dana Whitlock, of Harwood Partners, said nothing."}
    forms = {a: "Dana Whitlock" for a in jobs}
    assert _claims(jobs, forms, orgs={"a": "Brightline Films", "b": "Brightline Films"}) == []


def test_a_value_of_one_source_or_two_values_in_one_article_make_no_claim():
    # two articles of one outlet are one source
    one = {"a": "Dana Whitlock, 47, was charged.", "b": "Dana Whitlock, 47, was held."}
    forms = {"a": "Dana Whitlock", "b": "Dana Whitlock"}
    assert _claims(one, forms, sources={"a": "s", "b": "s"}) == []
    # 46 and 47 in one article: two people of one name, or a misreading
    two = {"a": "Dana Whitlock, 47, was charged. Dana Whitlock, 46, was not.",
           "b": "Dana Whitlock, 47, was held.", "c": "Dana Whitlock, 47, was freed."}
    mentions = []
    for aid, text in two.items():
        for at in (i for i in range(len(text)) if text.startswith("Dana Whitlock", i)):
            mentions.append(Mention(Passage(aid, at, at + 13), "Dana Whitlock"))
    person = Entity("e1", "Dana Whitlock", "PERSON", (), (), mentions, {})
    claims = attribute_claims([person], [make_article(t, id=a) for a, t in two.items()],
                              {a: f"s-{a}" for a in two})
    assert [c for c in claims if c.attribute and c.attribute.kind == "age"] == []


def test_an_age_two_sources_give_differently_is_a_claim_per_value_with_two_sources():
    texts = {"a": "Dana Whitlock, 47, was charged.", "b": "Dana Whitlock, 47, was held.",
             "c": "Dana Whitlock, 46, was freed."}
    forms = {a: "Dana Whitlock" for a in texts}
    assert _claims(texts, forms) == [("age", "47", ["Dana Whitlock, 47", "Dana Whitlock, 47"])]


def test_added_claims_are_ranked_among_the_others_with_ids_of_their_own():
    texts = {"a": "Dana Whitlock, 47, was charged.", "b": "Dana Whitlock, 47, was held.",
             "c": "Dana Whitlock, 47, was freed."}
    forms = {a: "Dana Whitlock" for a in texts}
    articles = [make_article(t, id=a) for a, t in texts.items()]
    [added] = attribute_claims([_person(texts, forms)], articles, {a: a for a in texts})

    def claim(cid: str, sources: list[str], position: float) -> Claim:
        p = Passage("a", 0, 5)
        return Claim(cid, [p], sources, p, "Dana.", position=position)

    others = [claim("c1", ["a", "b", "c", "d"], 0.5), claim("c2", ["a", "b"], 0.0),
              claim("c3", ["a"], 0.0)]
    ranked = ranked_claims(others, [added])
    # three sources: after the claim of four, before those of two and one
    assert [c.id for c in ranked] == ["c1", added.id, "c2", "c3"]
    assert added.id.startswith("c") and added.id not in {"c1", "c2", "c3"}


@pytest.mark.slow
def test_the_dossier_lists_the_age_its_outlets_share_in_every_view():
    from storyweave.render import to_html, to_json, to_markdown

    d = weave([
        read_dated("Dana Whitlock, 47, was charged with vehicular homicide on Friday, "
                   "prosecutors said.\n\nThe store reopened on Saturday morning.",
                   "a.txt", "2023-03-04"),
        read_dated("Police said 47-year-old Dana Whitlock had been drinking at a bar before "
                   "the crash.\n\nA vigil was held in the parking lot.", "b.txt", "2023-03-04"),
        read_dated("Officers stopped Dana Whitlock, 47, four blocks from the store.\n\nThe "
                   "victim's family asked for privacy.", "c.txt", "2023-03-04"),
    ])
    [claim] = [c for c in d.claims if c.attribute is not None and c.attribute.kind == "age"]
    [whitlock] = [e for e in d.entities if e.id == claim.attribute.entity]
    assert "Whitlock" in whitlock.name and claim.attribute.value == "47"
    assert claim.corroboration == 3 and claim.support == []
    assert f"| {claim.text} *(age)* |" in to_markdown(d)
    page = to_html(d)
    assert f'{claim.text} <span class="attr">(age)</span>' in page
    # the overview lists what happened: the age, which every outlet gives, is not there
    overview = page[page.index('<section id="agree">'):]
    overview = overview[:overview.index("</section>")]
    assert claim.text not in overview and "in the coverage table" in overview
    written = json.loads(to_json(d))["claims"]
    assert [c["attribute"] for c in written if "attribute" in c] == [
        {"entity": whitlock.id, "kind": "age", "value": "47"}]


def _people_claims(texts: dict[str, str], people: dict[str, dict[str, str]]):
    """The age claims of several people (``people[entity id][article]``: the form naming
    the person there)."""
    entities = []
    for eid, forms in people.items():
        ms = [Mention(Passage(a, texts[a].index(f), texts[a].index(f) + len(f)), f)
              for a, f in forms.items()]
        entities.append(Entity(eid, max(forms.values(), key=len), "PERSON", (), (), ms, {}))
    claims = attribute_claims(entities, [make_article(t, id=a) for a, t in texts.items()],
                              {a: f"s-{a}" for a in texts})
    return [(c.attribute.entity, c.attribute.value,
             [texts[p.article][p.start:p.end] for p in c.passages]) for c in claims
            if c.attribute is not None and c.attribute.kind == "age"]


def test_an_unnamed_age_only_one_named_person_has_is_that_persons_age():
    texts = {"a": "Dana Whitlock, 47, was charged on Friday.",
             "b": "Police said 47-year-old Dana Whitlock had been drinking.",
             "c": "A 47-year-old Harwood man was charged with vehicular homicide.",
             "d": "The 47-year-old, who lives nearby, was held overnight.",
             "e": "A 47-year-old building on Elm Street was closed."}
    forms = {"a": "Dana Whitlock", "b": "Dana Whitlock"}
    assert _people_claims(texts, {"e1": forms}) == [
        ("e1", "47", ["Dana Whitlock, 47", "47-year-old Dana Whitlock",
                      "47-year-old Harwood man", "47-year-old"])]
    # what the claim reads as names her
    [claim] = attribute_claims([_person(texts, forms)],
                               [make_article(t, id=a) for a, t in texts.items()],
                               {a: f"s-{a}" for a in texts})
    assert claim.text == "47-year-old Dana Whitlock"


def test_an_unnamed_age_two_people_share_or_an_article_naming_the_age_adds_nothing():
    texts = {"a": "Dana Whitlock, 47, and Lee Marsh, 47, were charged on Friday.",
             "b": "Dana Whitlock, 47, had been drinking. Lee Marsh, 47, had not.",
             "c": "A 47-year-old man was charged with vehicular homicide."}
    people = {"e1": {"a": "Dana Whitlock", "b": "Dana Whitlock"},
              "e2": {"a": "Lee Marsh", "b": "Lee Marsh"}}
    assert sorted(_people_claims(texts, people)) == [
        ("e1", "47", ["Dana Whitlock, 47", "Dana Whitlock, 47"]),
        ("e2", "47", ["Lee Marsh, 47", "Lee Marsh, 47"])]
    # the article that gives her age beside her name is cited there, once
    named = {"a": "Dana Whitlock, 47, was charged on Friday.",
             "b": "Dana Whitlock, 47, a 47-year-old mother of two, was held."}
    assert _people_claims(named, {"e1": {"a": "Dana Whitlock", "b": "Dana Whitlock"}}) == [
        ("e1", "47", ["Dana Whitlock, 47", "Dana Whitlock, 47"])]


def _read_as(texts: dict[str, str], forms: dict[str, str], kind: str) -> str:
    articles = [make_article(t, id=a) for a, t in texts.items()]
    claims = attribute_claims([_person(texts, forms)], articles, {a: f"s-{a}" for a in texts})
    [claim] = [c for c in claims if c.attribute is not None and c.attribute.kind == kind]
    return claim.text


def test_a_claim_reads_as_the_value_beside_the_name_in_the_wording_most_outlets_print():
    # not "Dana Whitlock, 47, of Harwood", which two outlets print: an age between
    homes = {"a": "Dana Whitlock, 47, of Harwood was charged.",
             "b": "Dana Whitlock, 47, of Harwood was held overnight.",
             "c": "The driver, Dana Whitlock of Harwood, had been drinking."}
    assert _read_as(homes, {a: "Dana Whitlock" for a in homes}, "home") == \
        "Dana Whitlock of Harwood"
    # not the one outlet's "Whitlocke", however full
    ages = {"a": "Police said 36-year-old Dana Whitlock fled.",
            "b": "The 36-year-old Dana Whitlock was held.",
            "c": "A 36-year-old Dana Whitlocke was freed."}
    forms = {"a": "Dana Whitlock", "b": "Dana Whitlock", "c": "Dana Whitlocke"}
    assert _read_as(ages, forms, "age") == "36-year-old Dana Whitlock"


def test_an_attribute_claims_sources_are_in_the_order_the_sources_are_numbered():
    # outlets numbered by their first article: "zeta" is [1], "alpha" [2]
    texts = {"a": "Dana Whitlock, 47, was charged.", "b": "Rain fell all day.",
             "c": "Dana Whitlock, 47, was held."}
    forms = {"a": "Dana Whitlock", "c": "Dana Whitlock"}
    articles = [make_article(t, id=a) for a, t in texts.items()]
    [claim] = attribute_claims([_person(texts, forms)], articles,
                               {"a": "zeta", "b": "alpha", "c": "alpha"})
    assert claim.sources == ["zeta", "alpha"]
