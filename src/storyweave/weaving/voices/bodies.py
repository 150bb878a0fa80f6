"""Bodies named in several ways: a town's police force ("Bloomington Police Department",
"Bloomington police", "Troy, Mich. police") and a body's acronym ("NYPD", "HCMC", "CHP").
The entity registry (:mod:`.entities`) joins them; :mod:`.names` keys a force by its town.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

# How a town's or county's police force is written: "Bloomington Police Department",
# "Bloomington police", "Troy, Mich. police" (a state after the comma) are one force, keyed
# "bloomington police", with "police" for its base: "police" alone stands for it when the
# story names one force (entities, as "the navy" for a country's), and its acronym with
# "department" ("NYPD" for "New York Police") is it too (:func:`acronyms_of`).
_POLICE_ENDINGS = ("police department", "police dept.", "police dept", "police service",
                   "police force", "police")
POLICE = "police"


def police_key(key: str) -> str | None:
    """A police force's key as one force's ("troy, mich. police" -> "troy police"), or None
    for no force's name, or "police" alone."""
    for ending in _POLICE_ENDINGS:
        if key.endswith(" " + ending):
            place = key[:-len(ending)].split(",")[0].strip()
            return f"{place} {POLICE}" if place else None
    return None


def acronyms_of(key: str) -> set[str]:
    """The acronyms a body's name is written as: its words' initials ("new york police
    department" -> "nypd"), and a force's also with the "department" it leaves out ("new york
    police" -> "nyp", "nypd"); none for one word."""
    words = [w for w in re.split(r"[^\w]+", key) if w and w not in ("of", "and", "the")]
    if len(words) < 2:
        return set()
    initials = "".join(w[0] for w in words)
    return {initials, initials + "d"} if words[-1] == POLICE else {initials}


def acronym_pairs(keys: Iterable[str], written: Iterable[tuple[str, str]]
                  ) -> list[tuple[str, str]]:
    """(acronym, name) for each one-word key written in capitals ("NYPD") that is the
    acronym of exactly one body's name among ``keys`` (``written``: (key, form) pairs)."""
    keys = list(keys)
    by_acronym: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        for a in acronyms_of(key):
            by_acronym[a].add(key)
    capitals = {key for key, form in written
                if 3 <= len(key) <= 6 and key.isalpha() and key.upper() in form.split()}
    return [(key, next(iter(by_acronym[key]))) for key in keys
            if key in capitals and len(by_acronym.get(key, ())) == 1]
