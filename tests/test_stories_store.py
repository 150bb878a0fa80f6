"""Stories in the store, as a user meets them: the example story's five reports ingested
with reports of other meetings of the same two leaders, an earthquake, and a reposted copy
of one report (examples/other-stories, written for this) become one story each; the copy
joins its original's story as a copy, never as a source; ids survive a rerun, a second run
and a merge; `storyweave stories` lists and filters them and `dossier --story` weaves one."""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyweave import ingest
from storyweave.api import story_dossier
from storyweave.cli import main
from storyweave.model import StoryOverview
from storyweave.nlp import annotate
from storyweave.store import SCHEMA_VERSION, Store, ingest_into
from storyweave.store import schema as store_schema
from storyweave.store.rows import rows_of

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "xi-moscow-2023"
OTHERS = REPO / "examples" / "other-stories"
REPOST = "repost-xi-to-meet-putin.txt"
ORIGINAL = "003_07d2d95af1c2a203.txt"


def _partition(store: Store) -> dict[str, frozenset[str]]:
    """story id -> the file names of its articles."""
    return {s.id: frozenset(Path(a.source).name for a in s.articles) for s in store.stories()}


def _placed(store: Store) -> dict[str, tuple[str, float, str | None]]:
    """file name -> (story id, fit score, the article it copies): how each was placed."""
    return {Path(a.source).name: (s.id, a.score, a.copy_of) for s in store.stories()
            for a in s.articles}


