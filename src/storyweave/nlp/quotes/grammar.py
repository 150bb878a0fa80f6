"""What the quote rules ask of a parsed clause: whether it is tensed (states something) and
where its words lie in the text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cues import Tokens
from .marks import MARK_TOKENS

if TYPE_CHECKING:
    from spacy.tokens import Token

FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
WH_WORDS = frozenset({"what", "how", "why", "where", "when", "who", "whom", "which"})


def finite(head: Token) -> bool:
    """Whether a clause headed by ``head`` states something: a tensed verb ("she saw",
    "would reopen", "he’s returning" whatever the tagger made of the contraction), or a
    bare verb with its subject after "to" ("expect trade to reach $200 billion"), after
    "that" ("argued that the plan and its appeal grow ...": a conjoined subject misleads the
    tagger) or after a verb of proposing ("urged the council delay the vote"). "his voice
    wavering before ..." (a participle) describes, it reports nothing."""
    if head.tag_ in FINITE_TAGS:
        return True
    kids = list(head.children)
    if any(c.dep_ in ("aux", "auxpass") and (c.tag_ in FINITE_TAGS or c.lower_ in _CONTRACTED)
           for c in kids):
        return True
    if head.tag_ != "VB" or not any(c.dep_ in ("nsubj", "nsubjpass") for c in kids):
        return False
    return (head.dep_ == "ccomp" and any(c.dep_ == "mark" and c.lower_ == "that" for c in kids)
            or any(c.tag_ == "TO" for c in kids) or head.head.lemma_.lower() in _MANDATIVE)


# A contracted auxiliary is tensed, whatever the tagger makes of it ("he’s returning": the
# curly apostrophe's "’s" is often tagged a participle).
_CONTRACTED = frozenset(f"{a}{x}" for a in ("'", "’") for x in ("s", "re", "m", "ve", "ll", "d"))


# Verbs whose clause takes the bare verb: "suggested the U.S. outsource the fight", "urged
# that the council delay the vote" state what was proposed as surely as a tensed verb does.
_MANDATIVE = frozenset("suggest urge demand recommend propose insist ask request".split())


def clause_span(words: list[Token], toks: Tokens, *,
                 clause: bool = True) -> tuple[int, int] | None:
    """Where ``words`` lie, their edge punctuation left out (a closing mark kept): at least
    three words and a verb for a ``clause``; two for what a speech act says of its object
    ("the referee a disgrace"), which needs no verb."""
    while words and (words[0].is_punct or words[0].is_space):
        words = words[1:]
    # a conjunction left at the end when the parse hangs the next clause on the verb
    # before it: "said the state had made a mistake and a nurse warned ..."
    while words and (words[-1].is_punct and words[-1].text not in MARK_TOKENS
                     or words[-1].is_space or words[-1].dep_ == "cc"):
        if words[-1].dep_ == "cc" and [t.lower_ for t in words[-3:]] == ["as", "well", "as"]:
            words = words[:-2]  # "..., as well as": the whole conjunction
        words = words[:-1]
    if len(words) < (3 if clause else 2) or clause and not any(
            t.pos_ in ("VERB", "AUX") for t in words):
        return None
    return toks.start(words[0]), toks.end(words[-1])
