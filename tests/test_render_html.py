"""The HTML dossier as a string: every section there (the voices ones from hand-built
records, since the weaver may not fill them), cited passages cut out of the article text
exactly, the Content-Security-Policy matching the page's own code, and article content
(titles, text, outlets, URLs, entity names, quotes) never becoming markup. What the page
does in a browser is tests/test_browser.py."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import make_article

from storyweave.cli import main
from storyweave.model import (
    Article,
    ArticleDate,
    Claim,
    Discrepancy,
    Dossier,
    Entity,
    Framing,
    Mention,
    Meta,
    OutletFraming,
    Passage,
    Quote,
    QuoteGroup,
    QuoteVariant,
    RemovedLine,
    Source,
    StatedValue,
    SummarySentence,
    TermUse,
    TimelineEntry,
    TimeMention,
    VoiceCount,
    WordingChoice,
)
from storyweave.render import html_articles, html_context, html_overview, html_sections, to_html
from storyweave.render.html import render_section
from storyweave.render.html_context import page_context
from storyweave.render.html_view import Anchors, pieces, web_url

ALPHA = ("Xi will visit Moscow on March 20, officials said. He said \"we are partners\" "
         "on Friday. Trade hit $190 billion.")
BETA = ("Xi visits Moscow on March 21, officials said. He said \"we are close partners\" "
        "on Friday. Beta alone reports this.")


def _p(aid: str, text: str, words: str) -> Passage:
    start = text.index(words)
    return Passage(aid, start, start + len(words))


def _article(aid: str, text: str, meta: dict[str, str], removed: list[RemovedLine]) -> Article:
    # no spans at all: every record of this story is written by hand, as its passages are
    return make_article(text, id=aid, source=f"in/{aid}.txt", removed=removed,
                        meta={k: Meta(v, "jsonl", f"raw {k}") for k, v in meta.items()},
                        paragraphs=False)


def story(alpha: str = ALPHA, beta: str = BETA, *, alpha_meta: dict[str, str] | None = None,
          name: str = "Xi Jinping", term: str = "visit") -> Dossier:
    """Two outlets' reports of one visit, with every record the page shows: overlapping
    passages of two claims, a date discrepancy, a quote group whose wordings differ, a
    timeline entry, an entity, framing. ``alpha``/``beta`` must keep the cited words."""
    a = _article("a1", alpha, alpha_meta or {"outlet": "Alpha News", "title": "Xi to visit",
                                             "url": "https://alpha.example/xi"},
                 [RemovedLine(3, "Subscribe to our newsletter", "newsletter prompt")])
    b = _article("b2", beta, {"outlet": "Beta", "title": "Xi visits"}, [])
    visit_a = _p("a1", alpha, "Xi will visit Moscow on March 20, officials said.")
    visit_b = _p("b2", beta, "Xi visits Moscow on March 21, officials said.")
    overlap = _p("a1", alpha, "March 20, officials said. He said")  # crosses visit_a's end
    quote_a = _p("a1", alpha, "we are partners")
    quote_b = _p("b2", beta, "we are close partners")
    trade = _p("a1", alpha, "Trade hit $190 billion.")
    alone = _p("b2", beta, "Beta alone reports this.")
    sa, sb = Source("outlet:alpha", 1, a.outlet or "a1", ("a1",)), Source("outlet:beta", 2,
                                                                          "Beta", ("b2",))
    claims = [Claim("c1", [visit_a, visit_b], [sa.key, sb.key], visit_a, alpha[:49]),
              Claim("c2", [overlap], [sa.key], overlap, alpha[visit_a.end - 22:overlap.end]),
              Claim("c3", [trade], [sa.key], trade, "Trade hit $190 billion."),
              Claim("c4", [alone], [sb.key], alone, "Beta alone reports this.")]
    date_a = _p("a1", alpha, "March 20")
    date_b = _p("b2", beta, "March 21")
    close = _p("b2", beta, "close")
    quotes = [Quote("q1", quote_a, "direct", "e1", None, None, "leader"),
              Quote("q2", quote_b, "direct", "e1", None, None)]
    group = QuoteGroup("g1", "e1", [QuoteVariant("q1", ()), QuoteVariant("q2", (close,))],
                       [sa.key, sb.key], ["c1"], True)
    return Dossier(
        articles=[a, b], sources=[sa, sb], claims=claims,
        summary=[SummarySentence("c1", claims[0].text, [visit_a, visit_b]),
                 SummarySentence("c2", claims[1].text, [overlap])],
        exclusives={sa.key: ["c2", "c3"], sb.key: ["c4"]},
        dates=[ArticleDate("a1", "2023-03-17", "jsonl", "2023-03-13", "2023-03-19", "high"),
               ArticleDate("b2", None, "content", None, None, "none")],
        timeline=[TimelineEntry("c1", "2023-03-20", "2023-03-21", "day",
                                (TimeMention(date_a, "2023-03-20", "2023-03-20", "day",
                                             "2023-03-20"),
                                 TimeMention(date_b, "2023-03-21", "2023-03-21", "day",
                                             "2023-03-21")))],
        discrepancies=[
            Discrepancy("date", (StatedValue("March 20", "2023-03-20", (date_a,)),
                                 StatedValue("March 21", "2023-03-21", (date_b,))), ("c1",)),
            Discrepancy("quote", (StatedValue("we are partners", "we are partners", (quote_a,)),
                                  StatedValue("we are close partners", "close", (quote_b,))),
                        ("c1",), "g1")],
        entities=[Entity("e1", name, "PERSON", ("Xi", name), ("Chinese President",),
                         [Mention(_p("a1", alpha, "Xi"), "Xi")], {sa.key: 2, sb.key: 1},
                         "China")],
        quotes=quotes, quote_groups=[group],
        framing=Framing(
            [OutletFraming(sa.key, [VoiceCount("e1", name, 1)], [VoiceCount("China", "China", 1)],
                           3, []),
             OutletFraming(sb.key, [VoiceCount("e1", name, 1)], [VoiceCount("China", "China", 1)],
                           2, ["c3"])],
            [("c1", (sa.key, sb.key))],
            [WordingChoice("the visit", "c1",
                           (TermUse(term, (sa.key,), (_p("a1", alpha, "visit"),)),
                            TermUse("visits", (sb.key,), (_p("b2", beta, "visits"),))))]),
    )


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Page(HTMLParser):
    """The page's elements, attributes and text, as a browser's parser sees them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, list[str]] = {}  # passage id -> the text of its pieces
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.data: list[str] = []  # every text node
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag not in VOID:
            self.stack.append((tag, a))

    def handle_endtag(self, tag: str) -> None:
        if any(t == tag for t, _ in self.stack):
            while self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.data.append(data)
        if not self.stack:
            return
        tag, a = self.stack[-1]
        if tag == "script":
            self.scripts.append((a, data))
        elif tag == "style":
            self.styles.append(data)
        inside = [x for t, x in self.stack if t == "div" and x.get("class") == "atext"]
        if inside:
            self.text.setdefault("article", []).append(data)
            if tag == "span":
                for pid in (a.get("data-p") or "").split():
                    self.text.setdefault(pid, []).append(data)


