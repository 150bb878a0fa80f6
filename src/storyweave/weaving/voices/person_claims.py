"""Claims of what the outlets say about a person: the age and the home town news writes beside
a name ("LuAnn Marie Johnson, 66, of Burnsville" / "66-year-old LuAnn Marie Johnson").

The fact units are clauses, and a sentence that gives an age states other facts too ("..., 36,
had a blood alcohol level of 0.41"): each outlet's sentence about the driver falls in a claim
of its own, and the age every one of them gives is corroborated by none. Here the person's
resolved mentions (:mod:`.entities`) are read for the value written beside the name, and
each value that two sources or more give becomes a claim whose passages are the name with
its value, one per source's article. Which fact they state is decided by the person and the
value, not by the pair scorer (``support`` is empty); the sentences keep their own claims.

A value that two sources give differently makes no claim of the odd value alone: each value
with two sources has its claim, and the age discrepancy (:mod:`.attributes`) names them. A
person to whom one article gives two ages (two people of one name, or a misread name) gets no
age claim.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from ...keys import passages_key, record_ids
from ...labels import Label
from ...model import (
    Article,
    AttributeKind,
    Claim,
    ClaimAttribute,
    Entity,
    Passage,
)
from ...spanattrs import entity_attrs
from .attributes import read_ages
from .names import BODY_WORDS, ORG_ENDINGS

# ", of Burnsville", " of Schenectady", ", 23, of Schenectady": up to three capitalised
# words after "of"/"from" right after the name (and its age). The NER cannot tell: the small
# model tags "Burnsville" a person in all eight reports of ECB+ dev 21ecb that write it. So
# what is read is news's form: after a comma ("Johnson, of Burnsville") a place unless its
# words name a body ("Smith, of Acme Corp"); without one ("John Christie of Paperny Films":
# his employer) only words the NER did not tag an organisation.
_HOME = re.compile(r"(?P<comma>,[ \t]*(?:aged[ \t]+)?\d{1,3},|,)?[ \t]+(?:of|from)[ \t]+"
                   r"(?P<place>[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,2})")
_POSSESSIVE = re.compile(r"['’]s?$")
_BODIES = BODY_WORDS | ORG_ENDINGS
_LOOK = 60  # characters read after a name

Reader = Callable[[Article, int, int], list[tuple[str, int, int]]]


def _ages(article: Article, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(str(age), a, b) for age, a, b in read_ages(article.text, start, end)]


def _homes(article: Article, start: int, end: int) -> list[tuple[str, int, int]]:
    """(place, start, end) of a home town written after the name at ``start:end``, the span
    the place's words; only a place the NER tagged as one."""
    m = _HOME.match(article.text, end, min(len(article.text), end + _LOOK))
    if m is None:
        return []
    words = m["place"].split()
    # "Macomb County's Bruce Township": the place ends at its possessive
    for n, w in enumerate(words):
        if _POSSESSIVE.search(w):
            words = words[:n + 1]
            words[-1] = _POSSESSIVE.sub("", w)
            break
    place = " ".join(words).rstrip(".,")
    a = m.start("place")
    b = a + len(place)
    if not place or any(w.lower().rstrip(".") in _BODIES for w in words):
        return []
    if m["comma"] is None and any(entity_attrs(s).get("type") == "ORG"
                                  for s in article.spans_of(Label.ENTITY)
                                  if s.start < b and a < s.end):
        return []
    return [(place, a, b)]


READERS: tuple[tuple[AttributeKind, Reader], ...] = (
    (AttributeKind.AGE, _ages), (AttributeKind.HOME, _homes))


def attribute_claims(entities: Sequence[Entity], articles: Sequence[Article],
                     source_of: dict[str, str]) -> list[Claim]:
    """One claim per person, attribute and value that two sources or more write beside the
    person's name: its passages the name with the value (the first such mention in each
    article), its representative the first passage; unranked and without ids (the caller
    ranks them among the story's claims: :func:`ranked_claims`)."""
    by_id = {a.id: a for a in articles}
    order = {a.id: n for n, a in enumerate(articles)}
    out = []
    for e in entities:
        if e.type != "PERSON":
            continue
        for kind, read in READERS:
            said = _said(e, by_id, read)
            per_article: dict[str, set[str]] = defaultdict(set)
            for value, found in said.items():
                for p, _ in found:
                    per_article[p.article].add(_key(value))
            if any(len(v) > 1 for v in per_article.values()):
                continue  # one article gives two values: two people, or a misread
            for value, found in said.items():
                sources = sorted({source_of.get(p.article, p.article) for p, _ in found})
                if len(sources) < 2:
                    continue
                passages = sorted((p for p, _ in found), key=lambda p: (order[p.article],
                                                                         p.start))
                # the passage with the fewest words between the name and the value reads
                # as what the claim states ("Johnson of Burnsville", not "Johnson, 66, of
                # Burnsville" when the claim is of her home); then the fullest name
                rep = min(found, key=lambda x: (x[1], x[0].start - x[0].end,
                                                order[x[0].article]))[0]
                out.append(Claim(
                    id="", passages=passages, sources=sources, representative=rep,
                    text=by_id[rep.article].text[rep.start:rep.end],
                    position=sum(_position(by_id[p.article], p.start) for p in passages)
                    / len(passages),
                    attribute=ClaimAttribute(e.id, kind, value)))
    return out


def _key(value: str) -> str:
    return value.casefold()


def _said(e: Entity, by_id: dict[str, Article],
          read: Reader) -> dict[str, list[tuple[Passage, int]]]:
    """Each value ``read`` finds beside the person's names, with the passage from the name to
    the value (or from the value to the name), the first in each article, and the number of
    characters between the two; values that differ only in case are one ("Troy" / "TROY"),
    written as first met."""
    said: dict[str, list[tuple[Passage, int]]] = {}
    written: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    for m in e.mentions:
        p = m.passage
        article = by_id.get(p.article)
        if article is None or not m.form[:1].isupper():
            continue  # "he" says no age
        for value, a, b in read(article, p.start, p.end):
            key = _key(value)
            if (key, p.article) in seen:
                continue
            seen.add((key, p.article))
            shown = written.setdefault(key, value)
            gap = a - p.end if a >= p.end else p.start - b
            said.setdefault(shown, []).append((Passage(p.article, min(a, p.start),
                                                       max(b, p.end)), gap))
    return said


def _position(article: Article, at: int) -> float:
    """The relative position of the sentence holding ``at`` (0 = first), as a unit's."""
    sentences = sorted(s.start for s in article.spans_of(Label.SENTENCE))
    if not sentences:
        return 0.0
    before = sum(start <= at for start in sentences)
    return max(before - 1, 0) / len(sentences)


def ranked_claims(claims: Sequence[Claim], added: Sequence[Claim]) -> list[Claim]:
    """The story's claims with ``added`` among them, ranked as ``align.claims`` ranks them
    (most sources first, then story order); the added ones get their ids here, made from
    their passages as every claim's are (an id already taken gets the next suffix)."""
    taken = {c.id for c in claims}
    ids = record_ids("c", (passages_key((p.article, p.start, p.end) for p in c.passages)
                           for c in added))
    for claim, made in zip(added, ids, strict=True):
        n, base = 2, made
        while made in taken:
            made, n = f"{base}-{n}", n + 1
        claim.id = made
        taken.add(made)
    return sorted([*claims, *added], key=_rank)


def _rank(c: Claim) -> tuple[Any, ...]:
    return (-c.corroboration, c.position)
