"""The NLP stage: every model call of a dossier, over a batch of articles, in one place.

``annotate`` returns an :class:`Annotations` record: the articles with their spans
(sentence, entity, number, quote, speaker, date, term, statement) as new records, the inputs
left unchanged; one embedding per sentence; and, for every statement and every quote, the
embedding and the pair-scorer side alignment and voices compare. Weaving reads these and runs
no model.

The work is batched across articles: every paragraph of every article goes through one
stream of ``nlp.pipe`` batches and every sentence through one ``Embedder.encode`` call,
because both models are far faster on large batches than one article at a time. A very long
paragraph reaches spaCy in chunks (``entities.ner_chunks``) and a very long sentence is
embedded in pieces (``sentences.MAX_SENTENCE``), so the cost stays linear in the text.
The quote step parses only the paragraphs that may hold a quote (``quotes.quote_chunks``),
again in one stream over all articles.
"""

from __future__ import annotations

import logging
import time
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from ..labels import Label
from ..model import Article, Span
from ..progress import Progress, report
from . import clauses, entities, numbers, sentences, statements, terms
from .casing import reading_views
from .clauses import fact_spans
from .embed import EMBEDDING_DIM
from .models import embedder, segmenter, spacy_nlp
from .numbers import number_spans
from .pairfeatures import (
    PairSide,
    Words,
    build_sides,
    excerpt,
    lifted_mean,
    normalised,
    stored_precision,
)
from .parsing import parse_articles
from .quotes import extraction as quotes
from .sentences import paragraph_ranges, sentence_spans
from .statements import statement_spans
from .terms import term_spans
from .timex import expressions as timex

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)
_T = TypeVar("_T")

# The labels this stage owns: re-annotating replaces them and leaves every other span alone.
NLP_LABELS = (sentences.ADDS | entities.ADDS | quotes.ADDS | numbers.ADDS | timex.ADDS
              | terms.ADDS | statements.ADDS | clauses.ADDS)

