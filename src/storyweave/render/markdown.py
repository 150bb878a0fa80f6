"""The dossier as Markdown a reader can use on its own: its warnings first (not one story,
articles left out), the summary with [n] markers, the numbered sources and the inputs left
out, the claims table with one column per source, the exclusives per source, and every
marker resolved to the exact passage it cites."""

from __future__ import annotations

from ..model import Dossier
from ..wording import plural

MAX_EXCLUSIVES = 8  # per source; the JSON has them all


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _overview(d: Dossier) -> str:
    shared = sum(c.corroboration > 1 for c in d.claims)
    alone = sum(c.corroboration == 1 for c in d.claims)
    return (f"{plural(len(d.articles), 'article')} from "
            f"{plural(len(d.sources), 'independent source')}; "
            f"{plural(shared, 'fact')} stated by more than one source, {alone} by one only.")


def _warnings(d: Dossier) -> list[str]:
    """Each warning as a paragraph of one blockquote, read before anything else."""
    out: list[str] = []
    for w in d.warnings:
        out += [">"] if out else []
        out.append(f"> **Warning ({w.code}):** {w.message}")
    return out + [""] if out else []


def _left_out(d: Dossier) -> list[str]:
    if not d.left_out:
        return []
    out = ["", "## Left out", "", "Inputs that were read but not woven into this dossier.", ""]
    out += [f"- `{x.source}`: {x.reason}" for x in d.left_out]
    return out


def to_markdown(d: Dossier) -> str:
    source_of = {aid: s for s in d.sources for aid in s.articles}
    by_article = {a.id: a for a in d.articles}
    headline = next((a.title for a in d.articles if a.title), None) or "untitled story"
    out = [f"# Story dossier: {headline}", "", *_warnings(d), _overview(d), "",
           "## Summary", ""]
    for s in d.summary:
        marks = "".join(f"[{n}]" for n in sorted({source_of[p.article].number
                                                 for p in s.citations}))
        out.append(f"- {s.text} {marks}")

    out += ["", "## Sources", ""]
    for s in d.sources:
        a = by_article[s.articles[0]]
        bits = [f"**{s.label}**"]
        if a.title:
            bits.append(f"“{a.title}”")
        if a.published:
            bits.append(f"dated {a.published} ({a.meta['published'].source})")
        bits.append(f"`{a.source}`" + (f" (+{len(s.articles) - 1} more)" if len(s.articles) > 1
                                       else ""))
        out.append(f"{s.number}. " + ", ".join(bits))
    out += _left_out(d)

    shared = [c for c in d.claims if c.corroboration > 1]
    out += ["", "## Facts stated by more than one source", ""]
    if shared:
        out.append("| claim | " + " | ".join(f"[{s.number}]" for s in d.sources) + " | sources |")
        out.append("|---|" + "---|" * len(d.sources) + "---|")
        for c in shared:
            ticks = " | ".join("✓" if s.key in c.sources else "" for s in d.sources)
            out.append(f"| {_cell(c.text)} | {ticks} | {c.corroboration} |")
    else:
        out.append("No fact is stated by more than one source.")

    out += ["", "## Exclusives (stated by one source only, most salient first)", ""]
    for s in d.sources:
        ids = d.exclusives.get(s.key, [])
        if not ids:
            continue
        out.append(f"### [{s.number}] {s.label}")
        out.append("")
        out += [f"- {d.claim(i).text}" for i in ids[:MAX_EXCLUSIVES]]
        if len(ids) > MAX_EXCLUSIVES:
            out.append(f"- … and {len(ids) - MAX_EXCLUSIVES} more (see the JSON dossier)")
        out.append("")

    out += ["## Citations", "",
            "Each summary marker, resolved to the exact characters of the cleaned article "
            "(`storyweave extract` prints the cleaned text).", ""]
    for k, s in enumerate(d.summary, start=1):
        out.append(f"{k}. {s.text}")
        for p in s.citations:
            src = source_of[p.article]
            out.append(f"   - [{src.number}] {src.label}, article `{p.article}` "
                       f"chars {p.start}–{p.end}: “{_cell(d.quote(p))}”")
    return "\n".join(out) + "\n"
