"""The data behind the cleaner's length bounds (rules.CAPTION_MAX_WORDS, PROMO_MAX_WORDS,
HEADLINE_MAX_WORDS): how long real captions, promos and headings are, and how long real prose
paragraphs are, so that no rule can cut a paragraph of report.

    python bench/ingest_bounds.py            # prints the tables; needs ../shared/data

Sources (all dev data): figure captions, promo-like blocks and h1-h4 headings of the HTML
pages of extraction/scrapinghub and dates/htmldate; prose paragraphs of PolNeAR (quotes/) and
of the scrapinghub ground truth; Multi-News documents (summarization/) through read_text.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from lxml import html as lxml_html

from storyweave.ingestion import IngestError, rules
from storyweave.ingestion.readers import read_text

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
_CAPTION = '//figcaption | //*[contains(translate(@class, "CAPTION", "caption"), "caption")]'
_BLOCKS = "//p | //li | //h1 | //h2 | //h3 | //h4 | //span | //a | //div[not(.//div | .//p)]"


def pages(data: Path) -> Iterator[lxml_html.HtmlElement]:
    for path in sorted([*data.glob("extraction/scrapinghub/html/*.html.gz"),
                        *data.glob("dates/htmldate/pages/*.html.gz")]):
        try:
            tree = lxml_html.fromstring(gzip.decompress(path.read_bytes()))
        except (ValueError, OSError):
            continue
        for junk in tree.xpath("//script | //style | //noscript"):
            junk.drop_tree()
        yield tree


def texts(trees: list, xpath: str) -> list[str]:
    found = (" ".join(el.text_content().split()) for t in trees for el in t.xpath(xpath))
    return list(dict.fromkeys(t for t in found if t))  # distinct, in page order


def prose_paragraphs(data: Path) -> list[str]:
    paras = [p.strip() for f in sorted(data.glob("quotes/polnear/*/text/*.txt"))
             for p in f.read_text(encoding="utf-8").splitlines() if p.strip()]
    truth = json.loads((data / "extraction/scrapinghub/ground-truth.json").read_text())
    paras += [p.strip() for v in truth.values() for p in v["articleBody"].splitlines()
              if p.strip()]
    return [p for p in paras if rules.prose(p)]


def summary(name: str, lines: list[str], pick: Callable[[str], bool] | None = None) -> None:
    words = sorted(rules.word_count(t) for t in lines if pick is None or pick(t))
    if not words:
        print(f"{name:<34} none")
        return

    def q(f: float) -> int:
        return words[min(len(words) - 1, int(f * len(words)))]

    print(f"{name:<34} n={len(words):>6}  median {q(.5):>3}  p90 {q(.9):>3}  p95 {q(.95):>3}  "
          f"p99 {q(.99):>3}  max {words[-1]:>4}")


def multinews(data: Path, limit: int) -> None:
    raw = gzip.decompress((data / "summarization/multinews-val.jsonl.gz").read_bytes())
    docs = [d for line in raw.splitlines() for d in json.loads(line)["documents"]
            if d.strip()][:limit]
    rejected: Counter[str] = Counter()
    trimmed = whole = 0
    for i, doc in enumerate(docs):
        try:
            article = read_text(doc, f"multinews:{i}")
        except IngestError as e:
            rejected[e.reason.split(" (")[0]] += 1
            continue
        trimmed += any("at the end of a paragraph" in r.reason for r in article.removed)
        whole += any(r.reason.startswith("photo caption") for r in article.removed)
    print(f"\nMulti-News: {len(docs)} documents; credit trimmed from {trimmed}, caption cut whole "
          f"in {whole}; rejected {sum(rejected.values())}:")
    for reason, n in rejected.most_common():
        print(f"  {n:>5}  {reason}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=DATA)
    p.add_argument("--multinews", type=int, default=2000, help="documents to read (0: none)")
    args = p.parse_args()
    if not (args.data / "extraction").is_dir():
        raise SystemExit(f"benchmark data not found: {args.data}")
    trees = list(pages(args.data))
    captions, blocks = texts(trees, _CAPTION), texts(trees, _BLOCKS)
    headings = texts(trees, "//h1 | //h2 | //h3 | //h4")
    prose = prose_paragraphs(args.data)
    print(f"{len(trees)} pages\n")
    summary("captions, all", captions)
    summary("captions ending with a credit", captions, lambda t: rules.credit_tail(t) is not None)
    summary("promo blocks", blocks, rules.promo)
    summary("h1-h4 headings", headings)
    summary("prose paragraphs", prose)
    for bound in (rules.HEADLINE_MAX_WORDS, rules.CAPTION_MAX_WORDS, rules.PROMO_MAX_WORDS):
        share = sum(rules.word_count(t) > bound for t in prose) / len(prose)
        print(f"  prose paragraphs over {bound} words: {share:.1%}")
    if args.multinews:
        multinews(args.data, args.multinews)


if __name__ == "__main__":
    main()
