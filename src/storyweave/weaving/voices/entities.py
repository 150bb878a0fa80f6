"""One canonical entity per real person, organisation or place across a story's articles.

Every ENTITY span of a kept type (PERSON, ORG, GPE, LOC, FAC) outside bylines and datelines
is read as a name (:mod:`.names`: titles cut off into roles, possessives dropped,
aliases folded). Names are then joined in three steps, none of them pairwise over mentions:

1. the same key is one name, whatever type spaCy gave it in each place;
2. distinct keys of the same length in words and the same first letters of the last word
   are compared, and join when each word is equal or a close spelling variant
   ("Zelensky"/"Zelenskyy", "Kremlin"/"Kremlins"); places never join this way;
3. a lone surname or given name ("Xi", "Putin", "Wang") joins the full name with that word
   mentioned last before it in the same article, else the only such full name in the story,
   else stays an entity of its own; a bare body ("Foreign Ministry") joins a country's body
   ("China's Foreign Ministry") by the same rule.

SPEAKER spans (the quote extractor's) join the entity of their antecedent, or of the
mention they overlap, or of their resolved name; failing all, they make an entity. The
joins of step 2 (and of a name with and without its middle name, and of an acronym) are in
:mod:`.joins`. See docs/entities.md.
"""

from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right, insort
from collections import Counter, defaultdict

from ...keys import record_ids
from ...labels import Label
from ...model import Article, Entity, Mention, Passage, Span
from ...nlp.quotes.speaker_words import strip_det
from ...nlp.statements import sentence_statements
from .attributes import HOME_BEFORE
from .joins import Item as _Item
from .joins import Keys as _Keys
from .joins import acronym_join as _acronym_join
from .joins import fuzzy_join as _fuzzy_join
from .joins import item_key as _key
from .joins import legal_form_join as _legal_form_join
from .joins import majority as _majority
from .joins import middle_join as _middle_join
from .joins import short_form_join as _short_form_join
from .names import (
    HEADS,
    OFFICES_SHORT,
    Name,
    Role,
    RoleScan,
    body_of_country,
    countries_named,
    is_proper,
    lower_case_words,
    persons_behind,
    phrase_country,
    read_name,
    tables,
    titled_person,
    widest_roles,
)

__all__ = ["KEPT_TYPES", "Registry", "build_registry"]

log = logging.getLogger(__name__)

KEPT_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
_CONTEXT_TYPES = frozenset({"ORG", "GPE", "NORP", "FAC"})  # may stand in a role: "Pentagon"
_PEOPLE_TAGS = frozenset({"PERSON", "ORG"})  # spaCy tags a lone surname ORG as often as not
# ... or not at all: a speaker no entity names ("Wolfe said") is OTHER
_SURNAME_TAGS = _PEOPLE_TAGS | {"OTHER"}


