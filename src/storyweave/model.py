"""The records every stage passes along.

An :class:`Article` holds its clean text once; everything known about it is either a
:class:`Meta` value (with where it came from) or a standoff :class:`Span` into that text,
so any citation the dossier makes is an exact character offset that can be checked.

The records hold no serialisation code: :mod:`storyweave.codec` turns every one of them
into plain JSON-able values and back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# --- closed sets of kinds -------------------------------------------------------------------
# StrEnums: members are the strings the JSON has always carried (``"direct" == QuoteKind.DIRECT``
# and ``json.dumps`` writes ``"direct"``), so builders that pass plain strings keep working.


class ConflictKind(StrEnum):
    """What a claim's passages give different values for (:class:`ValueConflict`)."""

    NUMBER = "number"
    DATE = "date"
    NAME = "name"  # one person's name spelt two ways (schema 2.4)
    COLOUR = "colour"  # one thing's colour: "a silver Camry" / "a gray Camry" (schema 2.8)


class DiscrepancyKind(StrEnum):
    """What outlets disagree on (:class:`Discrepancy`): a conflict's kind, or one statement
    quoted in different words."""

    DATE = "date"
    NUMBER = "number"
    QUOTE = "quote"
    NAME = "name"  # schema 2.4
    AGE = "age"  # schema 2.5: one person's age, given differently by two outlets
    RANK = "rank"  # schema 2.5: one person's rank ("Commodore" / "Commander")
    SPEAKER = "speaker"  # schema 2.6: one quotation given to two different people
    TIME = "time"  # schema 2.7: the time of day of one dated fact
    COLOUR = "colour"  # schema 2.8: one thing's colour, from a claim's conflicts
    HOME = "home"  # schema 2.9: where one person lives, given as different places


class DiscrepancyRelation(StrEnum):
    """How the values of a discrepancy relate: they cannot all be right, or the later reports
    give a later count (a death toll that rose, "98 percent counted" / "99 percent")."""

    CONTRADICTION = "contradiction"
    UPDATE = "update"
    SPELLING = "spelling"  # one name spelt two ways: a kind "name" discrepancy (schema 2.4)
    PLACES = "places"  # different places, one of which may lie inside another: "home" (2.9)
    ROUNDING = "rounding"  # one figure rounded or hedged two ways: "$80 million" / "$82" (2.10)


class QuoteKind(StrEnum):
    DIRECT = "direct"  # in quotation marks, a whole statement
    PARTIAL = "partial"  # in quotation marks inside the article's own sentence
    REPORTED = "reported"  # "X said (that) ...", "according to X"


class DateConfidence(StrEnum):
    """How sure an :class:`ArticleDate`'s working date is."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    NONE = "none"  # nothing dates the article


class DateVerdict(StrEnum):
    """What an article's own text says about a publication date it came with."""

    CONSISTENT = "consistent"
    CONTRADICTED = "contradicted"
    # Outside what the text allows, on evidence too weak to replace it (a tense alone, one
    # relative expression): kept, with the doubt beside it.
    DOUBTED = "doubted"
    UNCHECKED = "unchecked"  # the text says nothing either way


class WarningCode(StrEnum):
    """The stable codes of :class:`DossierWarning`, meant for programs."""

    NOT_ONE_STORY = "not-one-story"
    OUTLIER_ARTICLE = "outlier-article"
    UNSUPPORTED_LANGUAGE = "unsupported-language"
    DUPLICATES_DROPPED = "duplicates-dropped"
    COPIES_FOLDED = "copies-folded"  # 2.2
    ODD_CASE = "odd-case"  # 2.3: a body set all in capitals or all in lower case


@dataclass(frozen=True, slots=True)
class Meta:
    """One metadata value and its provenance.

    ``source`` says which mechanism produced it (``html``, ``header-line``, ``footer-line``,
    ``breadcrumb``, ``jsonl``, ``detected``); ``evidence`` is the raw text it was read from
    (the line, the meta tag's content, the JSON field), so a user can judge it.
    """

    value: str
    source: str
    evidence: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A standoff annotation: ``text[start:end]`` of the article it belongs to."""

    start: int
    end: int
    label: str
    attrs: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A raw input line the cleaner cut, and why (so every cut can be audited)."""

    line: int | None  # 1-based line number in the raw input; None when not line-based
    text: str
    reason: str


