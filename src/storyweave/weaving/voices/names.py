"""How one mention names its entity: the name without the titles in front of it, the key it
is matched by, and the roles and country the words around it give.

The tables (``entity-aliases.json``) hold what no rule can guess: that "America" is the
United States, that the Kremlin speaks for Russia. Everything else is a rule over the words
as written, so that it reads any story, not only the bundled one.
"""

from __future__ import annotations

import difflib
import json
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ...labels import Label
from ...model import Article
from ...nlp.entities import entity_key
from ...nlp.wordlists import PERSON_TITLES
from .abbreviations import spelt_out
from .bodies import POLICE, police_key

ALIASES_RESOURCE = "entity-aliases.json"

# Words that make a role when they stand before a name ("Chinese Foreign Minister Qin Gang")
# or in an appositive ("Volodymyr Zelensky, Ukraine's president,"). A role needs a head.
HEADS = frozenset("""president leader minister premier chancellor spokesman spokeswoman
spokesperson adviser advisor secretary diplomat councillor councilor counsellor counselor
counterpart ambassador envoy official commander senator governor mayor king queen prince
director chairman chairwoman chair aide negotiator prosecutor judge emperor pope monarch
general admiral mediator constable sergeant detective inspector lieutenant captain officer
superintendent corporal colonel trooper sheriff undersheriff""".split())  # ranks spelt out,
# as reporters write them before a name ("Constable Tim Fanning", ECB+ dev 18ecb; "Insp." is
# a title; "Genesee County Undersheriff James Gage", 18ecbplus)
MODIFIERS = frozenset("""foreign defense defence interior finance economy trade national security
state top new former deputy vice prime press senior chief international relations affairs first
acting interim military presidential supreme incoming outgoing assistant special executive lead
principal permanent then communist""".split())
# A body's words: in a role ("Foreign Ministry spokesman") but never a title on their own.
ORG_NOUNS = frozenset("""ministry department office council committee party government
administration agency service embassy parliament cabinet bureau commission army navy forces
armed""".split())
CONNECTORS = frozenset("of on for and".split())
# Before a person's name only: a role written short ("GM Ed Stefanski", "CEO Tim Cook"), which
# on its own may name a company ("GM"), so it is no title word elsewhere.
ROLE_ABBREVIATIONS = frozenset("gm ceo cfo coo cto".split())
# An office written short as a speaker ("the DA said"): the person holding it, never a body
OFFICES_SHORT = {"da": "district attorney", "ag": "attorney general"}
# A body's words, passed over before a title that follows them ("Police Constable ...").
BODY_WORDS = ORG_NOUNS | {"police"}
# Words that end a company's or an institution's name, never a person's ("President Hotel
# Group" is a body).
ORG_ENDINGS = frozenset("""group inc corp corporation company co ltd llc plc hotel hotels bank
club team association institute university college school centre center foundation fund
trust partners holdings airlines airways motors media news times post network systems
technologies industries international""".split())
HONORIFICS = PERSON_TITLES
DETERMINERS = frozenset("the his her its their a an".split())
# A mention made of these words alone is a title spaCy took for a name ("State",
# "National Security Advisor", "Brig"): a role, not an entity.
TITLE_WORDS = HEADS | (MODIFIERS - {"communist"}) | HONORIFICS

_TOKEN = re.compile(r"[A-Za-z][\w.'’\-]*")
POSSESSIVE = re.compile(r"['’]s?$")  # "China’s", "the Smiths'"
_POSSESSIVE_END = re.compile(r"['’]s$")
_CLOSES = re.compile(r"[ \t]*(?:[,.;)\u2014\u2013\n]|$)")
_ENDS_PHRASE = re.compile(r"[ \t]*(?:[,.;)\u2014\u2013\n-]|$)")
_BLANKS = re.compile(r"[ \t]+")
_QUALIFIER = re.compile(r"([A-Z][\w.]*(?:['’]s?)?)[ \t]+$")
# Initials written with dots or without: "A.J. Butler", "AJ Butler", "A. J. Butler" are one
# key, "aj butler" (ECB+ dev: one general manager was two people).
_INITIALS = re.compile(r"\b(?:[a-z]\.[ \t]?){2,}")
_MINISTRY_OF = re.compile(r"^(ministry|department) of (?:the )?(.+?)(?: affairs)?$")