class Registry:
    """The story's entities and where each is named."""

    def __init__(self, entities: list[Entity], articles: list[Article],
                 speakers: dict[tuple[str, int, int], str]) -> None:
        self.entities = entities
        self._by_id = {e.id: e for e in entities}
        self._articles = {a.id: a for a in articles}
        self._speakers = dict(speakers)
        self._exact: dict[tuple[str, int, int], str] = {}
        spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        self._by_key: dict[str, list[str]] = defaultdict(list)
        for e in entities:
            for m in e.mentions:
                p = m.passage
                spans[p.article].append((p.start, p.end, e.id))
                self._exact.setdefault((p.article, p.start, p.end), e.id)
            for alias in (e.name, *e.aliases):
                name = read_name(alias, 0, len(alias), e.type)
                if name and e.id not in self._by_key[name.key]:
                    self._by_key[name.key].append(e.id)
        # a person's first or last word -> the persons, in entity order: a lone surname's
        # candidates, looked up per speaker (a scan of every entity per speaker took 6 % of
        # the weave of a 400-article story, profiled)
        self._by_word: dict[str, list[str]] = defaultdict(list)
        for e in entities:
            words = e.name.casefold().split() if e.type == "PERSON" else []
            for word in dict.fromkeys(words[:1] + words[-1:]):
                self._by_word[word].append(e.id)
        self._exact.update(self._speakers)
        self._spans = {k: sorted(v) for k, v in spans.items()}
        self._starts = {k: [s for s, _, _ in v] for k, v in self._spans.items()}
        self._longest = {k: max(e - s for s, e, _ in v) for k, v in self._spans.items()}

    def entity(self, entity_id: str) -> Entity:
        return self._by_id[entity_id]

    def entity_at(self, article_id: str, start: int, end: int) -> str | None:
        """The entity of the mention or SPEAKER span at exactly these offsets, else of the
        mention that overlaps them most (the first, on a tie)."""
        found = self._exact.get((article_id, start, end))
        if found is not None:
            return found
        spans = self._spans.get(article_id)
        if not spans:
            return None
        starts = self._starts[article_id]
        lo = bisect_left(starts, start - self._longest[article_id])
        best, best_overlap = None, 0
        for s, e, eid in spans[lo:bisect_left(starts, end)]:
            overlap = min(e, end) - max(s, start)
            if overlap > best_overlap:
                best, best_overlap = eid, overlap
        return best

    def speaker_entity(self, article: Article, speaker: Span) -> str | None:
        """The entity a SPEAKER span stands for: as resolved when the registry was built,
        else its antecedent's, else the one its resolved name matches (a name several
        entities have: the one last mentioned before it in the article). None when nothing
        matches: an entity is made only while building."""
        found = self._speakers.get((article.id, speaker.start, speaker.end))
        if found is not None:
            return found
        antecedent = speaker.attrs.get("antecedent")
        if antecedent:
            found = self.entity_at(article.id, int(antecedent[0]), int(antecedent[1]))
            if found is not None:
                return found
        written = speaker.attrs.get("name") or article.span_text(speaker)
        name = read_name(written, 0, len(written), _speaker_type(speaker, written))
        if name is None:
            return None
        candidates = self._by_key.get(name.key, [])
        if not candidates and " " not in name.key:  # a lone surname: full names with it
            candidates = self._by_word.get(name.key, [])
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        before = [(s, eid) for s, _, eid in self._spans.get(article.id, ())
                  if s < speaker.start and eid in candidates]
        return max(before)[1] if before else None


def build_registry(articles: list[Article], source_of: dict[str, str]) -> Registry:
    """The entities of ``articles``; ``source_of`` maps an article id to its source key (an
    outlet), which the entities' ``sources`` counts are keyed by."""
    items = [it for ai, article in enumerate(articles) for it in _mentions(ai, article)]
    common = lower_case_words(a.text for a in articles)
    pending = _speaker_items(articles, items, common)
    keys = _Keys()
    for it in items:
        keys.id(_key(it))
    _fuzzy_join(keys, items)
    _middle_join(keys, items)
    _acronym_join(keys, items)
    _legal_form_join(keys, items)
    _short_form_join(keys, items, common)
    persons = {_key(it) for it in items if it.kind == "PERSON"}
    titled: set[str] = set()
    for key, person, prefixed in persons_behind(list(keys.ids), persons,
                                                [a.text for a in articles]):
        keys.union(keys.ids[key], keys.ids[person])
        if prefixed:
            titled.add(key)
    for it in items:
        it.titled = _key(it) in titled  # "Comedian Ellen DeGeneres": her alias, not her name
    _assign_roots(keys, items, countries_named(articles))
    speakers = _resolve_speakers(articles, items, pending, keys, common)
    entities, of_root = _entities(articles, items, source_of)
    log.info("registry: %d mentions, %d entities", len(items), len(entities))
    return Registry(entities, articles,
                    {k: of_root[r] for k, r in speakers.items() if r in of_root})


def _statement_ranges(article: Article) -> list[tuple[int, int]] | None:
    """Where the article states something: bylines and datelines are not in it. None when
    the article has no sentence spans to tell (nothing is then left out)."""
    if not any(True for _ in article.spans_of(Label.SENTENCE)):
        return None
    return sorted((start, end) for start, end, _, _ in sentence_statements(
        article.text, article.spans_of(Label.PARAGRAPH), article.spans_of(Label.SENTENCE)))


def _inside(ranges: list[tuple[int, int]] | None, start: int, end: int) -> bool:
    if ranges is None:
        return True
    i = bisect_right(ranges, (start, 1 << 62)) - 1
    return i >= 0 and ranges[i][0] <= start and end <= ranges[i][1]


