"""The dossier as JSON (schema in docs/dossier-schema.md) and back."""

from __future__ import annotations

import json
from importlib.metadata import version
from typing import Any

from ..labels import Label
from ..model import (
    SCHEMA_VERSION,
    Article,
    ArticleDate,
    Claim,
    DateCandidate,
    Discrepancy,
    Dossier,
    DossierWarning,
    LeftOut,
    Signal,
    Source,
    StatedValue,
    SummarySentence,
    Support,
    TimelineEntry,
    TimeMention,
    ValueConflict,
)
from .json_voices import passage_from_dict as _p
from .json_voices import passage_to_dict as _passage
from .json_voices import voices_from_dict, voices_to_dict


# Support scores and signal values are written as the weaver made them (it rounds them to 4
# places): rounding here would make a read-back dossier differ from the one written.
def _support(s: Support, source_of: dict[str, int]) -> dict[str, Any]:
    return {"passage": _passage(s.passage, source_of), "same_fact": s.same_fact,
            "paraphrase": s.paraphrase, "covers": s.covers,
            "signals": [{"name": g.name, "value": g.value, "weight": g.weight}
                        for g in s.signals]}


def _values(values: tuple[StatedValue, ...], source_of: dict[str, int]) -> list[dict[str, Any]]:
    return [{"text": v.text, "key": v.key, "passages": [_passage(p, source_of) for p in v.passages]}
            for v in values]


def _conflict(c: ValueConflict, source_of: dict[str, int]) -> dict[str, Any]:
    return {"kind": c.kind, "values": _values(c.values, source_of)}


def _date(d: ArticleDate) -> dict[str, Any]:
    return {"article": d.article, "working": d.working, "source": d.source,
            "window": {"earliest": d.earliest, "latest": d.latest},
            "confidence": d.confidence,
            "candidates": [{"value": c.value, "source": c.source, "evidence": c.evidence,
                            "verdict": c.verdict, "reason": c.reason} for c in d.candidates],
            "reasons": list(d.reasons)}


def _entry(e: TimelineEntry, source_of: dict[str, int]) -> dict[str, Any]:
    return {"claim": e.claim, "start": e.start, "end": e.end, "precision": e.precision,
            "mentions": [{"passage": _passage(m.passage, source_of), "start": m.start,
                          "end": m.end, "precision": m.precision, "value": m.value}
                         for m in e.mentions]}


def _discrepancy(x: Discrepancy, source_of: dict[str, int]) -> dict[str, Any]:
    out = {"kind": x.kind, "claims": list(x.claims), "values": _values(x.values, source_of)}
    if x.quote_group is not None:
        out["quote_group"] = x.quote_group
    return out


def _claim(c: Claim, source_of: dict[str, int], number_of: dict[str, int]) -> dict[str, Any]:
    return {"id": c.id, "text": c.text, "corroboration": c.corroboration,
            "sources": [number_of[k] for k in c.sources],
            "representative": _passage(c.representative, source_of),
            "passages": [_passage(p, source_of) for p in c.passages],
            "centrality": round(c.centrality, 4), "salience": round(c.salience, 4),
            "position": round(c.position, 4),
            "support": [_support(s, source_of) for s in c.support],
            "conflicts": [_conflict(x, source_of) for x in c.conflicts]}


def to_dict(d: Dossier) -> dict[str, Any]:
    source_of = {aid: s.number for s in d.sources for aid in s.articles}
    number_of = {s.key: s.number for s in d.sources}
    articles = []
    for a in d.articles:
        record = a.to_dict()
        record["spans"] = [s for s in record["spans"] if s["label"] == Label.PARAGRAPH]
        articles.append(record)
    return {
        "schema_version": d.schema_version,
        "generator": f"storyweave {version('storyweave')}",
        "warnings": [{"code": w.code, "message": w.message, "articles": list(w.articles),
                      "groups": [list(g) for g in w.groups]} for w in d.warnings],
        "stats": d.stats,
        "sources": [{"number": s.number, "key": s.key, "label": s.label,
                     "articles": list(s.articles)} for s in d.sources],
        "summary": [{"text": s.text, "claim": s.claim,
                     "citations": [_passage(p, source_of) for p in s.citations]}
                    for s in d.summary],
        "claims": [_claim(c, source_of, number_of) for c in d.claims],
        "exclusives": [{"source": number_of[k], "claims": ids}
                       for k, ids in d.exclusives.items()],
        "dates": [_date(x) for x in d.dates],
        "timeline": [_entry(e, source_of) for e in d.timeline],
        "discrepancies": [_discrepancy(x, source_of) for x in d.discrepancies],
        **voices_to_dict(d, source_of, number_of),
        "articles": articles,
        "left_out": [{"article": x.article, "source": x.source, "reason": x.reason}
                     for x in d.left_out],
    }


