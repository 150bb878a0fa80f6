"""The story's headline: one rule for the JSON, the Markdown and the page.

The most central of the outlets' own titles: the one whose words the other titles and the
widely carried facts share most. One outlet's odd title ("Analysis: what Xi wants") loses to
the title that says what most reports say. Without any title, the most central widely
carried fact. Never a photo caption or a credit, whichever it would be.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from ..ingestion.rules import caption_with_credit, photo_credit
from ..model import Article, Claim

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Words that say nothing about what a title is about.
_STOP = frozenset(
    "the a an and or but of in on at to for from by with as is are was were be been has have "
    "had will would could should may might can after before over under into about than then "
    "this that these those it its his her their they he she we you i not no new says said "
    "say news live update updates breaking report reports video photos watch up do so if my me "
    "go am".split())


def _words(text: str) -> set[str]:
    # two letters can be a name ("Xi", "UN"): only the function words are left out
    return {w.lower() for w in _WORD.findall(text) if len(w) > 1 and w.lower() not in _STOP}


def _caption(text: str) -> bool:
    return photo_credit(text) or caption_with_credit(text)


def story_headline(articles: Sequence[Article], claims: Sequence[Claim],
                   lead: str | None = None) -> str | None:
    """The headline of a story (see the module's docstring), or None when there is nothing
    to head it (no title, no claim). ``lead``: the summary's first sentence, which heads a
    story without titles."""
    return central_title([a.title for a in articles], claims, lead)


def central_title(article_titles: Sequence[str | None], claims: Sequence[Claim] = (),
                  lead: str | None = None) -> str | None:
    """The most central of the titles (None: an article without one), weighed against each
    other and the ``claims`` carried by two sources or more; without a title, ``lead`` (the
    summary's first sentence: the story's most central widely carried fact, as the summary
    chose it), else the most central such claim. The store's story lists call it with
    titles only."""
    titles: dict[str, str] = {}  # normalised -> first spelling met
    count: Counter[str] = Counter()
    for title in article_titles:
        t = " ".join((title or "").split())
        if t and not _caption(t):
            key = t.lower()
            titles.setdefault(key, t)
            count[key] += 1
    # The story's vocabulary: each word weighted by the sources of the facts that use it,
    # and by the titles that use it.
    weight: Counter[str] = Counter()
    for c in claims:
        if c.corroboration >= 2:
            for w in _words(c.text):
                weight[w] += c.corroboration
    for key, n in count.items():
        for w in _words(key):
            weight[w] += n
    if titles:
        def score(key: str) -> tuple[float, int]:
            words = _words(key)
            # the title's own count is left out of its score: a title counts what *others*
            # say like it, and longer titles do not win by length alone
            own = {w: weight[w] - count[key] for w in words}
            return (sum(own.values()) / math.sqrt(len(words) or 1), count[key])

        best = max(titles, key=score)  # the first of equals (dicts keep their order)
        return titles[best]
    if lead and not _caption(lead):
        return lead
    widely = [c for c in claims if not _caption(c.text)]
    if not widely:
        return None
    return max(widely, key=lambda c: (c.corroboration >= 2, c.centrality)).text