def _mentions(ai: int, article: Article) -> list[_Item]:
    allowed = _statement_ranges(article)
    entities = sorted(article.spans_of(Label.ENTITY), key=lambda s: (s.start, s.end))
    scan = RoleScan(article.text, sorted((s.start, s.end) for s in entities
                                         if s.attrs.get("type") in _CONTEXT_TYPES))
    items = []
    for k, span in enumerate(entities):
        after = entities[k + 1] if k + 1 < len(entities) else None
        kind = span.attrs.get("type")
        if kind not in KEPT_TYPES or not _inside(allowed, span.start, span.end):
            continue
        if after is not None and _role_of(article.text, span, after):
            continue  # "Genesee County Sheriff | Robert Pickell": his role, read by RoleScan
        if kind == "ORG" and titled_person(article.text, span.start, span.end):
            kind = "PERSON"  # "Police Constable Tim Fanning" tagged as a body
        elif kind == "PERSON" and HOME_BEFORE.search(article.text, max(0, span.start - 40),
                                                     span.start):
            # "Johnson, 66, of Burnsville": where she lives; the small NER model tags
            # "Burnsville" a person in all eight reports of ECB+ dev 21ecb that write it
            kind = "GPE"
        name = read_name(article.text, span.start, span.end, kind)
        if name is None or name.key in OFFICES_SHORT:  # "the DA": a person's office
            continue
        roles = scan.around(name.start, name.end) if kind in _PEOPLE_TAGS else []
        items.append(_Item(ai, name.start, name.end, article.text[name.start:name.end], name,
                           kind, roles))
    return items


def _role_of(text: str, span: Span, after: Span) -> bool:
    """Whether an entity span is the role of the person named right after it: it ends on a
    role's head ("Sheriff", "Undersheriff", "President") and a PERSON follows with only a
    space between ("Genesee County Sheriff Robert Pickell", which spaCy tags as two)."""
    last = text[span.start:span.end].split()[-1:]
    return (bool(last) and last[0].casefold().rstrip(".") in HEADS
            and after.attrs.get("type") == "PERSON" and text[span.end:after.start] == " ")


def _speaker_role(span: Span) -> list[Role]:
    role = span.attrs.get("role")
    return [Role(role, span.start, span.end, phrase_country(role), speaker=True)] if role else []


def _speaker_type(span: Span, written: str) -> str:
    """A speaker's entity type as its span gives it; a titled name NER missed or took for a
    body is a person ("Police Constable Tim Fanning said")."""
    kind = span.attrs.get("type") or "PERSON"
    if kind in ("ORG", "OTHER") and titled_person(written, 0, len(written)):
        return "PERSON"
    return kind


def _speaker_name(span: Span) -> Name | None:
    written = span.attrs.get("name")
    if not written:
        return None
    return read_name(written, 0, len(written), _speaker_type(span, written))


def _speaker_items(articles: list[Article], items: list[_Item],
                   common: frozenset[str]) -> list[tuple[int, Span]]:
    """Add an item per SPEAKER span that names someone no mention under it names; return
    the spans to resolve once the mentions have entities (antecedents, overlaps)."""
    by_article: dict[int, list[_Item]] = defaultdict(list)
    for it in items:
        by_article[it.article].append(it)
    pending: list[tuple[int, Span]] = []
    for ai, article in enumerate(articles):
        for span in sorted(article.spans_of(Label.SPEAKER), key=lambda s: s.start):
            name = _speaker_name(span)
            if not _may_create(span, name, common) or span.attrs.get("antecedent") \
                    or _overlapped(by_article[ai], span, name):
                pending.append((ai, span))
                continue
            assert name is not None
            name.start, name.end = span.start, span.end
            items.append(_Item(ai, span.start, span.end, article.span_text(span), name,
                               _speaker_type(span, span.attrs.get("name") or ""),
                               _speaker_role(span)))
    return pending


def _may_create(span: Span, name: Name | None, common: frozenset[str] = frozenset()) -> bool:
    """Whether a speaker no mention names is an entity of its own: a proper name ("the
    Kremlin", missed by NER), not a role noun ("the Russian leader", "officials") nor a
    pronoun nothing resolved ("They said ..." opening a sentence is capitalised, no name)."""
    return name is not None and name.key not in OFFICES_SHORT \
        and span.attrs.get("via") not in ("role", "pronoun") \
        and is_proper(name.form, common)


