"""Cross-article cleaning: a line that several articles of one outlet print is its template.

One article alone cannot tell a site's footer from its last paragraph; a batch can. Short
lines (not prose) repeated in two articles of the same outlet are template; prose needs three,
because two versions of one updated story legitimately share paragraphs.
"""

from __future__ import annotations

from collections import defaultdict

from ..model import Article, RemovedLine, normalise
from . import rules
from .assemble import assemble
from .errors import IngestError


def _outlet_key(outlet: str) -> str:
    key = normalise(outlet).removeprefix("www.")
    return key.split(".")[0] if "." in key else key.replace(" ", "")


def remove_template_lines(articles: list[Article]) -> list[Article]:
    """Return the articles with their outlet's template paragraphs removed (and logged)."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(articles):
        if a.outlet:
            groups[_outlet_key(a.outlet)].append(i)
    result = list(articles)
    for members in groups.values():
        if len(members) < 2:
            continue
        seen_in: dict[str, set[int]] = defaultdict(set)
        for i in members:
            for para in articles[i].spans_of("paragraph"):
                seen_in[normalise(articles[i].span_text(para))].add(i)
        template = {k for k, arts in seen_in.items()
                    if len(arts) >= (3 if rules.prose(k) else 2)}
        if not template:
            continue
        for i in members:
            result[i] = _without(articles[i], template)
    return result


def _without(a: Article, template: set[str]) -> Article:
    kept, removed = [], list(a.removed)
    for para in a.spans_of("paragraph"):
        text = a.span_text(para)
        if normalise(text) in template:
            removed.append(RemovedLine(para.attrs.get("line"), text,
                                       f"template (repeated across {a.outlet}'s articles)"))
        else:
            kept.append((para.attrs.get("line"), text))
    if len(kept) == len(list(a.spans_of("paragraph"))):
        return a
    try:
        return assemble(kept, source=a.source, fmt=a.format, meta=a.meta, removed=removed,
                        encoding=a.encoding)
    except IngestError:
        return a  # everything looked like template: keep the article rather than lose it
