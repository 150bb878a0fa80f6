"""The web app over ASGI (Starlette's TestClient, no socket): every route, its JSON twin, bad
ids and query strings (a clear 4xx), the security headers, cross-site writes refused, and
script payloads stored as an article shown as text on every page."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

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
        assert tags.count("script") == (2 if path.startswith("/stories/") else 0), path
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
