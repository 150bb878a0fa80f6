"""Speech acts and findings as reported speech: what an accusation, a call, a question or a
description says of its object ("accused the senator of lying"), and what a poll, a study or
records show ("A CNN poll showed Trump ahead by five points"). :mod:`reported` asks them after
the verbs of saying."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cues import Tokens
from .grammar import WH_WORDS, clause_span, finite
from .lexicon import CUE_LEMMAS, reports
from .marks import MARK_TOKENS

if TYPE_CHECKING:
    from spacy.tokens import Token

# Speech acts whose content is an object and what the verb says of it, not a clause: "accused
# the senator of lying", "called on Congress to act", "called for a ban", "asked whether ...",
# "described the plan as a failure". PolNeAR attributes them as it attributes speech.
# Judgements spoken of someone, and what they are for: "mocked Rubio for “having a tough
# night”", "applauded him for defying the establishment" (PolNeAR train, 300 articles:
# content overlap F1 64.6 -> 64.7).
_JUDGING = frozenset("mock applaud slam blast hail fault thank chide scold rebuke lambaste "
                     "ridicule commend congratulate".split())
ACT_LEMMAS = frozenset("accuse criticize criticise blame praise condemn call ask question "
                       "describe refer cite reject dismiss dispute express voice raise echo "
                       "repeat propose".split()) | _JUDGING
# "rejected the notion that ...", "expressed hope that ...", "raised concerns that ...": the
# clause the noun holds is what was said
_SAYING_NOUNS = frozenset("claim claims notion suggestion suggestions idea report reports "
                          "concern concerns fear fears hope hopes doubt doubts possibility "
                          "allegation allegations accusation accusations charge charges "
                          "assertion argument view belief confidence worry worries "
                          "speculation rumor rumors rumour rumours warning warnings "
                          "assurance assurances".split())
# the preposition that carries what the act says of its object, per verb
_ACT_PREPS = {"accuse": ("of",), "criticize": ("for",), "criticise": ("for",),
              "blame": ("for", "on"), "praise": ("for",), "condemn": ("for", "as"),
              "describe": ("as",), "refer": ("as",), "cite": ("as",),
              **{lemma: ("for",) for lemma in _JUDGING}}


def act_content(cue: Token, toks: Tokens) -> tuple[int, int] | None:
    """What a speech act says (see ``ACT_LEMMAS``): from its object to the end of the
    phrase that qualifies it, or the question "asked" or "questioned" puts."""
    kids = [c for c in cue.children if c.i > cue.i]
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in cue.children):
        return None  # "was accused of": the subject is who is accused, not who accuses
    lemma = cue.lemma_.lower()
    if lemma in ("ask", "question") and cue.tag_ == "VBN" \
            and not any(c.dep_ == "aux" for c in cue.children):
        return None  # "Asked by the judge if he understood ...": the one asked is no asker
    clause = next((c for c in kids if c.dep_ == "ccomp"), None)
    if clause is None and lemma in ("ask", "question"):
        # "asked workers if they planned to attend": the parse makes the question an adverb
        # clause
        clause = next((c for c in kids if c.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in ("if", "whether") for m in c.children)), None)
    if lemma in ("ask", "question") and clause is not None:
        if not finite(clause) or reports(clause) and clause.lemma_.lower() in CUE_LEMMAS:
            return None  # "asked X to serve ..., a senior Democrat said": the parse's ccomp
        words = sorted((t for t in clause.subtree if t.i > cue.i), key=lambda t: t.i)
        if words and words[0].lower_ in ("whether", "if"):
            words = words[1:]
        return clause_span(words, toks, clause=False)
    # the object itself: an "oprd" alone is a name the act gives ("call 'Safe Ride'" is to
    # phone it), "called [him] [a liar]" has both
    obj = next((c for c in kids if c.dep_ == "dobj"), None)
    if lemma == "propose":
        # what is proposed: "proposed that ...", "proposed barring all foreign Muslims from
        # ...", "has proposed a 10 percent VAT" (not "proposed to her": no object)
        said = clause or obj or next((c for c in kids if c.dep_ == "xcomp" and c.tag_ == "VBG"),
                                     None)
        if said is None:
            return None
        words = sorted(said.subtree, key=lambda t: t.i)
        if words[0].lower_ == "that":
            words = words[1:]
        return clause_span(words, toks, clause=False)
    if any(c.dep_ == "dobj" and c.lower_ in WH_WORDS for c in cue.children):
        return None  # "what players call 'Safe Ride'": a name, not words said of anything
    if obj is not None and obj.lower_ in _SAYING_NOUNS:
        said = next((c for c in obj.children if c.dep_ in ("acl", "ccomp") and c.i > obj.i
                     and finite(c)), None)
        if said is not None:
            words = sorted(said.subtree, key=lambda t: t.i)
            if words[0].lower_ == "that":
                words = words[1:]
            return clause_span(words, toks)
    # the phrase hangs on the verb or, as the parser often has it, on the object ("accusing
    # [Sanders's followers of sexism]")
    holders = [*kids, *(obj.children if obj is not None else ())]
    preps = [c for c in holders if c.dep_ in ("prep", "oprd", "xcomp")
             and (c.lower_ in _ACT_PREPS.get(lemma, ()) or c.dep_ != "prep")]
    if lemma in ("call", "refer") and obj is None:
        # "called on Congress to act", "called for a ban", "referred to him as ...": the
        # object sits in the preposition
        on = next((c for c in kids if c.dep_ == "prep" and c.lower_ in ("on", "for", "to")),
                  None)
        if on is None or (lemma == "refer" and not preps):
            return None
        words = [t for t in on.subtree if t.i != on.i]
        words += [t for p in preps for t in p.subtree if p.i != on.i]
        return clause_span(sorted(words, key=lambda t: t.i), toks, clause=False)
    if obj is None or not preps:
        return None
    if lemma in _NAMING and all(_in_marks(p) for p in preps):
        return None  # "described it as “some trade deals”": a scare quote (extraction)
    words = [*obj.subtree, *(t for p in preps for t in p.subtree)]
    return clause_span(sorted(words, key=lambda t: t.i), toks, clause=False)


# What a poll, a study, records or footage show without a clause ("A CNN poll showed Trump
# ahead by five points", "the autopsy found bruises on her neck"): the finding is theirs, as
# PolNeAR attributes it (train: content overlap F1 64.2 -> 64.4, speakers unchanged).
FINDING_LEMMAS = frozenset("show find reveal indicate".split())
FINDING_SOURCES = frozenset("""
poll polls survey surveys study studies data record records report reports analysis research
figure figures number numbers result results audit review investigation autopsy test tests
document documents filing filings video videos footage image images photo photos paper papers
email emails e-mail e-mails memo memos
""".split())


def finds(verb: Token) -> bool:
    """A verb of finding (``FINDING_LEMMAS``) whose subject is a source of findings."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in FINDING_LEMMAS:
        return False
    subject = finding_source(verb)
    return subject is not None and subject.lemma_.lower() in FINDING_SOURCES


