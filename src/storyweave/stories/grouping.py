"""One pass over a stream of articles: each is first checked for being a copy of one seen
before (``copies.CopyFinder``), then placed in a story (``clustering.StoryIndex``). A copy
goes into its original's story and is marked as a copy there: it is one more place the
report appeared, never one more source.

``Grouper`` holds both indexes and knows each article's story; ``Arrival`` is what it reads
of an article. The store
(``store.grouped``) keeps the state between runs and takes it up again, so that articles
ingested in several runs are placed as if in one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from ..labels import Label
from ..model import Article
from .clustering import Profile, StoryIndex, keys_of_entities, lead_vector, working_day
from .copies import CopyFinder, CopyLink, sign

if TYPE_CHECKING:
    from datasketch import LeanMinHash


@dataclass(frozen=True, slots=True)
class Arrival:
    """What grouping reads of one article: its text (for copies), its working date, its
    names (``clustering.keys_of_entities``) and its lead vector (unit; empty when it was not
    annotated)."""

    id: str
    text: str
    day: date | None  # its working day (``clustering.working_day``)
    entities: frozenset[str]
    lead: np.ndarray


def arrival_of(article: Article, sentence_vectors: Iterable[np.ndarray]) -> Arrival:
    """The arrival of an annotated article (``sentence_vectors``: its sentences' vectors in
    text order; the lead ones are used)."""
    return Arrival(article.id, article.text, working_day(article),
                   keys_of_entities(s.attrs for s in article.spans_of(Label.ENTITY)),
                   lead_vector(article, sentence_vectors))


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
                 story_of: dict[str, str] | None = None) -> None:
        self.index = index if index is not None else StoryIndex()
        self.copies = copies if copies is not None else CopyFinder()
        self.story_of = story_of if story_of is not None else {}  # article -> story, as placed

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
        return Placement(arrival.id, placed.story, placed.started, placed.score,
                         placed.merged, mine.original if mine else None,
                         mine.similarity if mine else None,
                         tuple(k for k in links if k.copy != arrival.id), signed)

    def add_all(self, arrivals: Sequence[Arrival]) -> list[Placement]:
        """Place each arrival in the order given (after those placed before)."""
        start = self.index.seen
        return [self.add(a, order=start + i) for i, a in enumerate(arrivals)]