@dataclass(frozen=True, slots=True)
class Tables:
    canonical: dict[str, tuple[str, str]]  # key -> (canonical name, type)
    country_words: dict[str, str]  # "chinese", "china", "u.s." -> country
    places: dict[str, str]  # city key -> country
    organisations: dict[str, str]  # body key -> country
    countries: frozenset[str]


@cache
def tables() -> Tables:
    raw: dict[str, Any] = json.loads(
        resources.files(__package__).joinpath(ALIASES_RESOURCE).read_text("utf-8"))
    canonical: dict[str, tuple[str, str]] = {}
    for name, entry in raw["names"].items():
        for key in [name.casefold(), *entry["keys"]]:
            canonical[key] = (name, entry["type"])
    words: dict[str, str] = {}
    for country, demonyms in raw["countries"].items():
        words[country.casefold()] = country
        for w in demonyms:
            words[w] = country
    return Tables(canonical=canonical, country_words=words, places=dict(raw["places"]),
                  organisations=dict(raw["organisations"]),
                  countries=frozenset(raw["countries"]))


def ends_sentence(word: str) -> bool:
    """A word with a full stop that closes a sentence, not an abbreviation ("U.S.", "Gen.",
    "J.")."""
    if not word.endswith("."):
        return False
    head = word[:-1]
    return "." not in head and len(head) > 1 and bare(head) not in HONORIFICS


def _names_country(word: str) -> bool:
    # Capitalised only: "us" in "told us" is no country.
    return word[:1].isupper() and country_of_word(word) is not None


def bare(word: str) -> str:
    """A word folded for the tables: lower case, no possessive ("China’s" -> "china")."""
    return POSSESSIVE.sub("", word.casefold())


def country_of_word(word: str) -> str | None:
    """The country a demonym, a country's name or a seat of power names, if any."""
    t = tables()
    w = bare(word)
    if w in t.country_words:
        return t.country_words[w]
    if w in t.canonical and t.canonical[w][0] in t.countries:
        return t.canonical[w][0]
    return t.organisations.get(w)


@dataclass(slots=True)
class Name:
    """What one mention says: the name's own span (titles and possessive cut off), its key,
    and for an organisation the country it belongs to ("China's Foreign Ministry")."""

    start: int
    end: int
    form: str  # the name as written, qualified: "Xi Jinping", "China's Foreign Ministry"
    key: str  # matching key: "xi jinping", "china foreign ministry", "united states"
    base: str | None = None  # a qualified body's key without its country: "foreign ministry"
    country: str | None = None  # the country that qualifies it
    canonical: str | None = None  # the table's name for it ("United States")
    table_type: str | None = None


def is_junk(written: str, key: str) -> bool:
    """Names no real entity has: one letter, digits and punctuation, a photo credit
    ("HOW HWEE YOUNG/AP"), a title alone."""
    if sum(c.isalpha() for c in key) < 2 or "/" in written or "@" in written:
        return True
    words = written.split()
    if len(words) > 1 and written.isupper() and key not in tables().canonical:
        return True  # a caption or credit line in capitals, not a name an outlet writes so
    return all(bare(w).rstrip(".") in TITLE_WORDS for w in key.split())


def is_proper(text: str, common: frozenset[str] = frozenset()) -> bool:
    """Whether a speaker's name names someone in particular: a capitalised word that is no
    title ("Biden administration", "Kremlin"), or a country's body ("Chinese foreign
    ministry"). "the two men", "officials" and "both leaders' governments" do not; nor do
    words capitalised only because they open a sentence ("Witnesses said", "Many said",
    "Some of the younger players said") when the story writes them in lower case
    (``common``: :func:`lower_case_words`)."""
    words = [m.group() for m in _TOKEN.finditer(text)]
    folded = [bare(w).rstrip(".") for w in words]
    if any(w[0].isupper() and f not in TITLE_WORDS and f.removesuffix("s") not in TITLE_WORDS
           and f not in DETERMINERS and f not in tables().country_words
           and (f in BODY_WORDS  # "Police said": a body, as "the Kremlin" is
                or not {f, f.removesuffix("s"), f.removesuffix("es"), f + "s"} & common)
           for w, f in zip(words, folded, strict=True)):
        return True
    return any(country_of_word(w) for w in words) and any(f in ORG_NOUNS for f in folded)


