"""The ONNX MiniLM embedder: shape, normalisation, order, and that similarity means something."""

from __future__ import annotations

import numpy as np
import pytest

from storyweave.nlp import models
from storyweave.nlp.embed import MAX_TOKENS, Embedder, cosine

DIM = 384  # all-MiniLM-L6-v2; the embedder reads it off the model (checked below)

LEAD_A = ("Chinese leader Xi Jinping will travel to Russia next week, where he'll meet with "
          "President Vladimir Putin, both leaders' governments announced on Friday.")
LEAD_B = ("Chinese President Xi Jinping will visit Russia next week to meet President "
          "Vladimir Putin, the two governments said on Friday.")
UNRELATED = "Stir the flour into the melted butter and bake the cake for forty minutes."


@pytest.fixture(scope="module")
def emb() -> Embedder:
    return models.embedder()


@pytest.mark.slow
def test_loaded_once_and_timed(emb: Embedder) -> None:
    assert models.embedder() is emb
    assert models.LOAD_SECONDS["embedder"] > 0


@pytest.mark.slow
def test_dim_is_read_off_the_model(emb: Embedder) -> None:
    assert emb.dim == DIM


@pytest.mark.slow
def test_shape_dtype_and_unit_norm(emb: Embedder) -> None:
    v = emb.encode([LEAD_A, LEAD_B, UNRELATED, ""])
    assert v.shape == (4, DIM) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_empty_input(emb: Embedder) -> None:
    v = emb.encode([])
    assert v.shape == (0, DIM) and v.dtype == np.float32


@pytest.mark.slow
def test_order_is_preserved(emb: Embedder) -> None:
    ab = emb.encode([LEAD_A, UNRELATED])
    ba = emb.encode([UNRELATED, LEAD_A])
    assert np.abs(ab - ba[::-1]).max() < 1e-5


@pytest.mark.slow
def test_batching_and_sorting_do_not_change_vectors(emb: Embedder) -> None:
    # Different lengths in one batch: padding must be masked out of the mean.
    texts = [LEAD_A, "Short.", UNRELATED, LEAD_B, "Putin met Xi."]
    together = emb.encode(texts, batch_size=32)
    one_by_one = np.vstack([emb.encode([t]) for t in texts])
    assert np.abs(together - one_by_one).max() < 1e-4
    assert np.abs(emb.encode(texts, batch_size=2) - together).max() < 1e-4


@pytest.mark.slow
def test_paraphrase_scores_above_unrelated(emb: Embedder) -> None:
    a, b, c = emb.encode([LEAD_A, LEAD_B, UNRELATED])
    assert cosine(a, b) > 0.8
    assert cosine(a, c) < 0.4
    assert cosine(a, b) > cosine(a, c) + 0.3


@pytest.mark.slow
def test_long_text_is_truncated_not_rejected(emb: Embedder) -> None:
    long_text = " ".join([LEAD_A] * 40)  # ~1,300 tokens
    assert len(emb.tokenizer.encode(long_text).ids) == MAX_TOKENS
    v = emb.encode([long_text])
    assert v.shape == (1, DIM) and np.isfinite(v).all()


@pytest.mark.slow
def test_tokenizer_padding_reset(emb: Embedder) -> None:
    # The vendored tokenizer.json pads everything to 128: that must be switched off.
    assert emb.tokenizer.padding is None
    assert len(emb.tokenizer.encode("Hello.").ids) < 10


def test_batches_cover_every_text_once_and_keep_long_ones_small() -> None:
    from storyweave.nlp.embed import ATTENTION_BUDGET, _batches

    lengths = sorted([12] * 70 + [60] * 40 + [250] * 9)
    batches = _batches(lengths, 32)
    covered = [i for first, last in batches for i in range(first, last)]
    assert covered == list(range(len(lengths)))
    for first, last in batches:
        assert last - first <= 32
        assert last - first == 1 or (last - first) * lengths[last - 1] ** 2 <= ATTENTION_BUDGET
    assert max(last - first for first, last in batches if lengths[first] == 250) < 32
    assert _batches([], 32) == []
