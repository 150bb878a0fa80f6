"""When was each article written? A publication date checked against the article's own text.

Scraped dates are often wrong (a page's "May 18, 2024" on a report that says the visit "will
take place from March 20-23" next week) or missing. Every candidate (htmldate's, a header
line, a JSONL field, a date in the URL) is checked against a window the text allows:

- a dated event told in the future ("will take place from March 20-23") was written before
  it began; one told in the past after it began;
- a relative expression and a calendar date of the same event ("next week" in one passage,
  "March 20 to 22" in a passage of the same claim, in this article or another outlet's) hold
  only for the days on which "next week" contains March 20-22.

A candidate inside the window is kept; one outside it is kept as a contradicted candidate,
with the reason, and the working date is inferred from the window: the day closest after the
recent past events the text names relative to its writing ("announced on Friday"), since news
is written soon after what it reports. Every article ends with a working date (or none, said
so), where it came from, a window and a confidence. Never the machine clock.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import partial
from typing import Any, cast

from ...labels import Label
from ...model import Article, ArticleDate, Claim, DateCandidate, DateConfidence, DateVerdict, Span
from ...nlp.timex import anchor_of, resolve
from ...nlp.wordlists import MONTH_ABBREVIATIONS
from ...spanattrs import DateAttrs, date_attrs
from ...spanindex import SpanIndex

log = logging.getLogger(__name__)

SCAN_DAYS = 400  # how far from an event a relative expression's base is searched
SLACK = timedelta(days=1)  # time zones and late-night publishing: a day either way is no
# contradiction
NARROW = 7  # a window of at most this many days dates an article well ("medium" beyond)
# A relative expression and a calendar date this close (characters) with the same tense are
# taken as one event: the lead's "next week" and the next paragraph's "March 20-23".
NEARBY_CHARS = 400
# A calendar date's tense bounds the writing only at these precisions: "will show paintings
# from 1761" or "until 2050" are years a tense misreads (htmldate dev pages).
TENSE_PRECISIONS = frozenset({"day", "week", "month"})
SOURCE_ORDER = ("jsonl", "html", "header-line", "url")  # most trusted first
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2]|[a-z]{3})[/-](0[1-9]|[12]\d|3[01])"
                       r"(?:/|\b)", re.I)  # "/2013/09/14/", "/2013-09-14", "/2013/aug/02/"


@dataclass(frozen=True, slots=True)
class Bound:
    """One thing the text says about when it was written: ``earliest <= day <= latest``."""

    earliest: date | None
    latest: date | None
    reason: str
    # Which bound gives way when two disagree: a relative expression anchored by a dated
    # future event (2: "next week" of the visit the story is about) over one anchored by a
    # past event (1: "last month" has many candidates), over a tense alone (0).
    strength: int = 0


def candidates(article: Article) -> list[tuple[date, str, str | None]]:
    """Every publication date the article came with: ``(day, source, evidence)``."""
    out: list[tuple[date, str, str | None]] = []
    for name in ("published", "updated"):
        m = article.meta.get(name)
        day = _day(m.value) if m else None
        if m and day:
            out.append((day, m.source if name == "published" else f"{m.source} (updated)",
                        m.evidence or m.value))
    if article.url and (found := _URL_DATE.search(article.url)):
        year, month, day_of = found.groups()
        named = month.lower()  # "may" is a name, not an abbreviation
        number = (month if month.isdigit()
                  else f"{MONTH_ABBREVIATIONS.get(named, 5 if named == 'may' else 0):02d}")
        day = _day(f"{year}-{number}-{day_of}")
        if day:
            out.append((day, "url", article.url))
    return out


def story_anchor(articles: Sequence[Article]) -> date | None:
    """The median of every date the story's articles came with: which year a year-less
    "March 20-23" is in. One outlet's wrong year (a page printing 2024 on a 2023 report)
    does not move a median of several."""
    days = sorted(day for a in articles for day, _, _ in candidates(a))
    return days[(len(days) - 1) // 2] if days else None


def yearless(spec: dict[str, Any]) -> bool:
    """A calendar date without its year ("March 20", "March 20-23"): it needs a year, not a
    writing day, so the story's anchor can place it before the articles are dated."""
    spec = spec.get("from", spec)
    weekly = "weekday" in spec or "weekend" in spec
    named = any(k in spec for k in ("month", "season", "quarter", "half", "holiday"))
    return named and not weekly and "year" not in spec and "cycle" not in spec


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _times(article: Article, start: int = 0, end: int | None = None) -> list[Span]:
    end = len(article.text) if end is None else end
    return [s for s in article.spans_of(Label.DATE)
            if start <= s.start and s.end <= end and date_attrs(s).get("type") in ("DATE", "TIME")]


