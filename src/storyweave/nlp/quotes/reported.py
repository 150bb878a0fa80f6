"""Reported speech: what a reporting verb's clause says when no quote marks hold it ("X said
(that) ...", "according to X", "..., Ushakov told TASS.", "The bigger risk, he said, is
..."), read off the dependency parse; :mod:`extraction` calls :func:`reported_quotes` after
the quotes in marks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..statements import ATTRIBUTION_WORDS
from .acts import (
    ACT_LEMMAS,
    act_content,
    finding_content,
    finding_source,
    finds,
    small_finding,
)
from .cues import (
    FoundQuote,
    Tokens,
    found_quote,
    next_token,
    speaker_head,
    untagged_name,
)
from .grammar import FINITE_TAGS, WH_WORDS, clause_span, finite
from .lexicon import CUE_LEMMAS, TO_LEMMAS, reports
from .marks import MARK_TOKENS, Disjoint

if TYPE_CHECKING:
    from spacy.tokens import Token

def reported_quotes(text: str, toks: Tokens, marked: list[FoundQuote],
                    surnames: frozenset[str] = frozenset()) -> list[FoundQuote]:
    used = {id(q.cue_token) for q in marked if q.cue_token is not None}
    taken = Disjoint([(q.start, q.end) for q in marked])
    found: list[FoundQuote] = []
    # speech first, speech acts after: "Obama has asked Gupta to serve ..., CNN reported" is
    # what CNN reported, the request inside it
    for acts in (False, True):
        for tok in toks.tokens:
            if id(tok) in used or taken.strictly_inside(toks.start(tok)):
                continue
            q = _reported(tok, toks, acts, surnames)
            if q is None or taken.overlaps(q.start, q.end):
                continue
            found.append(q)
            taken.add(q.start, q.end)
    return found


def _reported(tok: Token, toks: Tokens, acts: bool,
              surnames: frozenset[str] = frozenset()) -> FoundQuote | None:
    """The reported quote whose cue is ``tok``: a reporting verb or "according to" (``acts``
    false), or a speech act (``acts`` true)."""
    is_according = not acts and tok.lower_ == "according" and any(c.lower_ == "to"
                                                                  for c in tok.children)
    finding = acts and finds(tok)
    if acts:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in ACT_LEMMAS and not finding:
            return None
        if _unreal(tok):
            return None
    elif not is_according and not reports(tok):
        return None
    if _unsaid(tok):
        return None  # "have not said what ...", "declined to say how much ...": no content
    head = _outer_speaker(tok) or speaker_head(tok) or untagged_name(tok, surnames)
    if finding:
        aside, content = None, finding_content(tok, toks)
        head = head or finding_source(tok)
    elif acts:
        aside, content = None, act_content(tok, toks)
    else:
        aside = None if is_according else _aside_content(tok, head, toks)
        content = aside or reported_content(tok, toks)
    if content is None:
        return None
    if not is_according and aside is None and (
            head is None or content[0] <= toks.start(head) < content[1]):
        return None  # nobody speaks, or the "speaker" is inside the reported clause
    q = found_quote(content[0], content[1], "reported", tok, toks)
    q.speaker = head
    q.aside = aside is not None
    return q


_CONTRAST = frozenset({"while", "whereas", "whilst"})
_CONCESSIVE = frozenset({"though", "although"})
# "declined to say", "refused to comment on whether": the verb reports that nothing was said
_WITHHOLD = frozenset({"decline", "refuse", "fail"})


_UNREAL_MODALS = frozenset({"should", "could", "might", "must"})


def _unreal(act: Token) -> bool:
    """An act that did not happen: wished or supposed ("Clinton should have congratulated
    me", "could have praised them") or a condition contrary to fact ("had Clinton
    congratulated him"): nobody made it, so it says nothing."""
    subject = next((c for c in act.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return any(c.dep_ == "aux" and (c.lower_ in _UNREAL_MODALS or c.lower_ == "had"
                                    and subject is not None and c.i < subject.i)
               for c in act.children)


def _unsaid(cue: Token) -> bool:
    """A reporting verb that says something was *not* said: negated ("did not say",
    "have not said") or withheld ("declined to say"). What follows it is no one's words."""
    if any(c.dep_ == "neg" for c in cue.children):
        return True
    while cue.dep_ == "conj" and cue.head.i != cue.i:
        cue = cue.head  # "refused to condemn the invasion or even refer to it as such"
    head = cue.head
    return cue.dep_ == "xcomp" and head.i != cue.i and head.lemma_.lower() in _WITHHOLD




def _echo(head: Token) -> bool:
    """A clause that only points at words said elsewhere ("you know what they say", "ask
    him what he told the police"): a wh-word and a reporting verb, no content of its own."""
    first = min(head.subtree, key=lambda t: t.i)
    # a verb of saying only: "asked Sanders how he is feeling" asks something
    return first.lower_ in WH_WORDS and head.lemma_.lower() in CUE_LEMMAS


def reported_content(cue: Token, toks: Tokens) -> tuple[int, int] | None:
    """The clause ``cue`` reports: its clausal complement ("said (that) ..."), the clause
    it follows ("..., Ushakov told TASS."), or, for "according to", the rest of its
    sentence."""
    sent = cue.sent
    if cue.lower_ == "according":
        phrase = sorted(cue.subtree, key=lambda t: t.i)
        left = [t for t in sent if t.i < phrase[0].i]
        right = [t for t in sent if t.i > phrase[-1].i]
        return clause_span(left if len(left) >= len(right) else right, toks)
    subj = speaker_head(cue)
    for child in cue.children:
        if child.dep_ == "ccomp" and child.i > cue.i:
            if not (finite(child) or small_finding(cue, child)) or _echo(child):
                return None
            # a relative pronoun fronted before the verb is not said: "a rule, which critics
            # said was discriminatory": the critics said "(it) was discriminatory"
            words = sorted((t for t in child.subtree if t.i > cue.i), key=lambda t: t.i)
            if words and words[0].dep_ == "mark" and words[0].lower_ in ("that", "whether",
                                                                          "if"):
                words = words[1:]
            words = _before_second_act(_before_attribution(_before_contrast(words)), toks)
            words = _before_own_conjunct(cue, child, words)
            return clause_span(_inside_aside(cue, words), toks)
    if cue.lemma_.lower() in TO_LEMMAS:
        for child in cue.children:
            if child.dep_ == "xcomp" and child.i > cue.i:
                return clause_span(sorted(child.subtree, key=lambda t: t.i), toks)
    for child in cue.children:
        # "economists say taxing consumption encourages savings": the parse makes the
        # clause's gerund subject the verb's complement and its verb a clause under it
        if child.dep_ == "xcomp" and child.i == cue.i + 1 and child.tag_ == "VBG" and any(
                c.dep_ == "ccomp" and c.i > child.i and finite(c) for c in child.children):
            return clause_span(sorted(child.subtree, key=lambda t: t.i), toks)
    if cue.dep_ == "relcl":
        for child in cue.children:
            # "troops' drawdown, which they say left a vacuum": the parse makes what was
            # said ("left a vacuum") a complement of the verb; its verb is tensed
            if child.dep_ == "xcomp" and child.i == cue.i + 1 and child.tag_ in FINITE_TAGS:
                return clause_span(sorted(child.subtree, key=lambda t: t.i), toks)
    leading = _as_reported(cue, subj, toks)
    if leading is not None:
        return leading
    stated = _stated_object(cue, toks)
    if stated is not None:
        return stated
    if cue.lemma_.lower() in _TELLING:
        told = _that_clause_on_noun(cue, toks)  # "warning followers on social media that ..."
        if told is not None:
            return told
    if cue.dep_ in ("relcl", "acl", "amod") or any(
            c.dep_ == "dobj" for c in cue.children) and cue.lemma_.lower() != "tell":
        return None  # "..., a charge Beijing denies.": the clause is not what it denies
    # The attribution trails its clause: "Moscow values ..., Ushakov told TASS."
    limit = min(t.i for t in (subj, cue) if t is not None)
    if subj is not None:
        limit = min(limit, min(t.i for t in subj.subtree))
    for child in cue.children:
        if child.dep_ in ("ccomp", "advcl", "parataxis", "conj") and child.i < limit \
                and finite(child):
            words = sorted((t for t in child.subtree if t.i < limit), key=lambda t: t.i)
            if words and words[0].i == sent.start and _comma_between(words[-1], limit):
                return clause_span(words, toks)
    # "..., said the company's spokesman.": the parse makes the inverted cue a conjunct of
    # the clause it reports, which a verb after its subject never is
    inverted = cue.dep_ == "conj" and subj is not None and subj.i > cue.i \
        and cue.i > 0 and cue.doc[cue.i - 1].text == ","
    if (cue.dep_ in ("parataxis", "ccomp", "advcl") or inverted or _trailing_conj(cue, subj)) \
            and cue.head.i < cue.i and cue.head.dep_ == "ROOT":
        words = [t for t in sent if t.i < limit]
        if words and _comma_between(words[-1], limit):
            return clause_span(words, toks)
    return _that_clause_on_noun(cue, toks)


def _trailing_conj(cue: Token, subj: Token | None) -> bool:
    """ "Sanders remains committed to ..., his top aide, Tad Devine, told The Huffington
    Post.": an attribution after a comma, with its own subject, that the parse made a
    conjunct of the clause it reports; no "and" or "but" joins them, and it ends the
    sentence."""
    if cue.dep_ != "conj" or subj is None or subj.i > cue.i \
            or subj.pos_ not in ("NOUN", "PROPN", "PRON"):
        return False  # not '..., writing “Feels great ...”' (the parse's subject of "Feels")
    doc, sent = cue.doc, cue.sent
    if any(doc[k].text in MARK_TOKENS for k in range(subj.i, cue.i)):
        return False
    first = min(t.i for t in subj.subtree)
    if first == 0 or doc[first - 1].text != "," \
            or any(t.dep_ == "cc" and cue.head.i < t.i < cue.i for t in sent):
        return False
    return max(t.i for t in cue.subtree) >= sent.end - 2


# Verbs that tell someone something: an object, then what they are told.
_TELLING = frozenset("tell warn assure remind inform advise notify promise convince".split())


def _that_clause_on_noun(cue: Token, toks: Tokens) -> tuple[int, int] | None:
    """ "said earlier on Friday during a news conference that he may wait ...": the parse
    hangs the clause on the last noun as a relative clause, but a relative clause has no
    "that" of its own (its "that" is a pronoun: the subject or object); with one, it is what
    was said."""
    for prep in (c for c in cue.children if c.dep_ == "prep" and c.i > cue.i):
        for t in prep.subtree:
            if t.dep_ in ("relcl", "acl") and any(c.dep_ == "mark" and c.lower_ == "that"
                                                  for c in t.children) and finite(t):
                words = sorted(t.subtree, key=lambda w: w.i)
                return clause_span(words[1:] if words[0].lower_ == "that" else words, toks)
    return None


def _as_reported(cue: Token, subj: Token | None, toks: Tokens) -> tuple[int, int] | None:
    """The clause an "as" attribution leads: "As Politico revealed, the committee agreed to
    ..." reports that the committee agreed; the attribution is a clause of its verb, with
    its subject and no complement of its own."""
    if cue.dep_ != "advcl" or subj is None or cue.head.i < cue.i or any(
            c.dep_ in ("ccomp", "dobj", "xcomp") for c in cue.children):
        return None
    if cue.lemma_.lower() not in CUE_LEMMAS:
        return None  # "as anyone who saw it knows, ...": a belief shared, nobody's words
    mark = next((c for c in cue.children if c.dep_ == "mark"), None)
    if mark is None or mark.lower_ != "as" or mark.i > subj.i:
        return None
    # the comma that closes the attribution ("As Politico reported on Thursday, ..."); the
    # parse may hang words after it on the cue ("As Breitbart reported, even on Friday, ...")
    inside = {t.i for t in cue.subtree}
    comma = next((t for t in cue.sent if t.i > cue.i and t.text == ","), None)
    if comma is None or any(i not in inside for i in range(cue.i + 1, comma.i)):
        return None
    return clause_span([t for t in cue.sent if t.i > comma.i], toks)


# A statement named by the object of a reporting verb when it holds a clause of its own:
# "stated his intention to vote for Clinton", "announced plans to merge with Dow"; not
# "announced his candidacy", "stressed those worries" (a topic, nothing said of it), nor
# "announced sanctions that targeted 250 firms" (an act, which the clause describes).
_OBJECT_CUES = frozenset("announce state declare reveal confirm propose suggest outline "
                         "express reiterate unveil".split())


def _stated_object(cue: Token, toks: Tokens) -> tuple[int, int] | None:
    if cue.lemma_.lower() not in _OBJECT_CUES or cue.dep_ in ("relcl", "acl", "amod"):
        return None
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), None)
    if obj is None or obj.pos_ != "NOUN":
        return None
    # an infinitive or a "that" clause: what the intention or the claim is; a relative
    # clause only describes the thing ("announced sanctions that targeted 250 firms")
    said = next((c for c in obj.children if c.dep_ in ("acl", "ccomp") and c.pos_ == "VERB"
                 and c.i > obj.i and c.tag_ != "VBN"), None)
    if said is None:
        return None
    return clause_span(sorted(obj.subtree, key=lambda t: t.i), toks, clause=False)


def _aside_content(cue: Token, subj: Token | None, toks: Tokens) -> tuple[int, int] | None:
    """The sentence an attribution sits inside of, set off by commas: "The bigger risk, he
    said, is a clash ...", "In a merger, Capellas said, the brand would survive": the whole
    sentence is what was said (as PolNeAR marks it: its content runs on both sides). Only
    when words come before the aside and a tensed clause after it, and the aside is nothing
    but its speaker and the verb ("he said", "the minister told reporters")."""
    if subj is None or subj.i > cue.i:
        return None
    sent = cue.sent
    first = min(t.i for t in subj.subtree)
    before, after = sent.doc[first - 1] if first > sent.start else None, next_token(cue)
    while after is not None and after.head.i == cue.i and (after.dep_ in (
            "dative", "npadvmod", "advmod", "prep") or after.dep_ == "dobj"
            and cue.lemma_.lower() == "tell"):
        # "told reporters", "said on Monday"; not "Clinton has maintained support among
        # ..., Fox found", where the object is the statement's own
        after = next_token(max(after.subtree, key=lambda t: t.i))
    if before is None or after is None or before.text != "," or after.text != ",":
        return None
    lead = [t for t in sent if t.i < before.i and not t.is_punct]
    rest = [t for t in sent if t.i > after.i]
    if not lead or not any(t.pos_ in ("VERB", "AUX") and finite(t) for t in rest):
        return None
    if rest[0].text in MARK_TOKENS:
        return None  # '..., producers had this to say, "Hugh Jackman is ...': a quote follows
    if rest[0].tag_ == "VBG" or rest[0].lower_ in _CONTRAST | _CONCESSIVE:
        # "X sent Y, Politico reported on Thursday, citing data ..., though ...": a
        # participle or a "though" goes on with the attribution or the writer, not with
        # what was said; the attribution trails the words before it
        return None
    if any(reports(t) and t.lemma_.lower() in CUE_LEMMAS and any(
            c.dep_ == "nsubj" and c.i > after.i for c in t.children) for t in rest):
        # "Outright victory is vital, he said after meeting aides, because he said party
        # leaders appear determined to ...": a second attribution after the aside says what
        # follows it; the aside's own words are the ones before it
        return clause_span([t for t in sent if t.i < before.i], toks)
    return clause_span([t for t in sent], toks)


def _inside_aside(cue: Token, words: list[Token]) -> list[Token]:
    """The reported clause of a cue in a relative clause set off by commas, up to the comma
    that closes it: "A jury found Zimmerman, who alleged that Martin attacked him, not
    guilty" reports "Martin attacked him"; the parse often hangs the sentence's own words
    after the comma ("not guilty") on the reported clause. Only words with no verb are
    cut: a comma inside what was said ("who said that, if elected, he would ...") is kept."""
    if cue.dep_ != "relcl":
        return words
    first = min(t.i for t in cue.subtree)
    if first == 0 or cue.doc[first - 1].text != ",":
        return words
    for k in range(len(words) - 1, 0, -1):
        if words[k].text == "," and not any(t.pos_ in ("VERB", "AUX") for t in words[k + 1:]):
            return words[:k]
    return words


def _tense(verb: Token) -> str | None:
    """The tense a verb is told in: its own tag, its tensed auxiliary's, or (for "continues
    to insist") the tense of the verb it completes."""
    for v in (verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))):
        if v.tag_ == "VBD":
            return "past"
        if v.tag_ in ("VBZ", "VBP"):
            return "present"
        if v.tag_ == "MD":
            return "modal"
    if verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        return _tense(verb.head)
    return None


