"""Weaving: one story's clean articles in, the dossier out.

    screen (language, copies) -> units (sentences, clauses) -> align (similarity, claims)
    -> summary -> coherence (one story?) -> dossier
"""

from .dossier import source_key, weave
from .screening import NothingToWeave

__all__ = ["NothingToWeave", "source_key", "weave"]
