"""Quotes and reported speech as standoff spans, with their speakers.

Three kinds of ``quote`` span, each the words attributed to someone, never the marks:

- ``direct``: a whole sentence or clause in quotation marks ("“...,” he said."), possibly
  over several sentences or paragraphs (a paragraph that ends inside a quote and a next
  one that opens with a mark continue it);
- ``partial``: a few quoted words inside the writer's own sentence ("described it as
  “reaching new frontiers”"), kept only when a reporting word governs them: a short noun
  phrase in marks with none ("“no limits” partnership") is a scare quote and is dropped;
- ``reported``: speech without marks ("X said (that) ...", "according to X", "...,
  Ushakov told TASS."), read off the dependency parse.

Quote marks are paired on the raw text first (:mod:`marks`), so apostrophes, plural
possessives and an odd number of marks only ever lose the unmatched mark, never the
paragraph; speakers are resolved in :mod:`speakers`. The parse (spaCy's
full pipeline, ~50% dearer than NER alone) is run only on paragraphs that may hold a quote:
see :func:`quote_chunks`, which lets ``annotate`` batch the parse over all articles.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sized
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...labels import Label
from ...model import Span
from ...spanattrs import QuoteAttrs, entity_attrs, make_span
from ..entities import NER_BATCH_CHARS, NER_BATCH_SIZE, Chunk, ner_chunks, text_batches
from ..models import spacy_nlp
from ..statements import ATTRIBUTION_WORDS, DATELINE
from .marks import (
    MARK_TOKENS,
    Disjoint,
    Marked,
    ends_clause,
    pair_marks,
    starts_clause,
    trim_quoted,
    whole_marks,
)
from .speakers import ROLE_NOUNS, SpeakerResolver, speaker_tokens

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# The labels this step adds (annotate replaces them, and only them, on every run).
ADDS = frozenset({Label.QUOTE, Label.SPEAKER})

__all__ = ["ADDS", "CUE_LEMMAS", "pair_marks", "quote_chunks", "quote_spans", "run_parse"]

log = logging.getLogger(__name__)

# Reporting verbs that attribute a quote in marks next to them.
CUE_LEMMAS = frozenset("""
say tell add state announce declare claim insist warn note explain argue write report confirm
deny acknowledge reiterate stress emphasize emphasise tweet post assert suggest describe call
urge continue read ask reply respond recall contend maintain admit complain promise vow
predict caution quip joke conclude remark observe comment concede allege boast charge demand
pledge testify recount lament wonder agree disagree counter retort reveal estimate answer
scoff interject
""".split())
# Verbs of voice: a cue only as the finite verb of its clause ("the lifeguard shouted"); in
# "heard co-workers yelling" the voice is no attribution.
_VOICE_CUES = frozenset("exclaim shout yell scream whisper mutter muse sigh chant snap".split())
# Verbs that report a quote with "back": "Trump shot back", "the campaign fired back".
_BACK_CUES = frozenset("shoot fire hit write snap".split())
# Verbs that report a quote with "out": "Bozell points out", "the senator lashed out".
_OUT_CUES = frozenset("point lash speak".split())
# Tokens after a closing mark searched for its cue: a long apposition ("..., Fred Kagan,
# director of the Critical Threats Project at the American Enterprise Institute, said")
# puts it far from the mark; the search stops at the sentence's end anyway.
_CUE_AFTER = 40
# Reporting verbs whose clause complement is reported speech when there are no marks.
# Narrower: "called for talks" or "read the report" report nothing. Verbs of belief count
# ("officials believe that ..."): news attributes opinions as it attributes speech.
REPORT_LEMMAS = frozenset("""
say tell add state announce declare claim insist warn note explain argue write report confirm
deny acknowledge reiterate stress emphasize emphasise tweet assert suggest recall contend
maintain admit complain promise vow predict caution conclude concede allege boast charge
testify reveal estimate believe think learn feel hope fear expect worry know agree show find
indicate realize realise doubt assume recognize recognise hear speculate pledge threaten urge
""".split())
# Verbs whose infinitive complement is what is reported: "vowed to fight", "urged X to stay".
_TO_LEMMAS = frozenset("vow promise pledge threaten urge ask demand tell".split())
_IRREGULAR = {"say": ("said",), "tell": ("told",), "write": ("wrote", "written"),
              "think": ("thought",), "feel": ("felt",), "know": ("knew", "known"),
              "find": ("found",), "hear": ("heard",), "show": ("shown",), "read": ("read",),
              "learn": ("learnt",)}


def _forms(lemma: str) -> set[str]:
    """The inflected forms of a regular English verb, and the irregular ones listed."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing", lemma + "d"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return forms | set(_IRREGULAR.get(lemma, ()))


