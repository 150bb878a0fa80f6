"""Line-level recognisers for scraped plain text.

Each function looks at one line (already stripped) and answers a narrow question: is it a
date line, a byline, a photo credit, a share/subscribe promo... They know nothing about
where the line sits; :mod:`storyweave.ingestion.textclean` combines them with position.
Every pattern here has a near-miss in the tests that it must *not* match.
"""

from __future__ import annotations

import re
from datetime import date

from ..keys import normalise

MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december"
    .split())}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = r"(?:\s*(?:[,|•-]|at)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[a-z]{2,4})?)?"
_DATE_PREFIX = (r"(?:(?P<prefix>date|dated|published|posted|updated|last updated|first published"
                r"|publication date)(?:\s+on)?\s*:?\s*)?")
_DATE_FORMS = [
    # March 13, 2023 / Mar. 13 2023 / Monday, March 13, 2023
    re.compile(rf"^{_DATE_PREFIX}{_WEEKDAY}(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
               rf",?\s+(?P<year>\d{{4}}){_TIME}$", re.I),
    # 13 March 2023
    re.compile(rf"^{_DATE_PREFIX}{_WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH})"
               rf",?\s+(?P<year>\d{{4}}){_TIME}$", re.I),
    # 2023-03-18 (ISO, optionally with a time)
    re.compile(rf"^{_DATE_PREFIX}(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})"
               rf"(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?{_TIME}$", re.I),
]


def parse_date_line(line: str) -> tuple[str, str | None] | None:
    """If the whole line is a date (with an optional "Published:"-style prefix), return
    ``(iso_date, prefix)``. A date inside a sentence is not a date line."""
    text = line.strip().strip("|•·-–— ").strip()
    if len(text) > 60:
        return None
    for form in _DATE_FORMS:
        m = form.match(text)
        if not m:
            continue
        month = m.group("month")
        month_no = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip(".")[:4],
                                                                 MONTHS.get(month.lower()[:3]))
        try:
            d = date(int(m.group("year")), month_no or 0, int(m.group("day")))
        except (TypeError, ValueError):
            return None
        prefix = m.group("prefix")
        return d.isoformat(), prefix.lower() if prefix else None
    return None


# --- lines that are site furniture, whatever their position -------------------------------

# Whole-line furniture (compared normalised, trailing punctuation dropped).
_PHRASES = frozenset({
    "advertisement", "advertisements", "sponsored", "sponsored content", "ad", "ads",
    "paid content", "promoted", "leave a reply", "leave a comment", "post a comment",
    "add a comment", "comments", "show comments", "related posts", "related articles",
    "related stories", "related", "related content", "related coverage", "popular right now",
    "most popular", "most read", "most viewed", "trending", "trending now", "top stories",
    "you may also like", "you might also like", "recommended", "recommended for you",
    "more stories", "more from this section", "read more", "read next", "continue reading",
    "see also", "also read", "share", "share this", "share this article", "share this story",
    "share on facebook", "share on twitter", "share via email", "tweet", "email", "print",
    "print this article", "copy link", "copy the link", "subscribe", "subscribe now",
    "sign up", "sign in", "log in", "login", "register", "newsletter", "follow us",
    "follow us on social media", "skip to content", "skip to main content", "back to top",
    "menu", "search", "close", "open menu", "toggle navigation", "previous article",
    "next article", "loading", "listen to this article", "watch more", "watch now",
    "cookie settings", "accept cookies", "home",
})

_PROMO_START = re.compile(
    r"^(?:click here|read more|read the full|read our|continue reading|see all the latest"
    r"|see more|get the (?:latest|featured|best)|get our|sign up|subscribe|follow (?:us|[A-Z]\w*"
    r" on)|don['’]?t miss|download (?:our|the) app|contact our newsroom|join (?:our|us)"
    r"|like us on|want more|never miss|stay (?:informed|up to date)|for more (?:news|stories)"
    r"|this (?:article|story) (?:was|is) (?:originally )?(?:published|updated))\b", re.I)
