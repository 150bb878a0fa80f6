"""Reporting words and who says them: the cue of a quote and its speaker's head word, read off
the dependency parse (:mod:`extraction` finds the quotes, :mod:`reported` the speech without
marks, :mod:`speakers` resolves who a speaker is).

The cue of a quote in marks is the nearest reporting word after its closing mark in its
sentence, else before its opening mark (:func:`cue_for`); the speaker is the cue's subject,
climbing from "adding" or "and said" to the clause it hangs on (:func:`speaker_head`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..entities import Chunk
from ..statements import DATELINE
from .lexicon import (
    BACK_CUES,
    CUE_AFTER,
    CUE_LEMMAS,
    NON_SPEAKERS,
    OUT_CUES,
    OWN_WORDS,
    VOICE_CUES,
)
from .marks import MARK_TOKENS, Disjoint, Marked

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

class Tokens:
    """Every parsed token of one article, looked up by character offset."""

    def __init__(self, text: str, chunks: list[Chunk], docs: Iterable[Doc]) -> None:
        self.starts: list[int] = []
        self.tokens: list[Token] = []
        self.docs: list[tuple[int, Doc]] = []
        for chunk, doc in zip(chunks, docs, strict=True):
            if doc.text != text[chunk.start:chunk.end]:
                raise ValueError(f"doc does not match the text at {chunk.start}")
            self.docs.append((chunk.start, doc))
            for tok in doc:
                at = chunk.start + tok.idx
                if chunk.keep_start <= at < chunk.keep_end \
                        and (not self.starts or at > self.starts[-1]):
                    self.starts.append(at)
                    self.tokens.append(tok)
        self.offset = {id(doc): off for off, doc in self.docs}

    def at(self, char: int) -> Token | None:
        i = bisect_right(self.starts, char) - 1
        if i < 0:
            return None
        tok = self.tokens[i]
        return tok if char < self.starts[i] + len(tok.text) else None

    def start(self, tok: Token) -> int:
        return self.offset[id(tok.doc)] + tok.idx

    def end(self, tok: Token) -> int:
        return self.start(tok) + len(tok.text)

    def between(self, start: int, end: int) -> list[Token]:
        """The parsed tokens that start in ``[start, end)``."""
        return self.tokens[bisect_right(self.starts, start - 1):bisect_right(self.starts,
                                                                            end - 1)]


@dataclass(slots=True)
class FoundQuote:
    start: int
    end: int
    kind: str
    cue: tuple[int, int] | None = None
    cue_token: Token | None = None
    speaker: Token | None = None  # the speaker's head word
    para: int = 0  # the paragraph it starts in
    last_para: int = 0  # and the one it ends in (a quote may run over several)
    aside: bool = False  # the attribution sits inside what it reports ("X, he said, is Y")


def subject_past_dateline(verb: Token,
                          quoted: Callable[[Token], bool] | None = None) -> Token | None:
    """The verb's subject, past a dateline. The parse may give a verb two subjects: a
    dateline's place beside the speaker ("Washington (AFP) – Democrat Hillary Clinton has
    ..."), or a fronted phrase ("Cross-referencing voting records ..., the researchers
    found"): the one nearest before the verb is its own. A subject inside quote marks
    (``quoted``) is a misparse of the quote's own words ('"... Every single amendment," said
    Cruz' gives "said" both "amendment" and Cruz)."""
    subjects = sorted((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")
                       and not (quoted and quoted(c))),
                      key=lambda c: (c.i > verb.i, abs(verb.i - c.i)))
    return next((s for s in map(past_dateline, subjects) if s is not None), None)


def past_dateline(subj: Token) -> Token | None:
    """The speaker when the parse made a dateline's place the subject ("CLEVELAND, July 19
    (UPI) — Former Attorney General Michael Mukasey told ..."): the words of the subject after
    the dateline's dash, by their head word; None if the dateline is all the subject has."""
    sent = subj.sent
    dateline = DATELINE.match(sent.text)
    if dateline is None:
        return subj
    # where the dateline ends (past its dash): a hyphen inside the place ("WILKES-BARRE")
    # is no end
    ends = sent.start_char + dateline.end()
    after = {t.i for t in subj.subtree if t.idx >= ends}
    heads = [t for t in subj.subtree if t.i in after and t.head.i not in after]
    return heads[0] if heads else None


