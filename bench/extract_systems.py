"""Runners for the extraction benchmark: the pages, the four extractors and the worker processes.

``bench/extract_bench.py`` (the CLI, reporting and baseline comparison) runs each system with
``run_isolated(html_worker, ...)`` and storyweave's ``read_text`` with
``run_isolated(text_worker, ...)``. Each runs in a fresh spawned process that imports only that
system, so its peak RSS is its own; network access is blocked inside it. Nothing here is scored:
``bench/extract_common.py`` is the scorer.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import math
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

SYSTEMS = ("storyweave", "trafilatura", "readability", "newspaper4k")
# Distribution whose version is reported for each system.
DISTRIBUTIONS = {"storyweave": "storyweave", "trafilatura": "trafilatura",
                 "readability": "readability-lxml", "newspaper4k": "newspaper4k"}
CALLS = {
    "storyweave": "storyweave.ingestion.read_html(html, source, url).text",
    "trafilatura": "trafilatura.extract(html, url=url)",
    "readability": "readability.Document(html).summary() -> block-aware lxml text",
    "newspaper4k": "newspaper.Article(url, fetch_images=False); download(input_html=html); "
                   "parse(); .text",
}
MIB = 1024 * 1024


# --------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class Page:
    """One benchmark page: its id, URL, decoded HTML and hand-checked body."""

    id: str
    url: str
    html: str
    truth: str


def load_pages(data_dir: Path) -> list[Page]:
    """All pages of ``ground-truth.json`` with their ``html/<id>.html.gz``, sorted by id."""
    if not (data_dir / "ground-truth.json").exists():
        raise SystemExit(f"benchmark data not found in {data_dir} (shared/ sits beside the "
                         "checkout; or pass --data)")
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        with gzip.open(data_dir / "html" / f"{page_id}.html.gz", "rt", encoding="utf-8") as f:
            html = f.read()
        item = truth[page_id]
        pages.append(Page(page_id, item["url"], html, item["articleBody"]))
    return pages


def load_multinews(path: Path, limit: int) -> list[tuple[str, str]]:
    """First ``limit`` non-empty documents as ``(source, text)``; source is ``path:LINE#DOC``."""
    docs: list[tuple[str, str]] = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            for j, doc in enumerate(json.loads(line)["documents"]):
                if doc.strip():
                    docs.append((f"{path}:{line_no}#{j}", doc))
                    if len(docs) >= limit:
                        return docs
    return docs


def load_examples(examples_dir: Path, target: int) -> list[tuple[str, str]]:
    """The example ``*.txt`` files, repeated in turn to about ``target`` articles."""
    files = sorted(examples_dir.glob("*.txt"))
    if not files:
        return []
    base = [(str(p), p.read_text(encoding="utf-8")) for p in files]
    reps = max(1, round(target / len(base)))
    return base * reps


# --------------------------------------------------------------------------------------------
# Extractors (imported lazily, inside the worker process)

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd details div dl dt figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th "
    "thead tr ul".split())
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template"})


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment with a line break around every block element.

    lxml's ``text_content()`` glues ``<p>end</p><p>Start`` into one word ``endStart``; this
    walk keeps block boundaries, drops script/style and comments, and collapses spaces.
    """
    import lxml.html

    if not fragment.strip():
        return ""
    root = lxml.html.fromstring(fragment)
    parts: list[str] = []
    # Iterative walk (etree.iterwalk would skip comments *and their tails*).
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else None  # None: comment or PI
        if closing or tag is None or tag in _SKIP_TAGS:
            if closing and tag in _BLOCK_TAGS:
                parts.append("\n")
            if el.tail and el is not root:
                parts.append(el.tail)
            continue
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)


class Unavailable(Exception):
    """The system cannot be imported here (the message says why)."""


def make_extractor(system: str) -> Callable[[Page], str]:
    """Import ``system`` and return ``page -> body text`` (raises Unavailable on ImportError)."""
    try:
        if system == "storyweave":
            return _storyweave_extractor()
        if system == "trafilatura":
            import trafilatura

            def run_trafilatura(page: Page) -> str:
                return trafilatura.extract(page.html, url=page.url) or ""

            return run_trafilatura
        if system == "readability":
            import readability

            def run_readability(page: Page) -> str:
                return html_to_text(readability.Document(page.html).summary())

            return run_readability
        if system == "newspaper4k":
            import warnings

            with warnings.catch_warnings():  # "nltk is not installed": only nlp() needs it
                warnings.simplefilter("ignore")
                import newspaper

            def run_newspaper(page: Page) -> str:
                # fetch_images=False: parse() would otherwise fetch images over the network
                # to rank them; the body text is chosen before that and does not change.
                article = newspaper.Article(page.url, fetch_images=False)
                article.download(input_html=page.html)  # never without input_html
                article.parse()  # never nlp(): it downloads NLTK data
                return article.text or ""

            return run_newspaper
    except ImportError as err:
        raise Unavailable(f"{type(err).__name__}: {err}") from err
    raise ValueError(f"unknown system {system!r}")


def _import_storyweave() -> Any:
    """``storyweave.ingestion``, from the install or else from ``src/`` of this checkout."""
    try:
        import storyweave.ingestion as ingestion
    except ImportError:
        src = str(ROOT / "src")
        if src in sys.path:
            raise
        sys.path.insert(0, src)
        for name in [m for m in sys.modules if m == "storyweave" or m.startswith("storyweave.")]:
            del sys.modules[name]
        import storyweave.ingestion as ingestion
    return ingestion


class NoArticle(Exception):
    """storyweave's IngestError: the page is scored as an empty prediction."""