def read_name(text: str, start: int, end: int, kind: str) -> Name | None:
    """The name in ``text[start:end]`` (an NER span or the name a quote extractor resolved),
    or None when it is no name (see :func:`is_junk`)."""
    start, end = _trim(text, start, end, kind)
    if start >= end:
        return None
    written = text[start:end]
    key = entity_key(written)
    if kind == "PERSON":
        key = _INITIALS.sub(lambda m: m.group().replace(".", "").replace(" ", "") + " ", key)
        key = _BLANKS.sub(" ", key).strip()
    else:
        key = spelt_out(key)
    if not key or is_junk(written, key):
        return None
    name = Name(start, end, written, key)
    if kind in ("ORG", "FAC"):
        _qualify(name, text)
    if name.base is None and (force := police_key(name.key)) is not None:
        name.key, name.base = force, POLICE
    found = tables().canonical.get(name.key)
    if found:
        name.canonical, name.table_type = found
        name.key = found[0].casefold()
    return name


def _trim(text: str, start: int, end: int, kind: str) -> tuple[int, int]:
    piece = text[start:end]
    # keeps the dot of "U.S."; drops a dash written as an aside's ("man - Eric Kirkpatrick -")
    body = _POSSESSIVE_END.sub("", piece.rstrip(" '\"’”,;:!?)-\u2013\u2014"))
    end = start + len(body)
    start += len(piece) - len(piece.lstrip(" '\"“‘(-"))
    if text[start:start + 4].casefold() == "the ":
        start += 4
    if kind == "PERSON":
        # "spokesperson Hua Chunying", "Councillor Wang Yi", "Russian President Vladimir
        # Putin", "GM Ed Stefanski"; a body's word is passed over when a title follows it
        # ("Police Constable Tim Fanning") and kept when a name does ("Navy Seal ...")
        cut = start
        for m in _TOKEN.finditer(text, start, end):
            w = bare(m.group()).rstrip(".")
            if w in TITLE_WORDS or w in CONNECTORS or w in ROLE_ABBREVIATIONS \
                    or _qualifier_word(m.group()):
                cut = m.end()
            elif w not in BODY_WORDS:
                break
        start = cut
        while start < end and text[start].isspace():
            start += 1
    return start, end


def titled_person(text: str, start: int, end: int) -> bool:
    """Whether an ORG span is a person behind a title ("Police Constable Tim Fanning", "GM Ed
    Stefanski": spaCy tags the whole as a body): a head word, rank or short role first
    (after a body's words or modifiers), then two or three capitalised words none of which
    is a body's."""
    cut = _trim(text, start, end, "PERSON")[0]
    titles = [bare(m.group()).rstrip(".") for m in _TOKEN.finditer(text, start, cut)]
    rest = [m.group() for m in _TOKEN.finditer(text, cut, end)]
    return (any(w in HEADS or w in ROLE_ABBREVIATIONS for w in titles)
            and 2 <= len(rest) <= 3
            and all(w[:1].isupper() and bare(w).rstrip(".") not in BODY_WORDS | ORG_ENDINGS
                    for w in rest))


def _qualifier_word(word: str) -> bool:
    """A demonym or a possessive country ("Russian", "Russia's", "U.S.") before a name, but
    not a bare country's name, which may be a given name ("Jordan", "Georgia")."""
    folded = bare(word)
    country = tables().country_words.get(folded)
    return country is not None and (folded != country.casefold() or folded != word.casefold())


def _qualify(name: Name, text: str) -> None:
    """ "China's Foreign Ministry", "the Chinese Ministry of Foreign Affairs" and "Foreign
    Ministry" after "China's" are one body: the country goes into the key."""
    words = name.key.split()
    country = country_of_word(words[0]) if len(words) > 1 else None
    base = " ".join(words[1:]) if country else name.key
    qualifier = None
    if country is None:
        before = text[max(0, name.start - 40):name.start]
        m = _QUALIFIER.search(before)
        if m:
            country = country_of_word(m.group(1))
            qualifier = m.group(1)
    if country is None:
        return
    m = _MINISTRY_OF.match(base)
    if m:
        base = f"{m.group(2)} {m.group(1)}"
    name.country = country
    if tables().organisations.get(base) == country:
        name.key = base  # "U.S. State Department" is the State Department
        return
    if qualifier is not None and not all(w in MODIFIERS or w in ORG_NOUNS or w in CONNECTORS
                                         for w in base.split()):
        return  # "China's National People's Congress": its own name, country as a vote
    if qualifier is not None:
        name.form = f"{qualifier} {name.form}"
    name.base = base
    name.key = f"{country.casefold()} {base}"