_PROMO_ANYWHERE = re.compile(
    r"\b(?:in your (?:e-?mail|inbox)|subscribe (?:here|now|to our)|our (?:daily|weekly)"
    r" (?:e-?mail|newsletter)|sign up for our|follow us on|share this (?:article|story))\b",
    re.I)


def boilerplate_phrase(line: str) -> bool:
    key = normalise(line).rstrip(" .:!?»›>|-").strip()
    return key in _PHRASES


def promo(line: str) -> bool:
    """Share/subscribe/"Read more"/"Click here" lines. Anchored at the line start (or an
    unmistakable phrase), so "Analysts read more into the statement" stays."""
    if len(line.split()) > 60:
        return False
    return bool(_PROMO_START.match(line) or _PROMO_ANYWHERE.search(line))


# --- photo credits and captions -----------------------------------------------------------

# "HOW HWEE YOUNG/AP"
_CREDIT_ALLCAPS = re.compile(r"^[A-Z][A-Z .'’-]{2,}/\s?[A-Z][A-Za-z .&-]{1,40}$")
_CREDIT_LABEL = re.compile(r"^(?:photo|photograph|image|picture|credit|credits|source|video)"
                           r"\s*(?:credit)?\s*(?::|by\b)\s*\S", re.I)
_CREDIT_AGENCY = re.compile(r"(?:\bgetty images\b|\bap photo\b|\bafp via getty\b|\bshutterstock\b"
                            r"|\breuters/|/\s?(?:ap|afp|reuters|epa|getty)\b)", re.I)
# The label must open its own sentence: "... next week. Credit: Kremlin.ru", not "one
# picture: the two leaders shaking hands".
_CAPTION_CREDIT_END = re.compile(r"(?:(?:^|[.!?\"”]\s+)(?:photo\s+)?"
                                 r"(?:credit|photo|image|picture)s?\s*:\s*\S.{0,60}"
                                 r"|\((?:photo|image)[^)]{0,60}\))\s*$", re.I)


def photo_credit(line: str) -> bool:
    """A line that is only a credit: "HOW HWEE YOUNG/AP", "Photo: Reuters", "Credit: X"."""
    if _CREDIT_ALLCAPS.match(line) or _CREDIT_LABEL.match(line):
        return len(line.split()) <= 12
    return len(line.split()) <= 8 and bool(_CREDIT_AGENCY.search(line))


def caption_with_credit(line: str) -> bool:
    """A photo caption that ends with its credit: "... next week. Credit: Kremlin.ru"."""
    return bool(_CAPTION_CREDIT_END.search(line))


# --- breadcrumbs, headlines, bylines ------------------------------------------------------

_NUMBERED_ITEM = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
_ARROW_CRUMB = re.compile(r"^home\s*[>»/|›]\s*\S", re.I)
_DOMAIN = re.compile(r"^((?:www\.)?[A-Za-z0-9][A-Za-z0-9-]*\.(?:com|org|net|co\.uk|news|info|"
                     r"gr|de|fr|ru|cn|uk|us|io|eu|ca|au|in))")
_BULLET = re.compile(r"^[•·●▪◦*‣–-]\s+")


def numbered_item(line: str) -> tuple[int, str] | None:
    m = _NUMBERED_ITEM.match(line)
    return (int(m.group(1)), m.group(2)) if m else None


def arrow_breadcrumb(line: str) -> bool:
    return bool(_ARROW_CRUMB.match(line))


def leading_domain(text: str) -> str | None:
    """ "GreekReporter.comEurope..." -> "GreekReporter.com" (a site name glued to a crumb)."""
    m = _DOMAIN.match(text)
    return m.group(1) if m else None


def strip_bullet(line: str) -> str:
    return _BULLET.sub("", line, count=1)


