"""Fuzz the readers in one process: generated inputs, each written to a file (or a directory,
for special files) and read the way ``storyweave extract`` reads it. Reports:

- crashes: an exception out of the reader, or a Failure that says "internal error";
- hangs: an input still being read after ``--hang`` seconds (default 30);
- silent drops: an input with no result at all, or a JSONL line that gave neither an article
  nor a failure.

Seeded, so a run is repeatable (``--seed``). The case mix follows issue 22: JSONL with a garbage
first line, ``<svg>`` prologues, long hard-wrapped text, odd file names, special files (FIFOs,
links to ``/dev/zero``), escape sequences, gzip (truncated, bombs), random bytes, encodings:

    .venv/bin/python tools/fuzz_readers.py --cases 3000
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from storyweave.ingestion import ingest, read_path
from storyweave.model import Article, Failure

SENTENCES = [
    "The foreign ministers met in Geneva on Tuesday to discuss the ceasefire proposal.",
    "Officials said the talks would continue next week, with a second round in Vienna.",
    "Officials said 404 people were evacuated after the dam burst on Tuesday.",
    "The missing climber was not found until Friday, rescuers said.",
    "中国国家主席习近平3月20日抵达莫斯科，开始对俄罗斯进行国事访问。",
    "Председатель КНР Си Цзиньпин прибыл в Москву с государственным визитом.",
    "Café in Zürich “quoted” – naïve résumé",
    "Credit: Reuters", "Advertisement", "By Jane Doe", "March 13, 2023", "404 Not Found",
]
ESCAPES = ["\x1b[2J", "\x1b]0;title\x07", "\x07", "\x1b[31m", "\x08", "\r", "\x00", "\u202e"]
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le", "cp1251", "gb18030"]
NAMES = ["a.txt", "a.html", "a.jsonl", "a.ndjson", "a.txt.gz", "a.jsonl.gz", "a", "a.htm"]


def prose(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(n))


def text_case(rng: random.Random) -> bytes:
    lines = [rng.choice(SENTENCES + ESCAPES + [""]) for _ in range(rng.randint(0, 30))]
    sep = rng.choice(["\n", "\n\n", "\r\n", "\r", "\u2028"])
    return sep.join(lines).encode(rng.choice(ENCODINGS), errors="replace")


def wrapped_case(rng: random.Random) -> bytes:
    n = rng.choice([100, 5_000, 20_000, 50_000])
    return ("The talks went on\n" + "\n".join(f"and w{i}" for i in range(n)) + ".\n").encode()


def html_case(rng: random.Random) -> bytes:
    prologue = rng.choice(["", "<svg>", "<svg></svg>", "\ufeff<svg>", "<svg><path d='M0'/>",
                           "<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>",
                           "<math>", "<!-- c -->"])
    filler = rng.choice(["", "<p></p>", "<p>", "<div>", "<p>&nbsp;</p>"]) * rng.choice(
        [0, 10, 1000, 20_000])
    body = "".join(f"<p>{prose(rng, rng.randint(1, 4))}</p>" for _ in range(rng.randint(0, 6)))
    dated = rng.choice(["", "<p>Updated 14 March 2023.</p>",
                        "<meta name='date' content='2023-03-14'>"])
    return (f"{prologue}<html lang='{rng.choice(['en', '', 'x-default'])}'><head><title>T</title>"
            f"</head><body>{dated}<article>{body}{filler}</article></body></html>").encode()


def jsonl_case(rng: random.Random) -> bytes:
    lines = []
    for _ in range(rng.randint(1, 8)):
        kind = rng.random()
        if kind < 0.5:
            lines.append(json.dumps({"text": prose(rng, rng.randint(1, 5))},
                                    ensure_ascii=rng.random() < 0.5))
        elif kind < 0.65:
            lines.append(json.dumps({"html": html_case(rng).decode()}))
        elif kind < 0.8:
            lines.append(rng.choice(["garbage", "[1, 2]", "{", '{"text": 5}', "null", "",
                                     '{"text": "\\ud800 x"}', "[" * 3000 + "]" * 3000]))
        else:
            lines.append(json.dumps({"text": rng.choice(ESCAPES) + prose(rng, 2)}))
    if rng.random() < 0.5:
        lines.insert(0, rng.choice(["garbage", "# a comment", "<html>", "id,text", ""]))
    return "\n".join(lines).encode("utf-8", errors="surrogatepass")


def gzip_case(rng: random.Random) -> bytes:
    inner = rng.choice([text_case, jsonl_case, html_case])(rng)
    if rng.random() < 0.2:
        inner = b"x" * 3_000_000  # a small bomb: past the 2 MB limit used here
    packed = gzip.compress(inner)
    return packed[:rng.randint(10, len(packed))] if rng.random() < 0.3 else packed


def bytes_case(rng: random.Random) -> bytes:
    return rng.randbytes(rng.randint(0, 3000))


GENERATORS: list[tuple[str, Callable[[random.Random], bytes], float]] = [
    ("text", text_case, 0.2), ("wrapped", wrapped_case, 0.05), ("html", html_case, 0.2),
    ("jsonl", jsonl_case, 0.25), ("gzip", gzip_case, 0.15), ("bytes", bytes_case, 0.15),
]


def odd_name(rng: random.Random, base: str) -> str:
    """A file name with a newline, an escape sequence or undecodable bytes in it, sometimes."""
    if rng.random() < 0.8:
        return base
    prefix = rng.choice(["new\nline-", "esc\x1b[2J-", "bad\udcff-", "sp ace-", "-dash-"])
    return prefix + base


def jsonl_lines(data: bytes) -> int:
    """The results a JSONL input must give: one per non-blank line."""
    return sum(1 for line in data.splitlines() if line.strip())


def run_case(tmp: Path, case: int, rng: random.Random, max_bytes: int,
             results: dict[str, object]) -> str:
    """Write one input, read it; return its kind. ``results`` gets what came out."""
    if rng.random() < 0.03:  # special files in a directory: never opened by the walk
        folder = tmp / f"special{case}"
        folder.mkdir()
        os.mkfifo(folder / "pipe.txt")
        (folder / "zero.txt").symlink_to("/dev/zero")
        (folder / "good.txt").write_text(SENTENCES[0], encoding="utf-8")
        articles, failures = ingest([folder], max_bytes=max_bytes)
        results.update(results=[*articles, *failures], expect=3)
        return "special"
    kind, make, _ = rng.choices(GENERATORS, weights=[w for *_, w in GENERATORS])[0]
    data = make(rng)
    name = {"jsonl": rng.choice(["a.jsonl", "a.ndjson", "a.txt"]),
            "gzip": rng.choice(["a.txt.gz", "a.jsonl.gz", "a.html.gz"]),
            "html": rng.choice(["a.html", "a.txt", "a"]),
            "wrapped": rng.choice(["a.txt", "a"])}.get(kind, rng.choice(NAMES))
    path = tmp / f"{case:05d}-{odd_name(rng, name)}"
    path.write_bytes(data)
    out = read_path(path, max_bytes=max_bytes)
    expect = jsonl_lines(data) if kind == "jsonl" and name != "a.txt" else None
    results.update(results=out, expect=expect)
    return kind


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--hang", type=float, default=30.0, help="seconds that count as a hang")
    parser.add_argument("--max-bytes", type=int, default=2_000_000)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    counts: Counter[str] = Counter()
    problems: list[str] = []
    slowest = (0.0, "")
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for case in range(args.cases):
            case_rng = random.Random(rng.getrandbits(64))
            box: dict[str, object] = {}
            error: list[BaseException] = []

            def work(case: int = case, case_rng: random.Random = case_rng,
                     box: dict[str, object] = box, error: list[BaseException] = error) -> None:
                try:
                    box["kind"] = run_case(tmp, case, case_rng, args.max_bytes, box)
                except BaseException as e:  # a crash: counted, and the run goes on
                    error.append(e)

            start = time.perf_counter()
            worker = threading.Thread(target=work, daemon=True)
            worker.start()
            worker.join(args.hang)
            took = time.perf_counter() - start
            slowest = max(slowest, (took, f"case {case} ({box.get('kind', '?')})"))
            if worker.is_alive():
                counts["hangs"] += 1
                problems.append(f"case {case}: still reading after {args.hang:g} s")
                continue
            if error:
                counts["crashes"] += 1
                problems.append(f"case {case}: {type(error[0]).__name__}: {error[0]}")
                continue
            counts[f"kind {box['kind']}"] += 1
            out = box["results"]
            assert isinstance(out, list)
            counts["articles"] += sum(isinstance(r, Article) for r in out)
            counts["failures"] += sum(isinstance(r, Failure) for r in out)
            internal = [r for r in out if isinstance(r, Failure) and "internal error" in r.reason]
            if internal:
                counts["crashes"] += 1
                problems.append(f"case {case}: {internal[0].reason}")
            expect = box["expect"]
            if not out or (isinstance(expect, int) and len(out) != expect):
                counts["silent drops"] += 1
                problems.append(f"case {case} ({box['kind']}): {len(out)} results, "
                                f"expected {expect or 'at least 1'}")
    elapsed = time.perf_counter() - t0
    print(f"{args.cases} cases in {elapsed:.0f} s (seed {args.seed}, max-bytes "
          f"{args.max_bytes:,}); slowest: {slowest[1]}, {slowest[0]:.1f} s")
    for key in sorted(counts):
        print(f"  {key}: {counts[key]}")
    for key in ("crashes", "hangs", "silent drops"):
        print(f"{key}: {counts[key]}")
    for line in problems[:30]:
        print("  " + line.encode("unicode_escape").decode("ascii"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
