"""Stories in the store: every stored article is placed by ``stories.grouping.Grouper`` in
the transaction that writes it, and the grouper's state is kept in the store's tables
(schema version 3) so that the next run takes it up where this one stopped.

Articles are grouped in ingest order (``articles.seq``), whatever process wrote them:
``group_pending`` places every stored article that has no place yet, so a store migrated
from schema 2 or a run killed between two transactions catch up at the next write. The
state in memory is checked against the store at each transaction (the count of placed
articles): a rollback, or another process writing, makes it load again.
"""

from __future__ import annotations

import itertools
import json
import logging
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from functools import lru_cache
from typing import TypeVar

import numpy as np

from ..model import Article
from ..nlp.annotation import LEAD_SENTENCES
from ..stories.clustering import (
    Story,
    StoryIndex,
    name_mentions,
    word_weights,
    working_day,
)
from ..stories.copies import CopyFinder, Sentences, sentence_words, signature_bytes, signature_from
from ..stories.grouping import Arrival, Grouper, Placement
from ..stories.regrouping import EVERY, WINDOW, Member, Regrouping, regroup
from .rows import vector_from

log = logging.getLogger(__name__)
T = TypeVar("T")

COPY_WINDOW = 20_000  # copies are looked for among this many articles ingested last
PER_STORY = 200  # a story's latest articles regrouped (of the stories regrouped)
CHUNK = 500


