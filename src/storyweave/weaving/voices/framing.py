"""How each outlet frames the story, measured and never labelled.

Three measurements, each pointing to the exact words it counts:

- voices: whose quotes each outlet carries, by speaker and by the speaker's country;
- coverage: which claims each outlet states (the claims x outlets matrix) and which claims
  two or more other outlets state that it leaves out;
- wording: the outlets' words for the same thing, side by side. For every claim several
  outlets state, the descriptive words (adjectives with the noun they qualify) that not all
  of its outlets use; and for the things a story names (``framing-terms.json``: the war,
  governments, legislatures...), every outlet's words with the modifiers it puts in front
  ("unprovoked war", "invasion", "conflict"). Nothing rates the words: the reader sees who
  uses which.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from ...labels import Label
from ...model import (
    Article,
    Claim,
    Entity,
    Framing,
    OutletFraming,
    Passage,
    Quote,
    Source,
    Span,
    TermUse,
    VoiceCount,
    WordingChoice,
)
from ...nlp.terms import topics
from ...spanattrs import term_attrs
from ...spanindex import SpanIndex

__all__ = ["frame"]

UNKNOWN_SIDE = "unknown"
# A claim's wording is compared only among outlets that state it; more outlets than this
# and the table stops being readable, so the most widely stated claims come first.
MAX_CLAIM_WORDINGS = 40


def frame(articles: Sequence[Article], sources: Sequence[Source], claims: Sequence[Claim],
          quotes: Sequence[Quote], entities: Sequence[Entity],
          terms_of: Callable[[Passage], Sequence[tuple[str, int, int]]]) -> Framing:
    """The framing section of a dossier. ``terms_of(passage)`` gives the descriptive words of
    a claim's passage (``nlp.pairfeatures.descriptive_terms``), offsets into the passage."""
    source_of = {aid: s.key for s in sources for aid in s.articles}
    quoted_by: dict[str, list[Quote]] = {s.key: [] for s in sources}
    for q in quotes:
        quoted_by[source_of[q.content.article]].append(q)
    by_id = {e.id: e for e in entities}
    rank = {eid: n for n, eid in enumerate(by_id)}
    # counted once for all outlets: per outlet, a scan of every claim was 2 s of a
    # 400-outlet story's weave
    carried = Counter(k for c in claims for k in set(c.sources))
    shared = [(c.id, set(c.sources)) for c in claims if len(c.sources) >= 2]
    outlets = [_outlet(s.key, quoted_by[s.key], by_id, rank, carried[s.key],
                       [cid for cid, keys in shared if s.key not in keys]) for s in sources]
    coverage = [(c.id, tuple(c.sources)) for c in claims]
    # what the story names first: a handful of topics, then the facts, many more
    wording = _topic_wordings(articles, source_of) + _claim_wordings(articles, claims,
                                                                     source_of, terms_of)
    return Framing(outlets=outlets, coverage=coverage, wording=wording)


def _outlet(key: str, quotes: list[Quote], by_id: dict[str, Entity], rank: dict[str, int],
            carried: int, omitted: list[str]) -> OutletFraming:
    """``carried``: how many claims the outlet states; ``omitted``: the claims others state
    (two outlets or more) that it does not."""
    speakers = Counter(q.speaker for q in quotes if q.speaker is not None)
    voices = [VoiceCount(e, by_id[e].name if e in by_id else e, n)
              # ties in the entities' rank (most widely named first), never in their ids
              for e, n in sorted(speakers.items(),
                                 key=lambda x: (-x[1], rank.get(x[0], len(rank))))]
    sides: Counter[str] = Counter()
    for q in quotes:
        entity = by_id.get(q.speaker) if q.speaker is not None else None
        sides[(entity.country if entity is not None else None) or UNKNOWN_SIDE] += 1
    return OutletFraming(source=key, voices=voices,
                         sides=[VoiceCount(k, k, n) for k, n in sorted(
                             sides.items(), key=lambda x: (-x[1], x[0]))],
                         carried=carried, omitted=omitted)


