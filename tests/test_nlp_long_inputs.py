"""Long inputs: one huge paragraph (over spaCy's ``max_length``, or with no sentence
punctuation at all) is annotated in bounded pieces with exact offsets, and building units
stays linear without changing them.

No test here measures time. Linearity is guarded structurally instead: spaCy and pysbd are
watched, and must never be handed more than their bound, whatever the paragraph's length.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from storyweave import ingest, read_text, weave
from storyweave.labels import Label
from storyweave.model import Article, Span
from storyweave.nlp import annotate, entities, models, numbers, sentences
from storyweave.nlp.entities import Chunk, entity_key, entity_spans, ner_chunks
from storyweave.nlp.sentences import paragraph_ranges, sentence_spans
from storyweave.weaving.align.units import CONTENT_ENTITIES, build_units

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "xi-moscow-2023"


def _example_sentences() -> list[str]:
    """Real sentences of the example story (lines that end with a full stop)."""
    out = []
    for path in sorted(EXAMPLE.glob("*.txt")):
        out += [line.strip() for line in path.read_text("utf-8").splitlines()
                if line.strip().endswith(".")]
    return out


def _long_paragraph(size: int, *, punctuation: bool = True) -> str:
    """One line of about ``size`` characters made of the example's sentences, repeated."""
    base = " ".join(_example_sentences())
    if not punctuation:
        base = base.translate(str.maketrans("", "", ".!?"))
    text = " ".join([base] * (size // len(base) + 1))[:size]
    return text[:text.rfind(" ")]


def _entities(spans: list[Span]) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.attrs["type"]) for s in spans]


@pytest.fixture
def spacy_limit(monkeypatch: pytest.MonkeyPatch):
    """Lower spaCy's own ``max_length``: spaCy then raises E088 for any longer text, so a
    test passes only if nothing longer ever reaches it."""
    def lower(limit: int) -> int:
        monkeypatch.setattr(models.spacy_nlp(), "max_length", limit)
        return limit
    return lower


# --- spaCy sees bounded chunks -----------------------------------------------------------------

@pytest.mark.slow
def test_paragraph_over_spacys_limit_is_annotated(spacy_limit) -> None:
    limit = spacy_limit(3_000)
    text = _long_paragraph(14_000)
    article = read_text(text, "long.txt")
    assert len(paragraph_ranges(article.text)) == 1 and len(article.text) > 4 * limit
    annotated = annotate([article])
    [article], vectors = annotated.articles, annotated.sentences

    found = list(article.spans_of(Label.ENTITY))
    assert len(found) > 100
    for s in found:
        piece = article.text[s.start:s.end]
        assert piece and piece == piece.strip()
        assert s.attrs["key"] == entity_key(piece)
    assert ("Xi Jinping", "PERSON") in {(article.span_text(s), s.attrs["type"]) for s in found}
    assert len(vectors) == sum(1 for _ in article.spans_of(Label.SENTENCE))


@pytest.mark.slow
def test_chunk_entities_match_the_same_sentences_as_a_short_paragraph(spacy_limit) -> None:
    limit = spacy_limit(2_000)
    text = _long_paragraph(20_000)
    chunks = ner_chunks(text)
    got = _entities(entity_spans(text))

    assert len(chunks) >= 10
    starts = {s.start for s in sentence_spans(text)}
    ends = {s.end for s in sentence_spans(text)}
    expected = []
    for c in chunks:
        assert c.end - c.start <= limit
        # Cut between sentences: a chunk is whole sentences and keeps all it sees.
        assert c.start in starts and c.end in ends and c.keep_start == c.start
        short = text[c.start:c.end]
        expected += [(c.start + a, c.start + b, kind) for a, b, kind in _entities(
            entity_spans(short))]
    assert got == expected
    for start, end, _ in got:
        assert text[start:end] == text[start:end].strip() and text[start:end]


@pytest.mark.slow
def test_the_batch_goes_on_with_a_long_article_among_normal_ones(spacy_limit) -> None:
    spacy_limit(3_000)
    normal, _ = ingest([EXAMPLE / "003_07d2d95af1c2a203.txt"])
    long = read_text(_long_paragraph(8_000), "long.txt")
    d = weave([*normal, long])
    assert {p.article for c in d.claims for p in c.passages} == {normal[0].id, long.id}


@pytest.mark.slow
def test_run_ner_batches_are_bounded_in_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = models.spacy_nlp()
    seen: list[list[str]] = []
    real = nlp.pipe

    def watch(texts, **kwargs):
        texts = list(texts)
        seen.append(texts)
        return real(texts, **kwargs)

    monkeypatch.setattr(nlp, "pipe", watch)
    texts = ["Xi Jinping met Vladimir Putin in Moscow."] * 50 + ["Putin " * 200]
    docs = list(entities.run_ner(texts, batch_size=16, batch_chars=500))
    assert [d.text for d in docs] == texts
    for batch in seen:
        assert len(batch) <= 16
        assert len(batch) == 1 or sum(map(len, batch)) <= 500
    assert ["Putin " * 200] in seen  # longer than a batch: goes alone