# What the annotations of an article are a function of: its text, this code and these models.
# Raise it whenever annotation changes what it finds (spans, vectors, sides): the store
# re-annotates the articles an older version annotated (storyweave.store).
# 2.9: MiniLM with integer products (nlp.quantized), one sentence per run
# 2.10: speakers' pronouns go on with the subject the text is about (nlp.quotes.speakers);
# the summary's repeat check (weaving.summary), which stored dossiers cached at 2.9 lack
# 2.13: speakers the parse put out of place, questions put to someone, spaced closing marks
# (nlp.quotes)
# 2.14: a clock right before a part of a day is one time ("5 a.m. Sunday morning": nlp.timex)
# 2.15: a quote opening its paragraph is said by whom the sentence before introduces
# 2.16: "the Indian navy" is a body that speaks, "the navy" never its spokesman
# 2.17: a title's abbreviation ("Lt.", "Sgt.", "Capt.") is one token, no sentence end; and
# the stored dossiers' name disagreements across a story (weaving.voices.attributes)
# 2.18: quotes attributed by their place (a verb of manner, "… .” Trump said.", a speaker a
# fronted phrase took as its apposition: nlp.quotes.cues); money and a time after a number
# are not what it counts (nlp.pairfeatures); what a poll, a study or records show
# (nlp.quotes.reported); a date beside a day ("Sunday, March 2, 2014") is no fact unit
# (nlp.clauses)
# 2.19: a second speech act inside a reported clause is a quote of its own ("said ... and
# predicted that ...", "..., claiming that ..."); an aside's words stop where a second
# attribution starts; no reported clause ends on "and"; a relative clause set off by commas
# reports up to its closing comma; a surname the parse took for an adverb ("Jolly said")
# is known by the article's other mentions of the person; "As Politico revealed, ..." reports
# the clause it leads; "stated his intention to ..." the intention; "urged that the council
# delay ..." the bare verb; a clause the tagger left untensed ("he’s returning", "that the
# plan and its appeal grow"); "..., said the company's spokesman." after its clause; a "that"
# clause the parse hung on a noun; a work's title in marks is no quote (nlp.quotes.reported,
# .acts, .grammar, .extraction); what a poll finds in a participle ("found Trump receiving
# 20 percent"), and what a paper finds (nlp.quotes.acts); a label a speech act gives in marks
# ("calling them “disinformation”") is a partial quote, no scare quote (nlp.quotes.extraction);
# judgements spoken of someone ("mocked Rubio for ...", "applauded him for ...": .acts), not
# one that did not happen ("should have congratulated me"); "was careful to note that ..." is
# said by the subject (nlp.quotes.cues); a
# "that" clause hung on "in his remarks" or past the object of "warned voters ..."; "a poll
# showing ...", "leaked emails showed ..." (.acts)
# 2.20: speakers (nlp.quotes.cues, .extraction, .speakers): a surname after an inverted cue
# ("said Skelly", an adverb to the tagger); a person called by age ("the 43-year-old
# asked"); a participle hung on the name after a closing mark ("..., Donald Trump, tweeted
# Sunday"); no placeholder "it" ("it was reported that", "it is premature to assume"); a
# quote opening its sentence after one that introduces words; a speakerless name in marks
# does not stop a speaker running on; ", telling reporters that ..." after a clause about
# the speaker is a second act (nlp.quotes.reported); the subject of a passive cue is no
# speaker ("Staff were told to ..."), its agent is (nlp.quotes.cues); a fact unit keeps the
# closing mark of a quote it opens (nlp.clauses); what someone proposes (nlp.quotes.acts); an
# attribution the parse made a conjunct, its subject first (nlp.quotes.reported); "the man
# police say ..." is said by the police; "Police Constable Tim Fanning", untagged by NER, is
# a person (nlp.quotes.speaker_words)
# 2.21: a quote open at a paragraph's end goes on into a paragraph whose first mark closes it
# (its opening mark lost; nlp.quotes.marks), and the quote after it, with no cue, goes on
# with its speaker; no one named in marks (a title: his movie "Ted") is whom a pronoun
# stands for (nlp.quotes.extraction); "The Hollywood Reporter wrote" is the paper's, not the
# place NER tagged inside its name (nlp.quotes.speakers); and in cleaning, an aggregator's
# "(Fox News article)" after a paragraph's last sentence is cut (ingestion.rules)
# 2.22: a time word inside a name is no time ("told USA Today", "CBS This Morning", "the
# Sunday Times"; nlp.timex.expressions); a verb in the cue's tense hung on the reported
# clause is the speaker's own doing, not what was said (nlp.quotes.reported); a speaker's
# role keeps the bracket it closes ("director of Mothers Against Drunk Driving (MADD)"); a
# quote mark after a no-break space opens its sentence (nlp.quotes.marks); people a name
# describes ("Bloomington officers", "a senior Democrat") are unnamed speakers with that role;
# a hyphenated role in apposition is whole ("a co-producer of ..."), an adjective no role;
# a model year with a colour beside it is no time ("a silver 2007 Ford Fusion", "a 2013 gray
# Camry"; nlp.timex.dates)
PIPELINE_VERSION = "2.22"
# The sentences of an article's lead whose vectors story grouping reads (their mean is the
# article's lead vector: stories.clustering); past them a sentence's vector is not embedded
# on its own (_sentence_vectors).
LEAD_SENTENCES = 5
FIGURES = ("paragraphs", "sentences", "tokens", "parsed")  # counted per article

SentenceKey = tuple[str, int, int]  # (article id, sentence start, sentence end)
PassageKey = tuple[str, int, int]  # (article id, start, end) of a statement or a quote


@dataclass(slots=True)
class SentenceVectors:
    """One embedding per sentence, looked up by the sentence itself: ``vectors[article.id,
    span.start, span.end]`` (or ``vectors.of(article, span)``). No parallel list whose order
    has to match the spans."""

    matrix: np.ndarray  # (n_sentences, dim) float32, unit rows
    rows: dict[SentenceKey, int] = field(default_factory=dict)

    @property
    def dim(self) -> int:
        return int(self.matrix.shape[1])

    def __getitem__(self, key: SentenceKey) -> np.ndarray:
        try:
            return self.matrix[self.rows[key]]
        except KeyError:
            raise KeyError(f"no embedding for sentence {key!r} (was the article annotated?)"
                           ) from None

    def of(self, article: Article, span: Span) -> np.ndarray:
        return self[article.id, span.start, span.end]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[SentenceKey]:
        return iter(self.rows)


@dataclass(slots=True)
class PassageFeatures:
    """The embedding and the pair-scorer side of each passage of one kind (statements, or
    quote contents), looked up by ``(article id, start, end)``."""

    vectors: dict[PassageKey, np.ndarray] = field(default_factory=dict)
    sides: dict[PassageKey, PairSide] = field(default_factory=dict)

    def vector(self, key: PassageKey) -> np.ndarray:
        return self.vectors[key]

    def side(self, key: PassageKey) -> PairSide:
        return self.sides[key]


