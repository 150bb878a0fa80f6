"""Matching keys for text: two renderings of one thing get one key.

Used wherever two strings must be compared as "the same" (duplicate paragraphs, template
lines, outlets, entity names) and for the article id, which is a hash of the normalised text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_QUOTE_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                             "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"',
                             "\u00bb": '"', "\u2032": "'", "\u00b4": "'", "`": "'",
                             "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_SPACES = re.compile(r"\s+")


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


def content_id(text: str) -> str:
    """Stable article id: the same content read twice, from anywhere, gets the same id."""
    return hashlib.sha1(normalise(text).encode("utf-8")).hexdigest()[:16]
