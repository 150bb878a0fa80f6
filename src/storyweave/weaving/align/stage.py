"""The alignment stage of a story: its statements as units, their nearest neighbours, and
the groups the pair scorer joins (each group becomes a claim: :mod:`.claims`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...nlp import Annotations
from ...nlp.pairfeatures import piece_basis
from .grouping import Candidates, PairJudge, candidate_pairs, cluster
from .units import Unit, build_units, unit_sides, unit_vectors


@dataclass(slots=True)
class Alignment:
    units: list[Unit]
    vectors: np.ndarray  # one unit embedding per row
    candidates: Candidates  # the nearest-neighbour pairs that were compared
    judge: PairJudge  # the pair scorer over the units' sides, with its cache of scores
    groups: list[list[int]]  # unit indices of each group, one group per fact


def align(annotations: Annotations) -> Alignment:
    """Group the fact units of the annotated articles that state one fact."""
    articles = annotations.articles
    units = build_units(articles)
    sides = unit_sides(units, articles, annotations.statements)
    vectors = unit_vectors(sides)
    # units are lifted piece means: cosines screened in the pieces' basis (grouping._screened)
    candidates = candidate_pairs(vectors, basis=piece_basis())
    judge = PairJudge(sides)
    return Alignment(units, vectors, candidates, judge, cluster(units, vectors, candidates,
                                                                 judge))
