"""The tense a time expression is told in, read off the verb that governs it.

"Xi will travel next week" is future, "Qin spoke on the phone on Thursday" past, "Xi is
scheduled to visit" and "plans to travel" future (an infinitive under a verb of intent told
in the present). A modal other than "will" ("may", "would", "could") says nothing sure and
gives no tense. Without a dependency parse (a doc from the NER pipes only) a few words
before the expression are read instead.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_FUTURE_AUX = frozenset({"will", "'ll", "’ll", "shall", "wo"})
_MODALS = frozenset({"would", "could", "may", "might", "should", "must", "can", "ca", "'d",
                     "’d"})
# Verbs whose infinitive complement is still to come: "plans to travel", "is scheduled to".
_INTENT = frozenset("plan schedule expect set due intend hope aim prepare slate go agree "
                    "decide promise vow pledge threaten seek want propose arrange "
                    "be".split())
_SCHEDULED = frozenset({"due", "scheduled", "set", "slated", "expected", "planned", "going"})
_HAVE = frozenset({"has", "have", "had", "'ve", "’ve", "'s"})


def governing_verb(doc: Doc, start: int, end: int) -> Token | None:
    """The verb (or auxiliary) the tokens of ``doc.text[start:end]`` hang from."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span.root
    for _ in range(12):  # the parse is a tree; the bound only guards a malformed one
        if tok.pos_ in ("VERB", "AUX") and not (span.start <= tok.i < span.end):
            return tok
        if tok.head.i == tok.i:
            return tok if tok.pos_ in ("VERB", "AUX") else None
        tok = tok.head
    return None


def verb_tense(verb: Token, depth: int = 0) -> str | None:
    """"past", "present", "future" or None for a verb of the parse."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & _FUTURE_AUX:
        return "future"
    if words & _MODALS or verb.tag_ == "MD":
        return None
    if verb.tag_ == "VB" and "to" in words:  # an infinitive: what governs it decides
        head = verb.head
        if head.i == verb.i or depth > 3:
            return None
        if head.pos_ not in ("VERB", "AUX"):
            # "is due to", "had been due to", "negotiations due to take place": the tense
            # of the copula, if there is one; without one, a schedule
            if head.lower_ not in _SCHEDULED:
                return None
            copula = head.head if head.head.pos_ in ("VERB", "AUX") else None
            if copula is None or copula.i == head.i:
                return "future"
            told = verb_tense(copula, depth + 1)
            return "future" if told in ("present", "future") else None
        told = verb_tense(head, depth + 1)
        if head.lemma_.lower() in _INTENT or head.lower_ in _SCHEDULED:
            return "future" if told in ("present", "future") else None
        return told if told == "future" else None
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBN":
        if words & _HAVE or not auxes:
            return "past"  # "has announced", "the plan announced on Friday"
        return "present" if any(a.tag_ in ("VBZ", "VBP") for a in auxes) else None
    if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "present"
    return None


def parse_tense(doc: Doc, start: int, end: int) -> str | None:
    verb = governing_verb(doc, start, end)
    return verb_tense(verb) if verb is not None else None


_CLAUSE_END = re.compile(r"[.!?;:\"“”]")
_FUTURE_CUES = re.compile(
    r"\b(?:will|'ll|’ll|shall|(?:is|are|am)\s+(?:going|scheduled|set|due|expected|slated|to)|"
    r"plans?\s+to|intends?\s+to|aims?\s+to)\b", re.IGNORECASE)
_MODAL_CUES = re.compile(r"\b(?:would|could|may|might|should|must|can)\b", re.IGNORECASE)
_PAST_CUES = re.compile(
    r"\b(?:was|were|had|did|said|told|spoke|met|went|came|took|made|gave|held|began|left|"
    r"saw|rose|fell|won|lost|sent|flew|wrote|became|brought|thought|kept|paid|sold|bought|"
    r"struck|signed|\w{3,}ed)\b", re.IGNORECASE)
_PRESENT_CUES = re.compile(r"\b(?:is|are|am|says|has|have)\b", re.IGNORECASE)


def lexical_tense(text: str, start: int, end: int) -> str | None:
    """A rough tense from the words before the expression in its clause (no parse)."""
    before = text[max(0, start - 100):start]
    ends = [m.end() for m in _CLAUSE_END.finditer(before)]
    clause = before[ends[-1]:] if ends else before
    after = _CLAUSE_END.split(text[end:end + 40], maxsplit=1)[0]
    for window in (clause, after):
        if _FUTURE_CUES.search(window):
            return "future"
        if _MODAL_CUES.search(window):
            return None
        if _PAST_CUES.search(window):
            return "past"
        if _PRESENT_CUES.search(window):
            return "present"
    return None


# Clauses that tell an event of their own, at another time than their sentence's: "since
# securing a third term last week", "after Putin invited him last month". Only those a
# time word opens: a clause the parser hangs a sentence's final time adverbial on ("warn
# Putin against using nuclear weapons last November", "with Xi describing Putin as his best
# friend in 2019", "that could be used ... from June through December") is read with its
# sentence (the example story: 3 such dates of 6 were the sentence's own), and so is a time
# after a comma in the clause.
_BEFORE_AFTER = frozenset({"since", "after", "before", "until", "till", "following"})


def subordinate_clause(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The character range of the clause the expression ``doc.text[start:end]`` is told
    in, when that clause is opened by "since", "after", "before", "until" or "following"
    and its event is not the sentence's; None otherwise (the expression dates the sentence,
    or what it reports: "said the visit will take place on March 20")."""
    tok = governing_verb(doc, start, end)
    for _ in range(12):
        if tok is None or tok.head.i == tok.i:
            return None
        opened = (tok.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in _BEFORE_AFTER for c in tok.children)) or (
            tok.dep_ == "pcomp" and tok.head.lower_ in _BEFORE_AFTER)
        if opened:
            # "since becoming President, most recently in September": past a comma the
            # time is the sentence's again, whatever the parse hangs it on
            if any(t.text == "," and tok.idx < t.idx < start for t in tok.subtree):
                return None
            words = sorted([*tok.subtree, *([tok.head] if tok.dep_ == "pcomp" else [])],
                           key=lambda t: t.i)
            return words[0].idx, words[-1].idx + len(words[-1].text)
        tok = tok.head
    return None