def is_cue(tok: Token, toks: Tokens, spans: Disjoint) -> bool:
    if spans.strictly_inside(toks.start(tok)):
        return False
    if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
        return True
    lemma = tok.lemma_.lower()
    if lemma == "continue" and any(c.dep_ in ("xcomp", "dobj") for c in tok.children):
        return False  # "Rubio will continue to be “...”" reports nothing; "he continued, “...”"
    if lemma in VOICE_CUES:
        return tok.tag_ in ("VBD", "VBZ", "VBP")
    if tok.tag_ == "NNS" and tok.dep_ == "ROOT" and lemma in CUE_LEMMAS \
            and name_before_cue(tok) is not None:
        return True  # "“…,” Kowalski notes.": the tagger took the verb for a plural noun
    if lemma == "put" and tok.pos_ == "VERB" and any(c.dep_ == "dobj" and c.lower_ == "it"
                                                     for c in tok.children):
        return True  # "As Jeff Weiner put it in his memo, ''...''"
    for cues, particle in ((BACK_CUES, "back"), (OUT_CUES, "out")):
        if lemma in cues and tok.pos_ == "VERB" and any(
                c.dep_ in ("prt", "advmod") and c.lower_ == particle for c in tok.children):
            return True
    # a participle reports only with its auxiliary ("has said"), or as the verb of a clause
    # with a subject the tagger took for a participle ("… fun!” Trump tweeted."), or as the
    # root a quote before it hangs on ("“…?” the 43-year-old asked.": the subject was parsed
    # as a modifier), or a participle the parse hung on the speaker's name after a closing
    # mark ("“…!” the presumptive nominee, Donald Trump, tweeted Sunday")
    if lemma in CUE_LEMMAS and tok.tag_ == "VBN" and tok.dep_ == "acl" \
            and tok.head.i < tok.i and _after_mark(tok):
        return True
    return lemma in CUE_LEMMAS and tok.pos_ in ("VERB", "AUX") \
        and tok.tag_ != "VBN" or lemma in CUE_LEMMAS and tok.tag_ == "VBN" \
        and any(c.dep_ == "aux" or c.dep_ == "nsubj" and c.i < tok.i
                or tok.dep_ == "ROOT" and c.i < tok.i and c.text in MARK_TOKENS
                for c in tok.children)


def _after_mark(tok: Token) -> bool:
    """Whether only words of a name phrase (and its commas) lie between a closing mark and
    ``tok``, naming someone: a name or an age ("''Trump Revealed,'' a biography written by"
    names a book)."""
    words = _phrase_after_mark(tok, commas=True)
    return bool(words) and (any(t.pos_ == "PROPN" for t in words) or is_age(words[0]))


def _phrase_after_mark(tok: Token, *, commas: bool = False) -> list[Token]:
    """The words of a name phrase between a closing mark and ``tok``, nearest first (empty
    when something else stands there): "“…,” team general manager A.J. Smith said"."""
    doc = tok.doc
    k = tok.i - 1
    while k >= 0 and (doc[k].pos_ in _NAME_PHRASE_POS or doc[k].tag_ == "HYPH"
                      or commas and doc[k].text == ","):
        k -= 1
    if k < 0 or doc[k].text not in MARK_TOKENS:
        return []
    return [doc[i] for i in range(tok.i - 1, k, -1)]


