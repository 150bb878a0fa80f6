"""Who said what: the quotes of every article with their speakers' entities, and the same
statement quoted by several outlets grouped, its variant wordings compared.

Two quotes of different outlets are one statement when their speakers agree (the same
entity, one of the people a joint mention names: "Zadan and Meron said", or one of them
unknown) and the pair scorer fitted on MRPC (:mod:`.pairscore`) says
their words state one fact, or that one states all the other does (a truncation): the same
decision claims are made with. Groups grow strongest cosine first and every pair of a group
must be close (no chaining), as claims do (:mod:`.align`).

Within a group each variant is compared word by word with the others (``difflib`` on
words). Only the stretch both cover counts: a variant that quotes less is a truncation, not
another wording. A word of it that differs from most other variants is marked
(``QuoteVariant.differing``). When two variants of different outlets put different words in
quotation marks, the group is a ``quote`` discrepancy. An outlet that prints no quotation
mark anywhere (one of the example story's outlets lost them all) cannot tell its quotes from
paraphrase, so its reported speech counts as quoted there.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

import numpy as np

from ...keys import passages_key, record_ids
from ...labels import Label
from ...model import (
    Article,
    Claim,
    Entity,
    Passage,
    Quote,
    QuoteGroup,
    QuoteVariant,
    Span,
    StatedValue,
)
from ...nlp import PairSide, PassageFeatures
from ..align.grouping import (
    MIN_PAIR,
    NOT_SAME_FACT,
    SAME_ARTICLE_DUPLICATE,
    candidate_pairs,
)
from ..align.pairscore import PairScore

__all__ = ["collect_quotes", "group_quotes", "joint_speakers", "marks_quotes", "one_statement",
           "QuoteGroups"]

# Quotes of one named speaker this close are scored even below the neighbours' MIN_PAIR
# cosine: a truncated quote is far from the whole. Fitted on MRPC train (tools/
# fit_quote_floor.py: runs of 2-8 words of a sentence, set in a reporter's sentence, against
# its paraphrase): the highest floor that lets through 95% of the truncations
# ``one_statement`` joins (96.9%; dev 96.7%), while 7.1% of unrelated pairs get scored and
# none joined. (Fitted again for pipeline 2.6, where a quote is read as its part of its
# sentence: the same floor. 0.2 before 2026-12-05, when the tool counted every pair joined.)
SAME_SPEAKER_FLOOR = 0.25
SAME_SOURCE_REPEAT = SAME_ARTICLE_DUPLICATE  # as for claims: one article saying one thing twice
# Any quotation mark an article could print; the apostrophe is not one (plural possessives).
_MARKS = re.compile("[\"“”„«»]")
# Words, a hyphen between them being no part of either: one outlet's "say-the third time"
# is another's "say – the third time", and "well-known" is written both ways.
_WORD = re.compile(r"\w+(?:[’'.]\w+)*")
# British spellings compared as American ones: "neighbourhood" / "neighborhood" is one word.
_BRITISH_OUR = re.compile(
    r"(?<=\w\w)our(?=(?:s|hoods?|ites?|ed|ing|ful|able|ably|ers?|ism)?$)")
_NOT_BRITISH = frozenset("devour devours devoured contour contours detour detours paramour "
                         "velour amour troubadour flour scour scoured glamour".split())
_BRITISH_TRE = {"centre": "center", "centres": "centers", "metre": "meter", "metres": "meters",
                "theatre": "theater", "theatres": "theaters", "litre": "liter",
                "litres": "liters", "fibre": "fiber", "calibre": "caliber"}
# Function words never count as a different wording: "the comprehensive partnership" and
# "comprehensive partnership" quote the same words.
_IGNORED = frozenset(
    "a an the of to in on at for and or but with by from as is are was were be been being "
    "this that these those it its their his her our we they he she i you will would shall "
    "has have had do does did not no".split()) | {"00"}  # "6:00 p.m." / "6 p.m."


def marks_quotes(article: Article) -> bool:
    """Whether the article prints quotation marks at all."""
    return _MARKS.search(article.text) is not None


def collect_quotes(articles: Sequence[Article],
                   speaker_entity: Callable[[Article, Span], str | None]) -> list[Quote]:
    """The article's ``quote`` spans as :class:`Quote` records, in article then text order,
    each with its speaker's entity (``speaker_entity(article, speaker_span)``)."""
    quotes: list[Quote] = []
    for a in articles:
        speakers = {(s.start, s.end): s for s in a.spans_of(Label.SPEAKER)}
        for span in sorted(a.spans_of(Label.QUOTE), key=lambda s: (s.start, s.end)):
            found = span.attrs.get("speaker")
            speaker = speakers.get(tuple(found)) if found else None
            cue = span.attrs.get("cue")
            quotes.append(Quote(
                id="",
                content=Passage(a.id, span.start, span.end),
                kind=span.attrs.get("kind", "reported"),
                speaker=speaker_entity(a, speaker) if speaker is not None else None,
                speaker_mention=(Passage(a.id, speaker.start, speaker.end)
                                 if speaker is not None else None),
                cue=Passage(a.id, cue[0], cue[1]) if cue else None,
                role=speaker.attrs.get("role") if speaker is not None else None))
    ids = record_ids("q", (passages_key([(q.content.article, q.content.start, q.content.end)])
                           for q in quotes))
    return [replace(q, id=made) for q, made in zip(quotes, ids, strict=True)]