@dataclass(slots=True)
class Role:
    text: str
    start: int
    end: int
    country: str | None = None
    speaker: bool = False  # given by the quote extractor, not read off the words


@dataclass(slots=True)
class RoleScan:
    """Reads roles around names in one article; ``covered`` are the offsets where an
    organisation, place or nationality was recognised ("Pentagon", "U.S.")."""

    text: str
    covered: list[tuple[int, int]] = field(default_factory=list)

    def _covered(self, start: int) -> bool:
        i = bisect_right(self.covered, (start, 1 << 62)) - 1
        return i >= 0 and self.covered[i][0] <= start < self.covered[i][1]

    def _accepts(self, m: re.Match[str]) -> bool:
        w = bare(m.group()).rstrip(".")
        if w in DETERMINERS:
            return False
        return (w in HEADS or w in MODIFIERS or w in ORG_NOUNS or w in CONNECTORS
                or w in HONORIFICS or _names_country(m.group())
                or self._covered(m.start()))

    def around(self, start: int, end: int) -> list[Role]:
        """Roles of the person named at ``text[start:end]``: the title in front ("Russian
        President"), and an appositive before ("China's top diplomat, Wang Yi,") or after
        ("Volodymyr Zelensky, Ukraine's president,")."""
        roles: list[Role] = []
        front, stop = self._left(start)
        if front:
            roles.append(front)
        if stop is not None and _CLOSES.match(self.text, end):
            before, _ = self._left(stop, need_head_last=True)
            if before:
                roles.append(before)
        after = self._right(end)
        if after:
            roles.append(after)
        return roles

    def _left(self, pos: int, need_head_last: bool = False) -> tuple[Role | None, int | None]:
        """The role phrase ending at ``pos``, and where a comma stopped it (an appositive
        may stand before that comma)."""
        lo = max(0, pos - 160)
        taken: list[re.Match[str]] = []
        right = pos
        comma_at = None
        for m in reversed(list(_TOKEN.finditer(self.text, lo, pos))):
            gap = self.text[m.end():right]
            if gap.strip() or "\n" in gap:
                if gap.strip() == "," and "\n" not in gap:
                    comma_at = m.end()
                break
            if (m.start() == lo and lo > 0) or ends_sentence(m.group()) \
                    or not self._accepts(m):
                break  # a word cut by the window, the last of a sentence, or no title's
            taken.append(m)
            right = m.start()
        taken.reverse()
        return self._phrase(taken, need_head_last), comma_at

    def _right(self, end: int) -> Role | None:
        m = re.match(r",[ \t]+", self.text[end:end + 4])
        if not m:
            return None
        pos = end + m.end()
        taken: list[re.Match[str]] = []
        for n, tok in enumerate(_TOKEN.finditer(self.text, pos, min(len(self.text), pos + 160))):
            gap = self.text[pos:tok.start()]
            if gap.strip() or "\n" in gap:
                break
            if n == 0 and bare(tok.group()) in DETERMINERS:
                pos = tok.end()
                continue
            if not self._accepts(tok):
                return None
            taken.append(tok)
            pos = tok.end()
            if ends_sentence(tok.group()):
                pos -= 1  # the full stop closes the appositive
                break
        if not taken or not _ENDS_PHRASE.match(self.text, pos):
            return None
        return self._phrase(taken, False)

    def _phrase(self, taken: list[re.Match[str]], need_head_last: bool) -> Role | None:
        while taken and bare(taken[-1].group()).rstrip(".") in HONORIFICS | CONNECTORS:
            taken.pop()
        while taken and bare(taken[0].group()) in CONNECTORS:
            taken.pop(0)
        if not taken or not any(bare(m.group()).rstrip(".") in HEADS for m in taken):
            return None
        if need_head_last and bare(taken[-1].group()) not in HEADS:
            return None
        start, end = taken[0].start(), taken[-1].end() - ends_sentence(taken[-1].group())
        text = _BLANKS.sub(" ", self.text[start:end])
        return Role(text, start, end, phrase_country(text))


def phrase_country(text: str) -> str | None:
    """The first country a role's words name: "Russian President" -> Russia, "Pentagon
    spokesman" -> United States, "U.S. Secretary of State" -> United States."""
    words = [m.group() for m in _TOKEN.finditer(text)]
    for i, word in enumerate(words):
        pair = f"{bare(word)} {bare(words[i + 1])}" if i + 1 < len(words) else ""
        country = (country_of_word(word) if _names_country(word) else None) \
            or tables().organisations.get(pair)
        if country:
            return country
    return None