def cue_for(toks: Tokens, m: Marked, direct: bool, spans: Disjoint) -> Token | None:
    """The reporting word of the quote in marks ``m``: the nearest cue after the closing
    mark (in its sentence), else before the opening one; a partial quote prefers a cue
    that governs it in the parse."""
    first = toks.at(m.inner) or toks.at(m.inner + 1)
    if not direct and first is not None:
        # the nearest that names a speaker: in "said Joe Biden, urging those calling for
        # Sanders' withdrawal to “give him time.”" "calling" has none, "urging" climbs to
        # "said" and Biden
        governing = [anc for anc in first.ancestors if is_cue(anc, toks, spans)]
        quoted = in_marks(toks, spans)
        named = next((c for c in governing if speaker_head(c, quoted) is not None), None)
        if governing:
            return named or governing[0]
    tok: Token | None  # walks away from a mark; None past the document's edge
    close = toks.at(m.close)
    if close is not None and not ends_sentence(close):
        tok = close
        for _ in range(CUE_AFTER):
            tok = next_token(tok)
            if tok is None or tok.text in MARK_TOKENS or sentence_end(tok):
                break
            if is_cue(tok, toks, spans):
                return tok
        manner = manner_cue(close)
        if manner is not None:
            return manner
    opening = toks.at(m.open)
    if opening is not None:
        tok = opening
        for _ in range(30):
            tok = prev_token(tok)
            if tok is None or tok.text in MARK_TOKENS or sentence_end(tok):
                break
            if is_cue(tok, toks, spans):
                return tok
    return None


def ends_sentence(close: Token) -> bool:
    """Whether the quote closed by the mark ``close`` ends its sentence, so that a reporting
    verb after it belongs to the next one: '“… found.” He added, “…”' (the cue of the next
    quote), not '“… found,” he said'. After "?" or "!" a capital is no sign: '“Too forced?”
    He tweeted' is as common as '“Why?” He added, “…”'."""
    after, last = next_token(close), prev_token(close)
    return after is not None and last is not None and after.is_title \
        and last.text.endswith(".") and not attribution_only(after)


# Pronouns that may be all the words naming a speaker in an attribution of their own
_SPEAKER_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})


def attribution_only(first: Token) -> bool:
    """Whether the sentence starting at ``first`` is nothing but an attribution: a name (or
    a pronoun) and a reporting verb, then its full stop ('“… missing.” Trump said.', the
    comma a house style or a typo made a full stop). Such a sentence reports the quote
    before it; '“… found.” He added, “…”' goes on to a quote of its own."""
    tok, words = _past_name(first, nouns=False)
    if tok is None or not 1 <= words <= 4 or tok.lemma_.lower() not in CUE_LEMMAS \
            or tok.tag_ not in ("VBD", "VBZ"):
        return False
    end = next_token(tok)
    return end is not None and sentence_end(end)


def _past_name(first: Token, nouns: bool) -> tuple[Token | None, int]:
    """The token after the name (or the lone pronoun) that starts at ``first``, and how many
    words the name has: proper nouns, and with ``nouns`` capitalised common nouns too (the
    tagger's reading of a name it does not know: "Hannity pressed.")."""
    tok: Token | None = first
    words = 0
    while tok is not None and (tok.pos_ == "PROPN" or nouns and tok.pos_ == "NOUN"
                               and tok.is_title or tok.lower_ in _SPEAKER_PRONOUNS
                               and words == 0):
        words += 1
        tok = next_token(tok)
    return tok, words


def manner_cue(close: Token) -> Token | None:
    """A verb of manner that attributes the quote it follows, by its place alone: '“This is
    fantastic!” beamed Donald Hartley', '“We won,” Smith grinned.' The quote ends on a comma,
    "!" or "?", and right after the mark come a name and a past-tense verb with nothing
    of its own (no object, no clause), or the verb and then the name. Any verb does there:
    the news writes "laughed", "beamed", "gushed" where it could write "said"."""
    last, after = prev_token(close), next_token(close)
    if last is None or after is None or last.text not in (",", "!", "?"):
        return None
    verb: Token | None
    if after.tag_ == "VBD" and after.pos_ == "VERB":  # inverted: "beamed Donald Hartley"
        verb, name = after, next_token(after)
        if name is None or name.pos_ != "PROPN" or name.head.i != verb.i \
                and name.head.head.i != verb.i:
            return None
    else:  # "Smith grinned." (a name the tagger took for a noun: "Hannity pressed.")
        verb, words = _past_name(after, nouns=True)
        if verb is None or not 1 <= words <= 4 or verb.tag_ != "VBD" or verb.pos_ != "VERB":
            return None
        subject = verb.doc[verb.i - 1]
        if subject.dep_ != "nsubj" or subject.head.i != verb.i:
            return None
        end = next_token(verb)
        if end is None or end.text not in (".", ",", "!"):
            return None
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp", "dative") and c.i > verb.i
           for c in verb.children):
        return None
    return verb


