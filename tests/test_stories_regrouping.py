"""Regrouping the recent stories all at once (``stories.regrouping``), on hand-made
articles: a story the stream split is merged (the older id kept, the other an alias), one it
wrongly joined is split (recorded), copies stay with their originals, days far apart keep
two visits apart, and the order the articles came in does not change the stories."""

from __future__ import annotations

import itertools
from datetime import date

import numpy as np

from storyweave.stories.clustering import story_id, word_weights
from storyweave.stories.grouping import Arrival, Grouper
from storyweave.stories.regrouping import Member, groups_of, likeness, main_actor, regroup

VISIT = ("Xi Jinping arrived in Moscow for a state visit and talks with Vladimir Putin on "
         "Ukraine, energy and trade, the Kremlin said.")
QUAKE = ("A magnitude 7.8 earthquake struck southern Turkey and northern Syria before dawn, "
         "flattening buildings as rescuers searched the rubble.")
VISIT_NAMES = {"PERSON:xi": 3, "PERSON:putin": 2, "GPE:moscow": 1}
QUAKE_NAMES = {"GPE:turkey": 2, "GPE:syria": 2}


def _member(article: str, n: int, story: str, text: str, names: dict[str, int],
            day: date | None = None, copy_of: str | None = None) -> Member:
    return Member(article, n, story, np.zeros(0, np.float32), names, word_weights(text), day,
                  copy_of)


def _visit(k: int, story: str, **kw: object) -> Member:
    return _member(f"v{k}", k, story, f"{VISIT} Report {k}.", VISIT_NAMES, **kw)  # type: ignore[arg-type]


def _quake(k: int, story: str, **kw: object) -> Member:
    return _member(f"q{k}", k, story, f"{QUAKE} Report {k}.", QUAKE_NAMES, **kw)  # type: ignore[arg-type]


def test_a_story_the_stream_split_is_merged_into_the_older() -> None:
    members = [_visit(0, "old"), _visit(1, "old"), _visit(2, "young"), _quake(3, "quake")]
    out = regroup(members, created={"old": 0, "young": 2, "quake": 3})
    assert out.story_of == {"v2": "old"}
    assert out.merged == [("young", "old")] and out.split == [] and out.started == []
    assert out.changed == {"old"}


def test_a_story_that_lost_reports_to_another_is_changed_too() -> None:
    """A visit report the stream put with the quake goes to the visit's story: the quake's
    story changed as well (its days, its names, its size are restated), though it neither
    merged nor split."""
    members = [_visit(0, "visit", day=date(2023, 3, 21)), _visit(1, "visit"),
               _quake(2, "quake", day=date(2023, 3, 20)), _quake(3, "quake"),
               _visit(4, "quake", day=date(2023, 3, 22))]
    out = regroup(members, created={"visit": 0, "quake": 2})
    assert out.story_of == {"v4": "visit"} and not out.merged and not out.split
    assert out.left == {"quake"} and out.changed == {"visit", "quake"}


def test_on_a_tie_the_older_story_keeps_its_id() -> None:
    for created in ({"a": 0, "b": 1}, {"a": 1, "b": 0}):
        out = regroup([_visit(0, "a"), _visit(1, "b")], created=created)
        older, younger = sorted(created, key=created.__getitem__)
        assert out.merged == [(younger, older)]


def test_a_story_the_stream_wrongly_joined_is_split_and_the_split_recorded() -> None:
    members = [_visit(0, "s"), _visit(1, "s"), _visit(2, "s"), _quake(3, "s"), _quake(4, "s")]
    out = regroup(members, created={"s": 0})
    new = story_id("q3")  # the part that did not keep the id: named by its first article
    assert out.story_of == {"q3": new, "q4": new}
    assert out.split == [("s", new)] and out.started == [new] and out.merged == []
    assert out.changed == {"s", new}


def test_a_new_id_never_takes_one_already_used() -> None:
    members = [_visit(0, "s"), _quake(1, "s"), _quake(2, "s")]
    taken = {story_id("q1")}  # say, an alias of a story merged long ago
    out = regroup(members, created={"s": 0}, taken=taken)
    # the two reports of the quake keep the story's id (they are most of it); the visit
    # gets a new one, not an id already used
    assert out.story_of == {"v0": story_id("v0")}
    out = regroup([_visit(0, "s"), _visit(1, "s"), _quake(2, "s")], created={"s": 0},
                  taken={story_id("q2")})
    assert out.story_of["q2"] not in {story_id("q2"), "s"}


