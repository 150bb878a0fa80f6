"""A cased reading of a body set all in capitals or all in lower case (see
``ingestion.casing``), for the models only.

spaCy's English pipeline finds names and dates by their capitals: in "RAHM EMANUEL WON ON
AUG. 1" or "rahm emanuel won on aug. 1" it finds almost nothing, or junk. The NLP stage
therefore parses such a body through a *view*: the same text with its case restored,
character for character, so that every span found in the view is an exact span of the
article (citations and quotes still show the article's own characters).

The case comes from, in order:

- the batch's other articles that are cased (``case_lexicon``): a word's usual form in the
  middle of their sentences ("Emanuel", "NATO", "iPhone"). A report in capitals among cased
  reports of one story gets its names from them;
- the article's own title and metadata, when they are cased;
- rules that need no lexicon: sentence starts, "I", month and weekday names ("may" and
  "march" only beside a number), dotted abbreviations ("u.s." -> "U.S."), a title and the
  name after it ("gov. pat quinn" -> "Gov. Pat Quinn").

A word none of these knows stays in lower case: a name no cased text gives is not guessed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from ..model import Article
from .wordlists import CALENDAR_NAMES, TITLE_ABBREVIATIONS

_WORD = re.compile(r"[^\W\d_](?:[\w'’.-]*\w)?\.?")
_OPENERS = "\"'“‘([«"
_CLOSERS = "\"'”’)]»"
_NEEDS_NUMBER = frozenset({"may", "march", "mar", "jan", "jun", "sun", "sat", "wed"})
_NUMBER_NEAR = re.compile(r"^[\s.,]*\d|\d[\s.,]*$")
_DOTTED = re.compile(r"^(?:[a-z]\.){2,}$")
# A title's name follows it ("gov. pat quinn"): the abbreviations the splitter knows, and
# the titles written out.
_TITLES = TITLE_ABBREVIATIONS | frozenset(
    "president senator governor mayor minister chancellor premier pope judge alderman "
    "superintendent professor detective sergeant".split())
# Words that end the name a title introduces ("gov. pat quinn said"): the common words of
# news text. A name rarely is one of them.
_STOP = frozenset(
    "a an the and or but of in on at to for from by with as is was were are be been has had "
    "have said says will would could should may might can did does do not no that this these "
    "those who whom which what when where why how it its he she they his her their them him "
    "also after before during over under about into than then there here told asked added "
    "announced wrote".split())
_NAME_WORDS = 2  # "gov. pat quinn agreed": the words a title's name is given


def starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` begins a sentence: it follows the text's or a line's
    start, or an end mark and a space (quotes and brackets aside)."""
    i = start
    while i > 0 and text[i - 1] in _OPENERS:
        i -= 1
    if i == 0 or text[i - 1] == "\n":
        return True
    if not text[i - 1].isspace():
        return False
    while i > 0 and text[i - 1].isspace():
        if text[i - 1] == "\n":
            return True
        i -= 1
    while i > 0 and text[i - 1] in _CLOSERS:
        i -= 1
    return i == 0 or text[i - 1] in ".!?:"


def _bare(word: str) -> str:
    """A word without its final period, but for a dotted abbreviation ("u.s.")."""
    return word if _DOTTED.match(word.lower()) else word.rstrip(".")


def case_lexicon(texts: Iterable[str]) -> dict[str, str]:
    """The usual form of each word that is not written in lower case in the middle of the
    sentences of ``texts`` (cased texts): ``{"emanuel": "Emanuel", "nato": "NATO"}``.
    Sentence-initial words and lines set in capitals say nothing and are skipped."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for line in text.split("\n"):
            if not any(c.islower() for c in line):
                continue  # a headline in capitals
            for m in _WORD.finditer(line):
                if not starts_sentence(line, m.start()):
                    word = _bare(m.group())
                    seen[word.lower()][word] += 1
    lexicon = {}
    for key, forms in seen.items():
        form = forms.most_common(1)[0][0]
        if form != key and len(form) == len(key):
            lexicon[key] = form
    return lexicon


def cased_view(text: str, lexicon: dict[str, str] | None = None) -> str:
    """``text`` (set in one case) with its case restored as well as ``lexicon`` and the rules
    allow. Same length, and the same characters but for their case: ``view[i:j]`` is
    ``text[i:j]`` in other letters' case."""
    lexicon = lexicon or {}
    out = [c.lower() if len(c.lower()) == 1 else c for c in text]
    lowered = "".join(out)
    after_title = 0  # words of a name still to capitalise after a title
    abbreviation = False  # the word before ends in a period that ends no sentence
    for m in _WORD.finditer(lowered):
        word, start = m.group(), m.start()
        bare = _bare(word)
        form = _form(lowered, m, bare, lexicon, after_title > 0)
        if bare.rstrip(".") in _TITLES and lowered[m.end():m.end() + 1] in (" ", ""):
            after_title = _NAME_WORDS
        elif after_title:
            after_title = after_title - 1 if bare not in _STOP else 0
        if form is None and not abbreviation and starts_sentence(lowered, start):
            form = word[:1].upper() + word[1:]
        abbreviation = bool(_DOTTED.match(word)) or (
            word.endswith(".") and word[:-1] in _TITLES)
        if form is not None and len(form) == len(word):
            out[start:m.end()] = list(form)
    return "".join(out)


def _form(lowered: str, m: re.Match[str], bare: str, lexicon: dict[str, str],
          in_name: bool) -> str | None:
    """The word's cased form, or None to keep it in lower case."""
    word = m.group()
    if bare in lexicon:
        return lexicon[bare] + word[len(bare):]
    if bare == "i":
        return word.upper()
    if _DOTTED.match(word):
        return word.upper()
    if bare in CALENDAR_NAMES:
        if bare in _NEEDS_NUMBER and not (
                _NUMBER_NEAR.search(lowered[max(0, m.start() - 3):m.start()])
                or _NUMBER_NEAR.search(lowered[m.end():m.end() + 3])):
            return None
        return word[:1].upper() + word[1:]
    if bare in _TITLES and len(bare) <= 5 and word.endswith("."):
        return word[:1].upper() + word[1:]  # "gov." before a name
    if in_name and bare not in _STOP:
        return word[:1].upper() + word[1:]
    return None


def reading_views(articles: list[Article]) -> list[Article]:
    """The articles as the models read them: an article whose body is set in one case
    (``meta["case"]``) as its :func:`cased_view`, with a lexicon from the batch's cased
    articles and its own cased title; the others as they are."""
    odd = [a for a in articles if a.get("case")]
    if not odd:
        return articles
    shared = case_lexicon(a.text for a in articles if not a.get("case"))
    views = []
    for a in articles:
        if not a.get("case"):
            views.append(a)
            continue
        title = a.title or ""
        own = case_lexicon([title]) if any(c.islower() for c in title) else {}
        views.append(_with_text(a, cased_view(a.text, {**own, **shared})))
    return views


def _with_text(article: Article, text: str) -> Article:
    from dataclasses import replace

    return replace(article, text=text)