def finding_source(verb: Token) -> Token | None:
    """The subject of a verb of finding, or the noun its participle describes ("a new poll
    showing Trump's standing with Latinos down to 14 percent")."""
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.i < verb.i:
        return verb.head
    return next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)


def small_finding(verb: Token, clause: Token) -> bool:
    """ "A June poll found Trump receiving 20 percent", "polls show the senator leading": what
    a source of findings finds in a participle with its subject is a finding (a tensed verb
    is not needed); "Firefighters found the man lying on the floor" finds a man, no
    finding."""
    return finds(verb) and clause.tag_ == "VBG" and any(
        c.dep_ == "nsubj" and c.i < clause.i for c in clause.children)


def finding_content(verb: Token, toks: Tokens) -> tuple[int, int] | None:
    """What a source of findings shows: its object and what the clause says of it."""
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is None or obj.lower_ in WH_WORDS:
        return None
    words = [t for c in verb.children if c.i > verb.i and c.dep_ not in ("punct", "cc", "conj")
             for t in c.subtree]
    return clause_span(sorted(words, key=lambda t: t.i), toks, clause=False)


# acts that give their object a name or a label: with the label in marks, a scare quote
_NAMING = frozenset({"describe", "refer", "call", "cite"})


def _in_marks(phrase: Token) -> bool:
    """Whether the words of ``phrase`` (past its preposition: "as “some trade deals”") are
    all inside quote marks."""
    words = [t for t in phrase.subtree if not t.is_punct and not (t.i == phrase.i
                                                                   and t.dep_ == "prep")]
    if not words:
        return False
    doc = phrase.doc
    first, last = words[0].i, words[-1].i
    after = last + 1
    while after < len(doc) and doc[after].text in (",", ".", "!", "?"):
        after += 1  # "“a great thing.”": the stop inside the marks
    return first > 0 and doc[first - 1].text in MARK_TOKENS and after < len(doc) \
        and doc[after].text in MARK_TOKENS
