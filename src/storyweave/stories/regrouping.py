"""Regrouping the recent stories all at once: what the stream's one-at-a-time placement got
wrong is mended, merges and splits alike, and the stories keep their ids.

Placing each article as it arrives (``clustering.StoryIndex``) decides with what has come so
far: a report whose lead is background starts a story of its own, and an early report may
pull a story towards the wrong event. So the recent articles (those of the stories touched
over the last ``WINDOW`` placements, with every article of those stories) are grouped again
together: average linkage over how alike each two of them are, cut where the average
falls under ``JOIN``. Average linkage joins two groups when their articles are alike on
average, not when one pair is (single linkage chains two earthquakes through one report
that names both), and it does not depend on the order the articles came in.

How alike two articles are (:func:`likeness`): the cosine of their TF-IDF vectors of words
and names together (a name weighted by ``1 + log(mentions)``, like a word by its count: an
actor named ten times outweighs a name dropped once, so "Chargers receiver Jackson" and
"Chargers lineman Williams" are two arrests; idf over the articles regrouped), beside the
cosine of their lead vectors (MiniLM, the mean of the first sentences; the fit gave it no
weight),
times how close their days are: two reports ``WINDOW_DAYS`` apart or less count in full;
further apart, less, down to nothing at ``FAR_DAYS`` (two visits of one minister a month
apart are two events). And times ``ACTOR_APART`` when the two are about different people or
things: each has a main actor (:func:`main_actor`: the name of a person, a ship, a company
it names most, twice or more, ahead of any other) and one of them never names the
other's. Two drunk-driving arrests of Chargers players, a receiver's and a lineman's two
months apart, share nearly every word but the names, and most reports of the first carry
no date; so do two Indian navy ships' fights with pirates three years apart, "INS Mysore"'s
and "INS Sukanya"'s; two reports of one visit, one about Xi and one about Putin, each name
both. An undated report takes the middle day of the dated
reports of the story it was placed in (its placement's guess); one in a story of undated
reports is close to every day.

Copies (``copies``) are not regrouped: each stays with its original.

Ids (:func:`name_groups`): each new group takes the id of the old story it shares most
articles with (the older story first on a tie), each old id going to one group at most. A
group that takes no old id is a new story (an id made from its first article). An old story
whose articles all went to groups of other ids is merged into the group holding most of them
(its id becomes an alias); one whose articles went to several groups is split, and the
groups that did not keep its id are recorded as split from it.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np

from .clustering import WINDOW_DAYS, story_id

WINDOW = 2000  # placements: the stories touched over the last this many are regrouped
EVERY = 1000  # a stream is regrouped after this many placements (and at the end of a run)
# The weights are set, not fitted: fitting them too on 8 events picked another corner on each
# half of ECB+ dev, each worse on the other half (bench/README.md, "Regrouping").
LEAD_WEIGHT = 0.0  # the lead vectors' cosine beside the words' and names' (weight 1)
NAME_WEIGHT = 1.0  # a name's weight in the words' TF-IDF vector: one more word
# The average likeness that joins, with ATTACH, ACTOR_APART and ACTOR_MENTIONS: fitted
# together on all of ECB+ dev's 16 events with 2,000 Multi-News documents by
# bench/stories_cluster.py, which reports how the same fit on one half of the events holds
# on the other (two-fold)
JOIN = 0.175
ATTACH = 0.1  # a report left alone joins the group it is this alike to on average
FAR_DAYS = 14  # two reports this many days apart (or more) are not alike at all
# What two reports about different people keep of their likeness, and how often a main actor
# is named at least (fitted among 1.0, 0.7, 0.5 or 0.3, and 2 or 3)
ACTOR_APART = 0.5
ACTOR_MENTIONS = 2


@dataclass(frozen=True, slots=True)
class Member:
    """One article as regrouping reads it."""

    id: str
    n: int  # grouping order: when it was placed
    story: str  # its story now
    lead: np.ndarray  # unit, or empty when it was not annotated
    names: Mapping[str, int]  # name key -> mentions
    words: Mapping[str, float]  # word -> 1 + log(count) (``clustering.word_weights``)
    day: date | None = None
    copy_of: str | None = None  # the original it copies (stays in its story)


@dataclass(slots=True)
class Regrouping:
    """What regrouping changed. ``story_of``: the new story of each article that moved;
    ``merged``: (alias, story) for each old id that went into another story; ``split``:
    (story, new story) for each part split from a story; ``started``: the new ids;
    ``left``: the stories articles moved out of."""

    story_of: dict[str, str] = field(default_factory=dict)
    merged: list[tuple[str, str]] = field(default_factory=list)
    split: list[tuple[str, str]] = field(default_factory=list)
    started: list[str] = field(default_factory=list)
    left: set[str] = field(default_factory=set)

    @property
    def changed(self) -> set[str]:
        """The stories whose articles changed, those that lost some included (a story whose
        dated reports went to another keeps none of their days; those merged away not
        included)."""
        gone = {alias for alias, _ in self.merged}
        return (set(self.story_of.values()) | {s for s, _ in self.split} | self.left) - gone


def likeness(members: Sequence[Member], *, lead_weight: float = LEAD_WEIGHT,
             name_weight: float = NAME_WEIGHT, actor_apart: float = ACTOR_APART,
             actor_mentions: float = ACTOR_MENTIONS) -> np.ndarray:
    """How alike each two members are (a square matrix, 1 on the diagonal; see the
    module's docstring)."""
    n = len(members)
    text: list[Mapping[str, float]] = []
    for m in members:  # the words and the names, in one TF-IDF space
        terms = dict(m.words)
        for key, count in m.names.items():
            if count > 0:
                terms["\x00" + key] = name_weight * (1.0 + math.log(count))
        text.append(terms)
    out = _cosines(text)
    if lead_weight:
        width = max((len(m.lead) for m in members), default=0)
        leads = np.zeros((n, width), np.float32)
        for i, m in enumerate(members):
            if len(m.lead) == width:
                leads[i] = m.lead
        out += lead_weight * (leads @ leads.T)
        out /= 1.0 + lead_weight
    days = [m.day for m in members]
    if any(d is not None for d in days):
        out *= _closeness(days)
    if actor_apart < 1.0:
        out *= _actors_apart(members, actor_apart, actor_mentions)
    np.fill_diagonal(out, 1.0)
    return out


# What a report can be about: a person, and also a ship, a company or an event, which NER
# tags as it pleases ("INS Mysore" a product or a person, "Sukanya" a place or a person);
# places and nationalities are where it happens and who is involved, named by any report
ACTOR_LABELS = frozenset({"PERSON", "PRODUCT", "FAC", "ORG", "WORK_OF_ART", "EVENT"})


def main_actor(names: Mapping[str, int], least: float = ACTOR_MENTIONS) -> str | None:
    """Who or what a report is about: the last word of the name it names most (of a
    person, a ship, a company: ``ACTOR_LABELS``), at least ``least`` times and more than any
    other (None when nothing stands out)."""
    counts = Counter[str]()
    for key, n in names.items():
        label, _, name = key.partition(":")
        if label in ACTOR_LABELS and name:
            counts[name.split()[-1]] += n
    top = counts.most_common(2)
    if not top or top[0][1] < least or (len(top) > 1 and top[1][1] == top[0][1]):
        return None
    return top[0][0]


def _surnames(names: Mapping[str, int]) -> set[str]:
    """Every name's last word, whatever the parse called it ("ORG:cheeks" is Cheeks too)."""
    return {key.partition(":")[2].split()[-1] for key in names if key.partition(":")[2]}


def _actors_apart(members: Sequence[Member], apart: float, least: float) -> np.ndarray:
    """``apart`` for two reports that each have a main actor when one of them never names
    the other's (a Chargers receiver's arrest, a lineman's), 1 otherwise."""
    actors = [main_actor(m.names, least) for m in members]
    column: dict[str, int] = {}
    named = [[column.setdefault(x, len(column)) for x in _surnames(m.names)] for m in members]
    names = np.zeros((len(members), max(len(column), 1)), dtype=bool)  # report x surname
    for i, cols in enumerate(named):
        names[i, cols] = True
    has = np.array([a is not None for a in actors])
    out = np.ones((len(members), len(members)), np.float32)
    rows = np.flatnonzero(has)
    if len(rows):
        # report i's actor is never named by report j, and j has an actor of its own
        theirs = np.array([column[a] for a in actors if a is not None], dtype=np.intp)
        unnamed = ~names[:, theirs].T & has[None, :]
        out[rows] = np.where(unnamed, np.float32(apart), out[rows])
    return np.minimum(out, out.T)


def _cosines(weights: list[Mapping[str, float]]) -> np.ndarray:
    """The cosines of TF-IDF vectors (``weights``: each one's term frequencies; idf over
    these documents, smoothed)."""
    from scipy.sparse import csr_matrix

    df: Counter[str] = Counter()
    for w in weights:
        df.update(w.keys())
    column = {term: k for k, term in enumerate(df)}
    n = len(weights)
    idf = {term: math.log((1 + n) / (1 + c)) + 1.0 for term, c in df.items()}
    rows, cols, values = [], [], []
    for r, w in enumerate(weights):
        vector = {column[t]: x * idf[t] for t, x in w.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        for c, v in vector.items():
            rows.append(r)
            cols.append(c)
            values.append(v / norm)
    matrix = csr_matrix((values, (rows, cols)), shape=(n, max(len(column), 1)),
                        dtype=np.float32)
    return (matrix @ matrix.T).toarray()  # float32: a window of 2,000 articles is 16 MB


def _closeness(days: Sequence[date | None]) -> np.ndarray:
    """1 for two days ``WINDOW_DAYS`` apart or less (or an undated report), falling to 0 at
    ``FAR_DAYS``."""
    ordinal = np.array([d.toordinal() if d else 0 for d in days], np.float32)
    dated = np.array([d is not None for d in days])
    factor = np.abs(ordinal[:, None] - ordinal[None, :])  # days apart
    factor -= WINDOW_DAYS
    factor /= -(FAR_DAYS - WINDOW_DAYS)
    factor += 1.0
    np.clip(factor, 0.0, 1.0, out=factor)
    factor[~(dated[:, None] & dated[None, :])] = 1.0
    return factor


def groups_of(members: Sequence[Member], *, join: float = JOIN, attach: float = ATTACH,
              **weights: float) -> list[list[int]]:
    """The members (their indexes) grouped by average linkage over :func:`likeness`, cut
    at an average of ``join``, then each report left alone joined to the group it is most
    alike on average, if that is ``attach`` or more; each group in order of its first
    member."""
    if len(members) < 2:
        return [[i] for i in range(len(members))]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = likeness(members, **weights)  # symmetric: its cosines and days are
    np.subtract(1.0, distance, out=distance)
    np.clip(distance, 0.0, None, out=distance)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False).astype(np.float64), "average")
    labels = fcluster(tree, t=1.0 - join, criterion="distance")
    by_label: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        by_label[int(label)].append(i)
    return sorted(_attached(list(by_label.values()), distance, attach), key=lambda g: g[0])


