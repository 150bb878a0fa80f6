"""What ``Span.attrs`` holds, label by label: one ``TypedDict`` per label of :mod:`.labels`.

A span's ``attrs`` is a plain ``dict`` at run time, and stays one: the JSON codec reads the
``Span.attrs`` type hint (``dict[str, Any]``) to decode a file, and a JSON object is a dict.
These declarations are for the type checker, which checks them in two places:

- **builders** make spans with :func:`make_span`, overloaded on the label: mypy checks the
  attrs against that label's TypedDict (a key it does not declare, a required key left out,
  a value of the wrong type, the attrs of another label). The builders that fill their
  attrs in steps annotate them (``attrs: EntityAttrs = {...}``). The dict itself becomes the
  span's attrs: nothing is copied or converted.
- **readers** view a span's attrs through the accessor of its label
  (:func:`entity_attrs`, :func:`date_attrs`...): ``attrs["kye"]`` is then an error and each
  value has its declared type (``attrs.get("kye")`` is not an error: mypy types it
  ``object``). An accessor is a cast: it trusts the caller's label (the readers take spans
  from ``Article.spans_of(label)``) and checks nothing at run time. Readers that pass values
  on where their declared type is wider than the record's field (``weaving/voices``: a
  speaker's ``.get("type")`` is ``str | None``, ``_Item.kind`` a ``str``; the timeline's
  ``start``, non-null only by its filter) still read ``span.attrs`` untyped: a cast at each
  read would check no more.

Why not type ``Span.attrs`` as the union of these TypedDicts: the label a span carries is not
in its attrs, so mypy cannot narrow the union by it, and every read of a key that some other
label lacks would be an error. And a TypedDict is not a ``dict[str, Any]`` to mypy (a dict may
take any key), so ``Span(..., attrs)`` with a TypedDict needs the one cast in
:func:`make_span`.

A key that is not always there is ``NotRequired``. This module does not use ``from __future__
import annotations``: on Python 3.11 a string annotation hides ``NotRequired`` from the
TypedDict at run time (``__required_keys__`` would list every key), which
``tests/test_spanattrs.py`` reads.
"""

from typing import Any, Literal, NotRequired, TypedDict, cast, overload

from .labels import Label
from .model import Span


class ParagraphAttrs(TypedDict):
    """``paragraph``: ingestion (``ingestion/assemble.py``)."""

    line: int | None  # 1-based line of the raw input it came from; None when not line-based


class SentenceAttrs(TypedDict):
    """``sentence``: ``nlp/sentences.py``."""

    paragraph: int  # index of its paragraph among the text's paragraph ranges
    piece: NotRequired[int]  # a sentence too long for one span, cut: this piece's number 0, 1..


class EntityAttrs(TypedDict):
    """``entity``: spaCy NER (``nlp/entities.py``)."""

    type: str  # spaCy's label: PERSON, ORG, GPE, NORP, DATE, TIME, CARDINAL...
    key: str  # entity_key(text): what two mentions of one name share ("putin")
    duration: NotRequired[bool]  # a DATE/TIME entity that is a length of time ("three days")


class NumberAttrs(TypedDict):
    """``number``: ``nlp/numbers.py``."""

    value: float | None  # the parsed value ("1.4 billion": 1.4e9); None for a clock time
    unit: str | None  # "%", "pp", "USD", "EUR"...; "time" for a clock time; None: a count
    ordinal: NotRequired[bool]  # "3rd", "21st"


class DateAttrs(TypedDict):
    """``date``: a time expression (``nlp/timex/expressions.py``, whose docstring tells the
    values), resolved further by ``weaving/chronology/dating.py``."""

    type: str  # TIMEX3 type: DATE, TIME, DURATION or SET
    value: str | None  # TIMEX3 value: "2023-03-20", "2023-W12", "P3Y", "PRESENT_REF"...
    start: str | None  # the interval's first day, ISO; None when it cannot be told
    end: str | None  # its last day
    precision: str | None  # day, week, month, quarter, half, season, year, decade, century
    tense: str | None  # past, present or future: of the governing verb, else of the words
    relative: dict[str, Any] | None  # the spec calendar.interval resolves; None: absolute
    # "absolute", "base", "context" (counted from the date mentioned before it), "story" (a
    # year-less date placed by the story's anchor) or None (unresolved)
    resolved_from: str | None
    mod: str | None  # TIMEX3 modifier: APPROX, START, MID, END, MORE_THAN...
    base: NotRequired[str]  # the day, ISO, it was resolved against (weaving, not nlp)
    # [start, end] of the subordinate clause it is told in ("since securing a third term last
    # week"): it dates that clause's event, not its sentence's
    clause: NotRequired[list[int]]


class QuoteAttrs(TypedDict):
    """``quote``: ``nlp/quotes/extraction.py``."""

    kind: str  # "direct", "partial" or "reported" (model.QuoteKind's values)
    cue: NotRequired[list[int]]  # [start, end] of the reporting word ("said")
    speaker: NotRequired[list[int]]  # [start, end] of its ``speaker`` span