@dataclass(slots=True)
class QuoteGroups:
    """The groups, most sources first, each with the values its variants give when their
    quoted words differ (empty otherwise)."""

    drafts: list[tuple[QuoteGroup, tuple[StatedValue, ...]]]

    @property
    def groups(self) -> list[QuoteGroup]:
        return [g for g, _ in self.drafts]


@dataclass(frozen=True, slots=True)
class _Words:
    """A quote's words: normalised forms, and the span of each in its article."""

    forms: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]


def _words(text: str, offset: int) -> _Words:
    found = list(_WORD.finditer(text))
    return _Words(tuple(_form(m.group()) for m in found),
                  tuple(offset + m.start() for m in found), tuple(offset + m.end() for m in found))


def _form(word: str) -> str:
    """The form a word is compared by: lower case, one apostrophe, American spelling."""
    form = word.lower().replace("’", "'")
    if form in _NOT_BRITISH:
        return form
    return _BRITISH_TRE.get(form) or _BRITISH_OUR.sub("or", form)


def group_quotes(quotes: Sequence[Quote], articles: Sequence[Article],
                 source_of: dict[str, str], claims: Sequence[Claim], *,
                 features: PassageFeatures,
                 score: Callable[[PairSide, PairSide], PairScore],
                 threshold: float,
                 joint: Callable[[Quote], frozenset[str]] | None = None) -> QuoteGroups:
    """Quotes of one statement across outlets, as groups of two or more sources, most sources
    first; each with the words its variants give, when their quoted wordings differ (what
    :func:`~storyweave.weaving.discrepancies.quote_discrepancies` reports).

    ``features`` holds each quote's embedding and pair-scorer side (the NLP stage's),
    ``score`` is the pair scorer and ``threshold`` its fitted same-fact threshold. ``joint``
    gives the people a quote's speaker mention names together ("producers Craig Zadan and
    Neil Meron said"): any of them is its speaker when its speakers are compared."""
    by_id = {a.id: a for a in articles}
    texts = [by_id[q.content.article].text[q.content.start:q.content.end] for q in quotes]
    if len(quotes) < 2:
        return QuoteGroups([])
    keys = [(q.content.article, q.content.start, q.content.end) for q in quotes]
    vectors = np.stack([features.vector(k) for k in keys])
    src = [source_of[q.content.article] for q in quotes]
    who = [_speaker_keys(q, by_id, joint) for q in quotes]
    pairs = _candidates(who, vectors, src)
    side_of = {i: features.side(k) for i, k in enumerate(keys)}
    scores: dict[tuple[int, int], PairScore] = {}

    def scored(i: int, j: int) -> PairScore:
        key = (min(i, j), max(i, j))
        if key not in scores:
            scores[key] = score(side_of[key[0]], side_of[key[1]])
        return scores[key]

    members: dict[int, list[int]] = {i: [i] for i in range(len(quotes))}
    owner = list(range(len(quotes)))
    for _, i, j in pairs:
        gi, gj = owner[i], owner[j]
        if gi == gj or not one_statement(scored(i, j), threshold, side_of[i], side_of[j],
                                         least=_least_words(quotes, side_of, i, j)):
            continue
        a, b = members[gi], members[gj]
        if not _may_merge(a, b, vectors, who, src, scored):
            continue
        members[gi] = a + b
        del members[gj]
        for x in b:
            owner[x] = gi
    quoted = {a.id: marks_quotes(a) for a in articles}
    words = [_words(t, q.content.start) for t, q in zip(texts, quotes, strict=True)]
    claim_index = _claim_index(claims)
    drafts = []
    for group in members.values():
        if len({src[i] for i in group}) < 2:  # one outlet's quotes are no group
            continue
        drafts.append(_draft(sorted(group), quotes, words, src, quoted, claim_index,
                             lambda p: by_id[p.article].text[p.start:p.end]))
    order = {k: n for n, k in enumerate(dict.fromkeys(source_of.values()))}
    drafts.sort(key=lambda g: (-len(g[0].sources), min(order[k] for k in g[0].sources)))
    ids = record_ids("g", (";".join(sorted(v.quote for v in g.variants)) for g, _ in drafts))
    for (draft, _), made in zip(drafts, ids, strict=True):
        draft.id = made
    return QuoteGroups(drafts)


