"""Which input articles are woven, and which are left out (and said so).

Three kinds stay out: an article in a language the models do not read (spaCy's English
pipeline and MiniLM would turn it into noise that aligns with nothing, or worse, with
everything), an identical copy of an article already in (the same text read twice is one
report, not two sources), and a copy of another report: a wire story reposted with another
headline or boilerplate, trimmed or lightly edited (``stories.copies``), which would
otherwise corroborate its own original. Each is listed with its reason and summed up in a
warning.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..ingestion.casing import case_note
from ..ingestion.language import iso639_1
from ..model import Article, DossierWarning, LeftOut, WarningCode
from ..wording import plural

if TYPE_CHECKING:
    from ..stories.copies import CopyLink, Signed

log = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = frozenset({"en"})  # what the NLP models read (messages say "English")
MAX_NAMED = 5  # a warning names this many articles, then says how many more


class NothingToWeave(ValueError):
    """Articles were given but none of them can be woven (all in unsupported languages)."""


@dataclass(slots=True)
class Screened:
    kept: list[Article] = field(default_factory=list)
    foreign: list[Article] = field(default_factory=list)  # unsupported language
    copies: list[Article] = field(default_factory=list)  # identical to a kept article
    near_copies: list[Article] = field(default_factory=list)  # copies of another report
    left_out: list[LeftOut] = field(default_factory=list)  # both, in input order
    warnings: list[DossierWarning] = field(default_factory=list)


def language_of(article: Article) -> str | None:
    """The article's ISO 639-1 code, or None when unknown ("en-GB" and "EN" are "en")."""
    return iso639_1(article.language)


def screen(articles: list[Article], *,
           signed: Mapping[str, Signed | None] | None = None) -> Screened:
    """Split the input into the articles to weave and those left out, with warnings. Raises
    :class:`NothingToWeave` when articles were given and none is left. ``signed``: the
    articles' MinHashes a store kept (``Store.signatures``), not made again."""
    out = Screened()
    first: dict[str, Article] = {}  # the first article read with each content id is kept
    for a in articles:
        lang = language_of(a)
        if lang is not None and lang not in SUPPORTED_LANGUAGES:
            out.foreign.append(a)
            out.left_out.append(LeftOut(a.id, a.source, _language_reason(lang)))
        elif a.id in first:
            out.copies.append(a)
            out.left_out.append(LeftOut(a.id, a.source,
                                        f"identical copy of {first[a.id].source}"))
        else:
            first[a.id] = a
            out.kept.append(a)
    _fold_copies(out, articles, signed)
    if out.foreign:
        out.warnings.append(_language_warning(out.foreign))
    if out.copies:
        out.warnings.append(_copies_warning(out.copies, first))
    if out.near_copies:
        out.warnings.append(_near_copies_warning(out))
    if odd := [a for a in out.kept if a.get("case")]:
        out.warnings.append(_case_warning(odd))
    if articles and not out.kept:
        which = ("the only article is not" if len(articles) == 1
                 else f"none of the {len(articles)} articles is")
        raise NothingToWeave(
            f"nothing to weave: {which} in English, the one language storyweave's models "
            "read: " + _named([f"{a.source} ({language_of(a)})" for a in out.foreign]))
    if out.left_out:
        log.info("left out %d of %d articles", len(out.left_out), len(articles))
    return out


def _fold_copies(out: Screened, articles: list[Article],
                 signed: Mapping[str, Signed | None] | None = None) -> None:
    """Move the copies of other kept reports out, each named with the version woven in its
    place (the earliest, by working date then input order, or a fuller copy of it:
    ``FULLER``) and how much of it it repeats."""
    from ..stories.copies import copies_among

    links = copies_among([(a.id, a.text, a.published) for a in out.kept], signed=signed)
    if not links:
        return
    by_id = {a.id: a for a in out.kept}
    copies = {x.copy for x in links}
    reasons: dict[str, str] = {}
    for version, others in _woven_versions(links, by_id).items():
        for other, share in others:
            reasons[other] = (
                f"copy of {by_id[version].source}, repeating {_share(share)} of its sentences"
                if other in copies else
                f"earlier, shorter version of {by_id[version].source}, which repeats "
                f"{_share(share)} of its sentences")
    out.near_copies = [a for a in out.kept if a.id in reasons]
    out.kept = [a for a in out.kept if a.id not in reasons]
    for a in out.near_copies:
        out.left_out.append(LeftOut(a.id, a.source, reasons[a.id]))
    place = {id(a): i for i, a in enumerate(articles)}
    order = {(a.id, a.source): place[id(a)] for a in articles}
    out.left_out.sort(key=lambda x: order.get((x.article, x.source), len(articles)))


