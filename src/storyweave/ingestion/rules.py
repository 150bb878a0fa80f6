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
                r"|publication date|on)(?:\s+on)?\s*:?\s*)?")
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


# A blog's posting line: "On behalf of X, Esq. posted in Pedestrian Accidents on Wednesday,
# September 18, 2013." (ECB+ dev: it became a "fact" two outlets dated differently).
_POSTED = re.compile(r"^(?:(?:on behalf of|by)\s+.{1,80}?\s+)?posted\s+(?:in|under|to|by)\s+"
                     r".{1,80}?\s+on\s+(?P<date>[^.]{6,40}\d{4})\.?$", re.I)


# A wire's dateline on a line of its own: a place, the date (a time after a slash or comma),
# the agency in brackets: "Washington D.C., Jul 13, 2009/02:00 pm (CNA)".
_DATELINE_LINE = re.compile(r"^[A-Z][\w.'’ -]{1,40},\s+(?P<date>[^()/]{6,40}?\d{4})"
                            r"(?:\s*[/,]\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?)?"
                            r"\s*\([A-Za-z.' ]{2,30}\)$", re.I)


def parse_date_line(line: str) -> tuple[str, str | None] | None:
    """If the whole line is a date (with an optional "Published:"-style prefix), or a blog's
    posting line ("... posted in <category> on <date>"), or a wire's dateline alone on its
    line ("Washington D.C., Jul 13, 2009/02:00 pm (CNA)"), return ``(iso_date, prefix)``. A
    date inside a sentence is not a date line."""
    text = line.strip().strip("|•·-–— ").strip()
    if len(text) <= 200 and (posted := _POSTED.match(text)):
        found = _one_date(posted.group("date"))
        return (found[0], "posted") if found else None
    if (found := _one_date(text)) is not None:
        return found
    if (dateline := _DATELINE_LINE.match(text)) is not None:
        return _one_date(dateline.group("date"))
    parts = [p.strip() for p in text.split("|") if p.strip()]
    if len(parts) > 1 and len(text) <= 120:
        # "on September 14, 2013 11:41am | Updated on September 14, 2013 11:41am"
        dates = [_one_date(p) for p in parts]
        if all(dates):
            return dates[0]
    return _stamp_date(text)


# A site's time stamp, in the many forms real pages print: a date among clock times, time
# zones, weekdays and the words "posted", "updated"... (ECB+ dev reports: "14:25 Sun Sep 15
# 2013", "8:44AM BST 16 Sep 2013", "Updated 4/9/2007 6:04 PM", "Last updated 13:26
# 14/09/2013", "POSTED: 1052 GMT (1852 HKT), April 10, 2007", "10:55 P.M. FEB. 2, 2009").
_STAMP_DATES = re.compile(
    rf"(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"
    rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month2>{_MONTH}),?\s+(?P<year2>\d{{4}})\b"
    r"|\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year3>\d{4}|\d{2})\b"
    r"|\b(?P<year4>\d{4})-(?P<month4>\d{1,2})-(?P<day4>\d{1,2})\b", re.I)
_ZONES = "gmt|utc|bst|ist|edt|est|cdt|cst|mdt|mst|pdt|pst|hkt|aest|aedt|cet|cest"
_TWELVE_HOUR = r"\s*[ap]\.?\s?m\b\.?"
_STAMP_CUES = (r"for immediate release|first published|last updated|last modified|"
               r"publication date|published|posted|updated|modified|dated|date|on|at")
_STAMP_NOISE = re.compile(
    rf"\b\d{{1,2}}(?:[:.]\d{{2}}){{1,2}}(?:{_TWELVE_HOUR})?"  # 6:07:15 PM, 05.51, 13:26
    rf"|\b\d{{1,2}}{_TWELVE_HOUR}"  # 2 A.M., 8am
    rf"|\b\d{{4}}(?=\s*(?:{_ZONES})\b)"  # 1052 GMT (1852 HKT)
    rf"|\b(?:{_ZONES}|uk)\b"
    r"(?:\s*[+-]\s*\d{1,2}(?::\d{0,2})?)?"
    r"|\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?"
    rf"|\b(?:{_STAMP_CUES})\b"
    r"|[\s,;:|•·@()\-–—.]+", re.I)
_STAMP_CUE = re.compile(rf"\b({_STAMP_CUES})\b", re.I)