# Paragraphs the parser needs: a quote mark, or a word that may report speech without marks
# (the other cues only count next to marks, which trigger the parse themselves).
_CANDIDATE = re.compile(
    r"[\"“”„«»]|''|``|\baccording to\b|\b(?:"
    + "|".join(sorted({f for lemma in REPORT_LEMMAS for f in _forms(lemma)},
                      key=len, reverse=True))
    + r")\b", re.IGNORECASE)
_NON_SPEAKERS = frozenset({"it", "that", "which", "who", "this", "there", "what"})
# A paragraph that gives a person's words after their name and a colon: a headline ("Ryan:
# 'Anti-Semitic Images' Have 'No Place In A Presidential Campaign.'") or a transcript's turn
# ("Matthews: Well, speculation is bad."). At most four capitalised words before the colon,
# the last the surname of a person the article names ("Report:", "Update:" are nobody).
_NAMED_COLON = re.compile(r"(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*:\s+(?=\S)")
_NAMED_COLON_WORDS = 4  # the words the content must have at least
_SINGLE_QUOTED = re.compile(r"(?:^|\s)['‘]\w[^'’]*['’](?=\W|$)")


def quote_chunks(text: str, paragraphs: list[tuple[int, int]]) -> list[Chunk]:
    """The texts to parse for :func:`quote_spans`, in order: the paragraphs that hold a
    quote mark or a reporting word (a very long one in chunks, as ``ner_chunks`` cuts it)."""
    wanted = [(s, e) for s, e in paragraphs
              if _CANDIDATE.search(text, s, e) or _NAMED_COLON.match(text, s, e)
              # "Cruz continued:" introduces the quote of the next paragraph
              or text[s:e].rstrip().endswith(":")]
    return ner_chunks(text, wanted) if wanted else []


def run_parse(texts: Iterable[str], *, batch_size: int = NER_BATCH_SIZE,
              batch_chars: int = NER_BATCH_CHARS) -> Iterator[Doc]:
    """spaCy docs for ``texts`` (lazily, in order) with the parser and tagger run; NER is
    skipped, the article's entities come from :mod:`entities`."""
    nlp = spacy_nlp()
    disable = [name for name in nlp.pipe_names if name == "ner"]
    for batch in text_batches(texts, batch_size, batch_chars):
        yield from nlp.pipe(batch, batch_size=len(batch), disable=disable)


class _Tokens:
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
class _Quote:
    start: int
    end: int
    kind: str
    cue: tuple[int, int] | None = None
    cue_token: Token | None = None
    speaker: Token | None = None  # the speaker's head word
    para: int = 0
    aside: bool = False  # the attribution sits inside what it reports ("X, he said, is Y")


