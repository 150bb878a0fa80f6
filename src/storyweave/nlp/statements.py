"""Statements: the units alignment compares, as ``statement`` spans; and what a statement
says without who reported it (:func:`core_span`).

A statement is a sentence, the sentences of one quotation the splitter cut apart, or, for a
long compound sentence, one of its clauses. A sentence such as "A number of important
bilateral documents will be signed," the statement continued, while the Chinese Communist
Party said Xi would visit next week" states two facts; split at the clause boundary, each
half can join the claim it belongs to. Datelines are cut off the front, bylines and
crossheads are no statements, and sentences of fewer than ``MIN_WORDS`` words ("He added.")
carry no fact of their own.

No model runs here: the rules read the sentence and paragraph spans. They live in the NLP
stage because the pair features of each statement (``pairfeatures``) are computed there,
once, with the models.

"Xi will travel to Russia next week, where he'll meet Putin, both leaders' governments
announced on Friday" and "Xi plans to travel to Russia to meet Putin as soon as next week,
Reuters reported Monday morning" state one fact; their attributions differ, and to a
sentence-pair scorer fitted on MRPC a clause only one sentence has makes them different
statements. Attribution is who said it, not what was said (the voices of the story are
another section), so the pair scorer compares the statement with its attribution cut off:
a trailing ", the Kremlin said on Friday" / ", according to the Chinese Ministry of Foreign
Affairs", or a leading "The Kremlin said" / "According to Reuters,". The cut is
conservative: the attribution must be short, must hold a reporting verb, and what is left
must still be a statement of its own (``MIN_LEFT`` words).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from ..labels import Label
from ..model import Span
from ..spanattrs import make_span
from ..spanindex import SpanIndex

# The labels this step adds (annotate replaces them, and only them, on every run).
ADDS = frozenset({Label.STATEMENT})

MIN_WORDS = 4  # shorter sentences ("He added.") carry no fact of their own
_CLAUSE_BREAK = re.compile(r"(?:,[\"”’]?\s+(?:while|whereas|but|adding|although|though)\s"
                           r"|;\s)")  # not dashes: they mostly set off an aside
# A full stop inside a quotation ("...arena. A number of documents will be signed," the
# statement continued) that the sentence splitter rightly kept in one sentence.
_INNER_STOP = re.compile(r"(?<=[a-z]{3}\.)\s+(?=[A-Z\"“])")
_ABBREVIATIONS = frozenset("gen brig col sgt capt lieut rep sen gov corp inc ltd univ dept".split())
_MIN_CLAUSE_WORDS = 7
_NO_SUBJECT = re.compile(r"(?:has|have|had|is|are|was|were|will|would|can|could|did|does|do|"
                         r"not|never|also|still|then|said|says|added)\b", re.IGNORECASE)

# Reporting verbs of news attributions ("said", "told reporters", "according to").
_REPORTING = (r"(?:said|says|say|announced|announces|added|adds|reported|reports|told|stated|"
              r"noted|continued|confirmed|wrote|tweeted|claimed|warned|explained|insisted|"
              r"declared|stressed|revealed|disclosed|acknowledged|argued|suggested|"
              r"according\s+to)")
# Verbs that open a sentence as "X said (that) ...": not "told" ("Putin told Wang that ...":
# the listener is part of what follows), which leads only with its "that".
_LEADING_VERBS = (r"(?:said|says|announced|reported|stated|noted|added|confirmed|claimed|"
                  r"warned|insisted|declared|stressed|revealed|acknowledged|argued)")
ATTRIBUTION_WORDS = 12  # longest attribution cut ("both leaders' governments announced ...")
MIN_LEFT = 6  # words the statement must keep

# ", the Kremlin said on Friday." / ," the statement continued" / ", according to X."
_TRAILING = re.compile(
    r"(?P<cut>[,;]?[\"”’]?\s*(?:[\w’'\-.]+\s+){0,8}?" + _REPORTING
    + r"\b[^,;:\"“”]*?)[.!]?[\"”’]?\s*$",
    re.IGNORECASE)
# every trailing attribution holds one (a text without it is not searched word by word)
_REPORTING_WORD = re.compile(_REPORTING + r"\b", re.IGNORECASE)
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


def _trailing_from(text: str) -> int:
    """The earliest place ``_TRAILING`` can match: its cut holds no comma, semicolon, colon
    or double quote after its first two characters, and what follows the cut only a stop, a
    closing quote and spaces. Searched from the start, it tried every word of a long quote
    (a quarter of a stored story's reading time)."""
    body = text.rstrip()
    if body[-1:] in "\"”’":
        body = body[:-1]
    return max(0, max(body.rfind(c) for c in ",;:\"“”") - 1)


@functools.lru_cache(maxsize=4096)  # asked for each passage by its words, side and units
def core_span(text: str) -> tuple[int, int]:
    """``(start, end)`` of the statement inside ``text``: ``text`` with a leading or trailing
    attribution cut off, or the whole of it when none is found or too little would be left."""
    start, end = 0, len(text)
    earliest = _trailing_from(text)
    m = _TRAILING.search(text, earliest) if _REPORTING_WORD.search(text, earliest) else None
    if m and _words(m.group("cut")) <= ATTRIBUTION_WORDS and m.start("cut") > 0 \
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



def statement_spans(text: str, paragraphs: Iterable[Span], sentences: Iterable[Span]
                    ) -> list[Span]:
    """The ``statement`` spans of one text, in text order. ``attrs``: ``sentence`` (start, end
    of the sentence the statement is, is a clause of, or starts), ``index`` (that sentence's
    position among the text's sentences) and ``clause`` (one of several clauses of its
    sentence). A statement the text already made, word for word, is not made again: a
    scraped page repeating one sentence thousands of times states it once."""
    paras = sorted(paragraphs, key=lambda s: (s.start, s.end))
    headings = _heading_ends(text, paras)
    out = []
    made: set[str] = set()
    for start, end, sent, si in sentence_statements(text, paras, sentences):
        said = text[start:end]
        if len(said.split()) < MIN_WORDS or end in headings:
            continue
        # A rejoined quotation stays whole: its full stops are the quotation's own.
        pieces = _clauses(said, start) if end == sent.end else [(start, end)]
        for a, b in pieces:
            if text[a:b] in made:
                continue
            made.add(text[a:b])
            out.append(make_span(a, b, Label.STATEMENT, {"sentence": [sent.start, sent.end],
                                                         "index": si,
                                                         "clause": len(pieces) > 1}))
    return out


def _heading_ends(text: str, paragraphs: list[Span]) -> set[int]:
    """Paragraphs that are crossheads ("Will China provide weapons to Russia?"): short and
    followed by more text. They frame the article; they are not facts of it."""
    ends = set()
    for p in paragraphs[:-1]:  # the last paragraph is followed by nothing: not a heading
        para = text[p.start:p.end]
        if len(para.split()) <= 12 and not para.rstrip("\"”’)").endswith("."):
            ends.add(p.end)
    return ends


def _clauses(text: str, start: int) -> list[tuple[int, int]]:
    """Split a long sentence at clause boundaries; keep a piece only if it is a clause of its
    own size, else keep the sentence whole."""
    if len(text.split()) < 2 * _MIN_CLAUSE_WORDS:
        return [(start, start + len(text))]
    cuts = sorted([m.start() + 1 for m in _CLAUSE_BREAK.finditer(text)
                   # "..., but has not had a single call": a clause without its own subject
                   # is no statement of its own
                   if not _NO_SUBJECT.match(text, m.end())]
                  + [m.start() for m in _INNER_STOP.finditer(text)
                     if _word_before(text, m.start()).rstrip(".").lower()
                     not in _ABBREVIATIONS
                     # Inside a quotation only before its attributed last sentence ('...
                     # arena. A number of documents will be signed," the statement
                     # continued'): a cut with no attribution after it would leave a
                     # fragment that says nothing of who said it.
                     and (not _opens_quote(text[:m.start()])
                          or _ATTRIBUTED_END.search(text, m.start()))])
    pieces, prev = [], 0
    for cut in [*cuts, len(text)]:
        piece = text[prev:cut]
        if len(piece.split()) >= _MIN_CLAUSE_WORDS:
            pieces.append((prev, cut))
            prev = cut
        elif pieces and cut == len(text):
            pieces[-1] = (pieces[-1][0], cut)  # a short tail belongs to the clause before
    if len(pieces) < 2:
        return [(start, start + len(text))]
    out = []
    for a, b in pieces:
        seg = text[a:b]
        lead = len(seg) - len(seg.lstrip(" ,;—–"))
        trail = len(seg.rstrip(" ,;—–")) if seg.strip(" ,;—–") else 0
        out.append((start + a + lead, start + a + trail))
    return out


def _word_before(text: str, end: int) -> str:
    """The run of non-blanks that ends at ``end`` (``text[:end].rsplit(None, 1)[-1]`` without
    copying the text before it for every full stop of a long sentence)."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _opens_quote(text: str) -> bool:
    """Whether ``text`` leaves a quotation open: more “ than ”, or an odd number of "."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def sentence_statements(text: str, paragraphs: Iterable[Span],
               sentences: Iterable[Span]) -> list[tuple[int, int, Span, int]]:
    """``(start, end, first sentence, its index)`` of each statement: a sentence, or the
    sentences of one quotation the splitter cut apart ('... said, “That in and of itself is
    not unusual.' + 'China and Russia share a trade relationship.”' is one statement: the
    second half says nothing on its own about who said it). Datelines ("MOSCOW, March 17
    (Reuters) -") are cut off the front; bylines are no statements."""
    index = SpanIndex(paragraphs)
    out: list[tuple[int, int, Span, int]] = []
    open_in: int | None = None  # end of the paragraph whose quotation is still open
    for si, sent in enumerate(sorted(sentences, key=lambda x: (x.start, x.end))):
        said = text[sent.start:sent.end]
        if open_in is not None and sent.end <= open_in and out \
                and len(text[out[-1][0]:sent.end].split()) <= MAX_STATEMENT_WORDS:
            start, _, first, fi = out[-1]
            out[-1] = (start, sent.end, first, fi)
        else:
            if _BYLINE.fullmatch(said.strip()):
                open_in = None
                continue
            lead = DATELINE.match(said)
            out.append((sent.start + (lead.end() if lead else 0), sent.end, sent, si))
        start = out[-1][0]
        para = index.containing(start)
        quoted_from = para.start if para is not None else start
        open_in = (para.end if para is not None else sent.end) \
            if _opens_quote(text[quoted_from:sent.end]) else None
    return out


# A closing quote mark followed by two or more words: '," the statement continued'.
_ATTRIBUTED_END = re.compile(r"[,.!?]?[\"”]\s+\S+\s+\S+")
MAX_STATEMENT_WORDS = 120  # a quotation longer than this goes on as statements of its own
# "MOSCOW, March 17 (Reuters) -", "BEIJING (AP) —", "WASHINGTON —", "LA CROSSE, Wisc. —": a
# place in capitals, an optional state or date and agency, a dash; or "Washington (AFP) –",
# "Cleveland, July 19 (UPI) —": a place in title case, which only the agency in brackets
# tells from a sentence's subject.
_DATELINE_AFTER = r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|[A-Z][A-Za-z.]{1,13}))?"
DATELINE = re.compile(r"(?:[A-Z][A-Z.'\- ]{2,40}" + _DATELINE_AFTER
                      + r"\s*(?:\([A-Za-z.' ]{2,30}\))?"
                      r"|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}" + _DATELINE_AFTER
                      + r"\s*\([A-Za-z.' ]{2,30}\))\s*[-–—]+\s+(?=\S)")
_BYLINE = re.compile(r"(?i:by)\s+[A-Z][\w.'’\-]+(?:\s+(?:and\s+)?[A-Z][\w.'’\-]+){0,5}"
                     r"(?:,\s*[A-Z][\w .'’\-]{1,40})?\.?")