def _attached(groups: list[list[int]], distance: np.ndarray, attach: float) -> list[list[int]]:
    """Each report alone joined to the group of two or more it is most alike on average,
    when that average is ``attach`` or more. A report alone has no likeness of its own to
    weigh against: average linkage asks it to be as alike to a whole story as the story's
    reports are to each other, and a report that tells the event among background falls
    short (each on its own: the order of the reports does not matter)."""
    from scipy.sparse import csr_matrix

    several = [g for g in groups if len(g) > 1]
    alone = [g[0] for g in groups if len(g) == 1]
    if not several or not alone:
        return groups
    # each group's column: 1/size on its members, so that rows times it are mean likenesses
    rows = [i for g in several for i in g]
    cols = [k for k, g in enumerate(several) for _ in g]
    share = [1.0 / len(g) for g in several for _ in g]
    mean_of = csr_matrix((share, (rows, cols)), shape=(len(distance), len(several)),
                         dtype=np.float32)
    alike = 1.0 - np.asarray((mean_of.T @ distance[alone].T).T)  # (alone, groups)
    best = np.argmax(alike, axis=1)
    out = [list(g) for g in several]
    for row, (i, k) in enumerate(zip(alone, best, strict=True)):
        if alike[row, k] >= attach:
            out[k].append(i)
        else:
            out.append([i])
    return [sorted(g) for g in out]


