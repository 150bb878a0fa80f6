"""The Voices sections of the Markdown dossier: statements quoted by several outlets with their
variant wordings, who is quoted where, the story's entities, and how each outlet frames it
(voices, coverage, wording). Every quotation is the exact text of a cited span."""

from __future__ import annotations

from collections import Counter, defaultdict

from ..model import Dossier, Passage, Quote, QuoteGroup, Source
from ..wording import plural
from .phrases import speaker_name, table_cell, unnamed_descriptions

MAX_ENTITIES = 30  # the JSON has them all
MAX_SPEAKERS = 20
MAX_WORDINGS = 12
MAX_VOICES = 4  # per outlet in the framing table
MAX_COVERAGE = 40  # claims in the coverage matrix


def _emphasised(d: Dossier, q: Quote, differing: tuple[Passage, ...]) -> str:
    """The quote's words, those no other variant has in bold."""
    text = d.article(q.content.article).text
    out, at = [], q.content.start
    for p in sorted(differing, key=lambda p: p.start):  # each piece escaped, not our **
        out += [table_cell(text[at:p.start]), f"**{table_cell(text[p.start:p.end])}**"]
        at = p.end
    out.append(table_cell(text[at:q.content.end]))
    return "".join(out)


def _group(g: QuoteGroup, d: Dossier, quotes: dict[str, Quote],
           source_of: dict[str, Source]) -> list[str]:
    head = (f"- **{table_cell(speaker_name(d, g.speaker))}**, quoted by "
            f"{plural(len(g.sources), 'source')}")
    if g.wording_differs:
        head += " in different words"
    out = [head + ":"]
    for v in g.variants:
        q = quotes[v.quote]
        src = source_of[q.content.article]
        out.append(f"  - [{src.number}] {q.kind}: “{_emphasised(d, q, v.differing)}”")
    return out


def _quote_groups(d: Dossier, quotes: dict[str, Quote],
                  source_of: dict[str, Source]) -> list[str]:
    out = ["", "## Quoted by several outlets", "",
           "One statement as each outlet quotes or reports it; words no other outlet's version "
           "has are in bold (a shorter quote is a truncation, not a difference). `direct`: in "
           "quotation marks; `partial`: a few quoted words; `reported`: no quotation marks.",
           ""]
    if not d.quote_groups:
        return out + ["No statement is quoted by more than one outlet."]
    for g in d.quote_groups:
        out += _group(g, d, quotes, source_of)
    return out


def _speakers(d: Dossier, source_of: dict[str, Source]) -> list[str]:
    """Who is quoted, how often, by which outlets."""
    counts: dict[str | None, Counter[int]] = defaultdict(Counter)
    for q in d.quotes:
        counts[q.speaker][source_of[q.content.article].number] += 1
    out = ["", "## Who is quoted", "",
           f"{plural(len(d.quotes), 'quote')} (direct, partial or reported speech); per speaker, "
           "the quotes in each source.", ""]
    if not d.quotes:
        return out + ["No quote was found."]
    out += ["| speaker | role | quotes | " + " | ".join(f"[{s.number}]" for s in d.sources) + " |",
            "|---|---|---|" + "---|" * len(d.sources)]
    roles = {e.id: "; ".join(e.roles[:2]) for e in d.entities}  # a role may hold a comma
    ranked = sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0] is None))
    for entity, per in ranked[:MAX_SPEAKERS]:
        cells = " | ".join(str(per[s.number]) if per[s.number] else "" for s in d.sources)
        # no one role for those no entity holds: how the articles describe them instead
        role = roles.get(entity, "") if entity else unnamed_descriptions(
            d, (q for q in d.quotes if q.speaker is None))
        out.append(f"| {table_cell(speaker_name(d, entity))} | {table_cell(role)} | "
                   f"{sum(per.values())} | {cells} |")
    return out


def _entities(d: Dossier, number_of: dict[str, int]) -> list[str]:
    out = ["", "## Entities", "",
           "One entry per person, organisation or place across all outlets (its other names "
           "and roles merged), most widely named first; `[n]×k`: named k times by source n.",
           ""]
    if not d.entities:
        return out + ["No entity was found."]
    out += ["| entity | type | country | also written | roles | named by |",
            "|---|---|---|---|---|---|"]
    for e in d.entities[:MAX_ENTITIES]:
        aliases = ", ".join(a for a in e.aliases if a != e.name)
        named = " ".join(f"[{number_of[k]}]×{n}" for k, n in
                         sorted(e.sources.items(), key=lambda kv: number_of[kv[0]]))
        out.append(f"| {table_cell(e.name)} | {e.type} | {table_cell(e.country or '')} | "
                   f"{table_cell(aliases)} | {table_cell('; '.join(e.roles))} | {named} |")
    if len(d.entities) > MAX_ENTITIES:
        out.append(f"\n… and {len(d.entities) - MAX_ENTITIES} more (see the JSON dossier)")
    return out


def _framing(d: Dossier, source_of: dict[str, Source], number_of: dict[str, int]) -> list[str]:
    f = d.framing
    if f is None:
        return []
    out = ["", "## How each outlet frames the story", "",
           "Measured, not judged: whose voices each outlet carries (quotes per speaker and per "
           "the speaker's country), how many of the story's facts it states, and how many "
           "facts two or more other outlets state that it leaves out.", "",
           "| source | most quoted | quotes by country | facts stated | left out |",
           "|---|---|---|---|---|"]
    label = {s.key: s for s in d.sources}
    for o in f.outlets:
        s = label[o.source]
        voices = ", ".join(f"{table_cell(v.label)} {v.quotes}" for v in o.voices[:MAX_VOICES])
        sides = ", ".join(f"{table_cell(v.label)} {v.quotes}" for v in o.sides)
        out.append(f"| [{s.number}] {table_cell(s.label)} | {voices} | {sides} | {o.carried} | "
                   f"{len(o.omitted)} |")
    rows = [(cid, keys) for cid, keys in f.coverage if len(keys) >= 2][:MAX_COVERAGE]
    if rows:
        out += ["", "### Coverage: which outlet states which fact", "",
                "| fact | " + " | ".join(f"[{s.number}]" for s in d.sources) + " |",
                "|---|" + "---|" * len(d.sources)]
        for cid, keys in rows:
            ticks = " | ".join("✓" if s.key in keys else "·" for s in d.sources)
            out.append(f"| {table_cell(d.claim(cid).text)} | {ticks} |")
    if f.wording:
        out += ["", "### Wording: the outlets' words for the same thing", "",
                "For facts several outlets state, the descriptive words not all of them use; "
                "for what the story names (the war, governments...), every outlet's words.", ""]
        for w in f.wording[:MAX_WORDINGS]:
            topic = f"“{table_cell(w.topic)}”" if w.claim else f"**{table_cell(w.topic)}**"
            uses = " · ".join(f"{table_cell(u.term)} " + "".join(
                f"[{number_of[k]}]" for k in sorted(u.sources, key=number_of.__getitem__))
                for u in w.uses)
            out.append(f"- {topic}: {uses}")
    return out


def voices_sections(d: Dossier) -> list[str]:
    """The Markdown lines of the Voices sections (empty for a dossier without them)."""
    if not (d.quotes or d.entities or d.framing):
        return []
    source_of = {aid: s for s in d.sources for aid in s.articles}
    number_of = {s.key: s.number for s in d.sources}
    quotes = {q.id: q for q in d.quotes}
    return (_quote_groups(d, quotes, source_of) + _speakers(d, source_of)
            + _framing(d, source_of, number_of) + _entities(d, number_of))