def _before_own_conjunct(cue: Token, content: Token, words: list[Token]) -> list[Token]:
    """The reported clause without a verb the parse hung on it that goes on with the
    speaker's own doings: "Brownell said he makes $41,000 a year and questioned how ...",
    "He continues to insist that he will fight on and refuses to answer questions". Such a
    conjunct has no subject of its own and is told in the cue's tense, not the clause's.
    Read on PolNeAR train (300 articles): it cuts 6 clauses, 4 rightly, 1 wrongly ("a
    spokeswoman said the former executive has no more speeches scheduled and delivered only
    nonpartisan remarks": a shift of tense inside what was said); no ECB+ dev quote moves."""
    said = _tense(cue)
    told = _tense(content)
    if said is None or told is None or said == told:
        return words
    for conj in content.children:
        if conj.dep_ != "conj" or conj.i < content.i or conj.pos_ != "VERB" or any(
                c.dep_ in ("nsubj", "nsubjpass", "expl") for c in conj.children):
            continue
        if conj.tag_ in FINITE_TAGS and _tense(conj) == said:
            cut = [t for t in words if t.i < conj.i]
            while cut and (cut[-1].dep_ == "cc" or cut[-1].is_punct):
                cut = cut[:-1]
            return cut
    return words


def _before_contrast(words: list[Token]) -> list[Token]:
    """The reported clause without a contrasting clause the writer adds to it: "Putin told
    Wang that relations are reaching new milestones, while Wang pledged ..." reports Putin up
    to "milestones"; what Wang pledged is not his."""
    for k in range(1, len(words) - 1):
        if words[k].text == "," and words[k + 1].lower_ in _CONTRAST:
            return words[:k]
    return words


