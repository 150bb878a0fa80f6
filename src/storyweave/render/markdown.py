"""The dossier as Markdown a reader can use on its own: its warnings first (not one story,
articles left out), the summary with [n] markers, the numbered sources (each with its working
date and where that date comes from) and the inputs left out, the claims table with one
column per source, the timeline of dated facts, where the outlets disagree (dates, numbers,
quoted words), the exclusives per source, the statements several outlets quote, who is quoted,
how each outlet frames the story, the entities, and every marker resolved to the exact passage
it cites. A claim whose outlets give different values (23 against 22) says so under it,
wherever it is listed. With ``explain``, a section shows why the passages of each claim were
joined."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import (
    ArticleDate,
    AttributeKind,
    Claim,
    Discrepancy,
    Dossier,
    Passage,
    Source,
    Support,
)
from ..wording import plural
from .markdown_escape import code
from .markdown_voices import voices_sections
from .phrases import (
    dated_text,
    headline_text,
    relation_note,
    source_marks,
    speaker_name,
    table_cell,
    when_text,
    window_text,
)

MAX_EXCLUSIVES = 8  # per source; the JSON has them all
TOP_SIGNALS = 3  # per explained passage: enough to see why, short enough to read; JSON has all


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
        out.append(f"> **Warning ({w.code}):** {table_cell(w.message)}")
    return out + [""] if out else []


def _left_out(d: Dossier) -> list[str]:
    if not d.left_out:
        return []
    out = ["", "## Left out", "", "Inputs that were read but not woven into this dossier.", ""]
    out += [f"- {code(x.source)}: {table_cell(x.reason)}" for x in d.left_out]
    return out


# --- dates ------------------------------------------------------------------------------------

def _why_dated(d: ArticleDate | None) -> list[str]:
    """A nested line under the source: the window the text allows, the confidence and the
    weaver's reasons."""
    if d is None or (d.working is None and not d.reasons):
        return []
    confidence = f"confidence {d.confidence}" if d.working else None
    head = ", ".join(x for x in (window_text(d), confidence) if x)
    reasons = "; ".join(table_cell(r) for r in d.reasons)
    return [f"   - {head}" + (f": {reasons}" if head and reasons else reasons)]


def _quoted(passages: Iterable[Passage], d: Dossier, source_of: dict[str, Source]) -> str:
    """Each distinct wording of these passages quoted once, with the markers of the sources
    that write it, the wordings in order of their first source."""
    by_text: dict[str, list[Passage]] = {}
    for p in passages:
        by_text.setdefault(table_cell(d.quote(p)), []).append(p)
    ordered = sorted(by_text.items(),
                     key=lambda kv: min(source_of[p.article].number for p in kv[1]))
    return ", ".join(f'"{text}" {source_marks(ps, source_of)}' for text, ps in ordered)


def _timeline(d: Dossier, source_of: dict[str, Source]) -> list[str]:
    if not d.timeline:
        return []
    out = ["", "## Timeline", "",
           "The story's dated facts in date order, each with the time expressions its outlets "
           "date it by (resolved against each article's working date).", ""]
    for e in sorted(d.timeline, key=lambda e: (e.start, e.end)):  # stable: ties as given
        c = d.claim(e.claim)
        out.append(f"- **{when_text(e)}**: {table_cell(c.text)} "
                   f"{source_marks(c.passages, source_of)} "
                   f"({_quoted((m.passage for m in e.mentions), d, source_of)})")
    return out


def _disagreement(x: Discrepancy, d: Dossier, source_of: dict[str, Source]) -> list[str]:
    """A discrepancy: its kind and the fact (the first claim's text, or the person whose
    age it is), then each value with the exact words of every passage that states it."""
    about = [d.claim(i) for i in x.claims]
    head = f"- **{x.kind}**" + relation_note(x.relation)
    group = next((g for g in d.quote_groups if g.id == x.quote_group), None)
    if group is not None:
        head += f" of {table_cell(speaker_name(d, group.speaker))}"
    if x.entity is not None:  # a person's age: the person says what it is about
        head += f" of {table_cell(speaker_name(d, x.entity))}"
    elif about:
        head += f", in “{table_cell(about[0].text)}” {source_marks(about[0].passages, source_of)}"
        head += f" and {plural(len(about) - 1, 'other claim')}" if len(about) > 1 else ""
    out = [head + ":"]
    for v in x.values:
        quoted = _quoted(v.passages, d, source_of)
        words = {table_cell(d.quote(p)) for p in v.passages}
        value = table_cell(v.text)
        out.append("  - " + ("" if words == {value} else f"{value}: ") + quoted)
    return out


