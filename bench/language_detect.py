"""Accuracy and speed of the language detector (storyweave.ingestion.language, py3langid).

    python bench/language_detect.py          # needs ../shared/data for the page part

1. spaCy's example sentences (short, 29 languages, shipped with spaCy): one sentence each.
2. The dev HTML pages that declare <html lang> (extraction/scrapinghub, dates/htmldate):
   whole extracted text against the declared language, and the disagreements listed (the
   declaration is often a template default).
3. Windows of k words of those pages' prose, where detection of the full text agrees with the
   declaration: accuracy by length and by confidence threshold (how MIN_WORDS and
   MIN_CONFIDENCE were set).
4. Speed: model load, and articles per second on the pages.
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import time
from collections import Counter
from pathlib import Path

import trafilatura
from trafilatura.utils import load_html

from storyweave.ingestion import language, rules
from storyweave.nlp.models import language_identifier

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SPACY_LANGS = ("en de fr es it pt nl ru zh ja ko ar pl sv tr uk el cs fi he hi id da nb ro hu "
               "fa vi th bg").split()
SAME = {"nb": "no"}  # spaCy's Bokmål is the model's Norwegian


def short_sentences() -> None:
    ok = total = unsure = 0
    wrong = []
    for lang in SPACY_LANGS:
        try:
            sentences = importlib.import_module(f"spacy.lang.{lang}.examples").sentences
        except ImportError:
            continue
        for s in sentences:
            found = language.detect(s)
            if found is None:
                unsure += 1
                continue
            total += 1
            if found.code in (lang, SAME.get(lang)):
                ok += 1
            else:
                wrong.append(f"{lang}->{found.code} {s[:50]!r}")
    print(f"spaCy example sentences: {ok}/{total} right, {unsure} left unknown")
    for w in wrong:
        print("   ", w)


def page_texts(data: Path) -> list[tuple[str, str]]:
    out = []
    paths = sorted([*data.glob("extraction/scrapinghub/html/*.html.gz"),
                    *data.glob("dates/htmldate/pages/*.html.gz")])
    if not paths:
        # an empty run would print zeros and write them as results
        raise SystemExit(f"language_detect: no pages under {data} (the data are in "
                         "../shared/data, not shipped)")
    for path in paths:
        raw = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        tree = load_html(raw)
        declared = language.iso639_1(tree.get("lang")) if tree is not None else None
        text = trafilatura.extract(raw) or ""
        if declared and len(text) >= 200:
            out.append((declared, text))
    return out


def pages(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    start = time.perf_counter()
    found = [language.detect(t) for _, t in texts]
    took = time.perf_counter() - start
    agree = [(d, t) for (d, t), f in zip(texts, found, strict=True) if f and f.code == d]
    print(f"\npages with <html lang>: {len(texts)} {dict(Counter(d for d, _ in texts))}")
    print(f"  detection agrees on {len(agree)}; {len(texts) / took:.0f} articles/s "
          f"(first {language.SAMPLE_CHARS} characters of each)")
    for (d, t), f in zip(texts, found, strict=True):
        if not f or f.code != d:
            got = f"{f.code} {f.confidence:.2f}" if f else "unknown"
            print(f"   declared {d}, detected {got}: {' '.join(t.split())[:70]!r}")
    return agree


def windows(agree: list[tuple[str, str]]) -> None:
    print("\nwindows of k words (every 40th word of each page's prose):")
    ident = language_identifier()
    for k in (3, 5, 8, 10, 15, 20, 30):
        results = []
        for declared, text in agree:
            words = " ".join(p for p in text.splitlines() if rules.prose(p)).split()
            for start in range(0, min(len(words), 400), 40):
                sample = " ".join(words[start:start + k])
                if sample:
                    code, conf = ident.classify(sample)
                    results.append((code == declared, conf))
        row = []
        for threshold in (0.0, 0.5, 0.9):
            kept = [ok for ok, conf in results if conf >= threshold]
            row.append(f"conf>={threshold}: {sum(kept) / max(len(kept), 1):.3f} "
                       f"({len(results) - len(kept)} unknown)")
        print(f"  k={k:>2}  " + "  ".join(row))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=DATA)
    args = p.parse_args()
    start = time.perf_counter()
    language_identifier()
    print(f"model load: {time.perf_counter() - start:.2f} s")
    short_sentences()
    if not (args.data / "extraction").is_dir():
        raise SystemExit(f"benchmark data not found: {args.data}")
    windows(pages(page_texts(args.data)))


if __name__ == "__main__":
    main()
