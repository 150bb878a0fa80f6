"""Time expressions on TempEval-3's TBAQ-cleaned (TimeBank + AQUAINT): storyweave's
``find_times`` against dateparser's ``search_dates``, in one run, on the same texts.

    .bench-venv/bin/python bench/timex_tbaq.py        # table on stdout, results JSON
    .bench-venv/bin/python bench/timex_tbaq.py --show-errors 40 --corpus TimeBank

Input: every ``.tml`` file of ``../shared/data/temporal/tbaq/{TimeBank,AQUAINT}``. The text
is the content of ``<TEXT>`` with its tags removed (entities unescaped); the gold
expressions are its ``TIMEX3`` tags (the document creation time, in ``<DCT>``, is not in
the text and not counted). The base of both systems is the DCT's ``value`` (its day).

Systems:

- storyweave: ``find_times(text, base=dct, doc=docs)``, ``docs`` being the full spaCy parse
  of ``ner_chunks(text)`` (what ``find_times`` makes itself without ``doc``: the same
  spans). The timing includes the parse and reports it apart (``parse_seconds``,
  ``rules_seconds``); the model is loaded before timing starts.
- dateparser 1.5.0: ``search.search_dates(paragraph, languages=["en"], settings=...)`` on
  each paragraph (line) of the same text, ``RELATIVE_BASE`` = the DCT at midnight,
  ``PREFER_DATES_FROM`` = "current_period", ``RETURN_AS_TIMEZONE_AWARE`` = False. It returns
  strings, not offsets: each is looked up in the paragraph from the end of the previous
  one. Its value is the date it returned, cut to the granularity ``DateDataParser``
  reports for that string with ``RETURN_TIME_AS_PERIOD`` (year "1998", month "1998-02",
  week "1998-W08", day "1998-02-13", time "1998-02-13T10:00"). It has no types.
- spacy-ner: the DATE/TIME entities of the same spaCy model (NER pipes only), spans only:
  what the rules add to spaCy.

Metrics (TempEval-3, UzZaman et al. 2013, Task A):

- strict span P/R/F1: a system span counts if a gold span has exactly its offsets;
- relaxed span P/R/F1: a system span counts if it overlaps a gold span. Matching is one to
  one (each gold span pairs with at most one system span: the one overlapping it most);
- value F1: over the relaxed pairs whose ``value`` is identical to the gold string,
  P = correct / system spans and R = correct / gold spans (TempEval-3's attribute F1; with
  one-to-one pairs it equals relaxed F1 x value accuracy, the ranking figure of the task);
- type accuracy: share of relaxed pairs whose ``type`` is the gold type (storyweave only);
- throughput: documents and found expressions per second of wall time, model load apart.

Reference, not comparable: HeidelTime's value F1 on the TempEval-3 *test* set (platinum,
newer documents) is 77.61; this is the training set, and the storyweave rules were tuned
looking at errors on TimeBank only (AQUAINT kept aside: its figures are the held-out ones).
"""

from __future__ import annotations

import argparse
import html
import json
import platform
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "temporal" / "tbaq"
RESULTS = ROOT / "bench" / "results" / "timex_tbaq.json"
CORPORA = ("TimeBank", "AQUAINT")
sys.path.insert(0, str(ROOT / "src"))  # the repository's storyweave if not installed


@dataclass(slots=True)
class Timex:
    start: int
    end: int
    type: str | None
    value: str | None


@dataclass(slots=True)
class Doc:
    name: str
    corpus: str
    dct: date
    text: str
    gold: list[Timex] = field(default_factory=list)