@dataclass(slots=True)
class Article:
    """One clean report. ``text`` is the only copy of its content; spans point into it."""

    id: str
    source: str  # where it was read from: a file path (with ``:LINE`` for JSONL) or a URL
    text: str
    format: str  # txt, html, jsonl
    meta: dict[str, Meta] = field(default_factory=dict)
    removed: list[RemovedLine] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    encoding: str | None = None

    # Convenience accessors: the value only; ``meta[name]`` has the provenance.
    def get(self, name: str) -> str | None:
        m = self.meta.get(name)
        return m.value if m else None

    @property
    def title(self) -> str | None:
        return self.get("title")

    @property
    def outlet(self) -> str | None:
        return self.get("outlet")

    @property
    def author(self) -> str | None:
        return self.get("author")

    @property
    def url(self) -> str | None:
        return self.get("url")

    @property
    def published(self) -> str | None:
        return self.get("published")

    @property
    def language(self) -> str | None:
        return self.get("language")

    def spans_of(self, label: str) -> Iterator[Span]:
        return (s for s in self.spans if s.label == label)

    def span_text(self, span: Span) -> str:
        return self.text[span.start:span.end]


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not become an article. ``source`` names it; ``reason`` says why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


# --- stories (stories, store) ----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class StoryArticle:
    """One article of a stored story: where it came from, how it fit (``score``), and the
    article it copies (``copy_of``, with ``similarity``), if it is a copy."""

    id: str
    source: str
    url: str | None
    title: str | None
    outlet: str | None
    published: str | None
    score: float
    started: bool = False
    copy_of: str | None = None
    similarity: float | None = None
    order: int = 0  # its place in the store's grouping order (from 0)


@dataclass(frozen=True, slots=True)
class StoryOverview:
    """A story as the store lists it. ``headline``: the most central of its reports' titles
    (``weaving.headline.central_title``, copies left out), else the first report's first
    line; ``outlets``: the outlets of its reports, copies not counted; ``first``/``last``:
    its reports' working days; ``aliases``: ids of stories merged into it, which still
    lead here; ``version``: bumped by every change; ``created``/``touched``: when it started
    and last changed, in the store's grouping order (what "new since" compares);
    ``split_from``: the story it was split from when the recent stories were regrouped (None
    if it was not), ``split_off``: the stories split from it."""

    id: str
    headline: str
    first: str | None
    last: str | None
    outlets: tuple[str, ...]
    articles: tuple[StoryArticle, ...]
    aliases: tuple[str, ...] = ()
    version: int = 1
    created: int = 0  # articles grouped when it started, its first one included
    touched: int = 0  # the grouping order (from 0) of the article that last changed it
    split_from: str | None = None
    split_off: tuple[str, ...] = ()

    @property
    def sources(self) -> int:
        """Reports that are not copies of another."""
        return sum(1 for a in self.articles if a.copy_of is None)

    @property
    def copies(self) -> int:
        return len(self.articles) - self.sources


# --- the dossier ----------------------------------------------------------------------------

# 1.1: ``warnings`` and ``left_out``; 1.2: claims' ``support`` and ``conflicts``; 1.3:
# ``dates``, ``timeline`` and ``discrepancies``; 1.4: ``entities``, ``quotes``,
# ``quote_groups`` and ``framing``, and "quote" discrepancies; 2.0: ids made from content
# ("c" and a hash of a claim's passages...), ``stats.seconds`` gone; 2.1: fact units; 2.2:
# copies of one report folded; 2.3: a date the text doubts on weak evidence is kept, as
# ``doubted``; 2.4: "name" discrepancies; 2.5: "age" and "rank" discrepancies, a person's
# age or rank given two ways, with the person's entity; 2.8: ``Claim.attribute`` (a claim of
# the age or home town outlets write beside a person's name); 2.10: the relation "rounding"
# (docs/dossier-schema.md); 2.11: ``Claim.nearest_other`` (another source's passage near to
# stating a claim only one source states)
SCHEMA_VERSION = "2.11"


@dataclass(frozen=True, slots=True)
class Passage:
    """A citation: ``article.text[start:end]`` of the article with id ``article``."""

    article: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Signal:
    """One input of the same-fact decision for a pair of passages: its value and how far it
    moved the decision (its term of the log-odds, in the fitted model's units)."""

    name: str
    value: float
    weight: float


