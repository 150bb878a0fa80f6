"""The HTML dossier in a real browser: Debian's Chromium (``apt-get install chromium``),
driven by Playwright for Python, headless. Opens the example story's page and clicks
through it as a reader would (a summary citation, the coverage filter, an article's removed
lines), checks no script error and no Content-Security-Policy violation, saves screenshots
to out/, and checks that script payloads in articles never run.

Without Chromium these tests skip, saying what to install; with STORYWEAVE_REQUIRE_BROWSER=1
(CI sets it) they fail instead, so they never skip silently there."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from test_render_html import PAYLOADS, payload_story, story

from storyweave.model import Dossier
from storyweave.render import to_html

OUT = Path(__file__).resolve().parents[1] / "out"
MISSING = "Chromium not found: apt-get install chromium, or set STORYWEAVE_CHROMIUM"
# Set before any page script runs (Playwright injects it past the page's CSP): every
# violation the page reports, so a blocked style or script fails the test.
WATCH = """window.__csp = [];
document.addEventListener("securitypolicyviolation",
  e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));"""


def chromium_path() -> str | None:
    path = os.environ.get("STORYWEAVE_CHROMIUM") or shutil.which("chromium") \
        or shutil.which("chromium-browser")
    return path if path and os.access(path, os.X_OK) else None


def _missing(reason: str) -> None:
    if os.environ.get("STORYWEAVE_REQUIRE_BROWSER") == "1":
        pytest.fail(reason + " (STORYWEAVE_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        _missing(MISSING)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright not installed: pip install -c constraints.txt -e '.[dev]'")
    root = hasattr(os, "geteuid") and os.geteuid() == 0  # Chromium's sandbox refuses root
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True,
                              args=["--no-sandbox"] if root else [])
        yield b
        b.close()


class Tab:
    """A page and everything it complained about."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(f"{m.type}: {m.text}")
                if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.page.evaluate("window.__csp") == []


@pytest.fixture
def open_tab(browser: Any) -> Iterator[Callable[[Path], Tab]]:
    tabs: list[Tab] = []

    def open_(path: Path) -> Tab:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.add_init_script(WATCH)
        tab = Tab(page)
        tabs.append(tab)
        page.goto(path.as_uri())
        return tab

    yield open_
    for t in tabs:
        t.page.close()