def _absolute(span: Span) -> tuple[date, date] | None:
    """The interval of a calendar date (given whole, or year-less and placed by the story's
    anchor); None for one resolved from its article's own writing day (that would date the
    article by itself)."""
    a = date_attrs(span)
    start, end = a.get("start"), a.get("end")
    if not start or not end or a.get("resolved_from") == "base":
        return None
    first, last = _day(start), _day(end)
    return (first, last) if first and last else None


def _quote(article: Article, span: Span) -> str:
    return f"\u201c{article.text[span.start:span.end]}\u201d"


def tense_bounds(article: Article) -> list[Bound]:
    """Calendar dates told in the future were written before they began; in the past,
    after they began."""
    out = []
    for s in _times(article):
        a = date_attrs(s)
        interval, tense = _absolute(s), a.get("tense")
        if interval is None or tense not in ("past", "future") \
                or a.get("precision") not in TENSE_PRECISIONS:
            continue
        first, last = interval
        if tense == "future":
            # a day or range not yet begun; a month or a year may be the one it is written in
            # ("trade will reach $200 billion in 2023", said in March 2023)
            latest = first if a.get("precision") == "day" else last
            out.append(Bound(None, latest, f"{_quote(article, s)} is still to come"))
        else:
            out.append(Bound(first, None, f"{_quote(article, s)} has begun"))
    return out


def _anchorable(article: Article, span: Span) -> bool:
    """A relative expression that can date its article through an event's calendar date:
    one counted in units from the writing day ("next week", "tomorrow", "last month"). Not
    a weekday: "Monday night, December 11" names the day, at any distance. Not a possessive
    ("this year's Oscars", "next year's budget"): it names an edition of a recurring event,
    which need not fall in that calendar year (ECB+ dev: "will host this year's Oscars",
    written in August 2013 of the ceremony of March 2, 2014)."""
    spec = date_attrs(span).get("relative") or {}
    spec = spec.get("from", spec)
    if _POSSESSIVE.match(article.text, span.end):
        return False
    return "unit" in spec and not date_attrs(span).get("start")


_POSSESSIVE = re.compile(r"['’]s\b")


def anchor_bounds(article: Article, relative: Span, event: tuple[date, date],
                  told: str, strength: int = 1) -> Bound | None:
    """The days on which ``relative`` ("next week") contains the dated ``event``."""
    first, last = event
    attrs = date_attrs(relative)
    tense = attrs.get("tense")
    ok = []
    for k in range(-SCAN_DAYS, SCAN_DAYS + (last - first).days + 1):
        day = first + timedelta(days=k)
        if _overlaps(resolve(attrs, day, tense=tense), event):
            ok.append(day)
            if len(ok) > 2 * SCAN_DAYS:
                # unbounded: it says nothing (found early, an event of years is not
                # scanned day by day)
                return None
    if not ok:
        return None
    return Bound(min(ok), max(ok),
                 f"{_quote(article, relative)} is {told} ({first:%Y-%m-%d}"
                 + (f"..{last:%Y-%m-%d})" if last != first else ")"), strength)


def _overlaps(found: tuple[date, date] | None, event: tuple[date, date]) -> bool:
    return found is not None and found[0] <= event[1] and event[0] <= found[1]


def _nearby_bounds(article: Article) -> list[Bound]:
    """Bounds from a relative expression and a calendar date told close together in one
    article with the same tense ("will travel to Russia next week" ... "will take place from
    March 20-23"): one event, dated twice."""
    spans = _times(article)
    # Future only: a story's past is full of dated events, and the "last month" of one
    # paragraph is rarely the "December" of the next.
    events = [(s, iv) for s in spans if (iv := _absolute(s)) is not None
              and date_attrs(s).get("tense") == "future"]
    out = []
    for span in spans:
        if not _anchorable(article, span):
            continue
        near = [(abs(e.start - span.start), e, iv) for e, iv in events
                if abs(e.start - span.start) <= NEARBY_CHARS
                and date_attrs(e).get("tense") == date_attrs(span).get("tense")]
        if near:
            _, event, interval = min(near, key=lambda x: x[0])
            bound = anchor_bounds(article, span, interval, f"{_quote(article, event)} nearby",
                                  strength=2)
            if bound is not None:
                out.append(bound)
    return out