def _overlapped(items: list[_Item], span: Span, name: Name | None) -> _Item | None:
    """The mention inside a SPEAKER span that it names: the same key, else the last one of
    the speaker's type ("Pentagon spokesman Brig. Gen. Patrick Ryder" -> Patrick Ryder)."""
    inside = [it for it in items if it.start < span.end and span.start < it.end
              and it.name is not None]
    if name is not None:
        for it in inside:
            if _key(it) == name.key:
                return it
    if span.attrs.get("via") == "role":
        return None  # "Obama aides", "Bloomington officers": the name only describes them
    kind = span.attrs.get("type")
    typed = [it for it in inside if it.kind == kind]
    return typed[-1] if typed else None


def _assign_roots(keys: _Keys, items: list[_Item], named: dict[int, Counter[str]]) -> None:
    """Each item's group: its key's, or for a lone surname (a bare body) the full name (the
    country's body) it stands for."""
    votes: dict[int, Counter[str]] = defaultdict(Counter)
    for it in items:
        if it.kind:
            votes[keys.find(keys.ids[_key(it)])][it.kind] += 1
    people: dict[str, set[int]] = defaultdict(set)  # first or last word -> full names
    bodies: dict[str, set[int]] = defaultdict(set)  # "foreign ministry" -> countries' ones
    for it in items:
        if it.name is None:
            continue
        root = keys.find(keys.ids[it.name.key])
        words = it.name.key.split()
        if len(words) > 1 and it.kind == "PERSON" and it.name.canonical is None:
            people[words[0]].add(root)
            people[words[-1]].add(root)
        if it.name.base:
            bodies[it.name.base].add(root)
    singles: dict[int, set[str]] = defaultdict(set)
    for key, i in keys.ids.items():
        if " " not in key:
            singles[keys.find(i)].add(key)
    short: dict[int, set[int]] = {}
    for key, i in keys.ids.items():
        root = keys.find(i)
        cands: set[int] = set()
        if root in singles and _majority(votes[root]) in _SURNAME_TAGS:
            for word in singles[root]:
                cands |= people.get(word, set())
        if key in bodies:
            cands |= bodies[key]
        cands.discard(root)
        if cands:
            short[root] = short.get(root, set()) | cands
    last_seen: dict[int, tuple[int, int]] = {}
    country_of = {keys.find(keys.ids[it.name.key]): it.name.country for it in items
                  if it.name is not None and it.name.base and it.name.country}
    for it in sorted(items, key=lambda x: (x.article, x.start)):
        root = keys.find(keys.ids[_key(it)])
        near = short.get(root)
        if near:
            here = [(last_seen[c][1], c) for c in near
                    if c in last_seen and last_seen[c][0] == it.article]
            if here:
                root = max(here)[1]
            elif len(near) == 1:
                root = next(iter(near))
            elif (body := body_of_country(near, country_of, named[it.article])) is not None:
                root = body
        it.root = root
        last_seen[root] = (it.article, it.start)


