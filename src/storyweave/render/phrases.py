"""Phrases the Markdown and HTML dossiers share: how a date, a window and a timeline entry
read, the [n] markers of cited passages, a Markdown table cell."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date

from ..model import (
    Article,
    ArticleDate,
    DateCandidate,
    DiscrepancyRelation,
    Dossier,
    Passage,
    Quote,
    Source,
    TimelineEntry,
)
from ..weaving.headline import story_headline
from .markdown_escape import inline

__all__ = ["dated_text", "relation_note", "source_marks", "speaker_name", "table_cell",
           "when_text", "window_text"]

# What a discrepancy that is no contradiction is, said after its kind.
_RELATION_NOTES = {DiscrepancyRelation.UPDATE: "a later count, not a contradiction",
                   DiscrepancyRelation.SPELLING: "one name spelt two ways",
                   DiscrepancyRelation.PLACES: "different places; one may lie inside another",
                   DiscrepancyRelation.ROUNDING: "one figure rounded two ways, not a "
                                                 "contradiction"}


def relation_note(relation: str) -> str:
    """" (a later count, not a contradiction)" and the like, or "" for a contradiction."""
    note = _RELATION_NOTES.get(DiscrepancyRelation(relation))
    return f" ({note})" if note else ""


def speaker_name(d: Dossier, entity_id: str | None) -> str:
    """The name of the entity with this id: a quote's speaker, a person whose age or rank
    the outlets give differently ("unnamed speaker" for no id)."""
    if entity_id is None:
        return "unnamed speaker"
    found = next((e for e in d.entities if e.id == entity_id), None)
    return found.name if found is not None else entity_id


# Words that name no one: a pronoun or a relative word the extractor stopped at
_NO_DESCRIPTION = frozenset("he she they it we i you who whom which that this these those "
                            "him her them us".split())
MAX_DESCRIPTIONS = 6


def unnamed_description(d: Dossier, q: Quote) -> str | None:
    """How the article describes the speaker of a quote no entity holds ("a family friend",
    "another neighbor", "residents"), as written in lower case; None for a pronoun or when
    nothing names the speaker."""
    if q.speaker is not None or q.speaker_mention is None:
        return None
    words = " ".join(d.quote(q.speaker_mention).split())
    if not words or words.lower() in _NO_DESCRIPTION:
        return None
    first, _, rest = words.partition(" ")
    if first.lower() in _LOWER_FIRST:  # "An initial investigation": capitalised as a start
        return " ".join(filter(None, (first.lower(), rest)))
    return words


# Words capitalised only because they begin the sentence: a description reads in lower case
_LOWER_FIRST = frozenset("a an the one another some several many two three her his their its "
                         "our residents witnesses neighbors neighbours officials police "
                         "authorities investigators".split())


def unnamed_descriptions(d: Dossier, quotes: Iterable[Quote]) -> str:
    """The descriptions of the quotes' unnamed speakers, most frequent first, each with its
    count when above one: "a family friend ×2; another neighbor ×2; one man; …"."""
    counts: Counter[str] = Counter()
    shown_as: dict[str, str] = {}  # "the charges" and "charges" are one description
    for q in quotes:
        if (x := unnamed_description(d, q)) is not None:
            key = _ARTICLE.sub("", x.casefold())
            shown_as.setdefault(key, x)
            counts[key] += 1
    shown = [f"{shown_as[k]} ×{n}" if n > 1 else shown_as[k]
             for k, n in counts.most_common(MAX_DESCRIPTIONS)]
    return "; ".join(shown) + ("; …" if len(counts) > MAX_DESCRIPTIONS else "")


_ARTICLE = re.compile(r"^(?:the|a|an)\s+")


def table_cell(text: str) -> str:
    """``text`` fit for a Markdown table cell, list item or heading: on one line, pipes and
    everything else Markdown or HTML would act on escaped (``markdown_escape.inline``)."""
    return inline(text)


def source_marks(passages: Iterable[Passage], source_of: dict[str, Source]) -> str:
    """The [n] markers of the sources these passages belong to, each once, in number order."""
    return "".join(f"[{n}]" for n in sorted({source_of[p.article].number for p in passages}))


# --- dates ------------------------------------------------------------------------------------

# how a candidate's source reads in a sentence: "the printed 2024-05-18 is contradicted"
_FOUND = {"html": "printed", "header-line": "printed", "footer-line": "printed",
          "jsonl": "input's", "url": "URL's"}
# how a working date's source reads: "dated 2023-03-13 (header line, ...)"
_FROM = {"html": "the page's metadata", "header-line": "header line",
         "footer-line": "footer line", "jsonl": "the input's date", "url": "its URL"}


# where an update date was read, when it is the working date (no publication date came)
_UPDATE_FROM = {"html": "in the page's metadata", "header-line": "on a header line",
                "footer-line": "on a footer line", "jsonl": "in the input"}


def _found(c: DateCandidate) -> str:
    base, _, rest = c.source.partition(" ")
    return f"the {_FOUND.get(base, base)} {c.value}" + (f" {rest}" if rest else "")


def _contradicted(candidates: Iterable[DateCandidate]) -> str:
    """"; the printed 2024-05-18 is contradicted: <why>" for each contradicted candidate,
    "; the printed 2024-05-18 is in doubt: <why>" for each doubted one."""
    said = {"contradicted": "contradicted", "doubted": "in doubt"}
    return "".join(f"; {_found(c)} is {said[c.verdict]}"
                   + (f": {c.reason}" if c.reason else "")
                   for c in candidates if c.verdict in said)


def dated_text(a: Article, d: ArticleDate | None) -> str | None:
    """The article's working date and its provenance, for its line under Sources; without a
    date record (a dossier written before schema 1.3), the date it came with."""
    if d is None:
        return f"dated {a.published} ({a.meta['published'].source})" if a.published else None
    if d.working is None:
        return "no date" + (f" ({_contradicted(d.candidates)[2:]})"
                            if any(c.verdict == "contradicted" for c in d.candidates) else "")
    if d.source == "content":
        how = "inferred from its text"
    elif d.source == "story":
        how = "taken from the story's other articles: its own text does not date it"
    else:
        used = next((c for c in d.candidates if c.source == d.source
                     and c.value == d.working and c.verdict != "contradicted"), None)
        base, _, rest = d.source.partition(" ")
        how = _FROM.get(base, base) + (f" {rest}" if rest else "")
        if rest == "(updated)":  # "dated 2011-11-11 (its update, on a header line, ...)"
            how = "its update, " + _UPDATE_FROM.get(base, base)
        if used is not None and used.verdict == "consistent":
            how += ", consistent with its text"
        elif used is not None and used.verdict == "unchecked":
            how += ", unchecked: its text does not say when it was written"
    return f"dated {d.working} ({how}{_contradicted(d.candidates)})"


def window_text(d: ArticleDate) -> str | None:
    if d.earliest and d.latest:
        return (f"its text allows {d.earliest}" if d.earliest == d.latest
                else f"its text allows {d.earliest} to {d.latest}")
    if d.earliest:
        return f"its text allows no day before {d.earliest}"
    if d.latest:
        return f"its text allows no day after {d.latest}"
    return None


_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "AU": "autumn", "WI": "winter"}


def when_text(e: TimelineEntry) -> str:
    """An entry's date, as precise as it is known: "2023-03-20 – 2023-03-22", "week of
    2023-03-20", "2023-02", "spring 2023", "2022", "2020s"."""
    def span(first: str, last: str) -> str:
        return first if first == last else f"{first} – {last}"

    if e.precision == "week":
        days = (date.fromisoformat(e.end) - date.fromisoformat(e.start)).days
        return f"week of {e.start}" if days == 6 else span(e.start, e.end)
    if e.precision == "month":
        return span(e.start[:7], e.end[:7])
    if e.precision == "season":
        values = [m.value for m in e.mentions if m.precision == "season"]
        found = next((m for v in values if (m := re.fullmatch(r"(\d{4})-(SP|SU|FA|AU|WI)", v))),
                     None)
        return (f"{_SEASONS[found[2]]} {found[1]}" if found and e.start[:4] == found[1]
                else span(e.start[:7], e.end[:7]))
    if e.precision == "year":
        return span(e.start[:4], e.end[:4])
    if e.precision == "decade":
        return span(e.start[:3] + "0s", e.end[:3] + "0s")
    return span(e.start, e.end)


def headline_text(d: Dossier) -> str:
    """The story's headline as every format shows it: the dossier's own, or (a dossier
    written before schema 2.3) the same rule applied to its articles and claims."""
    lead = d.summary[0].text if d.summary else None
    return d.headline or story_headline(d.articles, d.claims, lead) or "untitled story"