def _disagreements(d: Dossier, source_of: dict[str, Source]) -> list[str]:
    if not d.discrepancies:
        return []
    out = ["", "## Where the outlets disagree", "",
           "Facts the outlets give different values for: each value, and the exact words of "
           "every outlet that states it. A value that is only less precise (\"next week\" "
           "against \"March 20\") is no disagreement; a figure two outlets round two ways "
           "(\"45.4 percent\" / \"45 percent\") is listed, noted as a rounding. A `quote` "
           "disagreement is one statement "
           "put in different words inside quotation marks (or by an outlet that prints none); "
           "a `speaker` disagreement, one quotation credited to different people; a "
           "`time` disagreement, one dated fact given different times of day; a `colour` "
           "disagreement, one thing (a car, a coat) described in different colours; a "
           "`home` disagreement, the different places outlets say one person lives in.",
           ""]
    for x in d.discrepancies:
        out += _disagreement(x, d, source_of)
    return out


def _attribute(c: Claim) -> str:
    """What a claim of a person's attribute is of (schema 2.8), after its text: "Anthony
    LaSalle, 36 *(age)*"; nothing for a claim of a statement."""
    if c.attribute is None:
        return ""
    return " *(home town)*" if c.attribute.kind == AttributeKind.HOME \
        else f" *({c.attribute.kind})*"


def _differ(c: Claim, source_of: dict[str, Source], indent: str = "") -> list[str]:
    """One blockquote paragraph per value conflict of the claim, each value quoted as written
    with the markers of the sources that give it. ``indent`` keeps it inside a list item."""
    out: list[str] = []
    for x in c.conflicts:
        values = " · ".join(f'"{table_cell(v.text)}" {source_marks(v.passages, source_of)}'
                            for v in x.values)
        out += [f"{indent}>"] if out else []  # a blank quote line: one paragraph per conflict
        out.append(f"{indent}> **Outlets differ** ({x.kind}): {values}")
    return out


def _member(m: Support, c: Claim, d: Dossier, source_of: dict[str, Source]) -> list[str]:
    """One passage of an explained claim, quoted, and under it its scores against the
    representative and the signals that moved them most (value, and in brackets its term of
    the log-odds)."""
    head = f"- [{source_of[m.passage.article].number}] “{table_cell(d.quote(m.passage))}”"
    if m.passage == c.representative:
        return [head + " (representative)"]
    strongest = sorted(m.signals, key=lambda g: -abs(g.weight))[:TOP_SIGNALS]
    # the weaver keeps the signals of whichever score is higher: say which one they explain
    behind = "covers" if m.covers > m.same_fact else "same_fact"
    why = ", ".join(f"{g.name} {g.value:.2f} ({g.weight:+.2f})" for g in strongest)
    return [head, f"  - same_fact {m.same_fact:.2f}, covers {m.covers:.2f}"
            + (f"; strongest signals for {behind}: {why}" if strongest else "")]


def _explain(d: Dossier, source_of: dict[str, Source]) -> list[str]:
    """Each claim of several passages, its passages scored against its representative."""
    out = ["## Why passages were joined", "",
           "Each claim stated by more than one passage, with every passage scored against the "
           "claim's representative: `same_fact` is the probability that the two state one "
           "fact (differing values aside), `covers` that the longer states all the shorter "
           "says. A passage joins a claim when either is high enough against the claim's "
           "other passages (docs/dossier-schema.md). Each signal is shown with its value and, "
           "in brackets, how far it moved the score (its term of the log-odds).", ""]
    explained = [c for c in d.claims if len(c.support) > 1]
    if not explained:
        # a 1.0 or 1.1 dossier has no scores to show, which is not the same as no such claim
        old = any(len(c.passages) > 1 for c in d.claims)
        out += ["This dossier records no scores (it was written before schema 1.2)." if old
                else "No claim is stated by more than one passage.", ""]
    for c in explained:
        out += [f"### {c.id} {source_marks(c.passages, source_of)}", ""]
        for m in c.support:
            out += _member(m, c, d, source_of)
        out.append("")
    return out