# The longer quote says (nearly) all the shorter does (the pair scorer's ``covers``), and
# most of the shorter's content words are the longer's too: a truncated quote ("reaching new
# frontiers" / "... are reaching new milestones") or a translation ("exchange views in the
# context of deepening Russia-China cooperation on the international arena" / "An exchange of
# views is also planned as part of deepening Russian-Chinese cooperation in the international
# arena": covers 0.797). Covers alone is no evidence for a short quote: "Mo is family" is
# covered 0.93 by a long quote on how Mo plays (ECB+ dev). The share of words was read off
# those ECB+ dev pairs (different statements share at most half); the covers level is fitted
# on MRPC train given it (tools/fit_quote_join.py --words 0.6: F1 0.827, precision 0.836;
# dev 0.832 / 0.826).
TRANSLATION_COVERS = 0.75
TRANSLATION_WORDS = 0.6
# Words in marks are the speaker's, however few ("reaching new frontiers", "new frontiers"):
# tools/fit_quote_join.py fits the rule on partial quotes of 2 to 8 words. Reported words
# are the writer's: a speech act may report two ("called for peace talks"), and any longer
# quote with those two words in it covers them, whatever it says. A reported truncation
# keeps at least this many words, function words included: "alcohol was a factor" (two
# content words) is a truncation of "alcohol was a factor in the accident" (ECB+ dev 21ecb,
# the one group of the 16 events' 105 that a floor on content words changed).
MIN_REPORTED_WORDS = 3
# A label in marks ("calling them “disinformation”") is one word a longer statement may hold
# without being that statement: a partial quote is a truncation from two words on. A rule,
# not a fit: on the 16 ECB+ dev events 1 and 2 give the same quote groups; in the example
# story 1 grouped China's "disinformation" with its blame of NATO (one group fewer at 2).
MIN_PARTIAL_WORDS = 2


def one_statement(score: PairScore, threshold: float, a: PairSide, b: PairSide, *,
                  covers: float = TRANSLATION_COVERS, words: float = TRANSLATION_WORDS,
                  least: int = 1) -> bool:
    """Two quotes of one statement: paraphrases by the pair scorer, or a truncation or a
    translation of the longer (above). Not the claims' rule (``grouping.joins``): its join
    on the fact scorer's MRPC score is always met by the pair scorer's own scores, which
    carry no MRPC score, so every candidate pair of one speaker joined (ECB+ dev: 11 of 16
    quote disagreements were two statements). The shorter must hold ``least`` words for a
    truncation (``_least_words``)."""
    if score.same_fact >= threshold:
        return True
    if score.covers < covers:
        return False
    short, long_ = sorted((a, b), key=lambda s: len(s.content))
    own = {lemma for lemma, _, _ in short.content}
    return bool(own) and len(short.lemmas) >= least \
        and len(own & {lemma for lemma, _, _ in long_.content}) >= words * len(own)


def _least_words(quotes: Sequence[Quote], sides: dict[int, PairSide], i: int, j: int) -> int:
    """The words the shorter of quotes ``i`` and ``j`` must hold to be a truncation of the
    longer: ``MIN_REPORTED_WORDS`` for reported words, ``MIN_PARTIAL_WORDS`` for a few words
    in marks inside the writer's sentence, any for a direct quote."""
    short = min((i, j), key=lambda k: len(sides[k].content))
    kind = quotes[short].kind
    return MIN_REPORTED_WORDS if kind == "reported" else MIN_PARTIAL_WORDS \
        if kind == "partial" else 1


TOGETHER = re.compile(r"\b(?:and|&)\b")  # a mention naming two people: "Zadan and Meron"


