"""The dossier of one story, from its annotated articles (the NLP stage's ``Annotations``):

    units -> nearest neighbours -> pair scores -> claims (each with its members' support and
        conflicting values) -> exclusives + summary
    -> working dates -> timeline (+ date discrepancies)
    -> entities across outlets (+ a person's age or rank given two ways) -> quotes
       with speakers -> quote groups (+ quote discrepancies) -> framing
    -> a person's age and home town as the outlets write them beside the name: claims
       of their own, ranked among the others
    -> coherence (one story?) -> warnings

No model runs here: every embedding and pair-scorer feature comes with the annotations.
Every statement the dossier makes is a :class:`~storyweave.model.Passage` of a source article.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from ..labels import Label
from ..model import Claim, Discrepancy, Dossier, SummarySentence
from ..nlp import Annotations
from ..progress import RunReport
from .align.claims import build_claims, exclusives, sources_of
from .align.grouping import informative_entities
from .align.stage import Alignment, align
from .chronology.stage import Chronology, chronology
from .coherence import ONE_STORY, Coherence, assess, story_warnings
from .discrepancies import one_per_spelling, quote_discrepancies
from .headline import story_headline
from .screening import Screened
from .summary import printed_statements, repeat_check, select, sentence_facts, unattributed
from .voices.attributes import person_discrepancies
from .voices.company_names import company_name_discrepancies
from .voices.misattribution import speaker_discrepancies
from .voices.person_claims import attribute_claims, ranked_claims
from .voices.stage import Voices, voices

log = logging.getLogger(__name__)


def weave_story(annotations: Annotations, screened: Screened, *, sentences: int | None = 6,
                words: int | None = None, report: RunReport | None = None) -> Dossier:
    """Align the facts of one story's annotated articles and write its dossier.
    ``screened`` says what was left out before annotation (copies, other languages);
    ``sentences``/``words`` bound the summary (whichever is reached first); ``report``, if
    given, receives the seconds of each step."""
    lap = _Laps()
    articles = annotations.articles
    aligned = align(annotations)
    lap("grouping")
    sources = sources_of(articles)
    claims, claim_vectors = build_claims(articles, aligned.units, aligned.vectors,
                                         aligned.groups, sources,
                                         informative_entities(aligned.units), aligned.judge,
                                         aligned.candidates)
    printed = printed_statements(articles, aligned.units, claims)
    told, texts = sentence_facts(articles, aligned.units, claims, printed)
    repeats = repeat_check(printed, claims, articles, aligned.units, aligned.judge)
    by_id = {a.id: a for a in articles}
    chosen = select(claims, claim_vectors, len(sources), sentences=sentences, words=words,
                    states=told, texts=texts, repeats=repeats,
                    own=[unattributed(by_id[aid], start, end) for aid, start, end in printed])
    summary = [SummarySentence(claim=claims[i].id, text=texts[i],
                               citations=list(claims[i].passages)) for i in chosen]
    lap("claims")
    source_of = {aid: s.key for s in sources for aid in s.articles}
    time_ = chronology(articles, aligned.units, aligned.vectors, claims, claim_vectors,
                       source_of)
    lap("time")
    voices_ = voices(time_.articles, sources, claims, annotations)
    lap("voices")
    coherence = assess(aligned.units, aligned.vectors, len(articles))
    warnings = screened.warnings + story_warnings(coherence, articles, sources)
    quoted = quote_discrepancies(voices_.groups)
    # what the outlets write beside a person's name (age, home town), one claim per value
    statement_claims = claims
    claims = ranked_claims(claims, attribute_claims(voices_.entities, time_.articles,
                                                    source_of))
    personal = person_discrepancies(voices_.entities, time_.articles, claims, source_of,
                                    {d.article: d.working for d in time_.dates if d.working})
    personal += company_name_discrepancies(voices_.entities, claims, source_of)
    misattributed = speaker_discrepancies(voices_.quotes, voices_.entities, time_.articles,
                                          claims, source_of)
    if report is not None:
        report.seconds["weave_steps"] = lap.steps
    log.info("wove %d articles: %d units, %d claims", len(articles), len(aligned.units),
             len(claims))
    for w in warnings:  # info, not warning: the dossier carries them, the caller shows them
        log.info("%s: %s", w.code, w.message)
    return Dossier(articles=time_.articles, sources=sources, claims=claims, summary=summary,
                   exclusives=exclusives(claims, sources),
                   stats=_stats(annotations, screened, aligned, claims, time_, voices_,
                                quoted, coherence),
                   warnings=warnings, left_out=screened.left_out, dates=time_.dates,
                   timeline=time_.timeline,
                   discrepancies=one_per_spelling(time_.discrepancies + personal)
                   + misattributed + quoted,
                   entities=voices_.entities, quotes=voices_.quotes,
                   quote_groups=[g for g, _ in voices_.groups], framing=voices_.framing,
                   headline=story_headline(articles, statement_claims,
                                           summary[0].text if summary else None))


def _stats(annotations: Annotations, screened: Screened, aligned: Alignment,
           claims: list[Claim], time_: Chronology, voices_: Voices, quoted: list[Discrepancy],
           coherence: Coherence) -> dict[str, Any]:
    """The counts the dossier reports about itself (docs/dossier-schema.md, ``stats``)."""
    return {"articles": len(annotations.articles), "duplicates_dropped": len(screened.copies),
            "copies_folded": len(screened.near_copies),
            "unsupported_language": len(screened.foreign),
            "units": len(aligned.units), "claims": len(claims),
            "alignment": {"candidate_pairs": len(aligned.candidates.sims),
                          "scored_pairs": aligned.judge.scored,
                          "conflicts": sum(len(c.conflicts) for c in claims)},
            "time": {"expressions": sum(1 for a in time_.articles
                                        for _ in a.spans_of(Label.DATE)),
                     "timeline": len(time_.timeline),
                     "discrepancies": len(time_.discrepancies)},
            "voices": {"entities": len(voices_.entities), "quotes": len(voices_.quotes),
                       "quote_groups": len(voices_.groups), "quote_discrepancies": len(quoted)},
            "coherence": {"score": _rounded(coherence.score), "threshold": ONE_STORY,
                          "groups": len(coherence.groups)},
            "annotation": {k: v for k, v in annotations.report.items() if k != "seconds"}}


class _Laps:
    """Seconds of each step since the previous one."""

    def __init__(self) -> None:
        self.steps: dict[str, float] = {}
        self._last = time.perf_counter()

    def __call__(self, step: str) -> None:
        now = time.perf_counter()
        self.steps[step] = round(now - self._last, 3)
        self._last = now


def _rounded(x: float | None) -> float | None:
    return None if x is None else round(x, 4)
