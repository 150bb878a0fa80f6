"""The store's SQLite file: how it is opened, checked, created and migrated.

The standard library's ``sqlite3``, not sqlite-utils: the store needs exactly four things,
explicit ``BEGIN IMMEDIATE`` transactions (a batch is written whole or not at all), its own
``application_id`` and ``user_version`` checks before anything is written, a migration that
runs in one transaction, and read-only connections for readers. sqlite-utils adds
conveniences on top of ``sqlite3`` (table creation from dicts, its own transaction
handling) that would each have to be worked around here.

A storyweave store is recognised by ``PRAGMA application_id`` (``APPLICATION_ID``); its schema
version is ``PRAGMA user_version``. A file that is not SQLite, a damaged one, another
application's database, or a store written by a newer storyweave is refused with one line
saying which, before anything is written: a store is never overwritten. An older store is
migrated, every step in one transaction (a failed migration leaves the file as it was).

Durability: WAL journal with ``synchronous=NORMAL``, so a killed process (SIGKILL included)
loses at most the transaction it was writing and readers never block the writer. A power cut
may also lose the last committed transactions; the next ingest adds them again.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

APPLICATION_ID = 0x53745776  # "StWv": what marks a SQLite file as a storyweave store
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_SECONDS = 30.0  # how long a connection waits for another writer before giving up


class StoreError(Exception):
    """The store cannot be used: the message names the file and says why, in one line."""


# --- the schema, as the steps that made it -------------------------------------------------

# Version 1: articles (their text once, metadata with provenance, removed lines), their spans,
# their vectors and pair-scorer sides, the pipelines that annotated them, failures and runs.
_V1 = """
CREATE TABLE pipelines (
    id INTEGER PRIMARY KEY,
    version TEXT NOT NULL,          -- nlp.annotation.PIPELINE_VERSION
    parser TEXT NOT NULL,           -- the spaCy pipeline, name and version
    embedder TEXT NOT NULL,         -- the sentence embedder
    dim INTEGER NOT NULL,           -- its vectors' width
    UNIQUE (version, parser, embedder)
);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,          -- ISO 8601, UTC
    finished TEXT,                  -- NULL: still running, or killed
    inputs TEXT NOT NULL,           -- JSON list of the paths given
    jobs INTEGER NOT NULL,
    read INTEGER NOT NULL DEFAULT 0,
    added INTEGER NOT NULL DEFAULT 0,
    reannotated INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE articles (
    seq INTEGER PRIMARY KEY,        -- ingest order
    id TEXT NOT NULL UNIQUE,        -- content id (keys.content_id)
    source TEXT NOT NULL,           -- where it was first read from
    url TEXT, outlet TEXT, title TEXT, language TEXT, published TEXT,
    format TEXT NOT NULL,
    encoding TEXT,
    text TEXT NOT NULL,
    meta TEXT NOT NULL,             -- JSON: name -> {value, source, evidence}
    removed TEXT NOT NULL,          -- JSON: the lines the cleaner cut, with reasons
    figures TEXT NOT NULL,          -- JSON: paragraphs, sentences, tokens, parsed
    pipeline INTEGER REFERENCES pipelines(id),  -- NULL: kept unannotated (not English)
    run INTEGER REFERENCES runs(id)
);
CREATE TABLE spans (
    article INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    label TEXT NOT NULL,
    attrs TEXT                      -- JSON object, NULL when empty
);
CREATE INDEX spans_by_article ON spans(article);
CREATE INDEX spans_by_label ON spans(label, article);
CREATE TABLE passages (
    article INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    kind TEXT NOT NULL,             -- sentence, statement or quote
    n INTEGER NOT NULL,             -- order among the article's passages of that kind
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    vector BLOB,                    -- float16; NULL: the sentence of the same span's
    side BLOB,                      -- the pair-scorer side (store.rows), statements and quotes
    PRIMARY KEY (article, kind, n)
) WITHOUT ROWID;
CREATE TABLE failures (
    source TEXT PRIMARY KEY,        -- the input, as ingestion names it
    reason TEXT NOT NULL,
    run INTEGER REFERENCES runs(id)
);
"""

# Version 2: full-text search over titles and text (FTS5, kept in step by triggers).
_V2 = """
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='seq', tokenize='unicode61');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
"""

# Version 3: stories. Each article's place (``members``: its story as of now, how it fit,
# the original it copies), what grouping reads of it again when a later run takes up the
# index (lead vector, names, MinHash), each open story's running totals, the ids merged away
# (``story_aliases``, which still resolve), what happened to stories (``story_events``), the
# names' document counts, and each story's dossier as last woven (a cache, keyed by the
# story's version: any change to the story bumps it).
_V3 = """
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    created INTEGER NOT NULL,       -- articles grouped when it started, its first included
    touched INTEGER NOT NULL,       -- articles grouped when it last changed
    first TEXT, last TEXT,          -- its articles' working days, ISO
    size INTEGER NOT NULL,
    total BLOB,                     -- float32: the sum of its articles' lead vectors
    entities TEXT NOT NULL,         -- JSON: name key -> articles naming it
    version INTEGER NOT NULL        -- bumped by every change (the dossier cache's key)
);
CREATE INDEX stories_by_touched ON stories(touched);
CREATE INDEX stories_by_last ON stories(coalesce(last, ''), touched);
CREATE TABLE members (
    article INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
    story TEXT NOT NULL,            -- the story's id now (rewritten when stories merge)
    n INTEGER NOT NULL,             -- grouping order
    score REAL NOT NULL,            -- its fit with the story when it joined
    started INTEGER NOT NULL,       -- 1: it started the story
    copy_of INTEGER REFERENCES articles(seq),  -- the original it copies, or NULL
    similarity REAL,                -- with that original
    lead BLOB,                      -- float32 lead vector, NULL when not annotated
    names TEXT NOT NULL,            -- JSON list of its name keys
    day TEXT,                       -- its working day
    signature BLOB                  -- MinHash values (uint32), NULL for a very short text
);
CREATE INDEX members_by_story ON members(story);
CREATE UNIQUE INDEX members_by_n ON members(n);
CREATE TABLE story_aliases (
    alias TEXT PRIMARY KEY,         -- a story id merged away
    story TEXT NOT NULL,            -- the story it went into (follow until not an alias)
    n INTEGER NOT NULL              -- grouping order of the article that merged them
);
CREATE TABLE story_events (
    id INTEGER PRIMARY KEY,
    story TEXT NOT NULL,
    kind TEXT NOT NULL,             -- started, merged
    other TEXT,                     -- merged: the story id merged into this one
    article TEXT NOT NULL,          -- the article that caused it
    run INTEGER REFERENCES runs(id)
);
CREATE TABLE name_counts (
    key TEXT PRIMARY KEY,
    n INTEGER NOT NULL
);
CREATE TABLE dossiers (
    story TEXT PRIMARY KEY,
    version INTEGER NOT NULL,       -- the story's version it was woven from
    settings TEXT NOT NULL,         -- storyweave version and summary length
    body TEXT NOT NULL              -- the dossier's JSON
);
"""

# Version 4: passages in an ordinary (rowid) table. WITHOUT ROWID keeps a row in an index
# b-tree, whose cells hold at most ~1 KB and spill the rest into overflow pages that are left
# part empty: each 5 KB side wasted about half a page. Measured on 100 Multi-News articles,
# 355 -> 309 KB an article. A rowid table's overflow pages are filled.
_V4 = """
CREATE TABLE passages_v4 (
    article INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    kind TEXT NOT NULL,             -- sentence, statement or quote
    n INTEGER NOT NULL,             -- order among the article's passages of that kind
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    vector BLOB,                    -- float16; NULL: the sentence of the same span's
    side BLOB                       -- the pair-scorer side (store.rows), statements and quotes
);
INSERT INTO passages_v4 (article, kind, n, start, end, vector, side)
    SELECT article, kind, n, start, end, vector, side FROM passages ORDER BY article, kind, n;