@pytest.fixture(scope="module")
def demo(browser: Any, example_dossier: Dossier,
         tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example story's page, as `make demo` writes it (``browser`` first: without one,
    skip before weaving)."""
    path = tmp_path_factory.mktemp("html") / "xi-moscow-2023.html"
    path.write_text(to_html(example_dossier), encoding="utf-8")
    OUT.mkdir(exist_ok=True)
    return path


@pytest.mark.slow
def test_summary_citation_shows_the_passage_highlighted_in_view(
        demo: Path, open_tab: Callable[[Path], Tab], example_dossier: Dossier) -> None:
    d = example_dossier
    tab = open_tab(demo)
    page = tab.page
    page.screenshot(path=str(OUT / "html-overview.png"))
    sentence = d.summary[0]
    number_of = {aid: s.number for s in d.sources for aid in s.articles}
    n = max(number_of[p.article] for p in sentence.citations)
    first = next(p for p in sentence.citations if number_of[p.article] == n)
    marker = page.locator("#summary ol.summary > li").first.locator(f"a.cite:text-is('[{n}]')")
    assert page.locator(".atext .hl").count() == 0
    marker.click()
    lit = page.locator(".atext .hl-first")
    assert "".join(lit.all_text_contents()) == d.quote(first)
    assert lit.first.is_visible()
    assert page.evaluate("""() => { const r = document.querySelector(".hl-first")
        .getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }""")
    article = lit.first.locator("xpath=ancestor::details[contains(@class, 'article')]")
    assert article.get_attribute("open") is not None
    status = page.locator("#sw-status-text").text_content() or ""
    assert status.startswith(f"[{n}] ") and f"characters {first.start}" in status
    page.screenshot(path=str(OUT / "html-citation.png"))
    page.locator("#sw-back").click()
    assert page.evaluate("""() => { const r = document.activeElement.getBoundingClientRect();
        return document.activeElement.matches("#summary a.cite")
            && r.top >= 0 && r.bottom <= innerHeight; }""")
    tab.assert_clean()


def _rows(page: Any) -> list[tuple[list[str], bool]]:
    return [(s.split(), v) for s, v in page.evaluate(
        """() => Array.from(document.querySelectorAll("#cov tbody tr"),
            r => [r.getAttribute("data-s"), r.offsetParent !== null])""")]


@pytest.mark.slow
def test_coverage_matrix_filters_by_outlet(demo: Path, open_tab: Callable[[Path], Tab],
                                          example_dossier: Dossier) -> None:
    d = example_dossier
    page = open_tab(demo).page
    rows = _rows(page)
    assert len(rows) == len(d.claims) and sum(v for _, v in rows) == min(25, len(rows))
    page.locator("#cov-more").click()
    assert all(v for _, v in _rows(page))
    outlet = d.sources[-1]
    page.locator("#cov-outlet").select_option(str(outlet.number))
    rows = _rows(page)
    carried = sum(outlet.key in c.sources for c in d.claims)
    assert 0 < sum(v for _, v in rows) == carried < len(rows)
    assert all(v == (str(outlet.number) in s) for s, v in rows)
    page.locator("#coverage").scroll_into_view_if_needed()
    page.evaluate("document.getElementById('coverage').scrollIntoView()")
    page.screenshot(path=str(OUT / "html-coverage-filter.png"))
    page.locator("#cov-mode").select_option("omits")
    assert all(v == (str(outlet.number) not in s) for s, v in _rows(page))
    assert page.locator("#cov-count").text_content() == \
        f"{len(rows) - carried} of {len(rows)} facts"


@pytest.mark.slow
def test_article_removed_lines_expand(demo: Path, open_tab: Callable[[Path], Tab],
                                      example_dossier: Dossier) -> None:
    tab = open_tab(demo)
    page = tab.page
    a = next(x for x in example_dossier.articles if x.removed)
    k = example_dossier.articles.index(a)
    article = page.locator(f"#a{k}")
    line = article.locator(".removed-lines tbody tr").first
    assert not line.is_visible()
    article.locator("summary").first.click()
    removed = article.locator("details.removed > summary")
    removed.click()
    assert line.is_visible()
    assert a.removed[0].text in (line.text_content() or "")
    assert a.removed[0].reason in (line.text_content() or "")
    removed.scroll_into_view_if_needed()
    page.screenshot(path=str(OUT / "html-removed-lines.png"))
    page.evaluate("document.getElementById('timeline').scrollIntoView()")
    page.screenshot(path=str(OUT / "html-timeline.png"))
    tab.assert_clean()


def test_payloads_in_articles_never_run(tmp_path: Path,
                                        open_tab: Callable[[Path], Tab]) -> None:
    d = payload_story()
    path = tmp_path / "payloads.html"
    path.write_text(to_html(d), encoding="utf-8")
    tab = open_tab(path)
    page = tab.page
    page.locator("#summary a.cite").last.click()  # the sentence made of payloads
    page.locator("#art-open").click()
    page.locator("details.removed > summary").first.click()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.title() == "Story dossier: <title>pwned</title>"
    assert page.evaluate("document.scripts.length") == 2
    assert page.locator("img, iframe, object, embed").count() == 0
    hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
    assert not [h for h in hrefs if not h.startswith(("file:", "https:"))]
    shown = page.locator(".atext").first.inner_text()
    for payload in PAYLOADS.values():
        assert payload in shown
    assert page.locator("#sources").inner_text().count("javascript:window.__pwned=1") == 1
    page.screenshot(path=str(OUT / "html-payloads.png"))
    tab.assert_clean()


@pytest.mark.slow
def test_csp_blocks_a_script_the_page_did_not_ship(
        demo: Path, tmp_path: Path, open_tab: Callable[[Path], Tab]) -> None:
    """The second line of defence: were escaping ever to fail, an injected script would
    still not run (and the page reports the violation the other tests check for)."""
    html = demo.read_text(encoding="utf-8")
    path = tmp_path / "injected.html"
    path.write_text(html.replace("</main>", "<script>window.__pwned=1</script></main>"),
                    encoding="utf-8")
    tab = open_tab(path)
    assert tab.page.evaluate("typeof window.__pwned") == "undefined"
    assert any(v.startswith("script-src") for v in tab.page.evaluate("window.__csp"))


@pytest.mark.slow
def test_print_opens_what_is_collapsed_and_hides_the_controls(
        demo: Path, open_tab: Callable[[Path], Tab]) -> None:
    tab = open_tab(demo)
    page = tab.page
    text, removed = page.locator(".atext").first, page.locator(".removed-lines").first
    last_row, controls = page.locator("#cov tbody tr").last, page.locator("#cov-outlet")
    assert not text.is_visible() and not removed.is_visible() and controls.is_visible()
    page.emulate_media(media="print")
    assert text.is_visible() and removed.is_visible() and last_row.is_visible()
    assert not controls.is_visible() and not page.locator("nav.toc").is_visible()
    tab.assert_clean()


def test_framing_shows_an_outlets_omissions_in_the_matrix(
        tmp_path: Path, open_tab: Callable[[Path], Tab], monkeypatch: pytest.MonkeyPatch) -> None:
    from storyweave.render import html_sections

    monkeypatch.setattr(html_sections, "OMITTED_SHOWN", 0)  # Beta omits c3: the button shows
    path = tmp_path / "story.html"
    path.write_text(to_html(story()), encoding="utf-8")
    tab = open_tab(path)
    tab.page.locator("button.show-omits").click()
    assert tab.page.locator("#cov-outlet").input_value() == "2"
    assert tab.page.locator("#cov-mode").input_value() == "omits"
    assert [s for s, v in _rows(tab.page) if v] == [["1"], ["1"]]  # c2, c3: Alpha alone
    tab.assert_clean()


@pytest.fixture(scope="module")
def golden_page(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden dossier's page (tests/data/golden, checked by hand): long quoted values
    in its disagreements, and a timeline from 2019 to March 2023."""
    import json

    from storyweave.codec import from_plain

    golden = Path(__file__).parent / "data" / "golden" / "xi-moscow-2023.json"
    d = from_plain(Dossier, json.loads(golden.read_text(encoding="utf-8")))
    path = tmp_path_factory.mktemp("golden") / "golden.html"
    path.write_text(to_html(d), encoding="utf-8")
    OUT.mkdir(exist_ok=True)
    return path


