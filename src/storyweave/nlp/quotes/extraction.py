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
paragraph; reporting words and the speaker's head word are read in :mod:`cues`, speech
without marks in :mod:`reported`, and speakers are resolved in :mod:`speakers`. The parse (spaCy's
full pipeline, ~50% dearer than NER alone) is run only on paragraphs that may hold a quote:
see :func:`quote_chunks`, which lets ``annotate`` batch the parse over all articles.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sized
from itertools import pairwise
from typing import TYPE_CHECKING

from ...labels import Label
from ...model import Span
from ...spanattrs import QuoteAttrs, entity_attrs, make_span
from ..entities import NER_BATCH_CHARS, NER_BATCH_SIZE, Chunk, ner_chunks, text_batches
from ..models import spacy_nlp
from .acts import ACT_LEMMAS, act_content
from .cues import (
    FoundQuote,
    Tokens,
    age_words,
    cue_for,
    found_quote,
    is_age,
    is_cue,
    subject_past_dateline,
    untagged_name,
)
from .lexicon import CUE_LEMMAS, NON_SPEAKERS, REPORT_FORMS, REPORT_LEMMAS, verb_forms
from .marks import (
    Disjoint,
    Marked,
    ends_clause,
    holds_mark,
    pair_marks,
    starts_clause,
    trim_quoted,
    whole_marks,
)
from .reported import reported_content, reported_quotes
from .speaker_words import ROLE_NOUNS, speaker_tokens
from .speakers import SpeakerResolver

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# The labels this step adds (annotate replaces them, and only them, on every run).
ADDS = frozenset({Label.QUOTE, Label.SPEAKER})

__all__ = ["ADDS", "CUE_LEMMAS", "pair_marks", "quote_chunks", "quote_spans", "run_parse"]

log = logging.getLogger(__name__)

# Paragraphs the parser needs: a quote mark, or a word that may report speech without marks
# (the other cues only count next to marks, which trigger the parse themselves).
_CANDIDATE = re.compile(
    r"[\"“”„«»]|''|``|\baccording to\b|\b(?:"
    + "|".join(sorted(REPORT_FORMS | {f for lemma in ACT_LEMMAS for f in verb_forms(lemma)},
                      key=len, reverse=True))
    + r")\b", re.IGNORECASE)
# A paragraph that gives a person's words after their name and a colon: a headline ("Ryan:
# 'Anti-Semitic Images' Have 'No Place In A Presidential Campaign.'") or a transcript's turn
# ("Matthews: Well, speculation is bad."). At most four capitalised words before the colon,
# the last the surname of a person the article names ("Report:", "Update:" are nobody).
_NAMED_COLON = re.compile(r"(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*:\s+(?=\S)")
_NAMED_COLON_WORDS = 4  # the words the content must have at least
_FIRST_PERSON = frozenset({"i", "we"})
_OPENS = re.compile(r"\s?(?:[\"“]|'')")  # a paragraph opening on a quote mark
_SINGLE_QUOTED = re.compile(r"(?:^|\s)['‘]\w[^'’]*['’](?=\W|$)")


def quote_chunks(text: str, paragraphs: list[tuple[int, int]]) -> list[Chunk]:
    """The texts to parse for :func:`quote_spans`, in order: the paragraphs that hold a
    quote mark or a reporting word (a very long one in chunks, as ``ner_chunks`` cuts it)."""
    # paragraphs right before one that opens on a quote mark
    before_quote = {s for (s, _), (t, u) in pairwise(paragraphs) if _OPENS.match(text, t, u)}
    wanted = [(s, e) for s, e in paragraphs
              if _CANDIDATE.search(text, s, e) or _NAMED_COLON.match(text, s, e)
              # "Cruz continued:" introduces the quote of the next paragraph, and so may
              # "The DNC issued a statement on Monday." (``_introduced_speaker``)
              or text[s:e].rstrip().endswith(":") or s in before_quote]
    return ner_chunks(text, wanted) if wanted else []


