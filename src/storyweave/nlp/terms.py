"""The words a story uses for the things outlets name differently (``framing-terms.json``:
the war, governments, legislatures...), each with the modifiers written in front of it
("unprovoked war", "rubber stamp legislature", "so-called special military operation"), as
``term`` spans. Framing (``weaving.voices.framing``) compares them across outlets.

The modifiers are read off the part-of-speech tags of the sentence the term is in: only
sentences that name a topic are tagged (tagger only, no parser, no entities).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from ..labels import Label
from ..model import Span
from ..spanattrs import make_span
from .models import spacy_nlp

if TYPE_CHECKING:
    from spacy.tokens import Doc

# The labels this step adds (annotate replaces them, and only them, on every run).
ADDS = frozenset({Label.TERM})

TERMS_RESOURCE = "framing-terms.json"
_MODIFIERS = frozenset({"ADJ", "NOUN"})  # "unprovoked", "rubber stamp"
_MODIFIER_TAGS = frozenset({"VBG"})  # "growing ties"; not "commit war", "led blocs"


@cache
def topics() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each topic of ``framing-terms.json`` with the pattern of the words that name it."""
    raw = json.loads(resources.files(__package__).joinpath(TERMS_RESOURCE).read_text("utf-8"))
    out = []
    for t in raw["topics"]:
        terms = sorted(t["terms"], key=len, reverse=True)  # longest first: "military operation"
        alternatives = "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in terms)
        out.append((t["topic"], re.compile(rf"\b(?:{alternatives})s?\b", re.IGNORECASE)))
    return tuple(out)


def term_spans(texts: Sequence[str], sentences: Sequence[Iterable[Span]]) -> list[list[Span]]:
    """The ``term`` spans of each text (``attrs``: ``topic``): the topic word as found, with
    the modifiers in front of it, in sentence then match order."""
    hits = []  # (text index, topic, sentence start, sentence text, term start, term end)
    for n, (text, sents) in enumerate(zip(texts, sentences, strict=True)):
        for s in sents:
            said = text[s.start:s.end]
            for topic, pattern in topics():
                for m in pattern.finditer(said):
                    hits.append((n, topic, s.start, said, m.start(), m.end()))
    out: list[list[Span]] = [[] for _ in texts]
    for (n, topic, offset, _, start, end), doc in zip(hits, _tagged(h[3] for h in hits),
                                                      strict=True):
        first = _modifiers_before(doc, start)
        out[n].append(make_span(offset + first, offset + end, Label.TERM, {"topic": topic}))
    return out


def _tagged(texts: Iterable[str]) -> Iterable[Doc]:
    """spaCy docs with part-of-speech tags only (no parser, no entities)."""
    nlp = spacy_nlp()
    disable = [p for p in nlp.pipe_names if p not in ("tok2vec", "tagger", "attribute_ruler")]
    return nlp.pipe(texts, batch_size=64, disable=disable)


def _modifiers_before(doc: Doc, start: int) -> int:
    """Where the words qualifying the term at character ``start`` begin: the adjectives and
    noun modifiers right before it ("unprovoked", "rubber stamp", "so-called"), never a
    name, a number, a function word or a possessive."""
    first = start
    tokens = [t for t in doc if t.idx + len(t) <= start]
    hyphened = False  # "full" is a function word, but not in "full-scale"
    for t in reversed(tokens):
        gap = doc.text[t.idx + len(t):first]
        if t.text == "-" and not gap.strip():
            hyphened = True
            continue  # the hyphen is a token of its own
        if gap.strip() not in ("", "-") or (t.is_stop and not hyphened) \
                or not t.text[:1].islower() or t.like_num \
                or not (t.pos_ in _MODIFIERS or t.tag_ in _MODIFIER_TAGS or hyphened):
            break
        first, hyphened = t.idx, False
    return first
