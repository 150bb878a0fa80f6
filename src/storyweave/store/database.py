"""``Store``: the articles, their annotations and vectors, failures and ingest runs in one
SQLite file (``schema``), read back as the records the rest of storyweave uses (``rows``).

One writer at a time (SQLite's lock; a second writer waits up to ``schema.BUSY_SECONDS``),
any number of readers, which never block it (WAL). Each batch of articles is written in one
transaction: a process killed mid-batch leaves the store as it was before the batch.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, overload

from ..model import Article, Failure, StoryOverview
from ..nlp import annotation
from ..nlp.annotation import Annotations
from ..nlp.embed import EMBEDDING_DIM
from ..progress import Progress
from ..stories.grouping import Placement
from ..stories.regrouping import Regrouping
from . import schema, storyviews
from .grouped import StoredGrouping
from .rows import ArticleRows, PassageRow, annotations_from, article_from, article_plain, rows_of
from .rows import span_rows as _span_rows

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

_ARTICLE_COLUMNS = ("id", "source", "url", "outlet", "title", "language", "published",
                    "format", "encoding", "text", "meta", "removed", "figures", "pipeline",
                    "run")


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article a full-text search found, with a snippet of where."""

    id: str
    title: str | None
    outlet: str | None
    source: str
    snippet: str


@dataclass(frozen=True, slots=True)
class Added:
    """What ``Store.add`` did."""

    added: int  # annotated and stored
    reannotated: int  # stored before by another pipeline version, annotated again
    skipped: int  # stored already by this pipeline version
    unannotated: int  # stored without annotation (a language the models do not read)


@dataclass(frozen=True, slots=True)
class Plan:
    """What storing a batch of articles takes: ``annotate`` (new, or stored by another
    pipeline version), ``keep_as_text`` (in a language the models do not read), which of
    those are ``stale`` (stored before), and how many are ``current`` already or ``copies``
    (the same content twice in the batch)."""

    annotate: list[Article]
    keep_as_text: list[Article]
    stale: frozenset[str]
    current: int
    copies: int


