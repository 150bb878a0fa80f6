"""The voices stage of a story: one entity per person, organisation and place across the
articles; every quote with its speaker's entity; the statements several outlets quote,
grouped; and how each outlet frames the story."""

from __future__ import annotations

from dataclasses import dataclass

from ...labels import Label
from ...model import (
    Article,
    Claim,
    Entity,
    Framing,
    Passage,
    Quote,
    QuoteGroup,
    Source,
    StatedValue,
)
from ...nlp import Annotations
from ...spanindex import SpanIndex
from ..align.pairscore import scorer
from .entities import build_registry
from .framing import frame
from .quote_groups import collect_quotes, group_quotes, joint_speakers


@dataclass(slots=True)
class Voices:
    entities: list[Entity]
    quotes: list[Quote]
    groups: list[tuple[QuoteGroup, tuple[StatedValue, ...]]]  # with differing quoted words
    framing: Framing


def voices(articles: list[Article], sources: list[Source], claims: list[Claim],
           annotations: Annotations) -> Voices:
    """The voices of the story. ``annotations`` gives the quotes' embeddings and pair-scorer
    sides and the statements' descriptive words (framing)."""
    key_of = {aid: s.key for s in sources for aid in s.articles}
    registry = build_registry(articles, key_of)
    quotes = collect_quotes(articles, registry.speaker_entity)
    judge = scorer()
    found = group_quotes(quotes, articles, key_of, claims, features=annotations.quotes,
                         score=judge.score, threshold=judge.threshold,
                         joint=joint_speakers(articles, registry.entities))

    statements = {a.id: SpanIndex(a.spans_of(Label.STATEMENT)) for a in articles}

    def terms_of(p: Passage) -> tuple[tuple[str, int, int], ...]:
        """The descriptive words of a claim's passage (a statement, or one fact of one),
        offsets into the passage."""
        st = statements[p.article].containing(p.start)
        if st is None or st.end < p.end:
            return ()
        terms = annotations.statements.side((p.article, st.start, st.end)).terms
        shift = st.start - p.start
        return tuple((t, a + shift, b + shift) for t, a, b in terms
                     if p.start <= a + st.start and b + st.start <= p.end)

    framing = frame(articles, sources, claims, quotes, registry.entities, terms_of)
    return Voices(registry.entities, quotes, found.drafts, framing)
