"""Rules for calendar dates and named periods: "March 20-23", "Monday, March 20", "in February
2022", "1989-90", "the late 1970s", "last fall", "the third quarter", "the year-ago period",
"Christmas", "from Monday to Wednesday", "10 a.m. Thursday".

Each rule is a compiled pattern and a function from its match (and the paragraph) to an
:class:`~.expr.Expr` or None (see ``grammar`` for how they are combined).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..wordlists import COLOURS
from .expr import (
    YEAR_REL,
    YEAR_TAIL,
    Expr,
    between_before,
    directed,
    norm,
    part_mod,
    year_of,
)
from .words import (
    DAY,
    MONTH,
    MONTH_CUES,
    ORDINALS,
    PART,
    PARTS,
    RANGE_SEP,
    S0,
    SEASONS,
    SP,
    TIME_OF_DAY,
    WEEKDAY,
    WORD_YEAR,
    YEAR,
    alternation,
    day_number,
    month_number,
    previous_word,
    weekday_number,
    word_start,
    year_number,
)

_DATE = word_start(
    rf"(?:(?P<wd>{WEEKDAY}),?{SP})?"
    rf"(?:(?P<mon>{MONTH}){SP}(?:(?i:the){SP})?(?P<day>{DAY})"
    rf"(?:(?P<sep>{RANGE_SEP})(?:(?P<mon2>{MONTH}){SP})?(?P<day2>{DAY}))?"
    rf"|(?:(?i:the){SP})?(?P<dayb>{DAY})(?:(?P<sepb>{RANGE_SEP})(?P<dayb2>{DAY}))?"
    rf"(?:{SP}(?i:of))?{SP}(?P<monb>{MONTH}))"
    + YEAR_TAIL)


def _date(m: re.Match[str], text: str) -> Expr | None:
    mon, day = (m.group("mon"), m.group("day")) if m.group("mon") else (m.group("monb"),
                                                                         m.group("dayb"))
    spec: dict[str, Any] = {"month": month_number(mon), "day": day_number(day)}
    if spec["day"] > 31:
        return None
    start, end = m.start(), m.end()
    day2 = m.group("day2") or m.group("dayb2")
    sep_group = "sep" if m.group("mon") else "sepb"
    if day2 and norm(m.group(sep_group)) == "and" and not between_before(text, start):
        # "March 20 and 22" is two days; keep the first. (Its year, if any, is lost.)
        end = m.end("day" if m.group("mon") else "dayb")
        if not m.group("mon"):
            return None
        day2 = None
        tail = {}
    else:
        tail = year_of(m, {})
    spec.update(tail)
    if not day2:
        return Expr(start, end, "DATE", spec, rule="date")
    second = {"month": month_number(m.group("mon2")) if m.group("mon2") else spec["month"],
              "day": day_number(day2), **tail}
    if second["day"] > 31:
        return None
    return Expr(start, end, "DATE", {"from": spec, "to": second}, rule="date-range")


_ISO_DATE = word_start(r"(?<![\d/.-])(?P<y>(?:1[6-9]|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
                       r"(?![\d-])|(?<![\d/.])(?P<m2>[01]?\d)/(?P<d2>[0-3]?\d)/"
                       r"(?P<y2>\d{4}|\d\d)(?![\d/])")


def _iso(m: re.Match[str], text: str) -> Expr | None:
    if m.group("y"):
        year, month, day = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    else:
        year, month, day = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
        if year < 100:
            year += 1900 if year >= 50 else 2000
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return Expr(m.start(), m.end(), "DATE", {"year": year, "month": month, "day": day},
                rule="numeric")


_MONTH_RULE = word_start(
    rf"{PART}?(?:(?P<dir>(?i:last|next|this{SP}past|this{SP}coming|this|coming|past)){SP})?"
    rf"(?P<mon>{MONTH})(?:(?P<sep>{RANGE_SEP})(?P<mon2>{MONTH}))?" + YEAR_TAIL)


def _month(m: re.Match[str], text: str) -> Expr | None:
    spec = year_of(m, {"month": month_number(m.group("mon"))})
    named_alone = not (m.group("dir") or m.group("part") or m.group("mon2") or
                       "year" in spec or "cycle" in spec)
    if named_alone:
        word = m.group("mon")
        if word.lower() == "may" and previous_word(text, m.start()) not in MONTH_CUES:
            return None  # "May" the modal, or a name
        if re.match(rf"{SP}[A-Z][a-z]", text[m.end():]) and not re.match(
                rf"{SP}(?:{MONTH}|{WEEKDAY})", text[m.end():]):
            return None  # "April Ryan", "March Madness": a name
    spec, direction = directed(spec, m.group("dir"))
    end = m.end()
    if m.group("mon2"):
        if norm(m.group("sep")) == "and" and not between_before(text, m.start()):
            return None  # "June and July": let the single months be found one by one
        second = {k: v for k, v in spec.items() if k not in ("month",)}
        second["month"] = month_number(m.group("mon2"))
        second.pop("direction", None)
        second.pop("strict", None)
        return Expr(m.start(), end, "DATE", {"from": spec, "to": second}, part_mod(m),
                    direction, rule="month-range")
    return Expr(m.start(), end, "DATE", spec, part_mod(m), direction, rule="month")


_YEAR_PREFIX = alternation(["the year", "fiscal year", "fiscal", "calendar year", "calendar",
                            "FY", "the fiscal year"])
_YEAR_RULE = word_start(
    rf"{PART}?(?:(?P<pre>{_YEAR_PREFIX}){S0})?"
    rf"(?P<year>{YEAR})(?:(?P<sep>{S0}[-–—/]{S0}|{SP}(?i:to|through|until|and){SP})"
    rf"(?P<year2>{YEAR}|\d\d(?![\d%])))?(?![\w-])")


# "his 2008 Bentley", "a 2012 Toyota Camry": a model year, not a time the text speaks of
# (while "his 1990 Anheuser-Busch contract" and "a 1971 Convention" are years: TimeBank)
_OWNER_WORDS = frozenset("his her their my our your its a an".split())
_VEHICLE_NEXT = re.compile(
    r"[^\S\n]+(?:Acura|Audi|Bentley|BMW|Buick|Cadillac|Chevrolet|Chevy|Chrysler|Dodge|"
    r"Ferrari|Ford|GMC|Harley|Honda|Hummer|Hyundai|Infiniti|Jaguar|Jeep|Kia|Lamborghini|"
    r"Land Rover|Lexus|Maserati|Mazda|Mercedes|Mitsubishi|Nissan|Pontiac|Porsche|"
    r"Range Rover|Rolls-Royce|Saab|Subaru|Tesla|Toyota|Volkswagen|Volvo|VW"
    r"|(?:car|truck|pickup|sedan|SUV|minivan|van|coupe|convertible|motorcycle)s?)\b")


# A car's colour may stand on either side of its model year: "a silver 2007 Ford Fusion",
# "a 2013 gray Camry" (ECB+ dev: both dated their stories' timelines by the model year).
_COLOUR_WORDS = re.compile(r"(?:[^\S\n]+(?:" + "|".join(COLOURS) + r"|dark|light))+", re.I)
_COLOURS_BEFORE = re.compile(r"(?:(?<![\w-])(?:" + "|".join(COLOURS)
                             + r"|dark|light)[^\S\n]+)+$", re.I)
_CAPITALISED_NEXT = re.compile(r"[^\S\n]+[A-Z][a-z]")


def _model_year(m: re.Match[str], text: str) -> bool:
    """Whether a lone year is a vehicle's model year: after an owner word ("his", "a"), a
    colour word or two between, and before a make or a vehicle noun, or before a capitalised
    model name when a colour stands next to the year."""
    start, end = m.start(), m.end()
    before = _COLOURS_BEFORE.search(text, max(0, start - 40), start)
    if before is not None:
        start = before.start()
    after = _COLOUR_WORDS.match(text, end)
    if after is not None:
        end = after.end()
    if previous_word(text, start) not in _OWNER_WORDS:
        return False
    coloured = before is not None or after is not None
    return bool(_VEHICLE_NEXT.match(text, end)
                or coloured and _CAPITALISED_NEXT.match(text, end))


def _year(m: re.Match[str], text: str) -> Expr | None:
    year = int(m.group("year"))
    spec: dict[str, Any] = {"year": year}
    bare = not (m.group("pre") or m.group("part"))
    if bare and not m.group("year2") and _model_year(m, text):
        return None
    if m.group("year2"):
        raw = m.group("year2")
        year2 = int(raw) if len(raw) == 4 else year - year % 100 + int(raw)
        joined_and = norm(m.group("sep")) == "and" and not between_before(text, m.start())
        if year2 > year and not joined_and:
            return Expr(m.start(), m.end(), "DATE", {"from": spec, "to": {"year": year2}},
                        part_mod(m), rule="year-range")
        return Expr(m.start(), m.end("year"), "DATE", spec, part_mod(m), bare_year=bare,
                    rule="year")
    return Expr(m.start(), m.end(), "DATE", spec, part_mod(m), bare_year=bare, rule="year")


_WORD_YEAR_RULE = word_start(rf"(?:(?i:the{SP}year){SP})?(?P<year>{WORD_YEAR})")


def _word_year(m: re.Match[str], text: str) -> Expr | None:
    year = year_number(m.group("year"))
    if year >= 2000 and not m.group().lower().startswith("the"):
        return None  # "two thousand" alone is a number
    return Expr(m.start(), m.end(), "DATE", {"year": year}, rule="year")


_DECADE_WORDS = {w: 10 * (i + 2) for i, w in enumerate(
    "twenties thirties forties fifties sixties seventies eighties nineties".split())}
_DECADE = word_start(
    rf"(?:(?i:the){SP})?{PART}?(?:(?P<dec>(?:1[5-9]|20)\d0)'?s|['’](?P<dec2>\d0)s"
    rf"|(?P<decw>{alternation(_DECADE_WORDS)}))(?![\w])"
    rf"|(?:(?i:the){SP})?(?:(?P<cpart>(?i:early|mid|late))[- ]{S0})?"
    rf"(?P<cent>{alternation(ORDINALS)}|\d{{1,2}}(?:st|nd|rd|th))[- ](?i:century)(?![\w-])")


def _decade(m: re.Match[str], text: str) -> Expr | None:
    if m.group("cent"):
        word = norm(m.group("cent"))
        n = ORDINALS.get(word) or int(re.match(r"\d+", word).group())  # type: ignore[union-attr]
        mod = PARTS.get(norm(m.group("cpart"))) if m.group("cpart") else None
        return Expr(m.start(), m.end(), "DATE", {"century": n - 1}, mod, rule="century")
    if m.group("dec"):
        decade = int(m.group("dec")) // 10
    else:
        tens = int(m.group("dec2")) if m.group("dec2") else _DECADE_WORDS[norm(m.group("decw"))]
        if m.group("decw") and not re.match(r"(?i)the\s", m.group()):
            return None  # "in his forties" is an age
        decade = 190 + tens // 10  # "the '80s": the 20th century
    return Expr(m.start(), m.end(), "DATE", {"decade": decade}, part_mod(m), rule="decade")


_SEASON = word_start(
    rf"{PART}?(?:(?P<dir>(?i:last|next|this{SP}past|this{SP}coming|this|coming|past|that|the))"
    rf"{SP})?(?P<season>(?i:spring|summer|autumn|fall|winter))(?![\w-])" + YEAR_TAIL)
_SEASON_CUES = frozenset("in during over since until till by through throughout this that "
                         "last next early late mid".split())


def _season(m: re.Match[str], text: str) -> Expr | None:
    spec = year_of(m, {"season": SEASONS[m.group("season").lower()]})
    det: str | None = norm(m.group("dir"))
    if not (det and det != "the") and "year" not in spec and "cycle" not in spec \
            and not m.group("part"):
        if previous_word(text, m.start()) not in _SEASON_CUES:
            return None  # "prices fall", "a spring"
        if det == "the" and re.match(rf"{SP}(?i:of){SP}", text[m.end():]):
            return None  # "the fall of the Berlin Wall"
    if det in ("that", "the"):
        det = None
    spec, direction = directed(spec, det)
    return Expr(m.start(), m.end(), "DATE", spec, part_mod(m), direction, rule="season")


_QUARTER_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2,
                "3rd": 3, "4th": 4}
_QUARTER_REL = {"latest": -1, "last": -1, "previous": -1, "past": -1, "most recent": -1,
                "current": 0, "final": None, "year-ago": -4, "year-earlier": -4,
                "comparable": -4, "same": -4, "prior-year": -4}
_QUARTER = word_start(
    rf"(?:(?P<det>(?i:the|this|last|next|its|their|a|that)){SP})?"
    rf"(?:(?P<yr>{YEAR}|(?i:this|last|next){SP}(?i:year's)){SP})?(?:(?i:fiscal){SP})?"
    rf"(?P<ord>{alternation([*_QUARTER_ORD, *_QUARTER_REL])})(?:{SP}(?i:fiscal))?(?:-|{SP})"
    rf"(?P<q>(?i:quarter|half))(?![\w])"
    rf"(?:{SP}(?i:of|in){SP}(?:(?i:fiscal|the|calendar){SP})?(?P<year>{YEAR})"
    rf"|{SP}(?i:of){SP}(?P<yrel>(?i:this|last|next)){SP}(?i:year))?"
    rf"|(?P<the>(?i:the)){SP}(?P<q2>(?i:quarter))(?![\w-])"
    rf"|(?<![\w])Q(?P<qn>[1-4])(?:{SP}(?P<qyear>{YEAR}))?(?![\w])")


def _quarter(m: re.Match[str], text: str) -> Expr | None:
    if m.group("qn"):
        spec: dict[str, Any] = {"quarter": int(m.group("qn"))}
        if m.group("qyear"):
            spec["year"] = int(m.group("qyear"))
        return Expr(m.start(), m.end(), "DATE", spec, rule="quarter")
    if m.group("q2"):  # "the quarter": the one just reported on
        return Expr(m.start(), m.end(), "DATE", {"unit": "quarter", "offset": -1},
                    rule="quarter")
    unit = m.group("q").lower()
    word = norm(m.group("ord"))
    if word in _QUARTER_ORD:
        n = _QUARTER_ORD[word]
        if unit == "half" and n > 2:
            return None
        spec = {unit: n}
        if m.group("year"):
            spec["year"] = int(m.group("year"))
        elif m.group("yr"):
            yr = norm(m.group("yr"))
            if yr[:4].isdigit():
                spec["year"] = int(yr[:4])
            else:
                spec["cycle"] = YEAR_REL[yr.split()[0]]
        elif m.group("yrel"):
            spec["cycle"] = YEAR_REL[norm(m.group("yrel"))]
        else:
            spec, _ = directed(spec, m.group("det"))
            # Quarters are reported on: the latest one begun, whatever the verb's tense.
            spec.setdefault("direction", "past")
            spec.setdefault("strict", False)
            spec["fixed"] = True
        start = m.start()
        det = norm(m.group("det"))
        if det in ("a", "its", "their") or text[m.end("ord"):m.start("q")] == "-":
            # "a third-quarter loss": the adjective, not its article
            start = m.start("yr") if m.group("yr") else m.start("ord")
        return Expr(start, m.end(), "DATE", spec, rule="quarter")
    offset = _QUARTER_REL[word]
    if offset is None or unit == "half":
        return None
    return Expr(m.start(), m.end(), "DATE", {"unit": "quarter", "offset": offset},
                direction="past" if offset < 0 else None, anaphoric=offset == -4,
                rule="quarter")


_PERIOD_MODS = ("comparable", "corresponding", "same", "year-ago", "year-earlier", "prior-year",
                "latest", "most recent", "fiscal", "last year's", "this year's", "year-before")
_PERIOD = word_start(
    rf"(?:(?P<det>(?i:the|that|its|this)){SP})?"
    rf"(?P<mods>(?:(?:{alternation(_PERIOD_MODS)}|{YEAR}){SP})*)"
    rf"(?:(?P<ord>(?i:first|second|third|fourth))[- ])?(?P<what>(?i:quarter|period))(?![\w-])"
    rf"(?:{SP}(?P<ly>(?i:last{SP}year|a{SP}year{SP}(?:ago|earlier)|of{SP}last{SP}year)))?")
_YEAR_BEFORE = ("year-ago", "year-earlier", "prior-year", "last year's", "year-before")


def _period(m: re.Match[str], text: str) -> Expr | None:
    """Reported periods: "the year-ago quarter", "the comparable period last year", "the
    1988 period", "that quarter": the period the story is about, or a year before it."""
    mods = norm(m.group("mods"))
    det = norm(m.group("det"))
    if not mods and not ((det == "that" and not m.group("ord")) or m.group("ly")):
        return None  # "the quarter", "a period": the quarter rule, or nothing
    years = re.findall(r"\b\d{4}\b", mods)
    back = any(w in mods for w in _YEAR_BEFORE) or bool(m.group("ly"))
    start = m.start() if det in ("the", "that", "this") else m.start("mods")
    if m.group("ord"):
        spec: dict[str, Any] = {"quarter": _QUARTER_ORD[m.group("ord").lower()]}
        if years:
            spec["year"] = int(years[-1])
        elif back:
            spec["cycle"] = -1
        elif "this year's" in mods:
            spec["cycle"] = 0
        else:
            spec.update(direction="past", strict=False, fixed=True)
        return Expr(start, m.end(), "DATE", spec, rule="period")
    spec = {"unit": "period", "offset": -1 if back else 0}
    if "latest" in mods or "most recent" in mods:
        return Expr(start, m.end(), "DATE", {"unit": "quarter", "offset": -1}, rule="period")
    if years:
        spec["year"] = int(years[-1])
    if m.group("what").lower() == "quarter":
        spec["as"] = "quarter"
    return Expr(start, m.end(), "DATE", spec, anaphoric=True, rule="period")


