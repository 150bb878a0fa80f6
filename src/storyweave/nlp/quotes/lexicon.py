"""The words of attribution: which verbs report words, with or without quote marks, and
which words never name who speaks (read by :mod:`cues`, :mod:`reported`, :mod:`acts` and
:mod:`extraction`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

# Reporting verbs that attribute a quote in marks next to them.
CUE_LEMMAS = frozenset("""
say tell add state announce declare claim insist warn note explain argue write report confirm
deny acknowledge reiterate stress emphasize emphasise tweet post assert suggest describe call
urge continue read ask reply respond recall contend maintain admit complain promise vow
predict caution quip joke conclude remark observe comment concede allege boast charge demand
pledge testify recount lament wonder agree disagree counter retort reveal estimate answer
scoff interject recommend remember
""".split())
# Verbs of voice: a cue only as the finite verb of its clause ("the lifeguard shouted"); in
# "heard co-workers yelling" the voice is no attribution.
VOICE_CUES = frozenset("exclaim shout yell scream whisper mutter muse sigh chant snap boom".split())
# Verbs that report a quote with "back": "Trump shot back", "the campaign fired back".
BACK_CUES = frozenset("shoot fire hit write snap".split())
# Verbs that report a quote with "out": "Bozell points out", "the senator lashed out".
OUT_CUES = frozenset("point lash speak".split())
# Tokens after a closing mark searched for its cue: a long apposition ("..., Fred Kagan,
# director of the Critical Threats Project at the American Enterprise Institute, said")
# puts it far from the mark; the search stops at the sentence's end anyway.
CUE_AFTER = 40
# What someone puts out in their own words: "she released a statement saying ...", "Trump
# released an ad calling it ...", "held up a sign saying ...": whoever put it out speaks.
OWN_WORDS = frozenset("""
statement ad advertisement message letter email e-mail memo tweet post video release sign
banner placard note
""".split())
# Reporting verbs whose clause complement is reported speech when there are no marks.
# Narrower: "called for talks" or "read the report" report nothing. Verbs of belief count
# ("officials believe that ..."): news attributes opinions as it attributes speech.
REPORT_LEMMAS = frozenset("""
say tell add state announce declare claim insist warn note explain argue write report confirm
deny acknowledge reiterate stress emphasize emphasise tweet assert suggest recall contend
maintain admit complain promise vow predict caution conclude concede allege boast charge
testify reveal estimate believe think learn feel hope fear expect worry know agree show find
indicate realize realise doubt assume recognize recognise hear speculate pledge threaten urge
mention respond reply point
""".split())
# Verbs whose infinitive complement is what is reported: "vowed to fight", "urged X to stay".
TO_LEMMAS = frozenset("vow promise pledge threaten urge ask demand tell".split())
IRREGULAR = {"say": ("said",), "tell": ("told",), "write": ("wrote", "written"),
              "think": ("thought",), "feel": ("felt",), "know": ("knew", "known"),
              "find": ("found",), "hear": ("heard",), "show": ("shown",), "read": ("read",),
              "learn": ("learnt",), "refer": ("referred", "referring")}


def reports(tok: Token) -> bool:
    """Whether ``tok`` is a reporting verb (``REPORT_LEMMAS``), by its lemma or its form:
    en_core_web_sm lemmatises "hopes" as "hop"."""
    return tok.pos_ in ("VERB", "AUX") and (tok.lemma_.lower() in REPORT_LEMMAS
                                            or tok.lower_ in REPORT_FORMS)


def verb_forms(lemma: str) -> set[str]:
    """The inflected forms of a regular English verb, and the irregular ones listed."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing", lemma + "d"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return forms | set(IRREGULAR.get(lemma, ()))


REPORT_FORMS = frozenset(f for lemma in REPORT_LEMMAS for f in verb_forms(lemma))

NON_SPEAKERS = frozenset({"it", "that", "which", "who", "this", "there", "what"})
