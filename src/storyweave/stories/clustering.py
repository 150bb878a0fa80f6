"""Stories from a stream: each new article joins the story it best fits, or starts one.

What an article is to clustering (:class:`Profile`): the mean MiniLM vector of its lead
sentences (the lead tells the event; later paragraphs drift into background that other
events share), its named entities reduced to a canonical key (a person by surname: "Xi
Jinping", "President Xi" and "Xi" are one), and its working date.

How well it fits a story: ``VECTOR_WEIGHT`` times the cosine of its vector with the
story's centroid, plus ``ENTITY_WEIGHT`` times how much of its names the story carries (each
name weighted by its idf over the articles seen, and counted by the share of the story's
articles that name it: like the centroid, a story's names are an average, so that a story
that has named everyone once does not draw every later report), plus ``WORD_WEIGHT`` times
the cosine of their words' TF-IDF vectors (the fit gives it no weight). Embeddings alone
put two earthquakes of one week, or a December video call and a March state visit of the
same two leaders, close together; the places and the people a report names, and the days,
tell them apart. It joins the best story scoring at least ``JOIN``; a story whose last
report is more than ``WINDOW_DAYS`` older than the article's date is not a candidate
(stories are indexed by their last day; reports without dates are compared with the
``MAX_OPEN`` stories touched last), so the cost of adding an article is bounded by the
stories open around its date, not by the size of the store.

Ids are stable: a story's id is made from its first article's id and never changes; when an
article fits two stories at ``MERGE`` or more, the younger story is merged into the older,
whose id it keeps, and the younger id stays as an alias. Weights and thresholds are fitted on
ECB+ dev (``bench/stories_cluster.py``; each topic holds two events of one kind).
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from ..labels import Label
from ..model import Article
from ..nlp.annotation import LEAD_SENTENCES  # the sentences whose vectors make the lead's

# Fitted together by grid on half of ECB+ dev's topics (bench/stories_cluster.py); the fit
# gave the words no weight beside the lead vector and the entities.
ENTITY_WEIGHT = 0.6
WORD_WEIGHT = 0.0  # the weight of the words' (TF-IDF) cosine beside the embeddings'
VECTOR_WEIGHT = 0.5
JOIN = 0.385
SHORTLIST = 24  # stories scored in full: those nearest by embedding
MERGE = 0.85  # an article this close to two stories makes them one (not fitted)
WINDOW_DAYS = 7  # a story more than this older than a dated report is no candidate
MAX_OPEN = 5000  # undated reports are compared with this many most recent stories at most
# entity types that name who and where (dates, numbers and quantities say nothing of which
# event it is: every report has a "Monday")
NAME_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT",
                        "WORK_OF_ART", "LAW"})


@dataclass(slots=True)
class Profile:
    """What clustering reads of one article."""

    id: str
    vector: np.ndarray  # unit
    entities: frozenset[str]
    day: date | None = None
    words: dict[str, float] = field(default_factory=dict)  # word -> 1 + log(count)


@dataclass(slots=True)
class Story:
    """A story as the index holds it: its members in the order they joined, the sum of their
    vectors, how often each entity is named, the days it spans."""

    id: str
    members: list[str] = field(default_factory=list)
    total: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    entities: Counter[str] = field(default_factory=Counter)
    first: date | None = None
    last: date | None = None
    words: Counter[str] = field(default_factory=Counter)  # summed word weights
    norm: float = 0.0  # of the words' TF-IDF vector, as of the last article that joined
    created: int = 0  # articles seen when it started: its age, which decides merges
    size: int = 0  # articles in it

    @property
    def centroid(self) -> np.ndarray:
        n = float(np.linalg.norm(self.total))
        return self.total / n if n else self.total


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one article went: ``story`` (its id), whether it ``started`` it, its ``score``
    against it, and the stories ``merged`` into it on the way (their ids are aliases now)."""

    article: str
    story: str
    started: bool
    score: float
    merged: tuple[str, ...] = ()


def story_id(first_article: str) -> str:
    return "s" + hashlib.sha1(first_article.encode("utf-8")).hexdigest()[:10]