class SpeakerAttrs(TypedDict):
    """``speaker``: who a quote is attributed to (``nlp/quotes/speakers.py``)."""

    name: str  # the name it stands for: its own words, or its antecedent's name
    type: str  # PERSON, ORG, or a spaCy label of the entity it names (GPE, NORP...); OTHER
    via: str  # how it names: "name", "pronoun", "role" ("the minister"), "organisation"
    role: NotRequired[str | None]  # "foreign minister": the role written with it or its
    # antecedent's (None when the antecedent has none)
    antecedent: NotRequired[list[int]]  # [start, end] of the earlier mention it refers to


class TermAttrs(TypedDict):
    """``term``: a framing word with its modifiers (``nlp/terms.py``)."""

    topic: str  # the framing topic (nlp/framing-terms.json) whose word it is


class StatementAttrs(TypedDict):
    """``statement``: a unit of alignment (``nlp/statements.py``)."""

    sentence: list[int]  # [start, end] of the sentence it is, is a clause of, or starts
    index: int  # that sentence's position among the text's sentences
    clause: bool  # one of several clauses of its sentence


class FactAttrs(TypedDict):
    """``fact``: one fact a statement states, the unit of alignment (``nlp/clauses.py``)."""

    parts: list[list[int]]  # [start, end] of each range of the unit's words, in text order
    # [start, end] of words it borrows from its statement (a shared subject, the noun it
    # describes): read with it when compared, not cited
    context: list[list[int]]
    statement: list[int]  # [start, end] of the statement it belongs to


# The declaration of each label, for a program that checks spans (tests/test_spanattrs.py).
ATTRS_OF: dict[Label, type] = {
    Label.PARAGRAPH: ParagraphAttrs,
    Label.SENTENCE: SentenceAttrs,
    Label.ENTITY: EntityAttrs,
    Label.NUMBER: NumberAttrs,
    Label.DATE: DateAttrs,
    Label.QUOTE: QuoteAttrs,
    Label.SPEAKER: SpeakerAttrs,
    Label.TERM: TermAttrs,
    Label.STATEMENT: StatementAttrs,
    Label.FACT: FactAttrs,
}

AnyAttrs = (ParagraphAttrs | SentenceAttrs | EntityAttrs | NumberAttrs | DateAttrs | QuoteAttrs
            | SpeakerAttrs | TermAttrs | StatementAttrs | FactAttrs)


# --- builders -------------------------------------------------------------------------------

@overload
def make_span(start: int, end: int, label: Literal[Label.PARAGRAPH],
              attrs: ParagraphAttrs) -> Span: ...
@overload
def make_span(start: int, end: int, label: Literal[Label.SENTENCE],
              attrs: SentenceAttrs) -> Span: ...
@overload
def make_span(start: int, end: int, label: Literal[Label.ENTITY], attrs: EntityAttrs) -> Span: ...
@overload
def make_span(start: int, end: int, label: Literal[Label.NUMBER], attrs: NumberAttrs) -> Span: ...
@overload
def make_span(start: int, end: int, label: Literal[Label.DATE], attrs: DateAttrs) -> Span: ...
@overload
def make_span(start: int, end: int, label: Literal[Label.QUOTE], attrs: QuoteAttrs) -> Span: ...
@overload
def make_span(start: int, end: int, label: Literal[Label.SPEAKER],
              attrs: SpeakerAttrs) -> Span: ...
@overload
def make_span(start: int, end: int, label: Literal[Label.TERM], attrs: TermAttrs) -> Span: ...
@overload
def make_span(start: int, end: int, label: Literal[Label.STATEMENT],
              attrs: StatementAttrs) -> Span: ...
@overload
def make_span(start: int, end: int, label: Literal[Label.FACT], attrs: FactAttrs) -> Span: ...


def make_span(start: int, end: int, label: Label, attrs: AnyAttrs) -> Span:
    """``Span(start, end, label, attrs)``, with ``attrs`` checked against ``label``'s
    declaration by mypy; the same dict object becomes the span's attrs."""
    # A TypedDict is not a dict[str, Any] to mypy, though it is one at run time.
    return Span(start, end, label, cast(dict[str, Any], attrs))


# --- readers --------------------------------------------------------------------------------
# Casts: each trusts that ``span`` has the label it is named after (see the module docstring).

def paragraph_attrs(span: Span) -> ParagraphAttrs:
    return cast(ParagraphAttrs, span.attrs)


def sentence_attrs(span: Span) -> SentenceAttrs:
    return cast(SentenceAttrs, span.attrs)


def entity_attrs(span: Span) -> EntityAttrs:
    return cast(EntityAttrs, span.attrs)


def number_attrs(span: Span) -> NumberAttrs:
    return cast(NumberAttrs, span.attrs)


def date_attrs(span: Span) -> DateAttrs:
    return cast(DateAttrs, span.attrs)


def quote_attrs(span: Span) -> QuoteAttrs:
    return cast(QuoteAttrs, span.attrs)


def speaker_attrs(span: Span) -> SpeakerAttrs:
    return cast(SpeakerAttrs, span.attrs)


def term_attrs(span: Span) -> TermAttrs:
    return cast(TermAttrs, span.attrs)


def statement_attrs(span: Span) -> StatementAttrs:
    return cast(StatementAttrs, span.attrs)


def fact_attrs(span: Span) -> FactAttrs:
    return cast(FactAttrs, span.attrs)
