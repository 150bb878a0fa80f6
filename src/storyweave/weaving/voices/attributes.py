"""What the outlets say about a person, compared across them: the age each gives ("Robert
Buckley, 32," / "31-year-old Robert Buckley") and the rank ("Commodore Nirad Sinha" /
"Commander Nirad Sinha"), and the spelling of the surname ("Anthony LaCalamita" /
"Anthony Calamita": the registry made them one person). An age is read only where news
writes one next to a name: "NAME, 32," "NAME (32)", "NAME, aged 32", "32-year-old NAME"; a
rank only right before a name; a surname in every name the person is written by.
Two outlets that give one person two ages or ranks disagree, whichever claims the
sentences fell in: the claims group facts, and a sentence giving an age states others
("..., 32, fell 600 metres"), so the two ages seldom share a claim.

Where a person lives is compared too ("Anthony LaSalle, 36, of Minneapolis" / "Anthony
Phillip LaSalle, 36, of Bloomington"), but as places, not as a contradiction: nothing here
knows which places lie inside which, so "of College Point" and "of Queens" may both be right
(relation ``places``); a county, a state or another region named by its word ("of Macomb
County") holds towns and is never compared.

Not compared: titles that are no rank ("Detective", "Officer", "Chief": a detective may be a
sergeant).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from ...labels import Label
from ...model import (
    Article,
    Claim,
    Discrepancy,
    DiscrepancyKind,
    DiscrepancyRelation,
    Entity,
    Passage,
    StatedValue,
)
from ...spanattrs import entity_attrs
from ..align.values import spelled_apart
from .names import BODY_WORDS, ORG_ENDINGS, POSSESSIVE

# ", 32," right after the name: a comma, the age, then what closes an apposition (a comma,
# a full stop that ends no number, a bracket) or the words that go on with the person ("of
# Bloomington", "who ...", "was ...").
_AGE_AFTER = re.compile(r",[ \t]*(?:aged[ \t]+)?(\d{1,3})(?=[ \t]*(?:[,;)]|\.(?!\d)|$)"
                        r"|[ \t]+(?:of|from|who|and|was|is|had|has|died|remains?)\b)")
_AGE_BRACKETS = re.compile(r"[ \t]*\((\d{1,3})\)")
# "32-year-old Englishman Robert Buckley": up to three capitalised words between
_AGE_BEFORE = re.compile(r"\b(\d{1,3})[- ]year[- ]old[ \t]+(?:[A-Z][\w.'’-]*[ \t]+){0,3}$")
NAME_LOOK = 60  # characters read on each side of a name
OLDEST = 120


def read_ages(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """(age, start, end) of the ages written next to the name at ``start:end``; the span is
    the words that give it ("32", "31-year-old")."""
    found = []
    for rx in (_AGE_AFTER, _AGE_BRACKETS):
        m = rx.match(text, end, min(len(text), end + NAME_LOOK))
        if m:
            found.append((int(m.group(1)), m.start(1), m.end(1)))
    before = max(0, start - NAME_LOOK)
    m = _AGE_BEFORE.search(text, before, start)
    if m:
        found.append((int(m.group(1)), m.start(1), m.start(1) + len(m.group().split()[0])))
    return [f for f in found if 0 < f[0] < OLDEST]


# Where a person lives, in the forms news writes it right after the name (up to three
# capitalised words for the place):
# - ", of Burnsville", " of Schenectady", ", 23, of Schenectady": after "of"/"from". The NER
#   cannot tell a place here: the small model tags "Burnsville" a person in all eight
#   reports of ECB+ dev 21ecb that write it. So what is read is news's form: after a comma
#   ("Johnson, of Burnsville") a place unless its last word names a body ("Smith, of Acme
#   Corp"; "Chohan, of College Point" is a place);
#   without one ("John Christie of Paperny Films": his employer) only words the NER did not
#   tag an organisation;
# - ", who lived half a mile away in South Ozone Park", ", who lives in Harwood";
# - ", a 38-year-old Troy resident".
_PLACE = r"(?P<place>[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,2})"
_AGED = r"(?:aged[ \t]+)?\d{1,3}"  # "..., 23, of", "..., aged 23, of"
_LIVED = r"(?:lived|lives|resided|resides)"
_HOME_OF = re.compile(r"(?P<comma>,[ \t]*" + _AGED + r",|,)?[ \t]+(?:of|from)[ \t]+" + _PLACE)
_HOME_LIVED = re.compile(r"(?P<comma>(?:,[ \t]*\d{1,3})?,)[ \t]*who[ \t]+(?:had[ \t]+|has[ \t]+)?"
                         + _LIVED + r"(?:[ \t]+[a-z][\w'’-]*){0,4}?[ \t]+in[ \t]+" + _PLACE)
# The same forms read backwards, from the place: what stands right before a name where news
# writes a person's home ("LuAnn Marie Johnson, 66, of | Burnsville", "Chohan, who lived in |
# South Ozone Park"); the registry types such a name a place (:mod:`.entities`).
HOME_BEFORE = re.compile(r"[A-Za-z.'’],[ \t]*(?:" + _AGED + r",[ \t]*)?(?:of|from)[ \t]+$"
                         r"|,[ \t]*who[ \t]+" + _LIVED + r"[ \t]+in[ \t]+$")
_HOME_RESIDENT = re.compile(r"(?P<comma>,)[ \t]*an?[ \t]+(?:[a-z\d][\w'’-]*[ \t]+){0,2}"
                            + _PLACE + r"[ \t]+resident\b")
_BODIES = BODY_WORDS | ORG_ENDINGS
# A place named by one of these words holds towns: a home given as "of Macomb County" and
# one given as "of Bruce Township" may both be right, so a region is never compared
_REGION_WORDS = frozenset("county parish borough state province region district territory "
                          "shire".split())


def read_home(article: Article, start: int, end: int) -> list[tuple[str, int, int]]:
    """(place, start, end) of a home town written right after the name at ``start:end``, the
    span the place's words (the forms above: after "of" and a comma, unless the last word
    names a body; after "of" alone, unless the NER tagged them an organisation)."""
    text = article.text
    stop = min(len(text), end + NAME_LOOK)
    m = None
    for rx in (_HOME_OF, _HOME_LIVED, _HOME_RESIDENT):
        m = rx.match(text, end, stop)
        if m is not None:
            break
    if m is None:
        return []
    words = m["place"].split()
    # "Macomb County's Bruce Township": the place ends at its possessive
    for n, w in enumerate(words):
        if POSSESSIVE.search(w):
            words = words[:n + 1]
            words[-1] = POSSESSIVE.sub("", w)
            break
    place = " ".join(words).rstrip(".,")
    a = m.start("place")
    b = a + len(place)
    # a body's name ends in its word ("Acme Corp"); a place may hold one ("College Point")
    if not place or words[-1].lower().rstrip(".") in _BODIES:
        return []
    if m["comma"] is None and any(entity_attrs(s).get("type") == "ORG"
                                  for s in article.spans_of(Label.ENTITY)
                                  if s.start < b and a < s.end):
        return []
    return [(place, a, b)]


def region(place: str) -> bool:
    """Whether the place is a region named by its word ("Macomb County")."""
    return place.split()[-1].lower() in _REGION_WORDS


# Ranks of armed forces and police, and their abbreviations; compared by the last rank
# before the name ("Lt. Col." is a colonel's, "Detective Sergeant" a sergeant's), so a
# shortened rank agrees with the full one.
_RANKS = {"commodore": "commodore", "commander": "commander", "cmdr": "commander",
          "cdr": "commander", "captain": "captain", "capt": "captain",
          "lieutenant": "lieutenant", "lt": "lieutenant", "colonel": "colonel",
          "col": "colonel", "general": "general", "gen": "general", "major": "major",
          "maj": "major", "admiral": "admiral", "adm": "admiral", "sergeant": "sergeant",
          "sgt": "sergeant", "corporal": "corporal", "cpl": "corporal",
          "inspector": "inspector", "insp": "inspector", "constable": "constable",
          "const": "constable", "superintendent": "superintendent", "supt": "superintendent",
          "private": "private", "pvt": "private", "ensign": "ensign"}
_RANK = r"(?:" + "|".join(sorted({k.capitalize() for k in _RANKS}, key=len, reverse=True)) \
    + r")\.?"
_RANKS_BEFORE = re.compile(r"(?<![\w.])((?:" + _RANK + r"[ \t]+){1,3})$")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?[ \t]*$")
# Capitalised words that may stand before a rank without making it an office's title
# ("Detective Sergeant", "Rear Admiral", "Army Sgt.", "Retired Gen.")
_RANK_MODIFIERS = frozenset("""detective det chief deputy staff master first senior flight
vice rear brigadier lance petty police army navy naval marine air acting retired wing
former""".split())


def _rank(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """(rank, start, end) of a rank written right before the name at ``start:end``, unless
    a capitalised word that is no rank comes first ("Surgeon General Regina Benjamin",
    "Attorney General": an office, not a rank)."""
    m = _RANKS_BEFORE.search(text, max(0, start - NAME_LOOK), start)
    if m is None:
        return []
    before = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
    word = before.group(1) if before else ""
    if word[:1].isupper() and word.lower() not in _RANKS and word.lower() not in _RANK_MODIFIERS:
        return []
    last = m.group(1).split()[-1].rstrip(".").lower()
    return [(_RANKS[last], m.start(1), m.start(1) + len(m.group(1).rstrip()))]


def person_discrepancies(entities: Sequence[Entity], articles: Sequence[Article],
                      claims: Sequence[Claim], source_of: dict[str, str],
                      written: dict[str, str] | None = None) -> list[Discrepancy]:
    """One discrepancy per person whom two sources give different ages, then one per person
    they give different ranks, then one per person whose surname they spell two ways
    (:func:`_spelling`), then one per person they say lives in different places
    (:func:`_homes`), each value with the exact words that give it. None when one source
    gives the person two values (two people of one name, or a name misread), nor when the
    later reports' ages are older by no more than the years between them (``written``:
    article id -> working day; a birthday)."""
    by_id = {a.id: a for a in articles}
    people = [e for e in entities if e.type == "PERSON"]
    out = []
    for kind, read in ((DiscrepancyKind.AGE, read_ages), (DiscrepancyKind.RANK, _rank)):
        for e in people:
            said = _said(e, by_id, _on_text(read))
            if not told_apart(said, source_of) or (
                    kind == DiscrepancyKind.AGE and _aged_between(said, written or {})):
                continue
            # labelled by the value itself ("32", "Commander"), whatever the words that
            # give it ("32-year-old", "Cmdr."): those are in its passages
            values = tuple(StatedValue(str(value).capitalize(), str(value), tuple(ps))
                           for value, ps in _most_cited(said))
            out.append(Discrepancy(kind, values, claims_with(values, claims), entity=e.id))
    out += [d for e in people if (d := _spelling(e, by_id, claims, source_of)) is not None]
    return out + [d for e in people if (d := _homes(e, by_id, claims, source_of)) is not None]


def _homes(e: Entity, by_id: dict[str, Article], claims: Sequence[Claim],
           source_of: dict[str, str]) -> Discrepancy | None:
    """The places two sources say the person lives in (:func:`read_home`; relation
    ``places``: one may lie inside the other), each as first written, compared in any case
    ("Troy" / "TROY"); a region (:func:`region`) is left out."""
    said: dict[str, list[Passage]] = {}
    shown: dict[str, str] = {}
    for place, passages in _said(e, by_id, read_home).items():
        if not region(place):
            key = place.casefold()
            shown.setdefault(key, place)
            said.setdefault(key, []).extend(passages)
    if not told_apart(said, source_of):
        return None
    values = tuple(StatedValue(shown[key], key, tuple(ps)) for key, ps in _most_cited(said))
    return Discrepancy(DiscrepancyKind.HOME, values, claims_with(values, claims),
                       relation=DiscrepancyRelation.PLACES, entity=e.id)


def told_apart(said: dict[Any, list[Passage]], source_of: dict[str, str]) -> bool:
    """Two values or more, from two sources or more, and no source giving two."""
    by_source: dict[str, set[object]] = defaultdict(set)
    for value, passages in said.items():
        for p in passages:
            by_source[source_of.get(p.article, p.article)].add(value)
    return len(said) >= 2 and len(by_source) >= 2 \
        and all(len(v) == 1 for v in by_source.values())


def _most_cited(said: dict[Any, list[Passage]]) -> list[tuple[Any, list[Passage]]]:
    return sorted(said.items(), key=lambda kv: -len(kv[1]))


def _spelling(e: Entity, by_id: dict[str, Article], claims: Sequence[Claim],
              source_of: dict[str, str]) -> Discrepancy | None:
    """The person's surname spelt apart by two sources (``values.spelled_apart``; relation
    ``spelling``), each spelling as its first passage writes it; the claims of the rarer
    spellings first, where a reader looks for the odd one."""
    said = _said(e, by_id, _on_text(_surname))
    said = {k: v for k, v in said.items()
            if any(spelled_apart(k, other) for other in said if other != k)}
    if not told_apart(said, source_of):
        return None
    values = tuple(StatedValue(by_id[ps[0].article].text[ps[0].start:ps[0].end], str(value),
                               tuple(ps)) for value, ps in _most_cited(said))
    rare_first = dict.fromkeys(claims_with(values[1:], claims) + claims_with(values[:1], claims))
    return Discrepancy(DiscrepancyKind.NAME, values, tuple(rare_first),
                       relation=DiscrepancyRelation.SPELLING)


# What follows a surname without being part of it ("Anthony LaCalamita III", "Jr.")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _surname(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """(surname, start, end) of the name written at ``start:end``: its last word that is no
    suffix, without a possessive ("LaCalamita's" is LaCalamita); compared in lower case."""
    words = [m for m in _NAME_WORD.finditer(text, start, end)
             if m.group().lower().rstrip(".") not in _SUFFIXES]
    if not words:
        return []
    last = words[-1]
    word = re.sub(r"['’]s?$", "", last.group())
    if len(word) < 2 or not word[:1].isupper():
        return []
    return [(word.lower(), last.start(), last.start() + len(word))]


Reader = Callable[[Article, int, int], list[tuple[Any, int, int]]]


def _on_text(read: Callable[[str, int, int], list[tuple[Any, int, int]]]) -> Reader:
    return lambda article, start, end: read(article.text, start, end)


def _said(e: Entity, by_id: dict[str, Article], read: Reader) -> dict[Any, list[Passage]]:
    """Each value ``read`` finds beside the person's names, with the words that give it."""
    said: dict[Any, list[Passage]] = defaultdict(list)
    for m in e.mentions:
        p = m.passage
        if not m.form[:1].isupper() or p.article not in by_id:
            continue  # "he" says no age
        for value, a, b in read(by_id[p.article], p.start, p.end):
            cited = Passage(p.article, a, b)
            if cited not in said[value]:
                said[value].append(cited)
    return said


def _aged_between(said: dict[Any, list[Passage]], written: dict[str, str]) -> bool:
    """Whether every older age comes only from reports written enough later than every
    report of the younger one to have had the birthdays between them."""
    spans = []
    for age, passages in sorted(said.items()):
        days = [written.get(p.article) for p in passages]
        if any(d is None for d in days):
            return False
        ds = [date.fromisoformat(d) for d in days if d is not None]
        spans.append((age, min(ds), max(ds)))
    for (young, _, last), (old, first, _) in zip(spans, spans[1:], strict=False):
        gap = (first - last).days
        if gap <= 0 or old - young > gap // 365 + 1:
            return False
    return True


def claims_with(values: Sequence[StatedValue], claims: Sequence[Claim]) -> tuple[str, ...]:
    """The claims with a passage holding one of the values' words, in claim order."""
    cited = [p for v in values for p in v.passages]
    return tuple(c.id for c in claims
                 if any(q.article == p.article and q.start <= p.start and p.end <= q.end
                        for q in c.passages for p in cited))
