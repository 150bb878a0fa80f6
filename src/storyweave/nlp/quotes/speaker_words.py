"""The words that name a quote's speaker in the parse: the cue's subject with what belongs
to its name (titles, roles, name words the parse cut off) and without what does not
(appositions, clauses, prepositional tails, a dateline), and the role those words give.
:mod:`speakers` resolves them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...spanattrs import entity_attrs
from ..wordlists import PERSON_TITLES

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ...model import Span

__all__ = ["EDGE", "HONORIFIC", "ORG_NOUNS", "PERSON_NOUNS", "PLACES", "ROLE_NOUNS",
           "appos_role", "described_people", "role_text", "speaker_tokens", "strip_det",
           "strip_edges", "titled_name"]

# Honorifics are not roles: "Brig. Gen. Patrick Ryder" is Patrick Ryder, and a role that is
# only a rank says nothing the name does not.
HONORIFIC = re.compile(r"^(?:" + "|".join(sorted(PERSON_TITLES)) + r")\.?$", re.IGNORECASE)

EDGE = " \t,;:\"“”'‘’()—–-"  # what a name or role is stripped of at its ends

# Dependents that hang off a speaker's head noun but are not part of how it is named.
# Not part of a name: appositions, clauses (a quote the parse hung on the speaker:
# "“That’s a concern,” Sarandon told"), punctuation, prepositional tails.
_NOT_NAME = frozenset({"appos", "relcl", "acl", "punct", "advcl", "ccomp", "xcomp", "csubj",
                       "parataxis", "cc", "prep"})


# Bodies that speak of a person or thing in a reduced relative clause ("the man police say
# is behind the crash"), and the nouns such a clause is about: the parse reads "the man
# police" as one noun phrase.
_BODIES = frozenset("police authorities officials investigators prosecutors officers "
                    "detectives deputies witnesses sources".split())
_TOLD_OF = frozenset("man woman boy girl person people suspect driver gunman car vehicle truck "
                     "gun weapon shotgun rifle receipts receipt note letter video footage house "
                     "home body victim".split())


def speaker_tokens(head: Token) -> list[Token]:
    """The words naming the speaker whose head word is ``head``: its subtree without
    appositions, clauses and prepositional tails, widened leftwards over name words the parse
    cut off ("Pentagon spokesman Brig. | Gen. Patrick Ryder")."""
    if head.lower_ in _BODIES and any(c.dep_ == "compound" and c.lower_ in _TOLD_OF
                                      for c in head.children):
        return [head]  # "The man police say ...": police speak, of the man
    keep = {head.i}
    for child in head.children:
        if child.dep_ in _NOT_NAME and not (child.dep_ == "prep" and child.lower_ in ("of",
                                                                                       "from")):
            continue
        keep.update(t.i for t in child.subtree)
    lo, hi = min(keep), max(keep)
    doc = head.doc
    if head.pos_ == "PROPN" or head.ent_type_:
        above = {t.i for t in head.ancestors}
        while lo > 0 and lo - 1 not in above:
            prev = doc[lo - 1]
            if prev.dep_ in ("dobj", "nsubj", "pobj", "ROOT"):
                break  # "a charge Beijing denies": "charge" has a role of its own
            # "Brig." split as "Brig" + ".": the dot sticks to the word before it.
            glued = prev.text == "." and lo - 2 >= 0 and doc[lo - 2].whitespace_ == "" \
                and HONORIFIC.match(doc[lo - 2].text) is not None
            if prev.pos_ in ("PROPN", "NOUN", "ADJ") and not prev.is_punct or glued:
                if prev.lower_ in ("said", "says", "told"):
                    break
                lo -= 1
            else:
                break
    tokens = [doc[i] for i in range(lo, hi + 1)]
    # A dateline ("WASHINGTON — Sen. Bernie Sanders") or a parenthesis ("Sanders (I-Vt.)")
    # is no part of the name.
    dash = [k for k, t in enumerate(tokens) if t.text in ("—", "–", "--") and t.i < head.i]
    if dash:
        tokens = tokens[dash[-1] + 1:]
    paren = [k for k, t in enumerate(tokens) if t.text == "(" and t.i > head.i]
    if paren:
        tokens = tokens[:paren[0]]
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    return _with_name_after_title(tokens) if tokens else [head]


def _with_name_after_title(tokens: list[Token]) -> list[Token]:
    """A speaker that ends on a title the parser cut from its name ("said Bloomington Police
    Sgt. | Marty Earley.": the parse makes "Sgt" the subject and the name a sentence of its
    own) takes the name back: the capitalised words right after the title's dot."""
    last = tokens[-1]
    doc = last.doc
    if HONORIFIC.match(last.text) is None or last.i + 2 >= len(doc) \
            or doc[last.i + 1].text != ".":
        return tokens
    k = last.i + 2
    while k < len(doc) and doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper():
        k += 1
    return tokens + [doc[i] for i in range(last.i + 1, k)] if k > last.i + 2 else tokens


# Forms of address right before a name, after a role ("... officer Sister Carol Keehan")
_ADDRESS = frozenset({"Sister", "Brother", "Father", "Mother"})
# Words that make a rank of the honorific after them ("Vice Adm.", "Rear Adm.", "Staff Sgt."):
# they go with it, or a role would end on "Vice" ("U.S. Navy Vice", ECB+ dev 12ecb).
_RANK_PREFIXES = frozenset("vice rear brigadier lieutenant major staff master petty lance "
                           "first".split())


