"""The store's file: what it accepts, what it refuses (never writing to it), how an older
one is migrated, and its reads (get, search, failures) with no model involved."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from factories import make_article

from storyweave.model import Article, Failure, Span
from storyweave.store import SCHEMA_VERSION, Store, StoreError
from storyweave.store import schema as store_schema
from storyweave.store.rows import ArticleRows


def _article(text: str, *, source: str = "in/a.txt", **meta: str) -> Article:
    return make_article(text, source=source, meta=meta)


def test_a_new_store_is_marked_as_one(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    Store(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA application_id").fetchone()[0] == store_schema.APPLICATION_ID
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # 16 KB pages: a passage row of 1-4 KB would leave a quarter of 4 KB pages empty
    assert db.execute("PRAGMA page_size").fetchone()[0] == store_schema.PAGE_SIZE == 16384


@pytest.mark.slow  # store.add annotates
def test_a_store_made_with_other_pages_keeps_them(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "news.db"
    with monkeypatch.context() as m:  # a store made before pages were 16 KB
        m.setattr(store_schema, "PAGE_SIZE", 4096)
        Store(path).close()
    with Store(path) as store:
        store.add([_article("Pelicans returned to Lake Tana.")])
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA page_size").fetchone()[0] == 4096
    db.close()
    with Store(path, readonly=True) as store:
        assert len(store.articles()) == 1


@pytest.mark.parametrize("content, reason", [
    (b"id,title\n1,hello\n", "not an SQLite database"),
    (store_schema.SQLITE_HEADER + b"\x00" * 200, "damaged or not a database"),
])
def test_a_file_that_is_not_a_store_is_refused_and_left_as_it_is(
        tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "news.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match=reason) as e:
        Store(path)
    assert str(path) in str(e.value) and "\n" not in str(e.value)
    assert path.read_bytes() == content
    assert not Path(f"{path}-wal").exists()


def test_another_applications_database_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (body TEXT)")
    db.execute("INSERT INTO notes VALUES ('mine')")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another application's SQLite database"):
        Store(path)
    assert path.read_bytes() == before


def test_a_store_from_a_newer_storyweave_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer storyweave"):
        Store(path)


def test_a_folder_or_a_missing_one_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not a file"):
        Store(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "nowhere" / "news.db")
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "missing.db", readonly=True)


def test_an_older_store_is_migrated_and_keeps_its_articles(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    old = store_schema.connect(path, upto=1)  # the first schema: no full-text index
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    old.execute("INSERT INTO articles (id, source, title, format, text, meta, removed, figures) "
                "VALUES ('a1', 'in/a.txt', 'Pelicans', 'txt', 'Pelicans returned to the "
                "lake on Sunday.', '{}', '[]', '{}')")
    assert not old.execute("SELECT count(*) FROM sqlite_master WHERE name = 'articles_fts'"
                           ).fetchone()[0]
    old.close()
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [h.id for h in store.search("pelicans lake")] == ["a1"]
        assert store.get("a1").text == "Pelicans returned to the lake on Sunday."


def test_a_version_3_store_keeps_its_passages_in_a_rowid_table(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    old = store_schema.connect(path, upto=3)
    old.execute("INSERT INTO articles (id, source, title, format, text, meta, removed, figures) "
                "VALUES ('a1', 'in/a.txt', 'Pelicans', 'txt', 'Pelicans returned.', '{}', "
                "'[]', '{}')")
    rows = [(1, "sentence", 0, 0, 18, b"\x01\x02", None),
            (1, "statement", 0, 0, 18, None, b"\x02side")]
    old.executemany("INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    old.commit()
    old.close()
    with Store(path) as store:
        db = store.db
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'passages'").fetchone()[0]
        assert "WITHOUT ROWID" not in sql
        assert db.execute("SELECT article, kind, n, start, end, vector, side FROM passages "
                          "ORDER BY kind").fetchall() == rows
        with pytest.raises(sqlite3.IntegrityError):  # still one row per (article, kind, n)
            db.execute("INSERT INTO passages VALUES (1, 'sentence', 0, 0, 1, NULL, NULL)")
        db.execute("DELETE FROM articles")  # and still removed with their article
        assert db.execute("SELECT count(*) FROM passages").fetchone()[0] == 0


def test_a_failed_migration_leaves_the_store_as_it_was(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "news.db"
    store_schema.connect(path, upto=1).close()

    def broken(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE half_made (x)")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store_schema, "MIGRATIONS", [*store_schema.MIGRATIONS[:1], (2, broken)])
    with pytest.raises(RuntimeError, match="disk on fire"):
        Store(path)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    assert not db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_made'"
                          ).fetchone()[0]


def test_articles_are_kept_exactly_and_read_back_in_the_order_asked(tmp_path: Path) -> None:
    a = _article("Pelicans returned to the lake on Sunday.\n\nCounts rose.", title="Birds",
                 outlet="Lake News", source="in/a.txt")
    a.spans.append(Span(0, 8, "entity", {"type": "NORP", "key": ["pelican"]}))
    b = _article("The ferry resumed service.", title="Ferry", source="in/b.txt")
    with Store(tmp_path / "news.db") as store:
        store.write([ArticleRows(a, {"sentences": 2}), ArticleRows(b, {"sentences": 1})])
        assert len(store) == 2 and a.id in store and "nope" not in store
        got = store.get([b.id, a.id])
        assert [x.id for x in got] == [b.id, a.id]
        back = store.get(a.id)
        assert (back.text, back.source, back.meta, back.removed) == (a.text, a.source, a.meta,
                                                                     a.removed)
        assert [(s.start, s.end, s.label, s.attrs) for s in back.spans] == \
            [(s.start, s.end, s.label, s.attrs) for s in a.spans]
        with pytest.raises(KeyError, match="no article 'nope'"):
            store.get("nope")
        assert store.ids() == [a.id, b.id]


def test_search_takes_words_not_query_syntax(tmp_path: Path) -> None:
    a = _article("Officials said the \"lethal aid\" talk was AND-or-NOT serious.", title="Aid")
    b = _article("The ferry resumed service on Sunday.", title="Ferry", source="in/b.txt")
    with Store(tmp_path / "news.db") as store:
        store.write([ArticleRows(a), ArticleRows(b)])
        assert [h.id for h in store.search("lethal aid")] == [a.id]
        assert [h.id for h in store.search('"lethal')] == [a.id]
        assert store.search("AND") != [] and store.search("NEAR(") == []
        assert store.search("ferry")[0].title == "Ferry"
        assert "[ferry]" in store.search("ferry")[0].snippet.lower()
        assert store.search("   ") == []


def test_failures_are_kept_once_per_input_with_the_latest_reason(tmp_path: Path) -> None:
    with Store(tmp_path / "news.db") as store:
        store.record_failures([Failure("in/x.html", "empty page")])
        store.record_failures([Failure("in/x.html", "no article text"),
                               Failure("in/y.txt", "not UTF-8")])
        assert store.failures() == [Failure("in/x.html", "no article text"),
                                    Failure("in/y.txt", "not UTF-8")]
        store.forget_failures(["in/y.txt"])
        assert [f.source for f in store.failures()] == ["in/x.html"]


def test_a_read_only_store_refuses_to_write(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    Store(path).close()
    with Store(path, readonly=True) as store, pytest.raises(StoreError, match="read-only"):
        store.record_failures([Failure("in/x", "why")])


def test_a_batch_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    good = _article("The ferry resumed service.", source="in/b.txt")
    bad = _article("Pelicans returned.", source="in/a.txt")
    bad.spans.append(Span(0, 3, "entity", {"x": object()}))  # not JSON
    with Store(tmp_path / "news.db") as store:
        with pytest.raises(TypeError):
            store.write([ArticleRows(good), ArticleRows(bad)])
        assert len(store) == 0
        assert json.loads(json.dumps(store.runs())) == []


def test_an_article_kept_unannotated_says_why_it_has_no_annotations(tmp_path: Path) -> None:
    a = _article("Les pélicans sont revenus au lac dimanche, selon les gardes.", language="fr")
    with Store(tmp_path / "news.db") as store:
        store.write([], unannotated=[a])
        assert store.get(a.id).text == a.text and store.status([a.id]) == {a.id: "stale"}
        with pytest.raises(ValueError, match=r"kept unannotated: its language \(fr\)"):
            store.annotations([a.id])
        assert store.stored([a]) == (None, [a])


def test_opening_a_store_twice_keeps_the_first_connection_working(tmp_path: Path) -> None:
    """Reading the header of a store this process has open would drop SQLite's locks (any
    close of a file's descriptor drops the process's POSIX locks on it): another process
    closing its last connection would then take the store as unused and delete the WAL
    under the first connection ("disk I/O error"). The header is read once per process."""
    import subprocess
    import sys

    path = tmp_path / "news.db"
    first = Store(path)
    first.write([], unannotated=[_article("One report of the day, stored as text.")])
    Store(path, readonly=True).close()  # a second open in this process
    writer = ("import sqlite3, sys; db = sqlite3.connect(sys.argv[1], isolation_level=None); "
              "db.execute('PRAGMA journal_mode=WAL'); db.execute('CREATE TABLE x (y)'); "
              "db.close()")
    subprocess.run([sys.executable, "-c", writer, str(path)], check=True)
    assert len(first) == 1 and Path(f"{path}-wal").exists()
    first.close()


def test_speakers_are_found_by_their_own_index_and_no_span_is_indexed_by_label(
        tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    old = store_schema.connect(path, upto=4)
    assert old.execute("SELECT count(*) FROM sqlite_master WHERE name = 'spans_by_label'"
                       ).fetchone()[0] == 1
    old.close()
    with Store(path) as store:
        db = store.db
        indexes = {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = "
                                            "'index' AND tbl_name = 'spans'")}
        assert indexes == {"spans_by_article", "speakers_by_article"}
        plan = " ".join(str(r) for r in db.execute(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM spans sp JOIN articles a ON a.seq = "
            "sp.article WHERE sp.label = 'speaker'"))
        assert "speakers_by_article" in plan  # not a scan of every span
        assert store.quotes_by("Nobody") == []
