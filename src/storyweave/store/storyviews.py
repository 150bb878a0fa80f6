"""Stories as the store lists them (``Store.stories``, ``Store.story``): each with its
articles, outlets, days and aliases, filtered by days, names, outlets or words."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from typing import Any

from ..model import StoryArticle, StoryOverview
from ..weaving.headline import central_title


def resolve(db: sqlite3.Connection, story_id: str) -> str | None:
    """The id the story has now (an alias leads to the story it was merged into), or None
    when the store has no such story."""
    seen = set()
    while story_id not in seen:
        seen.add(story_id)
        if db.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone():
            return story_id
        row = db.execute("SELECT story FROM story_aliases WHERE alias = ?",
                         (story_id,)).fetchone()
        if row is None:
            return None
        story_id = row[0]
    return None


def list_stories(db: sqlite3.Connection, *, ids: list[str] | None = None,
                 since: str | None = None, until: str | None = None,
                 entity: str | None = None, outlet: str | None = None,
                 query: str | None = None, limit: int | None = None,
                 offset: int = 0, sort: str = "latest") -> list[StoryOverview]:
    """The stories matching every filter given, the latest first (by last day, then by
    when they last changed). ``since``/``until``: ISO days the story's reports must reach
    (a story without dated reports matches no day filter); ``entity``: a name its reports
    name (a person by surname too: "Vladimir Putin" finds "Putin"); ``outlet``: part of an
    outlet's name among its reports; ``query``: words all in one of its reports. ``sort``:
    "latest" (by last day), or "outlets" (most outlets first, copies not counted; then
    latest)."""
    if sort not in SORTS:
        raise ValueError(f"sort: one of {', '.join(SORTS)}")
    where, params = [], []
    if ids is not None:
        where.append(f"s.id IN ({','.join('?' * len(ids))})")
        params.extend(ids)
    if since:
        where.append("s.last >= ?")
        params.append(since)
    if until:
        where.append("s.first <= ?")
        params.append(until)
    # the matching articles first, then their stories: one search, not one per story
    if outlet:
        where.append("s.id IN (SELECT m.story FROM members m JOIN articles a ON a.seq = "
                     "m.article WHERE a.outlet LIKE ? ESCAPE '\\')")
        params.append("%" + _like(outlet) + "%")
    if query:
        words = [w for w in query.split() if w]
        if words:
            where.append("s.id IN (SELECT m.story FROM members m WHERE m.article IN "
                         "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))")
            params.append(" ".join('"' + w.replace('"', '""') + '"' for w in words))
    sql = (f"SELECT s.id, s.first, s.last, {'s.entities' if entity else 'NULL'}, s.version, "
           "s.created, s.touched FROM stories s"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY " + SORTS[sort])
    if entity:  # names are matched here, not in SQL: all rows, then the page
        rows = [r for r in db.execute(sql, params) if _names_match(entity, json.loads(r[3]))]
        rows = rows[offset:] if limit is None else rows[offset:offset + limit]
    else:
        page = " LIMIT ? OFFSET ?" if limit is not None else (" LIMIT -1 OFFSET ?")
        rows = db.execute(sql + page, [*params, *([limit] if limit is not None else []),
                                       offset]).fetchall()
    return _overviews(db, rows)


SORTS = {
    "latest": "coalesce(s.last, '') DESC, s.touched DESC",
    "outlets": "(SELECT count(DISTINCT coalesce(a.outlet, a.id)) FROM members m JOIN articles a "
               "ON a.seq = m.article WHERE m.story = s.id AND m.copy_of IS NULL) DESC, "
               "coalesce(s.last, '') DESC, s.touched DESC",
}


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _names_match(name: str, keys: dict[str, Any]) -> bool:
    wanted = " ".join(name.lower().split())
    surname = wanted.split()[-1] if wanted else ""
    for key in keys:
        kind, _, value = key.partition(":")
        value = value.lower()
        if value == wanted or wanted in value or (kind == "PERSON" and value == surname):
            return True
    return False


def _overviews(db: sqlite3.Connection, rows: list[Any]) -> list[StoryOverview]:
    if not rows:
        return []
    ids = [r[0] for r in rows]
    members: dict[str, list[StoryArticle]] = defaultdict(list)
    aliases: dict[str, list[str]] = defaultdict(list)
    split_off: dict[str, list[str]] = defaultdict(list)
    split_from: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for (story, article, source, url, title, outlet, published, score, started, original,
             similarity, order) in db.execute(
                "SELECT m.story, a.id, a.source, a.url, a.title, a.outlet, a.published, "
                "m.score, m.started, o.id, m.similarity, m.n FROM members m "
                "JOIN articles a ON a.seq = m.article LEFT JOIN articles o ON o.seq = m.copy_of"
                f" WHERE m.story IN ({marks}) ORDER BY m.n", chunk):
            members[story].append(StoryArticle(article, source, url, title, outlet, published,
                                               score, bool(started), original, similarity,
                                               order))
        for alias, story in db.execute(f"SELECT alias, story FROM story_aliases WHERE story IN"
                                       f" ({marks}) ORDER BY n", chunk):
            aliases[story].append(alias)
        for story, part in db.execute(
                "SELECT story, other FROM story_events WHERE kind = 'split' AND (story IN "
                f"({marks}) OR other IN ({marks})) ORDER BY id", (*chunk, *chunk)):
            split_off[story].append(part)
            split_from[part] = story
    out = []
    for sid, first, last, _, version, created, touched in rows:
        arts = members[sid]
        reports = [a for a in arts if a.copy_of is None] or arts
        # the dossier's rule, on the titles alone (no claims without a weave)
        headline = central_title([a.title for a in reports])
        if headline is None:  # no report has a title: the first one's first line (one read)
            row = db.execute("SELECT substr(text, 1, 300) FROM articles WHERE id = ?",
                             (reports[0].id,)).fetchone()
            headline = _first_line(row[0] if row else "") or reports[0].source
        outlets = tuple(dict.fromkeys(a.outlet for a in reports if a.outlet))
        out.append(StoryOverview(sid, headline, first, last, outlets, tuple(arts),
                                 tuple(_all_aliases(db, sid, aliases[sid])), version, created,
                                 touched, _resolved(db, split_from.get(sid)),
                                 tuple(dict.fromkeys(_resolved(db, p) or p
                                                     for p in split_off[sid]))))
    return out


def _resolved(db: sqlite3.Connection, story_id: str | None) -> str | None:
    """The id a story recorded in an event has now (it may have been merged since)."""
    return resolve(db, story_id) if story_id is not None else None


def _first_line(text: str, width: int = 100) -> str:
    """A report without a title is headed by its first line, cut at a word."""
    line = " ".join(text.strip().split("\n", 1)[0].split()) if text else ""
    if len(line) <= width:
        return line
    return line[:width].rsplit(" ", 1)[0] + " …"


def _all_aliases(db: sqlite3.Connection, story: str, direct: list[str]) -> list[str]:
    """The ids merged into the story, and those merged into them before, and so on."""
    out, todo = [], list(direct)
    while todo:
        alias = todo.pop(0)
        if alias in out:
            continue
        out.append(alias)
        todo.extend(r[0] for r in db.execute(
            "SELECT alias FROM story_aliases WHERE story = ? ORDER BY n", (alias,)))
    return out


def quotes_by(db: sqlite3.Connection, name: str, *, limit: int = 200) -> list[dict[str, Any]]:
    """The quotes the store attributes to ``name`` (a person by surname too), newest
    article first: the quoted words, how (direct, partial, reported), the speaker as written,
    and the article and story they are in."""
    wanted = " ".join(name.lower().split())
    if not wanted:
        return []
    rows = db.execute(
        "SELECT a.id, a.title, a.outlet, m.story, q.start, q.end, "
        "json_extract(q.attrs, '$.kind'), sp.start, sp.end, json_extract(sp.attrs, '$.name'), "
        "a.text FROM spans sp JOIN spans q ON q.article = sp.article AND q.label = 'quote' "
        "AND json_extract(q.attrs, '$.speaker[0]') = sp.start "
        "JOIN articles a ON a.seq = sp.article LEFT JOIN members m ON m.article = a.seq "
        "WHERE sp.label = 'speaker' AND (lower(json_extract(sp.attrs, '$.name')) = ? "
        "OR lower(json_extract(sp.attrs, '$.name')) LIKE ? ESCAPE '\\') "
        "ORDER BY a.seq DESC, q.start LIMIT ?", (wanted, "% " + _like(wanted), limit))
    return [{"article": article, "title": title, "outlet": outlet, "story": story,
             "start": start, "end": end, "kind": kind, "speaker": text[s0:s1],
             "name": speaker, "text": text[start:end]}
            for (article, title, outlet, story, start, end, kind, s0, s1, speaker, text)
            in rows]


def outlet_articles(db: sqlite3.Connection, outlet: str, *,
                    limit: int = 500) -> list[dict[str, Any]]:
    """The articles of one outlet (its name as the metadata gives it, any case), newest
    first, each with its story and whether it copies another report."""
    rows = db.execute(
        "SELECT a.id, a.title, a.published, a.source, m.story, m.copy_of IS NOT NULL "
        "FROM articles a LEFT JOIN members m ON m.article = a.seq "
        "WHERE lower(a.outlet) = lower(?) ORDER BY a.seq DESC LIMIT ?", (outlet, limit))
    return [{"id": i, "title": t, "published": p, "source": s, "story": st,
             "copy": bool(c)} for i, t, p, s, st, c in rows]


def speakers_of(db: sqlite3.Connection, outlet: str, *, limit: int = 30) -> list[tuple[str, int]]:
    """Whom the outlet's articles quote, most quoted first (named speakers only)."""
    return [(n, c) for n, c in db.execute(
        "SELECT json_extract(sp.attrs, '$.name') AS who, count(*) FROM spans sp "
        "JOIN articles a ON a.seq = sp.article WHERE sp.label = 'speaker' "
        "AND lower(a.outlet) = lower(?) AND json_extract(sp.attrs, '$.type') IN "
        "('PERSON', 'ORG') GROUP BY who ORDER BY count(*) DESC, who LIMIT ?",
        (outlet, limit))]