_TAG = re.compile(r"<(/?)(\w+)([^>]*?)(/?)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def read_tml(path: Path, corpus: str) -> Doc:
    raw = path.read_text(encoding="utf-8")
    dct_tag = re.search(r"<DCT>\s*<TIMEX3([^>]*)>", raw)
    if dct_tag is None:
        raise ValueError(f"{path}: no DCT")
    dct = date.fromisoformat(dict(_ATTR.findall(dct_tag.group(1)))["value"][:10])
    body = raw[raw.index("<TEXT>") + len("<TEXT>"):raw.index("</TEXT>")]
    out: list[str] = []
    length = 0
    gold: list[Timex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    pos = 0
    for m in _TAG.finditer(body):
        piece = html.unescape(body[pos:m.start()])
        out.append(piece)
        length += len(piece)
        pos = m.end()
        if m.group(2) != "TIMEX3":
            continue
        if m.group(1):
            if open_timex is not None:
                start, attrs = open_timex
                gold.append(Timex(start, length, attrs.get("type"), attrs.get("value")))
            open_timex = None
        else:
            open_timex = (length, dict(_ATTR.findall(m.group(3))))
    out.append(html.unescape(body[pos:]))
    return Doc(path.stem, corpus, dct, "".join(out), gold)


def load(corpora: tuple[str, ...]) -> list[Doc]:
    docs = []
    for corpus in corpora:
        paths = sorted((DATA / corpus).glob("*.tml"))
        if not paths:
            # an empty run would print zeros and write them as results
            raise SystemExit(f"timex_tbaq: no .tml files in {DATA / corpus} (the data are in "
                             "../shared/data, not shipped)")
        docs.extend(read_tml(path, corpus) for path in paths)
    return docs


# --- systems --------------------------------------------------------------------------------

def run_storyweave(docs: list[Doc]) -> tuple[list[list[Timex]], float]:
    from storyweave.nlp.entities import ner_chunks
    from storyweave.nlp.models import spacy_nlp
    from storyweave.nlp.timex.expressions import find_times

    nlp = spacy_nlp()  # load before timing
    t0 = time.perf_counter()
    parsed = [list(nlp.pipe(d.text[c.start:c.end] for c in ner_chunks(d.text))) for d in docs]
    t1 = time.perf_counter()
    found = []
    for d, p in zip(docs, parsed, strict=True):
        spans = find_times(d.text, base=d.dct, doc=p)
        found.append([Timex(s.start, s.end, s.attrs["type"], s.attrs["value"]) for s in spans])
    t2 = time.perf_counter()
    TIMING["storyweave"] = {"parse_seconds": round(t1 - t0, 2),
                            "rules_seconds": round(t2 - t1, 2),
                            "rules_docs_per_s": round(len(docs) / (t2 - t1), 1)}
    return found, t2 - t0


def run_spacy(docs: list[Doc]) -> tuple[list[list[Timex]], float]:
    from storyweave.nlp.entities import ner_chunks, run_ner

    found = []
    t0 = time.perf_counter()
    for d in docs:
        chunks = ner_chunks(d.text)
        spans = []
        for chunk, doc in zip(chunks, run_ner(d.text[c.start:c.end] for c in chunks),
                              strict=True):
            spans += [Timex(chunk.start + e.start_char, chunk.start + e.end_char, e.label_,
                            None) for e in doc.ents if e.label_ in ("DATE", "TIME")]
        found.append(spans)
    return found, time.perf_counter() - t0


def _dateparser_value(parser: object, text: str, when: datetime) -> str:
    data = parser.get_date_data(text)  # type: ignore[attr-defined]
    period = getattr(data, "period", None) or "day"
    if period == "year":
        return f"{when.year:04d}"
    if period == "month":
        return f"{when.year:04d}-{when.month:02d}"
    if period == "week":
        iso = when.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if period == "time":
        return f"{when.date().isoformat()}T{when.hour:02d}:{when.minute:02d}"
    return when.date().isoformat()


def run_dateparser(docs: list[Doc]) -> tuple[list[list[Timex]], float]:
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    found = []
    t0 = time.perf_counter()
    for d in docs:
        base = datetime(d.dct.year, d.dct.month, d.dct.day)
        settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "current_period",
                    "RETURN_AS_TIMEZONE_AWARE": False}
        periods = DateDataParser(languages=["en"],
                                 settings={**settings, "RETURN_TIME_AS_PERIOD": True})
        spans = []
        offset = 0
        for line in d.text.split("\n"):
            hits = search_dates(line, languages=["en"], settings=settings) if line.strip() \
                else None
            cursor = 0
            for string, when in hits or []:
                at = line.find(string, cursor)
                if at < 0:
                    continue
                cursor = at + len(string)
                spans.append(Timex(offset + at, offset + cursor, None,
                                   _dateparser_value(periods, string, when)))
            offset += len(line) + 1
        found.append(spans)
    return found, time.perf_counter() - t0


TIMING: dict[str, dict[str, float]] = {}  # a system's time in parts, when it has parts
SYSTEMS = {"storyweave": run_storyweave, "dateparser": run_dateparser, "spacy-ner": run_spacy}


# --- scoring --------------------------------------------------------------------------------

def pairs(gold: list[Timex], found: list[Timex]) -> list[tuple[Timex, Timex]]:
    """One-to-one relaxed pairs: each gold span with the free system span overlapping it
    most (gold in text order)."""
    used: set[int] = set()
    out = []
    for g in gold:
        best, best_overlap = None, 0
        for i, s in enumerate(found):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if i not in used and overlap > best_overlap:
                best, best_overlap = i, overlap
        if best is not None:
            used.add(best)
            out.append((g, found[best]))
    return out


def _prf(hit_sys: int, n_sys: int, hit_gold: int, n_gold: int) -> dict[str, float]:
    p = hit_sys / n_sys if n_sys else 0.0
    r = hit_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(100 * p, 2), "r": round(100 * r, 2), "f1": round(100 * f, 2)}


