"""An article's text as the article page shows it: its paragraphs, each cut into runs of
characters that carry the same kinds of annotation (a quote, its speaker, a name, a date, a
number, a framing term), so that every span is visible by kind without nesting markup."""

from __future__ import annotations

from collections import Counter

from ..labels import Label
from ..model import Article

KINDS = {Label.QUOTE: "quote", Label.SPEAKER: "speaker", Label.ENTITY: "entity",
         Label.DATE: "date", Label.NUMBER: "number", Label.TERM: "term"}

Run = tuple[str, str]  # text, space-separated CSS classes ("" for none)


def marked(article: Article) -> tuple[list[list[Run]], Counter[str]]:
    """The article's paragraphs as runs, and how many spans of each kind it has."""
    text = article.text
    kinds: list[set[str]] = [set() for _ in range(len(text))]
    counts: Counter[str] = Counter()
    for span in article.spans:
        kind = KINDS.get(span.label)  # type: ignore[call-overload]
        if kind is None:
            continue
        counts[kind] += 1
        for i in range(max(span.start, 0), min(span.end, len(text))):
            kinds[i].add(kind)
    paragraphs: list[list[Run]] = []
    start = 0
    for piece in text.split("\n\n"):
        runs: list[Run] = []
        i = start
        while i < start + len(piece):
            here, j = kinds[i], i + 1
            while j < start + len(piece) and kinds[j] == here:
                j += 1
            runs.append((text[i:j], " ".join(f"k-{k}" for k in sorted(here))))
            i = j
        if runs:
            paragraphs.append(runs)
        start += len(piece) + 2
    return paragraphs, counts
