"""Weaving: one story's clean articles in, the dossier out.

    units (sentences, clauses) -> align (similarity, claims) -> summary -> dossier
"""

from .dossier import source_key, weave

__all__ = ["source_key", "weave"]