def next_token(tok: Token) -> Token | None:
    return tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None


def prev_token(tok: Token) -> Token | None:
    return tok.doc[tok.i - 1] if tok.i > 0 else None


def sentence_end(tok: Token) -> bool:
    """A full stop that ends a sentence (not the dot of "Brig." the tokenizer split off)."""
    if tok.text not in (".", "!", "?"):
        return False
    prev = prev_token(tok)
    return prev is None or not (prev.text[:1].isupper() and len(prev.text) <= 5
                                and prev.whitespace_ == "")


def found_quote(start: int, end: int, kind: str, cue: Token | None, toks: Tokens,
           spans: Disjoint | None = None) -> FoundQuote:
    q = FoundQuote(start, end, kind)
    if cue is not None:
        q.cue = cue_span(cue, toks)
        q.cue_token = cue
        q.speaker = speaker_head(cue, in_marks(toks, spans or Disjoint()))
    return q


def in_marks(toks: Tokens, spans: Disjoint) -> Callable[[Token], bool]:
    """Whether a token lies inside the quote marks of ``spans``."""
    return lambda t: spans.strictly_inside(toks.start(t))


def cue_span(cue: Token, toks: Tokens) -> tuple[int, int]:
    """The reporting words: "said", "told reporters", "according to", "described ... as"."""
    end_tok = cue
    if cue.lower_ == "according":
        end_tok = next((c for c in cue.children if c.lower_ == "to"), cue)
    elif cue.lemma_.lower() == "tell":
        obj = [c for c in cue.children if c.dep_ in ("dobj", "dative", "iobj")
               and c.i > cue.i]
        if obj:
            end_tok = max(obj[0].subtree, key=lambda t: t.i)
    elif cue.lemma_.lower() in ("describe", "call"):
        as_ = [c for c in cue.children if c.lower_ == "as" and c.i > cue.i]
        if as_:
            end_tok = as_[0]
    for c in cue.children:
        if c.dep_ == "prt" and c.i == end_tok.i + 1:
            end_tok = c
    return toks.start(cue), toks.end(end_tok)


def speaker_head(cue: Token, quoted: Callable[[Token], bool] | None = None) -> Token | None:
    """The head word of who speaks: the cue's subject (climbing from "adding" or "and said"
    to the clause it hangs on, past subjects inside quote marks), or the object of
    "according to"."""
    if cue.lower_ == "according":
        to = next((c for c in cue.children if c.lower_ == "to"), None)
        obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        return obj
    tok: Token | None = cue
    for _ in range(6):
        if tok is None:
            break
        # a subject inside the marks is a misparse of the quote's own words ("... win
        # anymore: Michigan, ...,'' Mr. Trump said" gives "said" Michigan and Trump)
        # (nor is the cue its own speaker: "shared the news, writing “Feels great ...”" is
        # parsed with "writing" the subject of "Feels")
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")
                     and c.i != cue.i and not (quoted and quoted(c))), None)
        if subj is not None:
            if subj.dep_ == "nsubjpass" and tok.i == cue.i and not _has_contracted(cue):
                # "Staff were told to stay indoors": whoever is told is not who tells; who
                # does is the agent, if named ("was told by the police to ...")
                return _agent(cue)
            if subj.lower_ in ("who", "that") and tok.dep_ == "relcl":
                # "Sanders, who said ...": the mention is "who", as "he" is one; the resolver
                # names it by the noun the clause is about
                return subj
            subj = subject_past_dateline(tok, quoted)
            if subj is None:
                return None
            if subj.lower_ == "it" and _expletive(subj):
                break  # a placeholder speaks for nobody: look for a name put elsewhere
            return None if subj.lower_ in NON_SPEAKERS and subj.lower_ != "it" else subj
        # "deflected questions before saying": through the preposition to the verb
        # "activists clamoring to block Trump say ...": the parse makes the participle the
        # root and hangs the cue on it (dep); the root's subject speaks
        # "went so far as to say": through the adverb to the verb; "released a statement
        # saying": through the words one puts out to who put them out; "was quick to point
        # out": through the adjective to the verb it completes
        climb = tok.dep_ in ("advcl", "conj", "xcomp", "pcomp", "prep") or tok.tag_ == "VBG" \
            or (quoted is not None and quoted(tok)) \
            or (tok.dep_ == "dep" and tok.head.dep_ == "ROOT" and tok.head.i < tok.i) \
            or (tok.dep_ == "advmod" and tok.pos_ == "ADV" and tok.i != cue.i) \
            or (tok.dep_ == "dobj" and tok.lemma_.lower() in OWN_WORDS) \
            or (tok.dep_ == "acomp" and tok.pos_ == "ADJ" and tok.i != cue.i)
        if climb and tok.head.i != tok.i:  # spaCy makes a new Token per access: no "is"
            tok = tok.head
        else:
            break
    return after_inverted_cue(cue) or name_before_cue(cue) or name_after_mark(cue) \
        or subject_of_clausal_subject(cue)


