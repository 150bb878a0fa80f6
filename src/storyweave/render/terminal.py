"""One article as a terminal report (what ``storyweave inspect`` prints): its metadata with
where each value came from, every removed line with its reason, and the clean text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..labels import Label
from ..model import Article

Style = Callable[..., str]  # click.style's signature: style(text, fg=..., bold=..., ...)


def _plain(text: str, **_: Any) -> str:
    return text


def article_report(a: Article, *, with_text: bool = True, style: Style = _plain) -> str:
    """The report as text; ``style`` may colour it (the CLI passes ``click.style``)."""
    out = [style(a.source, bold=True) + f"  ({a.format}, {a.encoding or 'unicode'}, id {a.id})",
           style("metadata", underline=True)]
    for name, m in a.meta.items():
        evidence = f'  <- {m.source}: "{m.evidence}"' if m.evidence else f"  <- {m.source}"
        out.append(f"  {name:<10} {m.value}" + style(evidence, dim=True))
    out.append(style(f"removed lines ({len(a.removed)})", underline=True))
    for r in a.removed:
        where = f"{r.line:>4}" if r.line is not None else "   -"
        out.append(f"  {where}  " + style(f"{r.reason}:", fg="yellow") + f" {r.text}")
    if with_text:
        paras = list(a.spans_of(Label.PARAGRAPH))
        out.append(style(f"clean text ({len(paras)} paragraphs, {len(a.text):,} chars)",
                         underline=True))
        out.append(a.text)
    return "\n".join(out) + "\n"
