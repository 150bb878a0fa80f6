"""The entity registry's records before entities exist (:class:`Item`: a mention; :class:`Keys`:
name keys joined into groups) and the joins of keys that need no article order: spelling
variants, a name with and without its middle name, an acronym and its name. See
:mod:`.entities` and docs/entities.md.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..align.values import spelled_apart
from .bodies import acronym_pairs
from .names import Name, Role, one_person_forms, similar_names

TYPE_ORDER = ("PERSON", "ORG", "GPE", "LOC", "FAC")


@dataclass(slots=True)
class Item:
    """One mention before it has an entity."""

    article: int
    start: int
    end: int
    written: str
    name: Name | None  # None: a pronoun or role noun resolved through its antecedent
    kind: str | None  # the type this mention votes for
    roles: list[Role] = field(default_factory=list)
    alias: bool = True  # its form is a name of the entity ("he" is not)
    titled: bool = False  # written with a common noun in front (names.persons_behind)
    root: int = -1


class Keys:
    """Distinct name keys joined into groups (union-find)."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.parent: list[int] = []

    def id(self, key: str) -> int:
        if key not in self.ids:
            self.ids[key] = len(self.parent)
            self.parent.append(len(self.parent))
        return self.ids[key]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def item_key(item: Item) -> str:
    return item.name.key if item.name is not None else ""


def majority(votes: Counter[str]) -> str | None:
    if not votes:
        return None
    return max(votes, key=lambda t: (votes[t], -TYPE_ORDER.index(t)
                                     if t in TYPE_ORDER else -len(TYPE_ORDER)))


def fuzzy_join(keys: Keys, items: list[Item]) -> None:
    """Join spelling variants among the distinct keys, compared only within blocks of keys
    with as many words and the same start of the last word."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for it in items:
        if it.kind:
            votes[item_key(it)][it.kind] += 1
    blocks: dict[tuple[int, str], list[str]] = defaultdict(list)
    for key in keys.ids:
        words = key.split()
        if majority(votes[key]) != "GPE" and words:
            blocks[len(words), words[-1][:3]].append(key)
            if len(words) > 1 and majority(votes[key]) == "PERSON":
                # a surname spelt two ways may differ from its first letter ("Anthony
                # LaCalamita" / "Anthony Calamita", ECB+ dev): people's full names are also
                # compared among those of one first name
                blocks[len(words), "\x00" + words[0]].append(key)
    for block in blocks.values():
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                # a person's surname spelt two ways by two outlets ("Ilene Wolfe" / "Ilene
                # Wolff"): the rule the alignment reports it by, so the voices agree; full
                # names only ("Charlie" and "Charlene" are brother and sister)
                if similar_names(a, b) or (" " in a and majority(votes[a]) == "PERSON"
                                           == majority(votes[b]) and spelled_apart(a, b)):
                    keys.union(keys.ids[a], keys.ids[b])


def middle_join(keys: Keys, items: list[Item]) -> None:
    """Join a person's name written with and without a middle name, initial or suffix
    ("Robert J. Pickell" / "Robert Pickell": one sheriff quoted by three outlets on ECB+
    dev; "Anthony Phillip LaSalle" / "Anthony LaSalle"), unless the story writes two that
    differ (``names.one_person_forms``: "George H. W. Bush" and "George W. Bush")."""
    for forms in one_person_forms(item_key(it) for it in items if it.kind == "PERSON"):
        for other in forms[1:]:
            keys.union(keys.ids[forms[0]], keys.ids[other])


def acronym_join(keys: Keys, items: list[Item]) -> None:
    """Join a body's acronym written in capitals to the one name whose initials it is
    ("NYPD" / "New York Police": ``bodies.acronym_pairs``)."""
    for short, full in acronym_pairs(keys.ids, ((item_key(it), it.written) for it in items)):
        keys.union(keys.ids[short], keys.ids[full])