def test_a_copy_stays_with_its_original() -> None:
    # a copy whose words are another story's still goes where its original went
    members = [_visit(0, "a"), _visit(1, "b"), _quake(2, "b", copy_of="v0")]
    out = regroup(members, created={"a": 0, "b": 1})
    assert out.story_of.get("q2", "b") == "a" and out.story_of.get("v1", "b") == "a"


def test_the_same_reports_weeks_apart_are_two_stories() -> None:
    december = [_visit(k, "s", day=date(2022, 12, 30)) for k in range(2)]
    march = [_visit(k, "s", day=date(2023, 3, 21)) for k in range(2, 4)]
    assert len(groups_of([*december, *march])) == 2
    # an undated report placed with the March ones is taken to be of their days
    undated = _visit(4, "m")
    march_story = [_visit(k, "m", day=date(2023, 3, 21)) for k in range(2, 4)]
    out = regroup([*december, *march_story, undated], created={"s": 0, "m": 2})
    assert "v4" not in out.story_of and out.story_of == {}


def test_likeness_days_fall_off_between_one_and_two_weeks() -> None:
    base = date(2023, 3, 1)
    pair = [_visit(0, "s", day=base), _visit(1, "s", day=None)]
    for days, expected in ((7, 1.0), (14, 0.0)):
        far = [_visit(0, "s", day=base), _visit(1, "s", day=date.fromordinal(
            base.toordinal() + days))]
        near = likeness(pair)[0, 1]
        assert np.isclose(likeness(far)[0, 1], near * expected)


def test_the_order_the_articles_came_in_does_not_change_the_stories() -> None:
    reports = [*(_visit(k, "x") for k in range(3)), *(_quake(k, "x") for k in range(3, 6))]
    partitions = set()
    for order in itertools.islice(itertools.permutations(reports), 0, 720, 97):
        groups = groups_of(list(order))
        partitions.add(frozenset(frozenset(order[i].id for i in g) for g in groups))
    assert len(partitions) == 1


def test_a_grouper_regroups_a_stream_and_keeps_its_index_in_step() -> None:
    grouper = Grouper()
    grouper.regroup_every = 0
    # the stream: everything joins the first story (a join threshold nothing misses)
    grouper.index.join = -1.0
    lead = np.ones(4, np.float32) / 2
    for k, (text, names) in enumerate([(VISIT, VISIT_NAMES), (QUAKE, QUAKE_NAMES),
                                       (VISIT, VISIT_NAMES), (QUAKE, QUAKE_NAMES)]):
        grouper.add(Arrival(f"a{k}", f"{text} Report {k}.", None, frozenset(names), lead,
                            names), order=k)
    assert len({grouper.story(f"a{k}") for k in range(4)}) == 1
    out = grouper.regroup()
    assert out.split and grouper.story("a0") == grouper.story("a2") == story_id("a0")
    assert grouper.story("a1") == grouper.story("a3") == story_id("a1")
    held = {s.id: s.members for s in grouper.index.stories.values()}
    assert held == {story_id("a0"): ["a0", "a2"], story_id("a1"): ["a1", "a3"]}
    assert grouper.index.stories[story_id("a1")].size == 2


def test_a_name_counts_by_how_often_the_report_names_it() -> None:
    text = "The Chargers player was arrested on suspicion of drunk driving, police said."
    jackson = {"PERSON:jackson": 6, "PERSON:williams": 1, "ORG:chargers": 2}
    williams = {"PERSON:jackson": 1, "PERSON:williams": 6, "ORG:chargers": 2}
    same = likeness([_member("a", 0, "s", text, jackson), _member("b", 1, "s", text, jackson),
                     _member("c", 2, "s", text, williams)])
    # the report about Williams (who names Jackson once, as the last player arrested) is
    # less like the two about Jackson than they are like each other
    assert same[0, 2] < same[0, 1] - 0.05


def test_a_report_left_alone_joins_the_story_it_is_alike_enough_to() -> None:
    # a report that tells the visit among background: alike to each report of the visit
    # (0.11) under what joins two groups (JOIN), over what attaches a lone report (0.1)
    background = _member("b", 9, "s", "Chinese leaders have long courted Moscow, and trade "
                         "between the two neighbours grew last year as Western sanctions "
                         "bit; analysts expect energy deals.", {"GPE:moscow": 1})
    quakes = [_quake(5, "q"), _quake(6, "q")]
    reports = [_visit(0, "s"), _visit(1, "s"), _visit(2, "s"), background, *quakes]
    alike = likeness(reports)[3, 0]
    assert 0.1 <= alike < 0.175
    assert groups_of(reports, join=0.175, attach=0.1) == [[0, 1, 2, 3], [4, 5]]
    assert groups_of(reports, join=0.175, attach=alike + 0.01) == [[0, 1, 2], [3], [4, 5]]
    # alone with another lone report, it stays alone: only groups of two or more attract
    assert groups_of([_visit(0, "s"), background], join=0.175, attach=0.0) == [[0], [1]]


