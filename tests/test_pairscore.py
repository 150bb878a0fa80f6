"""The pair scorer: same fact or not, and which values conflict, on hand-made pairs.

Sentences are written for these tests (none from MRPC, the fitting data). The models load
once for the module: one spaCy pass and one MiniLM pass over every sentence below.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from storyweave.nlp import models
from storyweave.nlp.pairfeatures import (
    PIECE_DIMS,
    PairSide,
    build_sides,
    excerpt,
    lifted_mean,
    normalised,
    piece_basis,
    restrict,
    stored_precision,
)
from storyweave.weaving.align import pairscore
from storyweave.weaving.align.pairscore import (
    FEATURES,
    PairScorer,
    fact_features,
    fact_scorer,
    features,
    load_weights,
    scorer,
)
from storyweave.weaving.align.values import value_conflicts, year_range

PARAPHRASES = [
    ("The company said its quarterly profit rose 12 percent to $1.2 billion.",
     "Quarterly profit at the company climbed 12 percent to $1.2 billion, it said."),
    ("Firefighters brought the blaze under control early Sunday after it destroyed 40 homes.",
     "The fire, which destroyed 40 homes, was brought under control by firefighters early "
     "on Sunday."),
    ("The minister resigned on Tuesday after weeks of pressure over the housing scandal.",
     "After weeks of pressure over the housing scandal, the minister stepped down on "
     "Tuesday."),
]
# The same people, different facts: names and topic shared, the statement not.
DIFFERENT_FACTS = [
    ("Xi Jinping will travel to Russia next week to meet Vladimir Putin.",
     "Vladimir Putin and Xi Jinping signed a gas pipeline deal in Beijing in 2014."),
    ("Putin praised Xi's peace plan for Ukraine at a press conference in Moscow.",
     "Putin said Russia's economy grew faster than expected despite Western sanctions."),
    ("The company said its quarterly profit rose 12 percent to $1.2 billion.",
     "The company said it would cut 3,000 jobs and close two factories in Ohio."),
]
RANGE_A = "The visit will take place from March 20-23."
RANGE_B = "The visit will take place from March 20 to 22."
TOLL_A = "The storm killed 12 people on Monday, officials said."
TOLL_B = "The storm killed 15 people on Monday, officials said."
TOLL_NO_DAY = "The storm killed 12 people, officials said."
# Each side has a number the other lacks, in different places: two omissions, no conflict.
CROWD = "Police arrested 12 people after the protest, which drew 5,000 marchers."
FIRST_IN_YEARS = "Police arrested 12 people after the protest, the first in 20 years."
PERCENT = "Prices rose 3 percent last year."
POINTS = "Prices rose 3 points last year."
ROUNDED_A = "Shares rose 1.4 percent to close at $30.25."
ROUNDED_B = "Shares rose 1.39 percent to close at $30.25."
MONDAY = "The talks will be held on Monday in Geneva."
TUESDAY = "The talks will be held on Tuesday in Geneva."
YESTERDAY = "The talks were held yesterday in Geneva."
ON_TUESDAY = "The talks were held on Tuesday in Geneva."
IN_MARCH = "The election will be held in March next year."
IN_APRIL = "The election will be held in April next year."

ALL_TEXTS = sorted({s for pair in PARAPHRASES + DIFFERENT_FACTS for s in pair}
                   | {RANGE_A, RANGE_B, TOLL_A, TOLL_B, TOLL_NO_DAY, CROWD, FIRST_IN_YEARS,
                      PERCENT, POINTS, ROUNDED_A, ROUNDED_B, MONDAY, TUESDAY, YESTERDAY,
                      ON_TUESDAY, IN_MARCH, IN_APRIL})


@pytest.fixture(scope="module")
def sides() -> dict[str, PairSide]:
    return dict(zip(ALL_TEXTS, build_sides(ALL_TEXTS), strict=True))


def kinds_and_texts(a: PairSide, b: PairSide) -> list[tuple[str, str, str]]:
    return [(c.kind, c.a.text, c.b.text) for c in scorer().score(a, b).conflicts]


@pytest.mark.parametrize(("a", "b"), PARAPHRASES)
@pytest.mark.slow
def test_paraphrases_are_one_fact(sides: dict[str, PairSide], a: str, b: str) -> None:
    score = scorer().score(sides[a], sides[b])
    assert scorer().aligns(score), score
    assert score.conflicts == ()


@pytest.mark.parametrize(("a", "b"), DIFFERENT_FACTS)
@pytest.mark.slow
def test_same_people_different_facts_are_not(sides: dict[str, PairSide], a: str,
                                             b: str) -> None:
    score = scorer().score(sides[a], sides[b])
    assert not scorer().aligns(score), score


@pytest.mark.slow
def test_a_date_range_that_differs_is_one_claim_with_a_conflict(
        sides: dict[str, PairSide]) -> None:
    a, b = sides[RANGE_A], sides[RANGE_B]
    score = scorer().score(a, b)
    assert scorer().aligns(score), score  # one claim ...
    assert [(c.kind, c.a.text, c.b.text) for c in score.conflicts] == [("number", "23", "22")]
    conflict = score.conflicts[0]
    assert RANGE_A[conflict.a.start:conflict.a.end] == "23"  # offsets cite the sentence
    assert RANGE_B[conflict.b.start:conflict.b.end] == "22"
    # ... whose conflict counts against "the same thing said", not against "one fact".
    assert score.paraphrase < score.same_fact


@pytest.mark.slow
def test_a_differing_count_is_a_conflict(sides: dict[str, PairSide]) -> None:
    assert kinds_and_texts(sides[TOLL_A], sides[TOLL_B]) == [("number", "12", "15")]


@pytest.mark.slow
def test_a_value_one_side_omits_is_no_conflict(sides: dict[str, PairSide]) -> None:
    assert kinds_and_texts(sides[TOLL_A], sides[TOLL_NO_DAY]) == []
    # 5,000 marchers and 20 years are both numbers, but not in the same place.
    assert kinds_and_texts(sides[CROWD], sides[FIRST_IN_YEARS]) == []


@pytest.mark.slow
def test_numbers_with_different_units_are_different_values(
        sides: dict[str, PairSide]) -> None:
    conflicts, shared, alone = value_conflicts(sides[PERCENT], sides[POINTS])
    assert (conflicts, shared, alone) == ([], 0, 2)  # 3 percent is not 3 points


@pytest.mark.slow
def test_a_rounded_number_agrees(sides: dict[str, PairSide]) -> None:
    conflicts, shared, alone = value_conflicts(sides[ROUNDED_A], sides[ROUNDED_B])
    assert conflicts == []
    assert shared == 2 and alone == 0  # 1.4 % ~ 1.39 %, and $30.25


@pytest.mark.slow
def test_months_conflict_but_weekdays_and_relative_dates_do_not(
        sides: dict[str, PairSide]) -> None:
    # A weekday is relative to the day its article was written: "announced on Friday" and
    # "reported Monday" may be two events of one story. Months are calendar dates.
    assert kinds_and_texts(sides[IN_MARCH], sides[IN_APRIL]) == [
        ("date", "March next year", "April next year")]
    assert kinds_and_texts(sides[MONDAY], sides[TUESDAY]) == []
    assert kinds_and_texts(sides[YESTERDAY], sides[ON_TUESDAY]) == []


@pytest.mark.slow
def test_features_do_not_depend_on_pair_order(sides: dict[str, PairSide]) -> None:
    for a, b in [*PARAPHRASES, *DIFFERENT_FACTS, (RANGE_A, RANGE_B)]:
        ab, ba = features(sides[a], sides[b]), features(sides[b], sides[a])
        assert ab.shape == (len(FEATURES),)
        assert np.allclose(ab, ba), (a, b)


@pytest.mark.slow
def test_the_fact_scorer_does_not_depend_on_pair_order_when_both_are_as_long() -> None:
    # as many words each: neither is "the shorter", and the order of a pair must not pick it
    a, b = build_sides(["The storm killed 12 people on Monday, officials said.",
                        "Rescuers found two more bodies in the flooded valley."])
    assert len(a.lemmas) == len(b.lemmas)
    assert np.allclose(fact_features(a, b), fact_features(b, a), equal_nan=True)
    scorer = fact_scorer()
    assert scorer.score(a, b).same_fact == scorer.score(b, a).same_fact
    assert scorer.score(a, b).covers == scorer.score(b, a).covers


def test_weights_file_has_the_features_the_code_computes() -> None:
    weights = load_weights()
    assert tuple(f["name"] for f in weights["features"]) == FEATURES
    assert set(weights["conflict_features"]) == set(pairscore.CONFLICT_FEATURES)
    assert all(f["scale"] > 0 for f in weights["features"])
    assert 0.0 < weights["threshold"] < 1.0
    assert {"data", "model", "cv", "date"} <= set(weights["how_made"])
    renamed = {**weights, "features": [{**weights["features"][0], "name": "renamed"},
                                       *weights["features"][1:]]}
    with pytest.raises(ValueError, match="features"):
        PairScorer(renamed)


def test_runtime_needs_no_scikit_learn() -> None:
    code = ("import sys, numpy as np; from storyweave.weaving.align import pairscore as p; "
            "s = p.scorer(); s.probabilities(np.zeros(len(p.FEATURES))); "
            "assert 'sklearn' not in sys.modules, 'sklearn imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.slow
def test_token_vectors_pool_to_the_sentence_vector() -> None:
    emb = models.embedder()
    texts = [RANGE_A, TOLL_A, ""]
    tokens = emb.encode_tokens(texts)
    vectors = emb.encode(texts)
    for text, tv, v in zip(texts, tokens, vectors, strict=True):
        assert tv.vectors.shape == (len(tv.ids), emb.dim)
        assert tv.offsets[0] == (0, 0) and tv.offsets[-1] == (0, 0)  # [CLS] ... [SEP]
        pooled = tv.vectors.mean(axis=0)
        assert np.allclose(pooled / np.linalg.norm(pooled), v, atol=1e-5), text
    assert emb.encode_tokens([]) == []


@pytest.mark.slow
def test_pieces_are_kept_in_the_basis_and_keep_their_cosines(sides: dict[str, PairSide]) -> None:
    basis = piece_basis()
    assert basis.shape == (models.embedder().dim, PIECE_DIMS)
    assert np.allclose(basis.T @ basis, np.eye(PIECE_DIMS), atol=2e-3)  # orthonormal
    a, b = sides[TOLL_A], sides[TOLL_B]
    assert a.pieces.shape[1] == PIECE_DIMS
    assert np.allclose(np.linalg.norm(a.piece_vectors(), axis=1), 1.0, atol=0.01)
    # the cosines the scorer reads are close to the full vectors' (same word pieces, same
    # contexts): the basis keeps what tells pieces apart
    full_a, full_b = (normalised(t.vectors[1:-1])
                      for t in models.embedder().encode_tokens([TOLL_A, TOLL_B]))
    kept = a.piece_vectors() @ b.piece_vectors().T
    assert np.abs(kept - full_a @ full_b.T).mean() < 0.06
    # a fact unit's vector is the mean of its pieces lifted back to 384 dimensions: the
    # direction of the full pieces' mean, as far as the basis holds it
    unit = restrict(a, [(0, 20)])
    assert unit.vector.shape == a.vector.shape
    inside = full_a[a.piece_starts < 20].mean(axis=0)
    assert float(unit.vector @ normalised(basis @ (basis.T @ inside))) > 0.98
    # and the whole statement's, made the same way, is the unit of all its words
    assert np.allclose(restrict(a, [(0, len(a.text))]).vector, lifted_mean(a), atol=1e-6)


def test_longest_common_subsequence_matches_the_dynamic_programme() -> None:
    import random

    from storyweave.weaving.align.pairscore import _lcs

    def reference(x: tuple[str, ...], y: tuple[str, ...]) -> int:
        prev = [0] * (len(y) + 1)
        for xi in x:
            cur = [0]
            for j, yj in enumerate(y):
                cur.append(prev[j] + 1 if xi == yj else max(prev[j + 1], cur[j]))
            prev = cur
        return prev[-1]

    rng = random.Random(7)
    words = ["the", "xi", "visit", "moscow", "next", "week", "putin", "said"]
    for _ in range(3000):
        x = tuple(rng.choice(words) for _ in range(rng.randint(0, 70)))
        y = tuple(rng.choice(words) for _ in range(rng.randint(0, 70)))
        assert _lcs(x, y) == reference(x, y), (x, y)


@pytest.mark.slow
def test_counts_of_different_things_never_conflict() -> None:
    a, b = build_sides([
        "Police seized nine assault rifles and 13 fully loaded magazines from the boat.",
        "Police seized seven AK-47 assault rifles and three machine guns from the boat."])
    counted = {v.text: v.counted for v in a.values + b.values if v.kind == "number"}
    # the noun a number counts, over its modifiers
    assert counted == {"nine": "rifle", "13": "magazine", "seven": "rifle", "three": "gun"}
    conflicts, _, _ = value_conflicts(a, b)
    # rifles against rifles may conflict; magazines against machine guns never
    assert {(c.a.text, c.b.text) for c in conflicts} <= {("nine", "seven")}
    assert ("13", "three") not in {(c.a.text, c.b.text) for c in conflicts}


@pytest.mark.slow
def test_a_year_naming_something_is_not_the_year_of_an_event() -> None:
    named, alone, other = build_sides([
        "The mayor was given the 2004 Civic Leadership Award by the governor.",
        "The mayor was given an award by the governor in 2009.",
        "The mayor was given an award by the governor in 2011."])
    assert [v.counted for v in named.values if v.kind == "number"] == ["award"]
    # "the 2004 ... Award" names an award; "in 2009" is when: two facts' years
    assert value_conflicts(named, alone)[0] == []
    # two years of one event do disagree
    assert [(c.a.text, c.b.text) for c in value_conflicts(alone, other)[0]] == [("2009", "2011")]


@pytest.mark.slow
def test_a_range_of_years_is_read_as_years() -> None:
    short, full, later, range_, single, century = build_sides([
        "Her contract runs through the 2019-20 season, the club said.",
        "Her contract runs through the end of the 2019-2020 season, the club said.",
        "Her contract runs through the 2020-21 season, the club said.",
        "She coached the national team from 1991-99 and won four titles.",
        "She was named coach of the year in 1996 by the national federation.",
        "She first played for the club in the 1999-00 season."])
    # a two-digit end is a year of the first end's century
    assert [year_range(s, v) for s in (short, century) for v in s.values] == [
        (2019, 2019, 2020), (2020, 2019, 2020), (1999, 1999, 2000), (2000, 1999, 2000)]
    # "2019-20" and "2019-2020" are one season written two ways: both ends shared
    assert value_conflicts(short, full) == ([], 2, 0)
    # another season is a disagreement
    assert [(c.a.text, c.b.text) for c in value_conflicts(short, later)[0]] == [
        ("2019", "2020"), ("20", "21")]
    # an end of a range is not a year alone: two facts
    assert value_conflicts(range_, single)[0] == []


@pytest.mark.slow
def test_a_core_is_its_statements_own_pieces(sides: dict[str, PairSide]) -> None:
    side = sides[TOLL_A]  # "The storm killed 12 people on Monday, officials said."
    core = side.core
    assert core is not None and core.text == "The storm killed 12 people on Monday"
    a, b = core.offset, core.offset + len(core.text)
    inside = (side.piece_starts >= a) & (side.piece_starts < b)
    # no second MiniLM pass: the pieces the whole sentence gave those words
    assert np.array_equal(core.pieces, side.pieces[inside])
    assert np.array_equal(core.scales, side.scales[inside])
    assert [v.text for v in core.values] == ["12", "Monday"]
    assert all(side.text[v.start:v.end] == v.text for v in core.values)  # passage offsets
    assert np.allclose(core.vector, lifted_mean(side, inside))


@pytest.mark.slow
def test_an_excerpt_is_a_passage_of_its_own(sides: dict[str, PairSide]) -> None:
    side = sides[TOLL_A]
    part = excerpt(side, 4, 26)
    assert part is not None and part.text == "storm killed 12 people"
    inside = (side.piece_starts >= 4) & (side.piece_starts < 26)
    assert np.array_equal(part.pieces, side.pieces[inside])
    # its offsets are into the excerpt
    assert [(v.text, part.text[v.start:v.end]) for v in part.values] == [("12", "12")]
    assert part.piece_starts[0] == 0 and part.lemma_starts[0] == 0
    assert part.lemmas == ("storm", "kill", "12", "people")
    assert excerpt(side, 0, 0) is None  # no word piece starts there


@pytest.mark.slow
def test_a_quote_inside_a_statement_is_cut_from_it_and_the_others_are_embedded() -> None:
    from storyweave.model import Article
    from storyweave.nlp import annotate

    text = ('The minister said the talks "went very well" on Monday in Geneva. "We will sign '
            'the treaty next week. Nothing stands in the way," she told reporters.')
    found = annotate([Article(id="x", source="t", text=text, format="txt")])
    inside, across = sorted(found.quotes.sides)
    assert text[inside[1]:inside[2]] == 'the talks "went very well" on Monday in Geneva'
    statement = found.statements.sides["x", 0, 65]
    cut = found.quotes.sides[inside]
    rows = (statement.piece_starts >= inside[1]) & (statement.piece_starts < inside[2])
    assert np.array_equal(cut.pieces, statement.pieces[rows])
    # a quote over two statements is embedded on its own, its vector made the same way
    assert text[across[1]:across[2]].startswith("We will sign the treaty")
    alone = found.quotes.sides[across]
    assert np.array_equal(found.quotes.vectors[across], stored_precision(lifted_mean(alone)))