def _story_with(store: Store, name: str) -> StoryOverview:
    return next(s for s in store.stories() if any(Path(a.source).name == name
                                                  for a in s.articles))


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example story and the other reports, ingested in one run."""
    path = tmp_path_factory.mktemp("stories") / "news.db"
    with Store(path) as store:
        done = ingest_into(store, [EXAMPLE, OTHERS], jobs=1)
    assert not done.failures and done.read == 13
    return path


def test_the_example_story_is_one_story_and_the_other_meetings_are_not_in_it(
        stored: Path) -> None:
    with Store(stored, readonly=True) as store:
        found = _partition(store)
    example = {p.name for p in EXAMPLE.iterdir()}
    visit = next(names for names in found.values() if ORIGINAL in names)
    assert visit == example | {REPOST}
    # the December call, the February visit of China's top diplomat and the earthquake are
    # each one story of their own
    for prefix in ("call-", "wang-yi-", "quake-"):
        holding = [names for names in found.values() if any(n.startswith(prefix)
                                                             for n in names)]
        assert len(holding) == 1, (prefix, found)
        assert all(n.startswith(prefix) for n in holding[0]), (prefix, holding)
    assert len(found) == 4


def test_a_reposted_copy_joins_as_a_copy_not_a_source(stored: Path) -> None:
    with Store(stored, readonly=True) as store:  # read-only: the dossier is not kept
        story = _story_with(store, REPOST)
        by_name = {Path(a.source).name: a for a in story.articles}
        repost, original = by_name[REPOST], by_name[ORIGINAL]
        assert repost.copy_of == original.id and repost.similarity is not None
        assert repost.similarity >= 0.8
        assert all(a.copy_of is None for a in story.articles if a is not repost)
        assert (story.sources, story.copies) == (5, 1)
        dossier, cached = story_dossier(store, story.id)
    assert not cached
    assert len({p.article for c in dossier.claims for p in c.passages}) <= 5
    assert repost.id not in {p.article for c in dossier.claims for p in c.passages}
    assert any(o.article == repost.id and "copy of" in o.reason for o in dossier.left_out)


def test_a_kept_dossier_is_served_until_the_code_that_wove_it_changes(
        stored: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyweave import api

    path = tmp_path / "news.db"
    shutil.copy(stored, path)
    with Store(path) as store:
        story = _story_with(store, ORIGINAL)
        first, cached = story_dossier(store, story.id)
        assert not cached
        again, cached = story_dossier(store, story.id)
        assert cached and again.summary == first.summary
        # an edit to the weaving code (an editable install keeps its version number)
        monkeypatch.setattr(api, "code_fingerprint", lambda: "edited")
        _, cached = story_dossier(store, story.id)
        assert not cached
        _, cached = story_dossier(store, story.id)
        assert cached


def test_the_code_fingerprint_changes_with_any_source_of_the_package(tmp_path: Path) -> None:
    from storyweave import api
    from storyweave.api import code_fingerprint, sources_digest

    package = Path(api.__file__).parent
    copy = tmp_path / "storyweave"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert sources_digest(copy) == code_fingerprint()
    weaving = copy / "weaving" / "discrepancies.py"
    weaving.write_text(weaving.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert sources_digest(copy) != code_fingerprint()


def test_the_weave_of_stored_articles_reads_their_signatures_not_makes_them(
        stored: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyweave.stories import copies

    with Store(stored, readonly=True) as store:
        story = _story_with(store, REPOST)
        articles = store.articles([a.id for a in story.articles])
        signed = store.signatures(articles)
        assert set(signed) == {a.id for a in articles}
        assert all(s is not None and list(s) == list(copies.sign(a.text).hashvalues)
                   for a, s in ((a, signed[a.id]) for a in articles))
        # another text under a stored id is not the stored article: no signature for it
        other = replace(articles[0], text=articles[0].text + " More.")
        assert store.signatures([other]) == {}
        monkeypatch.setattr(copies, "sign", lambda text: pytest.fail("signed again"))
        dossier, _ = story_dossier(store, story.id)
    # the repost is still found a copy, from the stored signatures
    assert any("copy of" in o.reason for o in dossier.left_out)


def test_a_stored_story_is_woven_without_the_stream_copy_index(stored: Path) -> None:
    """A story's copies come from its stored MinHash values, every pair compared: the weave
    never imports datasketch (and scipy.integrate with it), and still folds the repost."""
    import subprocess
    import sys

    with Store(stored, readonly=True) as store:
        story_id = _story_with(store, REPOST).id
    script = ("import sys, json\n"
              "from storyweave.api import story_dossier\n"
              "from storyweave.store import Store\n"
              f"with Store({str(stored)!r}, readonly=True) as s:\n"
              f"    d, _ = story_dossier(s, {story_id!r})\n"
              "print(json.dumps({'datasketch': 'datasketch' in sys.modules,\n"
              "                  'left_out': [o.reason for o in d.left_out]}))\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["datasketch"] is False
    assert any("copy of" in reason for reason in seen["left_out"])


def test_ingesting_again_changes_no_id(stored: Path, tmp_path: Path) -> None:
    path = tmp_path / "again.db"
    shutil.copy(stored, path)
    with Store(path) as store:
        before = _partition(store)
        done = ingest_into(store, [EXAMPLE, OTHERS], jobs=1)
        assert done.added == 0 and done.skipped == 13
        assert _partition(store) == before


def test_two_runs_place_the_articles_as_one_run_does(stored: Path, tmp_path: Path) -> None:
    """The index is taken up from the store: the example story first, the others a run
    later, gives the stories (and ids) of one run with both."""
    with Store(tmp_path / "two.db") as store:
        ingest_into(store, [EXAMPLE], jobs=1)
    with Store(tmp_path / "two.db") as store:  # another process, as it were: state reloaded
        ingest_into(store, [OTHERS], jobs=1)
        twice = _placed(store)
    with Store(stored, readonly=True) as store:
        assert twice == _placed(store)  # the same stories, and every fit score the same


def test_a_store_that_lost_its_places_catches_up(stored: Path, tmp_path: Path) -> None:
    """A store made before stories (or a run killed between two transactions) has articles
    in no story: the next write or `group` places them, as one run would have."""
    path = tmp_path / "lost.db"
    shutil.copy(stored, path)
    with Store(stored, readonly=True) as store:
        expected = _partition(store)
    db = sqlite3.connect(path)
    for table in ("members", "stories", "story_aliases", "story_events", "name_counts"):
        db.execute(f"DELETE FROM {table}")
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.stories() == []
        assert len(store.group()) == 13
        assert _partition(store) == expected


def test_an_older_store_is_migrated_to_stories(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    store_schema.connect(path, upto=2).close()
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.stories() == [] and store.group() == []


def test_a_merge_keeps_the_older_id_and_the_younger_one_still_resolves(
        tmp_path: Path) -> None:
    articles, _ = ingest([EXAMPLE / ORIGINAL, OTHERS / "quake-2023-02-06-a.txt",
                          EXAMPLE / "002_a6971c95fe118026.txt"])
    rows = rows_of(annotate(articles))
    path = tmp_path / "merge.db"
    with Store(path) as store:
        store._grouping.settings = {"join": 2.0, "merge": 2.0}  # nothing joins: two stories
        first, second = store.write(rows[:1]), store.write(rows[1:2])
        older, younger = first[0].story, second[0].story
        assert older != younger
        # now anything joins and merges what it touches, whatever its day
        index = store._grouping.grouper.index
        index.join = index.merge = -1.0
        index.window = 10**6
        (bridge,) = store.write(rows[2:])
        assert bridge.story == older and bridge.merged == (younger,)
    with Store(path) as store:  # read back from the file, state loaded afresh
        merged = store.story(younger)
        assert merged.id == older and merged.aliases == (younger,)
        assert {a.id for a in merged.articles} == {a.id for a in articles}
        assert [s.id for s in store.stories()] == [older]
        events = store.db.execute("SELECT kind, other FROM story_events WHERE story = ? "
                                  "ORDER BY id", (older,)).fetchall()
        assert events == [("started", None), ("merged", younger)]


def _three(tmp_path: Path, name: str, join: float) -> tuple[Path, list[str]]:
    """Two reports of the visit and one of the earthquake, written one at a time with the
    stream's join threshold at ``join`` (2: nothing joins; -1: everything does)."""
    articles, _ = ingest([EXAMPLE / ORIGINAL, OTHERS / "quake-2023-02-06-a.txt",
                          EXAMPLE / "002_a6971c95fe118026.txt"])
    rows = rows_of(annotate(articles))
    path = tmp_path / name
    with Store(path) as store:
        store._grouping.settings = {"join": join, "merge": 2.0, "window_days": 10**6}
        for r in rows:
            store.write([r])
    return path, [a.id for a in articles]


