"""Word lists more than one NLP step reads: month and weekday names (the time expressions,
the sentence splitter, the case restorer) and the abbreviated titles written before a name
(the sentence splitter, the case restorer, the speakers' and entities' name readers).
Lower-cased, without periods. Also the colour words (a car's model year and a claim's
colours read them), each with the spelling it is compared by."""

from __future__ import annotations

MONTH_NAMES = ("january february march april may june july august september october november "
               "december").split()
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                       "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
WEEKDAY_NAMES = "monday tuesday wednesday thursday friday saturday sunday".split()
WEEKDAY_ABBREVIATIONS = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3,
                         "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
# Every month and weekday name and abbreviation: what names a day or a month.
CALENDAR_NAMES = frozenset(MONTH_NAMES) | frozenset(MONTH_ABBREVIATIONS) \
    | frozenset(WEEKDAY_NAMES) | frozenset(WEEKDAY_ABBREVIATIONS)

# Abbreviations that stand before a name, never at the end of a sentence ("Ald. Ed Burke",
# "Const. Tim Fanning", "Msgr."): pysbd splits after several of them, and after all of them
# in capitals.
TITLE_ABBREVIATIONS = frozenset(
    "adm ald asst atty brig capt cmdr col comdr const cpl cpt det fr gen gov hon insp lt "
    "maj messrs mr mrs ms msgr mt pfc pres prof pvt rep reps rev rt sen sens sgt spc supt "
    "gens govs supts".split())
# What may stand before a person's name and is no part of it: the abbreviated titles (but
# "Mt." names a mountain) and the short forms of address (the speakers' and the entities'
# name readers both drop them: "Insp Gaskin" is Gaskin).
PERSON_TITLES = (TITLE_ABBREVIATIONS - {"mt"}) | frozenset(
    "miss dr sir dame jr sr st".split())

COLOURS = {"black": "black", "white": "white", "grey": "gray", "gray": "gray",
           "silver": "silver", "red": "red", "blue": "blue", "green": "green",
           "yellow": "yellow", "orange": "orange", "brown": "brown", "beige": "beige",
           "purple": "purple", "maroon": "maroon", "burgundy": "burgundy", "pink": "pink",
           "gold": "gold", "golden": "gold", "turquoise": "turquoise"}
