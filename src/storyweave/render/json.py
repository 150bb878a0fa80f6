"""The dossier as JSON (schema in docs/dossier-schema.md) and back."""

from __future__ import annotations

import json
from importlib.metadata import version
from typing import Any

from ..labels import Label
from ..model import (
    SCHEMA_VERSION,
    Article,
    Claim,
    Dossier,
    DossierWarning,
    LeftOut,
    Passage,
    Source,
    SummarySentence,
)


def _passage(p: Passage, source_of: dict[str, int]) -> dict[str, Any]:
    return {"source": source_of[p.article], "article": p.article, "start": p.start, "end": p.end}


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
        "claims": [{"id": c.id, "text": c.text, "corroboration": c.corroboration,
                    "sources": [number_of[k] for k in c.sources],
                    "representative": _passage(c.representative, source_of),
                    "passages": [_passage(p, source_of) for p in c.passages],
                    "centrality": round(c.centrality, 4), "salience": round(c.salience, 4),
                    "position": round(c.position, 4)} for c in d.claims],
        "exclusives": [{"source": number_of[k], "claims": ids}
                       for k, ids in d.exclusives.items()],
        "articles": articles,
        "left_out": [{"article": x.article, "source": x.source, "reason": x.reason}
                     for x in d.left_out],
    }


def dumps(d: Dossier) -> str:
    return json.dumps(to_dict(d), ensure_ascii=False, indent=1)


def _p(x: dict[str, Any]) -> Passage:
    return Passage(x["article"], x["start"], x["end"])


def _check_version(data: dict[str, Any]) -> None:
    """Accept any 1.x: a minor version only adds fields (a 1.0 file has no ``warnings`` and no
    ``left_out``, read as empty). Another major version may mean something else: refuse it."""
    major = str(data.get("schema_version", "")).split(".")[0]
    if major != SCHEMA_VERSION.split(".")[0]:
        raise ValueError(f"unsupported dossier schema_version {data.get('schema_version')!r} "
                         f"(this storyweave reads {SCHEMA_VERSION.split('.')[0]}.x)")


def _warning(w: dict[str, Any]) -> DossierWarning:
    return DossierWarning(w["code"], w["message"], tuple(w.get("articles") or ()),
                          tuple(tuple(g) for g in w.get("groups") or ()))


def from_dict(data: dict[str, Any]) -> Dossier:
    """Read a dossier written by :func:`to_dict` (any 1.x schema)."""
    _check_version(data)
    sources = [Source(s["key"], s["number"], s["label"], tuple(s["articles"]))
               for s in data["sources"]]
    key_of = {s.number: s.key for s in sources}
    claims = [Claim(id=c["id"], passages=[_p(p) for p in c["passages"]],
                    sources=[key_of[n] for n in c["sources"]],
                    representative=_p(c["representative"]), text=c["text"],
                    centrality=c["centrality"], salience=c["salience"], position=c["position"])
              for c in data["claims"]]
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
        schema_version=data["schema_version"])


def loads(text: str) -> Dossier:
    return from_dict(json.loads(text))
