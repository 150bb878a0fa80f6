"""Named entities as spans, from spaCy NER run one paragraph at a time.

spaCy is fed paragraphs, never whole articles: across a newline it happily joins a
caption's last name to the next line's first ("Vladimir Putin\\nXi Jinping" is one PERSON).
Only the pipes NER needs run; tagger, parser and lemmatizer would triple the cost and
nothing here reads their output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..keys import normalise
from ..labels import Label
from ..model import Span
from .models import spacy_nlp
from .sentences import paragraph_ranges

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["entity_key", "entity_spans", "is_duration", "ner_pipes", "run_ner"]

NER_BATCH_SIZE = 64

_UNIT = (r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|years?"
         r"|decades?|century|centuries)")
# Words that pin a DATE/TIME to the calendar ("a year ago", "the end of the year",
# "March 20-23"): with any of them the expression is a point or interval, not a length.
_ANCHOR = re.compile(
    r"'\d\d\b|\b(?:ago|later|earlier|since|before|after|yesterday|today|tomorrow|tonight|end|"
    r"beginning|start|middle|mid|early|late|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"\d{4}s?|\d{1,2}(?:st|nd|rd|th))\b",
    re.IGNORECASE,
)
# One determiner and a singular unit: "last year", "this week", "the following day".
_POINT = re.compile(
    r"(?:the\s+)?(?:the|this|that|last|next|previous|coming|following|same|current)\s+"
    r"(?:second|minute|hour|day|night|week|fortnight|month|year|decade|century)",
    re.IGNORECASE,
)
_HAS_UNIT = re.compile(rf"\b{_UNIT}\b", re.IGNORECASE)
_POSSESSIVE = re.compile(r"'s?$")
_LEADING_THE = re.compile(r"^the\s+")
_EDGE_PUNCT = " '\",;:!?-()[]"  # not ".": "U.S." keeps its last dot


def is_duration(text: str) -> bool:
    """True for a length of time ("three years", "about a month", "more than a year",
    "a two-day"), false for a point in time ("last year", "a year ago", "March 20")."""
    folded = _POSSESSIVE.sub("", normalise(text))
    if _ANCHOR.search(folded) or _POINT.fullmatch(folded):
        return False
    return _HAS_UNIT.search(folded) is not None


def entity_key(text: str) -> str:
    """Matching key: "The Kremlin’s" and "the Kremlin" both give "kremlin"."""
    key = normalise(text).strip(_EDGE_PUNCT)
    key = _LEADING_THE.sub("", key)
    key = _POSSESSIVE.sub("", key)
    return key.strip(_EDGE_PUNCT)


def ner_pipes(nlp: Language) -> list[str]:
    """The pipes NER depends on: ``ner`` plus any shared encoder it listens to.

    In en_core_web_sm the ``ner`` pipe embeds its own tok2vec (the shared ``tok2vec`` only
    feeds tagger and parser), so NER alone gives the same entities as the full pipeline.
    """
    needed = ["ner"]
    for name, pipe in nlp.pipeline:
        if "ner" in (getattr(pipe, "listening_components", None) or []):
            needed.insert(0, name)
    return needed


def run_ner(paragraphs: Iterable[str], *, batch_size: int = NER_BATCH_SIZE) -> Iterable[Doc]:
    """spaCy docs for ``paragraphs`` (lazily, in order), with only the NER pipes run."""
    nlp = spacy_nlp()
    keep = ner_pipes(nlp)
    disable = [name for name in nlp.pipe_names if name not in keep]
    return nlp.pipe(paragraphs, batch_size=batch_size, disable=disable)


def entity_spans(text: str, docs: Sequence[Doc] | None = None,
                 paragraphs: list[tuple[int, int]] | None = None) -> list[Span]:
    """Label ``entity`` spans of ``text``, attrs ``{"type": spaCy label, "key": match key}``.

    DATE/TIME entities that are lengths of time also get ``"duration": True``. ``docs``,
    when given, must be the spaCy docs of ``paragraphs`` (default ``paragraph_ranges``), one
    per paragraph, so that a caller can batch many articles through one ``nlp.pipe``.
    """
    if paragraphs is None:
        paragraphs = paragraph_ranges(text)
    if docs is None:
        docs = list(run_ner(text[a:b] for a, b in paragraphs))
    if len(docs) != len(paragraphs):
        raise ValueError(f"{len(docs)} docs for {len(paragraphs)} paragraphs")
    spans: list[Span] = []
    for (p_start, p_end), doc in zip(paragraphs, docs, strict=True):
        if doc.text != text[p_start:p_end]:
            raise ValueError(f"doc does not match paragraph at {p_start}: {doc.text[:40]!r}")
        for ent in doc.ents:
            key = entity_key(ent.text)
            if not key:
                continue  # a stray quote mark or dash tagged as an entity
            attrs: dict = {"type": ent.label_, "key": key}
            if ent.label_ in ("DATE", "TIME") and is_duration(ent.text):
                attrs["duration"] = True
            spans.append(Span(p_start + ent.start_char, p_start + ent.end_char, Label.ENTITY,
                              attrs))
    return spans
