"""The plain-text cleaner: scraped text in, article paragraphs + metadata + an audit log out.

No library cleans scraped *plain text* (trafilatura needs the HTML tree), so this works on
lines. A line is judged by what it is (:mod:`.rules`) and by where it sits: the header (before
the first line of prose) holds menus, ads, the title, the date and the byline; the footer
(after the last line of prose) holds related headlines; tag lines and credits sit in the body.
Nothing is dropped silently: every cut line is returned with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..keys import normalise
from ..model import Meta, RemovedLine
from ..nlp.wordlists import MONTH_NAMES
from . import casing, rules

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_WORD = re.compile(r"[a-z][a-z0-9-]*")
_LONG_PROSE = 15  # words: a paragraph this long printed twice is a duplicate, not a refrain
_JOINS_NEXT = re.compile(r"[.!?:;\"”’)\]]$")
_CREDIT_CUT = "photo credit at the end of a paragraph (the paragraph is kept)"
# What each kind of rules.inline_junk is: the reason when it is the whole line, and with
# "inline ... (the paragraph is kept)" around it when the rest of the line stays.
_JUNK = {
    rules.PHOTO_CREDIT: "photo credit",
    rules.PROMO_QUESTION: "promo question (\"Interested in ...?\")",
    rules.CONTINUED: "ad or \"story continues below\" marker",
    rules.FOLLOW: "promo (follow on social media)",
    rules.WIRE_CAPTION: "photo caption (a wire-photo caption)",
    rules.SOURCE_CREDIT: "source credit (whose report the paragraph repeats)",
}
_KEPT = " (the paragraph is kept)"
_NO_WORDS = re.compile(r"^\W*$")
_URL_LINE = re.compile(r"https?://[^\s/]+\.[^\s/]+/\S*")  # a page's address alone on its line
_CLOSES = re.compile(r"^[.,;:!?)\]”’]")  # what follows a cut without a space before it


@dataclass(slots=True)
class _Line:
    no: int  # 1-based line number in the input
    block: int  # lines with no blank line between them share a block
    text: str
    reason: str | None = None
    # (text, reason) of the pieces cut out of a line that is kept: credits, promos, captions
    cuts: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class Cleaned:
    """What the cleaner keeps and cuts. ``paragraphs`` are ``(line_no, text)``."""

    paragraphs: list[tuple[int | None, str]] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)
    meta: dict[str, Meta] = field(default_factory=dict)


def _split(raw: str) -> list[_Line]:
    out: list[_Line] = []
    # The pieces of each line, joined once at the end. Joining on every wrap, and searching
    # the grown line for how it ends, was quadratic: 50,000 wrapped lines took minutes.
    pieces: list[list[str]] = []
    block, blank = 0, False
    for no, line in enumerate(raw.splitlines(), start=1):
        text = _ZERO_WIDTH.sub("", line).replace("\u00a0", " ").strip()
        if not text:
            blank = True
            continue
        if blank:
            block, blank = block + 1, False
        text = rules.strip_bullet(text)
        prev = out[-1] if out else None
        # the line so far ends as its last piece does: only that piece is searched
        if (prev is not None and prev.block == block and text[:1].islower()
                and not _JOINS_NEXT.search(pieces[-1][-1])
                and rules.parse_date_line(text) is None):  # "on May 3, 2013 | Updated ..."
            # a hard-wrapped line continues the one above: judge the paragraph, not its pieces
            pieces[-1].append(text)
            continue
        out.append(_Line(no, block, text))
        pieces.append([text])
    for ln, parts in zip(out, pieces, strict=True):
        if len(parts) > 1:
            ln.text = " ".join(parts)
    return out


def _words(text: str) -> set[str]:
    return {w.removesuffix("'s") for w in _WORD.findall(normalise(text))}


def clean_lines(raw: str, *, layout: bool = True, line_numbers: bool = True) -> Cleaned:
    """Clean scraped text.

    ``layout=False`` is for text an HTML extractor already cut out of its page: the DOM told
    it where the article starts and ends, so the rules that guess from position (header,
    footer, tag lines, capitalised headlines) are skipped, and only a repeated long paragraph
    counts as a duplicate (short repeated lines there are table rows, list items, refrains).
    Measured on the extraction benchmark: with the positional rules, F1 fell below
    trafilatura's own.
    """
    lines = _split(raw)
    out = Cleaned()
    case = casing.body_case(ln.text for ln in lines)
    if case is not None:
        out.meta["case"] = Meta(case, "detected", f"the body is {casing.case_note(case)}")
    # In a body set in capitals every line looks like a capitalised headline.
    _mark_furniture(lines, out, layout, caps_headlines=layout and case != casing.UPPER)
    live = [ln for ln in lines if ln.reason is None]
    prose_idx = [i for i, ln in enumerate(live) if rules.prose(ln.text)]
    if prose_idx and layout:
        first, last = prose_idx[0], prose_idx[-1]
        body_words = set().union(*(_words(live[i].text) for i in prose_idx))
        _mark_header(live[:first], body_words, out)
        _caps_title(lines[:lines.index(live[first])], body_words, out)
        _mark_tag_lines(live[first:last + 1], body_words)
        _mark_footer(live[last + 1:])
    _mark_duplicates(lines, long_only=not layout)

    for ln in lines:
        no = ln.no if line_numbers else None
        if ln.reason is not None:
            out.removed.append(RemovedLine(no, ln.text, ln.reason))
        # logged even when the rest of the line went too (a duplicate, say)
        out.removed.extend(RemovedLine(no, text, reason) for text, reason in ln.cuts)
    out.paragraphs = [(ln.no if line_numbers else None, ln.text)
                      for ln in lines if ln.reason is None]
    return out


def _mark_furniture(lines: list[_Line], out: Cleaned, layout: bool, *,
                    caps_headlines: bool) -> None:
    """Rules that hold wherever the line is (``caps_headlines``: a line set in capitals is
    a related headline)."""
    crumb_run = False
    for ln in lines:
        t = ln.text
        item = rules.numbered_item(t)
        if item and (item[0] == 1 and normalise(item[1]) == "home" or crumb_run and item[0] > 1
                     and rules.headline_sized(item[1])):
            crumb_run = True
            ln.reason = "breadcrumb"
            # the last crumb is usually the headline: it votes for the title below
            out.meta["_crumb_last"] = Meta(item[1], "breadcrumb", t)
            continue
        crumb_run = False
        if rules.boilerplate_phrase(t):
            ln.reason = "site furniture (menu, ad or widget label)"
        elif rules.promo(t):
            # whole, even with a sentence in it (see PROMO_MAX_WORDS): of the dev HTML pages'
            # promo lines, the two with a sentence left once "Follow us on ..." is cut from
            # them are author bios ("Email X at ... or follow him @x. Follow us on ...")
            ln.reason = "promo (share, subscribe, read-more or newsletter line)"
            named = rules.outlet_named_in(t)
            if named and "outlet" not in out.meta:
                out.meta["outlet"] = Meta(named, "footer-line", t)
        elif rules.arrow_breadcrumb(t):
            ln.reason = "breadcrumb"
        elif rules.photo_credit(t):
            ln.reason = "photo credit"
        elif rules.caption_with_credit(t):
            ln.reason = "photo caption (ends with a credit)"
        elif _cut_inside(ln):
            pass  # too long for a caption: a paragraph with junk glued in; only the junk goes
        elif caps_headlines and rules.all_caps_headline(t):
            ln.reason = _CAPS_HEADLINE
        elif (parsed := rules.parse_date_line(t)) is not None:
            iso, prefix = parsed
            key = "updated" if prefix and "updated" in prefix else "published"
            if key not in out.meta:
                out.meta[key] = Meta(iso, "header-line", t)
                ln.reason = f"date line (recorded as {key})"
            else:
                ln.reason = "date line (another date; the first one is recorded)"


def _cut_inside(ln: _Line) -> bool:
    """Cut the junk a paragraph holds (credits, promo questions, markers, follow lines, wire
    captions) and a credit that ends it, each logged with its reason; a line that is nothing
    but junk is cut whole, with the first piece's reason. True if anything was cut."""
    text = ln.text
    junk = rules.inline_junk(text)
    kept: list[str] = []
    for piece in (text[prev:start].strip() for prev, start in zip(
            [0, *(end for _, end, _ in junk)], [*(start for start, _, _ in junk), len(text)],
            strict=True)):
        if piece:  # one space where a piece was cut, none before a closing mark
            kept.extend([" "] if kept and not _CLOSES.match(piece) else [])
            kept.append(piece)
    rest = "".join(kept)
    cuts = [(text[start:end].strip(),
             _CREDIT_CUT if kind == rules.PHOTO_CREDIT and not text[end:].strip()
             else f"inline {_JUNK[kind]}{_KEPT}") for start, end, kind in junk]
    if (cut := rules.credit_tail(rest)) is not None:  # "... next week. Credit: Kremlin.ru"
        cuts.append((rest[cut:].strip(), _CREDIT_CUT))
        rest = rest[:cut].rstrip()
    if not cuts:
        return False
    if _NO_WORDS.match(rest):  # "Interested in Politics?" alone: the line is the junk
        ln.reason = _JUNK[junk[0][2]] if junk else "photo credit"
        return True
    ln.text, ln.cuts = rest, cuts
    return True