def quote_spans(text: str, paragraphs: list[tuple[int, int]], entities: list[Span],
                docs: Iterable[Doc] | None = None) -> list[Span]:
    """``quote`` and ``speaker`` spans of one article (see the module doc and docs/quotes.md).

    ``entities`` are the article's ``entity`` spans. ``docs``, when given, are the parsed
    docs of ``quote_chunks(text, paragraphs)``, one per chunk, in order (they may come
    lazily, so a caller can batch many articles through one :func:`run_parse`).
    """
    chunks = quote_chunks(text, paragraphs)
    if docs is None:
        docs = run_parse(text[c.start:c.end] for c in chunks)
    elif isinstance(docs, Sized) and len(docs) != len(chunks):
        raise ValueError(f"{len(docs)} docs for {len(chunks)} chunks of text")
    toks = _Tokens(text, chunks, docs)
    para_starts = [s for s, _ in paragraphs]
    marks = pair_marks(text, paragraphs)
    quotes = _marked_quotes(text, paragraphs, marks, toks)
    quotes += _reported_quotes(text, toks, quotes)
    quotes += _named_colon_quotes(text, paragraphs, entities, toks, quotes)
    for q in quotes:
        if q.kind == "reported":
            q.start, q.end = whole_marks(q.start, q.end, marks)
    quotes.sort(key=lambda q: q.start)
    for q in quotes:
        q.para = bisect_right(para_starts, q.start) - 1
    return _with_speakers(text, entities, toks, quotes)


# --- quotes in marks ------------------------------------------------------------------------

def _marked_quotes(text: str, paragraphs: list[tuple[int, int]], marked: list[Marked],
                   toks: _Tokens) -> list[_Quote]:
    quotes: list[_Quote] = []
    spans = Disjoint([(m.open, m.close) for m in marked])
    for m in marked:
        start, end = trim_quoted(text, m.inner, m.close)
        if start >= end:
            continue
        words = len(text[start:end].split())
        direct = starts_clause(text, m.open, paragraphs) and ends_clause(text, start, end, m)
        cue = _cue_for(toks, m, direct, spans)
        if direct:
            if cue is None and words <= 2:
                continue
            q = _quote(start, end, "direct", cue, toks, spans)
            if cue is None:
                q.speaker = _colon_speaker(text, m.open, toks)
            quotes.append(q)
            continue
        if cue is None or (words <= 3 and not _has_verb(toks, start, end)):
            continue  # a scare quote: a term in marks that nobody is said to say
        reported = _reported_content(cue, toks) if cue.lemma_ in REPORT_LEMMAS else None
        if reported and reported[0] <= start and end <= reported[1] \
                and (end - start) * 2 < reported[1] - reported[0]:
            # The marks hold a phrase of a longer paraphrase: the paraphrase is the quote.
            quotes.append(_quote(reported[0], reported[1], "reported", cue, toks, spans))
        else:
            quotes.append(_quote(start, end, "partial", cue, toks, spans))
    return quotes


def _named_colon_quotes(text: str, paragraphs: list[tuple[int, int]], entities: list[Span],
                        toks: _Tokens, found: list[_Quote]) -> list[_Quote]:
    """ "Ryan: 'Anti-Semitic Images' Have 'No Place ...'": a paragraph opening on a person's
    name and a colon reports what follows, as that person's (``reported``: it may be a
    paraphrase). Not where a quote was found in the paragraph already."""
    # the surnames of the article's people: a headline's name may be untagged where it is
    surnames = {text[e.start:e.end].split()[-1] for e in entities
                if entity_attrs(e).get("type") == "PERSON" and e.end > e.start}
    out: list[_Quote] = []
    for start, end in paragraphs:
        m = _NAMED_COLON.match(text, start, end)
        if m is None or any(start <= q.start < end for q in found):
            continue
        colon = text.rindex(":", start, m.end())
        if text[start:colon].split()[-1] not in surnames:
            continue
        content = text[m.end():end].rstrip(" .")
        name = toks.at(colon - 1)
        if len(content.split()) < _NAMED_COLON_WORDS or name is None:
            continue
        # "Hugh Jackman: an Oscar hit or miss?" is a topic, not words said: the words must hold
        # a clause, or some of the person's own words in single marks (a headline's title case
        # leaves its verbs to the parse's guess: "Issa: Clinton's 'Honesty Is In Question.'")
        if not (_SINGLE_QUOTED.search(content)
                or _has_clause(toks, m.end(), m.end() + len(content))):
            continue
        while name.dep_ in ("compound", "flat") and name.head.i > name.i \
                and toks.start(name.head) < colon:
            name = name.head
        q = _Quote(m.end(), m.end() + len(content), "reported")
        q.speaker = name
        out.append(q)
    return out