def all_caps_headline(line: str) -> bool:
    """ "US HASN'T SEEN CHINA PROVIDE LETHAL AID TO RUSSIA, PENTAGON SAYS": a related-story
    link set in capitals. Needs several words, so "NATO" or "UPDATE:" alone do not count."""
    cased = [c for c in line if c.isupper() or c.islower()]  # Hangul, Han... have no case
    letters = sum(c.isalpha() for c in line)
    return (len(line.split()) >= 4 and len(cased) >= 12 and len(cased) >= 0.9 * letters
            and not any(c.islower() for c in cased))


_NAME_TOKEN = r"(?:[A-Z][a-zà-ÿ'’-]+|[A-Z]\.|[A-Z][a-z]?[A-Z][a-z]+)"
_NAME_PARTICLE = r"(?:de|da|van|von|der|del|la|le|bin|al|el|du)"
_BYLINE = re.compile(rf"^(?i:by\s+|written by\s+|author:\s*)?(?P<name>{_NAME_TOKEN}"
                     rf"(?:\s+(?:{_NAME_PARTICLE}\s+)?{_NAME_TOKEN}){{1,3}}"
                     rf"(?:\s*(?:,|and|&)\s*{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,3}})*)"
                     rf"(?:\s*[,|]\s*(?:staff writer|reporter|correspondent|[A-Z][\w ]{{0,30}}))?$")
_BY_PREFIX = re.compile(r"^(?:by|written by|author:)\s", re.I)


def byline(line: str) -> tuple[str, bool] | None:
    """Return ``(name, explicit)`` when the line looks like a byline. ``explicit`` is True for
    "By Jane Doe"; a bare "Jane Doe" is only a candidate (a tag line "Russia China" has the
    same shape, so the caller checks the name against the article body)."""
    m = _BYLINE.match(line.strip())
    if not m:
        return None
    return m.group("name").strip(), bool(_BY_PREFIX.match(line.strip()))


_TAG_WORD = re.compile(r"^[A-Z][\w’'.-]*$")


def tag_line(line: str) -> list[str] | None:
    """Two to four capitalised words and nothing else ("Putin Xi", "Russia China"): a photo
    caption or topic tags. Returns the words so the caller can check them against the body."""
    words = line.split()
    if 2 <= len(words) <= 4 and all(_TAG_WORD.match(w) for w in words):
        return words
    return None


# --- outlet names printed in promos and footers ------------------------------------------

_NEWS_FROM = re.compile(r"\b(?:news|stories|coverage|reporting|updates) from\s+(?:the\s+)?"
                        r"(?P<name>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,4})")
_AT_DOMAIN = re.compile(r"\b(?:at|on|visit|from)\s+(?P<name>(?:www\.)?[A-Za-z0-9][A-Za-z0-9-]*"
                        r"\.(?:com|org|net|co\.uk|news|info|gr|de|fr|ru|cn|io|eu))\b")


def outlet_named_in(line: str) -> str | None:
    """An outlet a footer/promo names: "Read more exclusive news from Political IQ.",
    "See all the latest news ... at Greekreporter.com". All-caps promos are skipped: in
    "READ MORE FROM RESTORING AMERICA" the name is a section, not the outlet."""
    if all_caps_headline(line):
        return None
    for pattern in (_AT_DOMAIN, _NEWS_FROM):  # a domain is the less ambiguous name
        m = pattern.search(line)
        if m:
            return m.group("name").rstrip(".")
    return None


# --- prose ---------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’)\]」』]*$|[\"”’]$")
# Scripts written without spaces between words: Han, kana, Hangul syllables are counted
# as half a word each (roughly the length of a word in characters).
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def word_count(line: str) -> int:
    return len(line.split()) + len(_UNSPACED.findall(line)) // 2


def ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def prose(line: str) -> bool:
    """A line that reads as article text rather than furniture: a sentence of some length."""
    n = word_count(line)
    return (n >= 8 and ends_sentence(line)) or n >= 20