def _mark_header(header: list[_Line], body_words: set[str], out: Cleaned) -> None:
    """Title, byline and menus/ads in the lines before the first line of prose."""
    votes: dict[str, int] = {}
    for ln in header:
        if rules.word_count(ln.text) <= 30 and not rules.ends_sentence(ln.text):
            votes[normalise(ln.text)] = votes.get(normalise(ln.text), 0) + 1
    crumb = out.meta.pop("_crumb_last", None)
    if crumb and normalise(crumb.value) in votes:
        votes[normalise(crumb.value)] += 1
    glued: list[tuple[_Line, str]] = []  # (line, title it ends with)
    for a in header:
        for key in votes:
            na = normalise(a.text)
            if na != key and na.endswith(key) and rules.word_count(key) >= 3:
                glued.append((a, key))
                votes[key] += 1
    title_key = max(votes, key=lambda k: votes[k], default=None)
    if title_key is not None and votes[title_key] < 2:
        title_key = next((k for k in votes if rules.word_count(k) >= 4
                          and not _name_only(k, header, body_words)), None)

    title_at = len(header)
    for i, ln in enumerate(header):
        if title_key is not None and normalise(ln.text) == title_key:
            if "title" not in out.meta:
                out.meta["title"] = Meta(ln.text, "header-line", ln.text)
                ln.reason, title_at = "title (recorded as metadata)", i
            else:
                ln.reason = "repeated title"
    for ln, key in glued:
        if ln.reason is None:
            ln.reason = "breadcrumb glued to the title"
            prefix = ln.text[: max(0, len(ln.text) - len(key))]
            domain = rules.leading_domain(prefix)
            if domain:
                out.meta["outlet"] = Meta(domain, "breadcrumb", ln.text)

    for i, ln in enumerate(header):
        if ln.reason is not None:
            continue
        if _URL_LINE.fullmatch(ln.text.strip()):  # a scraped page's address above its text
            if "url" not in out.meta:
                out.meta["url"] = Meta(ln.text.strip(), "header-line", ln.text)
            ln.reason = "address of the page (recorded as url)"
            continue
        by = rules.byline(ln.text)
        if by and (by[1] or i > title_at and not (_words(by[0]) & body_words)):
            if "author" not in out.meta:
                out.meta["author"] = Meta(by[0], "header-line", ln.text)
            ln.reason = "byline (recorded as author)"
        elif i < title_at and not rules.prose(ln.text) and rules.word_count(ln.text) <= 8:
            ln.reason = "header line before the title (menu or ad)"
        elif (title_at == len(header) and rules.word_count(ln.text) <= 3
              and not rules.ends_sentence(ln.text)):
            ln.reason = "header line (menu or ad)"
        elif (words := rules.tag_line(ln.text)) and _words(" ".join(words)) <= body_words:
            ln.reason = "photo caption or tag line"