@dataclass(slots=True)
class Annotations:
    """What the NLP stage found in a batch of articles. ``articles`` are new records (text and
    metadata shared with the inputs, spans sorted by ``(start, end, label)``); the inputs
    are not changed. ``report``: counts, and seconds per step (model loading excluded);
    ``figures``: the counts of each article (``FIGURES``), by article id."""

    articles: list[Article]
    sentences: SentenceVectors
    statements: PassageFeatures
    quotes: PassageFeatures
    report: dict[str, Any] = field(default_factory=dict)
    figures: dict[str, dict[str, int]] = field(default_factory=dict)


def combine(parts: list[Annotations], articles: list[Article]) -> Annotations:
    """One record of the annotations of ``articles`` (by id, in that order), found in
    ``parts`` (some annotated now, some read from a store): what ``annotate(articles)`` gives,
    the seconds of ``report`` left out."""
    by_id = {a.id: (a, p) for p in parts for a in p.articles}
    chosen = [by_id[a.id] for a in articles]
    keys = [k for a, p in chosen for k in p.sentences.rows if k[0] == a.id]
    owner = {a.id: p for a, p in chosen}
    dim = next((p.sentences.dim for p in parts), EMBEDDING_DIM)
    matrix = (np.stack([owner[k[0]].sentences[k] for k in keys]) if keys
              else np.zeros((0, dim), np.float32))
    out = Annotations([a for a, _ in chosen], SentenceVectors(matrix, {k: i for i, k in
                                                                       enumerate(keys)}),
                      PassageFeatures(), PassageFeatures(),
                      figures={a.id: p.figures[a.id] for a, p in chosen})
    for kind in ("statements", "quotes"):
        into: PassageFeatures = getattr(out, kind)
        for a, p in chosen:
            have: PassageFeatures = getattr(p, kind)
            for k, v in have.vectors.items():
                if k[0] == a.id:
                    into.vectors[k] = v
                    into.sides[k] = have.sides[k]
    out.report = totals(out)
    return out


def totals(annotations: Annotations) -> dict[str, Any]:
    """The counts of ``Annotations.report`` from the articles' own."""
    return {"articles": len(annotations.articles),
            **{name: sum(annotations.figures[a.id][name] for a in annotations.articles)
               for name in FIGURES}}


def sentences_of(article: Article) -> list[Span]:
    """The article's sentence spans in text order."""
    return sorted(article.spans_of(Label.SENTENCE), key=lambda s: (s.start, s.end))


def _counted(items: list[_T], stage: str, progress: Progress | None) -> Iterator[_T]:
    report(progress, stage, 0, len(items))
    for n, item in enumerate(items, start=1):
        yield item
        report(progress, stage, n, len(items))


def annotate(articles: list[Article], *, progress: Progress | None = None) -> Annotations:
    """Annotate ``articles``: fresh sentence, entity, quote, speaker, number, date (time
    expressions, relative ones unresolved: the writing day is weaving's to decide), term and
    statement spans replace any the inputs had (other spans, such as ``paragraph``, are
    kept); every sentence, statement and quote is embedded, and every statement and quote
    gets its pair-scorer side.

    ``progress`` is called per stage ("sentences", "parse": one spaCy pass for entities,
    quotes and time expressions, "embedding", "pair features").
    """
    # Load first, so that the timings below measure annotation, not model loading.
    spacy_nlp()
    segmenter()
    embedder()
    t0 = time.perf_counter()
    # A body set in one case is read through a cased view of the same length: the spans
    # found in it are spans of the article (nlp.casing).
    originals, articles = articles, reading_views(articles)

    ranges = [paragraph_ranges(a.text) for a in articles]
    sentences = [sentence_spans(a.text, r)
                 for a, r in _counted(list(zip(articles, ranges, strict=True)), "sentences",
                                      progress)]
    t_sent = time.perf_counter()

    statements = [statement_spans(a.text, a.spans_of(Label.PARAGRAPH), sents)
                  for a, sents in zip(articles, sentences, strict=True)]
    parsed = parse_articles(articles, ranges, sentences, progress, statements)
    entities, quotes, times = parsed.entities, parsed.quotes, parsed.times
    t_parse = time.perf_counter()

    numbers = [number_spans(a.text) for a in articles]
    terms = term_spans([a.text for a in articles], sentences)
    facts = [fact_spans(a.text, st, units)
             for a, st, units in zip(articles, statements, parsed.clauses, strict=True)]
    t_num = time.perf_counter()

    # One MiniLM pass over the statements gives their sides and vectors, and the vectors of
    # the sentences they are; spaCy's part of each side is read off the parse above.
    stated = passage_features(articles, statements, parsed.words, progress)
    quoted = quote_features(articles, quotes, parsed.words, stated)
    t_sides = time.perf_counter()
    vectors = _sentence_vectors(articles, sentences, stated, progress)
    t_emb = time.perf_counter()

    annotated = []
    for a, *found in zip(originals, sentences, entities, numbers, quotes, times, terms,
                         statements, facts, strict=True):
        kept = [s for s in a.spans if s.label not in NLP_LABELS]
        # Stable tie-break on label so that equal (start, end) spans come out the same way
        # on every run.
        spans = sorted(kept + [s for group in found for s in group],
                       key=lambda s: (s.start, s.end, s.label))
        annotated.append(replace(a, spans=spans))

    out = Annotations(annotated, vectors, stated, quoted, figures={
        a.id: {"paragraphs": len(r), "sentences": len(sents), "tokens": tokens,
               "parsed": texts}  # texts spaCy parsed (paragraphs, or chunks of long ones)
        for a, r, sents, tokens, texts in zip(articles, ranges, sentences, parsed.tokens_of,
                                               parsed.texts_of, strict=True)})
    figures = {
        **totals(out),
        "seconds": {"sentences": round(t_sent - t0, 3), "parse": round(t_parse - t_sent, 3),
                    "numbers_terms": round(t_num - t_parse, 3),
                    "pair_features": round(t_sides - t_num, 3),
                    "embedding": round(t_emb - t_sides, 3)},
    }
    log.debug("annotated %(articles)d articles, %(sentences)d sentences", figures)
    out.report = figures
    return out


