"""The words of time expressions, as regular-expression pieces and lookup tables.

Month and weekday names must be capitalised ("March", "MARCH"): lower-case "march" and
"may" are a verb and a modal. Function words match in any case. No piece crosses a
newline: a time expression never spans two lines of scraped text.
"""

from __future__ import annotations

import re

from ..wordlists import (
    MONTH_ABBREVIATIONS,
    MONTH_NAMES,
    WEEKDAY_ABBREVIATIONS,
    WEEKDAY_NAMES,
)

SP = r"[^\S\n]+"  # blanks that are not a newline
S0 = r"[^\S\n]*"

MONTHS = {name: i + 1 for i, name in enumerate(MONTH_NAMES)}
WEEKDAYS = {name: i for i, name in enumerate(WEEKDAY_NAMES)}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}

_SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_WORDS = {w: i for i, w in enumerate(_SMALL)} | {w: 20 + 10 * i for i, w in
                                                       enumerate(_TENS)}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
            "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
            "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
            "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
            "twentieth": 20, "twenty-first": 21, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
# Quantities that are not numbers: the duration is "some years" (PXY).
VAGUE_AMOUNTS = ("a few", "a couple of", "a couple", "several", "few", "many", "some",
                 "a number of", "dozens of", "hundreds of", "a dozen", "numerous")
HALF = ("a", "an")  # "a year" is one year

# TIMEX3 duration letters; a time unit goes after "T" (PT2H).
UNIT_CODES = {"year": "Y", "month": "M", "week": "W", "day": "D", "night": "D",
              "hour": "H", "minute": "M", "second": "S", "decade": "DE", "century": "CE",
              "quarter": "Q", "fortnight": "W", "weekend": "WE"}
TIME_UNITS = ("hour", "minute", "second")
# Calendar units a deictic word ("next", "last") can move by.
CALENDAR_UNITS = ("day", "week", "weekend", "month", "quarter", "year", "decade", "century")

# TIMEX3 ``mod`` of a leading modifier.
MODIFIERS = {"about": "APPROX", "around": "APPROX", "roughly": "APPROX",
             "approximately": "APPROX", "some": "APPROX", "nearly": "EQUAL_OR_LESS",
             "almost": "EQUAL_OR_LESS", "more than": "MORE_THAN", "over": "MORE_THAN",
             "well over": "MORE_THAN", "just over": "MORE_THAN", "upwards of": "MORE_THAN",
             "less than": "LESS_THAN", "under": "LESS_THAN", "just under": "LESS_THAN",
             "fewer than": "LESS_THAN", "at least": "EQUAL_OR_MORE",
             "no less than": "EQUAL_OR_MORE", "at most": "EQUAL_OR_LESS",
             "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS"}
PARTS = {"early": "START", "the beginning of": "START", "the start of": "START",
         "beginning of": "START", "start of": "START", "mid": "MID", "the middle of": "MID",
         "middle of": "MID", "late": "END", "the end of": "END", "end of": "END"}


def alternation(words: object, *, cased: bool = False) -> str:
    """A regex alternation of ``words``, longest first; blanks inside a phrase match any run
    of blanks. ``cased``: Title and UPPER forms only (for names), else any case."""
    forms: set[str] = set()
    for w in words:  # type: ignore[attr-defined]
        if cased:
            forms |= {w[:1].upper() + w[1:], w.upper()}
        else:
            forms.add(w)
    alts = [SP.join(re.escape(part) for part in f.split(" "))
            for f in sorted(forms, key=len, reverse=True)]
    body = "|".join(alts)
    return f"(?:{body})" if cased else f"(?i:{body})"


def _abbreviations(table: dict[str, int]) -> str:
    # "Sept." with its dot; without the dot only right before a number ("Jan 5").
    names = alternation(table, cased=True)
    return rf"{names}(?:\.|(?={SP}\d))"


MONTH = rf"(?:{alternation(MONTHS, cased=True)}|{_abbreviations(MONTH_ABBREVIATIONS)})(?!\w)"
WEEKDAY = (rf"(?:{alternation(WEEKDAYS, cased=True)}|"
           rf"{alternation(WEEKDAY_ABBREVIATIONS, cased=True)}\.)(?![\w-])")
DAY_WORDS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "twenty-first twenty-second twenty-third twenty-fourth twenty-fifth twenty-sixth "
    "twenty-seventh twenty-eighth twenty-ninth thirtieth thirty-first".split())}
DAY = (r"(?:(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:%.,]\d|\d|%)"
       rf"|{'|'.join(sorted(DAY_WORDS, key=len, reverse=True))}(?![\w-]))")