# A copy with this many times its original's words, FULLER_ADDS of them or more in sentences
# the original lacks, is a fuller version, not a repost: a later report of the same outlet
# that repeats its first one in full and adds the news (ECB+ dev: "Two climbers killed"
# after "Climber dead", which only the fuller tells), the wire story its original trimmed.
# It is woven in the original's place, or what it adds would be lost. Measured on the copies
# bench/copies.py makes of ECB+ dev's reports, cleaned as ingestion cleans them: edited,
# trimmed, reordered and all-at-once copies reach 1.07 times their original's words at
# most; of those dressed with a headline and two boilerplate lines, 5 of 164 reach 1.2 (a
# short report), but their new sentences hold 29 words at most. The ECB+ dev versions
# that are fuller add 70 to 244.
FULLER = 1.2
FULLER_ADDS = 40


def _woven_versions(links: list[CopyLink],
                    by_id: dict[str, Article]) -> dict[str, list[tuple[str, float]]]:
    """Of each original and its copies, the one to weave (the original, or its fullest copy
    when that is ``FULLER``), with the others and how much of them it repeats."""
    from ..stories.copies import added_words, aligned_share, sentence_words

    family: dict[str, list[CopyLink]] = {}
    for link in links:
        family.setdefault(link.original, []).append(link)

    def words(article_id: str) -> int:
        return len(by_id[article_id].text.split())

    out: dict[str, list[tuple[str, float]]] = {}
    for original, copies in family.items():
        fullest = max(copies, key=lambda x: words(x.copy))
        mine = sentence_words(by_id[fullest.copy].text)
        if (words(fullest.copy) < FULLER * words(original)
                or added_words(mine, sentence_words(by_id[original].text)) < FULLER_ADDS):
            out[original] = [(x.copy, x.similarity) for x in copies]
            continue
        out[fullest.copy] = [(original, fullest.similarity)] + [
            (x.copy, round(aligned_share(sentence_words(by_id[x.copy].text), mine), 4))
            for x in copies if x is not fullest]
    return out


def _share(x: float) -> str:
    return f"{int(x * 100)}%"


def _near_copies_warning(out: Screened) -> DossierWarning:
    reasons = {x.article: x.reason for x in out.left_out}
    names = _named([f"{a.source} ({reasons[a.id]})" for a in out.near_copies])
    return DossierWarning(
        WarningCode.COPIES_FOLDED,
        f"{plural(len(out.near_copies), 'report')} "
        f"{'repeats' if len(out.near_copies) == 1 else 'repeat'} another report (a reposted, "
        f"lightly edited or trimmed copy, or an earlier version the other repeats in full) and "
        f"{'is' if len(out.near_copies) == 1 else 'are'} counted once, with it: {names}.",
        articles=tuple(a.id for a in out.near_copies))


def _case_warning(odd: list[Article]) -> DossierWarning:
    names = _named([f"{a.source} ({case_note(a.get('case') or '')})" for a in odd])
    one = len(odd) == 1
    return DossierWarning(
        WarningCode.ODD_CASE,
        f"{plural(len(odd), 'article')} {'is' if one else 'are'} set all in capitals or all in "
        f"lower case; {'it is' if one else 'they are'} read without case, but names, dates "
        f"and quotes found in {'it' if one else 'them'} are less reliable: {names}.",
        articles=tuple(a.id for a in odd))


def _language_reason(lang: str) -> str:
    return f"language {lang!r} (storyweave's language models read English only)"


def _named(items: list[str]) -> str:
    """A list for a message: the first ``MAX_NAMED`` items, then how many more."""
    shown = ", ".join(items[:MAX_NAMED])
    more = len(items) - MAX_NAMED
    return shown + (f" and {more} more" if more > 0 else "")


def _language_warning(foreign: list[Article]) -> DossierWarning:
    names = _named([f"{a.source} ({language_of(a)})" for a in foreign])
    verb = "is" if len(foreign) == 1 else "are"
    return DossierWarning(
        WarningCode.UNSUPPORTED_LANGUAGE,
        f"{plural(len(foreign), 'article')} {verb} not in English and left out "
        f"(storyweave's language models read English only): {names}.",
        articles=tuple(a.id for a in foreign))


def _copies_warning(copies: list[Article], first: dict[str, Article]) -> DossierWarning:
    names = _named([f"{a.source} (copy of {first[a.id].source})" for a in copies])
    said = ("of another article was" if len(copies) == 1 else "of other articles were")
    return DossierWarning(
        WarningCode.DUPLICATES_DROPPED,
        f"{plural(len(copies), 'identical copy', 'identical copies')} {said} left out "
        f"(the same text counts once): {names}.",
        articles=tuple(a.id for a in copies))
