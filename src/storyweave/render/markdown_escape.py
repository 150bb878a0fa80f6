"""Article-derived text made inert for Markdown: whatever an article, a title or an outlet's
name holds, the dossier shows it as text, never as HTML, a link, an image or formatting.

People paste dossiers into wikis and tickets, whose renderers pass raw HTML through; so every
piece of input text goes out through :func:`inline` (or :func:`code` for a file name), and the
Markdown makes no link of its own. Only the characters that could start something are
escaped, so ordinary text (the example story's included) reads exactly as before.
"""

from __future__ import annotations

import re

__all__ = ["code", "inline"]

# A backslash before any ASCII punctuation is a literal in CommonMark. Escaped always: the
# backslash itself, code spans, emphasis, raw HTML and autolinks (`<`), table pipes and
# strikethrough; `&` only where it would read as an entity (`&lt;`); `_` only where it can
# open or close emphasis (not inside a word: `000_35b.txt` stays as it is); `#` only where it
# can close a heading (after a space); `]` where a link or an image would follow (`](`, `][`).
# A bracket alone ("[the Chinese]") is text: a reference link needs a definition, which only
# a line's start can make, and the start is escaped (_LEADING).
_SPECIAL = re.compile(r"[\\`*<>|~]|&(?=#?[A-Za-z0-9]+;)|(?<![^\W_])_|_(?![^\W_])"
                      r"|(?<!\S)#|\](?=[(\[])")
# At the start of a line's text (after our own "- " or "1. "), what would open a list item
# of its own or a link reference definition (`#`, `>` and `*` are escaped wherever they are)
_LEADING = re.compile(r"^(\s*)(?:([+-])(?=\s|$)|(\[)|(\d{1,9})([.)])(?=\s|$))")
# a line break would let the text start a block of its own (an HTML block even inside a
# paragraph: `<script` may interrupt one)
_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def inline(text: str) -> str:
    """``text`` as Markdown inline content that renders as exactly this text, on one line,
    fit for a table cell, a list item or a heading."""
    text = _SPECIAL.sub(lambda m: "\\" + m.group(), _BREAK.sub(" ", text))
    return _LEADING.sub(_leading, text)


def _leading(m: re.Match[str]) -> str:
    marker = m.group(2) or m.group(3)
    return m.group(1) + (f"\\{marker}" if marker else f"{m.group(4)}\\{m.group(5)}")


def code(text: str) -> str:
    """``text`` as a code span: fenced by one backtick more than its longest run of them (so a
    backtick in a file name cannot close the span), on one line, padded with a space where
    CommonMark would otherwise eat a backtick or a space at its ends."""
    text = _BREAK.sub(" ", text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    edge = text[:1] == "`" or text[-1:] == "`" or (
        text[:1] == " " and text[-1:] == " " and text.strip() != "")
    pad = " " if edge else ""
    return f"{fence}{pad}{text}{pad}{fence}"