_HOLIDAY_NAMES = {"Christmas": "christmas", "Christmas Day": "christmas",
                  "Christmas Eve": "christmas eve", "New Year's Day": "new year's day",
                  "New Year's": "new year's day", "New Year's Eve": "new year's eve",
                  "Halloween": "halloween", "Independence Day": "independence day",
                  "Valentine's Day": "valentine's day", "Veterans Day": "veterans day",
                  "Boxing Day": "boxing day", "Easter": "easter", "Easter Sunday": "easter",
                  "Thanksgiving": "thanksgiving", "Thanksgiving Day": "thanksgiving",
                  "Labor Day": "labor day", "Memorial Day": "memorial day"}
_HOLIDAY_RE = "|".join(SP.join(map(re.escape, n.split()))
                       for n in sorted(_HOLIDAY_NAMES, key=len, reverse=True))
_HOLIDAY = word_start(
    rf"(?:(?P<dir>(?i:last|next|this)){SP})?(?P<name>{_HOLIDAY_RE})"
    rf"(?![\w'’])(?:,?{SP}(?P<year>{YEAR}))?")


def _holiday(m: re.Match[str], text: str) -> Expr | None:
    spec: dict[str, Any] = {"holiday": _HOLIDAY_NAMES[" ".join(m.group("name").split())]}
    if m.group("year"):
        spec["year"] = int(m.group("year"))
    spec, direction = directed(spec, m.group("dir"))
    return Expr(m.start(), m.end(), "DATE", spec, direction=direction, rule="holiday")