def regroup(members: Sequence[Member], *, created: Mapping[str, int],
            taken: set[str] | frozenset[str] = frozenset(), join: float = JOIN,
            attach: float = ATTACH, **weights: float) -> Regrouping:
    """Group ``members`` again (see the module's docstring). ``created``: each of their
    stories' age (the order it started: the lower, the older); ``taken``: ids a new story
    must not take (stories and aliases outside these members)."""
    originals = [m for m in members if m.copy_of is None]
    middle = _middle_days(members)
    ordered = [m if m.day is not None or m.story not in middle else replace(
        m, day=middle[m.story]) for m in sorted(originals, key=lambda m: m.n)]
    groups = [[ordered[i] for i in g]
              for g in groups_of(ordered, join=join, attach=attach, **weights)]
    out = Regrouping()
    names = name_groups(groups, created, set(taken) | set(created))
    new_story = {m.id: names[k] for k, g in enumerate(groups) for m in g}
    for m in members:  # a copy goes where its original went
        story = new_story.get(m.copy_of, m.story) if m.copy_of else new_story[m.id]
        if story != m.story:
            out.story_of[m.id] = story
            out.left.add(m.story)
    kept = set(names)
    out.started = [s for s in names if s not in created]
    went: dict[str, Counter[str]] = defaultdict(Counter)  # old story -> new stories
    for m in originals:
        went[m.story][new_story[m.id]] += 1
    for old, where in sorted(went.items()):
        if old not in kept:
            out.merged.append((old, where.most_common(1)[0][0]))
        for new in sorted(where):
            if new != old and new in out.started:
                out.split.append((old, new))
    return out


