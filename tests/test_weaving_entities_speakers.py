"""The entity registry and the speakers of quotes: whom each quote's speaker is, across a
story's articles, and the example story's entities as a reader checks them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_weaving_entities import _article, _at, _named, _speaker, _story

from storyweave import ingest
from storyweave.labels import Label
from storyweave.model import Article, Span
from storyweave.nlp import annotate
from storyweave.weaving import source_key
from storyweave.weaving.voices import entities as registry_module
from storyweave.weaving.voices.entities import Registry, build_registry

# --- speakers -------------------------------------------------------------------------------

def test_speaker_spans_join_the_entity_they_name() -> None:
    [article] = [_article(
        "Chinese leader [[Xi Jinping|PERSON]] arrived. \"We are friends,\" he said. "
        "\"Good,\" the Kremlin said. [[Pentagon|ORG]] spokesman Brig. Gen. "
        "[[Patrick Ryder|PERSON]] said nothing, Xi said.", "a0")]
    xi_at = _at(article, "Xi Jinping")
    he = _speaker(article, "he", 0, name="Xi Jinping", type="PERSON", via="pronoun",
                  antecedent=list(xi_at))
    kremlin = _speaker(article, "the Kremlin", name="the Kremlin", type="ORG",
                       via="organisation")
    ryder = _speaker(article, "Pentagon spokesman Brig. Gen. Patrick Ryder",
                     name="Patrick Ryder", type="PERSON", via="name", role="Pentagon spokesman")
    xi_again = _speaker(article, "Xi", 1, name="Xi", type="PERSON", via="name")
    reg = build_registry([article], {"a0": "outlet:one"})
    xi = _named(reg, "Xi Jinping")
    assert [m.form for m in xi.mentions] == ["Xi Jinping", "he", "Xi"]
    assert xi.aliases == ("Xi Jinping", "Xi")  # "he" is no name
    made = _named(reg, "Kremlin")
    assert made.type == "ORG" and made.country == "Russia"
    assert [m.form for m in made.mentions] == ["the Kremlin"]
    person = _named(reg, "Patrick Ryder")
    assert len(person.mentions) == 1  # the speaker span is that mention, not a second one
    assert person.roles == ("Pentagon spokesman",) and person.country == "United States"
    for span, entity in [(he, xi), (kremlin, made), (ryder, person), (xi_again, xi)]:
        assert reg.speaker_entity(article, span) == entity.id
        assert reg.entity_at("a0", span.start, span.end) == entity.id


def test_a_pronoun_speaker_is_its_antecedent_not_the_last_name_like_it() -> None:
    [article] = [_article("[[Wang Wenbin|PERSON]] spoke of [[Wang Yi|PERSON]]. "
                          "\"No,\" he said.", "a0")]
    he = _speaker(article, "he", name="Wang", type="PERSON", via="pronoun",
                  antecedent=list(_at(article, "Wang Wenbin")))
    reg = build_registry([article], {})
    wenbin = _named(reg, "Wang Wenbin")
    assert [m.form for m in wenbin.mentions] == ["Wang Wenbin", "he"]
    assert reg.speaker_entity(article, he) == wenbin.id


def test_a_speaker_whose_name_is_shorter_than_the_mention_under_it_adds_no_mention() -> None:
    [article] = [_article("\"No,\" said [[Kremlin|ORG]] spokesman [[Dmitry Peskov|PERSON]].",
                          "a0")]
    span = _speaker(article, "Kremlin spokesman Dmitry Peskov", name="Peskov", type="PERSON",
                    via="name", role="Kremlin spokesman")
    reg = build_registry([article], {})
    peskov = _named(reg, "Dmitry Peskov")
    assert [m.form for m in peskov.mentions] == ["Dmitry Peskov"]
    assert reg.speaker_entity(article, span) == peskov.id
    assert len(_named(reg, "Kremlin").mentions) == 1


def test_people_a_name_describes_are_not_the_one_it_names() -> None:
    [article] = [_article(
        "[[Maria Lopez|PERSON]] spoke on Monday. Lopez aides said the plan was ready, and "
        "[[Springfield|GPE]] officers said the road was closed.", "a0")]
    aides = _speaker(article, "Lopez aides", name="Lopez aides", type="PERSON", via="role",
                     role="Lopez aides")
    officers = _speaker(article, "Springfield officers", name="Springfield officers",
                        type="PERSON", via="role", role="Springfield officers")
    reg = build_registry([article], {"a0": "outlet:one"})
    assert reg.speaker_entity(article, aides) is None  # her aides, not Maria Lopez
    assert reg.speaker_entity(article, officers) is None
    assert [m.form for m in _named(reg, "Maria Lopez").mentions] == ["Maria Lopez"]


def test_role_nouns_and_common_nouns_as_speakers_make_no_entity_of_their_own() -> None:
    [article] = [_article(
        "Russian leader [[Vladimir Putin|PERSON]] met [[Xi|PERSON]]. \"Yes,\" the Russian "
        "leader said. Officials said more, and both leaders' governments agreed, as "
        "China's foreign ministry said.", "a0")]
    leader = _speaker(article, "the Russian leader", name="Russian leader", type="PERSON",
                      via="role")
    officials = _speaker(article, "Officials", name="Officials", type="PERSON", via="role")
    both = _speaker(article, "both leaders' governments", name="both leaders' governments",
                    type="ORG", via="organisation")
    ministry = _speaker(article, "China's foreign ministry", name="China's foreign ministry",
                        type="ORG", via="organisation")
    reg = build_registry([article], {})
    putin = _named(reg, "Vladimir Putin")
    assert reg.speaker_entity(article, leader) == putin.id
    assert [m.form for m in putin.mentions] == ["Vladimir Putin", "the Russian leader"]
    assert reg.speaker_entity(article, officials) is None
    assert reg.speaker_entity(article, both) is None
    body = _named(reg, "China's foreign ministry")  # NER missed it: the speaker makes it
    assert (body.type, body.country) == ("ORG", "China")
    assert reg.speaker_entity(article, ministry) == body.id
    assert sorted(e.name for e in reg.entities) == ["China's foreign ministry",
                                                    "Vladimir Putin", "Xi"]


def test_a_speaker_span_added_after_building_is_resolved_by_name_or_antecedent() -> None:
    articles, reg = _story("[[Wang Yi|PERSON]] spoke.", "[[Wang Wenbin|PERSON]] spoke; "
                           "[[Wang Yi|PERSON]] did not. Wang went on.")
    late = Span(*_at(articles[1], "Wang", 2), Label.SPEAKER,
                {"name": "Wang", "type": "PERSON", "via": "name"})
    assert reg.speaker_entity(articles[1], late) == _named(reg, "Wang Yi").id
    pronoun = Span(0, 1, Label.SPEAKER, {"name": "?", "type": "PERSON", "via": "pronoun",
                                         "antecedent": list(_at(articles[1], "Wang Wenbin"))})
    assert reg.speaker_entity(articles[1], pronoun) == _named(reg, "Wang Wenbin").id
    nobody = Span(0, 1, Label.SPEAKER, {"name": "Hua Chunying", "type": "PERSON"})
    assert reg.speaker_entity(articles[1], nobody) is None


def test_entity_at_finds_exact_and_overlapping_offsets() -> None:
    articles, reg = _story("Then [[Xi Jinping|PERSON]] and [[Putin|PERSON]] spoke.")
    start, end = _at(articles[0], "Xi Jinping")
    xi = _named(reg, "Xi Jinping").id
    assert reg.entity_at("a0", start, end) == xi
    assert reg.entity_at("a0", start - 5, end + 2) == xi
    assert reg.entity_at("a0", start + 3, end + 9) == xi  # overlaps Xi most
    assert reg.entity_at("a0", start + 8, end + 9) == _named(reg, "Putin").id
    assert reg.entity_at("a0", 0, 4) is None
    assert reg.entity_at("elsewhere", start, end) is None


# --- the example story ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def example(example_dir: Path) -> tuple[list[Article], Registry]:
    articles, failures = ingest([example_dir])
    assert not failures
    articles = annotate(articles).articles
    return articles, build_registry(articles, {a.id: source_key(a) for a in articles})


@pytest.mark.slow
def test_example_story_names_xi_and_zelensky_once_each_with_every_outlet_naming_them(
        example: tuple[list[Article], Registry]) -> None:
    articles, reg = example
    keys = {a.id: source_key(a) for a in articles}
    assert len(set(keys.values())) == 5
    for name, pattern in [("Xi Jinping", r"\bXi\b"), ("Volodymyr Zelensky", r"Zelensk")]:
        [entity] = [e for e in reg.entities if any(re.search(pattern, a) for a in e.aliases)]
        assert entity.name == name and entity.type == "PERSON"
        naming = {keys[a.id] for a in articles if re.search(pattern, a.text)}
        assert set(entity.sources) == naming
    assert len(_named(reg, "Xi Jinping").sources) == 5
    assert _named(reg, "Xi Jinping").country == "China"
    assert _named(reg, "Volodymyr Zelensky").country == "Ukraine"


@pytest.mark.slow
def test_example_story_entities_are_real_names_of_the_story(
        example: tuple[list[Article], Registry]) -> None:
    articles, reg = example
    text = "\n".join(a.text for a in articles)
    names = [e.name for e in reg.entities]
    assert len(names) == len(set(names))
    for e in reg.entities:
        assert e.type in {"PERSON", "ORG", "GPE", "LOC", "FAC"}
        assert all(alias in text for alias in e.aliases), e
        assert not re.search(r"[/@]|^\W|\d", e.name), e
    # Two Wangs, never one; the titles spaCy took for names are roles.
    assert {"Wang Yi", "Wang Wenbin"} <= set(names)
    assert not {"Brig", "State", "National Security Advisor", "Wang"} & set(names)
    assert _named(reg, "Wang Yi").country == "China"
    assert _named(reg, "United States").aliases  # "US", "U.S." and "the United States"


def test_a_dash_closing_an_aside_is_no_part_of_the_name() -> None:
    # "The former worker - Eric Allen Kirkpatrick - was charged": spaCy's span took the dash
    _, reg = _story(
        "A former worker - [[Ruth Ellen Marlow -|PERSON]] was charged on Saturday.",
        "[[Ruth Marlow|PERSON]] appeared in court on Monday.",
    )
    assert [(e.name, len(e.sources)) for e in reg.entities if e.type == "PERSON"] == [
        ("Ruth Ellen Marlow", 2)]


def test_an_entity_known_only_by_a_phrase_is_named_without_its_article() -> None:
    """A body a quote names only as "the navy" (no form of a name to take) is called "navy"
    in the entity list, as "the Kremlin" is "Kremlin"."""
    [article] = [_article("But the navy says it fired in self-defence.", "a0")]
    start, end = _at(article, "the navy")
    item = registry_module._Item(0, start, end, "the navy", None, "ORG", alias=False)
    assert registry_module._draft([article], [item], {}).name == "navy"


def test_a_speaker_capitalised_only_by_its_sentence_is_nobody_in_particular() -> None:
    from storyweave.weaving.voices.names import is_proper, lower_case_words

    common = lower_case_words(["Two witnesses saw the car; some said it was grey, and many "
                               "agreed; the police arrived."])
    # "Witnesses said", "Many said", "Some of the younger players said" open sentences
    for form in ("Witnesses", "Many", "Some"):
        assert is_proper(form) and not is_proper(form, common), form
    # a name, a body, or a word the story never writes in lower case still names someone
    for form in ("Kremlin", "Police", "Velmora Council"):
        assert is_proper(form, common), form
    articles = [_article("Two witnesses saw the car speed off.", "a0"),
                _article("Witnesses said the car was grey.", "a1")]
    span = _speaker(articles[1], "Witnesses", name="Witnesses", type="ORG", via="name")
    reg = build_registry(articles, {a.id: f"outlet:{a.id}" for a in articles})
    assert reg.speaker_entity(articles[1], span) is None
    assert not [e for e in reg.entities if e.name == "Witnesses"]


def test_a_role_tagged_apart_from_the_name_after_it_is_that_persons_role() -> None:
    # spaCy tags "Velmora County Sheriff Dana Reyes" as two entities (ECB+ dev 18ecbplus:
    # "Genesee County Sheriff" was an entity of four mentions), and "Undersheriff Omar Tell"
    # as a body
    _, reg = _story(
        "The chase ended on the highway, [[Velmora County Sheriff|ORG]] [[Dana Reyes|PERSON]] "
        "said.",
        "[[Velmora County Undersheriff|FAC]] [[Omar Tell|PERSON]] confirmed the arrest.",
        "[[Undersheriff Omar Tell|ORG]] said the driver was calm.",
    )
    names = {e.name for e in reg.entities}
    assert not {"Velmora County Sheriff", "Velmora County Undersheriff",
                "Undersheriff Omar Tell"} & names, names
    assert "Velmora County Sheriff" in _named(reg, "Dana Reyes").roles
    tell = _named(reg, "Omar Tell")
    assert len(tell.sources) == 2 and "Velmora County Undersheriff" in tell.roles


def test_the_da_is_the_district_attorney_the_story_names() -> None:
    # ECB+ dev 21ecbplus: "the DA said" was an entity "DA" beside the Queens District
    # Attorney Richard Brown
    articles = [_article("The charges were filed, Velmora County District Attorney "
                         "[[Dana Reyes|PERSON]] said.", "a0"),
                _article("He faces up to 15 years in prison, the DA said.", "a1")]
    _speaker(articles[0], "Dana Reyes", name="Dana Reyes", type="PERSON", via="name",
             role="Velmora County District Attorney")
    span = _speaker(articles[1], "the DA", name="DA", type="OTHER", via="name")
    reg = build_registry(articles, {a.id: f"outlet:{a.id}" for a in articles})
    assert reg.speaker_entity(articles[1], span) == _named(reg, "Dana Reyes").id
    assert "DA" not in {e.name for e in reg.entities}
