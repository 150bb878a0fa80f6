"""Matching keys for text: two renderings of one thing get one key.

Used wherever two strings must be compared as "the same" (duplicate paragraphs, template
lines, outlets, entity names) and for the article id, which is a hash of the normalised text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

_QUOTE_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                             "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"',
                             "\u00bb": '"', "\u2032": "'", "\u00b4": "'", "`": "'",
                             "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_SPACES = re.compile(r"\s+")
# Hex digits of a record id's hash: a story holds thousands of claims, and 40 bits keep the
# chance of two sharing a hash below one in a hundred thousand.
ID_DIGITS = 10


def normalise(text: str) -> str:
    """Fold case, typographic quotes/dashes and whitespace: two renderings of one paragraph
    (a curly and a straight apostrophe, say) normalise to the same string."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_FOLD)
    return _SPACES.sub(" ", text).strip().casefold()


def outlet_key(outlet: str) -> str:
    """One key per outlet however it is written: "www.GreekReporter.com", "Greekreporter.com"
    and "GreekReporter" are the same outlet."""
    key = normalise(outlet).removeprefix("www.")
    return key.split(".")[0] if "." in key else key.replace(" ", "")


def record_ids(prefix: str, keys: Iterable[str]) -> list[str]:
    """Ids made from what records are, not from where they fall in a list: ``prefix`` and a
    hash of each record's ``key`` (its member passages, its name and type...), so weaving
    the same articles twice, or in another order, gives the same ids. Two records with one
    key (two people of one name) get "-2", "-3"... in the order given."""
    out, seen = [], Counter[str]()
    for key in keys:
        made = prefix + hashlib.sha1(key.encode("utf-8")).hexdigest()[:ID_DIGITS]
        seen[made] += 1
        out.append(made if seen[made] == 1 else f"{made}-{seen[made]}")
    return out


def passages_key(passages: Iterable[tuple[str, int, int]]) -> str:
    """One key for a set of passages ``(article id, start, end)``, whatever their order."""
    return ";".join(f"{a}:{s}:{e}" for a, s, e in sorted(passages))


def content_id(text: str) -> str:
    """Stable article id: the same content read twice, from anywhere, gets the same id."""
    return hashlib.sha1(normalise(text).encode("utf-8")).hexdigest()[:16]