def _stamp_date(text: str) -> tuple[str, str | None] | None:
    """The first date of a line that holds nothing but dates, clock times, time zones,
    weekdays and stamp words; None otherwise. A numeric date is read day first when its
    first number exceeds 12, month first when its second does or when the line's clock is
    a 12-hour one (the American "Posted 2/3/2009 11:11 PM"); a day and a month both 12 or
    less with a 24-hour clock or none are ambiguous: None. A two-digit year ("8/2/13 at 1:30
    PM") only beside a 12-hour clock, read the American way (month, day, year of this
    century): without one, "13/02/08" could be any order."""
    if len(text) > 120:
        return None
    dates = list(_STAMP_DATES.finditer(text))
    if not dates or _STAMP_NOISE.sub("", _STAMP_DATES.sub(" ", text)):
        return None
    m = dates[0]
    if m.group("a"):
        a, b = int(m.group("a")), int(m.group("b"))
        twelve_hour = re.search(_TWELVE_HOUR, text, re.I) is not None
        if len(m.group("year3")) == 2 and not twelve_hour:
            return None
        if a > 12 or (b <= 12 and not twelve_hour):
            if b > 12 or a <= 12:
                return None  # ambiguous, or no month at all
            day, month = a, b
        else:
            month, day = a, b
        year = int(m.group("year3"))
        year += 2000 if year < 100 else 0
    elif m.group("year4"):
        year, month, day = (int(m.group(g)) for g in ("year4", "month4", "day4"))
    else:
        month = _month_number(m.group("month") or m.group("month2"))
        day, year = int(m.group("day") or m.group("day2")), int(m.group("year") or m.group("year2"))
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    if not 1900 <= found.year <= 2100:
        return None
    cue = _STAMP_CUE.search(text, 0, m.start())
    return found.isoformat(), cue.group(1).lower() if cue else None


def _month_number(word: str) -> int:
    """1-12 for a month's name or abbreviation ("Sept.", "FEB"), 0 for anything else."""
    word = word.lower().rstrip(".")
    return MONTHS.get(word[:4], MONTHS.get(word[:3], 0))


def _one_date(text: str) -> tuple[str, str | None] | None:
    if len(text) > 60:
        return None
    for form in _DATE_FORMS:
        m = form.match(text)
        if not m:
            continue
        month = m.group("month")
        month_no = int(month) if month.isdigit() else _month_number(month)
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
    r"|see more|get the (?:latest|featured|best)|get our|sign up|subscribe"
    # a name after "Follow" is capitalised: "Follow through on its pledges" is a sentence
    r"|follow (?:us|(?-i:[A-Z])\w* on)|don['’]?t miss|download (?:our|the) app"
    r"|contact our newsroom|join (?:our|us)"
    r"|like us on|want more|never miss|stay (?:informed|up to date)|for more (?:news|stories)"
    r"|this (?:article|story) (?:was|is) (?:originally )?(?:published|updated))\b", re.I)
_PROMO_ANYWHERE = re.compile(
    r"\b(?:in your (?:e-?mail|inbox)|subscribe (?:here|now|to our)|our (?:daily|weekly)"
    r" (?:e-?mail|newsletter)|sign up for our|follow us on|share this (?:article|story))\b",
    re.I)


def boilerplate_phrase(line: str) -> bool:
    key = normalise(line).rstrip(" .:!?»›>|-").strip()
    return key in _PHRASES


# The longest promo worth cutting. Of 217 blocks of the 388 dev HTML pages that match the
# promo patterns, the longest is 50 words (p99 43); the seed story's is 39. Prose paragraphs
# that happen to say "in your inbox" or start with "Join us" are longer than that half the
# time (median prose paragraph: 36 words), so a longer line is kept whatever it says.
PROMO_MAX_WORDS = 60


def promo(line: str) -> bool:
    """Share/subscribe/"Read more"/"Click here" lines. Anchored at the line start (or an
    unmistakable phrase), so "Analysts read more into the statement" stays."""
    if word_count(line) > PROMO_MAX_WORDS:
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
_CREDIT_TAIL = re.compile(r"(?:(?:^|(?<=[.!?\"”])\s+)(?:photo\s+)?"
                          r"(?:credit|photo|image|picture)s?\s*:\s*\S.{0,60}"
                          r"|[(\[]\s*(?:photo|image)[^)\]]{0,60}[)\]])\s*$", re.I)

