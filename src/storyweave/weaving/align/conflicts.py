"""The values a claim's passages disagree on, and which passages give each one.

The pair scorer finds conflicts one pair at a time: "from March 20-23" and "from March 20 to
22" differ in one slot, 23 against 22. A claim of five passages holds up to ten such pairs;
here they become one :class:`~storyweave.model.ValueConflict` per slot, listing each value
once with the exact span of every passage that gives it, including passages that were never
in a conflicting pair themselves but agree with one side (a third outlet's "March 20-23").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ...model import ConflictKind, Passage, StatedValue, ValueConflict
from ...nlp.pairfeatures import PairSide, Value
from .grouping import PairJudge
from .units import Unit
from .values import VALUE_PLACE, cumulative, place_similarity, same_value, value_roundings

ALL_PAIRS_UP_TO = 12  # claims this small compare every pair; larger ones each member with
# the representative (a claim of 400 passages would otherwise score 80,000 pairs)

Occurrence = tuple[int, Value]  # (unit index, the value in that unit's side)


def claim_conflicts(group: Sequence[int], representative: int, units: Sequence[Unit],
                    sides: Sequence[PairSide | None], judge: PairJudge,
                    passage_of: Callable[[int, Value], Passage]) -> list[ValueConflict]:
    """Conflicts among the passages of one claim (``group``, unit indices). Passages of one
    source never conflict with each other: an outlet does not disagree with itself in one
    claim (its two passages are one repeated sentence)."""
    members = [g for g in group if sides[g] is not None]
    if len(members) < 2:
        return []
    if len(members) <= ALL_PAIRS_UP_TO:
        pairs = [(x, y) for n, x in enumerate(members) for y in members[n + 1:]]
    else:
        pairs = [(x, representative) for x in members if x != representative]
    parent: dict[Occurrence, Occurrence] = {}

    def find(o: Occurrence) -> Occurrence:
        while parent.setdefault(o, o) != o:
            parent[o] = parent[parent[o]]
            o = parent[o]
        return o

    for x, y in pairs:
        if units[x].article == units[y].article:
            continue
        sx, sy = sides[x], sides[y]
        assert sx is not None and sy is not None
        # values that differ, and figures that agree though written two ways (a rounding)
        for c in [*judge(x, y).conflicts, *value_roundings(sx, sy)]:
            if _other_people(sx, c.a, sy, c.b):
                continue
            parent[find((x, c.a))] = find((y, c.b))
    slots: dict[Occurrence, list[Occurrence]] = {}
    for o in list(parent):
        slots.setdefault(find(o), []).append(o)
    out = []
    for occurrences in slots.values():
        _add_agreeing(occurrences, members, sides)
        occurrences = _one_quantity(occurrences, sides)
        conflict = _conflict(occurrences, members, passage_of)
        if conflict is not None:
            out.append(conflict)
    out.sort(key=lambda c: (c.values[0].passages[0].article, c.values[0].passages[0].start))
    return out


def _one_quantity(occurrences: list[Occurrence],
                  sides: Sequence[PairSide | None]) -> list[Occurrence]:
    """The slot's numbers that count one event. A count summed over several events or over
    time ("31 magazines so far") is another quantity than one event's ("12 magazines"), as
    in ``values.value_conflicts``: a pair of them never conflicts, but a claim can hold
    both kinds, and a passage that gives the total as the day's linked them (ECB+ dev: the
    "31" of five outlets' totals listed against one outlet's "12" of the day, when only the
    outlet that wrote "confiscated 31 magazines ... from the boat" disagrees). Of a slot
    that mixes them, the one event's numbers are kept."""
    if not occurrences or occurrences[0][1].kind != "number":
        return occurrences
    totals = [side is not None and cumulative(side) for side in
              (sides[u] for u, _ in occurrences)]
    if all(totals) or not any(totals):
        return occurrences
    return [o for o, total in zip(occurrences, totals, strict=True) if not total]


# An age written beside a name: "Raj Chohan, 59, had ..." (the name before, a comma or the
# sentence's end after) or "the 23-year-old Vishwanand Subryan" (the name after).
_NAME = r"((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*)"
_NAME_BEFORE = re.compile(_NAME + r",\s*$")
_APPOSITION_END = re.compile(r"\s*(?:[,.;)]|$)")
_YEARS_OLD_NAME = re.compile(r"[\s-]*years?[\s-]*old\s+(?:[a-z]+\s+){0,3}?" + _NAME)


def age_owner(side: PairSide, value: Value) -> str | None:
    """The last word of the name a number is the age of, lower-cased, when the passage
    writes it beside the name; None for any other number."""
    if value.kind != "number":
        return None
    text, start, end = side.text, value.start - side.offset, value.end - side.offset
    after = _YEARS_OLD_NAME.match(text, end)
    if after is None and _APPOSITION_END.match(text, end):
        after = _NAME_BEFORE.search(text, max(0, start - 60), start)
    if after is None:
        return None
    return after.group(1).split()[-1].lower().removesuffix("’s").removesuffix("'s")


def _other_people(a: PairSide | None, v: Value, b: PairSide | None, w: Value) -> bool:
    """Two ages of two people named apart ("Raj Chohan, 59" and "Vishwanand Subryan, 23" in
    passages of one crash): no disagreement. One passage's fact may name both; the ages
    are each person's."""
    if a is None or b is None:
        return False
    x, y = age_owner(a, v), age_owner(b, w)
    return x is not None and y is not None and x != y


def _add_agreeing(occurrences: list[Occurrence], members: list[int],
                  sides: Sequence[PairSide | None]) -> None:
    """Add each member's value that agrees with one already in the slot, in the same place
    of its sentence, when the member has none in the slot yet."""
    present = {u for u, _ in occurrences}
    for m in members:
        if m in present:
            continue
        side = sides[m]
        assert side is not None
        for wi, w in enumerate(side.values):
            if any(_agrees(side, wi, w, u, v, sides) for u, v in list(occurrences)):
                occurrences.append((m, w))
                break


def _agrees(side: PairSide, wi: int, w: Value, u: int, v: Value,
            sides: Sequence[PairSide | None]) -> bool:
    other = sides[u]
    assert other is not None
    if w.kind != v.kind or w.label != v.label or not _alike(w, v):
        return False
    return place_similarity(side, wi, other, other.values.index(v)) >= VALUE_PLACE


def _alike(v: Value, w: Value) -> bool:
    """One stated value: the same value, for a name the same spelling ("Wolfe" and "Wolff"
    are one name to the scorer, two values here), for a number the same figure ("45.4" and
    "45" agree to the precision of "45", and are two values here: a rounding)."""
    if v.kind in ("name", "number"):
        return v.key == w.key
    return same_value(v, w)


def _conflict(occurrences: list[Occurrence], members: list[int],
              passage_of: Callable[[int, Value], Passage]) -> ValueConflict | None:
    """One ValueConflict from a slot's occurrences, values in the claim's member order."""
    order = {m: n for n, m in enumerate(members)}
    occurrences.sort(key=lambda o: (order[o[0]], o[1].start))
    values: list[tuple[Value, list[Passage]]] = []
    for u, v in occurrences:
        for first, passages in values:
            if _alike(first, v):
                passages.append(passage_of(u, v))
                break
        else:
            values.append((v, [passage_of(u, v)]))
    if len(values) < 2:
        return None
    # a Value's kind is a plain str; only number and date values ever conflict (CONFLICT_KINDS)
    return ValueConflict(kind=ConflictKind(values[0][0].kind),
                         values=tuple(StatedValue(v.text, v.key, tuple(ps))
                                      for v, ps in values))