def article_texts(html: str) -> list[str]:
    """Each article's text as the page shows it (tags dropped, entities decoded)."""
    out = []
    for chunk in re.findall(r'<div class="atext">(.*?)</div>', html, re.S):
        out.append("".join(Page(chunk).data))
    return out


def test_pieces_cut_text_at_every_boundary_of_overlapping_ranges() -> None:
    cut = pieces("abcdefghij", [(2, 6, "x"), (4, 8, "y"), (5, 5, "empty"), (9, 99, "z")])
    assert [(p.text, p.pids) for p in cut] == [
        ("ab", ""), ("cd", "x"), ("ef", "x y"), ("gh", "y"), ("i", ""), ("j", "z")]
    assert "".join(p.text for p in cut) == "abcdefghij"


def test_every_section_is_there_with_its_content() -> None:
    html = to_html(story())
    for section in ("summary", "agree", "coverage", "disagree", "exclusives", "timeline",
                    "quote-groups", "quotes", "entities", "framing", "articles"):
        assert f'<section id="{section}">' in html, section
    assert "<title>Story dossier: Xi to visit</title>" in html
    assert "Xi will visit Moscow on March 20, officials said." in html
    assert 'class="kind">date<' in html and 'class="kind">quote<' in html
    assert "<mark>close</mark>" in html  # the word only one wording has
    assert "Xi Jinping" in html and "Chinese President" in html and "[1]&#215;2" in html
    assert "<q>visits</q>" in html and "Leaves out" in html
    assert "Subscribe to our newsletter" in html and "newsletter prompt" in html
    assert "<svg" in html and 'class="bar cite"' in html


def test_empty_voices_sections_say_so() -> None:
    d = story()
    d.entities, d.quotes, d.quote_groups, d.framing = [], [], [], None
    d.discrepancies, d.timeline = [], []
    html = to_html(d)
    for note in ("No entities recorded", "No quotes recorded", "No statement is quoted",
                 "No framing recorded", "The outlets give no fact different values",
                 "No dated facts"):
        assert note in html, note