def persons_behind(keys: list[str], persons: set[str], texts: list[str],
                   ) -> list[tuple[str, str, bool]]:
    """``(key, person, prefixed)`` for each key that writes a person's name (two words at
    least) with common nouns before it (``prefixed``: the key is then no name of the person),
    or a person's last names alone; none when two persons fit.

    "comedian ellen degeneres" (a sentence's first words, "Comedian Ellen DeGeneres will
    ...") is "ellen degeneres" when one of the ``texts`` writes "comedian" in lower case;
    "boone isaacs" (typed an organisation) is "cheryl boone isaacs". A person's name is never
    read as another's last names: "ed stefanski" is no alias of "gm ed stefanski"."""
    common = lower_case_words(texts)
    # each person by the last two or more of its words, short of the whole name: looked up,
    # not compared with every key (a 400-article story has thousands of each)
    tails: dict[str, set[str]] = {}
    for p in persons:
        ws = p.split()
        for i in range(1, len(ws) - 1):
            tails.setdefault(" ".join(ws[i:]), set()).add(p)
    out = []
    for key in keys:
        words = key.split()
        found = {tail for i in range(1, len(words) - 1)
                 if (tail := " ".join(words[i:])) in persons
                 and all(w in common for w in words[:i])}
        if key not in persons:
            found |= tails.get(key, set())
        if len(found) == 1:
            person = found.pop()
            out.append((key, person, key.endswith(" " + person)))
    return out


def lower_case_words(texts: Iterable[str]) -> frozenset[str]:
    """The words the texts write in lower case somewhere: common words, whatever a sentence's
    first word capitalises."""
    return frozenset(w for t in texts for w in _LOWER_WORD.findall(t))


# a word written in lower case, not inside a URL, a file name or an abbreviation
_LOWER_WORD = re.compile(r"(?<![\w.'’/-])[a-z][a-z'’-]*\b")


# Two spellings of one word: at least this similar (difflib ratio), same first three letters,
# lengths one apart at most. "Zelensky"/"Zelenskyy" is 0.94; "Austria"/"Australia" differ
# by two letters, "Sergei"/"Sergey" (0.83) stay apart.
FUZZY_RATIO = 0.85
FUZZY_MIN_LEN = 5


