"""Time expressions as TIMEX3 values: dates, ranges, durations, sets, with their tense.

``expressions`` finds them in a text and resolves them; ``grammar``, ``expr``, ``dates``,
``relative``, ``words`` hold the rules; ``calendar`` the interval arithmetic; ``tense`` reads
the tense from the parse.
"""

from .expressions import anchor_of, find_times, resolve

__all__ = ["anchor_of", "find_times", "resolve"]