def _colon_speaker(text: str, open_at: int, toks: _Tokens) -> Token | None:
    """ "Michael P. McDonald: “...”": the name before a colon that introduces a quote; or,
    when a clause comes before the colon ("Zeldin gave the technique a whirl in an interview
    on Tuesday: “...”"), its subject: the last words before the colon are no speaker then."""
    before = text[:open_at].rstrip()
    if not before.endswith(":"):
        return None
    tok = toks.at(len(before) - 2)
    if tok is None:
        return None
    colon = tok.i + 1
    # the verb of the clause before the colon: the one whose head is not before the colon
    verbs = [t for t in tok.sent if t.i < colon and t.pos_ in ("VERB", "AUX")
             and (t.head.i >= colon or t.head.i == t.i)]
    if verbs:
        subj = _subject_past_dateline(verbs[0])
        return None if subj is None or subj.lower_ in _NON_SPEAKERS else subj
    while tok.dep_ in ("compound", "flat") and tok.head.i > tok.i:
        tok = tok.head
    if tok.pos_ not in ("PROPN", "NOUN", "PRON") or tok.is_stop:
        return None
    return tok


def _subject_past_dateline(verb: Token) -> Token | None:
    """The verb's subject, past a dateline. The parse may give a verb two subjects: a
    dateline's place beside the speaker ("Washington (AFP) – Democrat Hillary Clinton has
    ..."), or a fronted phrase ("Cross-referencing voting records ..., the researchers
    found"): the one nearest before the verb is its own."""
    subjects = sorted((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")),
                      key=lambda c: (c.i > verb.i, abs(verb.i - c.i)))
    return next((s for s in map(_past_dateline, subjects) if s is not None), None)


def _past_dateline(subj: Token) -> Token | None:
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


def _has_verb(toks: _Tokens, start: int, end: int) -> bool:
    """Whether the quoted words hold a verb ("reaching new frontiers"), not only a noun
    phrase ("some trade deals"): scare quotes are nearly always the latter."""
    return any(t.pos_ in ("VERB", "AUX") and t.dep_ != "amod" for t in toks.between(start, end))


def _has_clause(toks: _Tokens, start: int, end: int) -> bool:
    """Whether the words hold a verb with its subject: a statement, not a topic."""
    return any(t.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass", "expl") and start <= toks.start(c) < end
        for c in t.children) for t in toks.between(start, end))


def _is_cue(tok: Token, toks: _Tokens, spans: Disjoint) -> bool:
    if spans.strictly_inside(toks.start(tok)):
        return False
    if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
        return True
    lemma = tok.lemma_.lower()
    if lemma in _VOICE_CUES:
        return tok.tag_ in ("VBD", "VBZ", "VBP")
    if tok.tag_ == "NNS" and tok.dep_ == "ROOT" and lemma in CUE_LEMMAS \
            and _name_before_cue(tok) is not None:
        return True  # "“…,” Kowalski notes.": the tagger took the verb for a plural noun
    for cues, particle in ((_BACK_CUES, "back"), (_OUT_CUES, "out")):
        if lemma in cues and tok.pos_ == "VERB" and any(
                c.dep_ in ("prt", "advmod") and c.lower_ == particle for c in tok.children):
            return True
    # a participle reports only with its auxiliary ("has said"), or as the verb of a clause
    # with a subject the tagger took for a participle ("… fun!” Trump tweeted.")
    return lemma in CUE_LEMMAS and tok.pos_ in ("VERB", "AUX") \
        and tok.tag_ != "VBN" or lemma in CUE_LEMMAS and tok.tag_ == "VBN" \
        and any(c.dep_ == "aux" or c.dep_ == "nsubj" and c.i < tok.i for c in tok.children)


