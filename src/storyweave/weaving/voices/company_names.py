"""A company's name spelt two ways by two outlets: "TallGrass Distribution Ltd." in nine
reports of ECB+ dev 18ecb, "Tallgrass Distributors Ltd." in four. The registry keeps them two
bodies (another word is another name), so no claim compares them; here two companies whose
names differ in one word spelt alike are a ``name`` discrepancy with the relation
``spelling``, as a person's surname spelt two ways is (:mod:`.attributes`).

Only companies, known by the legal form some mention writes (``joins.LEGAL_FORMS``): a
company spells its own name, while the names of other bodies and of places are
transliterated and spelt by house style ("al-Qaida" / "al-Qaeda"), which tells a reader
nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ...model import (
    Claim,
    Discrepancy,
    DiscrepancyKind,
    DiscrepancyRelation,
    Entity,
    Mention,
    StatedValue,
)
from ..align.values import word_spelled_apart
from .attributes import claims_with, told_apart
from .joins import without_legal_form


def company_name_discrepancies(entities: Sequence[Entity], claims: Sequence[Claim],
                               source_of: dict[str, str]) -> list[Discrepancy]:
    """One discrepancy per two companies whose names (without their legal form) have as
    many words, differ in one and spell it alike (``values.word_spelled_apart``: as a
    person's surname is compared), each cited by its mentions that write the
    differing word and labelled as most of them write it, its ``key`` the word, when two
    sources write them and no source writes both."""
    companies = [(e, {tuple(_bare(f)) for f in e.aliases}) for e in entities
                 if e.type == "ORG" and any(_bare(m.form) != _words(m.form) for m in e.mentions)]
    out = []
    for n, (a, forms_a) in enumerate(companies):
        for b, forms_b in companies[n + 1:]:
            # any of the names each is written by ("Tall Grass Distribution Limited" is also
            # "TallGrass Distribution Ltd.")
            apart = next((x for fa in sorted(forms_a) for fb in sorted(forms_b)
                          if (x := _word_apart(list(fa), list(fb))) is not None), None)
            if apart is None:
                continue
            writing = {apart[0]: _writing(a, apart[0]), apart[1]: _writing(b, apart[1])}
            said = {w: [m.passage for m in ms] for w, ms in writing.items()}
            if not all(said.values()) or not told_apart(said, source_of):
                continue
            # the commoner spelling first, each as most of its mentions write it
            values = tuple(StatedValue(_most_written(ms), w, tuple(said[w]))
                           for w, ms in sorted(writing.items(), key=lambda x: -len(x[1])))
            out.append(Discrepancy(DiscrepancyKind.NAME, values, claims_with(values, claims),
                                   relation=DiscrepancyRelation.SPELLING))
    return out


def _words(name: str) -> list[str]:
    return name.casefold().replace(",", " ").split()


def _bare(name: str) -> list[str]:
    """The name's words in lower case without the legal form at its end."""
    return without_legal_form(_words(name))


def _word_apart(a: list[str], b: list[str]) -> tuple[str, str] | None:
    """The one word two names of as many words spell differently, alike enough to be one
    word spelt two ways; None otherwise."""
    if len(a) != len(b):
        return None
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if len(differ) != 1:
        return None
    x, y = differ[0]
    return (x, y) if word_spelled_apart(x, y) else None


def _writing(e: Entity, word: str) -> list[Mention]:
    """The entity's mentions that write ``word`` (a bare "TallGrass" says neither)."""
    return [m for m in e.mentions if word in _words(m.form)]


def _most_written(mentions: list[Mention]) -> str:
    return Counter(m.form for m in mentions).most_common(1)[0][0]