# A line ending with a credit is a caption, cut whole, only up to this many words. Measured on
# the 551 figure captions of the 388 dev HTML pages (extraction/scrapinghub, dates/htmldate):
# the 51 that end with a credit run 2-37 words, bar two ESA diagrams (74, 99) and pages that
# print one caption twice (48-67). Prose is longer: of 18,876 prose paragraphs (PolNeAR,
# scrapinghub ground truth) 42% are over 40 words. A longer line is prose with a credit glued
# to its end: the cleaner cuts the credit alone (see credit_tail).
CAPTION_MAX_WORDS = 40


def photo_credit(line: str) -> bool:
    """A line that is only a credit: "HOW HWEE YOUNG/AP", "Photo: Reuters", "Credit: X"."""
    if _CREDIT_ALLCAPS.match(line) or _CREDIT_LABEL.match(line):
        return word_count(line) <= 12
    return word_count(line) <= 8 and bool(_CREDIT_AGENCY.search(line))


def credit_tail(line: str) -> int | None:
    """Where a credit that ends the line starts ("... next week. Credit: Kremlin.ru" -> the
    offset of "Credit"), or None."""
    m = _CREDIT_TAIL.search(line)
    return m.start() if m else None


def caption_with_credit(line: str) -> bool:
    """A photo caption that ends with its credit: "... next week. Credit: Kremlin.ru". A
    longer line is a paragraph, not a caption, whatever it ends with, unless the credit is a
    wire service's: AP's captions run longer (see WIRE_CAPTION_MAX_WORDS)."""
    return (word_count(line) <= CAPTION_MAX_WORDS and credit_tail(line) is not None
            or wire_caption_end(line))


# --- junk inside a paragraph ----------------------------------------------------------------
# Scrapers glue site furniture into the paragraph it sat in: an inline credit, a promo
# question, a "Story continued below" marker, a follow line, a wire caption before the text.
# Each pattern has its own end (a bracket, a "?", a fixed phrase, a list of networks, a wire
# credit), so only that piece is cut and the paragraph stays. Those that start a sentence
# ("Follow ...", "Interested in ...?") must start one: after the line's start or a sentence
# end, so "Fans follow him on Twitter" and "residents interested in the scheme" stay.
# Multi-News prints many reports lowercased ("( photo: mark humphrey, ap )", "story continued
# below since ..."), hence the case-insensitive words; capitals are required only where they
# are what tells furniture from prose (FILE, ADVERTISEMENT, a photographer's name).

# Kinds of inline junk (the cleaner words the reasons)
PHOTO_CREDIT = "photo credit"
PROMO_QUESTION = "promo question"
CONTINUED = "continued marker"
FOLLOW = "follow promo"
WIRE_CAPTION = "wire caption"
SOURCE_CREDIT = "source credit"

# The line's start, or a sentence end (or a dash or bar between pieces) and a space. Not a
# colon: "Her advice: follow the candidates on Twitter and compare" is a sentence.
_OPENS = r"(?:^|(?<=[.!?\"'”’)\]…|–—-])\s+)"
_AGENCY = (r"(?:AP|AFP|EPA|UPI|Reuters|REUTERS|Xinhua|XINHUA|Getty Images|Getty|Shutterstock"
           r"|NurPhoto|Anadolu|Associated Press|ANSA|dpa|Bloomberg)")
_PHOTOGRAPHER = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}"
# An agency's credit with a slash: "AP Photo/Name", "REUTERS/Name", "Name/AFP via Getty
# Images". Not "(dpa/gem)" or "(AP/Reuters)": they credit the text, not a picture.
_AGENCY_SLASH = (
    rf"(?:(?i:{_AGENCY})\s*(?i:photo|images)\s*/[^()\[\]]{{1,60}}"
    rf"|(?!{_AGENCY}\s*/\s*{_AGENCY}\s*[)\]]){_AGENCY}\s*/\s*{_PHOTOGRAPHER}"
    r"(?:\s*,\s*(?i:file|pool))?"
    rf"|(?!{_AGENCY}\s*/){_PHOTOGRAPHER}\s*/\s*{_AGENCY}(?:\s+via\s+Getty Images)?)")
_LABELLED = r"(?i:photo|image|picture|photograph|credit)s?\s*(?i:credit\s*)?(?::|(?i:by)\b)"
# A credit in brackets, anywhere: "( photo: John Smith, Getty Images )", "(AP Photo/Name)",
# "(REUTERS/Name)", "[Photo by X/Getty Images]". Not "(AP)" or "(Reuters)": a dateline
# names its agency so.
_BRACKET_CREDIT = (rf"[(\[]\s*(?:{_LABELLED}[^()\[\]]{{1,80}}|{_AGENCY_SLASH}"
                   r"|(?i:getty images|shutterstock|afp via getty images))\s*[)\]]")
