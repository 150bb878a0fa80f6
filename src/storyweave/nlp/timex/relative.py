"""Rules for expressions relative to the writing day or to the story, lengths and repeats:
"next week", "earlier this month", "yesterday morning", "two weeks ago", "a year earlier",
"about a month", "the past two months", "every week", "twice a year", "now", "recently".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .expr import (
    Expr,
    norm,
)
from .words import (
    MODIFIERS,
    MONTH,
    NUMBER,
    PARTS,
    S0,
    SP,
    TIME_OF_DAY,
    TIME_UNITS,
    TOD,
    UNIT_CODES,
    UNITS,
    WEEKDAY,
    WEEKDAYS,
    alternation,
    month_number,
    number_value,
    previous_word,
    unit_name,
    weekday_number,
    word_start,
)

_DEICTIC = {"this": 0, "current": 0, "the current": 0, "last": -1, "the last": -1, "past": -1,
            "the past": -1, "the latest": -1, "next": 1, "coming": 1, "the coming": 1,
            "the next": 1}
_ANAPHORIC = {"previous": -1, "the previous": -1, "the preceding": -1, "the following": 1,
              "that": 0, "the same": 0}
_UNIT_PARTS = {**PARTS, "earlier": "BEFORE", "later": "AFTER", "the rest of": "AFTER",
               "the remainder of": "AFTER"}
_DEICTIC_UNIT = word_start(
    rf"(?:(?P<part>{alternation(_UNIT_PARTS)})(?:-{S0}|{SP}))?"
    rf"(?P<dir>{alternation([*_DEICTIC, *_ANAPHORIC])}){SP}"
    rf"(?P<unit>(?i:day|week|weekend|month|year|quarter|decade|century|fortnight))(?![\w-])"
    rf"|(?:(?P<part2>{alternation(PARTS)}){SP}(?i:the|this){SP}"
    rf"(?P<unit2>(?i:week|month|year|quarter|decade|century)))(?![\w-])"
    rf"|(?P<adj>(?i:year|month|week))(?:-|{SP}(?=(?i:end)))(?P<rel>(?i:end|ago|earlier))"
    rf"(?![\w-])"
    rf"|(?P<the>(?i:the)){SP}(?:(?P<cur>(?i:current)){SP})?(?P<what>(?i:weekend|fiscal{SP}year))"
    rf"(?![\w-])")


def _deictic_unit(m: re.Match[str], text: str) -> Expr | None:
    if m.group("what"):
        if m.group("what").lower() == "weekend":  # the one before or after, by the tense
            return Expr(m.start(), m.end(), "DATE", {"weekend": True}, rule="weekend")
        return Expr(m.start(), m.end(), "DATE", {"unit": "year", "offset": 0}, rule="fiscal")
    if m.group("adj"):
        unit, rel = m.group("adj").lower(), m.group("rel").lower()
        if rel == "end":
            return Expr(m.start(), m.end(), "DATE", {"unit": unit, "offset": 0}, "END",
                        rule="unit-end")
        return Expr(m.start(), m.end(), "DATE", {"unit": unit, "offset": -1},
                    direction="past", anaphoric=True, rule="year-ago")
    if m.group("unit2"):
        return Expr(m.start(), m.end(), "DATE", {"unit": m.group("unit2").lower(), "offset": 0},
                    PARTS[norm(m.group("part2"))], rule="unit-part")
    unit = m.group("unit").lower()
    word = norm(m.group("dir"))
    anaphoric = word in _ANAPHORIC or (word == "the next" and unit == "day")
    if unit == "day" and not anaphoric:
        return None  # "the last day of", "this day": not a deictic day
    offset = _ANAPHORIC.get(word, _DEICTIC.get(word, 0))
    if unit == "fortnight":
        unit, offset = "week", offset * 2
    spec: dict[str, Any] = {"unit": unit, "offset": offset}
    part = norm(m.group("part"))
    mod = _UNIT_PARTS.get(part) if part else None
    if mod in ("BEFORE", "AFTER"):
        if offset != 0:
            return None  # "earlier last week"?
        spec["part"] = "before" if mod == "BEFORE" else "after"
        mod = None
    direction = "past" if offset < 0 or spec.get("part") == "before" else (
        "future" if offset > 0 or spec.get("part") == "after" else None)
    return Expr(m.start(), m.end(), "DATE", spec, mod, direction, anaphoric, rule="unit")


_DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
              "the day before yesterday": -2, "the day after tomorrow": 2}
_DEICTIC_DAY = word_start(
    rf"(?<![\w-])(?:(?P<pre>(?i:early|late|earlier|later|mid)){SP})?"
    rf"(?P<dd>{alternation(_DAY_WORDS)})(?:{SP}(?P<tod>{TOD}))?(?![\w-])"
    rf"|(?<![\w-])(?:(?P<pre2>(?i:early|late|earlier|later|mid)){SP})?(?P<this>(?i:this|last))"
    rf"{SP}(?P<tod2>(?i:morning|afternoon|evening|night))(?![\w-])"
    rf"|(?<![\w-])(?P<pre3>(?i:early|late|mid))(?:-|{SP})(?P<tod3>(?i:morning|afternoon|"
    rf"evening))(?:{SP}(?P<dd3>(?i:yesterday|today|tomorrow)))?(?![\w-])")


def _deictic_day(m: re.Match[str], text: str) -> Expr | None:
    if m.group("dd"):
        word = norm(m.group("dd"))
        spec: dict[str, Any] = {"unit": "day", "offset": _DAY_WORDS[word]}
        tod = norm(m.group("tod")) or ("night" if word == "tonight" else "")
    elif m.group("tod3"):  # "mid-afternoon", "late morning yesterday"
        day = norm(m.group("dd3"))
        spec = {"unit": "day", "offset": _DAY_WORDS[day] if day else 0}
        tod = norm(m.group("tod3"))
        if not day:  # the day the story is about
            return Expr(m.start(), m.end(), "TIME", {**spec, "time": TIME_OF_DAY[tod]},
                        PARTS.get(norm(m.group("pre3"))), anaphoric=True, rule="day")
    else:
        word = norm(m.group("this"))
        spec = {"unit": "day", "offset": -1 if word == "last" else 0}
        tod = norm(m.group("tod2"))
    if tod:
        spec["time"] = TIME_OF_DAY[tod]
    direction = "past" if spec["offset"] < 0 else "future" if spec["offset"] > 0 else None
    pre = norm(m.group("pre") or m.group("pre2") or m.group("pre3"))
    mod = {"early": "START", "earlier": "START", "mid": "MID"}.get(pre, "END" if pre else None)
    return Expr(m.start(), m.end(), "TIME" if tod else "DATE", spec, mod, direction,
                rule="day")


_AGO = word_start(
    rf"(?:(?P<mod>{alternation(MODIFIERS)}){SP})?(?P<num>{NUMBER})(?:{SP}|-)"
    rf"(?P<unit>{UNITS})(?:{SP}(?i:or{SP}so))?{SP}"
    rf"(?P<rel>(?i:ago|earlier|later|from{SP}now|hence|back))(?![\w])"
    rf"|(?<![\w-])(?P<vunit>(?i:years|months|weeks|days|decades)){SP}(?P<vrel>(?i:ago))"
    rf"(?![\w])")


def _ago(m: re.Match[str], text: str) -> Expr | None:
    if m.group("vunit"):
        return Expr(m.start(), m.end(), "DATE", {"ref": "PAST_REF"}, rule="ago")
    unit = unit_name(m.group("unit").lower())
    rel = norm(m.group("rel"))
    amount = number_value(m.group("num"))
    future = rel in ("later", "from now", "hence")
    if amount is None or unit in TIME_UNITS or amount != int(amount):
        ref = "FUTURE_REF" if future else "PAST_REF"
        return Expr(m.start(), m.end(), "DATE", {"ref": ref}, rule="ago")
    if unit == "fortnight":
        unit, amount = "week", amount * 2
    if unit not in ("day", "week", "month", "quarter", "year", "decade", "century"):
        return None
    spec = {"unit": unit, "offset": int(amount) * (1 if future else -1)}
    mod = MODIFIERS.get(norm(m.group("mod"))) if m.group("mod") else None
    return Expr(m.start(), m.end(), "DATE", spec, mod, "future" if future else "past",
                anaphoric=rel in ("earlier", "later"), rule="ago")


_DURATION_ADJ = ("past", "last", "next", "first", "final", "coming", "previous", "following",
                 "remaining", "initial", "full", "entire", "whole", "other", "additional",
                 "extra", "further", "latest", "same")
_DURATION = word_start(
    rf"(?:(?P<mod>{alternation(MODIFIERS)}){SP})?"
    rf"(?:(?P<det>(?i:the|its|their|his|her|our|a|an|another)){SP})?"
    rf"(?:(?P<adj>{alternation(_DURATION_ADJ)}){SP})?"
    rf"(?P<num>{NUMBER})(?:(?:{SP}(?i:to|or){SP}|-)(?P<num2>{NUMBER}))?(?P<hyph>{SP}|-)"
    rf"(?P<unit>{UNITS})"
    rf"(?P<half>{SP}(?i:and){SP}(?i:a){SP}(?i:half))?(?P<old>-(?i:old)|{SP}(?i:old))?"
    rf"|(?:(?P<vdet>(?i:the){SP})?(?P<vadj>(?i:past|last|next|coming|recent|following|"
    rf"previous|few|many|several|the{SP}past{SP}few|the{SP}next{SP}few|the{SP}last{SP}few)){SP})?"
    rf"(?P<vunit>(?i:years|months|weeks|days|decades|centuries|hours|minutes))(?![\w'’-])")
_PER_CONTEXT = re.compile(r"(?:\d|%|million|billion|trillion|thousand|dollars|cents|"
                          r"percent|times|once|twice|yen|pounds|euros)[^\S\n]*$", re.I)


def _duration(m: re.Match[str], text: str) -> Expr | None:
    if m.group("vunit"):
        return _vague_duration(m, text)
    if m.group("old"):
        return None  # an age: "a 27-year-old man"
    unit = unit_name(m.group("unit").lower())
    num = norm(m.group("num"))
    if num in ("a", "an") and not m.group("det") and not m.group("mod") and \
            _PER_CONTEXT.search(text[max(0, m.start() - 30):m.start()]):
        return None  # "$5 a year": a rate (the set rule)
    if num in ("a", "an") and m.group("hyph") == "-":
        return None
    amount = number_value(num)
    if amount is not None and m.group("half"):
        amount += 0.5
    if m.group("det") and norm(m.group("det")) in ("a", "an") and num in ("a", "an"):
        return None
    value = duration_value(amount, unit)
    start = m.start("num")
    det, adj = norm(m.group("det")), m.group("adj")
    if det in ("a", "an") and num in ("few", "couple", "couple of", "dozen"):
        start, det = m.start("det"), ""  # "a few days": the article is part of the amount
    adjectival = m.group("hyph") == "-" or not m.group("unit").lower().endswith("s")
    if adj:
        start = m.start("adj")
    if det == "the" and (adj or not adjectival):
        start = m.start("det")  # "the past two months", "the nine months"; not "a five-year"
    mod = None
    word = norm(m.group("mod"))
    # "over three years", "over the past year": "over" is a preposition there, and "some"
    # an amount only right before a number ("some three years")
    if word and word not in ("over", "under") and not (word == "some" and start != m.start("num")):
        mod, start = MODIFIERS[word], m.start()
    return Expr(start, m.end(), "DURATION", {"duration": value}, mod, rule="duration")


def duration_value(amount: float | None, unit: str) -> str:
    code = UNIT_CODES[unit]
    if unit in ("decade", "century") and amount is not None:  # "two decades": P20Y
        amount, code = amount * (10 if unit == "decade" else 100), "Y"
    if unit == "fortnight" and amount is not None:
        amount *= 2
    if amount is not None and amount != int(amount):
        if unit == "year":  # "a year and a half": 18 months
            amount, code = amount * 12, "M"
        elif unit == "day":
            amount, code, unit = amount * 24, "H", "hour"
    n = "X" if amount is None else f"{amount:g}"
    return ("PT" if unit in TIME_UNITS else "P") + n + code


def _vague_duration(m: re.Match[str], text: str) -> Expr | None:
    unit = unit_name(m.group("vunit").lower())
    adj = norm(m.group("vadj"))
    if adj == "recent":
        return Expr(m.start(), m.end(), "DATE", {"ref": "PAST_REF"}, rule="recent")
    if not adj and previous_word(text, m.start()) not in ("for", "over", "within", "after"):
        return None  # "days of talks": too often not a length of time
    return Expr(m.start(), m.end(), "DURATION", {"duration": duration_value(None, unit)},
                rule="duration")


_SET_ADVERBS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y",
                "annually": "P1Y", "quarterly": "P3M", "hourly": "PT1H", "nightly": "P1D",
                "biweekly": "P2W", "fortnightly": "P2W", "bimonthly": "P2M",
                "semiannually": "P6M", "biannually": "P6M"}
_SET = word_start(
    rf"(?<![\w-])(?P<every>(?i:every|each)){SP}(?:(?P<other>(?i:other)){SP})?"
    rf"(?:(?P<num>{NUMBER}){SP})?(?P<unit>{UNITS}|{WEEKDAY}|{MONTH}|(?i:morning|afternoon|"
    rf"evening|night))(?![\w])"
    rf"|(?<![\w-])(?P<adv>{'|'.join(_SET_ADVERBS)})(?![\w-])"
    rf"|(?P<freq>(?i:once|twice|thrice)|{NUMBER}{SP}(?i:times)){SP}(?i:a|an|per|each|every)"
    rf"{SP}(?P<funit>{UNITS})"
    rf"|(?<![\w-])(?P<per>(?i:per|a)){SP}(?P<punit>(?i:year|month|week|day|hour|annum))(?![\w])"
    rf"|(?P<wds>{alternation(WEEKDAYS, cased=True)})s(?:{SP}(?P<wtod>(?i:mornings|afternoons|"
    rf"evenings|nights)))?(?![\w])")


def _set(m: re.Match[str], text: str) -> Expr | None:
    if m.group("adv"):
        return Expr(m.start(), m.end(), "SET", {"set": _SET_ADVERBS[m.group("adv")]}, rule="set")
    if m.group("wds"):
        day = weekday_number(m.group("wds"))
        tod = norm(m.group("wtod")).rstrip("s")
        value = f"XXXX-WXX-{day + 1}" + (f"T{TIME_OF_DAY[tod]}" if tod else "")
        return Expr(m.start(), m.end(), "SET", {"set": value}, rule="set")
    if m.group("per"):
        if m.group("per").lower() == "a" and not _PER_CONTEXT.search(
                text[max(0, m.start() - 30):m.start()]):
            return None
        unit = "year" if m.group("punit").lower() == "annum" else m.group("punit").lower()
        return Expr(m.start(), m.end(), "SET", {"set": duration_value(1, unit)}, rule="set")
    if m.group("freq"):
        unit = unit_name(m.group("funit").lower())
        return Expr(m.start(), m.end(), "SET", {"set": duration_value(1, unit)}, rule="set")
    word = m.group("unit")
    if re.fullmatch(MONTH, word):
        return Expr(m.start(), m.end(), "SET", {"set": f"XXXX-{month_number(word):02d}"},
                    rule="set")
    if re.fullmatch(WEEKDAY, word):
        return Expr(m.start(), m.end(), "SET",
                    {"set": f"XXXX-WXX-{weekday_number(word) + 1}"}, rule="set")
    unit = unit_name(word.lower())
    if unit in ("morning", "afternoon", "evening", "night"):
        return Expr(m.start(), m.end(), "SET", {"set": f"XXXX-XX-XXT{TIME_OF_DAY[unit]}"},
                    rule="set")
    amount = number_value(m.group("num")) if m.group("num") else 1
    if m.group("other"):
        amount = 2 * (amount or 1)
    return Expr(m.start(), m.end(), "SET", {"set": duration_value(amount, unit)}, rule="set")


_REFS = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
         "presently": "PRESENT_REF", "these days": "PRESENT_REF", "the present": "PRESENT_REF",
         "recently": "PAST_REF", "more recently": "PAST_REF", "lately": "PAST_REF",
         "the past": "PAST_REF", "the future": "FUTURE_REF",
         "the near future": "FUTURE_REF", "the foreseeable future": "FUTURE_REF",
         "soon": "FUTURE_REF", "the moment": "PRESENT_REF"}
_REF = word_start(rf"(?<![\w-])(?P<ref>{alternation(_REFS)})(?![\w-])"
                  rf"|(?:^|(?<=[.;:!?\"“]\s))(?P<earlier>Earlier)(?=,)")


def _ref(m: re.Match[str], text: str) -> Expr | None:
    if m.group("earlier"):
        return Expr(m.start(), m.end(), "DATE", {"ref": "PAST_REF"}, rule="ref")
    word = norm(m.group("ref"))
    if word == "now" and re.match(rf"{SP}(?i:that)\b", text[m.end():]):
        return None  # "now that": a conjunction
    if word == "the moment" and previous_word(text, m.start()) != "at":
        return None
    if word == "soon" and re.match(rf"{SP}as\b", text[m.end():]):
        return None  # "as soon as next week": a modifier of what follows
    return Expr(m.start(), m.end(), "DATE", {"ref": _REFS[word]}, rule="ref")

Rule = Callable[[re.Match[str], str], "Expr | None"]
RULES: tuple[tuple[re.Pattern[str], Rule], ...] = (
    (_DEICTIC_UNIT, _deictic_unit), (_DEICTIC_DAY, _deictic_day), (_AGO, _ago),
    (_DURATION, _duration), (_SET, _set), (_REF, _ref),
)
