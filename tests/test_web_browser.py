"""The web app in a real browser (Debian's Chromium through Playwright, as test_browser.py):
`storyweave serve` over a store of the example story and the other reports, used as a reader
would: search, a story, a citation, an article; a person's page; the upload form; a story
page noticing that its story changed. No script error and no Content-Security-Policy
violation on any page; screenshots in out/."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_browser import OUT, WATCH, Tab, browser  # noqa: F401 - the fixture, shared

from storyweave.store import Store, ingest_into

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "xi-moscow-2023"
OTHERS = REPO / "examples" / "other-stories"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def site(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:  # noqa: F811
    """The app's address, serving a store of the examples (``browser`` first: without one,
    skip before annotating)."""
    db = tmp_path_factory.mktemp("site") / "news.db"
    with Store(db) as store:
        ingest_into(store, [EXAMPLE, OTHERS], jobs=1)
    port = _port()
    proc = subprocess.Popen([sys.executable, "-m", "storyweave.cli", "serve", "--db", str(db),
                             "--port", str(port)], stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/api/stories", timeout=5).read()
            break
        except OSError:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.3)
    OUT.mkdir(exist_ok=True)
    yield url
    proc.terminate()
    proc.communicate(timeout=30)


@pytest.fixture
def tab(browser: Any) -> Iterator[Tab]:  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(WATCH)
    t = Tab(page)
    yield t
    page.close()


def test_search_a_story_a_citation_and_an_article(site: str, tab: Tab) -> None:
    page = tab.page
    page.goto(site + "/")
    page.screenshot(path=str(OUT / "web-stories.png"))
    page.locator("header input[name=query]").fill("Moscow visit")
    page.locator("header input[name=query]").press("Enter")
    page.wait_for_url("**/?query=Moscow+visit")
    first = page.locator("a.headline").first
    assert "Xi" in (first.text_content() or "")
    first.click()
    page.wait_for_selector("#summary")
    assert page.locator("#sw-app").is_visible() and page.locator("#sw-live").is_hidden()
    page.locator("#summary a.cite").first.click()
    lit = page.locator(".atext .hl-first")
    assert lit.first.is_visible()
    page.screenshot(path=str(OUT / "web-story.png"))
    page.locator("a.sw-article").first.click()
    page.wait_for_selector("h2:text('Text')")
    assert page.locator(".text p").count() > 3
    page.screenshot(path=str(OUT / "web-article.png"))
    tab.assert_clean()


def test_a_persons_page_lists_the_quotes_attributed_to_them(site: str, tab: Tab) -> None:
    page = tab.page
    page.goto(site + "/entities/Vladimir%20Putin")
    assert page.locator("ul.quotes li").count() >= 10
    assert page.locator("ul.stories li").count() == 3
    page.screenshot(path=str(OUT / "web-entity.png"))
    page.locator("ul.quotes li a").first.click()
    page.wait_for_selector("dl.facts")
    tab.assert_clean()


def test_the_upload_form_adds_a_report_and_the_list_marks_it_new(site: str, tab: Tab,
                                                                   tmp_path: Path) -> None:
    page = tab.page
    page.goto(site + "/")  # a visit: what comes after is new
    report = tmp_path / "flood.txt"
    report.write_text("River floods cut off the town of Lowbridge\n\nMay 2, 2023\n\n"
                      "Floodwater from the swollen River Lowe cut off the town of Lowbridge "
                      "on Tuesday, forcing 400 residents from their homes, the county said.\n\n"
                      "\"The water rose faster than anyone expected,\" county spokesman Tom "
                      "Ardley told reporters, adding that two bridges had been closed.\n")
    page.goto(site + "/ingest")
    page.locator("input[type=file]").set_input_files(str(report))
    page.locator("form.upload button").click()
    page.wait_for_url("**/ingest/*")
    page.wait_for_selector("text=1 article added", timeout=180_000)  # it refreshes itself
    page.locator("text=See the stories").click()
    row = page.locator("ol.stories li", has_text="Lowbridge")
    assert row.locator(".mark").text_content() == "new"
    tab.assert_clean()


def test_a_story_page_notices_that_its_story_changed(site: str, tab: Tab) -> None:
    stories = json.loads(urllib.request.urlopen(
        site + "/api/stories?query=Wang+Yi+rock+solid").read())["stories"]
    story = next(s for s in stories if len(s["articles"]) == 2)
    page = tab.page
    page.goto(f"{site}/stories/{story['id']}")
    assert page.locator("#sw-live").is_hidden()
    first = json.loads(urllib.request.urlopen(
        f"{site}/api/articles/{story['articles'][0]['id']}").read())["article"]
    body = json.dumps({"text": first["text"].replace("Wednesday", "Wednesday evening"),
                       "outlet": "Repost Daily", "published": "2023-02-23"}).encode()
    request = urllib.request.Request(site + "/api/articles", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request).read()
    page.wait_for_selector("#sw-live", state="visible", timeout=180_000)
    page.locator("#sw-live a").click()
    page.wait_for_selector("#summary")
    assert "3 articles" in (page.locator("#sw-app").text_content() or "")
    tab.assert_clean()


@pytest.mark.parametrize("width", [1400, 390])
def test_no_page_of_the_app_is_wider_than_the_window(site: str, tab: Tab, width: int) -> None:
    page = tab.page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + "/")
    story = page.locator("a.headline").first.get_attribute("href")
    article = None
    for path in ("/", story, "/entities/Vladimir%20Putin", "/ingest"):
        page.goto(site + str(path))
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, (path, _wide(page, width))
        if article is None and page.locator("a.sw-article").count():
            article = page.locator("a.sw-article").first.get_attribute("href")
    # an untitled article is headed by its path: a long word on a phone
    assert article is not None
    page.goto(site + article)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, (article, _wide(page, width))
    page.goto(site + str(story))
    page.screenshot(path=str(OUT / f"web-story-{width}.png"))
    tab.assert_clean()


def _wide(page: Any, width: int) -> list[str]:
    """The texts that stick out past ``width`` (a long path in a heading...), for the
    message of a failed width check."""
    return page.evaluate("""w => {
      const range = document.createRange(), out = [];
      const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      while (walk.nextNode()) {
        range.selectNodeContents(walk.currentNode);
        if (range.getBoundingClientRect().right > w + 1)
          out.push(walk.currentNode.parentElement.tagName + ": "
                   + walk.currentNode.textContent.slice(0, 80));
      }
      return out.slice(0, 8);
    }""", width)