# --- cuts inside one over-long sentence --------------------------------------------------------

def _cut_through_an_entity(text: str, bound: int) -> tuple[str, list[Chunk], list]:
    """``text`` shifted by a few leading words until a cut inside a sentence falls inside an
    entity of the paragraph annotated whole, so that the test below tests something."""
    for pad in range(40):
        shifted = "so " * pad + text
        chunks = ner_chunks(shifted, bound=bound)
        whole = _entities(entity_spans(shifted, chunks=[Chunk(0, len(shifted), 0,
                                                              len(shifted))]))
        cuts = [c.keep_end for c in chunks[:-1]]
        if any(a < cut < b for a, b, _ in whole for cut in cuts):
            return shifted, chunks, whole
    raise AssertionError("no cut fell inside an entity: change the text")


@pytest.mark.slow
def test_entities_across_a_cut_inside_a_sentence_are_whole(spacy_limit) -> None:
    # No full stop anywhere: the paragraph is one "sentence", so the chunks must be cut
    # inside it, at whitespace, with context on both sides.
    names = ("Xi Jinping and Vladimir Putin met the Chinese Communist Party in Moscow while "
             "the Kremlin and the United States watched ")
    text, chunks, whole = _cut_through_an_entity((names * 80).strip(), 2_000)
    limit = spacy_limit(2_000)  # only now: the reference above ran on the whole paragraph

    assert len(chunks) > 5 and all(c.end - c.start <= limit for c in chunks)
    assert any(c.start < c.keep_start for c in chunks)  # context before a cut
    got = _entities(entity_spans(text, chunks=chunks))
    assert got == whole
    for start, end, _ in got:
        assert text[start:end] == text[start:end].strip()


@pytest.mark.slow
def test_text_without_any_whitespace_is_still_chunked(spacy_limit) -> None:
    limit = spacy_limit(2_000)
    text = "x" * 9_000 + " Vladimir Putin arrived."
    chunks = ner_chunks(text)
    assert all(c.end - c.start <= limit for c in chunks)
    assert chunks[0].keep_start == 0 and chunks[-1].keep_end == len(text)
    assert all(a.keep_end == b.keep_start for a, b in zip(chunks, chunks[1:], strict=False))
    assert "Vladimir Putin" in [text[s.start:s.end] for s in entity_spans(text)]


# --- sentences: pysbd sees bounded windows, sentence spans are capped --------------------------

