"""Bodies set all in capitals or all in lower case: found, so that the cleaner does not take
their lines for capitalised headlines, the audit and the dossier say so, and the NLP stage
reads them through a case-insensitive view (``nlp.casing``).

A wire feed that shouts (an old teletype style), or a scrape lowercased by some pipeline:
the text is the report all the same, but every rule that reads capitals (headlines, names,
month names, sentence starts) misreads it.
"""

from __future__ import annotations

from collections.abc import Iterable

UPPER = "upper"
LOWER = "lower"

# Only lines long enough to be prose decide: a capitalised headline or a lowercase menu
# above an ordinary body says nothing about the body.
_MIN_WORDS = 8
_SHARE = 0.8  # of those lines, this many must be in the one case
_MIN_LINES = 2
_MIN_LETTERS = 200  # a text shorter than this is judged by its one long line


def line_case(line: str) -> str | None:
    """``UPPER`` when no cased letter of ``line`` is lower case (and it has a dozen),
    ``LOWER`` when none is upper case; None for mixed case or a line with no cased letters
    (Chinese, Arabic...)."""
    cased = [c for c in line if c.isupper() or c.islower()]
    if len(cased) < 12:
        return None
    upper = sum(c.isupper() for c in cased)
    if upper == len(cased):
        return UPPER
    return LOWER if upper == 0 else None


def body_case(lines: Iterable[str]) -> str | None:
    """``UPPER`` or ``LOWER`` when the prose lines of a text are nearly all in that case,
    else None."""
    long_lines = [ln for ln in lines if len(ln.split()) >= _MIN_WORDS]
    letters = sum(sum(c.isalpha() for c in ln) for ln in long_lines)
    if not long_lines or (len(long_lines) < _MIN_LINES and letters < _MIN_LETTERS):
        return None
    cases = [line_case(ln) for ln in long_lines]
    for case in (UPPER, LOWER):
        if cases.count(case) >= _SHARE * len(long_lines):
            return case
    return None


def case_note(case: str) -> str:
    """How the audit and the dossier's warnings put it."""
    return ("set all in capitals" if case == UPPER else "set all in lower case")
