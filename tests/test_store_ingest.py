"""``storyweave ingest --db`` as a user runs it, in real processes: a killed ingest run again
ends with exactly the rows of an uninterrupted one; a second ingest adds nothing; readers
read while it writes; one bad input is one failure; the dossier of a stored story is the
dossier of its files, woven with no model loaded."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from storyweave.store import Store

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "xi-moscow-2023"
GOLDEN = REPO / "tests" / "data" / "golden" / "xi-moscow-2023.json"
ARTICLES = 24
BATCH = 4


def _storyweave(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "storyweave.cli", *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "storyweave.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ARTICLES short reports as JSON lines, cut from the example story's paragraphs (each
    with a line of its own, so that no two are one article)."""
    paragraphs = [p.strip() for f in sorted(EXAMPLE.glob("*.txt"))
                  for p in f.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 25]
    lines = []
    for i in range(ARTICLES):
        body = [paragraphs[(3 * i + k) % len(paragraphs)] for k in range(3)]
        lines.append(json.dumps({"text": f"Report {i + 1} of the series.\n\n"
                                         + "\n\n".join(body),
                                 "outlet": f"outlet{i % 5}", "title": f"Report {i + 1}"}))
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "reports.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "reports.jsonl"


def _rows(path: Path) -> dict[str, list[Any]]:
    """Everything the store holds about articles (the runs log aside)."""
    db = sqlite3.connect(path)
    try:
        return {
            "articles": db.execute(
                "SELECT seq, id, source, url, outlet, title, language, published, format, "
                "encoding, text, meta, removed, figures, pipeline FROM articles ORDER BY seq"
            ).fetchall(),
            "spans": db.execute("SELECT article, start, end, label, attrs FROM spans "
                                "ORDER BY article, rowid").fetchall(),
            "passages": db.execute("SELECT * FROM passages ORDER BY article, kind, n"
                                   ).fetchall(),
            "failures": db.execute("SELECT source, reason FROM failures ORDER BY source"
                                   ).fetchall(),
            "found": db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH "
                                "'moscow' ORDER BY rowid").fetchall(),
        }
    finally:
        db.close()