def _event_bounds(articles: Sequence[Article], claims: Sequence[Claim]) -> dict[str, list[Bound]]:
    """Bounds from relative expressions anchored by a calendar date of the same claim, or
    one told nearby in the same article. Not by a date of the same passage: a sentence that
    names a calendar date and a relative expression names two times ("For the 2014 show,
    she follows a heavily criticised performance this year", ECB+ dev 2_9ecbplus)."""
    by_id = {a.id: a for a in articles}
    times = {a.id: SpanIndex(_times(a)) for a in articles}  # not a scan of all spans per passage
    out: dict[str, list[Bound]] = {a.id: _nearby_bounds(a) for a in articles}
    for claim in claims:
        spans = [(by_id[p.article], p, s) for p in claim.passages if p.article in by_id
                 for s in times[p.article].inside(p.start, p.end)]
        events = [(a, p, s, iv) for a, p, s in spans if (iv := _absolute(s)) is not None]
        if not events:
            continue
        for article, passage, span in spans:
            if not _anchorable(article, span):
                continue
            tense = date_attrs(span).get("tense")
            for other, where, event_span, interval in events:
                if where == passage:
                    continue
                if tense and date_attrs(event_span).get("tense") not in (None, tense):
                    continue  # "reported Monday" is not when the visit "will take place"
                told = (f"{_quote(other, event_span)} in the same claim"
                        + ("" if other.id == article.id else f" of {_label(other)}"))
                bound = anchor_bounds(article, span, interval, told,
                                      strength=2 if tense == "future" else 1)
                if bound is not None:
                    out[article.id].append(bound)
                    break
    return out


def _label(article: Article) -> str:
    return article.outlet or article.source.rsplit("/", 1)[-1]


def _window(bounds: Sequence[Bound]) -> tuple[date | None, date | None, list[str]]:
    """The intersection of the bounds; a bound that would empty it is dropped (the text is
    not always right either), and said so."""
    lo: date | None = None
    hi: date | None = None
    reasons = []
    for b in sorted(bounds, key=lambda b: -b.strength):
        new_lo = max(d for d in (lo, b.earliest) if d) if (lo or b.earliest) else None
        new_hi = min(d for d in (hi, b.latest) if d) if (hi or b.latest) else None
        if new_lo and new_hi and new_lo > new_hi:
            reasons.append(f"ignored: {b.reason} (contradicts the rest)")
            continue
        lo, hi = new_lo, new_hi
        reasons.append(b.reason)
    return lo, hi, reasons


def _inferred(article: Article, lo: date | None, hi: date | None) -> date | None:
    """The working day inside the window: the one closest after the recent past events the
    text names relative to its writing ("announced on Friday"); else the window's end that
    is known (its start if both are)."""
    if lo is None or hi is None:
        return lo or hi
    past = [s for s in _times(article)
            if (a := date_attrs(s)).get("relative") and not a.get("start")
            and a.get("tense") == "past" and a.get("precision") == "day"]
    days = [lo + timedelta(days=k) for k in range((hi - lo).days + 1)]
    if not past or len(days) > SCAN_DAYS:
        return lo

    def gap(day: date) -> int:
        total = 0
        for s in past:
            found = resolve(date_attrs(s), day, tense="past")
            total += (day - found[1]).days if found and found[1] <= day else SCAN_DAYS
        return total

    return min(days, key=gap)