@dataclass(frozen=True, slots=True)
class Support:
    """Why a passage belongs to its claim: how it scores against the claim's representative.
    The representative supports itself (``same_fact`` 1.0, no signals)."""

    passage: Passage
    same_fact: float  # probability of stating the representative's fact, value conflicts aside
    paraphrase: float  # ... and of stating it alike, conflicting values counted against it
    covers: float  # probability that the longer of the two states all the shorter says
    signals: tuple[Signal, ...] = ()  # behind same_fact (or covers, if that is higher)


@dataclass(frozen=True, slots=True)
class StatedValue:
    """One of the values a claim's passages give for the same slot, with the exact spans that
    give it (one per passage)."""

    text: str  # as the first of ``passages`` writes it
    key: str  # the compared form: "23" for "23", "march" for "March"
    passages: tuple[Passage, ...]


@dataclass(frozen=True, slots=True)
class ValueConflict:
    """Passages of one claim that state one fact but give it different values: "from March
    20-23" / "from March 20 to 22" is one claim whose ``number`` conflict is 23 vs 22."""

    kind: ConflictKind
    values: tuple[StatedValue, ...]  # two or more, in the order they were first met


@dataclass(frozen=True, slots=True)
class DateCandidate:
    """A publication date an article was found with, and whether its own text allows it."""

    value: str  # ISO day
    source: str  # where it was found: "html" (htmldate), "header-line", "jsonl", "url"
    evidence: str | None  # the raw text it was read from
    verdict: DateVerdict
    reason: str | None = None  # why it is contradicted or doubted


@dataclass(frozen=True, slots=True)
class ArticleDate:
    """When an article was written, as far as can be told: the working date relative time
    expressions are resolved against, where it comes from, the window the article's own text
    (and the story's other articles) allow, and how sure that is. Never the machine clock."""

    article: str
    working: str | None  # ISO day; None when nothing dates the article
    source: str  # a candidate's source, "content" (inferred from the text) or "story"
    earliest: str | None  # the window the content allows (either side may be open)
    latest: str | None
    confidence: DateConfidence
    candidates: tuple[DateCandidate, ...] = ()
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TimeMention:
    """One outlet's time expression for a timeline entry: the exact span, what it resolved
    to, and how precisely."""

    passage: Passage  # the expression itself ("next week", "March 20 to 22")
    start: str  # ISO days of the interval it resolved to
    end: str
    precision: str  # "day", "week", "month", "season", "year", "decade"
    value: str  # TIMEX3 value ("2023-03-20", "2023-W12")


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated fact of the story: a claim and when it happened (or will), from the most
    precise of its outlets' expressions; every outlet's expression is kept."""

    claim: str  # claim id
    start: str  # ISO days
    end: str
    precision: str
    mentions: tuple[TimeMention, ...]


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """Outlets that give one fact different values: each value with the exact spans that
    state it. ``kind`` is "date" (resolved days or ranges that differ, not merely less
    precise ones), "number", "name" (one name spelt two ways), "quote" (one statement
    quoted in different words), "age" and "rank" (of the person ``entity``), "speaker"
    (one quotation given to different people: each value a person, cited by the words
    that name them), or "time" (the time of day of one dated fact)."""

    kind: DiscrepancyKind
    values: tuple[StatedValue, ...]
    claims: tuple[str, ...]  # the claims whose passages state the values
    quote_group: str | None = None  # kind "quote": the quote group whose variants differ
    # "update" when each value comes only from reports written later than those of the
    # smaller values before it: a later count, not a contradiction (schema 2.1)
    relation: DiscrepancyRelation = DiscrepancyRelation.CONTRADICTION
    entity: str | None = None  # kinds "age", "rank": the entity id of the person (schema 2.5)


@dataclass(frozen=True, slots=True)
class Mention:
    """One place an entity is named (or referred to) in an article: the exact span."""

    passage: Passage
    form: str  # how it is written there: "President Xi", "Xi", "he"


@dataclass(slots=True)
class Entity:
    """One real person, organisation or place across all the articles: "Xi", "Xi Jinping",
    "President Xi" and "China's leader Xi Jinping" are one entity with the roles seen."""

    id: str  # "e" and a hash of its type and name: the same in every dossier that names it
    name: str  # the fullest form: "Xi Jinping"
    type: str  # PERSON, ORG, GPE, NORP, LOC, FAC
    aliases: tuple[str, ...]  # every distinct form written, most frequent first
    roles: tuple[str, ...]  # titles and roles seen with it: "Chinese President", "leader"
    mentions: list[Mention]  # every mention, in article order
    sources: dict[str, int]  # source key -> number of mentions in that source's articles
    country: str | None = None  # the side it speaks for, when its roles or name say so


@dataclass(frozen=True, slots=True)
class Quote:
    """Words an article attributes to someone: a direct quote in quotation marks, a partial
    quote inside a sentence, or reported speech ("X said (that) ...", "according to X")."""

    id: str  # "q" and a hash of its content passage
    content: Passage  # the quoted or reported words, without the marks
    kind: QuoteKind
    speaker: str | None  # entity id of who said it; None when nobody is named
    speaker_mention: Passage | None  # the words that name the speaker here ("he", "Ryder")
    cue: Passage | None  # the reporting word: "said", "according to", "told reporters"
    role: str | None = None  # the speaker's role as this article gives it


@dataclass(frozen=True, slots=True)
class QuoteVariant:
    """One outlet's wording of a quoted statement, and the words no other variant has."""

    quote: str  # quote id
    differing: tuple[Passage, ...]  # spans of this wording's words the others lack