def similar_names(a: str, b: str) -> bool:
    """Two keys that spell one name: word for word equal or close variants."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return False
    for x, y in zip(wa, wb, strict=True):
        if x == y:
            continue
        if min(len(x), len(y)) < FUZZY_MIN_LEN or abs(len(x) - len(y)) > 1 or x[:3] != y[:3]:
            return False
        if difflib.SequenceMatcher(None, x, y).ratio() < FUZZY_RATIO:
            return False
    return True


def widest_roles(roles: Iterable[str]) -> tuple[str, ...]:
    """The roles, most often written first, less those another says with more words
    ("President" beside "Russian President") or in another order ("ABC Entertainment Group
    president" after "president, ABC Entertainment Group")."""
    words = [(r, frozenset(_ROLE_WORD.findall(r.casefold()))) for r in roles]
    return tuple(r for i, (r, w) in enumerate(words)
                 if not any(w < v or w == v and j < i for j, (_, v) in enumerate(words) if j != i))


_ROLE_WORD = re.compile(r"[\w’']+")


_SUFFIXES = frozenset("jr sr ii iii iv".split())
_NAME_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def folded_words(text: str) -> list[str]:
    """The words of a text (a name, a mention, a quotation), folded: "Ross-Burke’s" is
    "ross", "burke's"."""
    return [w.lower().replace("’", "'") for w in _NAME_WORD.findall(text)]


def surname(name: str) -> str:
    """The last word of a person's name that is no generational suffix ("Dale Ross Jr." ->
    "ross")."""
    words = [w for w in folded_words(name) if w not in _SUFFIXES] or folded_words(name) or [""]
    return words[-1]


def _person_parts(key: str) -> tuple[str, str, tuple[str, ...], str] | None:
    """(first, last, middle words, suffix) of a person's key of two words or more: "anthony
    phillip lasalle" -> ("anthony", "lasalle", ("phillip",), ""); "h.w." is two initials."""
    words = key.split()
    suffix = ""
    if len(words) >= 3 and words[-1].strip(".,") in _SUFFIXES:
        suffix = words.pop().strip(".,")
    if len(words) < 2:
        return None
    middle = tuple(part for w in words[1:-1] for part in
                   (w.strip(".").split(".") if "." in w.strip(".") else [w.rstrip(".")]))
    return words[0], words[-1].rstrip(","), middle, suffix


def _middles_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two middle names that may be one person's: either absent, or word for word equal or
    an initial of the other ("j" / "james")."""
    if not a or not b:
        return True
    return len(a) == len(b) and all(x == y or (len(x) == 1 and y.startswith(x))
                                    or (len(y) == 1 and x.startswith(y))
                                    for x, y in zip(a, b, strict=True))


# A given name's familiar form and the formal one it stands for ("Ben Banky" / "Benjamin David
# Banky", "Sam Dalembert" / "Samuel Dalembert", "Lou Williams" / "Louis Williams" on ECB+ dev):
# only forms that stand for one formal name ("Chris", "Alex", "Pat", "Steve" or "Charlie" may
# be a man's or a woman's, or two names').
FORMAL_NAMES = {
    "ben": "benjamin", "sam": "samuel", "lou": "louis", "tony": "anthony", "bob": "robert",
    "rob": "robert", "bobby": "robert", "bill": "william", "billy": "william",
    "will": "william", "jim": "james", "jimmy": "james", "mike": "michael", "tom": "thomas",
    "tommy": "thomas", "dan": "daniel", "danny": "daniel", "dave": "david", "joe": "joseph",
    "matt": "matthew", "nick": "nicholas", "rick": "richard", "dick": "richard",
    "andy": "andrew", "greg": "gregory", "jeff": "jeffrey", "ken": "kenneth",
    "larry": "lawrence", "tim": "timothy", "fred": "frederick", "ed": "edward",
    "eddie": "edward", "liz": "elizabeth", "beth": "elizabeth", "jenny": "jennifer",
    "sue": "susan", "peggy": "margaret"}


def one_person_forms(persons: Iterable[str]) -> list[list[str]]:
    """Groups of person keys that write one person with and without a middle name or
    initial or a generational suffix ("Robert J. Pickell", "Robert Pickell"; "Anthony
    Phillip LaSalle", "Anthony LaSalle"; "Anthony LaCalamita III", "Anthony LaCalamita").
    The first names must be the same or one the familiar form of the other (``FORMAL_NAMES``:
    "Ben" / "Benjamin"), the last names the same, every two middles agree
    (:func:`_middles_agree`) and at most one suffix is written: a story that writes "George
    H. W. Bush" and "George W. Bush", or a "Jr." and a "Sr.", names two people, and its bare
    "George Bush" stays apart from both."""
    groups: dict[tuple[str, str], list[tuple[str, tuple[str, ...], str]]] = {}
    for key in sorted(persons):
        parts = _person_parts(key)
        if parts is not None:
            first = FORMAL_NAMES.get(parts[0], parts[0])
            groups.setdefault((first, parts[1]), []).append((key, parts[2], parts[3]))
    out = []
    for forms in groups.values():
        if len(forms) < 2 or len({s for _, _, s in forms if s}) > 1:
            continue
        middles = [m for _, m, _ in forms]
        if all(_middles_agree(x, y) for i, x in enumerate(middles) for y in middles[i + 1:]):
            out.append([k for k, _, _ in forms])
    return out


def countries_named(articles: list[Article]) -> dict[int, Counter[str]]:
    """How often each article names each country (a demonym, the country, its capital)."""
    out: dict[int, Counter[str]] = defaultdict(Counter)
    for ai, article in enumerate(articles):
        for span in article.spans_of(Label.ENTITY):
            if span.attrs.get("type") in ("NORP", "GPE"):
                country = country_of_word(article.span_text(span))
                if country:
                    out[ai][country] += 1
    return out


def body_of_country(near: set[int], country_of: dict[int, str],
                     named: Counter[str]) -> int | None:
    """Of several countries' bodies a bare one may stand for ("the navy": India's, the
    United States', Britain's), the one of the country its article names most, when one
    country leads: an Indian report's "the navy" is India's."""
    ranked = sorted(((named[c], root) for root in near
                     if (c := country_of.get(root)) and named[c]), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
        return None
    return ranked[0][1]