def _has_contracted(verb: Token) -> bool:
    """ "he's said": the parse reads the "’s" of "has" as "is", a passive."""
    return any(c.dep_ == "auxpass" and c.lower_ in ("'s", "’s") for c in verb.children)


def _agent(verb: Token) -> Token | None:
    """The agent of a passive verb: "by the police" gives "police"."""
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None


# Verbs whose "it" is a placeholder, no one who speaks: "it is premature to assume", "it
# seems unfair to tell", "it means admitting that"
_EXPLETIVE_VERBS = frozenset({"be", "seem", "appear", "mean"})


def _expletive(it: Token) -> bool:
    """Whether "it" holds a place rather than names a speaker: the subject of a passive
    ("it was widely reported that"), of a copula or of "seem" ("It's worth noting", "It
    should be noted", "It was at the conference that Swanson delivered ...")."""
    return it.dep_ == "nsubjpass" or it.head.lemma_.lower() in _EXPLETIVE_VERBS


def subject_of_clausal_subject(cue: Token) -> Token | None:
    """ "Most primary voters in six states going to the polls on Tuesday said they ...": the
    parse makes the participle "going" the cue's (clausal) subject and the voters its own;
    who speaks is the participle's subject, named before it."""
    clause = next((c for c in cue.children if c.dep_ == "csubj" and c.i < cue.i
                   and c.tag_ == "VBG"), None)
    if clause is None:
        return None
    return next((c for c in clause.children if c.dep_ == "nsubj" and c.i < clause.i
                 and c.lower_ not in NON_SPEAKERS), None)


def name_before_cue(cue: Token) -> Token | None:
    """ "“…,” Bozell notes.": a name right before the cue that the parse made a compound of
    it (a noun "notes"), or an apposition of another name, not the cue's subject."""
    doc = cue.doc
    at = cue.i  # past the cue's adverbs: "..., Paul Manafort, bluntly suggested"
    while at > 1 and doc[at - 1].dep_ == "advmod" and doc[at - 1].pos_ == "ADV" \
            and doc[at - 1].head.i == cue.i:
        at -= 1
    if at > 1 and doc[at - 1].text == "," and doc[at - 2].pos_ == "PROPN" \
            and doc[at - 2].dep_ == "appos" and doc[at - 2].head.i < at - 2:
        # "In a statement to the Observer, her adviser, Jake Sullivan, said:": the parse hung
        # the adviser and his name on the newspaper, after its comma, and left "said" no
        # subject
        return doc[at - 2]
    if at > 1 and doc[at - 1].text == ",":
        # "... an accident — Brendan Buck, a spokesman for Ryan, told POLITICO": a name whose
        # apposition runs up to the comma, set off by a dash or comma before it
        name = next((t for t in reversed(doc[cue.sent.start:at - 1]) if t.dep_ == "appos"
                     and t.pos_ == "PROPN" and t.head.i < t.i
                     and t.right_edge.i in (at - 1, at - 2) and t.left_edge.i > 0
                     and doc[t.left_edge.i - 1].text in (",", "—", "–", "--")), None)
        if name is not None:
            return name
    prev = doc[cue.i - 1] if cue.i > 0 else None
    if prev is None or prev.pos_ != "PROPN":
        return None
    if prev.dep_ == "compound" and prev.head.i == cue.i:
        return prev
    # "Campaigning for his wife ... Hillary Clinton, former president Bill Clinton said":
    # the parse made the speaker an apposition of the name before him, after its comma
    first = min(t.i for t in prev.subtree)
    return prev if prev.dep_ == "appos" and prev.head.i < prev.i and first > 0 \
        and doc[first - 1].text == "," else None