@dataclass(slots=True)
class QuoteGroup:
    """One statement as several articles quote it (other translations, truncations)."""

    id: str  # "g" and a hash of its variants' quote ids
    speaker: str | None  # entity id
    variants: list[QuoteVariant]  # one per quote, in source order
    sources: list[str]  # source keys that carry it
    claims: list[str]  # ids of the claims whose passages hold these quotes
    wording_differs: bool = False  # two direct variants put different words in quote marks


@dataclass(frozen=True, slots=True)
class VoiceCount:
    """How often one outlet quotes one speaker (or one side)."""

    key: str  # entity id, or a country name for the counts by side
    label: str  # the entity's name, or the country
    quotes: int


@dataclass(frozen=True, slots=True)
class TermUse:
    """One outlet's words for something: "unprovoked war", "invasion", "conflict"."""

    term: str  # as written, lower-cased
    sources: tuple[str, ...]  # source keys that use it
    passages: tuple[Passage, ...]  # every use


@dataclass(frozen=True, slots=True)
class WordingChoice:
    """The words outlets use for the same thing, side by side: the evaluative words in the
    passages of one aligned claim, or the names a story-wide topic is given (the war)."""

    topic: str  # what the words describe: the claim's text, or a topic name
    claim: str | None  # claim id, when the words are the outlets' versions of one fact
    uses: tuple[TermUse, ...]


@dataclass(slots=True)
class OutletFraming:
    """Measured, never labelled: whose voices one outlet carries and which facts it omits."""

    source: str  # source key
    voices: list[VoiceCount]  # by speaker, most quoted first
    sides: list[VoiceCount]  # by the speaker's country ("unknown" when none is known)
    carried: int  # claims this outlet states
    omitted: list[str]  # ids of claims two or more other outlets state and this one does not


@dataclass(slots=True)
class Framing:
    outlets: list[OutletFraming]  # one per source, in source order
    coverage: list[tuple[str, tuple[str, ...]]]  # (claim id, source keys that carry it)
    wording: list[WordingChoice]


class AttributeKind(StrEnum):
    """What an attribute claim says of a person (:class:`ClaimAttribute`)."""

    AGE = "age"  # "LuAnn Marie Johnson, 66," / "66-year-old LuAnn Marie Johnson"
    HOME = "home"  # "LuAnn Marie Johnson, of Burnsville"


@dataclass(frozen=True, slots=True)
class ClaimAttribute:
    """What a claim of a person's attribute states: whose (an entity id), which attribute, and
    the value every one of its passages gives (schema 2.8)."""

    entity: str
    kind: AttributeKind
    value: str  # "66"; a place as its first passage writes it: "Burnsville"


@dataclass(frozen=True, slots=True)
class NearestOther:
    """The passage of another source that comes nearest to stating a claim only one source
    states (schema 2.11): the fact may be shared after all, worded too differently to join."""

    passage: Passage
    # the pair scorer's score of the two: at least weaving.align.claims.EXCLUSIVE_DOUBT,
    # under the join threshold or for a pair the grouping kept apart (it may be above it)
    same_fact: float