def run_parse(texts: Iterable[str], *, batch_size: int = NER_BATCH_SIZE,
              batch_chars: int = NER_BATCH_CHARS) -> Iterator[Doc]:
    """spaCy docs for ``texts`` (lazily, in order) with the parser and tagger run; NER is
    skipped, the article's entities come from :mod:`entities`."""
    nlp = spacy_nlp()
    disable = [name for name in nlp.pipe_names if name == "ner"]
    for batch in text_batches(texts, batch_size, batch_chars):
        yield from nlp.pipe(batch, batch_size=len(batch), disable=disable)


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
    toks = Tokens(text, chunks, docs)
    para_starts = [s for s, _ in paragraphs]
    marks = pair_marks(text, paragraphs)
    surnames = person_surnames(text, entities)
    quotes = _marked_quotes(text, paragraphs, marks, toks, surnames)
    quotes += reported_quotes(text, toks, quotes, surnames)
    quotes += _named_colon_quotes(text, paragraphs, surnames, toks, quotes)
    for q in quotes:
        if q.kind == "reported":
            q.start, q.end = whole_marks(q.start, q.end, marks)
    quotes.sort(key=lambda q: q.start)
    for q in quotes:
        q.para = bisect_right(para_starts, q.start) - 1
        q.last_para = bisect_right(para_starts, max(q.start, q.end - 1)) - 1
    return _with_speakers(text, entities, toks, quotes, marks)


# --- quotes in marks ------------------------------------------------------------------------

def _marked_quotes(text: str, paragraphs: list[tuple[int, int]], marked: list[Marked],
                   toks: Tokens, surnames: frozenset[str]) -> list[FoundQuote]:
    quotes: list[FoundQuote] = []
    spans = Disjoint([(m.open, m.close) for m in marked])
    for m in marked:
        start, end = trim_quoted(text, m.inner, m.close)
        if start >= end:
            continue
        words = len(text[start:end].split())
        if _is_title(text, m.open, start, end):
            continue
        direct = starts_clause(text, m.open, paragraphs) and ends_clause(text, start, end, m)
        cue = cue_for(toks, m, direct, spans)
        if direct:
            if cue is None and words <= 2:
                continue
            q = found_quote(start, end, "direct", cue, toks, spans)
            if cue is not None and q.speaker is None:
                q.speaker = untagged_name(cue, surnames)
            if cue is None:
                q.speaker = _colon_speaker(text, m.open, toks) \
                    or _introduced_speaker(text, paragraphs, m.open, toks)
            quotes.append(q)
            continue
        if cue is None:
            continue  # a scare quote: a term in marks that nobody is said to say
        if words <= 3 and not _has_verb(toks, start, end):
            if not _label_given(cue, toks, start, end):
                continue  # a scare quote too
            # a label a speech act gives: the speaker's words, within the widest report
            # that holds it ("said he met with Cheeks, describing him as a “class act”")
            q = _around_label(cue, toks, start, end, spans) \
                or found_quote(start, end, "partial", cue, toks, spans)
            if q.speaker is None:
                continue  # a label nobody gives is a scare quote after all
            if not any((q.start, q.end) == (o.start, o.end) for o in quotes):
                quotes.append(q)  # two labels of one report: one quote
            continue
        reported = reported_content(cue, toks) if cue.lemma_ in REPORT_LEMMAS else None
        if reported and reported[0] <= start and end <= reported[1] \
                and (end - start) * 2 < reported[1] - reported[0]:
            # The marks hold a phrase of a longer paraphrase: the paraphrase is the quote.
            quotes.append(found_quote(reported[0], reported[1], "reported", cue, toks, spans))
        else:
            quotes.append(found_quote(start, end, "partial", cue, toks, spans))
    return quotes


# Nouns that a work's title in marks follows: "in his 2012 book, “An American Son.”"
_WORKS = frozenset("""book memoir memoirs novel film movie documentary song album show series
episode play musical poem column essay article editorial op-ed piece podcast programme program
titled entitled""".split())
_TITLE_WORD = re.compile(r"[\w’'-]+")
_WORD_BEFORE = re.compile(r"[\w-]+")
# A title: a dozen words at most, three in five capitalised. Chosen, not fitted (no set here
# labels titles); read on the titles missed or wrongly quoted in 300 PolNeAR train articles
# and on the ECB+ dev dossiers, where one report title stopped being a quote.
TITLE_WORDS, TITLE_CAPITALS = 12, 0.6