def _claim_wordings(articles: Sequence[Article], claims: Sequence[Claim],
                    source_of: dict[str, str],
                    terms: Callable[[Passage], Sequence[tuple[str, int, int]]],
                    ) -> list[WordingChoice]:
    """For claims several outlets state: the descriptive words not all of them use."""
    text_of = {a.id: a.text for a in articles}
    shared = [c for c in claims if c.corroboration >= 2][:MAX_CLAIM_WORDINGS]
    terms_of = {p: [(t, p.start + a, p.start + b) for t, a, b in terms(p)]
                for c in shared for p in c.passages}
    out = []
    for c in shared:
        uses: dict[str, list[Passage]] = {}
        for p in c.passages:
            for term, start, end in terms_of[p]:
                if _named_otherwise(term, p, c, terms_of, text_of, source_of):
                    uses.setdefault(term, []).append(Passage(p.article, start, end))
        if not uses:
            continue
        everyone = set(c.sources)
        if all({source_of[p.article] for p in ps} == everyone for ps in uses.values()):
            continue  # all outlets use the same words
        out.append(WordingChoice(topic=c.text, claim=c.id, uses=_term_uses(uses, source_of)))
    return out


def _named_otherwise(term: str, p: Passage, c: Claim,
                     terms_of: dict[Passage, list[tuple[str, int, int]]],
                     text_of: dict[str, str], source_of: dict[str, str]) -> bool:
    """Whether another outlet's passage of the claim names the thing ``term`` describes (its
    last word) without ``term``'s words: "full-scale invasion" against "Russia's invasion".
    A descriptive word whose thing no other outlet mentions is extra content, not another
    wording ("foreign ministry" where the others name no ministry)."""
    head = term.split()[-1]
    if len(term.split()) < 2:
        return False  # a lone adjective has no thing to compare ("challenging")
    for q in c.passages:
        if source_of[q.article] == source_of[p.article]:
            continue
        words = re.findall(r"[\w’'-]+", text_of[q.article][q.start:q.end].lower())
        if head in words and term not in {t for t, _, _ in terms_of[q]}:
            return True
        if term in {t for t, _, _ in terms_of[q]}:
            return True  # shared: listed too, so the reader sees who else uses it
    return False


def _term_uses(uses: dict[str, list[Passage]], source_of: dict[str, str]) -> tuple[TermUse, ...]:
    found = [TermUse(term, tuple(dict.fromkeys(source_of[p.article] for p in ps)), tuple(ps))
             for term, ps in uses.items()]
    return tuple(sorted(found, key=lambda u: (-len(u.sources), -len(u.passages), u.term)))


def _topic_wordings(articles: Sequence[Article],
                    source_of: dict[str, str]) -> list[WordingChoice]:
    """Every outlet's words for each topic of ``nlp/framing-terms.json`` the story names, with
    the modifiers in front of them (the ``term`` spans); only topics whose outlets' words
    differ."""
    per_topic: dict[str, dict[str, list[Passage]]] = {}
    spelled: dict[str, str] = {}
    order = {topic: n for n, (topic, _) in enumerate(topics())}
    for a in articles:
        # Sentence by sentence, topic by topic as the terms file lists them: the first form
        # met names a word choice, so the order is part of the result.
        sentence_of = SpanIndex(a.spans_of(Label.SENTENCE))
        found = sorted(a.spans_of(Label.TERM), key=lambda t: (
            _start_of(sentence_of.containing(t.start), t.start), order[term_attrs(t)["topic"]],
            t.start))
        for span in found:
            term = " ".join(a.text[span.start:span.end].lower().split())
            # "leaders" and "leader" are one word choice: the first form met names both
            term = spelled.setdefault(_singular(term), term)
            per_topic.setdefault(term_attrs(span)["topic"], {}).setdefault(term, []).append(
                Passage(a.id, span.start, span.end))
    out = []
    for topic, uses in per_topic.items():
        if len(uses) < 2 or len({source_of[p.article] for ps in uses.values() for p in ps}) < 2:
            continue
        out.append(WordingChoice(topic=topic, claim=None, uses=_term_uses(uses, source_of)))
    return out


def _start_of(sentence: Span | None, default: int) -> int:
    return sentence.start if sentence is not None else default


def _singular(term: str) -> str:
    """The term with its last word's plural "s" dropped: "growing ties" stays (no "tie" is
    said), "governments" -> "government"; only a key, never shown."""
    words = term.split()
    last = words[-1]
    if last.endswith("s") and not last.endswith(("ss", "ties", "sis")):
        words[-1] = last[:-1]
    return " ".join(words)