@dataclass(slots=True)
class Claim:
    """One fact as the outlets state it: the passages that say it, who carries it, and the
    member passage that best represents the group (a real sentence, never a generated one)."""

    id: str  # "c" and a hash of its member passages: a fact told by the same passages keeps it
    passages: list[Passage]
    sources: list[str]  # source keys (independent outlets) that state it, in source order
    representative: Passage
    text: str  # the representative passage's text
    centrality: float = 0.0  # similarity of the claim to the story as a whole
    salience: float = 0.0  # entities, numbers, quotes, position: used to rank exclusives
    position: float = 0.0  # mean relative position in the articles (0 = lead)
    support: list[Support] = field(default_factory=list)  # one per passage, same order
    conflicts: list[ValueConflict] = field(default_factory=list)
    # a claim of a person's attribute (2.8): grouped by person and value, not scored
    attribute: ClaimAttribute | None = None
    # on a claim only one source states: another source's passage near enough to doubt that
    nearest_other: NearestOther | None = None

    @property
    def corroboration(self) -> int:
        """How many independent sources state it."""
        return len(self.sources)


@dataclass(frozen=True, slots=True)
class Source:
    """An independent source: one outlet (or one article when its outlet is unknown)."""

    key: str
    number: int  # the [n] marker used in the summary
    label: str  # outlet name, else the file it came from
    articles: tuple[str, ...]


@dataclass(slots=True)
class SummarySentence:
    claim: str  # claim id
    text: str
    citations: list[Passage]  # every passage of the claim: each marker resolves to one


@dataclass(frozen=True, slots=True)
class DossierWarning:
    """Something to know before trusting the dossier: the articles do not look like one
    story, one of them stands apart, some were left out. ``code`` is stable and meant for
    programs (``not-one-story``, ``outlier-article``, ``unsupported-language``,
    ``duplicates-dropped``); ``message`` is for people."""

    code: WarningCode
    message: str
    articles: tuple[str, ...] = ()  # ids of the articles concerned
    groups: tuple[tuple[str, ...], ...] = ()  # not-one-story: the article ids of each group


@dataclass(frozen=True, slots=True)
class LeftOut:
    """An input article that was not woven, and why. A copy's ``article`` id is also the id
    of the article it copies (ids are content hashes); an article in another language has an
    id no passage points to."""

    article: str
    source: str  # where it was read from
    reason: str


@dataclass(slots=True)
class Dossier:
    articles: list[Article]
    sources: list[Source]
    claims: list[Claim]
    summary: list[SummarySentence]
    exclusives: dict[str, list[str]]  # source key -> claim ids, most salient first
    stats: dict[str, Any] = field(default_factory=dict)
    warnings: list[DossierWarning] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    dates: list[ArticleDate] = field(default_factory=list)  # one per article, same order
    timeline: list[TimelineEntry] = field(default_factory=list)  # by start date
    discrepancies: list[Discrepancy] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)  # most widely named first
    quotes: list[Quote] = field(default_factory=list)  # in article order, then text order
    quote_groups: list[QuoteGroup] = field(default_factory=list)  # most sources first
    framing: Framing | None = None
    # the most central of the outlets' titles, else of the widely carried facts (2.3)
    headline: str | None = None
    schema_version: str = SCHEMA_VERSION

    # Lookup tables, built on first use: a dossier of 200 articles answers thousands of
    # citations, and a linear scan per citation would make rendering quadratic.
    _articles_by_id: dict[str, Article] = field(default_factory=dict, init=False, repr=False,
                                                compare=False)
    _claims_by_id: dict[str, Claim] = field(default_factory=dict, init=False, repr=False,
                                            compare=False)

    def article(self, article_id: str) -> Article:
        """The article with this id; ``KeyError`` naming the id if the dossier has none."""
        found = self._articles_by_id.get(article_id)
        if found is None or found.id != article_id:  # first use, or the list has changed
            self._articles_by_id = {a.id: a for a in self.articles}
            found = self._articles_by_id.get(article_id)
        if found is None:
            raise KeyError(f"no article with id {article_id!r} in this dossier")
        return found

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id; ``KeyError`` naming the id if the dossier has none."""
        found = self._claims_by_id.get(claim_id)
        if found is None or found.id != claim_id:
            self._claims_by_id = {c.id: c for c in self.claims}
            found = self._claims_by_id.get(claim_id)
        if found is None:
            raise KeyError(f"no claim with id {claim_id!r} in this dossier")
        return found

    def quote(self, p: Passage) -> str:
        """The exact text a citation points to."""
        return self.article(p.article).text[p.start:p.end]
