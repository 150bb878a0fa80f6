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

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources

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
    TermUse,
    VoiceCount,
    WordingChoice,
)
from ...nlp.models import spacy_nlp

__all__ = ["frame"]

TERMS_RESOURCE = "framing-terms.json"
UNKNOWN_SIDE = "unknown"
# A claim's wording is compared only among outlets that state it; more outlets than this
# and the table stops being readable, so the most widely stated claims come first.
MAX_CLAIM_WORDINGS = 40
# Parts of speech whose words describe rather than name ("unprovoked", "rubber-stamp").
_DESCRIPTIVE = frozenset({"ADJ"})
_MODIFIERS = frozenset({"ADJ", "NOUN"})  # "unprovoked", "rubber stamp"
_MODIFIER_TAGS = frozenset({"VBG"})  # "growing ties"; not "commit war", "led blocs"


@cache
def _topics() -> tuple[tuple[str, re.Pattern[str]], ...]:
    raw = json.loads(resources.files(__package__).joinpath(TERMS_RESOURCE).read_text("utf-8"))
    out = []
    for t in raw["topics"]:
        terms = sorted(t["terms"], key=len, reverse=True)  # longest first: "military operation"
        alternatives = "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in terms)
        out.append((t["topic"], re.compile(rf"\b(?:{alternatives})s?\b", re.IGNORECASE)))
    return tuple(out)


def frame(articles: Sequence[Article], sources: Sequence[Source], claims: Sequence[Claim],
          quotes: Sequence[Quote], entities: Sequence[Entity]) -> Framing:
    """The framing section of a dossier."""
    source_of = {aid: s.key for s in sources for aid in s.articles}
    quoted_by: dict[str, list[Quote]] = {s.key: [] for s in sources}
    for q in quotes:
        quoted_by[source_of[q.content.article]].append(q)
    by_id = {e.id: e for e in entities}
    outlets = [_outlet(s.key, quoted_by[s.key], claims, by_id) for s in sources]
    coverage = [(c.id, tuple(c.sources)) for c in claims]
    # what the story names first: a handful of topics, then the facts, many more
    wording = _topic_wordings(articles, source_of) + _claim_wordings(articles, claims,
                                                                     source_of)
    return Framing(outlets=outlets, coverage=coverage, wording=wording)


def _outlet(key: str, quotes: list[Quote], claims: Sequence[Claim],
            by_id: dict[str, Entity]) -> OutletFraming:
    speakers = Counter(q.speaker for q in quotes if q.speaker is not None)
    voices = [VoiceCount(e, by_id[e].name if e in by_id else e, n)
              for e, n in sorted(speakers.items(), key=lambda x: (-x[1], x[0]))]
    sides: Counter[str] = Counter()
    for q in quotes:
        entity = by_id.get(q.speaker) if q.speaker is not None else None
        sides[(entity.country if entity is not None else None) or UNKNOWN_SIDE] += 1
    carried = sum(1 for c in claims if key in c.sources)
    omitted = [c.id for c in claims if key not in c.sources and len(c.sources) >= 2]
    return OutletFraming(source=key, voices=voices,
                         sides=[VoiceCount(k, k, n) for k, n in sorted(
                             sides.items(), key=lambda x: (-x[1], x[0]))],
                         carried=carried, omitted=omitted)


def _tagged(texts: Iterable[str]):
    """spaCy docs with part-of-speech tags only (no parser, no entities)."""
    nlp = spacy_nlp()
    disable = [p for p in nlp.pipe_names if p not in ("tok2vec", "tagger", "attribute_ruler")]
    return nlp.pipe(texts, batch_size=64, disable=disable)


def _descriptive_terms(doc, offset: int) -> list[tuple[str, int, int]]:
    """Adjectives (lower-case, not function words) with the nouns right after them, if any:
    "unprovoked war", "anodyne position paper", "important"."""
    out = []
    for t in doc:
        if t.pos_ not in _DESCRIPTIVE or t.is_stop or not t.text[:1].islower():
            continue
        end = t.i
        while end + 1 < len(doc) and doc[end + 1].pos_ == "NOUN":
            end += 1
        last = doc[end]
        out.append((doc[t.i:end + 1].text.lower(), offset + t.idx, offset + last.idx + len(last)))
    return out


def _claim_wordings(articles: Sequence[Article], claims: Sequence[Claim],
                    source_of: dict[str, str]) -> list[WordingChoice]:
    """For claims several outlets state: the descriptive words not all of them use."""
    text_of = {a.id: a.text for a in articles}
    shared = [c for c in claims if c.corroboration >= 2][:MAX_CLAIM_WORDINGS]
    passages = [p for c in shared for p in c.passages]
    docs = _tagged(text_of[p.article][p.start:p.end] for p in passages)
    terms_of = {p: _descriptive_terms(d, p.start)
                for p, d in zip(passages, docs, strict=True)}
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
    """Every outlet's words for each topic of ``framing-terms.json`` the story names, with
    the modifiers in front of them; only topics whose outlets' words differ."""
    hits = []  # (topic, article, sentence start, sentence text, term start, term end)
    for a in articles:
        for s in a.spans_of(Label.SENTENCE):
            text = a.text[s.start:s.end]
            for topic, pattern in _topics():
                for m in pattern.finditer(text):
                    hits.append((topic, a, s.start, text, m.start(), m.end()))
    docs = _tagged(h[3] for h in hits)
    per_topic: dict[str, dict[str, list[Passage]]] = {}
    spelled: dict[str, str] = {}
    for (topic, a, offset, _, start, end), doc in zip(hits, docs, strict=True):
        first = _modifiers_before(doc, start)
        term = " ".join(doc.text[first:end].lower().split())
        # "leaders" and "leader" are one word choice: the first form met names both
        term = spelled.setdefault(_singular(term), term)
        per_topic.setdefault(topic, {}).setdefault(term, []).append(
            Passage(a.id, offset + first, offset + end))
    out = []
    for topic, uses in per_topic.items():
        if len(uses) < 2 or len({source_of[p.article] for ps in uses.values() for p in ps}) < 2:
            continue
        out.append(WordingChoice(topic=topic, claim=None, uses=_term_uses(uses, source_of)))
    return out


def _singular(term: str) -> str:
    """The term with its last word's plural "s" dropped: "growing ties" stays (no "tie" is
    said), "governments" -> "government"; only a key, never shown."""
    words = term.split()
    last = words[-1]
    if last.endswith("s") and not last.endswith(("ss", "ties", "sis")):
        words[-1] = last[:-1]
    return " ".join(words)


def _modifiers_before(doc, start: int) -> int:
    """Where the words qualifying the term at character ``start`` begin: the adjectives and
    noun modifiers right before it ("unprovoked", "rubber stamp", "so-called"), never a
    name, a number, a function word or a possessive."""
    first = start
    tokens = [t for t in doc if t.idx + len(t) <= start]
    hyphened = False  # "full" is a function word, but not in "full-scale"
    for t in reversed(tokens):
        gap = doc.text[t.idx + len(t):first]
        if t.text == "-" and not gap.strip():
            hyphened = True
            continue  # the hyphen is a token of its own
        if gap.strip() not in ("", "-") or (t.is_stop and not hyphened) \
                or not t.text[:1].islower() or t.like_num \
                or not (t.pos_ in _MODIFIERS or t.tag_ in _MODIFIER_TAGS or hyphened):
            break
        first, hyphened = t.idx, False
    return first
