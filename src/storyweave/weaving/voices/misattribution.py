"""One quotation, two speakers: outlets that print the same words in quotation marks and name
different people as who said them ('"We're aware of the off-the-field issue involving
Vincent," team general manager A.J. Smith said' / '..., Chargers general manager A.J.
Butler said'). One of them is wrong, and a reader checking who said what must see both.

Quote groups (:mod:`.quote_groups`) never join quotes whose speakers differ, so the case is
looked for here, over every quote in marks of the story. It is a disagreement only when it
cannot be a misreading of ours:

- the words are one quotation: of the shorter, ``SAME_WORDS`` or more are the longer's, in
  order, and it has ``MIN_WORDS`` words or more (a slogan or a phrase two people may both
  say is shorter);
- each outlet names its speaker in the sentence, by a name holding the person's surname:
  not "he", "who" or a role, which are resolved by rules that can be wrong, and not two
  people at once ("Zadan and Meron");
- the two are two people: different surnames, neither name's words within the other's
  ("Tim Fanning" / "Police Constable Tim Fanning" is one man the entities kept apart), and
  not one surname spelt two ways (a ``name`` disagreement of its own);
- no outlet gives the quotation to both people.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from difflib import SequenceMatcher

from ...model import (
    Article,
    Claim,
    Discrepancy,
    DiscrepancyKind,
    Entity,
    Quote,
    QuoteKind,
    StatedValue,
)
from ..align.values import spelled_apart
from .attributes import claims_with

MIN_WORDS = 6
SAME_WORDS = 0.9  # share of the shorter quotation's words found in the longer, in order
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_TWO_PEOPLE = re.compile(r"\b(?:and|&)\b|,")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def _surname(name: str) -> str:
    """The last word of a name that is no suffix ("Dale Ross Jr." -> "ross")."""
    words = [w for w in _words(name) if w not in _SUFFIXES] or _words(name) or [""]
    return words[-1]


def one_quotation(a: list[str], b: list[str]) -> bool:
    """Whether two quotations' words are one quotation (one may be cut shorter)."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < MIN_WORDS:
        return False
    matcher = SequenceMatcher(None, short, long_, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return same >= SAME_WORDS * len(short)


def _named(q: Quote, people: dict[str, Entity], texts: dict[str, str]) -> Entity | None:
    """The person the quote's own sentence names as its speaker, by a name with the
    surname; None for a pronoun, a role, two people, or a speaker that is no person."""
    if q.speaker is None or q.speaker_mention is None or q.speaker not in people:
        return None
    p = q.speaker_mention
    mention = texts.get(p.article, "")[p.start:p.end]
    person = people[q.speaker]
    if _surname(person.name) not in _words(mention) or _TWO_PEOPLE.search(mention):
        return None
    return person


def _two_people(x: Entity, y: Entity) -> bool:
    wx, wy = set(_words(x.name)), set(_words(y.name))
    if _surname(x.name) == _surname(y.name) or wx <= wy or wy <= wx:
        return False
    return not spelled_apart(x.name.lower(), y.name.lower())


def speaker_discrepancies(quotes: Sequence[Quote], entities: Sequence[Entity],
                          articles: Sequence[Article], claims: Sequence[Claim],
                          source_of: dict[str, str]) -> list[Discrepancy]:
    """One ``speaker`` discrepancy per quotation that two sources give to two different
    people (see the module's docstring): each person a value, cited by the words that name
    them; the claims are those holding the quotations."""
    texts = {a.id: a.text for a in articles}
    people = {e.id: e for e in entities if e.type == "PERSON"}
    named = [(q, person, _words(texts.get(q.content.article, "")[q.content.start:
                                                                  q.content.end]))
             for q in quotes if q.kind == QuoteKind.DIRECT
             and (person := _named(q, people, texts)) is not None]
    parent = list(range(len(named)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (qa, _, wa) in enumerate(named):
        for j in range(i + 1, len(named)):
            qb, _, wb = named[j]
            if source_of.get(qa.content.article) != source_of.get(qb.content.article) \
                    and one_quotation(wa, wb):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(named)):
        groups[root(i)].append(i)
    out = []
    for members in groups.values():
        found = _disagreement([named[i][:2] for i in members], source_of, claims)
        if found is not None:
            out.append(found)
    return out


def _disagreement(said: list[tuple[Quote, Entity]], source_of: dict[str, str],
                  claims: Sequence[Claim]) -> Discrepancy | None:
    by_person: dict[str, list[Quote]] = defaultdict(list)
    person_of: dict[str, Entity] = {}
    for q, person in said:
        by_person[person.id].append(q)
        person_of[person.id] = person
    if len(by_person) < 2:
        return None
    sources = {pid: {source_of.get(q.content.article, q.content.article) for q in qs}
               for pid, qs in by_person.items()}
    ids = list(by_person)
    if any(sources[x] & sources[y] for k, x in enumerate(ids) for y in ids[k + 1:]):
        return None  # one outlet gives the words to both: two people may have said them
    if not all(_two_people(person_of[x], person_of[y])
               for k, x in enumerate(ids) for y in ids[k + 1:]):
        return None
    order = sorted(ids, key=lambda pid: (-len(sources[pid]), person_of[pid].name))
    values = tuple(StatedValue(person_of[pid].name, pid,
                               tuple(q.speaker_mention for q in by_person[pid]
                                     if q.speaker_mention is not None))
                   for pid in order)
    quoted = [StatedValue("", "", (q.content,)) for q, _ in said]
    return Discrepancy(DiscrepancyKind.SPEAKER, values, claims_with(quoted, claims))