def _resolve_speakers(articles: list[Article], items: list[_Item],
                      pending: list[tuple[int, Span]], keys: _Keys,
                      common: frozenset[str]) -> dict[tuple[str, int, int], int]:
    """Groups for the SPEAKER spans set aside: the antecedent's, the overlapped mention's,
    or the resolved name's (a new group when no mention has it)."""
    by_article: dict[int, list[_Item]] = defaultdict(list)
    for it in sorted(items, key=lambda x: x.start):
        by_article[it.article].append(it)
    roles: dict[str, list[int]] = defaultdict(list)
    for it in items:
        for r in it.roles:
            if it.root not in roles[r.text.casefold()]:
                roles[r.text.casefold()].append(it.root)
    went: dict[str, Counter[int]] = defaultdict(Counter)  # a key -> where its mentions went
    bodies: dict[str, set[int]] = defaultdict(set)  # "police" -> the forces named
    for it in items:
        went[_key(it)][it.root] += 1
        if it.name is not None and it.name.base:
            bodies[it.name.base].add(it.root)
    for base, roots in bodies.items():  # a bare body no mention writes: the story's one
        if len(roots) == 1 and base not in went:
            went[base][next(iter(roots))] += 1
    resolved: dict[tuple[str, int, int], int] = {}
    # an office written short ("the DA") last: the roles the other speakers bring count
    for ai, span in sorted(pending, key=lambda p: (p[1].attrs.get("name") or "").casefold()
                           in OFFICES_SHORT):
        article = articles[ai]
        name = _speaker_name(span)
        local = by_article[ai]
        target = _antecedent(local, span)
        if target is None:
            target = _overlapped(local, span, name)
            if target is not None:  # its words are that mention's: no mention of its own
                resolved[article.id, span.start, span.end] = target.root
                _add_roles(target, _speaker_role(span))
                continue
        root = target.root if target is not None else None
        if root is None and name is not None and name.key in OFFICES_SHORT:
            # "the DA said": the district attorney the story names ("Queens District
            # Attorney Richard Brown"), not an entity called "DA"
            root = _root_for_office(items, local, OFFICES_SHORT[name.key], span.start)
            if root is None:
                continue
        if root is None and name is not None:
            root = _root_for_name(keys, local, name, span.start, _may_create(span, name, common),
                                  went.get(name.key))
        if root is None and span.attrs.get("via") == "role":
            root = _root_for_role(roles, local, span.attrs.get("name")
                                  or article.span_text(span), span.start)
        if root is None:
            continue  # "the two men", "a Reuters source": nobody in particular
        item = _Item(ai, span.start, span.end, article.span_text(span),
                     name if target is None and _may_create(span, name, common) else None,
                     span.attrs.get("type"), _speaker_role(span),
                     alias=target is None and _may_create(span, name, common))
        item.root = root
        items.append(item)
        insort(local, item, key=lambda x: x.start)  # a later pronoun may point back to it
        resolved[article.id, span.start, span.end] = root
    return resolved


def _antecedent(local: list[_Item], span: Span) -> _Item | None:
    antecedent = span.attrs.get("antecedent")
    if not antecedent:
        return None
    a, b = int(antecedent[0]), int(antecedent[1])
    inside = [it for it in local if it.start < b and a < it.end]
    return max(inside, key=lambda it: min(it.end, b) - max(it.start, a), default=None)


def _root_for_role(roles: dict[str, list[int]], local: list[_Item], written: str,
                   pos: int) -> int | None:
    """The person a role noun stands for ("the Russian leader"): the last one before it in
    the article with that role, else the only one in the story."""
    role = written.casefold().removeprefix("the ").strip()
    holders = roles.get(role, [])
    earlier = [it.root for it in local if it.start < pos and it.root in holders]
    if earlier:
        return earlier[-1]
    return holders[0] if len(holders) == 1 else None


def _root_for_office(items: list[_Item], local: list[_Item], office: str,
                     pos: int) -> int | None:
    """The person whose role ends with ``office`` ("Queens District Attorney"): the last
    one before ``pos`` in the article, else the only one in the story."""
    holders = list(dict.fromkeys(it.root for it in items for r in it.roles
                                 if (t := r.text.casefold()) == office
                                 or t.endswith(" " + office)))
    earlier = [it.root for it in local if it.start < pos and it.root in holders]
    if earlier:
        return earlier[-1]
    return holders[0] if len(holders) == 1 else None


def _root_for_name(keys: _Keys, local: list[_Item], name: Name, pos: int,
                   create: bool, went: Counter[int] | None = None) -> int | None:
    """The group a speaker's resolved name belongs to: the last mention before it in the
    article with that name (or, for a lone surname, with a full name that has it), else
    the group most mentions of that name went to (``went``: "police" alone went to the
    story's one force), else the name's own group (made now if ``create``)."""
    earlier = [it for it in local if it.start < pos and it.name is not None]
    for it in reversed(earlier):
        if _key(it) == name.key:
            return it.root
    if " " not in name.key:
        for it in reversed(earlier):
            words = _key(it).split()
            if len(words) > 1 and name.key in (words[0], words[-1]):
                return it.root
    if went:
        return went.most_common(1)[0][0]
    if name.key in keys.ids or create:
        return keys.find(keys.id(name.key))
    return None


def _add_roles(item: _Item, roles: list[Role]) -> None:
    seen = {r.text.casefold() for r in item.roles}
    item.roles += [r for r in roles if r.text.casefold() not in seen]


