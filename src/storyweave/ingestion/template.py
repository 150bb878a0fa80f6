"""Cross-article cleaning: a line that many articles of a batch print is their template.

One article alone cannot tell a site's footer from its last paragraph; a batch can. Short
lines (not prose) repeated in two articles of the same outlet are template; prose needs three.
Only *different* articles count as evidence: versions of one updated story, or copies of one
report, share their paragraphs because they are the same text, not because of the site.

Articles whose outlet is unknown are pooled: a line is their template when many of them print
it. That needs more evidence than one outlet's articles give, because different outlets
share real sentences too: wire copy quotes the same people word for word. So a line that is
not a sentence needs ``POOL_MIN_LINE`` articles, and a sentence needs ``POOL_MIN_SENTENCE``
articles that are about *different stories* (they share few other words): a quote that
many reports of one story carry is the story, not a template.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import defaultdict
from itertools import combinations

from ..keys import normalise, outlet_key
from ..labels import Label
from ..model import Article, RemovedLine
from ..spanattrs import paragraph_attrs
from . import rules
from .assemble import assemble_article
from .errors import IngestError

NEAR_DUPLICATE = 0.5  # more paragraphs than this in common: two versions of one story

# The pool of outlet-less articles. Measured by bench/template_lines.py (figures in
# bench/results/template_lines.json) on ECB+ dev, 196 reports of 16 events from many
# outlets, one sentence per line: no line that is not a sentence repeats in two of them, and
# a real sentence repeats in at most 5 different reports (a quote), all of one event.
POOL_MIN_LINE = 4  # articles printing a line that is not a sentence ("From the archives")
POOL_MIN_SENTENCE = 6  # articles printing a sentence, and they must be different stories
# ... and at least this share of the pool, so the bar rises with the pool (8 articles of
# 400): chance repeats grow with it. Not measurable on ECB+ (2% of 196 is 4, the minimum);
# the largest real repeat there is 5 reports of 196 (2.6%), all of one event.
POOL_SHARE = 0.02
# Two reports share this share of their content words (of the smaller one) or more when
# they are about one story. ECB+ dev: pairs of reports of one event, 5th percentile 0.25,
# median 0.47; of different events and topics, median 0.13, 95th percentile 0.26. The
# carriers of a pool template are compared by the median over their pairs.
SAME_STORY_OVERLAP = 0.25
_WORD = re.compile(r"[a-z][a-z'’-]{3,}")


def remove_template_lines(articles: list[Article]) -> list[Article]:
    """Return the articles with their template paragraphs removed (and logged): per outlet,
    then across the pool of articles whose outlet is unknown."""
    result = _outlet_template(articles)
    return _pool_template(result)


def _outlet_template(articles: list[Article]) -> list[Article]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(articles):
        if a.outlet:
            groups[outlet_key(a.outlet)].append(i)
    result = list(articles)
    for members in groups.values():
        if len(members) < 2:
            continue
        paras = _paragraph_keys(articles, members)
        template = {k for k, arts in _carriers(paras).items()
                    if _distinct(arts, paras, need := 3 if rules.prose(k) else 2) >= need}
        if not template:
            continue
        for i in members:
            a = articles[i]
            result[i] = _without(a, {k: f"template (repeated across {a.outlet}'s articles)"
                                     for k in template})
    return result


def _pool_template(articles: list[Article]) -> list[Article]:
    members = [i for i, a in enumerate(articles) if not a.outlet]
    least = max(POOL_MIN_LINE, math.ceil(POOL_SHARE * len(members)))
    if len(members) < least:
        return articles
    paras = _paragraph_keys(articles, members)
    candidates = {k: arts for k, arts in _carriers(paras).items() if len(arts) >= least}
    words = {i: _story_words(articles[i], set(candidates)) for i in members}
    reasons: dict[str, str] = {}
    for key, arts in candidates.items():
        distinct = _distinct(arts, paras, len(arts))
        if _pool_template_line(key, distinct, len(members), arts, words):
            reasons[key] = f"template (repeated across {distinct} articles of this batch)"
    result = list(articles)
    for i in members:
        if reasons.keys() & paras[i]:
            result[i] = _without(articles[i], reasons)
    return result


def _pool_template_line(key: str, distinct: int, pool: int, carriers: list[int],
                        words: dict[int, set[str]]) -> bool:
    """Whether a line printed by ``distinct`` different articles of a pool of ``pool``
    outlet-less articles is their template (see the module notes)."""
    share = math.ceil(POOL_SHARE * pool)
    if not _sentence(key):
        return distinct >= max(POOL_MIN_LINE, share)
    return (distinct >= max(POOL_MIN_SENTENCE, share)
            and story_overlap([words[i] for i in carriers]) < SAME_STORY_OVERLAP)


def _sentence(line: str) -> bool:
    """Reads as a sentence: ends like one, or is long enough to be prose anyway."""
    return rules.ends_sentence(line) or rules.prose(line)


def story_overlap(word_sets: list[set[str]]) -> float:
    """How much a group of articles is about one story: the median, over pairs, of the
    content words two articles share as a share of the smaller one's."""
    pairs = [len(a & b) / min(len(a), len(b)) for a, b in combinations(word_sets, 2)
             if a and b]
    return statistics.median(pairs) if pairs else 0.0


def _story_words(article: Article, skip: set[str]) -> set[str]:
    """Content-word stems (5-letter prefixes of words of 4+ letters) of the article's
    paragraphs, leaving out the candidate template lines (they are shared by definition)."""
    out: set[str] = set()
    for p in article.spans_of(Label.PARAGRAPH):
        text = normalise(article.span_text(p))
        if text not in skip:
            out.update(w[:5] for w in _WORD.findall(text))
    return out


def _paragraph_keys(articles: list[Article], members: list[int]) -> dict[int, set[str]]:
    return {i: {normalise(articles[i].span_text(p)) for p in articles[i].spans_of(Label.PARAGRAPH)}
            for i in members}


def _carriers(paras: dict[int, set[str]]) -> dict[str, list[int]]:
    """Each paragraph key and the articles that print it."""
    seen_in: dict[str, list[int]] = defaultdict(list)
    for i, keys in paras.items():
        for key in keys:
            seen_in[key].append(i)
    return seen_in


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


def _without(a: Article, template: dict[str, str]) -> Article:
    """The article without the paragraphs whose key is in ``template`` (key -> reason)."""
    kept, removed = [], list(a.removed)
    for para in a.spans_of(Label.PARAGRAPH):
        text = a.span_text(para)
        if (reason := template.get(normalise(text))) is not None:
            removed.append(RemovedLine(paragraph_attrs(para).get("line"), text, reason))
        else:
            kept.append((paragraph_attrs(para).get("line"), text))
    if len(kept) == len(list(a.spans_of(Label.PARAGRAPH))):
        return a
    try:
        return assemble_article(kept, source=a.source, fmt=a.format, meta=a.meta, removed=removed,
                        encoding=a.encoding)
    except IngestError:
        return a  # everything looked like template: keep the article rather than lose it