def _cue_for(toks: _Tokens, m: Marked, direct: bool, spans: Disjoint) -> Token | None:
    """The reporting word of the quote in marks ``m``: the nearest cue after the closing
    mark (in its sentence), else before the opening one; a partial quote prefers a cue
    that governs it in the parse."""
    first = toks.at(m.inner) or toks.at(m.inner + 1)
    if not direct and first is not None:
        for anc in first.ancestors:
            if _is_cue(anc, toks, spans):
                return anc
    tok: Token | None  # walks away from a mark; None past the document's edge
    close = toks.at(m.close)
    if close is not None and not _ends_sentence(close):
        tok = close
        for _ in range(_CUE_AFTER):
            tok = _next(tok)
            if tok is None or tok.text in MARK_TOKENS or _sentence_end(tok):
                break
            if _is_cue(tok, toks, spans):
                return tok
    opening = toks.at(m.open)
    if opening is not None:
        tok = opening
        for _ in range(30):
            tok = _prev(tok)
            if tok is None or tok.text in MARK_TOKENS or _sentence_end(tok):
                break
            if _is_cue(tok, toks, spans):
                return tok
    return None


def _ends_sentence(close: Token) -> bool:
    """Whether the quote closed by the mark ``close`` ends its sentence, so that a reporting
    verb after it belongs to the next one: '“… found.” He added, “…”' (the cue of the next
    quote), not '“… found,” he said'. After "?" or "!" a capital is no sign: '“Too forced?”
    He tweeted' is as common as '“Why?” He added, “…”'."""
    after, last = _next(close), _prev(close)
    return after is not None and last is not None and after.is_title \
        and last.text.endswith(".")


def _next(tok: Token) -> Token | None:
    return tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None


def _prev(tok: Token) -> Token | None:
    return tok.doc[tok.i - 1] if tok.i > 0 else None


def _sentence_end(tok: Token) -> bool:
    """A full stop that ends a sentence (not the dot of "Brig." the tokenizer split off)."""
    if tok.text not in (".", "!", "?"):
        return False
    prev = _prev(tok)
    return prev is None or not (prev.text[:1].isupper() and len(prev.text) <= 5
                                and prev.whitespace_ == "")


def _quote(start: int, end: int, kind: str, cue: Token | None, toks: _Tokens,
           spans: Disjoint | None = None) -> _Quote:
    q = _Quote(start, end, kind)
    if cue is not None:
        q.cue = _cue_span(cue, toks)
        q.cue_token = cue
        inside = spans or Disjoint()
        q.speaker = _speaker_head(cue, lambda t: inside.strictly_inside(toks.start(t)))
    return q


def _cue_span(cue: Token, toks: _Tokens) -> tuple[int, int]:
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


def _speaker_head(cue: Token, quoted: Callable[[Token], bool] | None = None) -> Token | None:
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
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and not (quoted and quoted(subj)):
            if subj.lower_ in ("who", "that") and tok.dep_ == "relcl":
                # "Sanders, who said ...": the mention is "who", as "he" is one; the resolver
                # names it by the noun the clause is about
                return subj
            subj = _subject_past_dateline(tok)
            if subj is None:
                return None
            return None if subj.lower_ in _NON_SPEAKERS and subj.lower_ != "it" else subj
        # "deflected questions before saying": through the preposition to the verb
        climb = tok.dep_ in ("advcl", "conj", "xcomp", "pcomp", "prep") or tok.tag_ == "VBG" \
            or (quoted is not None and quoted(tok))
        if climb and tok.head.i != tok.i:  # spaCy makes a new Token per access: no "is"
            tok = tok.head
        else:
            break
    return _after_inverted_cue(cue) or _name_before_cue(cue)


def _name_before_cue(cue: Token) -> Token | None:
    """ "“…,” Bozell notes.": a name right before the cue that the parse made a compound of
    it (a noun "notes"), no subject."""
    doc = cue.doc
    prev = doc[cue.i - 1] if cue.i > 0 else None
    if prev is None or prev.dep_ != "compound" or prev.head.i != cue.i \
            or prev.pos_ != "PROPN":
        return None
    return prev