def _is_title(text: str, open_at: int, start: int, end: int) -> bool:
    """Whether the words in marks are the title of a work, not anyone's words: right after
    a noun for a work (and its comma), at most a dozen words, most of them capitalised."""
    before = _WORD_BEFORE.findall(text[max(0, open_at - 40):open_at].lower())
    if not before or before[-1] not in _WORKS:
        return False
    words = _TITLE_WORD.findall(text[start:end])
    if not words or len(words) > TITLE_WORDS:
        return False
    capitals = sum(w[0].isupper() or w.isdigit() for w in words)
    return capitals >= max(1, TITLE_CAPITALS * len(words)) and words[0][0].isupper()


def _named_colon_quotes(text: str, paragraphs: list[tuple[int, int]],
                        surnames: frozenset[str], toks: Tokens,
                        found: list[FoundQuote]) -> list[FoundQuote]:
    """ "Ryan: 'Anti-Semitic Images' Have 'No Place ...'": a paragraph opening on a person's
    name and a colon reports what follows, as that person's (``reported``: it may be a
    paraphrase). Not where a quote was found in the paragraph already. ``surnames`` are the
    article's people's (:func:`person_surnames`): a headline's name may be untagged where it
    is (a transcript prints them in capitals: "FALLIN: I think ...")."""
    out: list[FoundQuote] = []
    for start, end in paragraphs:
        m = _NAMED_COLON.match(text, start, end)
        if m is None:
            continue
        colon = text.rindex(":", start, m.end())
        name = toks.at(colon - 1)
        if text[start:colon].split()[-1].casefold() not in surnames or name is None:
            continue
        while name.dep_ in ("compound", "flat") and name.head.i > name.i \
                and toks.start(name.head) < colon:
            name = name.head
        inside = [q for q in found if start <= q.start < end]
        for q in inside:
            # a transcript's turn: "I think ..." is the person the turn is given to
            if q.start >= m.end() and q.speaker is not None \
                    and q.speaker.lower_ in _FIRST_PERSON:
                q.speaker = name
        content = text[m.end():end].rstrip(" .")
        if inside or len(content.split()) < _NAMED_COLON_WORDS:
            continue
        # "Hugh Jackman: an Oscar hit or miss?" is a topic, not words said: the words must hold
        # a clause, or some of the person's own words in single marks (a headline's title case
        # leaves its verbs to the parse's guess: "Issa: Clinton's 'Honesty Is In Question.'")
        if not (_SINGLE_QUOTED.search(content)
                or _has_clause(toks, m.end(), m.end() + len(content))):
            continue
        q = FoundQuote(m.end(), m.end() + len(content), "reported")
        q.speaker = name
        out.append(q)
    return out


def person_surnames(text: str, entities: list[Span]) -> frozenset[str]:
    """The surnames of the article's people, case-folded: a name the parse missed where it
    stands is known by the article's other mentions of it."""
    return frozenset(text[e.start:e.end].split()[-1].casefold() for e in entities
                     if entity_attrs(e).get("type") == "PERSON" and e.end > e.start
                     and text[e.start:e.end].split())


def _colon_speaker(text: str, open_at: int, toks: Tokens) -> Token | None:
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
    # the verb of the clause that ends at the colon ("In the hours after 14 people were
    # killed ..., a familiar voice celebrated the attacks on Twitter:"), or the reporting
    # verb it hangs on ("Axelrod said ... that she has learned her lesson:"); else the one
    # whose head is not before the colon
    chain = [t for t in [tok, *tok.ancestors] if t.i < colon and t.pos_ in ("VERB", "AUX")]
    verbs = [t for t in tok.sent if t.i < colon and t.pos_ in ("VERB", "AUX")
             and (t.head.i >= colon or t.head.i == t.i)]
    cues = [t for t in chain if t.lemma_.lower() in CUE_LEMMAS]
    for verb in cues + chain + verbs[:1]:
        subj = subject_past_dateline(verb)
        if subj is not None and subj.lower_ not in NON_SPEAKERS:
            return subj  # not "what" of "apologized for what happened:"
    if verbs:
        return None
    while tok.dep_ in ("compound", "flat") and tok.head.i > tok.i:
        tok = tok.head
    if tok.pos_ not in ("PROPN", "NOUN", "PRON") or tok.is_stop:
        return None
    return tok