def to_markdown(d: Dossier, *, explain: bool = False) -> str:
    """The dossier as Markdown; ``explain`` adds the section on why passages were joined."""
    source_of = {aid: s for s in d.sources for aid in s.articles}
    by_article = {a.id: a for a in d.articles}
    dated = {x.article: x for x in d.dates}
    headline = table_cell(headline_text(d))
    out = [f"# Story dossier: {headline}", "", *_warnings(d), _overview(d), "",
           "## Summary", ""]
    for sent in d.summary:
        out.append(f"- {table_cell(sent.text)} {source_marks(sent.citations, source_of)}")
        out += _differ(d.claim(sent.claim), source_of, indent="  ")

    out += ["", "## Sources", ""]
    for s in d.sources:
        a = by_article[s.articles[0]]
        bits = [f"**{table_cell(s.label)}**"]
        if a.title:
            bits.append(f"“{table_cell(a.title)}”")
        when = dated_text(a, dated.get(a.id))
        if when:
            bits.append(table_cell(when))
        bits.append(code(a.source) + (f" (+{len(s.articles) - 1} more)" if len(s.articles) > 1
                                      else ""))
        out.append(f"{s.number}. " + ", ".join(bits))
        out += _why_dated(dated.get(a.id))
    out += _left_out(d)

    shared = [c for c in d.claims if c.corroboration > 1]
    out += ["", "## Facts stated by more than one source", ""]
    if shared:
        out.append("| claim | " + " | ".join(f"[{s.number}]" for s in d.sources) + " | sources |")
        out.append("|---|" + "---|" * len(d.sources) + "---|")
        for c in shared:
            ticks = " | ".join("✓" if s.key in c.sources else "" for s in d.sources)
            out.append(f"| {table_cell(c.text)}{_attribute(c)} | {ticks} | {c.corroboration} |")
        # a table row cannot hold a quote line under it: the claims that have one follow
        differing = [c for c in shared if c.conflicts]
        if differing:
            out += ["", "Where the sources give different values for one fact:", ""]
            for c in differing:
                out += [f"- {table_cell(c.text)}", *_differ(c, source_of, indent="  ")]
    else:
        out.append("No fact is stated by more than one source.")
    out += _timeline(d, source_of)
    out += _disagreements(d, source_of)

    out += ["", "## Exclusives (stated by one source only, most salient first)", "",
            "Those another outlet comes near to stating come last, with that outlet's words: "
            "the fact may be shared after all, worded too differently to be joined.", ""]
    for s in d.sources:
        ids = d.exclusives.get(s.key, [])
        if not ids:
            continue
        out.append(f"### [{s.number}] {table_cell(s.label)}")
        out.append("")
        for i in ids[:MAX_EXCLUSIVES]:
            c = d.claim(i)
            out += [f"- {table_cell(c.text)}", *_differ(c, source_of, indent="  ")]
            if c.nearest_other is not None:
                near = c.nearest_other.passage
                out.append(f"  - perhaps also [{source_of[near.article].number}]: "
                           f"“{table_cell(d.quote(near))}”")
        if len(ids) > MAX_EXCLUSIVES:
            out.append(f"- … and {len(ids) - MAX_EXCLUSIVES} more (see the JSON dossier)")
        out.append("")

    out += voices_sections(d)
    out.append("")

    if explain:  # before the citations, which stay last: every marker resolved, in order
        out += _explain(d, source_of)
    out += ["## Citations", "",
            "Each summary marker, resolved to the exact characters of the cleaned article "
            "(`storyweave extract` prints the cleaned text).", ""]
    for k, sent in enumerate(d.summary, start=1):
        out.append(f"{k}. {table_cell(sent.text)}")
        for p in sent.citations:
            src = source_of[p.article]
            out.append(f"   - [{src.number}] {table_cell(src.label)}, article `{p.article}` "
                       f"chars {p.start}–{p.end}: “{table_cell(d.quote(p))}”")
    return "\n".join(out) + "\n"
