"""The labels of standoff spans, declared once.

A :class:`~storyweave.model.Span` label is one of these. ``Label`` is a ``StrEnum``, so a
label compares equal to its plain string (what a JSON file holds) and serialises as it.
"""

from __future__ import annotations

from enum import StrEnum


class Label(StrEnum):
    PARAGRAPH = "paragraph"  # ingestion: one paragraph of the clean text
    SENTENCE = "sentence"  # nlp.sentences
    ENTITY = "entity"  # nlp.entities: a named entity (spaCy NER)
    NUMBER = "number"  # nlp.numbers: a figure with its parsed value and unit
    DATE = "date"  # a resolved time expression (the Time issue)
    QUOTE = "quote"  # a quotation or reported speech (the Voices issue)
    SPEAKER = "speaker"  # who a quote is attributed to (the Voices issue)
    TERM = "term"  # nlp.terms: a framing topic's word with its modifiers ("unprovoked war")
    STATEMENT = "statement"  # nlp.statements: a sentence, clause or quotation of the text
    FACT = "fact"  # nlp.clauses: one fact a statement states (a unit of alignment)