def _before_attribution(words: list[Token]) -> list[Token]:
    """The reported clause without an attribution that trails it: "Witnesses said the
    shooter used a rifle, Troy police Lt. Gerry Scherlinck said" reports the witnesses up to
    "rifle"; who passed it on is another voice, not what they said."""
    for k in range(len(words) - 2, 0, -1):
        rest = words[k + 1:]
        if sum(not t.is_punct for t in rest) > ATTRIBUTION_WORDS:  # as statements cut them
            break
        if words[k].text != ",":
            continue
        verb = next((t for t in rest if t.pos_ == "VERB" and t.lemma_.lower() in CUE_LEMMAS),
                    None)
        # the verb's subject after the comma, and nothing it reports after it: not ",
        # \"not one of them said they wouldn't play\"", a report inside the report
        if verb is not None and any(c.dep_ == "nsubj" and c.i > words[k].i
                                    for c in verb.children) \
                and not any(c.dep_ in ("ccomp", "xcomp") and c.i > verb.i
                            for c in verb.children):
            return words[:k]
    return words


def _second_act(verb: Token) -> bool:
    """Whether ``verb`` is a speech act of its own that the parse hung on a reported clause:
    "she said she did not want to think about it and predicted that ..." gives "predicted" as
    a conjunct of "want", "insisted that he has “expanded the party,” claiming that ..."
    gives "claiming" as an adverb clause of "expanded". A conjunct, or a participle after a
    comma, with no subject of its own and a reporting verb or a speech act: what it says is a
    statement of its own, not more of the first (PolNeAR train, 300 articles: content overlap
    F1 63.7 -> 63.9)."""
    if verb.pos_ != "VERB" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return False
    if verb.dep_ == "advcl":
        before = verb.doc[verb.i - 2:verb.i] if verb.i > 1 else verb.doc[0:0]
        if verb.tag_ != "VBG" or "," not in (t.text for t in before) or before[-1].text \
                not in (",", *MARK_TOKENS):
            return False  # ", claiming that ...", "party,” claiming that ...
    elif verb.dep_ != "conj":
        return False
    lemma = verb.lemma_.lower()
    # of the acts below, a participle that tells a clause (", telling reporters that ...";
    # not ", describing him as ...", whose label stays with the report it is in)
    return (lemma in CUE_LEMMAS or lemma in ACT_LEMMAS) \
        and (lemma not in _NOT_SECOND or verb.dep_ == "advcl"
             and any(c.dep_ == "ccomp" for c in verb.children))


