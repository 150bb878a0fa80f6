"""HTML pages: trafilatura finds the article body and metadata, htmldate the date.

trafilatura separates the body from the page furniture using the DOM, which a line cleaner
cannot see; its output then goes through the cleaner's position-free rules (credits, promos,
duplicated paragraphs), which it leaves in now and then. Comments are left out: they are not
the report.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, NoReturn, cast

from ..keys import normalise
from ..model import Article, Meta, RemovedLine
from .assemble import assemble_article
from .decode import decode_bytes
from .errors import IngestError
from .textclean import clean_lines

if TYPE_CHECKING:
    from lxml.html import HtmlElement
    from trafilatura.settings import Document

log = logging.getLogger(__name__)
_HTML_TAG = re.compile(r"<(?:!doctype\s+html|html)\b", re.I)

# Dates: ask htmldate for the original publication date, not the last update, and let it
# search the page text when the markup has none (slower, but the date is worth it).
_DATE_PARAMS = {"original_date": True, "extensive_search": True}
_META_FIELDS = {"title": "title", "author": "author", "sitename": "outlet", "url": "url",
                "date": "published"}


def _extract(html: str, tree: HtmlElement, url: str | None, source: str) -> Document | None:
    """trafilatura's document for the page, or None. An exception inside trafilatura, htmldate
    or lxml costs only what it breaks: htmldate's cleaner fails on a page with an ``<svg>``
    before ``<html>`` (lxml's drop_tree on an element without a parent), so the page is
    read again without that prologue, and then without metadata (title and date lost, text
    kept). Only when even that fails is the page a Failure."""
    from trafilatura.utils import load_html  # here: a stored story's weave never reads HTML

    try:
        return _two_tries(tree, html, url, metadata=True)
    except Exception as e:  # noqa: BLE001 - inside a third-party parser: try a way around it
        # info, not a warning: the next try usually reads the page whole
        log.info("%s: the HTML extractor failed (%s: %s); reading the page again",
                 source, type(e).__name__, e)
    if (start := _HTML_TAG.search(html)) and start.start() > 0:
        trimmed = html[start.start():]
        try:
            return _two_tries(load_html(trimmed), trimmed, url, metadata=True)
        except Exception as e:  # noqa: BLE001
            log.info("%s: the HTML extractor failed again without the prologue (%s: %s)",
                     source, type(e).__name__, e)
    try:
        doc = _two_tries(load_html(html), html, url, metadata=False)
    except Exception as e:  # noqa: BLE001
        raise IngestError(source, f"the HTML extractor failed on this page "
                                  f"({type(e).__name__}: {e})") from None
    log.warning("%s: read without its metadata (title, author, date): the HTML extractor "
                "failed on them", source)
    return doc


def _two_tries(tree: HtmlElement | None, html: str, url: str | None, *,
               metadata: bool) -> Document | None:
    """trafilatura's extraction, then a second, recall-oriented try for short pages."""
    import trafilatura
    from trafilatura.utils import load_html

    if tree is None:
        return None
    # bare_extraction returns a dict only when asked (as_dict=True); its annotation says
    # Document | dict whatever the arguments, hence the casts
    doc = cast("Document | None", trafilatura.bare_extraction(
        tree, url=url, with_metadata=metadata, include_comments=False,
        date_extraction_params=_DATE_PARAMS))
    if doc is None or not (doc.text or "").strip():
        doc = cast("Document | None", trafilatura.bare_extraction(
            load_html(html), url=url, with_metadata=metadata, include_comments=False,
            favor_recall=True, date_extraction_params=_DATE_PARAMS))
    return doc


def _meta(doc: Document | None, url: str | None) -> dict[str, Meta]:
    meta: dict[str, Meta] = {}
    for attr, name in _META_FIELDS.items():
        value = getattr(doc, attr, None)
        if value:
            how = "htmldate (original publication date)" if name == "published" else (
                f"trafilatura metadata: {attr}")
            meta[name] = Meta(str(value).strip(), "html", how)
    if url and "url" not in meta:
        meta["url"] = Meta(url, "input", "given with the page")
    return meta


def _no_text(html: str, url: str | None, source: str) -> NoReturn:
    """Raise the error of a page trafilatura found no article text in, with what its
    metadata says (its date and title), which a user checking the page still wants."""
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    meta: dict[str, Meta] = {}
    try:
        tree = load_html(html)
        if tree is not None:
            meta = _meta(extract_metadata(tree, default_url=url, date_config=_DATE_PARAMS), url)
    except Exception as e:  # noqa: BLE001 - inside a third-party parser: the error stands
        log.info("%s: no metadata either (%s: %s)", source, type(e).__name__, e)
    raise _with_meta(IngestError(source, "no article text found in the HTML (trafilatura "
                                         "extracted nothing: a front page, an error page or a "
                                         "JavaScript app?)"), meta)


def _with_meta(error: IngestError, meta: dict[str, Meta]) -> IngestError:
    """``error`` with the page's date and title, in its reason and as ``meta``."""
    kept = {k: m for k, m in meta.items() if k in ("published", "title")}
    said = "; ".join(f"{name} {m.value!r}" for name, m in sorted(kept.items()))
    return IngestError(error.source, error.reason + (f"; the page's metadata: {said}"
                                                     if said else ""), kept)


def read_html(html: str | bytes, source: str, url: str | None = None,
              *, encoding: str | None = None) -> Article:
    """Extract the article of one HTML page. Raises IngestError when the page has none."""
    # trafilatura is imported where pages are read, not with the package: a stored story's
    # dossier and the web app's pages load storyweave without it (a quarter of a second)
    from trafilatura.utils import load_html

    if isinstance(html, bytes):
        html, encoding = decode_bytes(html, source, html=True)
    if not html.strip():
        raise IngestError(source, "empty file")
    tree = load_html(html)
    if tree is None:
        raise IngestError(source, "not parseable as HTML")
    language = (tree.get("lang") or tree.get("xml:lang") or "").split("-")[0].lower() or None
    doc = _extract(html, tree, url, source)
    if doc is None or not (doc.text or "").strip():
        _no_text(html, url, source)

    meta = _meta(doc, url)
    if language:
        meta["language"] = Meta(language, "html", "<html lang>")

    # doc.text is not empty here (checked above), though typed str | None
    cleaned = clean_lines(doc.text or "", layout=False, line_numbers=False)
    if "case" in cleaned.meta:  # what the cleaner found of the text (the rest is the page's)
        meta["case"] = cleaned.meta["case"]
    title = meta.get("title")
    if cleaned.paragraphs and title and normalise(cleaned.paragraphs[0][1]) == normalise(
            title.value):  # the <h1> repeats the title we already hold as metadata
        cleaned.removed.insert(0, RemovedLine(None, cleaned.paragraphs.pop(0)[1],
                                              "title (recorded as metadata)"))
    try:
        return assemble_article(cleaned.paragraphs, source=source, fmt="html", meta=meta,
                                removed=cleaned.removed, encoding=encoding)
    except IngestError as e:  # all boilerplate: the page's own date and title still stand
        raise _with_meta(e, meta) from None
