"""Who said it: the words naming a quote's speaker, and the name they resolve to.

:mod:`quotes` finds the reporting word (the cue) of a quote; this module turns the cue's
subject (or the object of "according to") into a ``speaker`` span and resolves it within the
article: titles and roles come off a person's name ("Pentagon spokesman Brig. Gen. Patrick
Ryder" is Patrick Ryder, role "Pentagon spokesman"), "he" goes on with the person of its
gender the text is about where it stands (the subject of the nearest sentence naming one),
else to the last person quoted or named before it, "the spokesman" to the last person given
that role, "the statement" to whoever was last said to make a statement. Everything is
resolved within one article only.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...model import Span
from ...spanattrs import SpeakerAttrs, entity_attrs
from .cues import is_age
from .marks import Disjoint
from .speaker_words import (
    EDGE,
    HONORIFIC,
    ORG_NOUNS,
    PERSON_NOUNS,
    PLACES,
    appos_role,
    described_people,
    role_text,
    speaker_tokens,
    strip_det,
    titled_name,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

LOOK_BACK = 200  # mentions searched back for an antecedent: pronouns reach a few paragraphs
# Paragraphs before a pronoun's own searched for the subject it continues (``_centre``).
CENTRE_BACK = 3
_SUBJECT = frozenset({"main", "subject"})
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+(?=[A-Z\"“‘'])|\n")
_OWNER = re.compile(r"['’]s?\b")  # "Ben's wedding": Ben is not what the sentence is about
_POSSESSOR = re.compile(_OWNER.pattern + r"|\s+(?:and|or)\s")  # also "Trump and Pence"
# What may stand between a sentence's start and its subject: nothing, or capitalised words
# and commas (titles, "On Thursday,", "In Des Moines,"), and nothing else up to the name.
_SENTENCE_LEAD = re.compile(r"(?:^|(?<=[.!?])[\"”’']?\s+|\n\s*)(?:[A-Z][\w.’'-]*,?\s+)*$")

_NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it"})
_GENDERED = frozenset({"he", "she"})
# What the text says of a person's gender: a title or a noun written with the name ("Mrs.
# Lopez", "her son, David", "Amy Rule, his wife", "X, a 34-year-old woman"). A "she" is never
# given to a man the text calls one, nor a "he" to a woman. No guess from first names: the US
# Census lists make Yuri, Jean and Andrea women (tried: bench/README.md, "Whom a quoting
# pronoun stands for").
_FEMALE = frozenset("""
mrs ms miss madam dame lady woman girl mother mom wife daughter sister grandmother aunt niece
widow actress chairwoman congresswoman businesswoman spokeswoman policewoman councilwoman
queen princess girlfriend fiancee
""".split())
_MALE = frozenset("""
mr sir man boy father dad husband son brother grandfather uncle nephew widower congressman
businessman spokesman policeman councilman king prince boyfriend fiance
""".split())
_WORD = re.compile(r"[A-Za-z]+")
# Words a role written before a name never runs past ("... met Governor Tom Hale").
_ROLE_STOPS = frozenset("""
the a an and or but said says told by met meets with after before when while at on in as to
from for against than that who which
""".split())
_APPOSED = re.compile(r"\s*,\s*(?:(?:his|her|their|a|an|the)\s+)?((?:[\w-]+\s+){0,3}[\w-]+)")
_POSSESSIVE = re.compile(r"[’']s?$")


@dataclass(slots=True)
class Mention:
    """An earlier place a person or organisation is named (candidate antecedent)."""

    start: int
    end: int
    name: str
    type: str
    role: str | None = None
    spoke: bool = False  # a speaker, not merely named
    unnamed: bool = False  # named by a role only ("the victim"): no name to lend a role


# Words that make a name someone else's than the speaker's: "the family of John Doe", "the
# mother of victim John Doe", "an attorney for Jamal Williams", "Doe's lawyer".
_OF_SOMEONE = re.compile(r"\b(?:for|of|to|with|by|from|about|on|at|against)\b|['’]s?(?!\w)",
                         re.I)


# What may follow the name at the end of a speaker's words: nothing, or a credential ("Sister
# Carol Keehan, DC", "Jorge Alsip, MD")
_CREDENTIAL_TAIL = re.compile(r"(?:,\s*[A-Z][A-Za-z.]{0,5})?")


@dataclass(slots=True)
class SpeakerResolver:
    """Resolves speakers in text order for one article (earlier speakers feed later ones).

    Every lookup is a bisection or a bounded look back (``LOOK_BACK`` mentions): an article
    of a megabyte has tens of thousands of entities and thousands of speakers.
    """

    text: str
    entities: list[Span]
    excluded: list[tuple[int, int]] = field(default_factory=list)  # quoted, in marks
    # Where the parse puts a mention [start, end): "main" (subject of its sentence's main
    # clause), "subject" (of another clause), "other", or
    # None where the text was not parsed. A pronoun's antecedent is the subject of the
    # sentence that names the person, when the parse says so ("Governor Tom Hale met Maria
    # Lopez. '...,' he said": Hale, though Lopez is named last).
    grammar: Callable[[int, int], tuple[str, int] | None] | None = None
    mentions: list[Mention] = field(default_factory=list)
    statement_owner: Mention | None = None
    _starts: list[int] = field(default_factory=list)
    _ent_starts: list[int] = field(default_factory=list)
    _longest: int = 0
    _names: dict[str, str] = field(default_factory=dict)  # a name's word -> full name
    _known: set[str] = field(default_factory=set)  # last words of the PERSON names
    _quoted: Disjoint = field(default_factory=Disjoint)
    _genders: dict[str, str] = field(default_factory=dict)  # a name -> what pronouns said
    _written_genders: dict[str, str | None] = field(default_factory=dict)  # what words say
    _by_name: dict[str, list[Mention]] | None = None

    def __post_init__(self) -> None:
        self.entities = sorted(self.entities, key=lambda e: (e.start, e.end))
        self._ent_starts = [e.start for e in self.entities]
        self._longest = max((e.end - e.start for e in self.entities), default=0)
        self._quoted = Disjoint(self.excluded)
        persons = []
        firsts: dict[str, set[str]] = {}
        for ent in self.entities:
            if entity_attrs(ent).get("type") != "PERSON":
                continue
            name = clean_name(self.text[ent.start:ent.end])
            words = name.split()
            if name and len(words) <= 4:
                last = words[-1].lower()
                self._known.add(last)
                if len(words) > 1:
                    if len(name) > len(self._names.get(last, "")):
                        self._names[last] = name
                    firsts.setdefault(words[0].lower(), set()).add(name)
                persons.append((ent, name))
        # Chinese names put the surname first ("Xi" is Xi Jinping): a first word names the
        # person only if one full name starts with it and none ends with it.
        for first, names in firsts.items():
            if len(names) == 1 and first not in self._names:
                self._names[first] = names.pop()
        for ent, name in persons:
            self._add(Mention(ent.start, ent.end, self.full_name(name, ent.start), "PERSON",
                              self._role_before(ent.start)))
        self._add_bare_surnames()

    def _add_bare_surnames(self) -> None:
        """Mentions of a person's surname that NER did not tag ("Rubio is returning to his
        themes", a paragraph's first word): the subject a later "he" continues. Only the
        surnames of the article's full PERSON names, capitalised, outside every entity."""
        surnames = sorted({name.split()[-1] for name in self._names.values()
                           if len(name.split()) > 1 and name.split()[-1][:1].isupper()
                           and len(name.split()[-1]) > 2}, key=len, reverse=True)
        if not surnames:
            return
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, surnames)) + r")\b")
        for match in pattern.finditer(self.text):
            if self.entities_in(match.start(), match.end()):
                continue
            name = self.full_name(match.group(), match.start())
            self._add(Mention(match.start(), match.end(), name, "PERSON"))

    def _role_before(self, start: int) -> str | None:
        """The role words written just before a name ("Kremlin spokesman Dmitry Peskov")."""
        lo = max(0, start - 80)
        found = list(re.finditer(r"[\w.’'-]+", self.text[lo:start]))[-5:]
        taken: list[str] = []
        for match in reversed(found):
            word = match.group()
            if HONORIFIC.match(word):
                continue
            if word[:1].islower() and word.lower() not in PERSON_NOUNS and not taken:
                break
            if word.lower() in _ROLE_STOPS or (word[:1].islower() and word.endswith("ed")):
                break  # "Lopez met Governor Hale", "arrested Doe after Officer Smith"
            if any(entity_attrs(e).get("type") == "PERSON"
                   for e in self.entities_in(lo + match.start(), lo + match.start() + 1)):
                break  # another person's name is no part of this one's role
            taken.append(word)
        role = " ".join(reversed(taken))
        return role if any(w.lower() in PERSON_NOUNS for w in taken) else None

    def full_name(self, name: str, at: int | None = None) -> str:
        """The fullest PERSON name of this article that ends like ``name`` ("Ryder" ->
        "Patrick Ryder"). With ``at``, a bare surname is the full name written nearest
        before it ("Bush" after "Jeb Bush" is Jeb, though the article names George H.W. Bush
        too), else the fullest."""
        words = name.split()
        if at is not None and len(words) == 1:
            last = words[0].lower()
            for m in self._before(at):
                if m.type == "PERSON" and not m.unnamed and " " in m.name \
                        and m.name.split()[-1].lower() == last:
                    return m.name
        best = self._names.get(words[-1].lower(), name)
        if len(words) > 1 and words[0].lower() not in best.lower().split():
            return name  # "Jeb Bush" is not the article's "George H.W. Bush"
        return best if len(best) > len(name) else name

    def entities_in(self, start: int, end: int) -> list[Span]:
        """The entities overlapping ``[start, end)``, in text order."""
        k = bisect_left(self._ent_starts, end) - 1
        found = []
        while k >= 0 and self._ent_starts[k] > start - self._longest:
            if self.entities[k].end > start:
                found.append(self.entities[k])
            k -= 1
        return found[::-1]

    def is_time(self, pos: int) -> bool:
        """Whether ``pos`` is inside a DATE or TIME entity."""
        return any(entity_attrs(e).get("type") in ("DATE", "TIME")
                   for e in self.entities_in(pos, pos + 1))

    def _before(self, before: int) -> list[Mention]:
        """The mentions that start before ``before``, nearest first, at most LOOK_BACK."""
        idx = bisect_left(self._starts, before)
        return self.mentions[max(0, idx - LOOK_BACK):idx][::-1]

    def _latest(self, before: int, want: str | None = None,
                role_words: list[str] | None = None) -> Mention | None:
        for m in self._before(before):
            if m.end > before or self._quoted.covers(m.start):
                continue
            if want and m.type != want:
                continue
            if role_words and (m.unnamed or not (m.role and set(role_words) <= _words(m.role))):
                continue
            return m
        return None

    def _antecedent(self, before: int, pronoun: str) -> Mention | None:
        """Whom "he" or "she" is: the last person quoted, if within two paragraphs (news
        goes on "..., he added." after a quote), else the last person named; in both, only
        a person the text does not give the other gender."""
        want = "female" if pronoun == "she" else "male"

        def agrees(m: Mention) -> bool:
            found = self._gender(m)
            return found is None or found == want

        centre = self._centre(before, agrees)
        if centre is not None:
            return centre
        named = next((m for m in self._before(before) if m.type == "PERSON"
                      and m.end <= before and not self._quoted.covers(m.start)
                      and agrees(m)), None)
        spoke = next((m for m in self._before(before) if m.spoke
                      and m.type == "PERSON" and m.end <= before and agrees(m)), None)
        if spoke is not None and self.text.count("\n", spoke.end, before) <= 4:
            return spoke
        return self._subject_instead(named, before, agrees)

    def _centre(self, before: int, agrees: Callable[[Mention], bool]) -> Mention | None:
        """The person the text is about where the pronoun stands (centring): the nearest
        agreeing person before it who is the subject of a sentence's main clause ("Jackson
        issued a statement. '...,' he said": Jackson, though another man was quoted two
        sentences earlier; "Rubio is returning to his themes. He says ...": Rubio, not the
        Bush named since). None when no such subject is found within ``CENTRE_BACK``
        paragraphs: the last speaker, or the last person named, then."""
        limit = before
        for _ in range(CENTRE_BACK + 1):  # the pronoun's own paragraph, then CENTRE_BACK
            limit = self.text.rfind("\n", 0, limit)
            while limit > 0 and self.text[limit - 1] in "\n \t":  # a blank line is one
                limit -= 1
            if limit <= 0:
                break
        sentence: int | None = None  # where the nearest sentence naming such a person starts
        for m in self._before(before):
            if m.end <= limit:
                break
            if m.type != "PERSON" or m.end > before or self._quoted.covers(m.start) \
                    or not agrees(m) or _OWNER.match(self.text, m.end):
                continue
            at = self._sentence_start(m.start)
            if sentence is not None and at != sentence:
                break
            sentence = at
            if self._main_subject(m):
                return m
        return None

    def _sentence_start(self, pos: int) -> int:
        found = self.grammar(pos, pos + 1) if self.grammar is not None else None
        if found is not None:
            return found[1]
        ends = [m.end() for m in _SENTENCE_END.finditer(self.text, max(0, pos - 400), pos)]
        return ends[-1] if ends else max(0, pos - 400)

    def _main_subject(self, m: Mention) -> bool:
        """Whether the mention is the subject of its sentence's main clause: so the parse
        says, or, where its paragraph was not parsed (no quote in it), it opens its sentence
        (after titles, a date or a place: "On Thursday, Sanders ...") and is no one's
        possessor ("Trump's campaign")."""
        found = self.grammar(m.start, m.end) if self.grammar is not None else None
        if found is not None:
            return found[0] == "main"
        if _POSSESSOR.match(self.text, m.end):
            return False
        lead = _SENTENCE_LEAD.search(self.text, max(0, m.start - 80), m.start)
        return lead is not None

    def _subject_instead(self, named: Mention | None, before: int,
                         agrees: Callable[[Mention], bool]) -> Mention | None:
        """The subject of the sentence ``named`` is in, when the parse makes another agreeing
        person of that sentence its subject and not ``named`` (centring: a pronoun goes on
        with the sentence's subject rather than its last-named object)."""
        if named is None or self.grammar is None:
            return named
        found = self.grammar(named.start, named.end)
        if found is None or found[0] in _SUBJECT:
            return named
        sentence_start = found[1]
        for m in reversed(self._before(named.start)):
            if (m.start >= sentence_start and m.type == "PERSON" and m.end <= before
                    and not self._quoted.covers(m.start) and agrees(m)):
                role = self.grammar(m.start, m.end)
                if role is not None and role[0] in _SUBJECT:
                    return m
        return named

    def _gender(self, m: Mention) -> str | None:
        """"female", "male" or None (unknown), from the words written with the mention and
        with every other mention of the same person: a title or a noun just before one, an
        apposition after one ("Dr. Benjamin, an African-American woman"), their roles, and
        the pronouns already resolved to the name."""
        if m.name in self._genders:
            return self._genders[m.name]
        if m.unnamed:
            return _gender_of(self._words_with(m))
        if m.name not in self._written_genders:
            words: set[str] = set()
            for other in self._named_mentions().get(m.name, [m]):
                words |= self._words_with(other)
            self._written_genders[m.name] = _gender_of(words)
        return self._written_genders[m.name]

    def _words_with(self, m: Mention) -> set[str]:
        lead = self.text[max(0, m.start - 30):m.start]
        # not across a closing quote mark: '"He was a caring man," said Nancy Hale' says
        # nothing of Nancy Hale
        lead = lead[max(lead.rfind(c) for c in "\"”’'") + 1:]
        before = _WORD.findall(lead)[-2:]
        after = _APPOSED.match(self.text, m.end, min(len(self.text), m.end + 60))
        words = {w.lower() for w in before}
        if after:
            words |= {w.lower() for w in _WORD.findall(after.group(1))}
        if m.role:
            words |= {w.lower() for w in _WORD.findall(m.role)}
        return words

    def _named_mentions(self) -> dict[str, list[Mention]]:
        """The mentions of each name (built once, from the entities: speakers found later
        only repeat them)."""
        if self._by_name is None:
            self._by_name = {}
            for x in self.mentions:
                if not x.unnamed:
                    self._by_name.setdefault(x.name, []).append(x)
        return self._by_name

    def resolve(self, tokens: list[Token], head: Token, cue: Token | None,
                offset: int) -> SpeakerAttrs:
        """attrs of the SPEAKER span made of ``tokens`` (``head`` is its head word), their
        doc starting at ``offset`` in the article."""
        start, end = offset + tokens[0].idx, offset + tokens[-1].idx + len(tokens[-1].text)
        head_at = offset + head.idx
        written = self.text[start:end]
        ents = [e for e in self.entities_in(start, end)
                if entity_attrs(e).get("type") not in _NOT_NAMES]
        head_lower = head.text.lower()
        age = is_age(head)  # "the 43-year-old": a person called by age
        person = self._person(head, head_at, ents, start, end)
        attrs: SpeakerAttrs
        if person is not None:
            at, until, name = person
            # words before the name are a role when they hold a noun: not "a tearful"
            role = role_text(self.text[start:at]) if start < at and any(
                t.pos_ in ("NOUN", "PROPN") for t in tokens if offset + t.idx < at) else None
            role = role or appos_role(head)
            attrs = {"name": name, "type": "PERSON", "via": "name"}
            if role:
                attrs["role"] = role
            self._add(Mention(at, until, name, "PERSON", role, True))
        elif head_lower in ("who", "that") and len(tokens) == 1 \
                and head.head.dep_ == "relcl" and head.head.head.i != head.head.i:
            # "Sanders, who said ...": the relative pronoun stands for the noun its clause
            # hangs on, named as that noun would be (its "via" too: "one man, who said" is
            # linked as the role it is, "Sanders, who said" through the antecedent's entity)
            noun = head.head.head
            words = speaker_tokens(noun)
            attrs = {**self.resolve(words, noun, None, offset),
                     "antecedent": [offset + words[0].idx,
                                    offset + words[-1].idx + len(words[-1].text)]}
        elif head_lower in PRONOUNS and len(tokens) == 1:
            attrs = {"name": written, "type": "PERSON", "via": "pronoun"}
            if head_lower in _GENDERED:
                m = self._antecedent(start, head_lower)
                if m is not None:
                    attrs.update({"name": m.name, "antecedent": [m.start, m.end]})
                    # later pronouns agree with this one ("she" now names a woman)
                    self._genders.setdefault(m.name, "female" if head_lower == "she"
                                             else "male")
                    if m.role:
                        attrs["role"] = m.role
            elif head_lower in ("it", "they"):
                attrs["type"] = "ORG" if head_lower == "it" else "PERSON"
        elif head_lower in ORG_NOUNS and not _named_in(head_at, ents):
            attrs = self._organisation(tokens, head, ents, start, written)
        elif (head_lower in PERSON_NOUNS and not _named_in(head_at, ents)) or age:
            attrs = {"name": strip_det(written), "type": "PERSON", "via": "role"}
            if age:
                # "the 43-year-old": the last person named (the age is no role to match)
                m = self._latest(start, want="PERSON")
                if m is not None:
                    attrs.update({"name": m.name, "antecedent": [m.start, m.end]})
            elif _definite(tokens) and len(tokens) <= 3:
                m = self._latest(start, want="PERSON", role_words=[
                    t.lower_ for t in tokens if not t.is_stop and not t.is_punct])
                if m is not None:
                    attrs.update({"name": m.name, "antecedent": [m.start, m.end],
                                  "role": m.role})
            else:
                attrs["role"] = strip_det(written)
        elif described_people(tokens, head, head_at, ents):
            attrs = {"name": strip_det(written), "type": "PERSON", "via": "role",
                     "role": strip_det(written)}
        else:
            ent = next((e for e in ents if e.start <= head_at < e.end), ents[-1] if ents
                       else None)
            # "The Hollywood Reporter wrote", "Scotland Yard said": a name whose head NER left
            # out of the place it tagged is a body's, not the place's
            body = ent is not None and ent.end <= head_at and head.pos_ == "PROPN" \
                and entity_attrs(ent).get("type") in PLACES
            ent = None if body else ent
            etype = entity_attrs(ent).get("type", "ORG") if ent is not None else \
                "ORG" if body else "OTHER"
            name = strip_det(self.text[ent.start:ent.end]) if ent is not None else \
                strip_det(written)
            attrs = {"name": _POSSESSIVE.sub("", name).strip(EDGE) or name,
                     "type": "ORG" if etype in ("FAC", "PRODUCT", "WORK_OF_ART") else etype,
                     "via": "name"}
            self._add(Mention(start, end, attrs["name"], attrs["type"], spoke=True))
        if cue is not None and _mentions_statement(cue):  # "the statement" is theirs now
            self.statement_owner = Mention(start, end, attrs["name"], attrs["type"])
        return attrs

    def add_unnamed(self, start: int, end: int, written: str) -> None:
        """A person the text calls by a role where it is a clause's subject ("The victim, a
        34-year-old nurse, was walking home"): a pronoun may go on with them. A name in
        apposition ("The driver, John Doe,") is a later mention, and the nearer one."""
        if not self._quoted.covers(start):
            role = strip_det(written)
            self._add(Mention(start, end, role, "PERSON", role, unnamed=True))

    def _add(self, mention: Mention) -> None:
        k = bisect_right(self._starts, mention.start)
        self._starts.insert(k, mention.start)
        self.mentions.insert(k, mention)

    def _person(self, head: Token, head_at: int, ents: list[Span], start: int,
                end: int) -> tuple[int, int, str] | None:
        """(start, end, full name) of the person the speaker words name: the PERSON entity
        holding the head word (or its apposition: "China's foreign minister, Qin Gang"), the
        one that ends the speaker words after a title the parse made the head ("76ers
        President and General Manager Billy King"), or a bare surname of a person named
        earlier ("Ryder")."""
        offset = head_at - head.idx
        spots = [head_at] + [offset + c.idx for c in head.children if c.dep_ == "appos"]
        if HONORIFIC.match(head.text) and head.i + 2 < len(head.doc):
            # "Police Sgt. | Marty Earley": the name the parse cut off the title comes first
            # (NER may take "Police Sgt" for a person of its own)
            spots.insert(0, offset + head.doc[head.i + 2].idx)
        for at in spots:
            for e in self.entities_in(at, at + 1):
                if entity_attrs(e).get("type") == "PERSON" and (found := self._named(e)):
                    return found
        last = next((e for e in reversed(ents) if entity_attrs(e).get("type") == "PERSON"),
                    None)
        if last is not None and _CREDENTIAL_TAIL.fullmatch(self.text, last.end, end) \
                and not _OF_SOMEONE.search(self.text, start, last.start) \
                and (found := self._named(last)):
            return found
        if not ents and (found := titled_name(self.text[start:end], start, PERSON_NOUNS)):
            # "Police Constable Tim Fanning said", which NER left untagged: a person named,
            # whom a later "Fanning" names too
            surname = found[2].split()[-1]
            self._names.setdefault(surname.lower(), found[2])
            self._known.add(surname.lower())
            return found
        # A bare surname of a person named in this article ("Ryder" said; a transcript's
        # "FALLIN:", which the tagger reads as anything, a number even; "said Brantly",
        # read as an adverb).
        if head.text[:1].isupper() and (head.pos_ in ("PROPN", "NOUN", "ADV")
                                        or head.is_upper) \
                and (head.text.lower() in self._names or head.text.lower() in self._known):
            return head_at, head_at + len(head.text), self.full_name(head.text, head_at)
        return None

    def _named(self, entity: Span) -> tuple[int, int, str] | None:
        """(start, end, full name) of the name a PERSON entity holds, titles left out."""
        raw = self.text[entity.start:entity.end]
        name = clean_name(raw)
        if not name:
            return None
        words = name.split()
        return (entity.start + raw.find(words[0]),
                entity.start + raw.rfind(words[-1]) + len(words[-1]),
                self.full_name(name, entity.start))

    def _organisation(self, tokens: list[Token], head: Token, ents: list[Span], start: int,
                      written: str) -> SpeakerAttrs:
        """An office or document: "China's foreign ministry", "the statement", "a statement
        from the Chinese foreign ministry"."""
        attrs: SpeakerAttrs = {"name": strip_det(written), "type": "ORG",
                               "via": "organisation"}
        owners = [e for e in ents
                  if entity_attrs(e).get("type") in ("ORG", "GPE", "NORP", "PERSON")]
        owner = re.search(r"\b(?:from|by|of)\s+(.+)$|^(.+?)[’']s\b", written)
        if head.text.lower() == "statement":
            if owner:
                attrs["name"] = strip_det(owner.group(1) or owner.group(2))
            elif owners:
                ent = owners[-1]
                attrs.update({"name": strip_det(self.text[ent.start:ent.end]),
                              "type": entity_attrs(ent)["type"]})
            elif self.statement_owner is not None and _definite(tokens):
                held = self.statement_owner
                attrs.update({"name": held.name, "type": held.type,
                              "antecedent": [held.start, held.end]})
            return attrs
        if _definite(tokens) and len(tokens) <= 2:
            m = self._latest(start, role_words=[head.text.lower()])
            if m is not None and m.type == "PERSON":
                m = None  # "the navy" is not "navy spokesman Commander Nirad Sinha"
            if m is None:
                m = next((x for x in self._before(start) if x.type == "ORG"
                          and head.text.lower() in x.name.lower()), None)
            if m is not None:
                attrs.update({"name": m.name, "antecedent": [m.start, m.end]})
        return attrs


def _gender_of(words: set[str]) -> str | None:
    female, male = bool(words & _FEMALE), bool(words & _MALE)
    return "female" if female and not male else "male" if male and not female else None


def clean_name(name: str) -> str:
    """A person's name without honorifics, possessive, edge punctuation or the lower-case
    role words NER sometimes takes in ("spokesperson Hua Chunying")."""
    words = [w for w in name.strip(EDGE).split() if not HONORIFIC.match(w)]
    while words and not words[0][:1].isupper():
        words = words[1:]
    cleaned = _POSSESSIVE.sub("", " ".join(words)).strip(EDGE)
    return cleaned if any(c.isalpha() for c in cleaned) else ""


def _named_in(at: int, ents: list[Span]) -> bool:
    return any(e.start <= at < e.end for e in ents)


def _words(text: str) -> set[str]:
    return set(text.lower().split())


def _definite(tokens: list[Token]) -> bool:
    return tokens[0].lower_ in ("the", "this", "that")


def _mentions_statement(cue: Token) -> bool:
    """ "said in a statement", "announced in a Friday statement"."""
    for child in cue.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "via", "through") \
                and any(t.lower_ == "statement" for t in child.subtree):
            return True
    return False
