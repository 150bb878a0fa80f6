"""One pass over a stream of articles: each is first checked for being a copy of one seen
before (``copies.CopyFinder``), then placed in a story (``clustering.StoryIndex``). A copy
goes into its original's story and is marked as a copy there: it is one more place the
report appeared, never one more source.

``Grouper`` holds both indexes and knows each article's story; ``Arrival`` is what it reads
of an article. Every ``regrouping.EVERY`` placements (and when asked, ``Grouper.regroup``)
the recent stories are grouped again all at once (``regrouping``), which moves articles,
merges stories and splits them. The store (``store.grouped``) keeps the state between runs
and takes it up again, and regroups from its own tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from ..labels import Label
from ..model import Article
from .clustering import (
    Profile,
    StoryIndex,
    lead_vector,
    mentions_of_entities,
    word_weights,
    working_day,
)
from .copies import CopyFinder, CopyLink, sign
from .regrouping import EVERY, WINDOW, Member, Regrouping, regroup

if TYPE_CHECKING:
    from datasketch import LeanMinHash


@dataclass(frozen=True, slots=True)
class Arrival:
    """What grouping reads of one article: its text (for copies), its working date, its
    names (``entities``; with their mentions in ``names``,
    ``clustering.mentions_of_entities``) and its lead vector (unit; empty when it was not
    annotated)."""

    id: str
    text: str
    day: date | None  # its working day (``clustering.working_day``)
    entities: frozenset[str]
    lead: np.ndarray
    names: Mapping[str, int] = field(default_factory=dict)  # name key -> mentions


def arrival_of(article: Article, sentence_vectors: Iterable[np.ndarray]) -> Arrival:
    """The arrival of an annotated article (``sentence_vectors``: its sentences' vectors in
    text order; the lead ones are used)."""
    names = mentions_of_entities(s.attrs for s in article.spans_of(Label.ENTITY))
    return Arrival(article.id, article.text, working_day(article), frozenset(names),
                   lead_vector(article, sentence_vectors), names)


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one article went. ``story``: its story's id; ``started``: it started it;
    ``score``: its fit with the story; ``merged``: stories merged into it on the way (their
    ids are aliases now). ``copy_of``: the original it copies (with ``similarity``, the
    share of its sentences the original has), else None; ``relinked``: copies that now
    point to this article, older than the version they were linked to. ``signed``: its
    MinHash (None for a text too short to be a copy), for the store to keep."""

    article: str
    story: str
    started: bool
    score: float
    merged: tuple[str, ...] = ()
    copy_of: str | None = None
    similarity: float | None = None
    relinked: tuple[CopyLink, ...] = ()
    signed: LeanMinHash | None = None


class Grouper:
    """Copies and stories over a stream (see the module's docstring)."""

    def __init__(self, index: StoryIndex | None = None, copies: CopyFinder | None = None,
                 story_of: dict[str, str] | None = None, *, remember: bool = True) -> None:
        self.index = index if index is not None else StoryIndex()
        self.copies = copies if copies is not None else CopyFinder()
        self.story_of = story_of if story_of is not None else {}  # article -> story, as placed
        # what regrouping reads of each article; a store (``store.grouped``) keeps it in its
        # tables and regroups from there (``remember=False``: nothing kept, never regrouped)
        self.remember = remember
        self.members: dict[str, Member] = {}
        self.regroup_every = EVERY if remember else 0  # after this many placements; 0: never
        self.regroup_settings: dict[str, float] = {}  # join, attach...: regrouping's own

    def story(self, article_id: str) -> str:
        """The story the article is in now (after every merge)."""
        return self.index.resolve(self.story_of[article_id])

    def add(self, arrival: Arrival, *, order: int) -> Placement:
        """Place the article that arrives ``order``-th (ingest order)."""
        signed = sign(arrival.text)
        day = arrival.day.isoformat() if arrival.day else None
        links = self.copies.add(arrival.id, arrival.text, date=day, order=order, signed=signed)
        mine = next((k for k in links if k.copy == arrival.id), None)
        # a copy, or the older original of copies seen before: into the other's story
        other = mine.original if mine else (links[0].copy if links else None)
        profile = Profile(arrival.id, arrival.lead, arrival.entities, arrival.day)
        placed = self.index.add(profile, into=self.story(other) if other else None)
        self.story_of[arrival.id] = placed.story
        if self.remember:
            self.members[arrival.id] = Member(
                arrival.id, self.index.seen - 1, placed.story, arrival.lead,
                arrival.names or dict.fromkeys(arrival.entities, 1),
                word_weights(arrival.text), arrival.day, mine.original if mine else None)
            if self.regroup_every and self.index.seen % self.regroup_every == 0:
                self.regroup()
        return Placement(arrival.id, self.story(arrival.id), placed.started, placed.score,
                         placed.merged, mine.original if mine else None,
                         mine.similarity if mine else None,
                         tuple(k for k in links if k.copy != arrival.id), signed)

    def add_all(self, arrivals: Sequence[Arrival]) -> list[Placement]:
        """Place each arrival in the order given (after those placed before)."""
        start = self.index.seen
        return [self.add(a, order=start + i) for i, a in enumerate(arrivals)]

    def regroup(self, window: int = WINDOW) -> Regrouping:
        """Group the stories touched over the last ``window`` placements again, all at once
        (``regrouping``): the articles that move, the stories merged and split."""
        since = self.index.seen - window
        touched = {self.story(m.id) for m in self.members.values() if m.n >= since}
        members = [m for m in self.members.values() if self.story(m.id) in touched]
        members = [Member(m.id, m.n, self.story(m.id), m.lead, m.names, m.words, m.day,
                          m.copy_of) for m in members]
        created = {s: self.index.stories[s].created for s in touched}
        taken = (set(self.index.stories) | set(self.index.aliases)) - touched
        out = regroup(members, created=created, taken=taken, **self.regroup_settings)
        if not out.story_of and not out.merged:
            return out
        for article, story in out.story_of.items():
            self.story_of[article] = story
        for alias, into in out.merged:
            self.index.retire(alias, into)
        by_story: dict[str, list[Member]] = {}
        for m in sorted(members, key=lambda m: m.n):
            by_story.setdefault(self.story_of[m.id], []).append(m)
        for story in out.changed | set(out.started):
            held = by_story.get(story, [])
            self.index.rebuild(story, [Profile(m.id, m.lead, frozenset(m.names), m.day)
                                       for m in held],
                               created.get(story, min((m.n for m in held), default=0)))
        return out