# A wire service's credit: "(AP Photo/Name, File)", "(REUTERS/Name)", "(X/Getty Images)"
_WIRE_ONLY = rf"[(\[]\s*(?:{_AGENCY_SLASH}|[^()\[\]]{{1,60}}/\s*Getty Images)\s*[)\]]"
# What ends a caption that opened as one ("FILE - In this ... photo"): any bracketed credit
_WIRE_CREDIT = rf"{_WIRE_ONLY}|[(\[]\s*{_LABELLED}[^()\[\]]{{1,80}}[)\]]"
# "Photo: Reuters" between two sentences: only with an agency, since the credit has no end
# mark of its own ("Photo: John Smith/Getty Images", "Image: AP Photo/Jane Doe").
_LABEL_CREDIT = (rf"{_OPENS}(?i:photo|image|picture|credit)s?\s*:\s*"
                 rf"(?:{_PHOTOGRAPHER}\s*[,/]\s*)?(?i:{_AGENCY})(?:\s+(?i:photo))?"
                 rf"(?:\s*/\s*{_PHOTOGRAPHER}|\s+via\s+Getty Images)?\.?(?=\s|$)")
# "Interested in Earthquakes? Add Earthquakes as an interest to stay up to date on the latest
# Earthquakes news, video, and analysis from ABC News. Add interest": the topic may be empty.
_PROMO_QUESTION = re.compile(
    rf"{_OPENS}(?i:interested in)\s*(?P<topic>[^?.!\"“”]{{0,50}}?)\s*\?"
    r"(?P<add>\s*(?i:add)\s+[^.!?]{0,50}?\s*(?i:as an interest to stay up to date)[^.!?]{0,120}"
    r"[.!]?(?:\s+(?i:add interest)\b)?)?")
_TOPIC_WORD = re.compile(r"^(?:[A-Z0-9][\w.'’&-]*|of|and|the|in|on|for|&)$")
_CONTINUED = re.compile(
    rf"{_OPENS}(?:(?i:(?:photo\s+)?advertisement)\s+)?(?:"
    r"(?i:story|article|content) (?i:continu(?:es|ed)) (?i:below|after (?:the |this )?"
    r"(?:advertisement|ad))(?:\s+(?i:advertisement))?"
    r"|(?i:continue reading the main story)"
    r"|ADVERTISEMENT(?!\s+[A-Z]{2}))[.:]?(?=\s|$)")
_NETWORK = (r"(?:(?i:twitter|facebook|instagram|linkedin|tiktok|youtube|threads|bluesky|mastodon"
            r"|snapchat|telegram|whatsapp|flipboard|pinterest|google news|google\+)|X)(?![\w'’])")
# "Follow us on Twitter @x", "Follow @handle on Twitter", "follow the ticker on twitter:
# @handle", "Follow Jane Doe: facebook | twitter". The one naming networks after a colon
# must end there ("Follow the law: Facebook must comply" is a sentence).
_FOLLOW = re.compile(
    rf"{_OPENS}(?i:follow)\s+(?!(?i:up|through|suit)\b)"
    r"(?P<who>@\w{1,30}|[\w.'’@-]+(?:\s+[\w.'’@-]+){0,3}?)"
    rf"(?:\s+(?i:on)\s+{_NETWORK}(?:\s*(?:,|(?i:and)|&|\|)\s*{_NETWORK})*"
    r"(?:\s*(?::|(?i:at))?\s*@\w{1,30})?"
    rf"(?:\s*,?\s+(?i:and|or)\s+(?:(?i:on)\s+)?{_NETWORK}(?:\s*(?::|(?i:at))?\s*@\w{{1,30}})?)?"
    rf"|\s*:\s*{_NETWORK}(?:\s*[|,/•·]\s*{_NETWORK})*(?=\s*$|\s*[.!|]|\s+[A-Z@\"“(])"
    r"|(?<=@\w)(?=\s*$|\s*[.!]|\s+[A-Z]))\.?")
