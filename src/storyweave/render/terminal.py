"""One article as a terminal report (what ``storyweave inspect`` prints): its metadata with
where each value came from, every removed line with its reason, and the clean text."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..labels import Label
from ..model import Article

Style = Callable[..., str]  # click.style's signature: style(text, fg=..., bold=..., ...)

# What must never reach a terminal raw from an input: C0 controls (ESC starts the sequences
# that clear the screen or set the window title; a newline in a file name fakes a line of its
# own), DEL, the C1 controls (0x9b is an 8-bit CSI), the bidirectional overrides and isolates
# (they reorder what is shown), the line and paragraph separators, and lone surrogates (the
# bytes of a file name that is not UTF-8, which no terminal can be sent as text).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e"
                     "\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escaped(m: re.Match[str]) -> str:
    c = m.group()
    code = ord(c)
    if c in _NAMED:
        return _NAMED[c]
    if 0xDC80 <= code <= 0xDCFF:  # a byte surrogate-escaped by os.fsdecode: show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown(text: str, *, keep_lines: bool = False) -> str:
    """``text`` safe to print on a terminal: every control character, bidirectional control
    and undecodable byte written as a visible escape (``\\x1b``, ``\\n``, ``\\xff``). The
    one helper the CLI passes input-derived text through (names, reasons, article text);
    ``keep_lines`` leaves newlines and tabs as they are, for multi-line text."""
    def sub(m: re.Match[str]) -> str:
        return m.group() if keep_lines and m.group() in "\n\t" else _escaped(m)

    return _UNSAFE.sub(sub, text)


def _plain(text: str, **_: Any) -> str:
    return text


def article_report(a: Article, *, with_text: bool = True, style: Style = _plain) -> str:
    """The report as text; ``style`` may colour it (the CLI passes ``click.style``). Every
    piece of the input in it (name, values, cut lines, text) goes through ``shown``."""
    out = [style(shown(a.source), bold=True)
           + f"  ({a.format}, {a.encoding or 'unicode'}, id {a.id})",
           style("metadata", underline=True)]
    for name, m in a.meta.items():
        evidence = (f'  <- {m.source}: "{shown(m.evidence)}"' if m.evidence
                    else f"  <- {m.source}")
        out.append(f"  {name:<10} {shown(str(m.value))}" + style(evidence, dim=True))
    out.append(style(f"removed lines ({len(a.removed)})", underline=True))
    for r in a.removed:
        where = f"{r.line:>4}" if r.line is not None else "   -"
        out.append(f"  {where}  " + style(f"{shown(r.reason)}:", fg="yellow")
                   + f" {shown(r.text)}")
    if with_text:
        paras = list(a.spans_of(Label.PARAGRAPH))
        out.append(style(f"clean text ({len(paras)} paragraphs, {len(a.text):,} chars)",
                         underline=True))
        out.append(shown(a.text, keep_lines=True))
    return "\n".join(out) + "\n"
