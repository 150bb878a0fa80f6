"""Cross-article cleaning: a line that several articles of one outlet print is its template.

One article alone cannot tell a site's footer from its last paragraph; a batch can. Short
lines (not prose) repeated in two articles of the same outlet are template; prose needs three.
Only *different* articles count as evidence: versions of one updated story, or copies of one
report, share their paragraphs because they are the same text, not because of the site.
"""

from __future__ import annotations

from collections import defaultdict

from ..keys import normalise, outlet_key
from ..labels import Label
from ..model import Article, RemovedLine
from . import rules
from .assemble import assemble
from .errors import IngestError

NEAR_DUPLICATE = 0.5  # more paragraphs than this in common: two versions of one story


def remove_template_lines(articles: list[Article]) -> list[Article]:
    """Return the articles with their outlet's template paragraphs removed (and logged)."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(articles):
        if a.outlet:
            groups[outlet_key(a.outlet)].append(i)
    result = list(articles)
    for members in groups.values():
        if len(members) < 2:
            continue
        paras = {i: {normalise(articles[i].span_text(p))
                     for p in articles[i].spans_of(Label.PARAGRAPH)} for i in members}
        seen_in: dict[str, list[int]] = defaultdict(list)
        for i in members:
            for key in paras[i]:
                seen_in[key].append(i)
        template = {k for k, arts in seen_in.items()
                    if _distinct(arts, paras, need := 3 if rules.prose(k) else 2) >= need}
        if not template:
            continue
        for i in members:
            result[i] = _without(articles[i], template)
    return result


def _distinct(arts: list[int], paras: dict[int, set[str]], need: int) -> int:
    """How many of ``arts`` are mutually different articles (sharing at most
    ``NEAR_DUPLICATE`` of their paragraphs), counting only up to ``need``."""
    picked: list[int] = []
    for i in arts:
        if all(_overlap(paras[i], paras[j]) <= NEAR_DUPLICATE for j in picked):
            picked.append(i)
            if len(picked) >= need:
                break
    return len(picked)


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b))


def _without(a: Article, template: set[str]) -> Article:
    kept, removed = [], list(a.removed)
    for para in a.spans_of(Label.PARAGRAPH):
        text = a.span_text(para)
        if normalise(text) in template:
            removed.append(RemovedLine(para.attrs.get("line"), text,
                                       f"template (repeated across {a.outlet}'s articles)"))
        else:
            kept.append((para.attrs.get("line"), text))
    if len(kept) == len(list(a.spans_of(Label.PARAGRAPH))):
        return a
    try:
        return assemble(kept, source=a.source, fmt=a.format, meta=a.meta, removed=removed,
                        encoding=a.encoding)
    except IngestError:
        return a  # everything looked like template: keep the article rather than lose it
