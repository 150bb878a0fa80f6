"""The Markdown dossier is safe to paste: hostile text in any field of any article (text, so
every cited passage; title; outlet; file name; entity; framing term; left-out reason)
renders, through a CommonMark renderer that passes raw HTML through (markdown-it-py's
default), as that text: no HTML element of its own, no link, no image, no broken code span."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt
from test_render_html import PAYLOADS, payload_story

from storyweave.model import DossierWarning, LeftOut, WarningCode
from storyweave.render import to_markdown

MD_PAYLOADS = {
    **PAYLOADS,
    "refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "link": "[click](javascript:window.__pwned=1)",  # markdown-it refuses it; others do not
    "remote-link": "[click](https://evil.example/)",
    "image": "![pixel](https://evil.example/pixel.png)",
    "ref-image": "![pixel][r]",
    "autolink": "<javascript:window.__pwned=1>",
    "remote": "<https://evil.example/pixel.png>",
    "entity": "&lt;script&gt;window.__pwned=1&lt;/script&gt;",
    "code": "`` `</code><script>window.__pwned=1</script>` ``",
    "emphasis": "**bold** _it_ ~~gone~~",
    "pipe": "a | b",
}
# a reference definition needs a line's start, and a line break lets text open an HTML block
AT_LINE_START = "[r]: https://evil.example/pixel.png"
BREAK = "tail\n<script>window.__pwned=1</script>\n\n<img src=x onerror=alert(1)>"
# what our own Markdown makes: anything else came from an input
OURS = {"h1", "h2", "h3", "p", "ul", "ol", "li", "strong", "em", "code", "blockquote",
        "table", "thead", "tbody", "tr", "th", "td"}
BACKTICKS = "in/a`b``c `x`.txt"


class Rendered(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.data: list[str] = []
        self.codes: list[str] = []
        self._in_code = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_code = tag == "code"
        if self._in_code:
            self.codes.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_code = False if tag == "code" else self._in_code

    def handle_data(self, data: str) -> None:
        self.data.append(data)
        if self._in_code:
            self.codes[-1] += data

    def handle_comment(self, data: str) -> None:
        self.tags.append(("!--", {}))


def hostile_story():
    d = payload_story()
    junk = " ".join(MD_PAYLOADS.values())
    a = d.articles[0]
    meta = {**a.meta, "title": dataclasses.replace(a.meta["title"], value=junk)}
    d.articles[0] = dataclasses.replace(a, source=BACKTICKS, meta=meta)
    d.sources[0] = dataclasses.replace(d.sources[0], label=f"{AT_LINE_START} {junk}")
    d.summary[0] = dataclasses.replace(d.summary[0], text=f"{AT_LINE_START} {BREAK} {junk}")
    d.left_out = [LeftOut("x9", f"`{junk}", f"{BREAK} {junk}")]
    d.warnings = [DossierWarning(WarningCode.OUTLIER_ARTICLE, f"{junk} {BREAK}")]
    return d


def _render(markdown: str) -> Rendered:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])  # html: passed through
    return Rendered(md.render(markdown))


@pytest.mark.parametrize("explain", [False, True])
def test_hostile_text_renders_as_text(explain: bool) -> None:
    page = _render(to_markdown(hostile_story(), explain=explain))
    for tag, attrs in page.tags:
        assert tag in OURS, (tag, attrs)  # no script, img, meta, a, raw comment...
        assert not any(k.startswith("on") or k in ("href", "src") for k in attrs), (tag, attrs)
    text = "".join(page.data)
    for payload in MD_PAYLOADS.values():
        assert payload in text, payload  # shown, as written
    assert AT_LINE_START in text
    assert "tail <script>window.__pwned=1</script>" in text  # the line break, a space


def test_a_backtick_in_a_file_name_cannot_leave_its_code_span() -> None:
    page = _render(to_markdown(hostile_story()))
    assert BACKTICKS in page.codes  # the Sources line: the whole name, in one code span
    assert f"`{' '.join(MD_PAYLOADS.values())}" in page.codes  # the left-out input's


def test_the_renderer_would_run_the_payloads_unescaped() -> None:
    """The check has teeth: the same payloads, pasted raw, make elements and links."""
    raw = sorted(MD_PAYLOADS.values(), key=lambda p: p.startswith("<!--"))  # it ends nothing
    page = _render("\n\n".join([*raw, AT_LINE_START]))
    tags = {t for t, _ in page.tags}
    assert {"script", "img", "meta", "a"} <= tags


def test_code_spans() -> None:
    from storyweave.render.markdown_escape import code

    assert code("in/a.txt") == "`in/a.txt`"
    assert code("a`b") == "``a`b``"
    assert code("`a``") == "``` `a`` ```"
    assert code(" a ") == "`  a  `"
    assert code("a\nb") == "`a b`"
    for name in ("a`b", "`a``", " a ", "``", "x ` y"):
        assert _render(code(name)).codes == [name], name
