"""The entity registry's records before entities exist (:class:`Item`: a mention; :class:`Keys`:
name keys joined into groups) and the joins of keys that need no article order: spelling
variants, a name with and without its middle name, an acronym and its name, a company's name
with and without its legal form. See
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


def kind_votes(items: list[Item]) -> dict[str, Counter[str]]:
    """name key -> how many of its mentions vote for each type."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for it in items:
        if it.kind:
            votes[item_key(it)][it.kind] += 1
    return votes


def fuzzy_join(keys: Keys, items: list[Item]) -> None:
    """Join spelling variants among the distinct keys, compared only within blocks of keys
    with as many words and the same start of the last word."""
    votes = kind_votes(items)
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


# A company's legal form, which outlets write or leave out, in full or short: "TallGrass
# Distribution Ltd." / "Tall Grass Distribution Limited" / "TallGrass Distribution" (ECB+ dev
# 18ecb made three entities of them). Not "AG" nor "SA", which end other names ("Texas AG").
LEGAL_FORMS = frozenset("ltd limited inc incorporated corp corporation co llc llp plc gmbh"
                        .split())


def without_legal_form(words: list[str]) -> list[str]:
    """A name's words (in lower case) without the legal form at its end (``LEGAL_FORMS``:
    "harlow seed ltd." -> "harlow seed"); a name of one word is kept whole."""
    while len(words) > 1 and words[-1].rstrip(".") in LEGAL_FORMS:
        words = words[:-1]
    return words


def legal_form_join(keys: Keys, items: list[Item]) -> None:
    """Join a body's names that differ only in a legal form at their end (``LEGAL_FORMS``)
    and in blanks ("TallGrass" / "Tall Grass"), when one of them is written with the form: a
    name so written is a company's, and the name without it the same company's. Never a name
    a mention types a person ("Ford" may be a president)."""
    votes = kind_votes(items)
    bare: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for key in keys.ids:
        if majority(votes[key]) != "ORG" or votes[key]["PERSON"]:
            continue
        words = key.replace(",", " ").split()
        name = without_legal_form(words)
        bare["".join(name)].append((key, len(name) < len(words)))
    for names in bare.values():
        if len(names) > 1 and any(formed for _, formed in names):
            for key, _ in names[1:]:
                keys.union(keys.ids[names[0][0]], keys.ids[key])


_SHORT_FORM_TYPES = frozenset({"ORG", "FAC", "LOC"})  # never a GPE: "York" is no "New York"
# A link's end: "washingtonpost.com" is the Washington Post's site
_DOMAIN_END = (".com", ".org", ".net", ".co.uk", ".com.au", ".co.nz", ".ca", ".in")


def short_form_join(keys: Keys, items: list[Item], common: frozenset[str]) -> None:
    """Join a body's name to its longer forms when they are one chain ("Trail Blazers",
    "Portland Trail Blazers"; "Union-Tribune", "San Diego Union-Tribune": ECB+ dev made two
    entities of each), and a site's name to the body it is the site of
    ("washingtonpost.com"). Not when the short form ends two names ("Foundation": the
    MacArthur and the BioLogos Foundation), when the words in front make another body
    (:func:`_names_it`), when it is one word the story writes in lower case too (``common``:
    "House", "Church", "post"), nor for a name a mention types a person. A building or a
    natural place is joined the same way ("Mount Cook National Park", "Aoraki Mount Cook
    National Park": 23ecbplus); a town or a country never ("York" is no "New York")."""
    votes = kind_votes(items)
    # no mention of the name votes for a person: "Kafoury" typed ORG is one of the story's
    # three Kafourys, for the person rules to tell apart
    bodies = [k for k in keys.ids
              if majority(votes[k]) in _SHORT_FORM_TYPES and not votes[k]["PERSON"]]
    squeezed = defaultdict(list)  # name without its blanks -> keys
    ending = defaultdict(list)  # last word -> the names of two words or more ending in it
    for key in bodies:
        squeezed["".join(key.split())].append(key)
        if " " in key:
            ending[key.split()[-1]].append(key)
    for key in bodies:
        words = key.split()
        if key.endswith(_DOMAIN_END):
            site = key.removeprefix("www.").split(".")[0]
            named = [k for k in squeezed.get(site, []) if k != key]
            if len(named) == 1:
                keys.union(keys.ids[key], keys.ids[named[0]])
            continue
        if len(words) == 1 and words[0] in common:
            continue
        longer = sorted((k for k in ending.get(words[-1], []) if len(k.split()) > len(words)
                         and k.split()[-len(words):] == words
                         and _names_it(k.split()[:-len(words)], common)),
                        key=lambda k: len(k.split()))
        # one chain: each longer form ends the longest one
        if longer and all(longer[-1].split()[-len(k.split()):] == k.split() for k in longer):
            for k in longer:
                keys.union(keys.ids[key], keys.ids[k])


_LINKS = frozenset("of the at for and in on to from by with".split())


def _names_it(front: list[str], common: frozenset[str]) -> bool:
    """Whether the words in front of a short form make a longer name of the same body
    ("Portland Trail", "San Diego", "U.N."), not another body the short form belongs to ("the
    Medical Association of the | State of Alabama", "Eastern Conference's | Atlantic
    Division") or a description ("Broadcaster | NBC", a word the story writes in lower case)."""
    return (front[-1] not in _LINKS and not front[-1].endswith(("'s", "’s"))
            and not all(w in common for w in front))
