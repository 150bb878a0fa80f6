"""The colour two outlets give one thing in passages of one claim: "she was hit by a silver
Toyota Camry" / "struck by a gray 2013 Toyota Camry". A witness's description of a car or a
coat is what a reader of a hit-and-run or a robbery checks first, and the typed values the
pair scorer compares (numbers, dates, names) hold no colour.

A colour is one of a closed list of colour words, in lower case ("the White House", "Red
Cross" and "Black Friday" are names); "dark" or "light" before it is no other colour ("dark
blue" agrees with "blue"), and "grey" is "gray". What it is the colour of is read in the
words that follow it (up to four, to the end of the phrase): two passages describe one thing
when those words share a noun ("silver Toyota Camry" / "2013 gray Camry"), a car named by
any of a car's nouns ("grey car" / "silver sedan"). Never a person: "a black man" and "a
white man" describe people, which a list of colours must not judge. A passage that gives one
thing two colours ("a black and white car", two cars) says nothing here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ...model import ConflictKind, Passage, StatedValue, ValueConflict
from ...nlp.wordlists import COLOURS
from .units import Unit

_VEHICLES = frozenset("""car cars vehicle vehicles sedan sedans auto automobile suv suvs truck
trucks van vans pickup minivan hatchback coupe jeep""".split())
# what a colour of a person describes: never compared
_PEOPLE = frozenset("""man men woman women male males female females person people boy boys
girl girls suspect suspects driver victim youth teen teenager""".split())
_SHADES = frozenset({"dark", "light", "pale", "bright", "metallic"})
_WORD = re.compile(r"[A-Za-z][\w'’-]*|\d[\d,.]*|[^\w\s]")
_COLOUR = re.compile(r"(?<![\w-])(" + "|".join(COLOURS) + r")(?![\w-])")
_OBJECT_WORDS = 4
_TWO_TONE = re.compile(r"(?<![\w-])(?:" + "|".join(COLOURS) + r")[ \t]*(?:and|&|-)[ \t]*$")
# words that end what a colour describes ("a red car and ...", "a grey van that ..."), and
# words passed over inside it
_PHRASE_ENDS = frozenset({"and", "or", "who", "which", "that", "was", "is"})
_NOT_OBJECT = frozenset({"a", "an", "the", "with", "of", "in", "on", "colored", "coloured"})


def _described(text: str, end: int) -> frozenset[str]:
    """The words a colour ending at ``end`` describes: up to four, to the first mark or
    joining word; a car's nouns as "vehicle"."""
    out = set()
    for m in _WORD.finditer(text, end):
        w = m.group().lower()
        if not w[0].isalnum() or w in _PHRASE_ENDS:
            break
        if w[0].isdigit() or w in _NOT_OBJECT or w in COLOURS or w in _SHADES:
            continue
        out.add("vehicle" if w in _VEHICLES else w.removesuffix("’s").removesuffix("'s"))
        if len(out) >= _OBJECT_WORDS:
            break
    return frozenset(out)


def colours_in(text: str) -> list[tuple[str, int, int, frozenset[str]]]:
    """(colour, start, end, what it describes) of each colour word of ``text``; the span
    takes a shade before it ("dark blue")."""
    found = []
    for m in _COLOUR.finditer(text):
        start = m.start()
        if _TWO_TONE.search(text, max(0, start - 20), start):
            continue  # "black and white": two colours of one thing
        before = re.search(r"(\w+)[ \t-]+$", text[max(0, start - 12):start])
        if before and before.group(1).lower() in _SHADES:
            start -= len(before.group(0))
        found.append((COLOURS[m.group(1)], start, m.end(), _described(text, m.end())))
    return [f for f in found if f[3] and not f[3] & _PEOPLE]


def colour_conflicts(members: Sequence[int], units: Sequence[Unit],
                     source_of_unit: Callable[[int], str],
                     passage_of: Callable[[int, int, int], Passage]) -> list[ValueConflict]:
    """The colour conflicts among a claim's passages (``members``, unit indices): one per
    thing two sources give two colours, each colour with the words of every passage that
    gives it; a source's passages never conflict with each other. ``passage_of(unit, start,
    end)``: the citation of characters ``start:end`` of the unit's text."""
    # per member: its colours, one per thing (a thing it gives two colours is dropped)
    said: list[tuple[int, str, int, int, frozenset[str]]] = []
    for u in members:
        found = colours_in(units[u].text)
        for i, (colour, a, b, what) in enumerate(found):
            if not any(j != i and f[3] & what and f[0] != colour for j, f in enumerate(found)):
                said.append((u, colour, a, b, what))
    out: list[ValueConflict] = []
    used: set[int] = set()
    for n, (_, _, _, _, what) in enumerate(said):
        if n in used:
            continue
        slot = [k for k, s in enumerate(said) if k not in used and s[4] & what]
        used.update(slot)
        if len({said[k][1] for k in slot}) < 2:
            continue
        by_source: dict[str, set[str]] = {}
        for k in slot:
            by_source.setdefault(source_of_unit(said[k][0]), set()).add(said[k][1])
        if any(len(v) > 1 for v in by_source.values()):
            continue  # one outlet gives the thing two colours: two things, or a misreading
        values: dict[str, tuple[str, list[Passage]]] = {}
        for k in slot:
            u2, c2, a2, b2, _ = said[k]
            text = units[u2].text[a2:b2]
            values.setdefault(c2, (text, []))[1].append(passage_of(u2, a2, b2))
        out.append(ValueConflict(ConflictKind.COLOUR, tuple(
            StatedValue(text, key, tuple(ps)) for key, (text, ps) in values.items())))
    return out