def _middle_days(members: Sequence[Member]) -> dict[str, date]:
    """Each story's middle day among its dated reports: what an undated report of it is
    taken to be (the best guess there is of when it was written, and the one its placement
    made: an undated report of a March visit is not close to a December call)."""
    days: dict[str, list[date]] = defaultdict(list)
    for m in members:
        if m.day is not None:
            days[m.story].append(m.day)
    return {story: sorted(d)[len(d) // 2] for story, d in days.items()}


def name_groups(groups: Sequence[Sequence[Member]], created: Mapping[str, int],
                taken: set[str]) -> list[str]:
    """Each group's story id: an old one it shares most articles with, or a new one (see
    the module's docstring)."""
    overlap = Counter((k, m.story) for k, g in enumerate(groups) for m in g)
    out: list[str | None] = [None] * len(groups)
    used: set[str] = set()
    for (k, story), _ in sorted(overlap.items(), key=lambda kv: (
            -kv[1], created.get(kv[0][1], math.inf), kv[0][1], kv[0][0])):
        if out[k] is None and story not in used and story in created:
            out[k] = story
            used.add(story)
    for k, g in enumerate(groups):
        if out[k] is None:
            new = story_id(min(g, key=lambda m: m.n).id)
            while new in taken or new in used:  # the id of a story already seen
                new = story_id(new)
            out[k] = new
            used.add(new)
    return [s for s in out if s is not None]