def role_text(before: str) -> str | None:
    words: list[str] = []
    for w in before.split():
        if HONORIFIC.match(w.strip(EDGE)):
            if words and words[-1].lower() in _RANK_PREFIXES:
                words.pop()
            continue
        words.append(w)
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    if len(words) > 1 and words[-1] in _ADDRESS:
        words = words[:-1]  # "chief executive officer Sister (Carol Keehan)": her address
    role = strip_edges(" ".join(words))
    return role or None


def appos_role(head: Token) -> str | None:
    """ "Yuri Ushakov, the Russian president's adviser": the apposition as the role."""
    kids = [c for c in head.children if c.dep_ == "appos"]
    for k, child in enumerate(kids):
        if child.pos_ in ("NOUN", "PROPN") and child.ent_type_ != "PERSON":
            first, last = child.left_edge, child.right_edge
            for more in kids[k + 1:]:
                # "a co-producer of the telecast": the parse makes "co", "-" and "producer"
                # three appositions; the word goes on while nothing spaces them
                if last.whitespace_ or more.left_edge.i != last.i + 1:
                    break
                last = more.right_edge
            return strip_det(head.doc.text[first.idx:last.idx + len(last.text)]) or None
    return None


def strip_det(text: str) -> str:
    text = strip_edges(text)
    return re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)


_EDGE_BUT_CLOSING = EDGE.replace(")", "")


def strip_edges(text: str) -> str:
    """``text`` stripped of ``EDGE`` at its ends, but a bracket it opens stays closed:
    "director of Mothers Against Drunk Driving (MADD)" keeps its ")" (ECB+ dev), and an
    opening bracket left without its words ("... Driving (") goes."""
    text = text.lstrip(EDGE).rstrip(_EDGE_BUT_CLOSING)
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip(_EDGE_BUT_CLOSING)
    if text.count("(") > text.count(")"):
        text = text[:text.rindex("(")].rstrip(_EDGE_BUT_CLOSING)
    return text


# Ranks written out before a name ("Police Constable Tim Fanning"); their abbreviations are
# the titles of nlp.wordlists, the offices the caller's.
_RANKS = PERSON_TITLES | frozenset("""
police constable sergeant detective inspector corporal trooper lieutenant captain sheriff
agent superintendent marshal ranger patrolman
""".split())


def titled_name(written: str, start: int, offices: frozenset[str]) -> tuple[int, int, str] | None:
    """(start, end, name) of a name that title-case ranks or ``offices`` lead ("Police
    Constable Tim Fanning" -> "Tim Fanning"), for speaker words NER tagged nothing in: every
    word before the name a rank or office, the name its last two words (or three),
    capitalised, none a rank or office."""
    ranks_or_offices = _RANKS | offices
    words = written.split()
    for n in (2, 3):
        ranks, name = words[:-n], words[-n:]
        if ranks and len(name) == n \
                and all(w[:1].isupper() and w.rstrip(".").lower() in ranks_or_offices
                        for w in ranks) \
                and all(w[:1].isupper() and w[1:].islower()
                        and w.lower() not in ranks_or_offices for w in name):
            at = start + written.rindex(" ".join(name))
            return at, at + len(" ".join(name)), " ".join(name)
    return None


# Nouns of people and of bodies, as a speaker's head word.
PERSON_NOUNS = frozenset("""
spokesman spokeswoman spokesperson official officials adviser advisor advisers advisors
minister president secretary ambassador diplomat leader chief director senator source sources
analyst analysts expert experts aide aides envoy chairman chairwoman chair governor mayor
premier counterpart candidate nominee representative lawmaker lawmakers congressman
congresswoman prosecutor lawyer attorney officer commander manager executive founder
professor economist researcher strategist pollster negotiator deputy head general admiral
campaigner activist witness resident residents people person man woman men women
""".split())
# A person a story names by what they are, not who ("The victim, a 34-year-old nurse, ...
# 'I never saw it coming,' she said"): such a subject is an antecedent of "he" or "she".
ROLE_NOUNS = PERSON_NOUNS | frozenset("""
victim driver passenger nurse doctor teacher student owner neighbour neighbor survivor
suspect gunman shooter friend employee worker customer climber pilot soldier guard
firefighter mother father wife husband son daughter sister brother boy girl teenager
""".split())
ORG_NOUNS = frozenset("""
ministry statement government office department agency administration embassy council
committee commission campaign party company firm court report survey poll study newspaper
network military army police parliament cabinet presidency authorities governments
ministries agencies navy
""".split())
PLACES = frozenset({"GPE", "LOC", "NORP"})  # a place's name may modify a body's


def described_people(tokens: list[Token], head: Token, head_at: int,
                      ents: list[Span]) -> bool:
    """People a name describes, not what it names: a plural noun after it ("Bloomington
    officers said", "Clinton supporters said": the officers and the supporters speak), or
    one of a group ("a senior Democrat said"). ECB+ dev: both were quotes of "Bloomington"
    and of "Democrat"."""
    inside = [e for e in ents if e.start <= head_at < e.end]
    if not inside:
        # the subject of the cue, or after "according to": not the noun the parse made of
        # the verb before a colon ("The NFL's substance-abuse policy states:")
        return bool(ents) and head.tag_ == "NNS" and head.dep_ in _SPEAKING \
            and head.lemma_.lower() not in _NOT_PEOPLE
    return entity_attrs(inside[0]).get("type") == "NORP" and head.tag_ in ("NN", "NNP") \
        and tokens[0].lower_ in ("a", "an", "one", "another", "the")


_SPEAKING = frozenset({"nsubj", "nsubjpass", "pobj", "agent"})
# Plural nouns of what is written, not of who writes it: "Russian media reports said"
_WRITINGS = frozenset("report document record filing figure statistic datum poll survey "
                      "medium account".split())
_NOT_PEOPLE = ORG_NOUNS | _WRITINGS