_WEEKDAY_RULE = word_start(
    rf"(?:(?P<dir>(?i:last|next|this{SP}past|this{SP}coming|this|coming|past|early|late|"
    rf"earlier|later)){SP})?"
    rf"(?P<wd>{WEEKDAY})(?:(?P<sep>{RANGE_SEP})(?P<wd2>{WEEKDAY}))?"
    rf"(?:{SP}(?P<tod>(?i:morning|afternoon|evening|night)))?(?![\w])")


def _weekday(m: re.Match[str], text: str) -> Expr | None:
    spec: dict[str, Any] = {"weekday": weekday_number(m.group("wd"))}
    word = norm(m.group("dir"))
    mod = {"early": "START", "late": "END", "earlier": "START", "later": "END"}.get(word)
    spec, direction = directed(spec, None if mod else word)
    end = m.end()
    if m.group("wd2"):
        if norm(m.group("sep")) == "and" and not between_before(text, m.start()):
            end = m.end("wd")
        else:
            second: dict[str, Any] = {"weekday": weekday_number(m.group("wd2"))}
            if m.group("tod"):
                second["time"] = TIME_OF_DAY[m.group("tod").lower()]
            return Expr(m.start(), end, "DATE", {"from": spec, "to": second}, mod, direction,
                        rule="weekday-range")
    if m.group("tod") and end == m.end():
        spec["time"] = TIME_OF_DAY[m.group("tod").lower()]
        return Expr(m.start(), end, "TIME", spec, mod, direction, rule="weekday")
    if end != m.end():
        end = m.end("wd")
    return Expr(m.start(), end, "DATE", spec, mod, direction, rule="weekday")


