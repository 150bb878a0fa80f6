"""Small pieces of English shared by every message the dossier and the CLI write."""

from __future__ import annotations


def plural(n: int, word: str, words: str | None = None) -> str:
    """ "1 article", "2 articles"; ``words`` for an irregular plural ("copies")."""
    return f"{n} {word if n == 1 else words or word + 's'}"