YEAR = r"(?<![\d$#£€.,])(?:1[5-9]\d\d|20\d\d)(?![\d%]|,\d|\.\d)"
_ONES = "one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
# Years said in words, as broadcast transcripts have them: "nineteen ninety-six", "the year
# two thousand".
WORD_YEAR = (rf"(?i:(?:nineteen|eighteen)[- ](?:hundred(?:[- ]and)?[- ])?"
             rf"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
             rf"(?:[- ](?:{'|'.join(_ONES)}))?|{'|'.join(_TEENS)}|oh[- ](?:{'|'.join(_ONES)}))"
             rf"|two[- ]thousand(?:[- ](?:and[- ])?(?:{'|'.join(_TEENS + _ONES)}))?)(?![\w-])")
ANY_YEAR = rf"(?:{YEAR}|{WORD_YEAR})"
_NUMBER_WORD = (rf"(?:{alternation(_TENS)}(?:[- ]?{alternation(_SMALL[1:10])})?"
                rf"|{alternation(_SMALL)})")
NUMBER = (rf"(?:\d+(?:\.\d+)?|(?:{_NUMBER_WORD}|(?i:a))[- ](?i:hundred|thousand)"
          rf"|{_NUMBER_WORD}|{alternation(VAGUE_AMOUNTS)}|{alternation(HALF)})(?![\w])")
UNITS = (r"(?i:(?:year|month|week|day|night|hour|minute|second|decade|quarter|fortnight|"
         r"weekend)s?|century|centuries)(?![\w])")
RANGE_SEP = (rf"(?:{S0}[-–—]{S0}|{SP}(?i:to|through|thru|until|till|and){SP})")
PART = rf"(?:(?P<part>{alternation(PARTS)})(?:-{S0}|{SP}))"
TIME_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
               "noon": "12:00", "midday": "12:00", "midnight": "24:00"}
TOD = alternation(TIME_OF_DAY)

# Words after which a bare month name is a month ("in May"), not a modal or a name.
MONTH_CUES = frozenset(
    "in of since until till by during from through to before after throughout between and "
    "or early late mid last next this that each every until".split())


def unit_name(word: str) -> str:
    """The singular of a unit word: "centuries" -> "century", "days" -> "day"."""
    word = word.lower()
    if word in ("century", "centuries"):
        return "century"
    return word[:-1] if word.endswith("s") else word


def month_number(token: str) -> int:
    word = token.lower().rstrip(".")
    return MONTHS.get(word) or MONTH_ABBREVIATIONS[word]


def weekday_number(token: str) -> int:
    word = token.lower().rstrip(".")
    return WEEKDAYS[word] if word in WEEKDAYS else WEEKDAY_ABBREVIATIONS[word]


def number_value(text: str) -> float | None:
    """The value of a NUMBER match: 3 for "three" or "3", 24 for "twenty-four", 1 for "a",
    None for a vague amount ("several")."""
    word = re.sub(r"\s+", " ", text.lower()).strip()
    if word in HALF:
        return 1
    if word in ("a couple", "a couple of"):
        return 2
    if word in VAGUE_AMOUNTS:
        return None
    try:
        return float(word)
    except ValueError:
        pass
    total = 0
    for part in re.split(r"[- ]", word):
        if part in ("hundred", "thousand"):
            total = max(total, 1) * (100 if part == "hundred" else 1000)
        elif part in NUMBER_WORDS:
            total += NUMBER_WORDS[part]
        elif part != "a":
            return None
    return total


def day_number(token: str) -> int:
    word = token.lower()
    if word in DAY_WORDS:
        return DAY_WORDS[word]
    return int(re.match(r"\d+", token).group())  # type: ignore[union-attr]


def year_number(token: str) -> int:
    """1996 for "1996" or "nineteen ninety-six", 2000 for "two thousand"."""
    if token.isdigit():
        return int(token)
    words = re.split(r"[- \t]+", token.lower())
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        return 2000 + (int(number_value(" ".join(rest)) or 0) if rest else 0)
    century = 1900 if words[0] == "nineteen" else 1800
    rest = [w for w in words[1:] if w not in ("hundred", "and", "oh")]
    return century + int(number_value("-".join(rest)) or 0)


def previous_word(text: str, start: int) -> str:
    """The word right before ``text[start:]`` on the same line, lower-cased ('' if none)."""
    m = re.search(r"([A-Za-z]+)[^\S\n]*-?[^\S\n]*$", text[max(0, start - 40):start])
    return m.group(1).lower() if m else ""


def word_start(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled to match only where a word starts: a search then skips the
    middle of every word at once (the rules start with long optional alternations)."""
    return re.compile(rf"(?<!\w)(?:{pattern})")
