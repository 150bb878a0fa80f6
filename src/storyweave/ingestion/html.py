"""HTML pages: trafilatura finds the article body and metadata, htmldate the date.

trafilatura separates the body from the page furniture using the DOM, which a line cleaner
cannot see; its output then goes through the cleaner's position-free rules (credits, promos,
duplicated paragraphs), which it leaves in now and then. Comments are left out: they are not
the report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import trafilatura
from trafilatura.utils import load_html

from ..keys import normalise
from ..model import Article, Meta, RemovedLine
from .assemble import assemble_article
from .decode import decode_bytes
from .errors import IngestError
from .textclean import clean_lines

if TYPE_CHECKING:
    from trafilatura.settings import Document

# Dates: ask htmldate for the original publication date, not the last update, and let it
# search the page text when the markup has none (slower, but the date is worth it).
_DATE_PARAMS = {"original_date": True, "extensive_search": True}
_META_FIELDS = {"title": "title", "author": "author", "sitename": "outlet", "url": "url",
                "date": "published"}


def read_html(html: str | bytes, source: str, url: str | None = None,
              *, encoding: str | None = None) -> Article:
    """Extract the article of one HTML page. Raises IngestError when the page has none."""
    if isinstance(html, bytes):
        html, encoding = decode_bytes(html, source, html=True)
    if not html.strip():
        raise IngestError(source, "empty file")
    tree = load_html(html)
    if tree is None:
        raise IngestError(source, "not parseable as HTML")
    language = (tree.get("lang") or tree.get("xml:lang") or "").split("-")[0].lower() or None
    # bare_extraction returns a dict only when asked (as_dict=True); its annotation says
    # Document | dict whatever the arguments, hence the casts
    doc = cast("Document | None", trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False,
        date_extraction_params=_DATE_PARAMS))
    if doc is None or not (doc.text or "").strip():
        # a second, recall-oriented try before giving up on short pages
        doc = cast("Document | None", trafilatura.bare_extraction(
            load_html(html), url=url, with_metadata=True, include_comments=False,
            favor_recall=True, date_extraction_params=_DATE_PARAMS))
    if doc is None or not (doc.text or "").strip():
        raise IngestError(source, "no article text found in the HTML (trafilatura extracted "
                                  "nothing: a front page, an error page or a JavaScript app?)")

    meta: dict[str, Meta] = {}
    for attr, name in _META_FIELDS.items():
        value = getattr(doc, attr, None)
        if value:
            how = "htmldate (original publication date)" if name == "published" else (
                f"trafilatura metadata: {attr}")
            meta[name] = Meta(str(value).strip(), "html", how)
    if url and "url" not in meta:
        meta["url"] = Meta(url, "input", "given with the page")
    if language:
        meta["language"] = Meta(language, "html", "<html lang>")

    # doc.text is not empty here (checked above), though typed str | None
    cleaned = clean_lines(doc.text or "", layout=False, line_numbers=False)
    title = meta.get("title")
    if cleaned.paragraphs and title and normalise(cleaned.paragraphs[0][1]) == normalise(
            title.value):  # the <h1> repeats the title we already hold as metadata
        cleaned.removed.insert(0, RemovedLine(None, cleaned.paragraphs.pop(0)[1],
                                              "title (recorded as metadata)"))
    return assemble_article(cleaned.paragraphs, source=source, fmt="html", meta=meta,
                    removed=cleaned.removed, encoding=encoding)