class StoredGrouping:
    """The grouper of one store connection, loaded on first use and kept in step."""

    def __init__(self, db: sqlite3.Connection,
                 articles_of: Callable[[list[str]], list[Article]]) -> None:
        self.db = db
        self.articles_of = articles_of  # the stored articles of these ids, with their spans
        # StoryIndex's settings (join, merge...): its fitted defaults unless set here
        self.settings: dict[str, float] = {}
        self.grouper: Grouper | None = None
        self.regroup_settings: dict[str, float] = {}  # regrouping's: its fitted defaults
        self.words: dict[int, dict[str, float]] = {}  # article seq -> its word weights
        self.seq_of: dict[str, int] = {}

    def group_pending(self, run: int | None = None) -> list[Placement]:
        """Place every stored article without a story, in ingest order. Call inside the
        write transaction (what it writes belongs with the articles)."""
        # articles and their places are written in one transaction, in ingest order: the
        # articles without a place are those after the last placed one (all of them in a
        # store made before stories); a range of the primary key, not a scan
        pending = self.db.execute(
            "SELECT a.seq, a.id, a.text, a.published FROM articles a WHERE a.seq > "
            "coalesce((SELECT max(article) FROM members), 0) ORDER BY a.seq").fetchall()
        if not pending:
            return []
        grouper = self._grouper()
        out = []
        for chunk in _chunks(pending):
            leads = self._leads([r[0] for r in chunk])
            articles = self.articles_of([r[1] for r in chunk])
            for (seq, article_id, _, _), article in zip(chunk, articles, strict=True):
                lead = leads.get(seq, np.zeros(0, np.float32))
                names = name_mentions(article)
                arrival = Arrival(article_id, article.text, working_day(article),
                                  frozenset(names), lead, names)
                self.seq_of[article_id] = seq
                placed = grouper.add(arrival, order=seq)
                self._keep(placed, arrival, seq, grouper, run)
                out.append(placed)
        seen = grouper.index.seen
        if seen // EVERY != (seen - len(out)) // EVERY:  # another EVERY placements
            self.regroup(run)
        return out

    def regroup(self, run: int | None = None) -> Regrouping:
        """Group the stories touched over the last ``WINDOW`` placements again, all at once
        (``stories.regrouping``), and keep what changed: the articles that moved, the stories
        merged (their ids aliases) and split (``story_events``). Call inside the write
        transaction."""
        seen = self.db.execute("SELECT coalesce(max(n) + 1, 0) FROM members").fetchone()[0]
        touched = [r[0] for r in self.db.execute(
            "SELECT DISTINCT story FROM members WHERE n >= ?", (seen - WINDOW,))]
        members: list[Member] = []
        seq_of: dict[str, int] = {}
        created: dict[str, int] = {}
        for chunk in _chunks(touched):
            marks = ",".join("?" * len(chunk))
            created.update(self.db.execute(
                f"SELECT id, created FROM stories WHERE id IN ({marks})", chunk))
            # a long story's latest articles only: the cost stays bounded (the older ones
            # stay where they are, or follow their story's id if it is merged)
            for article_id, seq, n, story, lead, names, day, original in self.db.execute(
                    "SELECT a.id, a.seq, r.n, r.story, r.lead, r.names, r.day, o.id FROM ("
                    "SELECT *, row_number() OVER (PARTITION BY story ORDER BY n DESC) AS k "
                    f"FROM members WHERE story IN ({marks})) r "
                    "JOIN articles a ON a.seq = r.article "
                    "LEFT JOIN articles o ON o.seq = r.copy_of WHERE r.k <= ?",
                    (*chunk, PER_STORY)):
                seq_of[article_id] = seq
                members.append(Member(article_id, n, story, _f32(lead), _names(names),
                                      self._words(seq), _day(day), original))
        taken = {r[0] for r in self.db.execute(
            "SELECT id FROM stories UNION SELECT alias FROM story_aliases")} - set(touched)
        out = regroup(members, created=created, taken=taken, **self.regroup_settings)
        if not out.story_of:
            return out
        last = max(members, key=lambda m: m.n).id  # the article after which it happened
        db = self.db
        db.executemany("UPDATE members SET story = ? WHERE article = ?",
                       ((story, seq_of[a]) for a, story in out.story_of.items()))
        for alias, into in out.merged:
            # its articles left out of the regrouping (a long story's older ones) go too
            db.execute("UPDATE members SET story = ? WHERE story = ?", (into, alias))
            db.execute("DELETE FROM stories WHERE id = ?", (alias,))
            db.execute("DELETE FROM dossiers WHERE story = ?", (alias,))
            db.execute("INSERT OR REPLACE INTO story_aliases (alias, story, n) VALUES (?, ?, ?)",
                       (alias, into, seen - 1))
            db.execute("INSERT INTO story_events (story, kind, other, article, run) VALUES "
                       "(?, 'merged', ?, ?, ?)", (into, alias, last, run))
        for story, part in out.split:
            db.execute("INSERT INTO story_events (story, kind, other, article, run) VALUES "
                       "(?, 'split', ?, ?, ?)", (story, part, last, run))
        restated = [self._restate(story, created.get(story), seen - 1)
                    for story in sorted(out.changed | set(out.started))]
        if self.grouper is not None:  # the stream's index in step, without reloading it
            index = self.grouper.index
            for alias, into in out.merged:
                index.retire(alias, into)
            for s in restated:
                if s is not None:
                    index.put(s)
            self.grouper.story_of.update(out.story_of)
        log.info("regrouped %d articles of %d stories: %d moved, %d merged, %d split",
                 len(members), len(touched), len(out.story_of), len(out.merged),
                 len(out.split))
        return out

    def _words(self, seq: int) -> dict[str, float]:
        """The article's word weights, kept while it may be regrouped again (an article is in
        about ``WINDOW / EVERY`` regroupings; its text is read and counted once)."""
        found = self.words.get(seq)
        if found is None:
            row = self.db.execute("SELECT text FROM articles WHERE seq = ?", (seq,)).fetchone()
            found = self.words[seq] = word_weights(row[0]) if row else {}
            if len(self.words) > 2 * WINDOW:  # the oldest out (insertion order)
                for old in list(itertools.islice(self.words, len(self.words) - WINDOW)):
                    del self.words[old]
        return found

    def _restate(self, story: str, created: int | None, touched: int) -> Story | None:
        """Write the story's row again from its members (after regrouping); the story as the
        stream's index holds it."""
        rows = self.db.execute("SELECT lead, names, day, n FROM members WHERE story = ?",
                               (story,)).fetchall()
        if not rows:
            return None
        leads = [v for v in (_f32(r[0]) for r in rows) if len(v)]
        vector = np.sum(leads, axis=0).astype(np.float32) if leads else np.zeros(0, np.float32)
        names: Counter[str] = Counter()
        for r in rows:
            names.update(_names(r[1]).keys())
        days = sorted(r[2] for r in rows if r[2])
        out = Story(story, total=vector, entities=names, first=_day(days[0] if days else None),
                    last=_day(days[-1] if days else None),
                    created=created if created is not None else min(r[3] for r in rows),
                    size=len(rows))
        self._write_story(out, touched, len(rows))
        return out

    def _write_story(self, s: Story, touched: int, size: int) -> None:
        """The story's row, as the index holds it (its version bumped: cached dossiers of an
        older version are woven again)."""
        self.db.execute(
            "INSERT INTO stories (id, created, touched, first, last, size, total, entities, "
            "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (id) DO UPDATE SET "
            "touched = excluded.touched, first = excluded.first, last = excluded.last, "
            "size = excluded.size, total = excluded.total, entities = excluded.entities, "
            "version = stories.version + 1",
            (s.id, s.created, touched, _iso(s.first), _iso(s.last), size,
             s.total.astype("<f4").tobytes() if len(s.total) else None,
             json.dumps(dict(s.entities), sort_keys=True)))

    # --- the state, from the store ------------------------------------------------------

    def _grouper(self) -> Grouper:
        # grouping order runs 0, 1, 2...: the next is the count, read off an index
        seen = self.db.execute("SELECT coalesce(max(n) + 1, 0) FROM members").fetchone()[0]
        if self.grouper is None or self.grouper.index.seen != seen:
            self.grouper = self._load(seen)
        return self.grouper

    def _load(self, seen: int) -> Grouper:
        index = StoryIndex(**self.settings)  # type: ignore[arg-type]
        stories = (Story(sid, total=_f32(total), entities=Counter(json.loads(names)),
                         first=_day(first), last=_day(last), created=created, size=size)
                   for sid, created, first, last, total, names, size in self.db.execute(
                       "SELECT id, created, first, last, total, entities, size FROM stories "
                       "ORDER BY touched, rowid"))
        index.restore(stories, dict(self.db.execute("SELECT alias, story FROM story_aliases")),
                      dict(self.db.execute("SELECT key, n FROM name_counts")), seen)
        copies = CopyFinder(window=COPY_WINDOW, sentences_of=self._sentences)
        self.seq_of, story_of = {}, {}
        rows = self.db.execute(
            "SELECT a.id, a.seq, m.story, m.day, o.id, m.signature, m.n >= ? "
            "FROM members m JOIN articles a ON a.seq = m.article "
            "LEFT JOIN articles o ON o.seq = m.copy_of ORDER BY m.n", (seen - COPY_WINDOW,))
        for article_id, seq, story, day, original, signature, recent in rows:
            self.seq_of[article_id], story_of[article_id] = seq, story
            copies.remember(article_id, signature_from(signature) if signature and recent
                            else None, date=day, order=seq, original=original)
        log.debug("grouping state loaded: %d articles, %d stories", seen, len(index.stories))
        return Grouper(index, copies, story_of, remember=False)  # regrouped here (regroup)

    def _leads(self, seqs: list[int]) -> dict[int, np.ndarray]:
        rows: dict[int, list[np.ndarray]] = {}
        marks = ",".join("?" * len(seqs))
        for seq, vector in self.db.execute(
                f"SELECT article, vector FROM passages WHERE kind = 'sentence' AND n < ? AND "
                f"article IN ({marks}) ORDER BY article, n", (LEAD_SENTENCES, *seqs)):
            rows.setdefault(seq, []).append(vector_from(vector))
        out = {}
        for seq, vectors in rows.items():
            mean = np.mean(vectors, axis=0)
            norm = float(np.linalg.norm(mean))
            out[seq] = (mean / norm if norm else mean).astype(np.float32)
        return out

    @lru_cache(maxsize=256)  # noqa: B019 - one per connection, which lives as long
    def _sentences(self, article_id: str) -> Sentences:
        row = self.db.execute("SELECT text FROM articles WHERE id = ?",
                              (article_id,)).fetchone()
        return sentence_words(row[0]) if row else ()

    # --- the state, to the store --------------------------------------------------------

    def _keep(self, placed: Placement, arrival: Arrival, seq: int, grouper: Grouper,
              run: int | None) -> None:
        index, db = grouper.index, self.db
        n = index.seen - 1
        db.execute(
            "INSERT INTO members (article, story, n, score, started, copy_of, similarity, "
            "lead, names, day, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, placed.story, n, placed.score, int(placed.started),
             self.seq_of.get(placed.copy_of) if placed.copy_of else None, placed.similarity,
             arrival.lead.astype("<f4").tobytes() if len(arrival.lead) else None,
             json.dumps(dict(sorted(arrival.names.items()))),
             arrival.day.isoformat() if arrival.day else None,
             signature_bytes(placed.signed) if placed.signed is not None else None))
        for link in placed.relinked:
            db.execute("UPDATE members SET copy_of = ?, similarity = ? WHERE article = ?",
                       (seq, link.similarity, self.seq_of[link.copy]))
        for young in placed.merged:
            db.execute("UPDATE members SET story = ? WHERE story = ?", (placed.story, young))
            db.execute("DELETE FROM stories WHERE id = ?", (young,))
            db.execute("DELETE FROM dossiers WHERE story = ?", (young,))
            db.execute("INSERT OR REPLACE INTO story_aliases (alias, story, n) VALUES (?, ?, ?)",
                       (young, placed.story, n))
            db.execute("INSERT INTO story_events (story, kind, other, article, run) VALUES "
                       "(?, 'merged', ?, ?, ?)", (placed.story, young, arrival.id, run))
        if placed.started:
            db.execute("INSERT INTO story_events (story, kind, article, run) VALUES "
                       "(?, 'started', ?, ?)", (placed.story, arrival.id, run))
        size = db.execute("SELECT count(*) FROM members WHERE story = ?",
                          (placed.story,)).fetchone()[0]
        self._write_story(index.stories[placed.story], n, size)
        db.executemany("INSERT INTO name_counts (key, n) VALUES (?, 1) ON CONFLICT (key) DO "
                       "UPDATE SET n = n + 1", ((k,) for k in sorted(arrival.entities)))


def _f32(blob: bytes | None) -> np.ndarray:
    return np.frombuffer(blob, "<f4").astype(np.float32) if blob else np.zeros(0, np.float32)


def _names(value: str) -> dict[str, int]:
    """A member's names: a JSON object of mentions (a list, one mention each, before
    regrouping read how often)."""
    names = json.loads(value)
    return dict.fromkeys(names, 1) if isinstance(names, list) else names


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _chunks(items: list[T], size: int = CHUNK) -> Iterator[list[T]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