def _sentence_vectors(articles: list[Article], sentences: list[list[Span]],
                      statements: PassageFeatures,
                      progress: Progress | None) -> SentenceVectors:
    """One embedding per sentence. A sentence that is exactly a statement has the
    statement's. Of the others (short ones, headings, sentences cut into clauses or with a
    dateline cut off), those of the lead (the first ``LEAD_SENTENCES``) are embedded here,
    in one call: story grouping reads the lead's vectors (``stories.clustering``). Past the
    lead, where nothing reads a sentence's vector but the store, a sentence takes the mean
    of the statements it holds (embedded only when it holds none): a second MiniLM pass over
    words the statements already passed through cost a sixth of the embedding time
    (bench/README.md). To the precision the store keeps them in
    (``pairfeatures.stored_precision``), so that a story woven from the store and one woven
    from its files see the same numbers."""
    keys = [(a.id, s.start, s.end) for a, spans in zip(articles, sentences, strict=True)
            for s in spans]
    lead = {(a.id, s.start, s.end) for a, spans in zip(articles, sentences, strict=True)
            for s in spans[:LEAD_SENTENCES]}
    held = _statements_held(keys, statements)
    texts = {a.id: a.text for a in articles}
    own = [k for k in keys if k not in statements.vectors and (k in lead or not held[k])]
    report(progress, "embedding", 0, len(keys))
    found = dict(zip(own, _once_each(embedder().encode, [texts[k[0]][k[1]:k[2]] for k in own]),
                     strict=True)) if own else {}
    report(progress, "embedding", len(keys), len(keys))
    rows = [statements.vectors[k] if k in statements.vectors
            else stored_precision(found[k]) if k in found
            else stored_precision(normalised(np.mean([statements.vectors[h] for h in held[k]],
                                                     axis=0)))
            for k in keys]
    dim = embedder().dim
    matrix = np.stack(rows) if rows else np.zeros((0, dim), np.float32)
    return SentenceVectors(matrix, {k: i for i, k in enumerate(keys)})


def _statements_held(sentences: list[SentenceKey], statements: PassageFeatures,
                     ) -> dict[SentenceKey, list[PassageKey]]:
    """The statements inside each sentence, in text order (both lists are in article
    order, then text order)."""
    by_article: dict[str, list[PassageKey]] = {}
    for k in sorted(statements.vectors):
        by_article.setdefault(k[0], []).append(k)
    out: dict[SentenceKey, list[PassageKey]] = {}
    for k in sentences:
        ks = by_article.get(k[0], [])
        at = bisect_left(ks, (k[0], k[1], -1))
        inside = []
        while at < len(ks) and ks[at][1] < k[2]:
            if ks[at][2] <= k[2]:
                inside.append(ks[at])
            at += 1
        out[k] = inside
    return out