@pytest.fixture
def pysbd_inputs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of every text pysbd is asked to segment."""
    seg = models.segmenter()
    lengths: list[int] = []
    real = seg.processor  # what nlp.sentences calls (not ``segment``: see _starts)

    def watch(text: str):
        lengths.append(len(text))
        return real(text)

    monkeypatch.setattr(seg, "processor", watch)
    return lengths


def _check_sentences(text: str, spans: list[Span]) -> None:
    covered = 0
    prev_end = 0
    for s in spans:
        piece = text[s.start:s.end]
        assert piece and piece == piece.strip() and s.start >= prev_end
        assert s.end - s.start <= sentences.MAX_SENTENCE
        assert not text[prev_end:s.start].strip(), "text fell out of every sentence"
        covered += len(piece)
        prev_end = s.end
    assert not text[prev_end:].strip()
    assert covered > 0


def test_paragraph_without_punctuation(pysbd_inputs: list[int]) -> None:
    text = _long_paragraph(60_000, punctuation=False)
    spans = sentence_spans(text)
    _check_sentences(text, spans)
    assert max(pysbd_inputs) <= sentences.MAX_WINDOW
    # All one sentence to pysbd: every span is a numbered piece of it, cut at whitespace.
    assert [s.attrs.get("piece") for s in spans] == list(range(len(spans)))
    assert len(spans) >= 60_000 // sentences.MAX_SENTENCE
    assert all(text[s.end].isspace() for s in spans[:-1])


def test_long_paragraph_with_sentences(pysbd_inputs: list[int]) -> None:
    text = _long_paragraph(60_000)
    spans = sentence_spans(text)
    _check_sentences(text, spans)
    assert max(pysbd_inputs) <= sentences.MAX_WINDOW
    assert not any("piece" in s.attrs for s in spans)  # real sentences are left whole


def test_one_overlong_sentence_among_normal_ones(pysbd_inputs: list[int]) -> None:
    run_on = " ".join(["word"] * 3_000)  # 15k characters, no full stop
    text = f"It began normally. {run_on} and ended. Then another sentence came."
    spans = sentence_spans(text)
    _check_sentences(text, spans)
    got = [text[s.start:s.end] for s in spans]
    assert got[0] == "It began normally." and got[-1] == "Then another sentence came."
    assert [s.attrs.get("piece") for s in spans[1:-1]] == list(range(len(spans) - 2))
    assert got[-2].endswith("and ended.")
    # The pieces are about equal: no stub of a few words at the end.
    lengths = [s.end - s.start for s in spans[1:-1]]
    assert max(lengths) - min(lengths) < 20
    assert max(pysbd_inputs) <= sentences.MAX_WINDOW


def test_a_sentence_without_whitespace_is_cut_anyway() -> None:
    text = "y" * 5_000
    spans = sentence_spans(text)
    assert "".join(text[s.start:s.end] for s in spans) == text
    assert all(s.end - s.start <= sentences.MAX_SENTENCE for s in spans)


def test_sentence_just_over_the_cap_is_split_in_two(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "MAX_SENTENCE", 100)
    text = " ".join(["alpha"] * 20) + "."  # 120 characters
    got = [text[s.start:s.end] for s in sentence_spans(text)]
    assert len(got) == 2 and " ".join(got) == text


# --- numbers -----------------------------------------------------------------------------------

def test_word_number_overlap_check_matches_brute_force() -> None:
    rng = random.Random(7)
    spans, pos = [], 0
    for _ in range(200):
        pos += rng.randint(0, 5)
        length = rng.randint(1, 6)
        spans.append(Span(pos, pos + length, Label.NUMBER))
        pos += length
    busy = numbers._Busy(spans)
    for _ in range(2_000):
        a = rng.randint(0, pos + 5)
        b = a + rng.randint(1, 8)
        brute = any(a < s.end and s.start < b for s in spans)
        assert busy.overlaps(a, b) is brute, (a, b)


def test_numbers_in_a_long_paragraph() -> None:
    text = " ".join(["Trade reached $200 billion, up from two hundred and five."] * 2_000)
    got = numbers.number_spans(text)
    assert len(got) == 4_000
    assert {(text[s.start:s.end], s.attrs["value"]) for s in got} == {
        ("$200 billion", 2e11), ("two hundred and five", 205.0)}


# --- units: same results as scanning every span per unit ---------------------------------------

def _brute_force_units(article: Article, parts: tuple[tuple[int, int], ...]) -> tuple:
    """What a unit made of the ranges ``parts`` of ``article.text`` mentions (its own words),
    by reading every span (the old way)."""
    from storyweave.weaving.align.units import _CONTENT_WORD, _STOPWORDS

    inside = [s for s in article.spans if any(s.start >= a and s.end <= b for a, b in parts)]
    names = [s for s in inside
             if s.label == Label.ENTITY and s.attrs.get("type") in CONTENT_ENTITIES]
    values = [s for s in inside if s.label == Label.NUMBER]
    words: set[str] = set()
    for a, b in parts:
        chars = list(article.text[a:b].lower())
        for e in names:
            if a <= e.start and e.end <= b:
                chars[e.start - a:e.end - a] = " " * (e.end - e.start)
        words |= {w[:5] for w in _CONTENT_WORD.findall("".join(chars)) if w not in _STOPWORDS}
    return (frozenset(e.attrs.get("key") or article.span_text(e).casefold() for e in names),
            frozenset(float(x.attrs["value"]) for x in values if x.attrs.get("value") is not None),
            frozenset(words))


@pytest.fixture(scope="module")
def example_articles() -> list[Article]:
    articles, failures = ingest([EXAMPLE])
    assert not failures
    return annotate(articles).articles


@pytest.mark.slow
def test_units_match_the_brute_force_reference(example_articles: list[Article]) -> None:
    units = build_units(example_articles)
    assert len(units) > 100
    assert any(u.entities for u in units) and any(u.numbers for u in units)
    for u in units:
        article = example_articles[u.article]
        assert (u.entities, u.numbers, u.words) == _brute_force_units(article, u.parts)


def test_word_before_a_full_stop_matches_rsplit() -> None:
    from storyweave.nlp.statements import _word_before

    text = ("Gen. Patrick Ryder\u00a0said so.\u2003Brig. Gen. Smith agreed.\tThe U.S. did not. "
            + " ".join(_example_sentences()[:40]))
    for end in range(1, len(text) + 1):
        if not text[end - 1].isspace():
            assert _word_before(text, end) == text[:end].rsplit(None, 1)[-1], end


@pytest.mark.slow
def test_units_do_not_depend_on_span_order(example_articles: list[Article]) -> None:
    expected = build_units(example_articles)
    shuffled = []
    for a in example_articles:
        spans = list(a.spans)
        random.Random(3).shuffle(spans)
        shuffled.append(Article(a.id, a.source, a.text, a.format, spans=[
            *(s for s in a.spans if s.label in (Label.SENTENCE, Label.PARAGRAPH)),
            *(s for s in spans if s.label not in (Label.SENTENCE, Label.PARAGRAPH))]))
    got = build_units(shuffled)
    assert [(u.start, u.end, u.entities, u.numbers, u.words) for u in got] == [
        (u.start, u.end, u.entities, u.numbers, u.words) for u in expected]
