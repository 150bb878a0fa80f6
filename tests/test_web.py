"""The web app over ASGI (Starlette's TestClient, no socket): every route, its JSON twin, bad
ids and query strings (a clear 4xx), the security headers, cross-site writes refused, and
script payloads stored as an article shown as text on every page."""

from __future__ import annotations

import json
import re
import sqlite3
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient
from test_render_html import PAYLOADS, Page

from storyweave.store import Store, StoreError, ingest_into
from storyweave.web import create_app
from storyweave.web.app import CSP

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "xi-moscow-2023"
OTHERS = REPO / "examples" / "other-stories"
JUNK = " ".join(PAYLOADS.values())


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    folder = tmp_path_factory.mktemp("web")
    payload = folder / "payload.jsonl"
    text = (f"Rescuers in Zorbatown pulled {JUNK} survivors from the rubble on Tuesday. "
            "The search went on through the night in freezing cold.\n\nMore than 40 "
            "buildings collapsed in the town, the mayor said.")
    payload.write_text(json.dumps({"text": text, "title": "<title>pwned</title>",
                                   "outlet": "Alpha " + PAYLOADS["close"],
                                   "url": "javascript:window.__pwned=1",
                                   "published": "2023-04-02"}) + "\n")
    db = folder / "news.db"
    with Store(db) as store:
        done = ingest_into(store, [EXAMPLE, OTHERS, payload], jobs=1)
    assert not done.failures
    return TestClient(create_app(db))


def _visit(client: TestClient) -> dict:
    stories = client.get("/api/stories", params={"entity": "Putin", "since": "2023-03-01"})
    return stories.json()["stories"][0]