_CLOCK = word_start(
    r"(?<![\w:.$])(?P<h>[01]?\d)(?::(?P<mi>[0-5]\d))?[^\S\n]?"
    r"(?P<ap>[ap]\.m\.?|[AP]\.M\.?|[ap]m|[AP]M)(?![\w])"
    r"(?:[^\S\n]+(?P<tz>[ECMP][SD]T|GMT|UTC))?"
    r"|(?<![\w-])(?P<named>noon|midnight)(?![\w-])"
    r"|(?<=\bat )(?P<hh>[0-2]?\d):(?P<mm>[0-5]\d)(?![\d:])(?:[^\S\n]+(?P<tz2>[ECMP][SD]T|GMT))?")


def _clock(m: re.Match[str], text: str) -> Expr | None:
    if m.group("named"):
        time = TIME_OF_DAY[m.group("named")]
    else:
        hour = int(m.group("h") or m.group("hh"))
        minute = int(m.group("mi") or m.group("mm") or 0)
        ap = (m.group("ap") or "").lower()
        if ap:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ap.startswith("p") else 0)
        elif hour > 24:
            return None
        time = f"{hour:02d}:{minute:02d}"
    # A clock time alone belongs to the day last talked about.
    return Expr(m.start(), m.end(), "TIME", {"unit": "day", "offset": 0, "time": time},
                anaphoric=True, rule="clock")

Rule = Callable[[re.Match[str], str], "Expr | None"]
RULES: tuple[tuple[re.Pattern[str], Rule], ...] = (
    (_DATE, _date), (_ISO_DATE, _iso), (_WORD_YEAR_RULE, _word_year), (_MONTH_RULE, _month),
    (_YEAR_RULE, _year), (_DECADE, _decade), (_SEASON, _season), (_QUARTER, _quarter),
    (_PERIOD, _period), (_HOLIDAY, _holiday), (_WEEKDAY_RULE, _weekday), (_CLOCK, _clock),
)