# Verbs of a sentence that introduces the quote of the next paragraph: "The DNC issued a
# statement apologizing to Sanders." / "Howard continued his scathing remarks." / "Obama
# lauded Dr. Collins' experience in the announcement." (and the reporting verbs themselves)
_INTRODUCING = CUE_LEMMAS | frozenset("""
issue release laud praise hail thank apologize apologise respond react weigh speak address
""".split())


def _introduced_speaker(text: str, paragraphs: list[tuple[int, int]], open_at: int,
                        toks: Tokens) -> Token | None:
    """The speaker of a quote that opens its paragraph or its sentence with no cue, given by
    the sentence just before it when that sentence has nothing quoted and its main verb
    introduces words ("The DNC issued a statement apologizing to Sanders.\n\n“On behalf of
    everyone at the DNC, ...”", "Lynch announced the lawsuit on Monday. “We are seeking
    ...”"): its subject."""
    k = bisect_right(paragraphs, open_at, key=lambda p: p[0]) - 1
    if k < 0:
        return None
    if text[paragraphs[k][0]:open_at].strip():
        start, end = paragraphs[k][0], open_at  # the sentences before it in its paragraph
    elif k < 1:
        return None  # no paragraph before it
    else:
        start, end = paragraphs[k - 1]
    if holds_mark(text, start, end) or not text[start:end].rstrip().endswith("."):
        return None  # a quote before it (its speaker runs on) or no sentence
    last = toks.at(len(text[:end].rstrip()) - 1)
    if last is None:
        return None
    root = last.sent.root
    if root.lemma_.lower() not in _INTRODUCING or root.pos_ not in ("VERB", "AUX"):
        return None
    subj = subject_past_dateline(root)
    return None if subj is None or subj.lower_ in NON_SPEAKERS else subj


def _has_verb(toks: Tokens, start: int, end: int) -> bool:
    """Whether the quoted words hold a verb ("reaching new frontiers"), not only a noun
    phrase ("some trade deals"): scare quotes are nearly always the latter."""
    return any(t.pos_ in ("VERB", "AUX") and t.dep_ != "amod" for t in toks.between(start, end))


# Verbs that give their object a label: the label in marks is the speaker's word ("called
# the claims “pure disinformation”", "dubbed him “the little senator”").
_LABELLING = frozenset("call dub label brand term describe deride".split())


def _label_given(cue: Token, toks: Tokens, start: int, end: int) -> bool:
    """Whether the few words in marks are the label a speech act gives its object: "Trump
    called undocumented immigrants “rapists”", "described the plan as “reckless”". Not a
    name given in capitals ("would call “Safe Ride Solutions”": a number to ring)."""
    if cue.lemma_.lower() not in _LABELLING:
        return False
    inside = toks.between(start, end)
    words = [t for t in inside if t.is_alpha]
    if not words or all(t.is_title for t in words):
        return False
    governed = {d.i for d in cue.subtree}
    return any(t.i in governed and t.i > cue.i for t in inside)


def _around_label(cue: Token, toks: Tokens, start: int, end: int,
                  spans: Disjoint) -> FoundQuote | None:
    """The widest reported clause or speech act, of the label's cue or a cue above it, that
    holds the label and more: "Smith called Jackson a “true professional” and “ultimate team
    player”" reports what Smith called Jackson."""
    chain = [c for c in [cue, *cue.ancestors] if is_cue(c, toks, Disjoint())]
    words = [t for t in toks.between(start, end) if not t.is_punct]
    if words:
        end = toks.end(words[-1])  # "a “class act.”": the stop is the sentence's
    for c in reversed(chain):  # the outermost first
        lemma = c.lemma_.lower()
        content = act_content(c, toks) if lemma in ACT_LEMMAS else \
            reported_content(c, toks) if lemma in REPORT_LEMMAS else None
        if content is not None and content[0] <= start and end <= content[1] \
                and content[1] - content[0] > end - start:
            return found_quote(content[0], content[1], "reported", c, toks, spans)
    return None