# Cue verbs that, coordinated inside a clause, go on with what it tells rather than speak for
# the one who said it: "would expand and continue hiring", "the unions dropped the demand
# and agreed that ...", and the acts a story tells of the people in it ("the gunman entered
# the office and asked him if ...", "... and told the clerk that ...").
_NOT_SECOND = frozenset("""continue read write post tweet agree disagree remember wonder estimate
ask tell call question reply respond answer describe refer cite raise express voice echo
repeat reject dismiss dispute""".split())


def _before_second_act(words: list[Token], toks: Tokens) -> list[Token]:
    """The reported clause up to a second speech act of the same speaker inside it (see
    :func:`_second_act`), which is a quote of its own."""
    for k in range(1, len(words)):
        if _outer_speaker(words[k]) is None or not _has_content(words[k], toks):
            continue
        cut = k
        while cut > 0 and (words[cut - 1].is_punct and words[cut - 1].text not in MARK_TOKENS
                           or words[cut - 1].dep_ == "cc"):
            cut -= 1
        return words[:cut]
    return words


def _outer_speaker(verb: Token) -> Token | None:
    """Who makes a second speech act inside a reported clause: the one who said the clause
    ("the senator said the warning was ... and accused Downing Street of ...": the senator
    accused, not the warning)."""
    if not _second_act(verb):
        return None
    clause = verb.head
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "ccomp" or clause.head.i > clause.i or not reports(clause.head):
        return None
    subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and (subj.pos_ == "PROPN" or subj.ent_type_ in _NAMED):
        # "Sanders said that Trump did not represent ... and praised Kasich": who praised is
        # the parse's guess between two people; the clause stays whole, said by Sanders
        return None
    if verb.lemma_.lower() in _NOT_SECOND and (subj is None or subj.tag_ != "PRP"):
        # ", telling Stephanopoulos that ...", said by whoever the clause is about: the
        # speaker only when the clause is about the speaker ("Carson said he saw no need
        # ..., telling ..."), not "Police said the man walked in, telling the clerk ..."
        return None
    return speaker_head(clause.head)


_NAMED = frozenset({"PERSON", "NORP", "ORG", "GPE"})


def _has_content(verb: Token, toks: Tokens) -> bool:
    """Whether the act says something itself: a clause ("predicted that ..."), an
    infinitive ("vowed to ..."), or what a speech act says of its object."""
    kids = [c for c in verb.children if c.i > verb.i]
    if any(c.dep_ == "ccomp" for c in kids):
        return reported_content(verb, toks) is not None
    if verb.lemma_.lower() in TO_LEMMAS and any(c.dep_ == "xcomp" for c in kids):
        return True
    return verb.lemma_.lower() in ACT_LEMMAS and act_content(verb, toks) is not None


def _comma_between(last: Token, limit: int) -> bool:
    doc = last.doc
    return any(doc[i].text in (",", "—", "–") for i in range(last.i, limit))