def joint_speakers(articles: Sequence[Article],
                   entities: Sequence[Entity]) -> Callable[[Quote], frozenset[str]]:
    """For a quote whose speaker mention names two people or more ("Zadan and Meron",
    "producers Craig Zadan and Neil Meron"), the people named in it; empty for any other."""
    text = {a.id: a.text for a in articles}
    people: dict[str, list[tuple[int, int, str]]] = {}
    for e in entities:
        if e.type == "PERSON":
            for m in e.mentions:
                people.setdefault(m.passage.article, []).append(
                    (m.passage.start, m.passage.end, e.id))

    def named(q: Quote) -> frozenset[str]:
        m = q.speaker_mention
        if m is None or not TOGETHER.search(text[m.article][m.start:m.end]):
            return frozenset()
        return frozenset(eid for start, end, eid in people.get(m.article, ())
                         if m.start <= start and end <= m.end)
    return named


def _speaker_keys(q: Quote, articles: dict[str, Article],
                  joint: Callable[[Quote], frozenset[str]] | None) -> frozenset[str]:
    """Who a quote is by, for grouping: its entity, with the others its mention names with
    it (``joint``); else the words that name a speaker no entity stands for ("officials",
    "both governments"), which is somebody, not anybody; empty only when nothing names a
    speaker."""
    if q.speaker is not None:
        return frozenset({q.speaker}) | (joint(q) if joint is not None else frozenset())
    m = q.speaker_mention
    if m is None:
        return frozenset()
    return frozenset({"unnamed:" + " ".join(
        articles[m.article].text[m.start:m.end].lower().split())})


def _agree(a: frozenset[str], b: frozenset[str]) -> bool:
    """Speakers agree when either is unknown or they share someone (a joint statement
    credited to one of its two speakers by another outlet)."""
    return not a or not b or bool(a & b)


def _candidates(who: list[frozenset[str]], vectors: np.ndarray,
                src: list[str]) -> list[tuple[float, int, int]]:
    """Pairs of quotes of different sources worth scoring, closest first: near neighbours in
    embedding space whose speakers agree, and any two quotes of one named speaker that are
    not far apart. A partial quote ("reaching new frontiers") is far from the whole sentence
    another outlet reports (cosine 0.33 there), yet the scorer's ``covers`` sees that one
    states all the other does."""
    found: dict[tuple[int, int], float] = {}
    near = candidate_pairs(vectors)
    for (i, j), sim in zip(near.pairs.tolist(), near.sims.tolist(), strict=True):
        if src[i] != src[j] and _agree(who[i], who[j]):
            found[i, j] = sim
    by_speaker: dict[str, list[int]] = {}
    for i, keys in enumerate(who):
        for key in keys:
            by_speaker.setdefault(key, []).append(i)
    for members in by_speaker.values():
        if len(members) < 2:
            continue
        block = vectors[members] @ vectors[members].T
        for p, i in enumerate(members):
            for r in range(p + 1, len(members)):
                j = members[r]
                if src[i] != src[j] and block[p, r] >= SAME_SPEAKER_FLOOR:
                    found[i, j] = float(block[p, r])
    return sorted(((sim, i, j) for (i, j), sim in found.items()), reverse=True)


def _may_merge(a: list[int], b: list[int], vectors: np.ndarray, who: list[frozenset[str]],
               src: list[str], scored: Callable[[int, int], PairScore]) -> bool:
    """One speaker per group (someone every quote that names a speaker names), one quote per
    source (or its exact repeat), and no chaining: every pair across the two groups close in
    embedding space, or else not clearly another statement by the scorer."""
    named = [who[i] for i in a + b if who[i]]
    if named and not frozenset.intersection(*named):
        return False
    block = vectors[a] @ vectors[b].T
    for p, i in enumerate(a):
        for r, j in enumerate(b):
            if src[i] == src[j]:
                # one source quotes a statement once, unless it repeats itself word for word
                # (a lead printed twice): else two sentences of one statement would chain
                if block[p, r] < SAME_SOURCE_REPEAT:
                    return False
                continue
            if block[p, r] >= MIN_PAIR:
                continue
            if block[p, r] < SAME_SPEAKER_FLOOR or scored(i, j).support < NOT_SAME_FACT:
                return False
    return True


def _claim_index(claims: Sequence[Claim]) -> dict[str, list[tuple[int, int, str]]]:
    index: dict[str, list[tuple[int, int, str]]] = {}
    for c in claims:
        for p in c.passages:
            index.setdefault(p.article, []).append((p.start, p.end, c.id))
    for spans in index.values():
        spans.sort()
    return index