def _has_clause(toks: Tokens, start: int, end: int) -> bool:
    """Whether the words hold a verb with its subject: a statement, not a topic."""
    return any(t.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass", "expl") and start <= toks.start(c) < end
        for c in t.children) for t in toks.between(start, end))


# --- speakers -------------------------------------------------------------------------------

def _with_speakers(text: str, entities: list[Span], toks: Tokens,
                   quotes: list[FoundQuote], marks: list[Marked]) -> list[Span]:
    # no one named in marks is whom a pronoun stands for: quoted words, and titles ("his
    # movie “Ted”" was whom "she released a jokey response" named; ECB+ dev)
    excluded = [(q.start, q.end) for q in quotes if q.kind != "reported"] \
        + [(m.inner, m.close) for m in marks]
    resolver = SpeakerResolver(text, entities, excluded=excluded,
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
    previous: tuple[FoundQuote, tuple[int, int] | None] | None = None
    for q in quotes:
        attrs: QuoteAttrs = {"kind": q.kind}
        if q.cue is not None:
            attrs["cue"] = list(q.cue)
        where = _speaker_span(q, toks, resolver, speakers)
        if where is None and q.cue is None and q.kind == "direct" and previous is not None \
                and previous[1] is not None and q.para - previous[0].last_para <= 1:
            # "“...,” he said. “..." or a quote running on: the same speaker goes on talking.
            where = previous[1]
        if where is not None:
            attrs["speaker"] = list(where)
        out.append(make_span(q.start, q.end, Label.QUOTE, attrs))
        if q.kind != "partial" or where is not None:
            # a name in marks nobody is given ("wrote the authors of the “Growth and
            # Opportunity Project,” ... “If Hispanics ...”") does not stop the speaker
            previous = (q, where)
    log.debug("%d quotes, %d speakers", len(out), len(speakers))
    return sorted(out + list(speakers.values()), key=lambda s: (s.start, s.end, s.label))


def _grammar(toks: Tokens, start: int, end: int) -> tuple[str, int] | None:
    """("main", "subject" or "other", where its sentence starts) for the words at [start,
    end), or None where they were not parsed. The words' root is the token whose head lies
    outside them; a subject is its clause's nsubj (or the name in apposition to one), "main"
    when that clause is the sentence's own (its verb the sentence's root, or joined to it by
    "and"), not one inside it ("He said Mateen 'has not done this ...'")."""
    first = toks.at(start)
    if first is None:
        return None
    words = [t for t in first.doc[first.i:] if toks.start(t) < end]
    root = next((t for t in words if t.head not in words or t.head.i == t.i), first)
    while root.dep_ in ("appos", "compound") and root.head.i != root.i:
        root = root.head
    role = "subject" if root.dep_ in ("nsubj", "nsubjpass") else "other"
    if role == "subject":
        verb = root.head
        while verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
        if verb.dep_ == "ROOT":
            role = "main"
    return role, toks.start(first.sent[0])


def _speaker_span(q: FoundQuote, toks: Tokens, resolver: SpeakerResolver,
                  speakers: dict[tuple[int, int], Span]) -> tuple[int, int] | None:
    if q.speaker is None:
        return None
    # an age is a person, not the date NER tags it ("the 43-year-old asked")
    age = is_age(q.speaker)
    tokens = age_words(q.speaker) if age else speaker_tokens(q.speaker)
    # "Last month U.S. Secretary of State Antony Blinken said": the date is not the speaker.
    while not age and len(tokens) > 1 and resolver.is_time(toks.start(tokens[0])):
        tokens = tokens[1:]
    if not age and resolver.is_time(toks.start(tokens[0])):
        return None  # "Late on Tuesday: “...”": a day says nothing
    where = (toks.start(tokens[0]), toks.end(tokens[-1]))
    if where[0] < q.end and q.start < where[1] and not q.aside:
        return None  # the "speaker" is inside what is quoted: a misparse
    if where not in speakers:
        attrs = resolver.resolve(tokens, q.speaker, q.cue_token, toks.offset[id(tokens[0].doc)])
        speakers[where] = make_span(where[0], where[1], Label.SPEAKER, attrs)
    return where