def test_regrouping_merges_what_the_stream_split_and_the_younger_id_resolves(
        tmp_path: Path) -> None:
    path, (visit, quake, visit_too) = _three(tmp_path, "split.db", 2.0)
    with Store(path) as store:
        older, younger = store.story_of(visit), store.story_of(visit_too)
        assert len({older, younger, store.story_of(quake)}) == 3
        out = store.regroup()
        assert out.merged == [(younger, older)] and out.split == []
    with Store(path) as store:  # read back from the file
        assert store.story_of(visit_too) == older and store.story(younger).id == older
        assert store.story(older).aliases == (younger,)
        assert len(store.stories()) == 2 and store.story_of(quake) != older
        events = store.db.execute("SELECT kind, other FROM story_events WHERE story = ? "
                                  "ORDER BY id", (older,)).fetchall()
        assert events[-1] == ("merged", younger)
        assert store.regroup().story_of == {}  # settled: a second regrouping moves nothing


def test_regrouping_splits_what_the_stream_joined_and_records_the_split(
        tmp_path: Path) -> None:
    path, (visit, quake, visit_too) = _three(tmp_path, "joined.db", -1.0)
    with Store(path) as store:
        (story,) = {store.story_of(a) for a in (visit, quake, visit_too)}
        version = store.story(story).version
        out = store.regroup()
        (part,) = out.started
        assert out.split == [(story, part)] and out.story_of == {quake: part}
    with Store(path) as store:
        # the visit keeps the id (two of the three reports), the earthquake is a new story
        assert store.story_of(visit) == store.story_of(visit_too) == story
        assert store.story_of(quake) == part
        assert {a.id for a in store.story(part).articles} == {quake}
        assert store.story(story).version > version  # its dossier is woven again
        assert len(store.story(story).articles) == 2
        events = store.db.execute("SELECT kind, other FROM story_events WHERE story = ? "
                                  "ORDER BY id", (story,)).fetchall()
        assert events[-1] == ("split", part)
        # listed with the story (`stories -f json`, the web app's story page)
        assert store.story(story).split_off == (part,) and store.story(story).split_from is None
        assert store.story(part).split_from == story and store.story(part).split_off == ()
        # the stream's index is taken up from the stories as they are now
        index = store._grouping._grouper().index
        assert index.stories[part].size == 1 and index.stories[story].size == 2