# Wire-photo captions: "FILE - In this Aug. 5, 2012 file photo, police ...", "In this photo
# released by ...", "FILE - President X speaks ... (AP Photo/Name, File)". Between "In this"
# and "photo" only dates and words like "file" or "undated" ("In this case, the photo was"
# is prose).
_DATE_WORD = (r"(?:\d{1,4}(?:st|nd|rd|th)?|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov"
              r"|dec)[a-z]*\.?|(?i:mon|tues|wednes|thurs|fri|satur|sun)day|(?i:undated|file|"
              r"handout|aerial|family|courtesy|recent|historic|archive))")
_IN_THIS_PHOTO = (rf"(?i:in this)\s+(?:{_DATE_WORD},?\s+){{0,8}}"
                  r"(?i:photo|image|picture|photograph|frame grab|video grab|still image|"
                  r"handout photo)(?=[\s,])")
_CAPTION_OPENER = re.compile(
    rf"{_OPENS}(?:(?:(?i:file)(?:\s+(?i:photo))?\s*[-–—_:]\s+)?{_IN_THIS_PHOTO}"
    r"|FILE(?:\s+PHOTO)?\s*[-–—:]\s+)")
# Multi-News prints AP's credit as "( ap photo/name ) ( associated press )": the second goes
# with the first; alone, "(Associated Press)" may be a citation and stays.
_AP_AFTER = r"(?:\s*\(\s*(?i:associated press)\s*\))?"
# Whose report an aggregator's paragraph repeats, after its last sentence: '... were closed."
# (USA Today article)', "(Fox News article)" (ECB+ dev: three such credits became facts).
_SOURCE_CREDIT = re.compile(r"(?<=[.!?\"'”’])\s*[(\[]\s*(?:[A-Z][\w.!'’&-]*\s+){1,4}"
                            r"(?i:article|report|story)\s*[)\]]")
_CREDIT_ANYWHERE = re.compile(rf"{_BRACKET_CREDIT}{_AP_AFTER}|{_LABEL_CREDIT}")
_WIRE_CREDIT_RE = re.compile(rf"(?:{_WIRE_CREDIT}){_AP_AFTER}")
_WIRE_CREDIT_END = re.compile(rf"(?:^|\s)(?:{_WIRE_ONLY}){_AP_AFTER}\s*$")

# AP's captions run long: the 12 distinct ones that end with "(AP Photo/...)" in the 388 dev
# HTML pages have 23-90 words, 8 of them over CAPTION_MAX_WORDS. A line that ends with a wire
# credit is a caption up to this length; a longer one is prose with a caption glued on, and
# only its credit goes.
WIRE_CAPTION_MAX_WORDS = 100
_CAPTION_MAX_CHARS = 20 * WIRE_CAPTION_MAX_WORDS


def wire_caption_end(line: str) -> bool:
    """A line ending with a wire credit, short enough to be a caption ("... (AP Photo/X)")."""
    return (word_count(line) <= WIRE_CAPTION_MAX_WORDS
            and _WIRE_CREDIT_END.search(line) is not None)


def _wire_captions(line: str) -> list[tuple[int, int, str]]:
    """Each caption runs from its opener to the first credit after it, or to the end of a line
    no longer than CAPTION_MAX_WORDS. Without either end in sight nothing is cut: Multi-News
    prints reports of 50-100 words that open with a caption which has lost its credit and go on
    with the report ("... ( associated press ) washington ( ap ) — president ...")."""
    out: list[tuple[int, int, str]] = []
    for m in _CAPTION_OPENER.finditer(line):
        start = m.end() - len(m.group(0).lstrip())
        if out and start < out[-1][1]:
            continue
        # searched only as far as a caption can run, so a line of openers stays linear
        credit = _WIRE_CREDIT_RE.search(line, m.end(), m.end() + _CAPTION_MAX_CHARS)
        if credit and word_count(line[start:credit.end()]) <= WIRE_CAPTION_MAX_WORDS:
            out.append((start, credit.end(), WIRE_CAPTION))
        elif start == 0 and word_count(line) <= CAPTION_MAX_WORDS:
            out.append((0, len(line), WIRE_CAPTION))
    return out


def _promo_questions(line: str) -> list[tuple[int, int, str]]:
    """ABC's "Interested in X? Add X as an interest ..." always; a bare "Interested in X?" only
    when X reads as a topic tag ("Politics", "Donald Trump") or ends the line: "Interested in
    a deal? Not yet, the minister said." is a quote."""
    out = []
    for m in _PROMO_QUESTION.finditer(line):
        topic = m.group("topic").split()
        tag = 0 < len(topic) <= 6 and all(_TOPIC_WORD.match(w) for w in topic)
        if m.group("add") or tag or not line[m.end():].strip():
            out.append((m.start(), m.end(), PROMO_QUESTION))
    return out


