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
and can be mailed on.

The templates see typed records only (html_context.Page and a record per section), so a
web app can render one section (:func:`render_section`) or the whole page
(:func:`render_page`) from the same templates."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import ClassVar, Protocol

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..model import Dossier
from ..wording import plural
from .html_context import Page, page_context


class Section(Protocol):
    """A section's record: its template reads it as ``section``."""

    template: ClassVar[str]


@cache
def environment() -> Environment:
    """The templates' environment (autoescaping, the ``plural`` filter): a web app renders
    with this one, or one set up the same way."""
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


@dataclass(frozen=True, slots=True)
class Assets:
    """The page's style and script, inlined verbatim, and the policy allowing exactly them."""

    css: Markup
    js: Markup
    csp: Markup


@cache
def assets() -> Assets:
    css, js = _asset("style.css"), _asset("app.js")
    csp = (f"default-src 'none'; style-src {_sha256(css)}; script-src {_sha256(js)}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    return Assets(Markup(css), Markup(js), Markup(csp))


def render_section(section: Section) -> Markup:
    """One section as an HTML fragment (its markers link to "#a0"... ids the articles
    section of the same page carries)."""
    return Markup(environment().get_template(section.template).render(section=section))


def render_page(page: Page) -> str:
    """The whole page from its context (see the module's docstring)."""
    return environment().get_template("dossier.html.j2").render(page=page, assets=assets())


def to_html(d: Dossier) -> str:
    """The dossier as one self-contained HTML page (see the module's docstring)."""
    return render_page(page_context(d))
