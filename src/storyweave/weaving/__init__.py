"""Weaving: one story's annotated articles in, the dossier out; no model runs here.

    screening (language, copies) -> [nlp.annotate] -> align (units, pair scores, claims,
    conflicts) -> summary -> chronology (dating, timeline) -> voices (entities, quote
    groups, framing) -> discrepancies -> coherence (one story?) -> dossier
"""

from .align.claims import source_key
from .dossier import weave_story
from .screening import NothingToWeave, Screened, screen

__all__ = ["NothingToWeave", "Screened", "screen", "source_key", "weave_story"]