def score(docs: list[Doc], found: list[list[Timex]], typed: bool,
          valued: bool = True) -> dict[str, object]:
    n_gold = sum(len(d.gold) for d in docs)
    n_sys = sum(len(f) for f in found)
    strict = relaxed = value_ok = type_ok = 0
    for d, f in zip(docs, found, strict=True):
        exact = {(s.start, s.end) for s in f}
        strict += sum((g.start, g.end) in exact for g in d.gold)
        matched = pairs(d.gold, f)
        relaxed += len(matched)
        value_ok += sum(g.value is not None and g.value == s.value for g, s in matched)
        type_ok += sum(g.type == s.type for g, s in matched)
    out: dict[str, object] = {
        "gold": n_gold, "system": n_sys,
        "strict": _prf(strict, n_sys, strict, n_gold),
        "relaxed": _prf(relaxed, n_sys, relaxed, n_gold),
    }
    if valued:
        out["value"] = _prf(value_ok, n_sys, value_ok, n_gold)
        out["value_accuracy"] = round(100 * value_ok / relaxed, 2) if relaxed else 0.0
    if typed:
        out["type_accuracy"] = round(100 * type_ok / relaxed, 2) if relaxed else 0.0
    return out


def show_errors(docs: list[Doc], found: list[list[Timex]], limit: int) -> None:
    shown = 0
    for d, f in zip(docs, found, strict=True):
        matched = pairs(d.gold, f)
        paired_sys = {id(s) for _, s in matched}
        paired_gold = {id(g) for g, _ in matched}
        rows = []
        for g, s in matched:
            if g.value != s.value or (g.start, g.end) != (s.start, s.end) or g.type != s.type:
                rows.append(f"  ~ {d.text[g.start:g.end]!r} {g.type} {g.value} | "
                            f"{d.text[s.start:s.end]!r} {s.type} {s.value}")
        rows += [f"  - missed {d.text[g.start:g.end]!r} {g.type} {g.value}"
                 for g in d.gold if id(g) not in paired_gold]
        rows += [f"  + extra {d.text[s.start:s.end]!r} {s.type} {s.value}"
                 for s in f if id(s) not in paired_sys]
        if rows:
            print(f"{d.name} (DCT {d.dct})")
            for row in rows:
                print(row)
                shown += 1
                if shown >= limit:
                    return


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--systems", default=",".join(SYSTEMS))
    ap.add_argument("--corpus", choices=CORPORA, help="only this part (default: both)")
    ap.add_argument("--show-errors", type=int, default=0, metavar="N",
                    help="list N storyweave errors (use on TimeBank: AQUAINT is held out)")
    ap.add_argument("--no-write", action="store_true", help="do not write the results JSON")
    args = ap.parse_args()
    corpora = (args.corpus,) if args.corpus else CORPORA
    docs = load(corpora)
    systems = [s for s in args.systems.split(",") if s]
    results: dict[str, object] = {
        "data": "TBAQ-cleaned (TempEval-3 training): " + ", ".join(
            f"{c} {sum(d.corpus == c for d in docs)} docs / "
            f"{sum(len(d.gold) for d in docs if d.corpus == c)} TIMEX3" for c in corpora),
        "reference": "HeidelTime value F1 77.61 on the TempEval-3 platinum TEST set "
                     "(different documents; not comparable)",
        "python": platform.python_version(), "systems": {}}
    for name in systems:
        found, seconds = SYSTEMS[name](docs)
        entry: dict[str, object] = {
            "seconds": round(seconds, 2), "docs_per_s": round(len(docs) / seconds, 2),
            "expressions_per_s": round(sum(map(len, found)) / seconds, 1),
            **TIMING.get(name, {})}
        for part in (*corpora, "all") if len(corpora) > 1 else corpora:
            keep = [i for i, d in enumerate(docs) if part in ("all", d.corpus)]
            entry[part] = score([docs[i] for i in keep], [found[i] for i in keep],
                                typed=name == "storyweave", valued=name != "spacy-ner")
        results["systems"][name] = entry  # type: ignore[index]
        if name == "storyweave" and args.show_errors:
            show_errors(docs, found, args.show_errors)
    print_table(results, corpora)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 0