def name_mentions(article: Article) -> dict[str, int]:
    """How often the article names each of its names (one key each: a person by surname):
    the report's main actors are named again and again, people in its background once."""
    return mentions_of_entities(s.attrs for s in article.spans_of(Label.ENTITY))


def mentions_of_entities(attrs: Iterable[Mapping[str, object]]) -> dict[str, int]:
    """Each name's key, from entity spans' attributes (``type``, canonical ``key``; a person
    by surname), and how many entity spans name it."""
    out: Counter[str] = Counter()
    for a in attrs:
        kind, key = a.get("type"), a.get("key")
        if kind not in NAME_TYPES or not isinstance(key, str) or not key:
            continue
        out[f"{kind}:{key.split()[-1] if kind == 'PERSON' else key}"] += 1
    return dict(out)


# words, not figures: a figure says little of which event a report is about ("2", "10",
# "2013" are in every other one), and with them the fit's threshold held worse on the other
# half of ECB+ dev
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_STOP = frozenset("""a an the and or but of to in on at for with by from as is was were are be
been being has have had it its this that these those he she they his her their them we our
you your i me my said says say will would could should can may might must also not no than
then there here who whom which what when where why how after before about over into more
most up out one two other some any all just only very so such if while during""".split())


def word_weights(text: str) -> dict[str, float]:
    """1 + log(count) of each word of ``text`` (lower-cased; stop words, one-letter words and
    figures left out): what the words' TF-IDF cosine compares."""
    counts = Counter(w for w in (m.group().lower() for m in _WORD.finditer(text))
                     if len(w) > 1 and w not in _STOP)
    return {w: 1.0 + math.log(c) for w, c in counts.items()}


def working_day(article: Article) -> date | None:
    """The article's publication day, when its metadata has one and its own text does not
    contradict it (a page printing a date a year off its content would otherwise be kept
    out of its story by the window): the time stage's check (``weaving.chronology``)."""
    from ..model import DateVerdict
    from ..weaving.chronology.dating import date_articles

    value = article.published
    try:
        day = date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
    if day is None:
        return None
    _, (checked,) = date_articles([article])
    if any(c.verdict == DateVerdict.CONTRADICTED and c.value == day.isoformat()
           for c in checked.candidates):
        return None
    return day


def lead_vector(article: Article, vectors: Iterable[np.ndarray]) -> np.ndarray:
    """The mean of the first ``LEAD_SENTENCES`` sentence vectors (given in text order)."""
    rows = [v for _, v in zip(range(LEAD_SENTENCES), vectors, strict=False)]
    if not rows:
        return np.zeros(0, np.float32)
    mean = np.mean(rows, axis=0)
    n = float(np.linalg.norm(mean))
    return (mean / n if n else mean).astype(np.float32)