def test_a_story_that_lost_a_report_to_another_no_longer_holds_its_day(
        tmp_path: Path) -> None:
    """The stream puts a report of the visit with the earthquake (the only story it has
    then); regrouping moves it to the visit's story. The earthquake's story neither merged
    nor split, but its row and the stream's index are restated: its days, size and names
    are the earthquake's again, not a March day of the visit's."""
    articles, _ = ingest([OTHERS / "quake-2023-02-06-a.txt", EXAMPLE / ORIGINAL,
                          OTHERS / "quake-2023-02-06-b.txt",
                          EXAMPLE / "002_a6971c95fe118026.txt"])
    quake, visit_too, quake_too, visit = (a.id for a in articles)
    rows = rows_of(annotate(articles))
    path = tmp_path / "left.db"
    with Store(path) as store:
        for r, join in zip(rows, (2.0, -1.0, -1.0, 2.0), strict=True):
            store._grouping.settings = {"join": join, "merge": 2.0, "window_days": 10**6}
            store._grouping.grouper = None  # taken up again with these settings
            store.write([r])
        story = store.story_of(quake)
        assert store.story_of(visit_too) == story == store.story_of(quake_too)
        assert store.story(story).last.startswith("2023-03")  # the visit's day, wrongly
        out = store.regroup()
        assert out.story_of == {visit_too: store.story_of(visit)}
        assert not out.merged and not out.split and out.left == {story}
    with Store(path) as store:
        kept = store.story(story)
        assert {a.id for a in kept.articles} == {quake, quake_too}
        assert (kept.first, kept.last) == ("2023-02-06", "2023-02-07")  # the two quake reports
        index = store._grouping._grouper().index
        assert index.stories[story].size == 2
        assert index.stories[story].last == date(2023, 2, 7)