def print_table(results: dict[str, object], corpora: tuple[str, ...]) -> None:
    print(results["data"])
    head = (f"{'system':<11} {'part':<9} {'strict P/R/F1':>20} {'relaxed P/R/F1':>20} "
            f"{'value P/R/F1':>20} {'val.acc':>7} {'type':>6} {'docs/s':>7} {'expr/s':>7}")
    print(head)
    print("-" * len(head))
    for name, entry in results["systems"].items():  # type: ignore[attr-defined]
        for part in (*corpora, "all") if len(corpora) > 1 else corpora:
            s = entry[part]

            def prf(key: str, s: dict = s) -> str:
                if key not in s:
                    return "n/a"
                return f"{s[key]['p']:.1f}/{s[key]['r']:.1f}/{s[key]['f1']:.1f}"

            typ = f"{s['type_accuracy']:.1f}" if "type_accuracy" in s else "n/a"
            acc = f"{s['value_accuracy']:.1f}" if "value_accuracy" in s else "n/a"
            speed = (f"{entry['docs_per_s']:>7.2f} {entry['expressions_per_s']:>7.1f}"
                     if part == "all" or len(corpora) == 1 else "")
            print(f"{name:<11} {part:<9} {prf('strict'):>20} {prf('relaxed'):>20} "
                  f"{prf('value'):>20} {acc:>7} {typ:>6} {speed}")
    for name, entry in results["systems"].items():  # type: ignore[attr-defined]
        if "parse_seconds" in entry:
            print(f"{name}: spaCy parse {entry['parse_seconds']} s, rules and resolution "
                  f"{entry['rules_seconds']} s ({entry['rules_docs_per_s']} docs/s)")
    print(f"\n{results['reference']}")


if __name__ == "__main__":
    raise SystemExit(main())
