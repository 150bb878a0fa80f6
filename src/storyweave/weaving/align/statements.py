"""What a news sentence states, without who reported it.

"Xi will travel to Russia next week, where he'll meet Putin, both leaders' governments
announced on Friday" and "Xi plans to travel to Russia to meet Putin as soon as next week,
Reuters reported Monday morning" state one fact; their attributions differ, and to a
sentence-pair scorer fitted on MRPC a clause only one sentence has makes them different
statements. Attribution is who said it, not what was said (the voices of the story are
another section), so the pair scorer compares the statement with its attribution cut off:
a trailing ", the Kremlin said on Friday" / ", according to the Chinese Ministry of Foreign
Affairs", or a leading "The Kremlin said" / "According to Reuters,".

The cut is conservative: the attribution must be short, must hold a reporting verb, and what
is left must still be a statement of its own (``MIN_LEFT`` words).
"""

from __future__ import annotations

import re

# Reporting verbs of news attributions ("said", "told reporters", "according to").
_REPORTING = (r"(?:said|says|say|announced|announces|added|adds|reported|reports|told|stated|"
              r"noted|continued|confirmed|wrote|tweeted|claimed|warned|explained|insisted|"
              r"declared|stressed|revealed|disclosed|acknowledged|argued|suggested|"
              r"according\s+to)")
# Verbs that open a sentence as "X said (that) ...": not "told" ("Putin told Wang that ...":
# the listener is part of what follows), which leads only with its "that".
_LEADING_VERBS = (r"(?:said|says|announced|reported|stated|noted|added|confirmed|claimed|"
                  r"warned|insisted|declared|stressed|revealed|acknowledged|argued)")
_ATTRIBUTION_WORDS = 12  # longest attribution cut ("both leaders' governments announced ...")
MIN_LEFT = 6  # words the statement must keep

# ", the Kremlin said on Friday." / ," the statement continued" / ", according to X."
_TRAILING = re.compile(
    r"(?P<cut>[,;]?[\"”’]?\s*(?:[\w’'\-.]+\s+){0,8}?" + _REPORTING
    + r"\b[^,;:\"“”]*?)[.!]?[\"”’]?\s*$",
    re.IGNORECASE)
# "According to the Chinese foreign ministry, " / "The Kremlin said (that) "
_LEADING = re.compile(
    r"^(?:according\s+to\s+[^,]{1,80},\s*"
    # not "Xi is also reported to be planning": a passive is no attribution
    r"|(?:(?!(?:is|are|was|were|be|been|being)\s)[\w’'\-.]+\s+){1,6}?(?:" + _LEADING_VERBS
    + r"(?:\s+on\s+\w+)?(?:\s+that)?"
    r"|told\s+(?:[\w’'\-.]+\s+){1,3}?that)\s+(?=[\w“\"]))",
    re.IGNORECASE)
_WORD = re.compile(r"\S+")
# ", although this has not been confirmed", ", which officials denied": a clause of the
# statement, not who made it.
_NOT_ATTRIBUTION = re.compile(r"\b(?:not|n't|never|no|although|though|because|if|unless|but|"
                              r"while|which|who|whom|this|that)\b", re.IGNORECASE)


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def core_span(text: str) -> tuple[int, int]:
    """``(start, end)`` of the statement inside ``text``: ``text`` with a leading or trailing
    attribution cut off, or the whole of it when none is found or too little would be left."""
    start, end = 0, len(text)
    m = _TRAILING.search(text)
    if m and _words(m.group("cut")) <= _ATTRIBUTION_WORDS and m.start("cut") > 0 \
            and not _NOT_ATTRIBUTION.search(m.group("cut")):
        # the cut must start at a clause edge: a comma/quote, or a verb right after the body
        head = text[:m.start("cut")]
        if _words(head) >= MIN_LEFT and (m.group("cut")[:1] in ",;\"”’"
                                         or head.rstrip().endswith(("”", '"', "’"))):
            end = len(head.rstrip())
    m = _LEADING.match(text[:end])
    if m and _words(text[m.end():end]) >= MIN_LEFT:
        start = m.end()
    return start, end