def inline_junk(line: str) -> list[tuple[int, int, str]]:
    """Pieces of the line that are furniture, as ``(start, end, kind)``, in order and not
    overlapping (where two overlap, the one that starts first, then the longer, is kept)."""
    found = [*_wire_captions(line), *_promo_questions(line)]
    for pattern, kind in ((_CREDIT_ANYWHERE, PHOTO_CREDIT), (_CONTINUED, CONTINUED),
                          (_FOLLOW, FOLLOW), (_SOURCE_CREDIT, SOURCE_CREDIT)):
        found.extend((m.start(), m.end(), kind) for m in pattern.finditer(line))
    # a sentence opener matched the space before the piece: the piece starts after it
    found = [(start + len(line[start:end]) - len(line[start:end].lstrip()), end, kind)
             for start, end, kind in found]
    spans: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(found, key=lambda s: (s[0], -s[1])):
        if start < end and not (spans and start < spans[-1][1]):
            spans.append((start, end, kind))
    return spans


# --- breadcrumbs, headlines, bylines ------------------------------------------------------

_NUMBERED_ITEM = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
_ARROW_CRUMB = re.compile(r"^home\s*[>»/|›]\s*\S", re.I)
_DOMAIN = re.compile(r"^((?:www\.)?[A-Za-z0-9][A-Za-z0-9-]*\.(?:com|org|net|co\.uk|news|info|"
                     r"gr|de|fr|ru|cn|uk|us|io|eu|ca|au|in))")
_BULLET = re.compile(r"^[•·●▪◦*‣–-]\s+")


def numbered_item(line: str) -> tuple[int, str] | None:
    m = _NUMBERED_ITEM.match(line)
    return (int(m.group(1)), m.group(2)) if m else None


# Headlines (and the crumbs that end with one) are short. Of 4,744 distinct h1-h4 headings of
# the 388 dev HTML pages, 99% have at most 20 words; the 29 over 25 are sentences (a lead set
# as a heading, interview questions). A longer line with a sentence in it is prose, however
# it starts or whatever its case; a long line without one is a menu (a 123-word
# "Home / Lokales ..." row, a 73-word row of capitals).
HEADLINE_MAX_WORDS = 25
_SENTENCE_BREAK = re.compile(r"[.!?。！？][\"'”’)\]」』]*(?:\s|$)")


def headline_sized(line: str) -> bool:
    """Short enough to be a headline or a crumb, or not one sentence long (a menu row)."""
    return word_count(line) <= HEADLINE_MAX_WORDS or not _SENTENCE_BREAK.search(line)


def arrow_breadcrumb(line: str) -> bool:
    return bool(_ARROW_CRUMB.match(line)) and headline_sized(line)


def leading_domain(text: str) -> str | None:
    """ "GreekReporter.comEurope..." -> "GreekReporter.com" (a site name glued to a crumb)."""
    m = _DOMAIN.match(text)
    return m.group(1) if m else None


def strip_bullet(line: str) -> str:
    return _BULLET.sub("", line, count=1)


def all_caps_headline(line: str) -> bool:
    """ "US HASN'T SEEN CHINA PROVIDE LETHAL AID TO RUSSIA, PENTAGON SAYS": a related-story
    link set in capitals. Needs several words, so "NATO" or "UPDATE:" alone do not count."""
    if len(line.split()) < 4 or not headline_sized(line):
        return False
    cased = [c for c in line if c.isupper() or c.islower()]  # Hangul, Han... have no case
    letters = sum(c.isalpha() for c in line)
    return (len(cased) >= 12 and len(cased) >= 0.9 * letters
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
# Scripts written without spaces between words: Han and kana are counted as half a word each
# (a Chinese or Japanese word is about two characters). Hangul is written with spaces.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def word_count(line: str) -> int:
    """Words, counting unspaced Chinese and Japanese text as one word per two characters."""
    return len(line.split()) + len(_UNSPACED.findall(line)) // 2


def ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def prose(line: str) -> bool:
    """A line that reads as article text rather than furniture: a sentence of some length."""
    n = word_count(line)
    return (n >= 8 and ends_sentence(line)) or n >= 20