def test_the_web_app_and_the_api_show_a_split(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from storyweave.web import create_app

    path, (visit, quake, _) = _three(tmp_path, "web.db", -1.0)
    with Store(path) as store:
        store.regroup()
        story, part = store.story_of(visit), store.story_of(quake)
    client = TestClient(create_app(path))
    page = client.get(f"/stories/{part}").text
    assert f'Split from <a href="/stories/{story}">{story}</a>' in page
    assert f'<a href="/stories/{part}">{part}</a>.' in client.get(f"/stories/{story}").text
    listed = {s["id"]: s for s in client.get("/api/stories").json()["stories"]}
    assert listed[part]["split_from"] == story and listed[story]["split_off"] == [part]


def test_after_regrouping_the_streams_index_is_what_a_fresh_load_gives(
        tmp_path: Path) -> None:
    path, _ = _three(tmp_path, "live.db", -1.0)

    def held(store: Store) -> dict[str, tuple]:
        index = store._grouping._grouper().index
        return {s.id: (s.size, s.first, s.last, s.created, dict(s.entities),
                       s.total.round(4).tolist()) for s in index.stories.values()}

    with Store(path) as store:
        store._grouping._grouper()  # the index in memory, before
        assert store.regroup().split
        live = held(store)  # kept in step, not reloaded
    with Store(path) as store:
        assert held(store) == live


# --- the command line ---------------------------------------------------------------------

def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_stories_lists_and_filters(stored: Path) -> None:
    code, out, err = _cli("stories", "--db", str(stored))
    assert code == 0 and "4 stories of 4" in err
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["story", "last", "day"] and len(lines) == 5
    assert "5+1c" in out  # the example story: five reports and one copy

    def listed(*args: str) -> list[dict[str, object]]:
        code, out, err = _cli("stories", "--db", str(stored), "-f", "json", *args)
        assert code == 0, err
        return list(json.loads(out))

    everything = listed()
    visit = next(s for s in everything if s["copies"] == 1)
    assert visit["sources"] == 5 and visit["first"] == "2023-03-13"
    repost = next(a for a in visit["articles"] if a["source"].endswith(REPOST))  # type: ignore
    assert repost["copy_of"] and repost["title"].startswith("Xi Jinping set to visit")
    quake = [s["id"] for s in listed("--query", "earthquake")]
    assert len(quake) == 1 and quake[0] not in {visit["id"]}
    putin = {s["id"] for s in listed("--entity", "Vladimir Putin")}
    assert visit["id"] in putin and quake[0] not in putin and len(putin) == 3
    assert [s["id"] for s in listed("--since", "2023-03-01")] == [visit["id"]]
    assert quake[0] not in {s["id"] for s in listed("--until", "2023-01-15")}
    assert [s["id"] for s in listed("--outlet", "political iq")] == [visit["id"]]
    assert listed("--outlet", "no such outlet") == []
    code, _, err = _cli("stories", "--db", str(stored), "--since", "March 1")
    assert code == 2 and "YYYY-MM-DD" in err


def test_dossier_of_a_story_is_kept_until_the_story_changes(stored: Path,
                                                            tmp_path: Path) -> None:
    path = tmp_path / "cache.db"
    shutil.copy(stored, path)
    with Store(path) as store:
        story = _story_with(store, ORIGINAL)
    out = tmp_path / "story.md"
    code, _, err = _cli("dossier", "--db", str(path), "--story", story.id, "-o", str(out))
    assert code == 0, err
    first = out.read_text()
    assert "kept in the store" not in err and "Xi" in first
    code, _, err = _cli("dossier", "--db", str(path), "--story", story.id, "-o", str(out))
    assert code == 0 and "kept in the store" in err and out.read_text() == first
    # a dossier schema of another version (a new section or kind) weaves it again
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("storyweave.api.SCHEMA_VERSION", "2.99")
        code, _, err = _cli("dossier", "--db", str(path), "--story", story.id, "-o", str(out))
    assert code == 0 and "kept in the store" not in err
    code, _, err = _cli("dossier", "--db", str(path), "--story", "s000", "-o", str(out))
    assert code == 1 and "no story 's000'" in err and "storyweave stories" in err
    code, _, err = _cli("dossier", "--story", story.id)
    assert code == 2 and "--db" in err


def test_stories_of_a_missing_store_is_one_line_and_makes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "none.db"
    code, out, err = _cli("stories", "--db", str(path))
    assert code == 1 and "no such store" in err and out == "" and not path.exists()


def test_ingest_says_what_it_did_to_stories_in_either_order(stored: Path,
                                                            tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    code, _, err = _cli("ingest", str(OTHERS), "--db", str(db), "--jobs", "1")
    assert code == 0, err
    # the repost's original is not in this store: it is a report of its own here
    assert "4 new stories, 4 articles joined a story" in err and "copy" not in err
    code, _, err = _cli("ingest", str(EXAMPLE), "--db", str(db), "--jobs", "1")
    assert code == 0, err
    assert "1 copy of another report" not in err  # the repost came first: it is the original
    with Store(db, readonly=True) as store:
        story = _story_with(store, REPOST)
        by_name = {Path(a.source).name: a for a in story.articles}
        reversed_order = set(_partition(store).values())
    # the example's report dated a day earlier is the earliest version: the links turn round
    assert by_name[REPOST].copy_of == by_name[ORIGINAL].id
    assert by_name[ORIGINAL].copy_of is None
    # the other stories first, then the example: the same stories (their ids come from their
    # first articles, so the example story's is the repost's here)
    with Store(stored, readonly=True) as store:
        assert reversed_order == set(_partition(store).values())