def test_cited_passages_are_cut_exactly_out_of_the_article_text() -> None:
    d = story()
    html = to_html(d)
    assert article_texts(html) == [a.text for a in d.articles]
    page = Page(html)
    table = json.loads(next(t for a, t in page.scripts if a.get("type") == "application/json"))
    assert table["passages"]  # every marker's passage is in the island
    for pid, (number, _, start, end) in table["passages"].items():
        article = d.article(d.sources[number - 1].articles[0])
        assert "".join(page.text[pid]) == article.text[start:end], pid
    cited = {pid for tag, a in page.tags if "cite" in (a.get("class") or "").split()
             for pid in (a.get("data-p") or "").split()}
    assert cited and cited <= set(table["passages"])


def test_csp_allows_exactly_the_pages_own_style_and_script() -> None:
    page = Page(to_html(story()))
    csp = next(a["content"] for t, a in page.tags
               if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    code = [s for a, s in page.scripts if a.get("type") != "application/json"]
    assert len(code) == 1 and len(page.styles) == 1

    def sha(s: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"

    assert f"script-src {sha(code[0])};" in csp and f"style-src {sha(page.styles[0])};" in csp
    assert csp.startswith("default-src 'none';")
    for tag, a in page.tags:
        assert not any(k.startswith("on") or k == "style" for k in a), (tag, a)
        assert tag not in ("link", "img", "iframe", "object", "embed", "base")
        assert "src" not in a  # nothing loaded: the page is self-contained
        href = a.get("href")
        assert href is None or href.startswith("#") or href.startswith("https://"), href


def test_links_only_for_http_urls() -> None:
    assert web_url("https://example.com/a?b=1") == "https://example.com/a?b=1"
    assert web_url("HTTP://example.com") == "HTTP://example.com"
    for bad in ("javascript:alert(1)", "JavaScript:alert(1)", " https://x.y", "data:text/html,x",
                "//evil.example", "https://x.y/\njavascript:1", None, ""):
        assert web_url(bad) is None, bad


PAYLOADS = {
    "script": "<script>window.__pwned=1</script>",
    "img": '<img src=x onerror="window.__pwned=1">',
    "close": "</script><script>window.__pwned=1</script>",
    "comment": "<!-- <script>window.__pwned=1</script>",
    "broken": "<b <i>broken",
}


def payload_story() -> Dossier:
    """The sample story with script payloads in every untrusted field: text (so in every
    cited passage, the JSON island included), title, outlet, author, URL, entity name and
    a framing term."""
    junk = " ".join(PAYLOADS.values())
    alpha = ALPHA.replace("Trade hit", junk + " Trade hit")
    meta = {"outlet": "Alpha " + PAYLOADS["close"], "title": "<title>pwned</title>",
            "author": PAYLOADS["img"], "url": "javascript:window.__pwned=1"}
    d = story(alpha, BETA, alpha_meta=meta, name=PAYLOADS["script"], term=PAYLOADS["broken"])
    c3 = d.claim("c3")  # the trade claim: make it cite the payloads too
    start = alpha.index(junk)
    c3.passages = [Passage("a1", start, c3.passages[0].end)]
    c3.representative, c3.text = c3.passages[0], alpha[start:c3.passages[0].end]
    d.summary.append(SummarySentence("c3", c3.text, c3.passages))
    d.headline = meta["title"]  # an outlet's title heads the page: untrusted too
    return d


def test_payloads_render_as_text_and_never_as_markup() -> None:
    d = payload_story()
    html = to_html(d)
    page = Page(html)
    tags = [t for t, _ in page.tags]
    assert tags.count("script") == 2 and "img" not in tags
    titles = [Page(t).data for t in re.findall(r"<title[^>]*>.*?</title>", html, re.S)]
    assert titles[0] == ["Story dossier: <title>pwned</title>"]  # the head's, as text
    assert ["pwned"] not in titles
    for tag, a in page.tags:
        assert not any(k.startswith("on") for k in a), (tag, a)
        assert not (a.get("href") or "").lower().startswith("javascript:"), (tag, a)
    text = "".join(page.data)
    for payload in PAYLOADS.values():
        assert payload in text  # shown, as text
    assert "javascript:window.__pwned=1" in text  # the URL, unlinked
    island = next(t for a, t in page.scripts if a.get("type") == "application/json")
    assert "<" not in island and json.loads(island)["sources"]["1"] == d.sources[0].label
    assert article_texts(html) == [a.text for a in d.articles]


def test_same_dossier_same_page() -> None:
    d = story()
    assert to_html(d) == to_html(d)


def test_big_matrix_keeps_the_shared_facts_and_big_timelines_draw_the_widest(
        monkeypatch: pytest.MonkeyPatch) -> None:
    d = story()
    monkeypatch.setattr(html_overview, "MATRIX_CELLS", 4)  # 4 claims x 2 sources is over
    cov = html_overview.coverage(d, Anchors(d))
    assert [r.claim.id for r in cov.rows] == ["c1"] and cov.left_to_exclusives == 3
    html = to_html(d)
    assert "The 3 facts stated by one source only are listed under" in html
    d.timeline.append(TimelineEntry("c4", "2023-01-01", "2023-01-01", "day", ()))
    monkeypatch.setattr(html_sections, "CHART_MAX", 1)
    t = html_sections.timeline(d, Anchors(d))
    assert len(t.facts) == 2 and t.drawn == len(t.bars) == 1
    assert "Xi will visit Moscow" in t.bars[0].title  # c1: two outlets carry it


def test_many_exclusives_list_the_first_and_highlight_the_rest(
        monkeypatch: pytest.MonkeyPatch) -> None:
    d = story()
    monkeypatch.setattr(html_sections, "EXCLUSIVES_ALL", 2)  # 3 one-source claims: over
    monkeypatch.setattr(html_sections, "EXCLUSIVES_SHOWN", 1)
    monkeypatch.setattr(html_sections, "OMITTED_SHOWN", 0)
    html = to_html(d)
    page = Page(html)
    more = [a for t, a in page.tags if "more-cite" in (a.get("class") or "")]
    assert len(more) == 1  # alpha's c3 (beta has one exclusive only)
    assert "".join(page.text[more[0]["data-p"]]) == "Trade hit $190 billion."
    assert "1 more: highlight them in the article" in html
    assert 'class="show-omits" data-outlet="2"' in html  # beta omits c3


@pytest.mark.slow
def test_cli_writes_the_html_dossier(tmp_path: Path, example_dir: Path) -> None:
    out = tmp_path / "story.html"
    r = CliRunner().invoke(main, ["dossier", str(example_dir), "--format", "html",
                                  "-o", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'id="coverage"' in html
    assert html.count('<details class="article"') == 5


def _no_dicts(value: object, path: str, seen: set[int]) -> None:
    """Everything the templates can reach from ``value`` is a dataclass, a list or tuple of
    them, or a plain value: no dict whose keys a template would have to know."""
    if id(value) in seen or isinstance(value, str | int | float | bool | type(None)):
        return
    seen.add(id(value))
    assert not isinstance(value, dict), f"{path} is a dict"
    if isinstance(value, list | tuple):
        for i, x in enumerate(value):
            _no_dicts(x, f"{path}[{i}]", seen)
        return
    assert dataclasses.is_dataclass(value), f"{path} is a {type(value).__name__}"
    for f in dataclasses.fields(value):
        _no_dicts(getattr(value, f.name), f"{path}.{f.name}", seen)


def test_the_page_context_is_typed_records_all_the_way_down() -> None:
    page = page_context(story())
    for f in dataclasses.fields(html_context.Page):
        section = getattr(page, f.name)
        if f.name != "data":  # the JSON island: Markup, for the script, not the templates
            assert dataclasses.is_dataclass(section) and hasattr(section, "__slots__"), f.name
            assert section.template.endswith(".html.j2"), f.name
    _no_dicts([getattr(page, f.name) for f in dataclasses.fields(page) if f.name != "data"],
              "page", set())


def test_one_section_renders_alone_from_its_record() -> None:
    d = story()
    html = render_section(html_sections.entities(d))
    assert html.startswith('<section id="entities">') and html.endswith("</section>")
    assert "Xi Jinping" in html and "[1]&#215;2" in html
    t = render_section(html_sections.timeline(d, Anchors(d)))  # its own numbering: p0...
    assert '<section id="timeline">' in t and 'data-p="p0"' in t


def test_no_passage_is_cited_once_the_articles_are_cut() -> None:
    d = story()
    an = Anchors(d)
    html_overview.summary(d, an)
    cited = an.close()
    assert html_articles.articles(d, cited).articles[0].pieces  # cut at the summary's
    with pytest.raises(RuntimeError):
        html_sections.exclusives(d, an)  # c3 was never cited: its marker would point nowhere


@pytest.mark.slow
def test_sections_of_the_example_render_alone_as_on_the_page(example_dossier: Dossier) -> None:
    d = example_dossier
    page = to_html(d)
    # The header and the entities cite nothing, and the summary is the first section that
    # does: alone, with an Anchors of their own, each is exactly its part of the page.
    for section in (html_overview.top(d), html_overview.summary(d, Anchors(d)),
                    html_sections.entities(d)):
        alone = render_section(section)
        assert alone in page, type(section).__name__
    quotes = render_section(html_sections.quotes_by_speaker(d, Anchors(d)))
    assert quotes.startswith('<section id="quotes">') and 'class="said' in quotes