def date_article(article: Article, bounds: Sequence[Bound]) -> ArticleDate:
    """The article's date record from its candidates and the bounds on its writing."""
    lo, hi, reasons = _window(bounds)
    checked = []
    for day, source, evidence in sorted(candidates(article),
                                        key=lambda c: _rank(c[1])):
        if not bounds:
            checked.append(DateCandidate(day.isoformat(), source, evidence,
                                         DateVerdict.UNCHECKED))
            continue
        verdict = _verdict(day, lo, hi, bounds)
        if verdict == DateVerdict.CONSISTENT:
            checked.append(DateCandidate(day.isoformat(), source, evidence, verdict))
            continue
        side = (f"before {lo:%Y-%m-%d}" if lo and day < lo - SLACK else f"after {hi:%Y-%m-%d}")
        why = (f"the text cannot have been written {side}" if verdict == DateVerdict.CONTRADICTED
               else f"the text suggests it was not written {side}, on evidence too weak to "
                    "replace the date")
        checked.append(DateCandidate(day.isoformat(), source, evidence, verdict, why))
    usable = [c for c in checked if c.verdict != "contradicted" and "updated" not in c.source]
    window = (lo.isoformat() if lo else None, hi.isoformat() if hi else None)
    if usable:
        best = usable[0]
        narrow = lo and hi and (hi - lo).days <= NARROW
        confidence = (DateConfidence.HIGH if best.verdict == "consistent" and narrow
                      else DateConfidence.MEDIUM)
        return ArticleDate(article.id, best.value, best.source, *window, confidence,
                           tuple(checked), tuple(reasons))
    # No publication date to keep, but the day the page says it was updated, which its text
    # does not contradict: a report is updated within days of its writing, and that day is
    # a better working date than a bound its text gives ("since September": the first of
    # September, two months before an update of November 11, ECB+ dev 12ecbplus).
    updated = [c for c in checked if c.verdict != "contradicted" and "updated" in c.source]
    if updated:
        return ArticleDate(article.id, updated[0].value, updated[0].source, *window,
                           DateConfidence.MEDIUM, tuple(checked),
                           (*reasons, "its update date: it came with no publication date"))
    inferred = _inferred(article, lo, hi)
    if inferred is None:
        return ArticleDate(article.id, None, "none", *window, DateConfidence.NONE, tuple(checked),
                           (*reasons, "nothing in the text or its metadata dates it"))
    narrow = lo and hi and (hi - lo).days <= NARROW
    why = ("all its dates are contradicted by its text" if checked
           else "it came with no date")
    return ArticleDate(article.id, inferred.isoformat(), "content", *window,
                       DateConfidence.MEDIUM if narrow else DateConfidence.LOW, tuple(checked),
                       (*reasons, f"inferred from the text: {why}"))


def _verdict(day: date, lo: date | None, hi: date | None,
             bounds: Sequence[Bound]) -> DateVerdict:
    """Inside the window (a day of slack either way): consistent. Outside it: contradicted
    only by a relative expression anchored by a dated future event ("next week" of the
    "March 20-23" visit, strength 2), or by two anchored ones of different dates; doubted
    otherwise. A tense alone ("said on March 3") or one expression anchored by a past event
    never replaced a right date on the htmldate dev pages, and replaced wrong ones wrongly
    (bench/pubdate_htmldate.py --shifted), while on held-out pages such overrides were wrong
    6 times in 6: they are shown as a doubt beside the kept date instead."""
    if not ((lo and day < lo - SLACK) or (hi and day > hi + SLACK)):
        return DateVerdict.CONSISTENT
    broken = [b for b in bounds if (b.earliest and day < b.earliest - SLACK)
              or (b.latest and day > b.latest + SLACK)]
    if not broken:  # outside the window only by the slack of several bounds together
        return DateVerdict.CONSISTENT
    anchored = {(b.earliest, b.latest) for b in broken if b.strength >= 1}
    if any(b.strength >= 2 for b in broken) or len(anchored) >= 2:
        return DateVerdict.CONTRADICTED
    return DateVerdict.DOUBTED


def _rank(source: str) -> tuple[int, str]:
    base = source.split(" ")[0]
    return (SOURCE_ORDER.index(base) if base in SOURCE_ORDER else len(SOURCE_ORDER), source)