class StoryIndex:
    """The open stories and how articles join them (see the module's docstring)."""

    def __init__(self, *, join: float = JOIN, merge: float = MERGE,
                 entity_weight: float = ENTITY_WEIGHT, word_weight: float = WORD_WEIGHT,
                 vector_weight: float = VECTOR_WEIGHT, window_days: int = WINDOW_DAYS,
                 max_open: int = MAX_OPEN) -> None:
        self.join, self.merge, self.entity_weight = join, merge, entity_weight
        self.word_weight, self.vector_weight = word_weight, vector_weight
        self.word_df: Counter[str] = Counter()
        self.window, self.max_open = window_days, max_open
        self.stories: OrderedDict[str, Story] = OrderedDict()  # least recently touched first
        self.undated: OrderedDict[str, Story] = OrderedDict()  # those with no day, likewise
        self.by_last: dict[date, set[str]] = {}  # the dated ones by their last day
        self.aliases: dict[str, str] = {}
        self.entity_df: Counter[str] = Counter()
        self.seen = 0

    def resolve(self, story: str) -> str:
        """The id a story has now (a merged story's id leads to the one it joined)."""
        while story in self.aliases:
            story = self.aliases[story]
        return story

    def restore(self, stories: Iterable[Story], aliases: Mapping[str, str],
                entity_df: Mapping[str, int], seen: int) -> None:
        """Take up the state a store kept (``stories`` least recently touched first): the
        index then places the next article as if it had never stopped."""
        for s in stories:
            self.stories[s.id] = s
            last, s.last = s.last, None
            self._place(s, last)
        self.aliases.update(aliases)
        self.entity_df.update(entity_df)
        self.seen = seen

    def add(self, p: Profile, *, into: str | None = None) -> Assignment:
        """Place the article: in the story it fits best, or a new one; ``into`` puts it in
        that story (a copy goes where its original is) without scoring."""
        if into is not None:
            into = self.resolve(into)
            score = self.score(p, self.stories[into])
            self._count(p)
            self._join(self.stories[into], p)
            return Assignment(p.id, into, False, round(score, 4))
        scored = sorted(((self.score(p, s), s.id) for s in self._shortlist(p)), reverse=True)
        self._count(p)
        if not scored or scored[0][0] < self.join:
            s = Story(story_id(p.id), created=self.seen)
            while s.id in self.stories or s.id in self.aliases:  # one article's id twice
                s.id = story_id(s.id)
            self.stories[s.id] = s
            self._join(s, p)
            return Assignment(p.id, s.id, True, round(scored[0][0], 4) if scored else 0.0)
        best_score, best = scored[0]
        merged = [sid for sc, sid in scored[1:] if sc >= self.merge] if best_score >= \
            self.merge else []
        keep = min([best, *merged], key=lambda sid: self.stories[sid].created)
        for sid in [best, *merged]:
            if sid != keep:
                self._merge(sid, keep)
        self._join(self.stories[keep], p)
        return Assignment(p.id, keep, False, round(best_score, 4),
                          tuple(sid for sid in [best, *merged] if sid != keep))

    def _count(self, p: Profile) -> None:
        self.seen += 1
        self.entity_df.update(p.entities)
        self.word_df.update(p.words)

    def score(self, p: Profile, s: Story) -> float:
        """How well the article fits the story (see the module's docstring)."""
        cos = float(np.dot(p.vector, s.centroid)) if len(s.total) and len(p.vector) else 0.0
        out = self.vector_weight * cos
        if self.word_weight:  # the fitted settings give the words no weight: not computed
            out += self.word_weight * self._word_cosine(p, s)
        if not p.entities:
            return out
        # each name counts by the share of the story's articles that name it: a story that
        # once named everyone (a long day of politics) must not draw every later report
        weight = {e: self._idf(self.entity_df, e) for e in p.entities}
        total, size = sum(weight.values()), max(s.size, 1)
        shared = sum(w * min(1.0, s.entities[e] / size) for e, w in weight.items())
        return out + self.entity_weight * (shared / total if total else 0.0)

    def _idf(self, df: Counter[str], key: str) -> float:
        return math.log((1 + self.seen) / (1 + df[key])) + 1.0

    def _word_cosine(self, p: Profile, s: Story) -> float:
        if not p.words or not s.norm:
            return 0.0
        idf = {w: self._idf(self.word_df, w) for w in p.words}
        dot = sum(x * idf[w] * s.words[w] * idf[w] for w, x in p.words.items() if w in s.words)
        own = math.sqrt(sum((x * idf[w]) ** 2 for w, x in p.words.items()))
        return dot / (own * s.norm) if own else 0.0

    def _shortlist(self, p: Profile) -> list[Story]:
        """The candidates nearest by embedding, ``SHORTLIST`` of them, scored in full."""
        found = self._candidates(p)
        if len(found) <= SHORTLIST or not len(p.vector):
            return found
        with_vectors = [s for s in found if len(s.total)]
        if len(with_vectors) <= SHORTLIST:
            return with_vectors
        totals = np.stack([s.total for s in with_vectors])
        sims = totals @ p.vector / np.maximum(np.linalg.norm(totals, axis=1), 1e-12)
        return [with_vectors[i] for i in np.argsort(-sims, kind="stable")[:SHORTLIST]]

    def _candidates(self, p: Profile) -> list[Story]:
        """The stories a report may join: for a dated report, those whose days reach within
        ``window`` days of its day (found through the index of stories by last day, so the
        cost does not grow with the stories before) and the undated ones among the
        ``max_open`` touched last; for an undated report, the ``max_open`` touched last."""
        undated = itertools.islice(reversed(self.undated.values()), self.max_open)
        if p.day is None:
            return list(itertools.islice(reversed(self.stories.values()), self.max_open))
        day, found = p.day, list(undated)
        for last, ids in self.by_last.items():
            if (last - day).days >= -self.window:
                found.extend(s for s in (self.stories[i] for i in sorted(ids))
                             if (last - day).days <= self.window
                             or (s.first is not None and s.first <= day))
        return found

    def _place(self, s: Story, last: date | None) -> None:
        """Keep the story under its last day (or among the undated ones)."""
        if s.last is not None:
            self.by_last[s.last].discard(s.id)
            if not self.by_last[s.last]:
                del self.by_last[s.last]
        else:
            self.undated.pop(s.id, None)
        s.last = last
        if last is None:
            self.undated[s.id] = s
        else:
            self.by_last.setdefault(last, set()).add(s.id)

    def _join(self, s: Story, p: Profile) -> None:
        s.members.append(p.id)
        s.size += 1
        s.total = p.vector.copy() if not len(s.total) else s.total + p.vector
        s.entities.update(p.entities)
        s.words.update(p.words)
        self._renorm(s)
        if p.day is not None:
            s.first = p.day if s.first is None else min(s.first, p.day)
            self._place(s, p.day if s.last is None else max(s.last, p.day))
        elif s.id not in self.undated and s.last is None:
            self.undated[s.id] = s
        if s.id in self.undated:
            self.undated.move_to_end(s.id)
        self.stories.move_to_end(s.id)

    def _renorm(self, s: Story) -> None:
        """The norm of the story's TF-IDF vector with today's idf (kept until it changes)."""
        if not self.word_weight:
            return
        s.norm = math.sqrt(sum((x * self._idf(self.word_df, w)) ** 2
                               for w, x in s.words.items()))

    def rebuild(self, story: str, profiles: Sequence[Profile], created: int) -> None:
        """Make ``story`` hold exactly ``profiles`` (in their order), as regrouping decided;
        a story it did not have is started."""
        self._drop(story)
        fresh = Story(story, created=created)
        self.stories[story] = fresh
        for p in profiles:
            self._join(fresh, p)

    def put(self, story: Story) -> None:
        """Hold ``story`` as given, in place of the story of its id (one a store regrouped,
        read back), as touched last."""
        self._drop(story.id)
        self.stories[story.id] = story
        last, story.last = story.last, None
        self._place(story, last)

    def retire(self, story: str, into: str) -> None:
        """``story`` went into ``into`` when regrouped: its id becomes an alias."""
        self._drop(story)
        self.aliases[story] = into

    def _drop(self, story: str) -> None:
        """Forget the story of this id (and its place by day), if the index holds it."""
        s = self.stories.pop(story, None)
        if s is not None:
            self._place(s, None)
            self.undated.pop(story, None)

    def _merge(self, young: str, old: str) -> None:
        y, o = self.stories.pop(young), self.stories[old]
        o.members.extend(y.members)
        o.size += y.size
        o.total = o.total + y.total if len(o.total) else y.total
        o.entities.update(y.entities)
        o.words.update(y.words)
        self._renorm(o)
        days = [d for d in (o.first, o.last, y.first, y.last) if d is not None]
        self._place(y, None)
        self.undated.pop(young, None)
        o.first = min(days) if days else None
        self._place(o, max(days) if days else None)
        self.aliases[young] = old


def partition(profiles: Iterable[Profile], **settings: float) -> tuple[dict[str, str],
                                                                          StoryIndex]:
    """Each profile's story id (after every merge), adding them in the order given."""
    index = StoryIndex(**settings)  # type: ignore[arg-type]
    placed = {p.id: index.add(p).story for p in profiles}
    return {a: index.resolve(s) for a, s in placed.items()}, index