def passage_features(articles: list[Article], passages: list[list[Span]],
                     words: list[dict[tuple[int, int], Words]] | None = None,
                     progress: Progress | None = None) -> PassageFeatures:
    """The pair-scorer side and the embedding (the side's: the mean of its MiniLM token
    vectors, as ``Embedder.encode`` gives it, as the store keeps it) of every passage of
    ``passages`` (one list per article), in article order then the order given. ``words``:
    the spaCy part of the sides, read off the parse, by article (the passages missing there
    are parsed on their own). A text met twice is built once."""
    keys = [(a.id, p.start, p.end) for a, ps in zip(articles, passages, strict=True)
            for p in ps]
    texts = {a.id: a.text for a in articles}
    known = {(a.id, *span): w for a, ws in zip(articles, words or [], strict=False)
             for span, w in ws.items()}
    first: dict[str, int] = {}
    unique_words: list[Words | None] = []
    for k in keys:
        text = texts[k[0]][k[1]:k[2]]
        if text not in first:
            first[text] = len(first)
            unique_words.append(known.get(k))
    built = build_sides(list(first), progress=progress, words=unique_words) if first else []
    out = PassageFeatures()
    for k in keys:
        side = built[first[texts[k[0]][k[1]:k[2]]]]
        out.vectors[k] = side.vector
        # sides of one text are shared by the first's: each key gets its own record
        out.sides[k] = replace(side)
    return out


def quote_features(articles: list[Article], quotes: list[list[Span]] | None = None,
                   words: list[dict[tuple[int, int], Words]] | None = None,
                   statements: PassageFeatures | None = None) -> PassageFeatures:
    """The embedding and pair-scorer side of every quote's content: the ``quote`` spans in
    ``quotes`` (one list per article), or the articles' own; article order then text
    order. ``words`` as for :func:`passage_features`. A quote inside one of ``statements``
    (nine in ten) takes its part of that statement's side (:func:`quote_side`): its pieces
    as the sentence gave them, no model run, and nothing of its own in the store; the
    others are embedded on their own."""
    if quotes is None:
        quotes = [list(a.spans_of(Label.QUOTE)) for a in articles]
    contents = [sorted((q for q in qs if q.label == Label.QUOTE), key=lambda x: (x.start, x.end))
                for qs in quotes]
    said = statement_sides(statements) if statements is not None else {}
    cut = {(a.id, q.start, q.end): side for a, qs in zip(articles, contents, strict=True)
           for q in qs if (side := quote_side(said.get(a.id, {}), q.start, q.end))}
    embedded = passage_features(articles, [[q for q in qs if (a.id, q.start, q.end) not in cut]
                                           for a, qs in zip(articles, contents, strict=True)],
                                words)
    for side in embedded.sides.values():
        # embedded on its own, its vector taken as a cut one's is (its pieces' mean): quote
        # vectors are compared with one another, all made one way
        side.vector = stored_precision(lifted_mean(side))
    out = PassageFeatures()
    for a, qs in zip(articles, contents, strict=True):
        for q in qs:  # article order, then text order
            k = (a.id, q.start, q.end)
            out.sides[k] = side = cut[k] if k in cut else embedded.sides[k]
            out.vectors[k] = side.vector
    return out


def statement_sides(statements: PassageFeatures,
                    ) -> dict[str, dict[tuple[int, int], PairSide]]:
    """The sides of the statements, by article, then by ``(start, end)``."""
    out: dict[str, dict[tuple[int, int], PairSide]] = {}
    for k in statements.sides:
        out.setdefault(k[0], {})[k[1], k[2]] = statements.sides[k]
    return out


def quote_side(statements: dict[tuple[int, int], PairSide], start: int, end: int,
               ) -> PairSide | None:
    """The side of the quote ``[start, end)`` cut from the first of its article's
    ``statements`` that holds it (``pairfeatures.excerpt``); None when :func:`quote_holder`
    finds none."""
    held = quote_holder(statements, start, end)
    if held is None:
        return None
    (a, _), side = held
    return excerpt(side, start - a, end - a)


def quote_holder(statements: dict[tuple[int, int], PairSide], start: int, end: int,
                 ) -> tuple[tuple[int, int], PairSide] | None:
    """The first of ``statements`` (by span) that holds the quote ``[start, end)`` with a word
    piece starting inside it: the one :func:`quote_side` cuts it from; None if none does."""
    for (a, b), side in sorted(statements.items()):
        if a <= start and end <= b:
            at = side.piece_starts
            return ((a, b), side) if ((at >= start - a) & (at < end - a)).any() else None
    return None


def _once_each(compute: Callable[..., Any], texts: list[str], **kw: Any) -> list[Any]:
    """``compute(texts)`` for each distinct text once, in the order first met: a scraped page
    repeating one sentence 14,000 times costs one sentence. Identical texts share the result
    (pair sides are read, never changed)."""
    first: dict[str, int] = {}
    for t in texts:
        first.setdefault(t, len(first))
    found = compute(list(first), **kw)
    return [found[first[t]] for t in texts]