DROP TABLE passages;
ALTER TABLE passages_v4 RENAME TO passages;
CREATE UNIQUE INDEX passages_by_article ON passages(article, kind, n);
"""

# Version 5: the spans of one label are found through a partial index on speakers alone. Only
# the speaker queries (``storyviews.quotes_by``, ``speakers_of``) look spans up by label;
# every other read is by article. The index on (label, article) over every span cost 4.9 KB
# an article (3 % of the store), the partial one 0.1 KB, and the speaker queries plan and
# run as fast (1,000 stored articles: 0.04 s).
_V5 = """
DROP INDEX spans_by_label;
CREATE INDEX speakers_by_article ON spans(article) WHERE label = 'speaker';
"""

# Each step takes the store from the version before it to its own; a new one is appended,
# never edited (stores in the wild were made by the old steps).
MIGRATIONS: list[tuple[int, Callable[[sqlite3.Connection], None]]] = [
    (1, lambda db: _script(db, _V1)),
    (2, lambda db: _script(db, _V2)),
    (3, lambda db: _script(db, _V3)),
    (4, lambda db: _script(db, _V4)),
    (5, lambda db: _script(db, _V5)),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def _script(db: sqlite3.Connection, sql: str) -> None:
    # executescript would COMMIT first; statement by statement keeps the step in the
    # migration's transaction
    for statement in _statements(sql):
        db.execute(statement)


def _statements(sql: str) -> list[str]:
    """The statements of ``sql`` (triggers hold ``;`` inside BEGIN ... END)."""
    out, pending = [], ""
    for line in sql.splitlines():
        line = line.split("--", 1)[0].rstrip()
        if not line:
            continue
        pending += line + "\n"
        if sqlite3.complete_statement(pending):
            out.append(pending.strip())
            pending = ""
    return out


# --- opening --------------------------------------------------------------------------------

def connect(path: Path, *, readonly: bool = False, create: bool = True,
            upto: int = SCHEMA_VERSION) -> sqlite3.Connection:
    """A connection to the store at ``path``, checked and, unless ``readonly``, migrated to
    ``upto`` (the current schema; tests make older stores with a lower one). A missing file
    is created only when ``create``. Raises :class:`StoreError` with the reason otherwise."""
    _check_file(path, readonly=readonly, create=create)
    try:
        if readonly:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                 isolation_level=None, timeout=BUSY_SECONDS,
                                 check_same_thread=False)
        else:
            db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_SECONDS,
                                 check_same_thread=False)
    except sqlite3.Error as e:
        raise StoreError(f"{path}: cannot open the store: {e}") from None
    try:
        _check_and_migrate(db, path, readonly=readonly, upto=upto)
    except BaseException:
        db.close()
        raise
    _CHECKED.add(_inode(path))
    return db


def _check_file(path: Path, *, readonly: bool, create: bool) -> None:
    if path.exists() and not path.is_file():
        raise StoreError(f"{path}: not a file (a store is one SQLite file)")
    if not path.exists():
        if readonly or not create:
            raise StoreError(f"{path}: no such store (run `storyweave ingest ... --db {path}` "
                             "to make one)")
        if not path.parent.is_dir():
            raise StoreError(f"{path}: its folder {path.parent} does not exist")
        return
    try:
        inode = _inode(path)
        if inode in _CHECKED:
            return
        with path.open("rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except OSError as e:
        raise StoreError(f"{path}: cannot read it: {e.strerror or e}") from None
    if head and head != SQLITE_HEADER:
        raise StoreError(f"{path}: not a storyweave store (not an SQLite database); "
                         "left as it is")


# Stores this process has opened, by inode: their header is not read again. Closing any file
# descriptor of a file drops every POSIX lock this process holds on it, SQLite's included
# (fcntl semantics); reading the header while a connection is open would let another
# process take the database as unused, check-point it and delete its WAL under this one.
_CHECKED: set[tuple[int, int]] = set()
PAGE_SIZE = 16384  # of a new store (SQLite's default: 4096)


def _inode(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_dev, st.st_ino


def _check_and_migrate(db: sqlite3.Connection, path: Path, *, readonly: bool,
                       upto: int) -> None:
    try:
        app = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as e:  # "file is not a database", "malformed"
        raise StoreError(f"{path}: damaged or not a database ({e}); left as it is") from None
    if app != APPLICATION_ID and (app != 0 or tables):
        raise StoreError(f"{path}: another application's SQLite database, not a storyweave "
                         "store; left as it is")
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path}: made by a newer storyweave (store schema {version}; this "
                         f"one reads up to {SCHEMA_VERSION}); upgrade storyweave")
    if not readonly and not tables:
        # Set before the first table, and before WAL (which fixes it). A passage row (a
        # statement's side) takes 1-4 KB: 4 KB pages left a quarter of the passages table
        # unused, a row that did not fit leaving the rest of its page empty; 16 KB pages
        # leave a tenth (bench/ingest_store.py).
        db.execute(f"PRAGMA page_size={PAGE_SIZE}")
    if not readonly:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    if version < upto:
        if readonly:
            raise StoreError(f"{path}: store schema {version} needs migrating to "
                             f"{SCHEMA_VERSION}; open it once for writing (any `storyweave "
                             "ingest --db`)")
        _migrate(db, path, version, upto)


def _migrate(db: sqlite3.Connection, path: Path, version: int, upto: int) -> None:
    """Every step after ``version`` up to ``upto``, in one transaction."""
    db.execute("BEGIN IMMEDIATE")
    try:
        # another process may have migrated it while this one waited for the lock
        version = db.execute("PRAGMA user_version").fetchone()[0]
        for step, apply in MIGRATIONS:
            if version < step <= upto:
                apply(db)
        db.execute(f"PRAGMA application_id={APPLICATION_ID}")
        db.execute(f"PRAGMA user_version={upto}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    if version:
        log.info("%s: store migrated from schema %d to %d", path, version, upto)
