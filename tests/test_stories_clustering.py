"""Stories from a stream (``stories.clustering``), on hand-made profiles: the same people in
two events weeks apart are two stories, a story keeps its id as articles arrive and through a
merge, and the same articles in the same order give the same ids."""

from __future__ import annotations

from datetime import date

import numpy as np

from storyweave.stories.clustering import Profile, StoryIndex, partition, story_id


def _unit(*xs: float) -> np.ndarray:
    v = np.zeros(8, np.float32)
    v[:len(xs)] = xs
    return v / np.linalg.norm(v)


LEADERS = frozenset({"PERSON:xi", "PERSON:putin", "GPE:moscow"})


def test_the_same_people_weeks_apart_are_two_stories() -> None:
    visit = [Profile(f"v{i}", _unit(1, 0.1 * i), LEADERS, date(2023, 3, 20 + i))
             for i in range(3)]
    call = [Profile(f"c{i}", _unit(1, 0.1 * i), LEADERS, date(2022, 12, 30)) for i in range(2)]
    placed, index = partition([*visit, *call])
    assert len({placed[p.id] for p in visit}) == 1 and len({placed[p.id] for p in call}) == 1
    assert placed["v0"] != placed["c0"] and len(index.stories) == 2


def test_a_story_keeps_its_first_articles_id_and_a_merge_keeps_the_older() -> None:
    index = StoryIndex(join=0.6, merge=0.6, entity_weight=0.0, word_weight=0.0,
                       vector_weight=1.0)
    first = index.add(Profile("a", _unit(1, 0), frozenset()))
    second = index.add(Profile("b", _unit(0, 1), frozenset()))
    assert (first.story, second.story) == (story_id("a"), story_id("b"))
    assert first.started and second.started
    joined = index.add(Profile("c", _unit(1, 0.05), frozenset()))
    assert joined.story == story_id("a") and not joined.started
    # a report close to both: the younger story joins the older, whose id stays
    bridge = index.add(Profile("d", _unit(1, 1), frozenset()))
    assert bridge.story == story_id("a") and bridge.merged == (story_id("b"),)
    assert index.resolve(story_id("b")) == story_id("a")
    assert index.stories[story_id("a")].members == ["a", "c", "b", "d"]


def test_the_same_articles_in_the_same_order_get_the_same_ids() -> None:
    profiles = [Profile(f"p{i}", _unit(1, i % 3, i % 2), frozenset({f"GPE:{i % 3}"}))
                for i in range(12)]
    assert partition(profiles)[0] == partition(profiles)[0]