def _after_inverted_cue(cue: Token) -> Token | None:
    """ "''...,'' said Robin Maynard, half joking.": a cue right after a closing mark, with the
    speaker after it, whom the parse made the subject of something else ("joking")."""
    doc = cue.doc
    if cue.i == 0 or cue.i + 1 >= len(doc) or doc[cue.i - 1].text not in MARK_TOKENS:
        return None
    tok = doc[cue.i + 1]
    while tok.dep_ in ("compound", "flat") and tok.head.i > tok.i:
        tok = tok.head
    return tok if tok.pos_ == "PROPN" else None


# --- reported speech ------------------------------------------------------------------------

def _reported_quotes(text: str, toks: _Tokens, marked: list[_Quote]) -> list[_Quote]:
    used = {id(q.cue_token) for q in marked if q.cue_token is not None}
    taken = Disjoint([(q.start, q.end) for q in marked])
    found: list[_Quote] = []
    for tok in toks.tokens:
        if id(tok) in used or taken.strictly_inside(toks.start(tok)):
            continue
        is_according = tok.lower_ == "according" and any(c.lower_ == "to"
                                                         for c in tok.children)
        if not is_according and not (tok.lemma_.lower() in REPORT_LEMMAS
                                     and tok.pos_ in ("VERB", "AUX")):
            continue
        if _unsaid(tok):
            continue  # "have not said what ...", "declined to say how much ...": no content
        head = _speaker_head(tok)
        aside = None if is_according else _aside_content(tok, head, toks)
        content = aside or _reported_content(tok, toks)
        if content is None or taken.overlaps(*content):
            continue
        if not is_according and aside is None and (
                head is None or content[0] <= toks.start(head) < content[1]):
            continue  # nobody speaks, or the "speaker" is inside the reported clause
        q = _quote(content[0], content[1], "reported", tok, toks)
        q.aside = aside is not None
        found.append(q)
        taken.add(*content)
    return found


_CONTRAST = frozenset({"while", "whereas", "whilst"})
_CONCESSIVE = frozenset({"though", "although"})
# "declined to say", "refused to comment on whether": the verb reports that nothing was said
_WITHHOLD = frozenset({"decline", "refuse", "fail"})
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _unsaid(cue: Token) -> bool:
    """A reporting verb that says something was *not* said: negated ("did not say",
    "have not said") or withheld ("declined to say"). What follows it is no one's words."""
    if any(c.dep_ == "neg" for c in cue.children):
        return True
    head = cue.head
    return cue.dep_ == "xcomp" and head.i != cue.i and head.lemma_.lower() in _WITHHOLD


def _finite(head: Token) -> bool:
    """Whether a clause headed by ``head`` states something: a tensed verb ("she saw",
    "would reopen"), or a subject and "to" ("expect trade to reach $200 billion"). "his
    voice wavering before ..." (a participle) describes, it reports nothing."""
    kids = list(head.children)
    return head.tag_ in _FINITE_TAGS or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE_TAGS for c in kids) or (
        head.tag_ == "VB" and any(c.tag_ == "TO" for c in kids)
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in kids))


_WH = frozenset({"what", "how", "why", "where", "when", "who", "whom", "which"})


def _echo(head: Token) -> bool:
    """A clause that only points at words said elsewhere ("you know what they say", "ask
    him what he told the police"): a wh-word and a reporting verb, no content of its own."""
    first = min(head.subtree, key=lambda t: t.i)
    return first.lower_ in _WH and head.lemma_.lower() in CUE_LEMMAS | REPORT_LEMMAS


