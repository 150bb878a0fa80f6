"""Claims of what the outlets say about a person: the age and the home town news writes beside
a name ("LuAnn Marie Johnson, 66, of Burnsville" / "66-year-old LuAnn Marie Johnson").

The fact units are clauses, and a sentence that gives an age states other facts too ("..., 36,
had a blood alcohol level of 0.41"): each outlet's sentence about the driver falls in a claim
of its own, and the age every one of them gives is corroborated by none. Here the person's
resolved mentions (:mod:`.entities`) are read for the value written beside the name (the
forms :func:`.attributes.read_ages` and :func:`.attributes.read_home` read), and
each value that two sources or more give becomes a claim whose passages are the name with
its value, one per source's article. Which fact they state is decided by the person and the
value, not by the pair scorer (``support`` is empty); the sentences keep their own claims.

An article that names nobody with an age but describes someone by it ("A 61-year-old man was
charged") adds that description to the age of the one person the story's outlets give that
age beside a name (:func:`_unnamed_ages`).

A value that two sources give differently makes no claim of the odd value alone: each value
with two sources has its claim, and the age or home discrepancy (:mod:`.attributes`) names
them. A
person to whom one article gives two ages (two people of one name, or a misread name) gets no
age claim.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
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
from ...nlp.quotes.speaker_words import ROLE_NOUNS
from .attributes import read_ages, read_home

Reader = Callable[[Article, int, int], list[tuple[str, int, int]]]


def _ages(article: Article, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(str(age), a, b) for age, a, b in read_ages(article.text, start, end)]


READERS: tuple[tuple[AttributeKind, Reader], ...] = (
    (AttributeKind.AGE, _ages), (AttributeKind.HOME, read_home))


def attribute_claims(entities: Sequence[Entity], articles: Sequence[Article],
                     source_of: dict[str, str]) -> list[Claim]:
    """One claim per person, attribute and value that two sources or more write beside the
    person's name (or, for an age, in an unnamed description only that person fits:
    :func:`_unnamed_ages`): its passages the name with the value (the first such mention in
    each article), its sources in the order they are numbered (by their first article),
    its representative as the comment below says; unranked and without ids (the caller ranks
    them among the story's claims: :func:`ranked_claims`)."""
    by_id = {a.id: a for a in articles}
    order = {a.id: n for n, a in enumerate(articles)}
    numbered: dict[str, int] = {}  # a source's first article: how sources are numbered
    for a in articles:
        numbered.setdefault(source_of.get(a.id, a.id), order[a.id])
    said: dict[tuple[str, AttributeKind], dict[str, list[tuple[Passage, int]]]] = {}
    for e in (e for e in entities if e.type == "PERSON"):
        for kind, read in READERS:
            values = _said(e, by_id, read)
            per_article: dict[str, set[str]] = defaultdict(set)
            for value, cited in values.items():
                for p, _ in cited:
                    per_article[p.article].add(_key(value))
            if not any(len(v) > 1 for v in per_article.values()):
                said[(e.id, kind)] = values  # else two values in one article: two people
    _unnamed_ages(said, articles)
    out = []
    for (entity, kind), by_value in said.items():
        for value, found in by_value.items():
            passages = sorted((p for p, _ in found), key=lambda p: (order[p.article], p.start))
            sources = sorted({source_of.get(p.article, p.article) for p in passages},
                             key=numbered.__getitem__)
            if len(sources) < 2:
                continue
            # what the claim reads as: a passage with no other word between the name and the
            # value ("Johnson of Burnsville", not "Johnson, 66, of Burnsville" when the claim
            # is of her home), then the wording most outlets print ("Duncan Rait", not one
            # outlet's "Raite"), then the fullest
            texts = Counter(_text(by_id, p) for p, _ in found)
            rep = min(found, key=lambda x: (x[1], -texts[_text(by_id, x[0])],
                                            x[0].start - x[0].end, order[x[0].article]))[0]
            out.append(Claim(
                id="", passages=passages, sources=sources, representative=rep,
                text=_text(by_id, rep),
                position=sum(_position(by_id[p.article], p.start) for p in passages)
                / len(passages),
                attribute=ClaimAttribute(entity, kind, value)))
    return out


# "A 61-year-old man was charged", "the 36-year-old Australian climber", "The 36-year-old,
# who ...": an age that describes someone the sentence does not name. Up to two words, then
# a noun for a person; or, after "the", the age alone as the noun.
UNNAMED = 10**6  # the words between of an unnamed description: no name to be near
_UNNAMED_AGE = re.compile(r"(?<![\w-])(\d{1,3})[- ]year[- ]old\b")
_DESCRIBED = re.compile(r"(?:[ \t]+[A-Za-z][\w'’-]*){1,3}")
_PERSON_WORDS = ROLE_NOUNS | frozenset("""male female grandmother grandfather father mother
man woman""".split())
_AS_NOUN = re.compile(r"[ \t]*(?:[,;)]|(?:was|is|had|has|died|who)\b)")
_THE = re.compile(r"\b[Tt]he[ \t]+$")
_NAME_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_LINKS = frozenset({"of", "from", "aged"})  # what joins a value to a name


def _unnamed_ages(said: dict[tuple[str, AttributeKind], dict[str, list[tuple[Passage, int]]]],
                  articles: Sequence[Article]) -> None:
    """Add to a person's ages each unnamed description of someone that age ("a 61-year-old
    man") in an article that gives the person no age beside the name, when the person is the
    only one the story's outlets give that age beside a name: in one story, "a 61-year-old
    man" charged with the shooting is the Eric Allen Kirkpatrick, 61, other outlets name."""
    owners: dict[str, list[str]] = defaultdict(list)
    for (entity, kind), values in said.items():
        if kind == AttributeKind.AGE:
            for value in values:
                owners[value].append(entity)
    for article in articles:
        text = article.text
        for m in _UNNAMED_AGE.finditer(text):
            value = m.group(1)
            if len(owners.get(value, [])) != 1:
                continue
            end = _unnamed_end(text, m)  # "61-year-old Eric Kirkpatrick" is none
            if end is None:
                continue
            ages = said[(owners[value][0], AttributeKind.AGE)]
            if any(p.article == article.id for found in ages.values() for p, _ in found):
                continue  # the article gives the person's age beside the name
            # never the representative: the claim's text must name the person
            ages[value].append((Passage(article.id, m.start(), end), UNNAMED))


def _unnamed_end(text: str, m: re.Match[str]) -> int | None:
    """Where the unnamed description of an age match ends: after its noun for a person
    (within three words), or after "year-old" when "the" makes it the noun; None when it
    describes no person ("a 40-year-old building")."""
    words = _DESCRIBED.match(text, m.end())
    if words is not None:
        for w in _NAME_WORD.finditer(text, m.end(), words.end()):
            if w.group().lower() in _PERSON_WORDS:
                return w.end()
    if _THE.search(text, max(0, m.start() - 8), m.start()) and _AS_NOUN.match(text, m.end()):
        return m.end()
    return None


def _text(by_id: dict[str, Article], p: Passage) -> str:
    return by_id[p.article].text[p.start:p.end]


def _key(value: str) -> str:
    return value.casefold()


def _said(e: Entity, by_id: dict[str, Article],
          read: Reader) -> dict[str, list[tuple[Passage, int]]]:
    """Each value ``read`` finds beside the person's names, with the passage from the name to
    the value (or from the value to the name), the first in each article, and the number of
    other words between the two (an age between a name and its home town); values that differ
    only in case are one ("Troy" / "TROY"), written as first met."""
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
            between = article.text[p.end:a] if a >= p.end else article.text[b:p.start]
            others = sum(w.lower() not in _LINKS for w in _NAME_WORD.findall(between)) + \
                len(re.findall(r"\d+", between))
            said.setdefault(shown, []).append((Passage(p.article, min(a, p.start),
                                                       max(b, p.end)), others))
    return said


def _position(article: Article, at: int) -> float:
    """The relative position of the sentence holding ``at`` (0 = first), as a unit's."""
    sentences = sorted(s.start for s in article.spans_of(Label.SENTENCE))
    if not sentences:
        return 0.0
    return max(bisect_right(sentences, at) - 1, 0) / len(sentences)


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