@pytest.fixture(scope="module")
def uninterrupted(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("whole") / "news.db"
    done = _run("ingest", str(corpus), "--db", str(db), "--jobs", "1", "--batch", str(BATCH),
                cwd=corpus.parent)
    assert done.returncode == 0, done.stderr
    assert f"{ARTICLES} articles added" in done.stderr
    return {"db": db, "rows": _rows(db), "stderr": done.stderr}


def test_every_article_is_stored_annotated_once(uninterrupted: dict[str, Any]) -> None:
    rows = uninterrupted["rows"]
    assert len(rows["articles"]) == ARTICLES
    per_article = {r[0] for r in rows["spans"]} & {r[0] for r in rows["passages"]}
    assert per_article == {r[0] for r in rows["articles"]}
    assert {r[1] for r in rows["passages"]} == {"sentence", "statement", "quote"}
    assert rows["found"]  # the full-text index holds them


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=5) as c:
            return int(c.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:  # not made yet
        return -1


def _kill_when(proc: subprocess.Popen[str], db: Path, articles: int) -> None:
    """SIGKILL ``proc`` once the store holds ``articles`` articles (0: as soon as the store
    exists: while the inputs are being read)."""
    deadline = time.monotonic() + 300
    while _count(db) < articles:
        assert proc.poll() is None, f"ended before the kill: {proc.communicate()[1]}"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.communicate()


@pytest.mark.parametrize("kill_at, jobs", [(0, "1"), (BATCH, "1"), (3 * BATCH, "1"),
                                           (2 * BATCH, "2")])
def test_a_killed_ingest_run_again_has_exactly_the_rows_of_an_uninterrupted_one(
        corpus: Path, uninterrupted: dict[str, Any], tmp_path: Path, kill_at: int,
        jobs: str) -> None:
    db = tmp_path / "news.db"
    args = ("ingest", str(corpus), "--db", str(db), "--jobs", jobs, "--batch", str(BATCH))
    _kill_when(_storyweave(*args, cwd=corpus.parent), db, kill_at)
    kept = _count(db)
    assert kept < ARTICLES and kept % BATCH == 0  # whole batches only
    assert Store(db, readonly=True).ids() == [r[1] for r in uninterrupted["rows"]["articles"]
                                              ][:kept]
    again = _run(*args, cwd=corpus.parent)
    assert again.returncode == 0, again.stderr
    assert f"{kept} already stored" in again.stderr
    if jobs == "1":  # the same batches on the same threads: the same numbers, bit for bit
        assert _rows(db) == uninterrupted["rows"]
    else:  # two workers of one thread each: vectors may differ in their last bits
        rows, whole = _rows(db), uninterrupted["rows"]
        assert {k: v for k, v in rows.items() if k != "passages"} == \
            {k: v for k, v in whole.items() if k != "passages"}
        assert [p[:5] for p in rows["passages"]] == [p[:5] for p in whole["passages"]]


def test_a_second_ingest_of_the_same_inputs_adds_nothing(
        corpus: Path, uninterrupted: dict[str, Any]) -> None:
    db = uninterrupted["db"]
    again = _run("ingest", str(corpus), "--db", str(db), cwd=corpus.parent)
    assert again.returncode == 0, again.stderr
    assert f"0 articles added, 0 re-annotated, {ARTICLES} already stored" in again.stderr
    assert _rows(db) == uninterrupted["rows"]


def test_readers_read_while_the_ingest_writes(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    Store(db).close()
    writer = _storyweave("ingest", str(corpus), "--db", str(db), "--jobs", "1", "--batch", "2",
                         cwd=corpus.parent)
    seen, errors = [], []
    with Store(db, readonly=True) as reader:
        while writer.poll() is None:
            try:
                seen.append(len(reader))
                if seen[-1]:
                    reader.search("Moscow")
                    reader.get(reader.ids()[-1])
            except Exception as e:  # a locked or half-written store would show here
                errors.append(repr(e))
            time.sleep(0.01)
        seen.append(len(reader))
    writer.communicate()
    assert writer.returncode == 0 and not errors
    assert seen == sorted(seen) and seen[-1] == ARTICLES
    assert len(set(seen)) > 3  # it read while the count grew


def test_a_bad_input_is_one_failure_kept_in_the_store_and_the_rest_is_stored(
        tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text("Pelicans returned to Lake Tana on Sunday, rangers said. "
                                     "Counts rose for the third year.\n", encoding="utf-8")
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    (inputs / "blob.txt").write_bytes(bytes(range(256)) * 40)
    db = tmp_path / "news.db"
    done = _run("ingest", str(inputs), "--db", str(db), cwd=tmp_path)
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2 and any("empty.txt" in e for e in errors)
    with Store(db, readonly=True) as store:
        assert len(store) == 1
        assert sorted(Path(f.source).name for f in store.failures()) == ["blob.txt",
                                                                         "empty.txt"]
        assert store.runs()[-1]["failed"] == 2


def test_a_file_that_is_not_a_store_is_one_line_and_untouched(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("my notes, not a database\n", encoding="utf-8")
    done = _run("ingest", str(EXAMPLE), "--db", str(notes), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"Error: {notes}: not a storyweave store (not an SQLite database); left as it is"]
    assert notes.read_text(encoding="utf-8") == "my notes, not a database\n"


@pytest.fixture(scope="module")
def example_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("example") / "news.db"
    done = _run("ingest", "examples/xi-moscow-2023", "--db", str(db), cwd=REPO)
    assert done.returncode == 0, done.stderr
    return db


def _golden() -> Any:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    golden.pop("generator", None)
    return golden


def test_the_dossier_from_the_store_is_the_golden_dossier(example_store: Path,
                                                          tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = _run("dossier", "examples/xi-moscow-2023", "--db", str(example_store),
                "-f", "md,json,html", "-o", str(out), cwd=REPO)
    assert done.returncode == 0, done.stderr
    woven = json.loads((out / "dossier.json").read_text(encoding="utf-8"))
    woven.pop("generator", None)
    assert woven == _golden()
    assert (out / "dossier.md").read_text(encoding="utf-8") == \
        GOLDEN.with_suffix(".md").read_text(encoding="utf-8")
    assert (out / "dossier.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_stored_articles_by_id_weave_with_no_model_loaded(example_store: Path) -> None:
    script = (
        "import json, sys, storyweave\n"
        "from storyweave.store import Store\n"
        "from storyweave.nlp.models import LOAD_SECONDS\n"
        "from storyweave.render import to_json\n"
        "store = Store(sys.argv[1], readonly=True)\n"
        "d = storyweave.weave(store.articles(), store=store)\n"
        "print(json.dumps({'loaded': sorted(LOAD_SECONDS), 'dossier': json.loads(to_json(d))}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(example_store)], cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert not {"spacy", "embedder"} & set(found["loaded"])
    found["dossier"].pop("generator", None)
    assert found["dossier"] == _golden()


def test_a_new_pipeline_version_reannotates_and_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyweave import ingest
    from storyweave.nlp import annotation
    from storyweave.store import ingest_into

    (tmp_path / "a.txt").write_text("Pelicans returned to Lake Tana on Sunday, rangers said.\n",
                                    encoding="utf-8")
    with Store(tmp_path / "news.db") as store:
        first = ingest_into(store, [tmp_path / "a.txt"], jobs=1)
        assert (first.added, first.reannotated) == (1, 0)
        monkeypatch.setattr(annotation, "PIPELINE_VERSION", "test-next")
    notes: list[str] = []
    with Store(tmp_path / "news.db") as store:  # a new process would open it so
        article = ingest([tmp_path / "a.txt"])[0][0]
        assert store.stored([article])[0] is None  # not current: not used as it is
        again = ingest_into(store, [tmp_path / "a.txt"], jobs=1, on_note=notes.append)
        assert (again.added, again.reannotated, again.skipped) == (0, 1, 0)
        assert any("re-annotating 1 stored article" in n for n in notes)
        assert store.pipelines() == {"test-next": 1}
        assert store.stored([article])[0] is not None


@pytest.mark.slow
def test_a_dossier_from_files_says_which_stored_articles_it_annotates_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from storyweave.cli import main
    from storyweave.nlp import annotation
    from storyweave.store import ingest_into

    for name, text in (("a.txt", "Pelicans returned to Lake Tana on Sunday, rangers said.\n"),
                       ("b.txt", "Rangers said pelicans were back on Lake Tana on Sunday.\n")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = tmp_path / "news.db"
    with Store(db) as store:
        ingest_into(store, [tmp_path / "a.txt"], jobs=1)
    monkeypatch.setattr(annotation, "PIPELINE_VERSION", "test-next")
    done = CliRunner().invoke(main, ["dossier", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                                     "--db", str(db), "-o", str(tmp_path / "out.md")])
    assert done.exit_code == 0, done.output
    # a.txt was stored by the pipeline before; b.txt is new, not "again"
    assert "re-annotating 1 stored article that another pipeline version annotated " \
           "(this is test-next)" in done.output
    # now both are stored by this pipeline: nothing is annotated again, nothing said
    again = CliRunner().invoke(main, ["dossier", str(tmp_path / "a.txt"),
                                      str(tmp_path / "b.txt"), "--db", str(db), "-o",
                                      str(tmp_path / "out.md")])
    assert again.exit_code == 0, again.output
    assert "re-annotating" not in again.output
