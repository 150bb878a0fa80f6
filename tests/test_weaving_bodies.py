"""A town's police force written three ways is one force, "police" alone in a story that
names one force is that force, and a body's acronym is the body: one speaker in the "Who is
quoted" table, not three. Names made up for these tests (no benchmark text)."""

from __future__ import annotations

from test_weaving_entities import _article, _named, _speaker, _story

from storyweave.weaving.voices.bodies import acronym_pairs, acronyms_of, police_key
from storyweave.weaving.voices.entities import build_registry


def test_a_force_is_keyed_by_its_town_however_it_is_written() -> None:
    assert police_key("velmora police department") == "velmora police"
    assert police_key("velmora police") == "velmora police"
    assert police_key("velmora, ore. police") == "velmora police"  # a state after a comma
    assert police_key("police") is None and police_key("velmora council") is None


def test_an_acronym_is_the_initials_of_exactly_one_body() -> None:
    assert acronyms_of("new york police") == {"nyp", "nypd"}  # "department" left out
    assert acronyms_of("academy of motion picture arts and sciences") == {"ampas"}
    keys = ["vcmc", "velmora county medical center", "vcp", "velmora civic party",
            "velmora city police"]
    written = [("vcmc", "VCMC"), ("vcp", "VCP")]
    # "VCP" would be two bodies' initials: no join
    assert acronym_pairs(keys, written) == [("vcmc", "velmora county medical center")]
    # an acronym only ever written in lower case is a word, not an acronym
    assert acronym_pairs(keys, [("vcmc", "vcmc")]) == []


def test_police_written_three_ways_and_alone_is_one_force() -> None:
    _, reg = _story(
        "The driver was arrested, the [[Velmora Police Department|ORG]] said.",
        "[[Velmora police|ORG]] said the driver fled. The [[VPD|ORG]] released his name.",
        "[[Police|ORG]] said the woman died in hospital.",
    )
    force = _named(reg, "Velmora Police Department")
    assert set(force.aliases) == {"Velmora Police Department", "Velmora police", "VPD",
                                  "Police"}, force.aliases
    assert len(force.sources) == 3


def test_police_alone_says_police_said_when_the_story_names_two_forces() -> None:
    articles = [_article("[[Velmora police|ORG]] and [[Ostrava police|ORG]] searched.", "a0"),
                _article("The driver fled, police said.", "a1")]
    span = _speaker(articles[1], "police", name="police", type="ORG", via="name")
    reg = build_registry(articles, {a.id: f"outlet:{a.id}" for a in articles})
    forces = {e.id for e in reg.entities if e.name in ("Velmora police", "Ostrava police")}
    assert len(forces) == 2
    assert reg.speaker_entity(articles[1], span) not in forces


def test_police_alone_as_a_speaker_is_the_story_s_one_force() -> None:
    articles = [_article("[[Velmora police|ORG]] arrested the driver on Friday.", "a0"),
                _article("The driver fled, police said.", "a1")]
    span = _speaker(articles[1], "police", name="police", type="ORG", via="name")
    reg = build_registry(articles, {a.id: f"outlet:{a.id}" for a in articles})
    assert reg.speaker_entity(articles[1], span) == _named(reg, "Velmora police").id