def _storyweave_extractor() -> Callable[[Page], str]:
    ingest = _import_storyweave()
    read_html = ingest.read_html  # AttributeError -> reported as unavailable below
    ingest_error = ingest.IngestError

    def run_storyweave(page: Page) -> str:
        try:
            return read_html(page.html, f"scrapinghub:{page.id}", url=page.url).text
        except ingest_error as err:
            raise NoArticle(str(err)) from err

    return run_storyweave


# --------------------------------------------------------------------------------------------
# Worker process


def _block_network() -> list[str]:
    """Make every socket connect/resolve fail at once; return the list of blocked attempts."""
    import socket

    attempts: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(repr(args[1:] if args and isinstance(args[0], socket.socket) else args)
                        [:200])
        raise OSError("network blocked by extract_bench")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]
    socket.getaddrinfo = refuse  # type: ignore[assignment]
    return attempts


def _maxrss_mib() -> float:
    """Peak RSS of this process so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def html_worker(system: str, data_dir: str, warmup: int, repeat: int, heap: bool
                ) -> dict[str, Any]:
    """Run one system over all pages in this (fresh) process; return texts and measurements."""
    attempts = _block_network()
    pages = load_pages(Path(data_dir))
    try:
        extract = make_extractor(system)
    except (Unavailable, AttributeError) as err:
        return {"status": "unavailable", "note": f"import failed: {err}"}

    def run_one(page: Page) -> tuple[str, str | None, str | None]:
        """(text, no-article reason, error) for one page."""
        try:
            return extract(page), None, None
        except NoArticle as err:
            return "", str(err), None
        except Exception as err:  # a crash on one page scores as an empty prediction
            message = " ".join(str(err).replace("*" * 10, " ").split())  # NLTK's banner
            # the first clause only: NLTK goes on to list this machine's search paths
            message = message.split(" Searched in:")[0]
            return "", None, f"{type(err).__name__}: {message}"[:300]

    rss_base = _maxrss_mib()
    for page in pages[:warmup]:
        run_one(page)

    texts: dict[str, str] = {}
    no_article: dict[str, str] = {}
    errors: dict[str, str] = {}
    best: list[float] | None = None
    for _ in range(max(1, repeat)):
        times = []
        for page in pages:
            start = time.perf_counter()
            text, reason, error = run_one(page)
            times.append(time.perf_counter() - start)
            if best is None:  # outputs of the first timed pass are the ones scored
                texts[page.id] = text
                if reason:
                    no_article[page.id] = reason
                if error:
                    errors[page.id] = error
        if best is None or sum(times) < sum(best):
            best = times
    assert best is not None
    rss_peak = _maxrss_mib()

    heap_peak = None
    if heap:
        tracemalloc.start()
        for page in pages:
            run_one(page)
        heap_peak = tracemalloc.get_traced_memory()[1] / MIB
        tracemalloc.stop()

    total = sum(best)
    return {
        "status": "ok",
        "version": _version(DISTRIBUTIONS[system]),
        "texts": texts,
        "no_article": no_article,
        "errors": errors,
        "pages": len(pages),
        "seconds": total,
        "pages_per_s": len(pages) / total if total > 0 else math.inf,
        "ms_per_page_median": statistics.median(best) * 1000,
        "ms_per_page_max": max(best) * 1000,
        "rss_base_mib": rss_base,
        "rss_peak_mib": rss_peak,
        "rss_delta_mib": rss_peak - rss_base,
        "heap_peak_mib": heap_peak,
        "network_attempts_blocked": len(attempts),
    }


def text_worker(examples_dir: str, multinews: str, n_examples: int, n_multinews: int,
                repeat: int) -> dict[str, Any]:
    """Time ``storyweave.ingestion.read_text`` on the example files and Multi-News documents."""
    _block_network()
    corpora = {
        "examples": load_examples(Path(examples_dir), n_examples),
        "multinews": load_multinews(Path(multinews), n_multinews),
    }
    try:
        ingest = _import_storyweave()
        read_text = ingest.read_text
        ingest_error = ingest.IngestError
    except (ImportError, AttributeError) as err:
        return {"status": "unavailable",
                "note": f"import failed: {type(err).__name__}: {err}"}
    rss_base = _maxrss_mib()
    out: dict[str, Any] = {"status": "ok", "version": _version("storyweave"),
                           "rss_base_mib": rss_base}
    for name, docs in corpora.items():
        for source, text in docs[:20]:  # warm-up
            with contextlib.suppress(Exception):  # failures are counted in the timed pass
                read_text(text, source)
        best = math.inf
        no_article = errors = 0
        for i in range(max(1, repeat)):
            times = []
            for source, text in docs:
                start = time.perf_counter()
                try:
                    read_text(text, source)
                except ingest_error:
                    no_article += i == 0
                except Exception:
                    errors += i == 0
                times.append(time.perf_counter() - start)
            best = min(best, sum(times))
        chars = sum(len(text) for _, text in docs)
        out[name] = {
            "articles": len(docs),
            "chars": chars,
            "seconds": best,
            "articles_per_s": len(docs) / best if best > 0 else math.inf,
            "mb_per_s": chars / MIB / best if best > 0 else math.inf,
            "no_article": no_article,
            "errors": errors,
        }
    out["rss_peak_mib"] = _maxrss_mib()
    out["rss_delta_mib"] = out["rss_peak_mib"] - rss_base
    return out


def run_isolated(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """Run ``fn(*args)`` in a fresh spawned process (own RSS, own imports)."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        try:
            return pool.submit(fn, *args).result()
        except BrokenProcessPool as err:
            return {"status": "crashed", "note": f"worker process died: {err}"}
