"""The summary: claims picked by corroboration, centrality and position, never two that say
the same thing, ordered as the story is told (the event first, then context)."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from ..labels import Label
from ..model import Article, Claim
from ..nlp.quotes.speakers import PRONOUNS
from .align.grouping import PairJudge
from .align.units import Unit

# Weights of the selection score, grid-searched on Multi-News validation clusters 1000-1199
# (outside the benchmark's first 1,000): a lead-position prior (weights 0.4-1.6) lowered
# ROUGE there, so position only orders the picked sentences. A change must report
# bench/summary_rouge.py before and after.
W_CORROBORATION = 1.0
W_CENTRALITY = 1.0
# The cosine above which a candidate repeats a sentence already picked. Measured on the same
# clusters (tools/sweep_rouge.py --constant REDUNDANT): R-1/R-2/R-L 44.31/15.32/20.08 at 0.6,
# 44.79/15.85/20.42 at 0.7, 44.90/16.10/20.55 at 0.75, 44.92/16.09/20.51 at 0.8, 44.86/16.07/
# 20.51 at 0.9 and never. Flat from 0.75 up: kept at 0.8. A lower cut drops sentences that
# only look alike, and ROUGE with them.
REDUNDANT = 0.8
# The same-fact probability above which two printed sentences tell one fact (repeat_check).
# Chosen on the ECB+ dev gold of shared facts (16 events, 6-sentence summaries): summary
# sentence pairs that state one gold fact, and gold facts the summaries state, for the check
# off / at 0.6 / 0.55 / 0.5 / 0.45 / 0.4: 35 / 26 / 18 / 20 / 13 / 12 of 240 pairs (fewer
# at the lowest cuts: small stories run out of sentences), 210 / 223 / 217 / 220 / 219 /
# 209 facts. The fewest repeats that keep the facts of no check: 0.45. Multi-News ROUGE in
# bench/README-summary.md. Only the printed statements' units, not the claims': at 0.5, 24
# repeated pairs, 220 facts.
SUMMARY_REPEAT = 0.45


def select(claims: list[Claim], vectors: np.ndarray, n_sources: int, *,
           sentences: int | None = 6, words: int | None = None,
           states: list[set[int]] | None = None,
           texts: list[str] | None = None,
           repeats: Callable[[int, int], bool] | None = None,
           own: list[bool] | None = None) -> list[int]:
    """Indices of the claims to print, in reading order. Stops at ``sentences`` sentences or
    once ``words`` words are reached, whichever comes first.

    ``states[i]``: the claims whose facts the sentence printed for claim ``i`` states (a
    sentence packs several facts): a claim a picked sentence already states is not picked
    again. ``texts[i]``: what is printed for claim ``i`` (its words count), by default its
    text. ``repeats(i, j)``: whether the sentences printed for claims ``i`` and ``j`` state
    one fact though the grouping kept them in two claims (:func:`repeat_check`).
    ``own[i]``: whether that sentence is its writer's own voice, quoting and reporting no
    one (:func:`unattributed`): such sentences are picked last, when nothing else is left
    to say."""
    texts = texts or [c.text for c in claims]
    states = states or [{i} for i in range(len(claims))]
    if not claims:
        return []
    corr = np.array([(c.corroboration - 1) / max(n_sources - 1, 1) for c in claims])
    cent = np.array([c.centrality for c in claims])
    score = W_CORROBORATION * corr + W_CENTRALITY * cent
    last = np.array(own if own is not None else [False] * len(claims), dtype=bool)
    picked: list[int] = []
    stated: set[int] = set()
    total = 0
    for i in np.lexsort((-score, last)):  # by score, the writers' own voices last
        if int(i) in stated or states[i] & set(picked):
            continue  # its fact is told already, or its sentence tells a told main fact
        if picked and float((vectors[picked] @ vectors[i]).max()) >= REDUNDANT:
            continue
        if repeats is not None and any(repeats(p, int(i)) for p in picked):
            continue
        picked.append(int(i))
        stated |= states[i]
        total += len(texts[i].split())
        if sentences is not None and len(picked) >= sentences:
            break
        if words is not None and total >= words:
            break
    return sorted(picked, key=lambda i: (claims[i].position, -claims[i].corroboration))


# A statement that opens on a pronoun does not read on its own in a summary.
_PRONOUN_FIRST = re.compile(r"[\"“‘']?(?:he|she|they|it|his|her|their|its)\b", re.IGNORECASE)


Statement = tuple[str, int, int]  # (article id, start, end) of a statement


def printed_statements(articles: list[Article], units: list[Unit],
                       claims: list[Claim]) -> list[Statement]:
    """The statement printed for each claim: its representative's, unless that opens on a
    pronoun another outlet's statement of the fact names ("He said they come as a reminder
    ..." against "Inspector Dave Gaskin said they come as a reminder ...": ECB+ dev), gives
    first-person words with no name on them (:func:`voiced`), opens on a conjunction, or
    closes a quotation it does not open, where another outlet's statement does not. The
    summary prints whole statements, never a fact cut out of one."""
    text_of = {a.id: a.text for a in articles}
    by_id = {a.id: a for a in articles}
    statement_at = {(articles[u.article].id, u.start, u.end): u.statement for u in units}
    out = []
    for c in claims:
        options = [(p.article, *statement_at[(p.article, p.start, p.end)])
                   for p in (c.representative, *c.passages)]
        readable = [o for o in options
                    if not _PRONOUN_FIRST.match(text_of[o[0]], o[1], o[2])]
        # one outlet prints the words as its speaker's ("I am so excited ...", she said),
        # another without a name: the one that names the speaker
        if len(readable) > 1:
            named = [o for o in readable if not voiced(by_id[o[0]], o[1], o[2])]
            readable = named or readable
        # a clause of a compound sentence opens on its conjunction ("but LaSalle refused
        # ..."): another outlet's whole sentence, if any (else printed from its subject)
        capital = [o for o in readable if not _CONJUNCTION_FIRST.match(text_of[o[0]], o[1])]
        readable = capital or readable
        # a statement that closes a quotation opened sentences back ('... authorities," he
        # added.') prints a stray mark and a "he" of nobody: another outlet's, if any. One
        # that opens a quotation it does not close (its next sentence goes on quoting)
        # reads as news prints it.
        whole = [o for o in readable if not _closes_unopened(text_of[o[0]][o[1]:o[2]])]
        out.append((whole or readable or options)[0])
    return out


# A speaker mention that names nobody: the quote extractor's pronouns, "who", "you".
_NAMES_NOBODY = PRONOUNS | {"who", "you"}
# First person: a speaker's own words, or a blogger's ("I confirmed yesterday that ...").
# "I" only as a capital; "us" never (a lower-cased "US" is the country).
_FIRST_PERSON = re.compile(r"\bI(?:['’](?:m|ve|d|ll))?\b|\b(?i:me|my|mine|we|our|ours)\b"
                           r"(?:['’](?:re|ve|ll))?")


def voiced(article: Article, start: int, end: int) -> bool:
    """Whether the statement at ``start:end`` speaks in the first person outside a quote
    whose speaker it names ('"We will win," Smith said.' is Smith's and says so; "I'd like
    to thank the Academy.", '"I was stopped," he said.' and "I confirmed yesterday that
    ..." name nobody). Such words are someone's whom the summary, printing the sentence
    alone, would not name. A report set all in one case (``ingestion.casing``) is never
    voiced: without capitals neither its "I" nor its speakers' names can be told."""
    if article.get("case") or not _FIRST_PERSON.search(article.text, start, end):
        return False  # (most statements: their quotes need not be read)
    text = list(article.text[start:end])
    for q in article.spans_of(Label.QUOTE):
        who = q.attrs.get("speaker")
        if q.start < end and q.end > start and who and start <= who[0] and who[1] <= end \
                and article.text[who[0]:who[1]].lower() not in _NAMES_NOBODY:
            text[max(q.start, start) - start:min(q.end, end) - start] = \
                " " * (min(q.end, end) - max(q.start, start))
    rest = "".join(text)
    return bool(_FIRST_PERSON.search(rest)) and not _said_by_someone(rest)


def unattributed(article: Article, start: int, end: int) -> bool:
    """Whether the statement is in the first person and quotes and reports no one: its
    writer's own voice ("I confirmed yesterday that ...", a team's "We take these issues
    very seriously.", a tweet pasted in), which reads as nobody's in a summary. A voice in
    quotation marks or with a reporting word ('"..., " he said') is somebody's in its
    report, and the summary may still print it (:func:`voiced` only prefers another
    outlet's wording that names the speaker)."""
    text = article.text[start:end]
    return (not article.get("case") and not _QUOTE_MARK.search(text)
            and not _CUE.search(text) and bool(_FIRST_PERSON.search(text)))


_QUOTE_MARK = re.compile("[\"“”«»]")


# A reporting word with who said it beside it: the parse's speakers need names it can read,
# and a text that capitalises only its sentences' first words ("dan brown said") has none.
_CUE = re.compile(r"\b(?:said|says|told|added|adds|wrote|writes|tweeted|stated|explained|"
                  r"noted|insisted|recalled|according to)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w’'.-]*")


def _said_by_someone(text: str) -> bool:
    """Whether a reporting word has someone other than a pronoun beside it: "Smith said",
    "said the officer", "the comedian added", not "he said"."""
    for m in _CUE.finditer(text):
        before = _WORD.findall(text[max(0, m.start() - 40):m.start()])[-1:]
        after = _WORD.findall(text[m.end():m.end() + 40])[:1]
        if any(w.lower() not in _NAMES_NOBODY and w.lower() not in _NOT_SPEAKERS
               for w in before + after):
            return True
    return False


_NOT_SPEAKERS = frozenset("""that this it's and but or also then on in at to of a an the
yesterday today tuesday monday wednesday thursday friday saturday sunday""".split())


def _closes_unopened(text: str) -> bool:
    """Whether the text closes a quotation it does not open."""
    straight = text.count('"') % 2 == 1 and not text.lstrip().startswith('"')
    return straight or text.count("”") > text.count("“")


def sentence_facts(articles: list[Article], units: list[Unit], claims: list[Claim],
                   printed: list[Statement] | None = None) -> tuple[list[set[int]], list[str]]:
    """For each claim, the claims whose facts its printed statement states (itself, and the
    other facts of that sentence), and the statement's text. A claim's passages are its
    units' spans, so each passage names the statement it is a fact of. ``printed``: the
    claims' :func:`printed_statements`, when the caller has them already."""
    text_of = {a.id: a.text for a in articles}
    statement_at = {(articles[u.article].id, u.start, u.end): u.statement for u in units}
    by_statement: dict[Statement, set[int]] = {}
    for i, c in enumerate(claims):
        for p in c.passages:
            by_statement.setdefault((p.article, *statement_at[(p.article, p.start, p.end)]),
                                    set()).add(i)
    if printed is None:
        printed = printed_statements(articles, units, claims)
    return ([by_statement[k] for k in printed],
            [_from_subject(text_of[aid][start:end]) for aid, start, end in printed])


# A statement cut from a compound sentence at its conjunction ("..., but LaSalle refused to
# comply, ..."): printed from the word after it, which news capitalises.
_CONJUNCTION_FIRST = re.compile(r"(?:but|and|or|so|yet|while|whereas|though|although)[ \t]+"
                                r"(?=[A-Z\"“‘'])")


def _from_subject(text: str) -> str:
    m = _CONJUNCTION_FIRST.match(text)
    return text[m.end():] if m else text


def repeat_check(printed: list[Statement], claims: list[Claim], articles: list[Article],
                 units: list[Unit], judge: PairJudge, threshold: float | None = None
                 ) -> Callable[[int, int], bool]:
    """``repeats(i, j)`` for :func:`select`: whether the sentences printed for claims ``i``
    and ``j`` tell one fact, by the pair scorer at ``threshold`` (``SUMMARY_REPEAT``) on
    their fact units: those of each printed statement and those of each claim (which all
    state the claim's fact, which its printed statement tells), from two articles. Lower
    than the grouping's threshold: a summary loses little by leaving out a sentence and much
    by telling one fact twice ("watched his brother fall to his death" in four one-source
    sentences of ECB+ dev 23ecb)."""
    cut = SUMMARY_REPEAT if threshold is None else threshold
    by_statement: dict[Statement, list[int]] = {}
    by_span: dict[Statement, int] = {}
    for k, u in enumerate(units):
        aid = articles[u.article].id
        by_statement.setdefault((aid, *u.statement), []).append(k)
        by_span[(aid, u.start, u.end)] = k
    told = [sorted(set(by_statement.get(printed[i], []))
                   | {by_span[(p.article, p.start, p.end)] for p in c.passages
                      if (p.article, p.start, p.end) in by_span})
            for i, c in enumerate(claims)]

    def repeats(i: int, j: int) -> bool:
        return any(units[x].article != units[y].article and judge(x, y).same_fact >= cut
                   for x in told[i] for y in told[j])

    return repeats