def _reported_content(cue: Token, toks: _Tokens) -> tuple[int, int] | None:
    """The clause ``cue`` reports: its clausal complement ("said (that) ..."), the clause
    it follows ("..., Ushakov told TASS."), or, for "according to", the rest of its
    sentence."""
    sent = cue.sent
    if cue.lower_ == "according":
        phrase = sorted(cue.subtree, key=lambda t: t.i)
        left = [t for t in sent if t.i < phrase[0].i]
        right = [t for t in sent if t.i > phrase[-1].i]
        return _clause_span(left if len(left) >= len(right) else right, toks)
    subj = _speaker_head(cue)
    for child in cue.children:
        if child.dep_ == "ccomp" and child.i > cue.i:
            if not _finite(child) or _echo(child):
                return None
            # a relative pronoun fronted before the verb is not said: "a rule, which critics
            # said was discriminatory": the critics said "(it) was discriminatory"
            words = sorted((t for t in child.subtree if t.i > cue.i), key=lambda t: t.i)
            if words and words[0].dep_ == "mark" and words[0].lower_ in ("that", "whether",
                                                                          "if"):
                words = words[1:]
            return _clause_span(_before_attribution(_before_contrast(words)), toks)
    if cue.lemma_.lower() in _TO_LEMMAS:
        for child in cue.children:
            if child.dep_ == "xcomp" and child.i > cue.i:
                return _clause_span(sorted(child.subtree, key=lambda t: t.i), toks)
    if cue.dep_ in ("relcl", "acl", "amod") or any(
            c.dep_ == "dobj" for c in cue.children) and cue.lemma_.lower() != "tell":
        return None  # "..., a charge Beijing denies.": the clause is not what it denies
    # The attribution trails its clause: "Moscow values ..., Ushakov told TASS."
    limit = min(t.i for t in (subj, cue) if t is not None)
    if subj is not None:
        limit = min(limit, min(t.i for t in subj.subtree))
    for child in cue.children:
        if child.dep_ in ("ccomp", "advcl", "parataxis", "conj") and child.i < limit \
                and _finite(child):
            words = sorted((t for t in child.subtree if t.i < limit), key=lambda t: t.i)
            if words and words[0].i == sent.start and _comma_between(words[-1], limit):
                return _clause_span(words, toks)
    if cue.dep_ in ("parataxis", "ccomp", "advcl") and cue.head.i < cue.i \
            and cue.head.dep_ == "ROOT":
        words = [t for t in sent if t.i < limit]
        if words and _comma_between(words[-1], limit):
            return _clause_span(words, toks)
    return None


def _aside_content(cue: Token, subj: Token | None, toks: _Tokens) -> tuple[int, int] | None:
    """The sentence an attribution sits inside of, set off by commas: "The bigger risk, he
    said, is a clash ...", "In a merger, Capellas said, the brand would survive": the whole
    sentence is what was said (as PolNeAR marks it: its content runs on both sides). Only
    when words come before the aside and a tensed clause after it, and the aside is nothing
    but its speaker and the verb ("he said", "the minister told reporters")."""
    if subj is None or subj.i > cue.i:
        return None
    sent = cue.sent
    first = min(t.i for t in subj.subtree)
    before, after = sent.doc[first - 1] if first > sent.start else None, _next(cue)
    while after is not None and after.head.i == cue.i and after.dep_ in (
            "dobj", "dative", "npadvmod", "advmod", "prep"):
        after = _next(max(after.subtree, key=lambda t: t.i))  # "told reporters", "said on Monday"
    if before is None or after is None or before.text != "," or after.text != ",":
        return None
    lead = [t for t in sent if t.i < before.i and not t.is_punct]
    rest = [t for t in sent if t.i > after.i]
    if not lead or not any(t.pos_ in ("VERB", "AUX") and _finite(t) for t in rest):
        return None
    if rest[0].text in MARK_TOKENS:
        return None  # '..., producers had this to say, "Hugh Jackman is ...': a quote follows
    if rest[0].tag_ == "VBG" or rest[0].lower_ in _CONTRAST | _CONCESSIVE:
        # "X sent Y, Politico reported on Thursday, citing data ..., though ...": a
        # participle or a "though" goes on with the attribution or the writer, not with
        # what was said; the attribution trails the words before it
        return None
    return _clause_span([t for t in sent], toks)


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


def _comma_between(last: Token, limit: int) -> bool:
    doc = last.doc
    return any(doc[i].text in (",", "—", "–") for i in range(last.i, limit))


def _clause_span(words: list[Token], toks: _Tokens) -> tuple[int, int] | None:
    while words and (words[0].is_punct or words[0].is_space):
        words = words[1:]
    while words and (words[-1].is_punct and words[-1].text not in MARK_TOKENS
                     or words[-1].is_space):
        words = words[:-1]
    if len(words) < 3 or not any(t.pos_ in ("VERB", "AUX") for t in words):
        return None
    return toks.start(words[0]), toks.end(words[-1])