class Store:
    """A store of annotated articles in one SQLite file (made when missing).

        store = Store("news.db")
        store.add(articles)              # annotates what is not stored yet, keeps it
        store.get(article_id)            # the Article, with its spans
        store.search("lethal aid")       # full text, best first
        store.stories(entity="Putin")    # stories, the latest first, with their articles
        weave(store.articles(ids), store=store)   # no model runs for stored articles

    ``readonly`` opens it for reading only (it must exist and be current). Raises
    :class:`~storyweave.store.StoreError` for a file that is not a store (one line saying
    why); such a file is never written to.
    """

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.db = schema.connect(self.path, readonly=readonly)
        self._pipeline: int | None = None
        self._grouping = StoredGrouping(self.db, self.get)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # --- reading --------------------------------------------------------------------------

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def __contains__(self, article_id: object) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?",
                               (article_id,)).fetchone() is not None

    def ids(self) -> list[str]:
        """Every stored article's id, in ingest order."""
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY seq")]

    @overload
    def get(self, ids: str) -> Article: ...  # type: ignore[overload-overlap]

    @overload
    def get(self, ids: Iterable[str]) -> list[Article]: ...

    def get(self, ids: str | Iterable[str]) -> Article | list[Article]:
        """The stored article with id ``ids`` (KeyError if none), or the articles of a list of
        ids, in that order (KeyError naming the first one missing)."""
        if isinstance(ids, str):
            return self.get([ids])[0]
        return [r.article for r in self._rows(list(ids), passages=False)]

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        """The articles of ``ids`` (all of them by default, in ingest order)."""
        return self.get(self.ids() if ids is None else ids)

    def annotations(self, ids: Sequence[str]) -> Annotations:
        """The stored annotations of the articles ``ids``, as ``nlp.annotate`` gave them
        (no model runs). KeyError if one is not stored, ValueError if one was annotated by
        another pipeline version or not at all."""
        rows = self._rows(list(ids), passages=True)
        return annotations_from(rows)

    def stored(self, articles: Sequence[Article]) -> tuple[Annotations | None, list[Article]]:
        """Which of ``articles`` this store has annotated with the current pipeline, with
        exactly their text: (their annotations, with the records given here and the stored
        spans, or None if none is; the others, to annotate)."""
        current = self._current(a.id for a in articles)
        have = [a for a in articles if current.get(a.id) == a.text]
        if not have:
            return None, list(articles)
        found = self.annotations([a.id for a in have])
        given = {a.id: a for a in have}
        found.articles = [replace(given[a.id], spans=a.spans) for a in found.articles]
        return found, [a for a in articles if current.get(a.id) != a.text]

    def search(self, text: str, *, limit: int = 20) -> list[SearchHit]:
        """Articles whose title or text match ``text`` (words, all required; FTS5 syntax is
        not interpreted), best match first."""
        words = [w for w in text.split() if w]
        if not words:
            return []
        query = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        found = self.db.execute(
            "SELECT a.id, a.title, a.outlet, a.source, "
            "snippet(articles_fts, 1, '[', ']', ' … ', 12) "
            "FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?", (query, limit))
        return [SearchHit(*row) for row in found]

    def stories(self, *, since: str | None = None, until: str | None = None,
                entity: str | None = None, outlet: str | None = None,
                query: str | None = None, limit: int | None = None,
                offset: int = 0, sort: str = "latest") -> list[StoryOverview]:
        """The stories, the latest first, each with its articles (copies marked), outlets,
        first and last days and aliases; filtered by every argument given (see
        ``store.storyviews.list_stories``)."""
        return storyviews.list_stories(self.db, since=since, until=until, entity=entity,
                                       outlet=outlet, query=query, limit=limit,
                                       offset=offset, sort=sort)

    def story(self, story_id: str) -> StoryOverview:
        """The story with this id, or the one it was merged into (KeyError if none)."""
        found = storyviews.resolve(self.db, story_id)
        if found is None:
            raise KeyError(f"no story {story_id!r} in {self.path}")
        return storyviews.list_stories(self.db, ids=[found])[0]

    def quotes_by(self, name: str, *, limit: int = 200) -> list[dict[str, Any]]:
        """The quotes attributed to ``name`` across the store (``storyviews.quotes_by``)."""
        return storyviews.quotes_by(self.db, name, limit=limit)

    def outlet(self, name: str) -> dict[str, Any]:
        """One outlet's articles (newest first, with their stories) and whom it quotes."""
        return {"articles": storyviews.outlet_articles(self.db, name),
                "speakers": storyviews.speakers_of(self.db, name)}

    def story_of(self, article_id: str) -> str:
        """The id of the story the stored article is in (KeyError if it is not stored)."""
        row = self.db.execute("SELECT m.story FROM members m JOIN articles a ON a.seq = "
                              "m.article WHERE a.id = ?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(f"no article {article_id!r} in a story of {self.path}")
        return str(row[0])

    def cached_dossier(self, story: StoryOverview, settings: str) -> str | None:
        """The JSON of the story's dossier woven with ``settings`` from this very version of
        the story, if the store kept it."""
        row = self.db.execute("SELECT body FROM dossiers WHERE story = ? AND version = ? AND "
                              "settings = ?", (story.id, story.version, settings)).fetchone()
        return None if row is None else str(row[0])

    def keep_dossier(self, story: StoryOverview, settings: str, body: str) -> None:
        """Keep the story's dossier (JSON) until the story changes."""
        with self._transaction():
            self.db.execute("INSERT OR REPLACE INTO dossiers (story, version, settings, body) "
                            "VALUES (?, ?, ?, ?)", (story.id, story.version, settings, body))

    def failures(self) -> list[Failure]:
        """The inputs that could not become articles, each with its latest reason."""
        return [Failure(s, r) for s, r in
                self.db.execute("SELECT source, reason FROM failures ORDER BY rowid")]

    def runs(self) -> list[dict[str, Any]]:
        """The ingest runs, oldest first: when, what was given, what came of it."""
        cur = self.db.execute("SELECT * FROM runs ORDER BY id")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur]

    def pipelines(self) -> dict[str, int]:
        """How many articles each pipeline version annotated (None: unannotated)."""
        return {str(v): n for v, n in self.db.execute(
            "SELECT p.version, count(*) FROM articles a LEFT JOIN pipelines p "
            "ON p.id = a.pipeline GROUP BY p.version")}

    def _current(self, ids: Iterable[str]) -> dict[str, str]:
        """id -> stored text, for those of ``ids`` annotated by the current pipeline."""
        pipeline = self._pipeline_id(create=False)
        out: dict[str, str] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            marks = ",".join("?" * len(chunk))
            out.update(self.db.execute(
                f"SELECT id, text FROM articles WHERE pipeline = ? AND id IN ({marks})",
                (pipeline, *chunk)).fetchall())
        return out

    def signatures(self, articles: Sequence[Article]) -> dict[str, np.ndarray | None]:
        """The hash values of the MinHashes grouping made of those of ``articles`` it
        placed, with exactly their text (None: too short to be a copy): the weave's copy
        check need not make them again (400 articles: ~1 s)."""
        from ..stories.copies import signature_values

        text_of = {a.id: a.text for a in articles}
        out: dict[str, np.ndarray | None] = {}
        for chunk in _chunks(list(text_of)):
            marks = ",".join("?" * len(chunk))
            for i, text, blob in self.db.execute(
                    "SELECT a.id, a.text, m.signature FROM articles a JOIN members m "
                    f"ON m.article = a.seq WHERE a.id IN ({marks})", chunk):
                if text == text_of[i]:
                    out[i] = signature_values(blob) if blob is not None else None
        return out

    def status(self, ids: Iterable[str]) -> dict[str, str]:
        """id -> "current" (annotated by this pipeline), "stale" (by another, or kept
        unannotated) for the stored ones among ``ids``."""
        pipeline = self._pipeline_id(create=False)
        out: dict[str, str] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            marks = ",".join("?" * len(chunk))
            for i, p in self.db.execute(
                    f"SELECT id, pipeline FROM articles WHERE id IN ({marks})", chunk):
                out[i] = "current" if p is not None and p == pipeline else "stale"
        return out

    def _rows(self, ids: list[str], *, passages: bool) -> list[ArticleRows]:
        found: dict[str, tuple[Any, ...]] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                    f"SELECT seq, {', '.join(_ARTICLE_COLUMNS)} FROM articles "
                    f"WHERE id IN ({marks})", chunk):
                found[row[1]] = row
        missing = next((i for i in ids if i not in found), None)
        if missing is not None:
            raise KeyError(f"no article {missing!r} in {self.path}")
        if passages:
            pipeline = self._pipeline_id(create=False)
            stale = next((i for i in ids if found[i][14] != pipeline), None)
            if stale is not None and found[stale][14] is None:
                raise ValueError(f"article {stale} in {self.path} is kept unannotated: its "
                                 f"language ({found[stale][6]}) is not one the models read")
            if stale is not None:
                raise ValueError(f"article {stale} in {self.path} was not annotated by this "
                                 f"pipeline ({annotation.PIPELINE_VERSION}); ingest it again")
        seqs = [found[i][0] for i in ids]
        spans, rows = self._children("spans", "start, end, label, attrs", seqs, "rowid"), {}
        if passages:
            rows = self._children("passages", "kind, n, start, end, vector, side", seqs,
                                  "kind, n")
        out = []
        for i in ids:
            row = dict(zip(("seq", *_ARTICLE_COLUMNS), found[i], strict=True))
            plain = {"id": row["id"], "source": row["source"], "text": row["text"],
                     "format": row["format"], "encoding": row["encoding"],
                     "meta": json.loads(row["meta"]), "removed": json.loads(row["removed"])}
            article = article_from(plain, spans.get(row["seq"], []))
            out.append(ArticleRows(article, json.loads(row["figures"]),
                                   [PassageRow(*p) for p in rows.get(row["seq"], [])]))
        return out

    def _children(self, table: str, columns: str, seqs: list[int],
                  order: str) -> dict[int, list[Any]]:
        out: dict[int, list[Any]] = defaultdict(list)
        for chunk in _chunks(sorted(set(seqs))):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT article, {columns} FROM {table} "
                                       f"WHERE article IN ({marks}) ORDER BY article, {order}",
                                       chunk):
                out[row[0]].append(row[1:])
        return out

    # --- writing --------------------------------------------------------------------------

    def add(self, articles: Sequence[Article], *, progress: Progress | None = None) -> Added:
        """Annotate the ``articles`` this store does not hold yet (or holds from an older
        pipeline) in this process and store them, one transaction for all, and place them in
        stories (the recent stories regrouped after). Articles in a language the models do not
        read are stored unannotated."""
        from ..nlp import annotate

        plan = self.plan(articles)
        run = self.begin_run([a.source for a in articles], jobs=1)
        rows = rows_of(annotate(plan.annotate, progress=progress)) if plan.annotate else []
        if self.write(rows, run, unannotated=plan.keep_as_text):
            self.regroup(run)  # as at the end of an ingest run
        todo = len(plan.annotate) + len(plan.keep_as_text)
        counts = Added(todo - len(plan.stale), len(plan.stale), len(articles) - todo,
                       len(plan.keep_as_text))
        self.finish_run(run, read=len(articles), added=counts.added,
                        reannotated=counts.reannotated, skipped=counts.skipped, failed=0)
        return counts

    def plan(self, articles: Sequence[Article]) -> Plan:
        """What storing ``articles`` takes (see :class:`Plan`): the first of each content
        id, unless this pipeline annotated it already."""
        from ..weaving.screening import SUPPORTED_LANGUAGES, language_of

        first: dict[str, Article] = {}
        for a in articles:
            first.setdefault(a.id, a)
        unique = list(first.values())
        status = self.status(first)
        todo = [a for a in unique if status.get(a.id) != "current"]
        readable = [a for a in todo if language_of(a) in (None, *SUPPORTED_LANGUAGES)]
        return Plan(readable, [a for a in todo if a not in readable],
                    frozenset(a.id for a in todo if a.id in status), len(unique) - len(todo),
                    len(articles) - len(unique))

    def begin_run(self, inputs: Sequence[str], *, jobs: int) -> int:
        with self._transaction():
            cur = self.db.execute("INSERT INTO runs (started, inputs, jobs) VALUES (?, ?, ?)",
                                  (_now(), json.dumps(list(inputs)), jobs))
        return int(cur.lastrowid or 0)

    def finish_run(self, run: int, **counts: int) -> None:
        sets = ", ".join(f"{k} = ?" for k in counts)
        with self._transaction():
            self.db.execute(f"UPDATE runs SET finished = ?, {sets} WHERE id = ?",
                            (_now(), *counts.values(), run))

    def write(self, rows: Sequence[ArticleRows], run: int | None = None, *,
              unannotated: Sequence[Article] = ()) -> list[Placement]:
        """Store annotated articles (and ``unannotated`` ones, text only) in one
        transaction, and place the new ones in stories; an article stored before is
        replaced, keeping its place in ingest order and its story. Returns the places."""
        pipeline = self._pipeline_id(create=True)
        with self._transaction():
            for r in rows:
                seq = self._put_article(r.article, r.figures, pipeline, run)
                self.db.executemany(
                    "INSERT INTO spans (article, start, end, label, attrs) VALUES "
                    "(?, ?, ?, ?, ?)", ((seq, *s) for s in _span_rows(r.article)))
                self.db.executemany(
                    "INSERT INTO passages (article, kind, n, start, end, vector, side) VALUES "
                    "(?, ?, ?, ?, ?, ?, ?)",
                    ((seq, p.kind, p.n, p.start, p.end, p.vector, p.side) for p in r.passages))
            for a in unannotated:
                seq = self._put_article(a, {}, None, run)
                self.db.executemany(
                    "INSERT INTO spans (article, start, end, label, attrs) VALUES "
                    "(?, ?, ?, ?, ?)", ((seq, *s) for s in _span_rows(a)))
            # placed in stories with the batch, or not at all
            return self._grouping.group_pending(run)

    def group(self) -> list[Placement]:
        """Place the stored articles that are in no story yet (a store made before stories,
        or by a run killed between transactions)."""
        with self._transaction():
            return self._grouping.group_pending()

    def regroup(self, run: int | None = None) -> Regrouping:
        """Group the recent stories again, all at once (``stories.regrouping``): what placing
        one article at a time got wrong is mended, stories merged and split, ids kept.
        ``ingest`` does it at the end of every run."""
        with self._transaction():
            return self._grouping.regroup(run)

    def record_failures(self, failures: Iterable[Failure], run: int | None = None) -> None:
        """Keep each failure (an input failing again replaces its earlier reason)."""
        with self._transaction():
            self.db.executemany(
                "INSERT INTO failures (source, reason, run) VALUES (?, ?, ?) ON CONFLICT "
                "(source) DO UPDATE SET reason = excluded.reason, run = excluded.run",
                ((f.source, f.reason, run) for f in failures))

    def forget_failures(self, sources: Iterable[str]) -> None:
        """Inputs that were read this time: their old failures no longer hold."""
        with self._transaction():
            self.db.executemany("DELETE FROM failures WHERE source = ?",
                                ((s,) for s in sources))

    def _put_article(self, a: Article, figures: dict[str, int], pipeline: int | None,
                     run: int | None) -> int:
        plain = article_plain(a)
        values = (a.id, a.source, a.url, a.outlet, a.title, a.language, a.published, a.format,
                  a.encoding, a.text, json.dumps(plain["meta"], ensure_ascii=False),
                  json.dumps(plain["removed"], ensure_ascii=False), json.dumps(figures),
                  pipeline, run)
        old = self.db.execute("SELECT seq FROM articles WHERE id = ?", (a.id,)).fetchone()
        if old is None:
            cur = self.db.execute(
                f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}) VALUES "
                f"({', '.join('?' * len(_ARTICLE_COLUMNS))})", values)
            return int(cur.lastrowid or 0)
        seq = int(old[0])
        self.db.execute(f"UPDATE articles SET {', '.join(c + ' = ?' for c in _ARTICLE_COLUMNS)}"
                        " WHERE seq = ?", (*values, seq))
        self.db.execute("DELETE FROM spans WHERE article = ?", (seq,))
        self.db.execute("DELETE FROM passages WHERE article = ?", (seq,))
        return seq

    def _pipeline_id(self, *, create: bool) -> int | None:
        if self._pipeline is not None:
            return self._pipeline
        from ..nlp.models import identity

        names = identity()
        key = (annotation.PIPELINE_VERSION, names["parser"], names["embedder"])
        row = self.db.execute("SELECT id FROM pipelines WHERE version = ? AND parser = ? AND "
                              "embedder = ?", key).fetchone()
        if row is None and create:
            with self._transaction():
                self.db.execute("INSERT OR IGNORE INTO pipelines (version, parser, embedder, "
                                "dim) VALUES (?, ?, ?, ?)", (*key, EMBEDDING_DIM))
            row = self.db.execute("SELECT id FROM pipelines WHERE version = ? AND parser = ? "
                                  "AND embedder = ?", key).fetchone()
        if row is not None:
            self._pipeline = int(row[0])
        return self._pipeline

    def _transaction(self) -> _Transaction:
        if self.readonly:
            raise schema.StoreError(f"{self.path}: opened read-only")
        return _Transaction(self.db)


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` on any exception: a batch is
    written whole or not at all. Nested use joins the open transaction."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.outer = False

    def __enter__(self) -> sqlite3.Connection:
        self.outer = not self.db.in_transaction
        if self.outer:
            self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if not self.outer:
            return
        self.db.execute("ROLLBACK" if kind is not None else "COMMIT")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _chunks(items: list[Any], size: int = 500) -> Iterator[list[Any]]:
    """SQLite limits the parameters of one statement: IN lists go by chunks."""
    for i in range(0, len(items), size):
        yield items[i:i + size]

