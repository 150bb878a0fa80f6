"""Quotes and their speakers on PolNeAR: storyweave's ``quote_spans`` against textacy's
``direct_quotations``, in one run, on the same texts.

    .bench-venv/bin/python bench/quotes_polnear.py               # dev + train, results JSON
    .bench-venv/bin/python bench/quotes_polnear.py --part train --limit 150 --show-errors 30
    .bench-venv/bin/python bench/quotes_polnear.py --part train --limit 200 --show-speakers 50

Input: ``../shared/data/quotes/polnear/{dev,train}``: ``text/*.txt`` and, per article, the
first (sorted) of its ``attributions/*.ann`` files (a few articles have several annotators).
Gold: every ``Content`` span of an attribution relation, with its ``Source`` (if any). A
content in several pieces counts as the stretch from its first piece to its last.

Systems:

- storyweave: ``quote_spans(text, paragraph_ranges(text), entities, docs)``, ``entities``
  from the NER pipes (timed apart: ``ner_s_per_article``), ``docs`` the parse of
  ``quote_chunks`` (only paragraphs with a quote mark or a reporting word; their number is
  ``parsed_paragraphs``); ``quotes_s_per_article`` is parse + rules. Every kind counts.
  PolNeAR makes '“A,” he said. “B.”' one Content in two pieces around the cue;
  storyweave's second quote (same speaker, no cue, same paragraph) is joined to the first
  for scoring.
- textacy 0.13.0: ``direct_quotations(doc)`` on the full parse (same model) of each
  paragraph; a paragraph it raises on counts in ``exceptions`` and gives nothing. It finds
  direct quotes only, so its recall is bounded by the share of gold contents in marks.
  Likewise joined: consecutive triples of one paragraph with the same speaker and cue.

Scoring (PolNeAR's Content includes the complementizer "that" and the quote marks;
storyweave's QUOTE spans include neither): before comparing, both sides are trimmed of
whitespace, quote marks, trailing punctuation and a leading "that". Sources are trimmed of
whitespace and punctuation only.

- content / source exact: P/R/F1 of trimmed spans with identical offsets;
- content / source overlap: pairs that share a character, matched one to one (largest
  overlap first);
- attribution: a found quote matches a gold relation (one to one) when the contents overlap
  and either both speakers overlap or neither has one.
- recall by gold kind: the share of gold contents that hold a quote mark ("marked") or not
  ("unmarked") found by overlap (marks: " “ ” and the typewriter '' of NYT copy).
- speaker accuracy: of the found quotes matched to a gold content (content overlap), the
  share whose speaker overlaps the gold Source, or that have none where the gold has none.
  PolNeAR's Source is the mention in its sentence ("who", "he"): a speaker given as the
  name the pronoun stands for is counted wrong.

Rules were tuned looking at errors on train only; dev is the held-out figure.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "quotes" / "polnear"
RESULTS = ROOT / "bench" / "results" / "quotes_polnear.json"
_MARKS = "\"“”„«»'‘’`"
_THAT = re.compile(r"(?:that|whether|if)\s+", re.IGNORECASE)

Pair = tuple[int, int]


@dataclass(slots=True)
class Article:
    name: str
    part: str
    text: str
    gold: list[tuple[Pair, Pair | None]]  # (content, source)
    cues: list[Pair | None] = field(default_factory=list)  # each gold content's cue


@dataclass(slots=True)
class Found:
    quotes: list[tuple[Pair, Pair | None]] = field(default_factory=list)
    exceptions: int = 0


def trim_content(text: str, span: Pair) -> Pair:
    start, end = span
    for _ in range(3):
        while start < end and (text[start].isspace() or text[start] in _MARKS):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in _MARKS + ".,;:"):
            end -= 1
        m = _THAT.match(text, start, end)
        if m:
            start = m.end()
    return start, end


def trim_source(text: str, span: Pair) -> Pair:
    start, end = span
    while start < end and (text[start].isspace() or not text[start].isalnum()):
        start += 1
    while end > start and (text[end - 1].isspace() or not text[end - 1].isalnum()):
        end -= 1
    return start, end


def read_ann(path: Path) -> list[tuple[Pair, Pair | None, Pair | None]]:
    spans: dict[str, tuple[str, Pair]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            # A span's text may hold a newline: its next line is no annotation (skipped).
            tid, info = fields[0], fields[1]
            kind, offsets = info.split(" ", 1)
            pieces = [tuple(map(int, p.split())) for p in offsets.split(";")]
            spans[tid] = (kind, (pieces[0][0], pieces[-1][1]))
        elif line.startswith("E"):
            roles = dict(r.split(":", 1) for r in line.split("\t")[1].split())
            relations.append(roles)
    gold = []
    for roles in relations:
        if "Content" not in roles or roles["Content"] not in spans:
            continue
        source = spans[roles["Source"]][1] if roles.get("Source") in spans else None
        cue = spans[roles["Cue"]][1] if roles.get("Cue") in spans else None
        gold.append((spans[roles["Content"]][1], source, cue))
    return gold


def load(parts: list[str], limit: int | None) -> list[Article]:
    articles = []
    for part in parts:
        texts = sorted((DATA / part / "text").glob("*.txt"))
        if not texts:
            # an empty run would print zeros and write them as results
            raise SystemExit(f"quotes_polnear: no PolNeAR {part} texts in {DATA / part / 'text'}"
                             " (the data are in ../shared/data/quotes/polnear, not shipped)")
        if limit:
            step = max(1, len(texts) // limit)  # spread over publishers, not the first ones
            texts = texts[::step][:limit]
        for path in texts:
            anns = sorted((DATA / part / "attributions").glob(path.stem + "_*.ann"))
            read = read_ann(anns[0]) if anns else []
            gold = [(c, src) for c, src, _ in read]
            cues = [cue for _, _, cue in read]
            articles.append(Article(path.stem, part, path.read_text(encoding="utf-8"), gold,
                                    cues))
    return articles


def run_storyweave(articles: list[Article]) -> tuple[list[Found], dict[str, float]]:
    from storyweave.labels import Label
    from storyweave.nlp.entities import entity_spans
    from storyweave.nlp.models import spacy_nlp
    from storyweave.nlp.quotes.extraction import quote_chunks, quote_spans, run_parse
    from storyweave.nlp.sentences import paragraph_ranges

    spacy_nlp()
    t_ner = t_quotes = 0.0
    parsed = paragraphs = 0
    found = []
    for art in articles:
        ranges = paragraph_ranges(art.text)
        t0 = time.perf_counter()
        ents = entity_spans(art.text, paragraphs=ranges)
        t1 = time.perf_counter()
        chunks = quote_chunks(art.text, ranges)
        spans = quote_spans(art.text, ranges, ents,
                            run_parse(art.text[c.start:c.end] for c in chunks))
        t2 = time.perf_counter()
        t_ner += t1 - t0
        t_quotes += t2 - t1
        parsed += len(chunks)
        paragraphs += len(ranges)
        quotes: list[tuple[Pair, Pair | None]] = []
        for s in spans:
            if s.label != Label.QUOTE:
                continue
            spk = tuple(s.attrs["speaker"]) if s.attrs.get("speaker") else None
            if quotes and _runs_on(art.text, quotes[-1], s, spk):
                quotes[-1] = ((quotes[-1][0][0], s.end), spk)
            else:
                quotes.append(((s.start, s.end), spk))
        found.append(Found(quotes))
    n = max(1, len(articles))
    return found, {"quotes_s_per_article": round(t_quotes / n, 4),
                   "ner_s_per_article": round(t_ner / n, 4),
                   "parsed_paragraphs": parsed, "paragraphs": paragraphs}


def _runs_on(text: str, last: tuple[Pair, Pair | None], span: object,
             speaker: Pair | None) -> bool:
    """PolNeAR makes '“A,” he said. “B.”' one Content in two pieces around its cue; storyweave
    gives two quotes (B with the same speaker and no cue of its own): scored as one."""
    attrs = span.attrs  # type: ignore[attr-defined]
    return (attrs["kind"] == "direct" and "cue" not in attrs and speaker is not None
            and speaker == last[1] and "\n" not in text[last[0][1]:span.start])  # type: ignore[attr-defined]


def run_textacy(articles: list[Article]) -> tuple[list[Found], dict[str, float]]:
    from textacy.extract.triples import direct_quotations

    from storyweave.nlp.models import spacy_nlp
    from storyweave.nlp.sentences import paragraph_ranges

    nlp = spacy_nlp()
    found = []
    t_total = 0.0
    for art in articles:
        out = Found()
        t0 = time.perf_counter()
        ranges = paragraph_ranges(art.text)
        for (start, _), doc in zip(ranges, nlp.pipe(art.text[s:e] for s, e in ranges),
                                   strict=True):
            try:
                triples = list(direct_quotations(doc))
            except Exception:  # textacy raises on odd quote-mark counts, among others
                out.exceptions += 1
                continue
            last_cue = None
            first = len(out.quotes)
            for tri in triples:
                content = _tokens_span(tri.content, start)
                speaker = _tokens_span(tri.speaker, start) if tri.speaker else None
                cue = _tokens_span(tri.cue, start)
                if not content:
                    continue
                if len(out.quotes) > first and speaker and speaker == out.quotes[-1][1] \
                        and cue == last_cue:
                    out.quotes[-1] = ((out.quotes[-1][0][0], content[1]), speaker)
                else:
                    out.quotes.append((content, speaker))
                last_cue = cue
        t_total += time.perf_counter() - t0
        found.append(out)
    return found, {"quotes_s_per_article": round(t_total / max(1, len(articles)), 4),
                   "exceptions": sum(f.exceptions for f in found)}


def _tokens_span(tokens: list, offset: int) -> Pair | None:
    if not tokens:
        return None
    return offset + tokens[0].idx, offset + tokens[-1].idx + len(tokens[-1].text)


def _match(gold: list[Pair], pred: list[Pair]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index) of overlapping spans, largest first."""
    cands = []
    for i, (gs, ge) in enumerate(gold):
        for j, (ps, pe) in enumerate(pred):
            ov = min(ge, pe) - max(gs, ps)
            if ov > 0:
                cands.append((ov, i, j))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in sorted(cands, reverse=True):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def _prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> dict[str, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": round(100 * p, 1), "R": round(100 * r, 1), "F1": round(100 * f, 1)}


# Verbs of saying and writing (and "according to"): a gold Content without quote marks whose
# Cue holds one is reported speech. PolNeAR also attributes stances, intentions and evidence
# without any ("endorsed Trump", "wants to ...", "appears to ...", "a poll showed ..."): those
# are counted apart, so that the speech the issue asks for is measured on its own. The list
# is the bench's, written for it; storyweave's own cue lexicon is not read.
SPEECH_VERBS = frozenset("""say tell add state announce declare claim insist warn note explain
argue write report confirm deny acknowledge reiterate stress emphasize emphasise tweet post
assert suggest urge ask reply respond recall contend maintain admit complain promise vow
predict caution quip joke conclude remark observe comment concede allege boast charge demand
pledge testify reveal answer speak talk mention told said wrote written spoke spoken""".split())
_CUE_WORD = re.compile(r"[a-z]+")


def speech_cue(cue: str) -> bool:
    """Whether a gold Cue is a verb of saying or writing (in any form) or "according to"."""
    words = _CUE_WORD.findall(cue.lower())
    if "according" in words:
        return True
    for w in words:
        stems = {w, w[:-1], w[:-2], w[:-3], w[:-3] + "y", w[:-2] + "e" if w.endswith("ed")
                 else w, w[:-3] + "e" if w.endswith("ing") else w}
        if stems & SPEECH_VERBS:
            return True
    return False


def score(articles: list[Article], found: list[Found]) -> dict[str, object]:
    tally = {k: [0, 0, 0] for k in ("content_exact", "content_overlap", "source_exact",
                                    "source_overlap", "attribution")}
    n_gold_c = n_pred_c = n_gold_s = n_pred_s = 0
    kinds = {"marked": [0, 0], "unmarked": [0, 0], "unmarked, speech cue": [0, 0],
             "unmarked, other cue": [0, 0]}
    speakers_right = 0  # of the found quotes matching a gold content (content overlap)
    for art, f in zip(articles, found, strict=True):
        text = art.text
        g_c = [trim_content(text, c) for c, _ in art.gold]
        p_c = [trim_content(text, c) for c, _ in f.quotes]
        g_s = sorted({trim_source(text, s) for _, s in art.gold if s})
        p_s = sorted({trim_source(text, s) for _, s in f.quotes if s})
        n_gold_c += len(g_c)
        n_pred_c += len(p_c)
        n_gold_s += len(g_s)
        n_pred_s += len(p_s)
        exact = len(set(g_c) & set(p_c))
        tally["content_exact"][0] += exact
        pairs = _match(g_c, p_c)
        tally["content_overlap"][0] += len(pairs)
        tally["source_exact"][0] += len(set(g_s) & set(p_s))
        tally["source_overlap"][0] += len(_match(g_s, p_s))
        matched = {i for i, _ in pairs}
        for i, j in pairs:
            gs, ps = art.gold[i][1], f.quotes[j][1]
            speakers_right += _speakers_agree(gs, ps)
        for i, (c, _) in enumerate(art.gold):
            marked = any(m in text[c[0]:c[1]] for m in ('"', "“", "”", "''"))
            kind = "marked" if marked else "unmarked"
            kinds[kind][0] += 1
            kinds[kind][1] += i in matched
            if not marked:  # what the words are attributed by: speech, or another act
                cue = art.cues[i] if i < len(art.cues) else None
                sub = "unmarked, speech cue" if cue and speech_cue(text[cue[0]:cue[1]]) \
                    else "unmarked, other cue"
                kinds[sub][0] += 1
                kinds[sub][1] += i in matched
        tally["attribution"][0] += _attributions(text, art.gold, f.quotes)
    out: dict[str, object] = {
        "gold_contents": n_gold_c, "found_contents": n_pred_c,
        "gold_sources": n_gold_s, "found_sources": n_pred_s}
    for key in ("content_exact", "content_overlap", "attribution"):
        out[key] = _prf(tally[key][0], n_pred_c, tally[key][0], n_gold_c)
    for key in ("source_exact", "source_overlap"):
        out[key] = _prf(tally[key][0], n_pred_s, tally[key][0], n_gold_s)
    # the "speaker accuracy on found quotes": of the found quotes that match a gold
    # content, the share whose speaker overlaps the gold source (or neither has one)
    out["speaker_accuracy"] = round(100 * speakers_right
                                    / max(1, tally["content_overlap"][0]), 1)
    out["recall_by_gold_kind"] = {k: {"gold": v[0], "R": round(100 * v[1] / max(1, v[0]), 1)}
                                  for k, v in kinds.items()}
    return out


def _speakers_agree(gold: Pair | None, found: Pair | None) -> bool:
    """Both sources share a character, or neither quote has one."""
    if gold is None or found is None:
        return gold is None and found is None
    return min(gold[1], found[1]) > max(gold[0], found[0])


def _attributions(text: str, gold: list[tuple[Pair, Pair | None]],
                  pred: list[tuple[Pair, Pair | None]]) -> int:
    cands = []
    for i, (gc, gs) in enumerate(gold):
        for j, (pc, ps) in enumerate(pred):
            ov = min(gc[1], pc[1]) - max(gc[0], pc[0])
            if ov <= 0:
                continue
            if _speakers_agree(gs, ps):
                cands.append((ov, i, j))
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, i, j in sorted(cands, reverse=True):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    return len(used_g)


def show_errors(articles: list[Article], found: list[Found], limit: int) -> None:
    """Gold contents missed and found contents that match nothing (overlap), for tuning."""
    shown = 0
    for art, f in zip(articles, found, strict=True):
        if art.part != "train":
            continue  # never look at dev errors: dev is the held-out figure
        text = art.text
        g_c = [trim_content(text, c) for c, _ in art.gold]
        p_c = [trim_content(text, c) for c, _ in f.quotes]
        pairs = _match(g_c, p_c)
        mg = {i for i, _ in pairs}
        mp = {j for _, j in pairs}
        for i, (c, s) in enumerate(art.gold):
            if i not in mg:
                src = text[s[0]:s[1]] if s else None
                print(f"MISS {art.name}: {text[c[0]:c[1]][:110]!r} <- {src!r}")
                shown += 1
        for j, (c, s) in enumerate(f.quotes):
            if j not in mp:
                src = text[s[0]:s[1]] if s else None
                print(f"FALSE {art.name}: {text[c[0]:c[1]][:110]!r} <- {src!r}")
                shown += 1
        if shown >= limit:
            return


def show_speakers(articles: list[Article], found: list[Found], limit: int) -> None:
    """Found quotes matched to a gold content whose speaker is wrong, for tuning (train
    only): the gold source, the found one, and the content."""
    shown = 0
    for art, f in zip(articles, found, strict=True):
        if art.part != "train":
            continue
        text = art.text
        pairs = _match([trim_content(text, c) for c, _ in art.gold],
                       [trim_content(text, c) for c, _ in f.quotes])
        for i, j in pairs:
            (gc, gs), (pc, ps) = art.gold[i], f.quotes[j]
            if _speakers_agree(gs, ps):
                continue
            g = text[gs[0]:gs[1]] if gs else None
            p = text[ps[0]:ps[1]] if ps else None
            print(f"SPEAKER {art.name}: gold {g!r} found {p!r} :: {text[pc[0]:pc[1]][:90]!r}")
            lo = min(x for x in (gc[0], pc[0], *(gs or ()), *(ps or ())))
            hi = max(x for x in (gc[1], pc[1], *(gs or ()), *(ps or ())))
            print("    ", repr(text[max(0, lo - 80):hi + 40][:500]))
            shown += 1
            if shown >= limit:
                return


SYSTEMS = {"storyweave": run_storyweave, "textacy": run_textacy}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--systems", default=",".join(SYSTEMS))
    ap.add_argument("--part", choices=("dev", "train"), help="only this part (default: both)")
    ap.add_argument("--limit", type=int, help="at most N articles per part (spread out)")
    ap.add_argument("--show-speakers", type=int, default=0, metavar="N",
                    help="print N found quotes (train) whose speaker is wrong")
    ap.add_argument("--show-errors", type=int, default=0, metavar="N",
                    help="list N storyweave errors on train (dev is held out)")
    ap.add_argument("--no-write", action="store_true", help="do not write the results JSON")
    args = ap.parse_args()
    parts = [args.part] if args.part else ["dev", "train"]
    articles = load(parts, args.limit)
    results: dict[str, object] = {
        "data": "PolNeAR v1.0 " + ", ".join(
            f"{p} {sum(a.part == p for a in articles)} articles / "
            f"{sum(len(a.gold) for a in articles if a.part == p)} attributions" for p in parts),
        "python": platform.python_version(), "systems": {}}
    for name in [s for s in args.systems.split(",") if s]:
        found, timing = SYSTEMS[name](articles)
        entry: dict[str, object] = dict(timing)
        for part in parts:
            keep = [i for i, a in enumerate(articles) if a.part == part]
            entry[part] = score([articles[i] for i in keep], [found[i] for i in keep])
        results["systems"][name] = entry  # type: ignore[index]
        if name == "storyweave" and args.show_errors:
            show_errors(articles, found, args.show_errors)
        if name == "storyweave" and args.show_speakers:
            show_speakers(articles, found, args.show_speakers)
    print_table(results, parts)
    if not args.no_write and not args.limit:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 0


def print_table(results: dict[str, object], parts: list[str]) -> None:
    print(results["data"])
    cols = ("content_exact", "content_overlap", "source_exact", "source_overlap",
            "attribution")
    head = f"{'system':<11} {'part':<6} " + " ".join(f"{c:>17}" for c in cols)
    print(head)
    print("-" * len(head))
    for name, entry in results["systems"].items():  # type: ignore[attr-defined]
        for part in parts:
            sc = entry[part]
            cells = " ".join(f"{sc[c]['P']:>5}/{sc[c]['R']:>5}/{sc[c]['F1']:>5}" for c in cols)
            print(f"{name:<11} {part:<6} {cells}")
    print("\n(P/R/F1 in %; content recall by gold kind, and time per article)")
    for name, entry in results["systems"].items():  # type: ignore[attr-defined]
        for part in parts:
            kinds = entry[part]["recall_by_gold_kind"]
            print(f"{name:<11} {part:<6} marked R {kinds['marked']['R']:>5} "
                  f"(of {kinds['marked']['gold']}), unmarked R {kinds['unmarked']['R']:>5} "
                  f"(of {kinds['unmarked']['gold']}), speaker right on matched quotes "
                  f"{entry[part]['speaker_accuracy']}")
            speech, other = kinds["unmarked, speech cue"], kinds["unmarked, other cue"]
            print(f"{'':<11} {part:<6} unmarked by cue: a verb of saying R {speech['R']:>5} "
                  f"(of {speech['gold']}), another act or none R {other['R']:>5} "
                  f"(of {other['gold']})")
        extra = {k: v for k, v in entry.items() if k not in parts}
        print(f"{name:<11} {extra}")


if __name__ == "__main__":
    sys.exit(main())