# --- speakers -------------------------------------------------------------------------------

def _with_speakers(text: str, entities: list[Span], toks: _Tokens,
                   quotes: list[_Quote]) -> list[Span]:
    resolver = SpeakerResolver(text, entities,
                               excluded=[(q.start, q.end) for q in quotes
                                         if q.kind != "reported"],
                               grammar=lambda start, end: _grammar(toks, start, end))
    for tok in toks.tokens:
        # a subject called by a role, in the singular, naming nobody ("the victim", not
        # "spokesman Dmitry Peskov", whose name is the mention), of its sentence's main verb
        # or of a reporting verb: "(he heard activity) as the gunman gave himself up" does
        # not make the gunman whom the next "he said" is
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.tag_ == "NN" \
                and tok.lower_ in ROLE_NOUNS and (
                    tok.head.dep_ == "ROOT"
                    or tok.head.lemma_.lower() in CUE_LEMMAS | REPORT_LEMMAS):
            words = speaker_tokens(tok)
            resolver.add_unnamed(toks.start(words[0]), toks.end(words[-1]),
                                 text[toks.start(words[0]):toks.end(words[-1])])
    speakers: dict[tuple[int, int], Span] = {}
    out: list[Span] = []
    previous: tuple[_Quote, tuple[int, int] | None] | None = None
    for q in quotes:
        attrs: QuoteAttrs = {"kind": q.kind}
        if q.cue is not None:
            attrs["cue"] = list(q.cue)
        where = _speaker_span(q, toks, resolver, speakers)
        if where is None and q.cue is None and q.kind == "direct" and previous is not None \
                and previous[1] is not None and q.para - previous[0].para <= 1:
            # "“...,” he said. “..." or a quote running on: the same speaker goes on talking.
            where = previous[1]
        if where is not None:
            attrs["speaker"] = list(where)
        out.append(make_span(q.start, q.end, Label.QUOTE, attrs))
        previous = (q, where)
    log.debug("%d quotes, %d speakers", len(out), len(speakers))
    return sorted(out + list(speakers.values()), key=lambda s: (s.start, s.end, s.label))


def _grammar(toks: _Tokens, start: int, end: int) -> tuple[str, int] | None:
    """("subject" or "other", where its sentence starts) for the words at [start, end), or
    None where they were not parsed. The words' root is the token whose head lies outside
    them; a subject is its clause's nsubj (or the name in apposition to one)."""
    first = toks.at(start)
    if first is None:
        return None
    words = [t for t in first.doc[first.i:] if toks.start(t) < end]
    root = next((t for t in words if t.head not in words or t.head.i == t.i), first)
    while root.dep_ in ("appos", "compound") and root.head.i != root.i:
        root = root.head
    role = "subject" if root.dep_ in ("nsubj", "nsubjpass") else "other"
    return role, toks.start(first.sent[0])


def _speaker_span(q: _Quote, toks: _Tokens, resolver: SpeakerResolver,
                  speakers: dict[tuple[int, int], Span]) -> tuple[int, int] | None:
    if q.speaker is None:
        return None
    tokens = speaker_tokens(q.speaker)
    # "Last month U.S. Secretary of State Antony Blinken said": the date is not the speaker.
    while len(tokens) > 1 and resolver.is_time(toks.start(tokens[0])):
        tokens = tokens[1:]
    if resolver.is_time(toks.start(tokens[0])):
        return None  # "Late on Tuesday: “...”": a day says nothing
    where = (toks.start(tokens[0]), toks.end(tokens[-1]))
    if where[0] < q.end and q.start < where[1] and not q.aside:
        return None  # the "speaker" is inside what is quoted: a misparse
    if where not in speakers:
        attrs = resolver.resolve(tokens, q.speaker, q.cue_token, toks.offset[id(tokens[0].doc)])
        speakers[where] = make_span(where[0], where[1], Label.SPEAKER, attrs)
    return where