def _entities(articles: list[Article], items: list[_Item],
              source_of: dict[str, str]) -> tuple[list[Entity], dict[int, str]]:
    groups: dict[int, list[_Item]] = defaultdict(list)
    for it in sorted(items, key=lambda x: (x.article, x.start, x.end)):
        groups[it.root].append(it)
    drafts = [(root, _draft(articles, group, source_of)) for root, group in groups.items()]
    drafts.sort(key=lambda d: (-len(d[1].sources), -len(d[1].mentions), d[1].name))
    of_root: dict[int, str] = {}
    ids = record_ids("e", (f"{e.type}:{e.name}" for _, e in drafts))
    for (root, entity), made in zip(drafts, ids, strict=True):
        entity.id = made
        of_root[root] = entity.id
    _countries(articles, groups, dict(drafts))
    return [e for _, e in drafts], of_root


def _draft(articles: list[Article], group: list[_Item], source_of: dict[str, str]) -> Entity:
    kind = _entity_type(group)
    forms: Counter[str] = Counter(_form(it) for it in group if it.alias and it.name)
    canonical = next((it.name.canonical for it in group if it.name and it.name.canonical),
                     None)
    titled = {_form(it) for it in group if it.titled}  # and a speaker's name written so
    named = Counter(f for f in forms.elements() if f not in titled)
    name = canonical or max(named or forms, key=lambda f: (len(f.split()), forms[f]),
                            default=None) or strip_det(group[0].written)
    roles: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for it in group:
        for r in it.roles:
            # Words before a body or a place are no role of it; a speaker's role is.
            if kind == "PERSON" or r.speaker:
                shown.setdefault(r.text.casefold(), r.text)
                roles[r.text.casefold()] += 1
    sources: Counter[str] = Counter()
    for it in group:
        aid = articles[it.article].id
        sources[source_of.get(aid, "article:" + aid)] += 1
    return Entity(
        id="", name=name, type=kind,
        aliases=tuple(f for f, _ in forms.most_common()),
        roles=widest_roles(shown[r] for r, _ in roles.most_common()),
        mentions=[Mention(Passage(articles[it.article].id, it.start, it.end), it.written)
                  for it in group],
        sources=dict(sources),
    )


def _form(item: _Item) -> str:
    return item.name.form if item.name is not None else item.written


def _entity_type(group: list[_Item]) -> str:
    # A full name spaCy once tagged PERSON is a person, whatever it tagged the surname.
    if any(it.kind == "PERSON" and it.name and " " in it.name.key and it.name.canonical is None
           for it in group):
        return "PERSON"
    table = next((it.name.table_type for it in group if it.name and it.name.table_type), None)
    if table:
        return table
    return _majority(Counter(it.kind for it in group if it.kind in KEPT_TYPES)) or "ORG"


def _countries(articles: list[Article], groups: dict[int, list[_Item]],
               entity_of: dict[int, Entity]) -> None:
    """Places are their own country (a city its country's); bodies take theirs from the
    table or their qualifier; people from their roles, or from the body or place a role
    names ("Foreign Ministry spokesman")."""
    t = tables()
    for root, group in groups.items():
        e = entity_of[root]
        key = e.name.casefold()
        if e.type == "PERSON":
            continue
        if e.type == "GPE":
            e.country = e.name if e.name in t.countries else t.places.get(key)
            continue
        votes = Counter(it.name.country for it in group if it.name and it.name.country)
        votes.update(r.country for it in group for r in it.roles if r.country)
        e.country = t.organisations.get(key) or t.places.get(key) or (
            votes.most_common(1)[0][0] if votes else None)
    by_article: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for root, group in groups.items():
        for it in group:
            by_article[it.article].append((it.start, it.end, root))
    for spans in by_article.values():
        spans.sort()
    for root, group in groups.items():
        e = entity_of[root]
        if e.type != "PERSON":
            continue
        votes = Counter(r.country for it in group for r in it.roles if r.country)
        if not votes:  # "Foreign Ministry spokesman": the ministry's country
            for it in group:
                for r in it.roles:
                    spans = by_article[it.article]
                    lo = bisect_left(spans, (r.start, -1, -1))
                    for s, end, other in spans[lo:]:
                        if s >= r.end:
                            break
                        country = entity_of[other].country
                        if end <= r.end and country and entity_of[other].type != "PERSON":
                            votes[country] += 1
        e.country = votes.most_common(1)[0][0] if votes else None