def date_story(articles: Sequence[Article], claims: Sequence[Claim]) -> list[ArticleDate]:
    """Working dates of a story's articles (their ``date`` spans found, not yet resolved
    against a base). An article its own text cannot date takes the story's: the middle
    working date of the others (the earlier of two), with low confidence. The middle, not
    the earliest: a story may hold a report of an earlier event, and the others' earliest
    date then lies a week or more off. Leaving each dated ECB+ dev report out in turn and
    dating it by the others (75 reports): the middle day is its own 52 % of the time and
    within a day 77 %, the earliest 49 % and 68 %."""
    anchored = _event_bounds(articles, claims)
    # The time expressions are English: another language's text checks nothing.
    dates = [date_article(a, tense_bounds(a) + anchored[a.id] if _english(a) else [])
             for a in articles]
    known = sorted(d.working for d in dates if d.working and d.confidence != "low")
    out = []
    for d in dates:
        if d.working is None and known:
            d = ArticleDate(d.article, known[(len(known) - 1) // 2], "story", d.earliest,
                            d.latest, DateConfidence.LOW, d.candidates,
                            (*d.reasons[:-1], "dated by the story: the middle working date "
                                              "of its other articles"))
        out.append(d)
    return out


def resolved(span: Span, base: date, how: str,
             anchor: tuple[date, date, str] | None = None) -> Span:
    """A relative expression ("next week") resolved against its article's working date
    (``how`` = "base"), or a year-less one placed by the story's anchor ("story"). An
    anaphoric one ("about 7 p.m.", "the next day") counts from ``anchor``, the time its
    article last spoke of, when there is one fine enough ("context")."""
    attrs = date_attrs(span)
    if not attrs.get("relative") or attrs.get("start"):
        return span
    tense = attrs.get("tense")
    found = resolve(attrs, base, tense=tense, anchor=anchor)
    if found is None:
        return span
    # only an anaphoric expression reads the anchor: the others need no second resolve
    if anchor is not None and (attrs.get("relative") or {}).get("anaphoric") \
            and found != resolve(attrs, base, tense=tense):
        how = "context"
    new: DateAttrs = {**attrs, "start": found[0].isoformat(), "end": found[1].isoformat(),
                      "resolved_from": how, "base": base.isoformat()}
    # Span, not make_span: the span keeps its own label object (a str when read from JSON)
    return Span(span.start, span.end, span.label, cast(dict[str, Any], new))


def _english(article: Article) -> bool:
    return (article.language or "en").split("-")[0].lower() == "en"


def date_articles(articles: Sequence[Article], claims: Sequence[Claim] = ()
                  ) -> tuple[list[Article], list[ArticleDate]]:
    """Place every article's year-less calendar dates ("on March 20") by the story's anchor
    and date each article (see :func:`date_story`). Returns the articles with those dates
    placed, as new records, and their dates. Expressions relative to the writing day ("next
    week") are left for :func:`resolve_relative`."""
    anchor = story_anchor(articles)
    placed = list(articles) if anchor is None else [
        _with_dates(a, lambda s: resolved(s, anchor, "story")
                    if yearless(date_attrs(s).get("relative") or {}) else s)
        for a in articles]
    return placed, date_story(placed, claims)


def resolve_relative(articles: Sequence[Article], dates: Sequence[ArticleDate]) -> list[Article]:
    """The articles (new records) with their relative time expressions resolved against their
    working dates; an article with none keeps them unresolved."""
    out = []
    for a, d in zip(articles, dates, strict=True):
        if d.working is None:
            out.append(a)
            continue
        base = date.fromisoformat(d.working)
        resolve_one: Callable[[Span, tuple[date, date, str] | None], Span] = partial(
            _resolved_here, base=base)
        if d.source == "story" or d.confidence == DateConfidence.LOW:
            # The writing day is a guess (the story's, or a wide window of the text's own):
            # a weekday ("on Friday"), a "today" or a "10 a.m." counted from a guessed day is
            # a guessed day, and made false disagreements between outlets (ECB+ dev: "around
            # 10 a.m." on March 1 against April 9). Expressions of a day or a week stay
            # unresolved; coarser ones ("last month", "next year") are still placed.
            resolve_one = partial(_unless_fine, base=base)
        out.append(_in_text_order(a, resolve_one))
    return out


def _resolved_here(span: Span, anchor: tuple[date, date, str] | None, base: date) -> Span:
    return resolved(span, base, "base", anchor)


def _unless_fine(span: Span, anchor: tuple[date, date, str] | None, base: date) -> Span:
    attrs = date_attrs(span)
    spec = attrs.get("relative") or {}
    spec = spec.get("from", spec)
    weekly = ("weekday" in spec or "weekend" in spec) and "month" not in spec
    fine = attrs.get("precision") in ("day", "week") or attrs.get("type") == "TIME"
    return span if weekly or fine else resolved(span, base, "base")


def _in_text_order(article: Article, resolve_one: Callable[
        [Span, tuple[date, date, str] | None], Span]) -> Article:
    """The article with its time expressions resolved one after the other, each anaphoric
    one ("about 7 p.m.", "the next day") from the time the text last spoke of: "arrested
    early Sunday ... going west about 1:30 a.m." is Sunday's 1:30, not the writing day's."""
    anchor: tuple[date, date, str] | None = None
    changed: dict[int, Span] = {}
    for i in sorted((i for i, s in enumerate(article.spans) if s.label == Label.DATE),
                    key=lambda i: (article.spans[i].start, article.spans[i].end)):
        span = changed[i] = resolve_one(article.spans[i], anchor)
        anchor = anchor_of(date_attrs(span)) or anchor
    return replace(article, spans=[changed.get(i, s) for i, s in enumerate(article.spans)])


def _with_dates(article: Article, change: Callable[[Span], Span]) -> Article:
    return replace(article, spans=[change(s) if s.label == Label.DATE else s
                                   for s in article.spans])
