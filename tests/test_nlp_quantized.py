"""The embedder's integer graph: made from the package's weights, kept, made again when it
must be, quiet, and close to the float model; vectors that do not depend on the batch."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from storyweave.nlp import quantized
from storyweave.nlp.embed import Embedder, float_graph

pytestmark = pytest.mark.slow  # each build runs ONNX Runtime's quantiser (~3 s)

SENTENCES = [
    "The council voted 7-2 on Tuesday to close the bridge for repairs until spring.",
    "A spokeswoman for the fire service said two crews were called at 4:15 a.m.",
    "Short.",
    "Prices at the pump rose for a third week, the motoring club said in a statement.",
]


def test_made_once_then_read_from_the_folder(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import onnx

    folder = tmp_path / "not" / "there yet"  # a fresh machine's cache folder
    made = quantized.integer_graph(float_graph(), folder)
    assert made.parent == folder and made.name.startswith("minilm-int8-")
    ops = [n.op_type for n in onnx.load(str(made)).graph.node]
    # six layers x (query, key, value, output, two feed-forward): integer products
    assert ops.count("MatMulInteger") == 36
    assert [p.name for p in folder.iterdir()] == [made.name]  # no build leftovers

    def no_build(*_: object) -> Path:
        raise AssertionError("made again although it is kept")

    monkeypatch.setattr(quantized, "_build", no_build)
    assert quantized.integer_graph(float_graph(), folder) == made


def test_another_recipe_is_another_file(tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    first = quantized.integer_graph(float_graph(), tmp_path)
    monkeypatch.setattr(quantized, "RECIPE", quantized.RECIPE + " (changed)")
    second = quantized.integer_graph(float_graph(), tmp_path)
    assert second != first and first.is_file() and second.is_file()


def test_an_unwritable_folder_is_no_failure(tmp_path: Path,
                                            caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with caplog.at_level(logging.WARNING, logger="storyweave.nlp.quantized"):
        made = quantized.integer_graph(float_graph(), blocker / "cache")
    assert made.is_file() and blocker not in made.parents
    assert any("temporary folder" in r.getMessage() for r in caplog.records)


def test_the_quantiser_says_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    handlers = list(logging.getLogger().handlers)
    with caplog.at_level(logging.DEBUG):
        quantized.integer_graph(float_graph(), tmp_path)
    said = [r.getMessage() for r in caplog.records]
    assert any("made the embedder's integer graph" in m for m in said)
    assert not [m for m in said if "pre-processing" in m or "Quantization" in m]
    assert logging.getLogger().handlers == handlers and not logging.getLogger().filters


def test_a_damaged_kept_graph_is_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv(quantized.CACHE_ENV, str(tmp_path))
    kept = Embedder(threads=1).model_path
    assert kept.parent == tmp_path
    kept.write_bytes(b"half a file")
    with caplog.at_level(logging.WARNING, logger="storyweave.nlp.embed"):
        again = Embedder(threads=1)
    assert any("could not be read" in r.getMessage() for r in caplog.records)
    assert again.model_path == kept and kept.stat().st_size > 1_000_000
    assert again.encode(SENTENCES[:1]).shape == (1, again.dim)


def test_vectors_stay_close_to_the_float_model() -> None:
    integer = Embedder(threads=1)
    floating = Embedder(float_graph(), threads=1)
    assert integer.model_path != floating.model_path
    a, b = integer.encode(SENTENCES), floating.encode(SENTENCES)
    assert (a * b).sum(axis=1).min() > 0.97


def test_a_vector_does_not_depend_on_its_batch() -> None:
    emb = Embedder(threads=1)
    # the integer graph scales each product's input over the whole batch: batched, the
    # short sentence's padding and its neighbours would move every vector
    alone = np.vstack([emb.encode([s]) for s in SENTENCES])
    together = emb.encode(SENTENCES, batch_size=4)
    assert np.array_equal(alone, together)
    pieces = emb.encode_tokens(SENTENCES, batch_size=4)
    assert all(np.array_equal(p.vectors, emb.encode_tokens([s])[0].vectors)
               for p, s in zip(pieces, SENTENCES, strict=True))


def test_the_cache_folder_follows_the_environment(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(quantized.CACHE_ENV, str(tmp_path / "mine"))
    assert quantized.cache_dir() == tmp_path / "mine"
    monkeypatch.delenv(quantized.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert quantized.cache_dir() == tmp_path / "xdg" / "storyweave"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert quantized.cache_dir() == tmp_path / "home" / ".cache" / "storyweave"