# What the words between a closing mark and its cue may be for them to name the speaker: a
# name with its title or role ("team general manager A.J. Smith", "the group's co-founder").
_NAME_PHRASE_POS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "PART", "NUM"})


def is_age(tok: Token) -> bool:
    """Whether the word is "old" of an age that names a person ("the 43-year-old")."""
    doc = tok.doc
    return tok.lower_ == "old" and tok.pos_ == "ADJ" and tok.i >= 2 \
        and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ in ("year", "years")


def age_words(old: Token) -> list[Token]:
    """The words of an age that names a person, its article with it ("the 43-year-old"):
    the parse may hang a whole quote on "old", so its subtree is no name."""
    doc = old.doc
    first = old.i - 2
    while first > 0 and (doc[first - 1].text == "-" or doc[first - 1].like_num):
        first -= 1
    if first > 0 and doc[first - 1].pos_ == "DET":
        first -= 1
    return list(doc[first:old.i + 1])


def name_after_mark(cue: Token) -> Token | None:
    """ "“…,” team general manager A.J. Smith said.": the words between the closing mark and
    the cue are a name phrase that the parse hung on the quote's last noun (an apposition of
    "Vincent" in "... involving Vincent,”), leaving the cue no subject. Its last name is the
    speaker (its last noun when it names no one: "a spokesman")."""
    words = _phrase_after_mark(cue)
    if not words:
        return None
    names = [t for t in words if t.pos_ == "PROPN"]
    nouns = [t for t in words if t.pos_ == "NOUN"]
    head = names[0] if names else nouns[0] if nouns else None  # words run right to left
    if not names and is_age(words[0]):
        head = words[0]  # "“…,” the 43-year-old asked.": a person called by age
    return None if head is None or head.lower_ in NON_SPEAKERS else head


def after_inverted_cue(cue: Token) -> Token | None:
    """ "''...,'' said Robin Maynard, half joking.": a cue right after a closing mark, with the
    speaker after it, whom the parse made the subject of something else ("joking"), or a
    role after its article ("said the woman")."""
    doc = cue.doc
    if cue.i == 0 or cue.i + 1 >= len(doc) or doc[cue.i - 1].text not in MARK_TOKENS:
        return None
    tok = doc[cue.i + 1]
    # "said the woman, who ...": the parse made her the subject of the relative clause's verb
    common = tok.pos_ == "DET" and cue.i + 2 < len(doc)
    if common:
        tok = doc[cue.i + 2]
    while tok.dep_ in ("compound", "flat", "amod") and tok.head.i > tok.i:
        tok = tok.head
    return tok if tok.pos_ == "PROPN" or common and tok.pos_ == "NOUN" else None


def untagged_name(cue: Token, surnames: frozenset[str]) -> Token | None:
    """A name the parse took for another word, known as a person's surname from the
    article's other mentions of the person: opening the sentence right before a cue that
    has no subject ("Jolly said he has worked with ...": an adverb), or right after a cue
    that follows a closing mark ("“...,” said Skelly, explaining ...": an adverb too)."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
        return None
    doc = cue.doc
    if cue.i > 0 and doc[cue.i - 1].text in MARK_TOKENS and cue.i + 1 < cue.sent.end:
        name = doc[cue.i + 1]
        after = doc[name.i + 1] if name.i + 1 < len(doc) else None
        if name.is_title and name.lower_ in surnames \
                and (after is None or after.is_punct or after.pos_ in ("ADP", "ADV")):
            return name
        return None
    if cue.i == 0:
        return None
    name = doc[cue.i - 1]
    first = name
    while first.i > cue.sent.start and doc[first.i - 1].is_title:
        first = doc[first.i - 1]  # "Rep. Jolly", "Mr. Jolly"
    if first.i != cue.sent.start or not name.is_title or name.lower_ not in surnames:
        return None
    return name