def dumps(d: Dossier) -> str:
    return json.dumps(to_dict(d), ensure_ascii=False, indent=1)


def _check_version(data: dict[str, Any]) -> None:
    """Accept any 1.x: a minor version only adds fields (a 1.0 file has no ``warnings`` and no
    ``left_out``, a 1.0 or 1.1 file no claim ``support`` or ``conflicts``, a file before 1.3
    no ``dates``, ``timeline`` or ``discrepancies``, a file before 1.4 no ``entities``,
    ``quotes``, ``quote_groups`` or ``framing``: all read as empty). Another major
    version may mean something else: refuse it."""
    major = str(data.get("schema_version", "")).split(".")[0]
    if major != SCHEMA_VERSION.split(".")[0]:
        raise ValueError(f"unsupported dossier schema_version {data.get('schema_version')!r} "
                         f"(this storyweave reads {SCHEMA_VERSION.split('.')[0]}.x)")


def _warning(w: dict[str, Any]) -> DossierWarning:
    return DossierWarning(w["code"], w["message"], tuple(w.get("articles") or ()),
                          tuple(tuple(g) for g in w.get("groups") or ()))


def _read_support(s: dict[str, Any]) -> Support:
    return Support(_p(s["passage"]), s["same_fact"], s["paraphrase"], s["covers"],
                   tuple(Signal(g["name"], g["value"], g["weight"])
                         for g in s.get("signals") or ()))


def _read_values(values: list[dict[str, Any]]) -> tuple[StatedValue, ...]:
    return tuple(StatedValue(v["text"], v["key"], tuple(_p(p) for p in v["passages"]))
                 for v in values)


def _read_conflict(c: dict[str, Any]) -> ValueConflict:
    return ValueConflict(c["kind"], _read_values(c["values"]))


def _read_date(d: dict[str, Any]) -> ArticleDate:
    window = d.get("window") or {}
    return ArticleDate(
        d["article"], d.get("working"), d["source"], window.get("earliest"),
        window.get("latest"), d["confidence"],
        tuple(DateCandidate(c["value"], c["source"], c.get("evidence"), c["verdict"],
                            c.get("reason")) for c in d.get("candidates") or ()),
        tuple(d.get("reasons") or ()))


def _read_entry(e: dict[str, Any]) -> TimelineEntry:
    return TimelineEntry(e["claim"], e["start"], e["end"], e["precision"], tuple(
        TimeMention(_p(m["passage"]), m["start"], m["end"], m["precision"], m["value"])
        for m in e.get("mentions") or ()))


def _read_discrepancy(x: dict[str, Any]) -> Discrepancy:
    return Discrepancy(x["kind"], _read_values(x["values"]), tuple(x.get("claims") or ()),
                       x.get("quote_group"))


def _read_claim(c: dict[str, Any], key_of: dict[int, str]) -> Claim:
    return Claim(id=c["id"], passages=[_p(p) for p in c["passages"]],
                 sources=[key_of[n] for n in c["sources"]],
                 representative=_p(c["representative"]), text=c["text"],
                 centrality=c["centrality"], salience=c["salience"], position=c["position"],
                 support=[_read_support(s) for s in c.get("support") or []],
                 conflicts=[_read_conflict(x) for x in c.get("conflicts") or []])


def from_dict(data: dict[str, Any]) -> Dossier:
    """Read a dossier written by :func:`to_dict` (any 1.x schema)."""
    _check_version(data)
    sources = [Source(s["key"], s["number"], s["label"], tuple(s["articles"]))
               for s in data["sources"]]
    key_of = {s.number: s.key for s in sources}
    claims = [_read_claim(c, key_of) for c in data["claims"]]
    return Dossier(
        articles=[Article.from_dict(a) for a in data["articles"]],
        sources=sources, claims=claims,
        summary=[SummarySentence(s["claim"], s["text"], [_p(p) for p in s["citations"]])
                 for s in data["summary"]],
        exclusives={key_of[e["source"]]: list(e["claims"]) for e in data["exclusives"]},
        stats=data.get("stats", {}),
        warnings=[_warning(w) for w in data.get("warnings") or []],
        left_out=[LeftOut(x["article"], x["source"], x["reason"])
                  for x in data.get("left_out") or []],
        dates=[_read_date(x) for x in data.get("dates") or []],
        timeline=[_read_entry(e) for e in data.get("timeline") or []],
        discrepancies=[_read_discrepancy(x) for x in data.get("discrepancies") or []],
        **voices_from_dict(data, key_of),
        schema_version=data["schema_version"])


def loads(text: str) -> Dossier:
    return from_dict(json.loads(text))