@pytest.mark.parametrize("width", [1400, 390])
def test_the_page_is_never_wider_than_the_window(
        golden_page: Path, open_tab: Callable[[Path], Tab], width: int) -> None:
    tab = open_tab(golden_page)
    page = tab.page
    page.set_viewport_size({"width": width, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # a wide table scrolls inside its own box, and its "who says it" column is in it
    who = page.locator("#disagree table.values td").first
    who.scroll_into_view_if_needed()
    box = who.bounding_box()
    assert box is not None and box["x"] < width
    page.evaluate("document.getElementById('disagree').scrollIntoView()")
    page.screenshot(path=str(OUT / f"html-disagree-{width}.png"))
    tab.assert_clean()


def test_the_timeline_keeps_its_labels_inside_and_apart(
        golden_page: Path, open_tab: Callable[[Path], Tab]) -> None:
    tab = open_tab(golden_page)
    page = tab.page
    page.set_viewport_size({"width": 1400, "height": 900})
    found = page.evaluate("""() => {
      const svg = document.querySelector('#timeline svg').getBoundingClientRect();
      const outside = [...document.querySelectorAll('#timeline svg text')]
        .filter(t => { const r = t.getBoundingClientRect();
                       return r.left < svg.left - 0.5 || r.right > svg.right + 0.5; })
        .map(t => t.textContent);
      const ticks = [...document.querySelectorAll('#timeline .tick-label')]
        .map(t => t.getBoundingClientRect()).sort((a, b) => a.left - b.left);
      const touching = ticks.slice(1).filter((r, i) => r.left < ticks[i].right).length;
      const bars = [...document.querySelectorAll('#timeline .bar')];
      const box = g => g.querySelector('rect').getBoundingClientRect();
      const coarse = bars.filter(g => g.classList.contains('coarse'));
      const march = bars.filter(g => g.querySelector('title').textContent.startsWith('2023-03'));
      return {outside, touching, ticks: ticks.length, coarse: coarse.length,
              breaks: document.querySelectorAll('#timeline .axis-break').length,
              march: Math.min(...march.map(g => box(g).left)),
              end: Math.max(...bars.map(g => box(g).right)),
              left: Math.min(...bars.map(g => box(g).left))};
    }""")
    assert found["outside"] == [] and found["touching"] == 0 and found["ticks"] >= 3
    # "2019" and "2022" are outlines, not solid bars; the years without a fact are cut short
    assert found["coarse"] >= 5 and found["breaks"] >= 1
    # the story's days from March 10, 2023 are not squeezed into the axis's last pixels (on
    # a linear axis from 2019 they had 1% of it)
    assert found["end"] - found["march"] > 0.12 * (found["end"] - found["left"])
    page.evaluate("document.getElementById('timeline').scrollIntoView()")
    page.screenshot(path=str(OUT / "html-timeline-axis.png"))
    tab.assert_clean()