ARRESTS = {
    "Jackson": ("Chargers receiver {name} was arrested on suspicion of drunken driving after "
                "failing sobriety tests on State Route 52, a highway patrol officer said. "
                "{name} was already on probation for an earlier arrest. Report {k}."),
    "Williams": ("Chargers lineman {name} was pulled over for speeding in his Bentley on "
                 "State Route 94 and arrested on suspicion of drunken driving, police "
                 "said. The team said it was aware of the matter. Report {k}."),
}


def _arrest(k: int, name: str, **names: int) -> Member:
    return _member(f"{name.lower()}{k}", k, "s", ARRESTS[name].format(name=name, k=k),
                   {f"PERSON:{name.lower()}": 4, "ORG:chargers": 1, **names})


def test_the_main_actor_is_the_surname_named_most_under_any_of_its_forms() -> None:
    assert main_actor({"PERSON:jamal williams": 1, "PERSON:williams": 3,
                       "PERSON:jackson": 2}) == "williams"
    assert main_actor({"PERSON:williams": 2, "PERSON:jackson": 2}) is None  # no one stands out
    assert main_actor({"PERSON:williams": 1, "GPE:san diego": 4}) is None  # named once
    # a ship or a company is what a report can be about, whatever NER called it; a place or
    # a nationality is not (any report of the event names them)
    assert main_actor({"PRODUCT:ins mysore": 2, "PERSON:mysore": 2, "NORP:somali": 3}) \
        == "mysore"
    assert main_actor({"GPE:somalia": 5, "NORP:indian": 4, "LOC:gulf of aden": 3}) is None


PIRATES = {
    "Mysore": ("The Indian Navy destroyer {ship} answered a distress call from an Ethiopian "
               "merchant vessel in the Gulf of Aden and captured 23 pirates in two boats, "
               "the Defence Ministry said. {ship} was on anti-piracy patrol. Report {k}."),
    "Sukanya": ("The Indian Navy patrol ship {ship} thwarted a multi-boat attack on merchant "
                "vessels in the Gulf of Aden and apprehended 26 Somali pirates, a navy "
                "statement said. {ship} seized arms and ammunition. Report {k}."),
}


def test_two_actions_of_one_navy_by_two_ships_are_two_stories() -> None:
    """Undated reports of two actions against pirates, years apart, in much the same words:
    each ship is what its reports are about, and neither ship's reports name the other."""
    members = [_member(f"{ship}{k}", k, "s", PIRATES[ship].format(ship=f"INS {ship}", k=k),
                       {f"PRODUCT:ins {ship.lower()}": 3, "ORG:indian navy": 1,
                        "LOC:gulf of aden": 1})
               for k, ship in enumerate(["Mysore"] * 3 + ["Sukanya"] * 3)]
    assert len(groups_of(members, actor_apart=1.0)) == 1
    assert sorted(map(sorted, groups_of(members))) == [[0, 1, 2], [3, 4, 5]]


def test_two_arrests_of_one_kind_with_different_main_actors_are_two_stories() -> None:
    # one story's reports never name the other's main actor: the same words ("Chargers",
    # "drunken driving", "freeway") no longer make them one story
    members = [_arrest(k, "Jackson") for k in range(3)] + [
        _arrest(k, "Williams", **({"PERSON:jackson": 1} if k == 4 else {}))
        for k in range(3, 6)]
    assert len(groups_of(members, actor_apart=1.0)) == 1
    assert sorted(map(sorted, groups_of(members))) == [[0, 1, 2], [3, 4, 5]]
    # the visit's reports name both leaders, whoever each is about: one story
    xi = {"PERSON:xi": 4, "PERSON:putin": 1}
    putin = {"PERSON:putin": 4, "PERSON:xi": 1}
    visit = [_member(f"v{k}", k, "s", f"{VISIT} Report {k}.", xi if k % 2 else putin)
             for k in range(4)]
    assert len(groups_of(visit)) == 1