def test_the_stories_page_lists_filters_and_pages(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = Page(r.text)
    headlines = [a.get("href") for t, a in page.tags if t == "a" and "headline" in
                 (a.get("class") or "")]
    assert len(headlines) == 5  # four stories of the examples, one of the payload
    r = client.get("/", params={"query": "earthquake"})
    assert r.text.count('class="headline"') == 1 and "earthquake" in r.text.lower()
    api = client.get("/api/stories", params={"entity": "Putin"}).json()
    assert len(api["stories"]) == 3 and api["page"] == 1 and api["more"] is False
    visit = _visit(client)
    assert (visit["sources"], visit["copies"]) == (5, 1)
    assert client.get("/api/stories", params={"page": 2}).json()["stories"] == []


@pytest.mark.parametrize("query, problem", [
    ({"since": "yesterday"}, "since: a day as YYYY-MM-DD"),
    ({"page": "0"}, "page: a whole number"),
    ({"page": "two"}, "page: a whole number"),
    ({"query": "x" * 501}, "query: at most 500 characters"),
])
def test_a_bad_query_string_is_a_400_saying_which(client: TestClient, query: dict,
                                                  problem: str) -> None:
    r = client.get("/", params=query)
    assert r.status_code == 400 and problem in r.text
    r = client.get("/api/stories", params=query)
    assert r.status_code == 400 and problem in r.json()["error"]


def test_a_story_page_is_its_dossier_kept_until_the_story_changes(client: TestClient) -> None:
    visit = _visit(client)
    r = client.get(f"/stories/{visit['id']}")
    assert r.status_code == 200 and "Story dossier" in r.text and "All stories" in r.text
    csp = r.headers["content-security-policy"]
    assert "'sha256-" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    dossier = client.get(f"/api/stories/{visit['id']}").json()
    assert dossier["schema_version"] and len(dossier["articles"]) == 5
    assert any("copy of" in o["reason"] for o in dossier["left_out"])
    download = client.get(f"/stories/{visit['id']}/download")
    assert download.headers["content-disposition"].startswith("attachment;")
    assert "All stories" not in download.text  # the offline page, as it is
    db = client.app.state.web.path  # type: ignore[attr-defined]
    with sqlite3.connect(db) as raw:
        kept = raw.execute("SELECT count(*) FROM dossiers WHERE story = ?",
                           (visit["id"],)).fetchone()[0]
    assert kept == 1


def test_an_article_page_shows_its_text_its_story_and_what_it_copies(
        client: TestClient) -> None:
    visit = _visit(client)
    repost = next(a for a in visit["articles"] if a["copy_of"])
    r = client.get(f"/articles/{repost['id']}")
    assert r.status_code == 200 and "Copy of" in r.text and "not counted as a source" in r.text
    assert f'href="/stories/{visit["id"]}"' in r.text
    original = client.get(f"/api/articles/{repost['copy_of']}").json()
    assert original["copies"] == [repost["id"]] and original["story"] == visit["id"]
    assert original["article"]["text"].startswith("Chinese President Xi Jinping plans")


@pytest.mark.parametrize("path", ["/stories/s000", "/articles/000", "/api/stories/s000",
                                  "/api/articles/000", "/no/such/page"])
def test_unknown_ids_are_404(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    if path.startswith("/api/"):
        assert "no " in r.json()["error"]


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/", "/api/stories", "/no/such/page", "/static/web.css"):
        h = client.get(path).headers
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY"
        assert h["referrer-policy"] == "no-referrer"
        if not path.startswith("/stories/"):
            assert h["content-security-policy"] == CSP
    assert "unsafe-inline" not in CSP and "frame-ancestors 'none'" in CSP


def test_a_change_asked_from_another_site_is_refused(client: TestClient) -> None:
    assert client.post("/", headers={"sec-fetch-site": "cross-site"}).status_code == 403
    assert client.post("/", headers={"origin": "http://evil.example"}).status_code == 403
    assert client.post("/", headers={"sec-fetch-site": "same-origin"}).status_code == 405


def test_payloads_are_text_on_every_page(client: TestClient) -> None:
    found = client.get("/api/stories", params={"query": "Zorbatown"}).json()["stories"]
    assert len(found) == 1
    story, article = found[0]["id"], found[0]["articles"][0]["id"]
    for path in ("/", "/?query=Zorbatown", f"/articles/{article}", f"/stories/{story}"):
        html = client.get(path).text
        page = Page(html)
        tags = [t for t, _ in page.tags]
        assert "img" not in tags, path
        # the dossier's data and script, and the app's live.js (from this server)
        scripts = [a for t, a in page.tags if t == "script"]
        assert len(scripts) == (3 if path.startswith("/stories/") else 0), path
        assert all(a.get("src") in (None, "/static/live.js") for a in scripts), path
        for tag, a in page.tags:
            assert not any(k.startswith("on") for k in a), (path, tag, a)
            assert not (a.get("href") or "").lower().startswith("javascript:"), (path, a)
        assert "<title>pwned</title>" in " ".join(page.data), path  # shown, as text
    assert PAYLOADS["script"] in " ".join(Page(client.get(f"/articles/{article}").text).data)


def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("id,title\n")
    with pytest.raises(StoreError, match="not a storyweave store"):
        create_app(bad)
    with pytest.raises(StoreError, match="no such store"):
        create_app(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_serve_answers_on_the_address_it_names(client: TestClient, host: str) -> None:
    import subprocess
    import sys
    import time
    import urllib.request

    db = client.app.state.web.path  # type: ignore[attr-defined]
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "storyweave.cli", "serve", "--db", str(db),
                             "--host", host, "--port", str(port)],
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline, body = time.monotonic() + 60, ""
        while time.monotonic() < deadline and not body:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                    body = r.read().decode()
            except OSError:
                time.sleep(0.3)
        assert 'class="headline"' in body
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert f"at http://{host}:{port}/" in err
    assert ("other machines can read this store" in err) == (host == "0.0.0.0")


def _wait(client: TestClient, job: str) -> dict:
    import time

    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        status = client.get(f"/api/jobs/{job}").json()
        if status["state"] in ("done", "failed"):
            return dict(status)
        time.sleep(0.2)
    raise AssertionError(f"job {job} still running")


QUAKE_REPORT = ("A magnitude 6.1 earthquake struck the hill town of Norcastle on Sunday, "
                "destroying 30 homes and injuring 12 people, the regional governor said. "
                "Rescue teams from three provinces searched the rubble through the night.\n\n"
                '"We are still counting the damage," the governor told reporters.')


def test_articles_posted_as_json_are_ingested_and_placed(client: TestClient) -> None:
    before = len(client.get("/api/stories").json()["stories"])
    r = client.post("/api/articles", json=[
        {"text": QUAKE_REPORT, "outlet": "Hill Post", "published": "2023-05-07"},
        {"text": QUAKE_REPORT.replace("Sunday", "Sunday evening").replace("12 people",
                                                                          "12 residents"),
         "outlet": "Valley News", "published": "2023-05-07"}])
    assert r.status_code == 202, r.text
    status = _wait(client, r.json()["job"])
    assert status["state"] == "done" and status["added"] == 2 and not status["failures"]
    assert status["stories_started"] == 1 and status["copies"] == 1
    stories = client.get("/api/stories", params={"query": "Norcastle"}).json()["stories"]
    assert len(stories) == 1 and (stories[0]["sources"], stories[0]["copies"]) == (1, 1)
    assert len(client.get("/api/stories").json()["stories"]) == before + 1
    page = client.get(f"/ingest/{r.json()['job']}")
    assert page.status_code == 200 and "2 articles added" in page.text


@pytest.mark.parametrize("body, problem", [
    (b"{not json", "not JSON"), (b"[]", "no article given"),
    (b'[{"title": "no text"}]', 'article 1: an object with "text" or "html"'),
])
def test_a_bad_post_is_a_400_and_adds_nothing(client: TestClient, body: bytes,
                                              problem: str) -> None:
    jobs = len(client.app.state.web.uploads.jobs)  # type: ignore[attr-defined]
    r = client.post("/api/articles", content=body,
                    headers={"content-type": "application/json"})
    assert r.status_code == 400 and problem in r.json()["error"]
    assert len(client.app.state.web.uploads.jobs) == jobs  # type: ignore[attr-defined]


def test_uploads_over_the_limit_are_refused_before_reading(tmp_path: Path,
                                                            client: TestClient) -> None:
    db = client.app.state.web.path  # type: ignore[attr-defined]
    small = TestClient(create_app(db, max_upload=1000))
    r = small.post("/ingest", files={"files": ("big.txt", b"x" * 5000, "text/plain")})
    assert r.status_code == 413 and "at most 1,000 bytes" in r.text
    r = small.post("/api/articles", json={"text": "y" * 5000})
    assert r.status_code == 413 and small.app.state.web.uploads.jobs == {}  # type: ignore


def test_the_upload_form_adds_files_and_follows_the_job(client: TestClient) -> None:
    form = client.get("/ingest")
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.text
    text = QUAKE_REPORT.replace("Norcastle", "Brightwater").replace("6.1", "5.8")
    r = client.post("/ingest", files=[("files", ("../../etc/quake.txt", text.encode(),
                                                 "text/plain"))], follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/ingest/")
    job = r.headers["location"].rsplit("/", 1)[1]
    status = _wait(client, job)
    assert status["state"] == "done" and status["added"] == 1
    assert status["inputs"] == ["../../etc/quake.txt"]
    found = client.get("/api/stories", params={"query": "Brightwater"}).json()["stories"]
    sources = [a["source"] for s in found for a in s["articles"]]
    assert f"upload/{job}/0000-quake.txt" in sources  # its name, not the server's folder
    # neither the upload's claimed folder nor the server's own (a temporary folder)
    assert not any("/etc/" in s or tempfile.gettempdir() in s for s in sources)
    r = client.post("/ingest", files=[("files", ("", b"", "text/plain"))])
    assert r.status_code == 400 and "at least one file" in r.text


def test_an_entity_page_gathers_its_stories_and_quotes(client: TestClient) -> None:
    r = client.get("/entities/Vladimir%20Putin")
    assert r.status_code == 200 and "stories naming Vladimir Putin" in r.text
    api = client.get("/api/entities/Putin").json()
    assert len(api["stories"]) == 3 and len(api["quotes"]) >= 10
    assert all(q["name"].endswith("Putin") for q in api["quotes"])
    some = api["quotes"][0]
    article = client.get(f"/api/articles/{some['article']}").json()["article"]
    assert article["text"][some["start"]:some["end"]] == some["text"]  # an exact citation
    assert client.get("/api/entities/Nobody%20Atall").json() == {
        "name": "Nobody Atall", "stories": [], "quotes": []}


def test_an_outlet_page_lists_its_articles_and_whom_it_quotes(client: TestClient) -> None:
    r = client.get("/outlets/political%20iq")
    assert r.status_code == 200 and "Whom it quotes" in r.text
    api = client.get("/api/outlets/Political%20IQ").json()
    assert len(api["articles"]) == 1 and api["articles"][0]["story"]
    assert ["Antony Blinken", 1] in api["speakers"]
    # what only it reports, from its stories' woven dossiers
    client.get(f"/stories/{api['articles'][0]['story']}")
    api = client.get("/api/outlets/Political%20IQ").json()
    assert api["stories_woven"] == 1 and len(api["exclusives"]) >= 1
    texts = [x["text"] for x in api["exclusives"]]
    assert any("39 times" in t or "spy balloon" in t or "South Carolin" in t for t in texts)
    assert client.get("/outlets/No%20Such%20Outlet").status_code == 404
    # a name with a slash stays one path segment in the links
    payload_outlet = "Alpha " + PAYLOADS["close"]
    page = client.get("/", params={"query": "Zorbatown"}).text
    assert "/outlets/Alpha%20%3C%2Fscript%3E" in page
    assert client.get("/outlets/" + quote(payload_outlet, safe="")).status_code == 200


def test_the_list_marks_what_is_new_since_the_last_visit(client: TestClient) -> None:
    db = client.app.state.web.path  # type: ignore[attr-defined]
    mine = TestClient(create_app(db))  # a browser of its own (its own cookie)
    first = mine.get("/")
    assert 'class="mark"' not in first.text  # a first visit marks nothing
    assert "sw_seen" in mine.cookies and "httponly" in first.headers["set-cookie"].lower()
    visit = _visit(mine)
    report = client.get(f"/api/articles/{visit['articles'][1]['id']}").json()["article"]
    r = mine.post("/api/articles", json=[
        {"text": QUAKE_REPORT.replace("Norcastle", "Eastmoor").replace("6.1", "4.9"),
         "published": "2023-06-11"},
        {"text": report["text"].replace("Xi", "President Xi") + "\n\nUpdated.",
         "published": "2023-03-19"}])
    assert _wait(mine, r.json()["job"])["added"] == 2
    story_page = mine.get(f"/stories/{visit['id']}").text  # the article that joined: new
    bar = story_page[story_page.index('id="sw-app"'):story_page.index("</div>")]
    assert bar.count("<mark>new</mark>") == 1
    page = mine.get("/").text
    marks = re.findall(r'<span class="mark">(\w+)</span> <a href="/stories/(\w+)"', page)
    assert ("updated", visit["id"]) in marks
    assert [m for m, _ in marks].count("new") == 1 and len(marks) == 2, (marks, page)
    assert 'class="mark"' not in mine.get("/").text  # seen now


def test_a_story_page_offers_a_reload_when_its_story_changes(client: TestClient) -> None:
    visit = _visit(client)
    version = client.get(f"/api/stories/{visit['id']}/version").json()
    assert version["id"] == visit["id"] and version["version"] >= 1
    page = client.get(f"/stories/{visit['id']}")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in csp and "connect-src 'self'" in csp
    # the page's own policy (a meta element) says the same, or it would block the script
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page.text)
    assert meta and meta.group(1) + "; frame-ancestors 'none'" == csp
    assert '<script src="/static/live.js" defer></script>' in page.text
    assert f'data-version="{version["version"]}"' in page.text
    assert client.get("/static/live.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/api/stories/s000/version").status_code == 404


def test_an_article_page_marks_its_spans_by_kind(client: TestClient) -> None:
    visit = _visit(client)
    original = next(a for a in visit["articles"]
                    if a["source"].endswith("003_07d2d95af1c2a203.txt"))
    html = client.get(f"/articles/{original['id']}").text
    page = Page(html)
    classes = [a.get("class") or "" for t, a in page.tags if t == "span"]
    assert any("k-quote" in c for c in classes) and any("k-entity" in c for c in classes)
    assert any("k-number" in c for c in classes)
    # the runs put together give the text back, paragraph by paragraph
    text = client.get(f"/api/articles/{original['id']}").json()["article"]["text"]
    body = html[html.index('<div class="text">'):html.index("</div>", html.index(
        '<div class="text">'))]
    shown = "\n\n".join("".join(Page(p).data) for p in re.findall(r"<p>(.*?)</p>", body, re.S))
    assert shown == text


def test_the_list_orders_by_outlets_and_refuses_another_order(client: TestClient) -> None:
    by_outlets = client.get("/api/stories", params={"sort": "outlets"}).json()["stories"]
    counts = [len({a["outlet"] or a["id"] for a in s["articles"] if not a["copy_of"]})
              for s in by_outlets]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 5
    r = client.get("/", params={"sort": "random"})
    assert r.status_code == 400 and "sort: latest or outlets" in r.text