def _caps_title(header: list[_Line], body_words: set[str], out: Cleaned) -> None:
    """A report with no title but a line set in capitals above its first paragraph, most of
    whose words the report uses: that line is its title, not a related headline (ECB+ dev
    21_12ecbplus: "GRANDMOTHER KILLED BY DRUNK DRIVER IN HIT-AND-RUN ACCIDENT ..."). A date
    run into its end ("... DA SAYSSEPTEMBER 19, 2013") is the report's date."""
    if "title" in out.meta:
        return
    for ln in header:
        if ln.reason != _CAPS_HEADLINE:
            continue
        text, glued = ln.text, _GLUED_DATE.search(ln.text)
        if glued and (found := rules.parse_date_line(glued.group(1))) is not None:
            text = ln.text[:glued.start(1)].rstrip()
            out.meta.setdefault("published", Meta(found[0], "header-line", ln.text))
        words = _words(text)
        if words and len(words & body_words) >= _CAPS_TITLE_SHARE * len(words):
            out.meta["title"] = Meta(text, "header-line", ln.text)
            ln.reason = "title (recorded as metadata)"
            return


_CAPS_HEADLINE = "related headline (set in capitals)"
# Of its words, the share the report uses. On ECB+ dev the four lines in capitals above a
# first paragraph shared 0.92-1.0 (three titles) and 0.0 (a date): too few to fit more finely.
_CAPS_TITLE_SHARE = 0.6
_GLUED_DATE = re.compile(rf"(?<=[A-Z])((?:{'|'.join(m.upper() for m in MONTH_NAMES)})"
                         r"\s+\d{1,2},\s+\d{4})$")


def _name_only(key: str, header: list[_Line], body_words: set[str]) -> bool:
    """A header line that is just a person's name is a byline, not a title."""
    line = next(ln.text for ln in header if normalise(ln.text) == key)
    by = rules.byline(line)
    return by is not None and not (_words(by[0]) & body_words)


def _mark_tag_lines(body: list[_Line], body_words: set[str]) -> None:
    """ "Putin Xi" between two paragraphs: a caption or tag list whose words the article uses."""
    for ln in body:
        words = rules.tag_line(ln.text)
        if words and _words(" ".join(words)) <= body_words:
            ln.reason = "photo caption or tag line"


def _mark_footer(footer: list[_Line]) -> None:
    for ln in footer:
        if not rules.ends_sentence(ln.text) and rules.word_count(ln.text) <= 15:
            ln.reason = "footer line after the article (related headline or link)"


def _mark_duplicates(lines: list[_Line], long_only: bool = False) -> None:
    seen: dict[str, int] = {}
    for ln in lines:
        if ln.reason is not None or long_only and rules.word_count(ln.text) < _LONG_PROSE:
            continue
        key = normalise(ln.text)
        if key in seen:
            ln.reason = f"duplicate paragraph (repeats line {seen[key]})"
        else:
            seen[key] = ln.no