def _claims_of(p: Passage, index: dict[str, list[tuple[int, int, str]]]) -> list[str]:
    spans = index.get(p.article, [])
    # Claims' passages of one article do not overlap: the first that ends after the quote
    # starts, onwards, until one starts after it ends.
    found = []
    for start, end, cid in spans[max(0, bisect_left(spans, (p.start,)) - 1):]:
        if start >= p.end:
            break
        if end > p.start:
            found.append(cid)
    return found


def _draft(group: list[int], quotes: Sequence[Quote], words: list[_Words], src: list[str],
           quoted: dict[str, bool], claim_index: dict[str, list[tuple[int, int, str]]],
           text_of: Callable[[Passage], str]) -> tuple[QuoteGroup, tuple[StatedValue, ...]]:
    differing: dict[int, list[int]] = {}
    regions: dict[int, tuple[int, int]] = {}
    for i in group:
        others = [j for j in group if src[j] != src[i]]
        votes: Counter[int] = Counter()
        lo, hi = len(words[i].forms), 0
        for j in others:
            marked, region = _differing(words[i].forms, words[j].forms)
            votes.update(marked)
            if region is not None:
                lo, hi = min(lo, region[0]), max(hi, region[1])
        differing[i] = sorted(w for w, n in votes.items() if 2 * n >= len(others))
        if lo < hi:
            regions[i] = (lo, hi)
    variants = [QuoteVariant(quotes[i].id, tuple(
        Passage(quotes[i].content.article, words[i].starts[w], words[i].ends[w])
        for w in differing[i])) for i in group]
    speakers = [quotes[i].speaker for i in group if quotes[i].speaker is not None]
    claims = list(dict.fromkeys(c for i in group for c in _claims_of(quotes[i].content,
                                                                     claim_index)))
    values = _quote_values(group, quotes, words, src, quoted, differing, regions, text_of)
    return QuoteGroup(id="", speaker=Counter(speakers).most_common(1)[0][0] if speakers else None,
                      variants=variants, sources=list(dict.fromkeys(src[i] for i in group)),
                      claims=claims, wording_differs=bool(values)), values


def _differing(x: tuple[str, ...], y: tuple[str, ...]) -> tuple[list[int], tuple[int, int] | None]:
    """Indices of ``x``'s words that ``y`` words differently, within the stretch both quote,
    and that stretch of ``x`` (None when they share no word)."""
    matcher = SequenceMatcher(None, x, y, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return [], None
    start, end = blocks[0].a, blocks[-1].a + blocks[-1].size
    marked: list[int] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        # A word swapped for another counts, and widens the stretch ("new frontiers" / "new
        # milestones"); at either edge only as many words as the other side swaps in, the
        # rest being a truncation. Words only one side has count between shared words only.
        if tag == "replace":
            if i2 == len(x) and i1 >= end:  # after the last shared word
                i2 = min(i2, i1 + (j2 - j1))
            elif i1 == 0 and i2 <= start:  # before the first
                i1 = max(i1, i2 - (j2 - j1))
            marked += range(i1, i2)
            start, end = min(start, i1), max(end, i2)
        elif tag == "delete" and start <= i1 and i2 <= end:
            marked += range(i1, i2)
    return [w for w in marked if x[w] not in _IGNORED], (start, end)


def _quote_values(group: list[int], quotes: Sequence[Quote], words: list[_Words],
                  src: list[str], quoted: dict[str, bool], differing: dict[int, list[int]],
                  regions: dict[int, tuple[int, int]],
                  text_of: Callable[[Passage], str]) -> tuple[StatedValue, ...]:
    """The wordings of a group that differ, as stated values (the stretch each quotes, with
    its passage); empty when all quoted wordings agree or fewer than two are in quotation
    marks (or from an outlet that prints none)."""
    marked = [i for i in group if i in regions
              and (quotes[i].kind in ("direct", "partial")
                   or not quoted[quotes[i].content.article])]
    if len({src[i] for i in marked}) < 2 or not any(differing[i] for i in marked):
        return ()
    if not any(quotes[i].kind in ("direct", "partial") for i in marked):
        return ()  # two paraphrases differing is no discrepancy of wording
    values: dict[str, list[tuple[str, Passage]]] = {}
    for i in marked:
        lo, hi = regions[i]
        w = words[i]
        key = " ".join(f for f in w.forms[lo:hi] if f not in _IGNORED)
        p = Passage(quotes[i].content.article, w.starts[lo], w.ends[hi - 1])
        values.setdefault(key, []).append((src[i], p))
    if len(values) < 2:
        return ()
    return tuple(StatedValue(text_of(found[0][1]), key, tuple(p for _, p in found))
                 for key, found in values.items())

