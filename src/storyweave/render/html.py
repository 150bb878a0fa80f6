"""The dossier as one self-contained HTML page: the summary with citation markers that jump
to the cited passage highlighted in its article, the coverage matrix (claims x outlets),
what all outlets agree on, where they disagree, what only one reports, the timeline as an
inline SVG chart, the voices (quote groups, quotes, entities, framing) and every article
with its metadata and the lines the cleaner removed.

A pure function of the :class:`Dossier`. Everything from the articles is untrusted: the
templates autoescape it, links are made for http(s) URLs only, the script attaches its own
listeners (no ``on...=`` attribute anywhere), and a Content-Security-Policy allows only this
page's own style and script, by hash (a nonce means nothing in a file that never changes).
Nothing is fetched: no font, script, image or stylesheet from anywhere, so it works offline
and can be mailed on."""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..model import Dossier
from ..wording import plural
from . import html_sections as sections
from .html_view import Anchors, articles_pieces, conflicts, coverage, headline, web_url
from .phrases import dated_text, window_text

# Rows of the coverage matrix shown before "show all": enough for a screen, so 200
# articles' thousands of claims do not bury the sections below.
MATRIX_ROWS = 25
# Sections opened by default up to this many sources; past it they start collapsed.
OPEN_SOURCES = 10


@cache
def _env() -> Environment:
    env = Environment(loader=PackageLoader("storyweave", "render/templates"),
                      autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["plural"] = plural
    return env


@cache
def _asset(name: str) -> str:
    return (files("storyweave") / "render" / "templates" / name).read_text(encoding="utf-8")


def _sha256(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def json_island(data: Any) -> Markup:
    """JSON safe inside <script type="application/json">: no "</script>", "<!--" or "]]>"
    can close or confuse the element, whatever the articles contain."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return Markup(text)


def _sources(d: Dossier, an: Anchors) -> list[dict[str, Any]]:
    dated = {x.article: x for x in d.dates}
    out = []
    for s in d.sources:
        a = d.article(s.articles[0])
        x = dated.get(a.id)
        out.append({"number": s.number, "label": s.label, "title": a.title,
                    "when": dated_text(a, x), "window": window_text(x) if x else None,
                    "confidence": x.confidence if x and x.working else None,
                    "url": web_url(a.url), "raw_url": a.url, "origin": a.source,
                    "articles": [an.article_id[i] for i in s.articles if i in an.article_id]})
    return out


def _articles(d: Dossier, an: Anchors) -> list[dict[str, Any]]:
    cut = articles_pieces(d, an)
    dated = {x.article: x for x in d.dates}
    out = []
    for a in d.articles:
        src = an.source_of.get(a.id)
        x = dated.get(a.id)
        out.append({"page_id": an.article_id[a.id], "id": a.id, "article": a,
                    "number": src.number if src else None,
                    "label": src.label if src else a.source,
                    "url": web_url(a.url), "pieces": cut[a.id],
                    "when": dated_text(a, x), "reasons": x.reasons if x else (),
                    "candidates": x.candidates if x else ()})
    return out


def _context(d: Dossier) -> dict[str, Any]:
    an = Anchors(d)
    claim_ids = {c.id for c in d.claims}
    summary = [{"text": s.text, "marks": an.marks(s.citations),
                "conflicts": conflicts(d.claim(s.claim), an) if s.claim in claim_ids else []}
               for s in d.summary]
    everyone = [c for c in d.claims if len(d.sources) > 1
                and c.corroboration >= len(d.sources)]
    widest = [] if everyone else [c for c in d.claims if c.corroboration > 1][:5]
    rows, left_to_exclusives = coverage(d, an)
    ctx: dict[str, Any] = {
        "headline": headline(d),
        "d": d,
        "shared": sum(c.corroboration > 1 for c in d.claims),
        "alone": sum(c.corroboration == 1 for c in d.claims),
        "summary": summary,
        "everyone": [{"text": c.text, "marks": an.marks(c.passages)} for c in everyone],
        "widest": [{"text": c.text, "n": c.corroboration, "marks": an.marks(c.passages)}
                   for c in widest],
        "rows": rows, "matrix_rows": MATRIX_ROWS, "left_to_exclusives": left_to_exclusives,
        "open_sources": len(d.sources) <= OPEN_SOURCES,
        "disagreements": sections.disagreements(d, an),
        "exclusives": sections.exclusives(d, an),
        "timeline": sections.timeline(d, an),
        "quote_groups": sections.quote_groups(d, an),
        "speakers": sections.quotes_by_speaker(d, an),
        "entities": sections.entities(d, an),
        "framing": sections.framing(d, an),
    }
    ctx["sources"] = _sources(d, an)
    ctx["articles"] = _articles(d, an)  # last: it cuts texts at every passage cited above
    ctx["data"] = json_island({"passages": an.passage_table(),
                               "sources": {s.number: s.label for s in d.sources}})
    return ctx


def to_html(d: Dossier) -> str:
    """The dossier as one self-contained HTML page (see the module's docstring)."""
    css, js = _asset("style.css"), _asset("app.js")
    csp = (f"default-src 'none'; style-src {_sha256(css)}; script-src {_sha256(js)}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    return _env().get_template("dossier.html.j2").render(
        **_context(d), css=Markup(css), js=Markup(js), csp=Markup(csp))
