"""Fact units: the statements a sentence makes, read from its dependency parse.

A news sentence packs several facts: "A 6.1-magnitude quake struck Aceh on Friday, killing
five people" states that a quake struck and that five people died; "The minister, who took
office in May, resigned" states a resignation and when the minister took office. Another
outlet may state only one of them, wrapped in details of its own. Compared as whole
sentences the two share too little to be one fact; compared fact by fact they share one.

A sentence is cut at the heads of the clauses that state a fact of their own: coordinated
verbs (``conj``), adverbial clauses (``advcl``: "after hosting in 2007"), relative clauses
(``relcl``), participial modifiers (``acl`` with a participle: "killing five people"),
loosely joined clauses (``parataxis``) and appositions ("MacFarlane, the creator of Family
Guy"). A clausal complement is not cut: in "the Kremlin said (that) Xi will visit" the
attribution stays with its fact, and "agreed to sign" is one act. Each token belongs to the
nearest cut above it; a unit too small to state anything (``MIN_CONTENT`` content words)
goes back to the unit above it. A unit without its own subject borrows the one it shares
("...struck Aceh and killed five": the quake killed), a relative clause or an apposition
the noun it describes: those words are parts of the unit, so a unit is one or a few spans
of the text and its citation stays exact.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from ..labels import Label
from ..model import Span
from ..spanattrs import make_span, statement_attrs
from .wordlists import MONTH_NAMES, WEEKDAY_NAMES

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

# The labels this step adds (annotate replaces them, and only them, on every run).
ADDS = frozenset({Label.FACT})

MIN_CONTENT = 3  # content words a unit needs ("killing five people": 3)
_CLAUSE_DEPS = frozenset({"conj", "advcl", "relcl", "parataxis"})
_VERBS = frozenset({"VERB", "AUX"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_NAME_PARTS = frozenset({"compound", "flat", "amod", "nummod", "det", "poss", "case"})
_REPORTING = frozenset("""say tell announce report add state confirm claim warn note write
insist declare stress reveal acknowledge argue explain continue tweet""".split())
# Prepositions that open an adjunct telling an event of its own: "after seeing his brother
# die", "despite a visit from the president". Not "of"/"with"/"for"/"from", whose phrase
# is often what the verb states ("accused of killing", "charged with murder"); nor "since",
# which scopes a count or a first ("met 39 times since becoming president": the span of the
# count, no event of its own; tried, it made such halves claims and timeline entries).
_ADJUNCT_PREPS = frozenset({"after", "before", "despite", "upon", "while"})
_CALENDAR = frozenset((*MONTH_NAMES, *WEEKDAY_NAMES))
MAX_BORROWED = 6  # tokens a borrowed subject may bring; a longer one brings its head only

Parts = list[tuple[int, int]]  # character ranges of one unit, in text order


def _cuts(t: Token) -> bool:
    """Whether ``t`` heads a unit of its own."""
    dep = t.dep_
    if dep in ("parataxis", "advcl") and t.lemma_.lower() in _REPORTING and not any(
            c.dep_ in ("dobj", "obj", "ccomp") for c in t.children):
        return False  # ", Reuters reported Monday": the attribution stays with its fact
    if dep in ("acl", "relcl") and _denied(t.head):
        return False  # "we've not seen any assistance transferring to Russia": no fact of its own
    if dep in _CLAUSE_DEPS:
        # "the second woman to fill that role": an infinitive describes, it states nothing
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
        return t.pos_ in _VERBS and not infinitive and (dep != "conj" or t.head.pos_ in _VERBS)
    if dep == "acl":
        return t.tag_ in ("VBG", "VBN")  # "killing five", "hosted by X"; not "a plan to go"
    if dep == "appos":
        # "on Oscar Sunday, March 2, 2014", "as of Tuesday, February 3, 2009": a date put
        # beside a day names the day again, it states nothing (ECB+ dev: five such dates
        # were claims and timeline entries of their own)
        return t.pos_ in ("NOUN", "PROPN") and len(list(t.subtree)) >= 3 \
            and t.lower_ not in _CALENDAR
    if dep == "prep":
        return t.lower_ in _ADJUNCT_PREPS and t.head.pos_ in _VERBS
    return False


def _denied(noun: Token) -> bool:
    """Whether a noun is said not to exist: "no" or "any" before it ("have not seen any
    weapons transferring", "there is no one who saw it"). What describes it then states
    nothing on its own, and cut from the negation it would read as a fact ("weapons
    transferring to Russia"). A negated verb alone does not deny its object: "police have not
    named the man who shot three people" still says that a man shot three people."""
    return any(c.dep_ == "det" and c.lower_ in ("no", "any") for c in noun.children)


def _content(tokens: list[Token]) -> int:
    # "May" (the month) and "US" are stop words to spaCy; names and figures are content
    return sum(1 for t in tokens if not (t.is_punct or t.is_space)
               and (not t.is_stop or t.like_num or t.pos_ == "PROPN"))


def _says(tokens: list[Token]) -> bool:
    """Whether the words state anything: a verb, a common noun, an adjective or a figure,
    not a name alone ("said police spokesman Marty Earley" leaves "Marty Earley")."""
    return any(t.pos_ in ("VERB", "NOUN", "ADJ", "NUM") for t in tokens)


def _borrowed(head: Token) -> list[Token]:
    """Words a unit headed by ``head`` needs from outside itself to say who did it."""
    dep = head.dep_
    if dep in ("relcl", "appos", "acl"):  # the noun described
        noun = head.head
        return [noun, *(c for c in noun.children if c.dep_ in _NAME_PARTS and c.i < noun.i)]
    # "after seeing his brother die": a prepositional adjunct has no subject of its own
    if dep == "prep" or (dep in ("conj", "advcl")
                         and not any(c.dep_ in _SUBJECTS for c in head.children)):
        parent = head.head
        subject = next((c for c in parent.children if c.dep_ in _SUBJECTS), None)
        for _ in range(3):  # "after spending two nights ... after seeing": up to "survived"
            if subject is not None or parent.dep_ not in ("pcomp", "prep", "advcl", "conj") \
                    or parent.head.i == parent.i:
                break
            parent = parent.head
            subject = next((c for c in parent.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            tree = list(subject.subtree)
            if len(tree) > MAX_BORROWED:
                tree = [subject, *(c for c in subject.children
                                   if c.dep_ in _NAME_PARTS and c.i < subject.i)]
            return tree
    return []


def sentence_units(sent: SpacySpan) -> list[tuple[list[Token], list[Token]]]:
    """The fact units of one parsed sentence as (own words, borrowed words), the main clause
    first."""
    root = sent.root
    heads = [t for t in sent if t.i != root.i and _cuts(t)]
    heads_at = {t.i for t in heads}
    owner: dict[int, int] = {}
    for t in sent:
        h = t
        while h.i not in heads_at and h.i != root.i and h.head.i != h.i:
            h = h.head
        owner[t.i] = h.i if h.i in heads_at else root.i
    members: dict[int, list[Token]] = {root.i: []}
    for h in heads:
        members[h.i] = []
    for t in sent:
        members[owner[t.i]].append(t)
    # Too small to state a fact: back into the unit above (deepest first, so a small unit
    # inside a small one lands in the first that can hold it).
    for h in sorted(heads, key=lambda t: -len(list(t.ancestors))):
        if _content(members[h.i]) < MIN_CONTENT or not _says(members[h.i]):
            up = h.head
            while up.i not in members and up.i != root.i and up.head.i != up.i:
                up = up.head
            target = up.i if up.i in members else root.i
            members[target].extend(members.pop(h.i))
            heads_at.discard(h.i)
    # A main clause left with too little of its own ("The visit comes", "X said") takes back
    # its largest cut: what it says is said with it.
    # So does a main clause that only says who said it ("U.S. officials have said for a month"
    # when the parser made what they said a clause of its own): attribution stays with its fact.
    if len(members) > 1 and root.lemma_.lower() in _REPORTING \
            and not any(c.dep_ in ("dobj", "obj") for c in root.children):
        largest = max((i for i in members if i != root.i), key=lambda i: len(members[i]))
        members[root.i].extend(members.pop(largest))
    while len(members) > 1 and _content(members[root.i]) < MIN_CONTENT:
        largest = max((i for i in members if i != root.i), key=lambda i: len(members[i]))
        members[root.i].extend(members.pop(largest))
    if len(members) < 2:
        return [(sorted(members[root.i], key=lambda t: t.i), [])]
    out = []
    for i, toks in sorted(members.items(), key=lambda kv: (kv[0] != root.i, kv[0])):
        own = {t.i for t in toks}
        extra = [] if i == root.i else [t for t in _borrowed(sent.doc[i]) if t.i not in own]
        out.append((sorted(toks, key=lambda t: t.i), sorted(extra, key=lambda t: t.i)))
    return out


_DOUBLE_MARKS = frozenset({'"', "“", "”", "''", "``", "„", "«", "»"})


def token_parts(tokens: list[Token], offset: int = 0) -> Parts:
    """Contiguous runs of ``tokens`` as character ranges (plus ``offset``), punctuation at
    their edges left out."""
    idx = sorted({t.i for t in tokens if not t.is_space})
    if not idx:
        return []
    doc = tokens[0].doc
    runs: list[list[int]] = [[idx[0]]]
    for i in idx[1:]:
        if i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    parts = []
    def dangling(i: int) -> bool:
        # punctuation and a dangling "and"/"but" at either edge belong to no unit, nor the
        # words of a conjunction ("as well" of "as well as", hung on its last "as")
        tok = doc[i]
        return tok.is_punct or tok.dep_ == "cc" or (tok.head.dep_ == "cc" and tok.i < tok.head.i)

    for whole in runs:
        run = whole
        while run and dangling(run[0]):
            run = run[1:]
        while run and dangling(run[-1]):
            run = run[:-1]
        if run and sum(doc[i].text in _DOUBLE_MARKS for i in run) % 2:
            # a quote mark left open inside: its partner at the edge stays with it
            # ('calling them "disinformation"', not 'calling them "disinformation'; '... do
            # that,”' with the comma the mark closes on), a closing one after the words, an
            # opening one before them
            end = run[-1] + 1
            if end in whole and doc[end].text in ",." and end + 1 in whole:
                end += 1
            if end in whole and doc[end].text in _DOUBLE_MARKS and doc[end].tag_ == "''":
                run = [*run, *range(run[-1] + 1, end + 1)]
            elif run[0] - 1 in whole and doc[run[0] - 1].text in _DOUBLE_MARKS \
                    and doc[run[0] - 1].tag_ == "``":
                run = [run[0] - 1, *run]
        if run:
            first, last = doc[run[0]], doc[run[-1]]
            parts.append((offset + first.idx, offset + last.idx + len(last)))
    return parts


Unit = tuple[Parts, Parts]  # (the unit's own words, the words it borrows), as ranges


def clause_units(doc: Doc, offset: int = 0) -> list[Unit]:
    """The fact units of every sentence of a parsed text, as character ranges into the text
    the doc was made from, starting at ``offset``."""
    out = []
    for sent in doc.sents:
        for own, borrowed in sentence_units(sent):
            parts = token_parts(own, offset)
            # A "sentence" the parser cut after a title ('said Troy police Lt. | Gerry
            # Scherlinck.') is a name alone: it states nothing (ECB+ dev: a 5-source "fact").
            if parts and _says(own):
                out.append((parts, token_parts(borrowed, offset)))
    return out


def fact_spans(text: str, statements: list[Span], units: list[Unit]) -> list[Span]:
    """The ``fact`` spans of one text: for each statement, the fact units it holds (their
    ranges cut to the statement), or the statement whole when it holds fewer than two. A
    statement of several sentences (a quotation the splitter cut apart, or one it kept
    whole but the parser cut) is one fact: its sentences are one speaker's words.

    A span runs from the unit's first own word to its last: what a citation shows. Its
    ``attrs``: ``parts`` ([start, end] of each range of its own words), ``context`` (of the
    words it borrows from the rest of the statement, the subject it shares or the noun it
    describes: what the comparison reads with it) and ``statement`` ([start, end] of the
    statement it belongs to)."""
    ordered = sorted(statements, key=lambda s: (s.start, s.end))
    starts = [s.start for s in ordered]
    held: dict[int, list[Unit]] = {}
    for parts, borrowed in units:
        size: dict[int, int] = {}
        for a, b in parts:
            k = bisect_right(starts, a) - 1
            while 0 <= k < len(ordered) and ordered[k].start < b:
                st = ordered[k]
                inter = min(b, st.end) - max(a, st.start)
                if inter > 0:
                    size[k] = size.get(k, 0) + inter
                k += 1
        if size:
            home = max(size, key=lambda k: (size[k], -k))
            held.setdefault(home, []).append((_cut(parts, ordered[home]),
                                              _cut(borrowed, ordered[home])))
    out = []
    for k, st in enumerate(ordered):
        found = [_cited_with_noun(text, u) for u in held.get(k, []) if u[0]]
        whole = (len(found) < 2 or statement_attrs(st)["sentence"][1] < st.end
                 or _quotes_sentences(text[st.start:st.end]))
        for parts, borrowed in [([(st.start, st.end)], [])] if whole else found:
            out.append(make_span(parts[0][0], parts[-1][1], Label.FACT,
                                 {"parts": [[a, b] for a, b in parts],
                                  "context": [[a, b] for a, b in borrowed],
                                  "statement": [st.start, st.end]}))
    return out


def _cited_with_noun(text: str, unit: Unit) -> Unit:
    """A unit whose borrowed words come right before its own (only a comma or a space
    between: "TallGrass Distribution Ltd., a natural health product supplier") is cited with
    them: an apposition or a relative clause reads on its own only with its noun."""
    parts, borrowed = unit
    if borrowed and not text[borrowed[-1][1]:parts[0][0]].strip(" ,"):
        return sorted(borrowed + parts), []
    return unit


_SENTENCE_END = re.compile(r"[.!?]\s+(?=\S)")


def _quotes_sentences(said: str) -> bool:
    """Whether a quotation in ``said`` holds a sentence end ('said, "That is not unusual.
    China and Russia share a trade relationship."')."""
    return any(said[:m.start()].count("\u201c") > said[:m.start()].count("\u201d")
               or said[:m.start()].count('"') % 2 == 1 for m in _SENTENCE_END.finditer(said))


def _cut(parts: Parts, st: Span) -> Parts:
    return [(max(a, st.start), min(b, st.end)) for a, b in parts
            if min(b, st.end) > max(a, st.start)]
