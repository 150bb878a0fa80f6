"""The Voices fields of the JSON dossier (schema 1.4): ``entities``, ``quotes``,
``quote_groups`` and ``framing``, written and read back. Sources are referred to by number,
passages as everywhere else in the schema."""

from __future__ import annotations

from typing import Any

from ..model import (
    Entity,
    Framing,
    Mention,
    OutletFraming,
    Passage,
    Quote,
    QuoteGroup,
    QuoteVariant,
    TermUse,
    VoiceCount,
    WordingChoice,
)


def passage_to_dict(p: Passage, source_of: dict[str, int]) -> dict[str, Any]:
    """A citation as the schema writes it (docs/dossier-schema.md, "Citations")."""
    return {"source": source_of[p.article], "article": p.article, "start": p.start, "end": p.end}


def passage_from_dict(x: dict[str, Any]) -> Passage:
    return Passage(x["article"], x["start"], x["end"])


_passage, _pp = passage_to_dict, passage_from_dict


def _maybe(p: Passage | None, source_of: dict[str, int]) -> dict[str, Any] | None:
    return None if p is None else _passage(p, source_of)


def _p(x: dict[str, Any] | None) -> Passage | None:
    return None if x is None else passage_from_dict(x)


def _entity(e: Entity, source_of: dict[str, int], number_of: dict[str, int]) -> dict[str, Any]:
    return {"id": e.id, "name": e.name, "type": e.type, "country": e.country,
            "aliases": list(e.aliases), "roles": list(e.roles),
            "sources": [{"source": number_of[k], "mentions": n} for k, n in e.sources.items()],
            "mentions": [{"form": m.form, **_passage(m.passage, source_of)} for m in e.mentions]}


def _quote(q: Quote, source_of: dict[str, int]) -> dict[str, Any]:
    return {"id": q.id, "kind": q.kind, "speaker": q.speaker, "role": q.role,
            "content": _passage(q.content, source_of),
            "speaker_mention": _maybe(q.speaker_mention, source_of),
            "cue": _maybe(q.cue, source_of)}


def _group(g: QuoteGroup, source_of: dict[str, int], number_of: dict[str, int]) -> dict[str, Any]:
    return {"id": g.id, "speaker": g.speaker, "sources": [number_of[k] for k in g.sources],
            "claims": list(g.claims), "wording_differs": g.wording_differs,
            "variants": [{"quote": v.quote,
                          "differing": [_passage(p, source_of) for p in v.differing]}
                         for v in g.variants]}


def _counts(counts: list[VoiceCount]) -> list[dict[str, Any]]:
    return [{"key": v.key, "label": v.label, "quotes": v.quotes} for v in counts]


def _framing(f: Framing, source_of: dict[str, int], number_of: dict[str, int]) -> dict[str, Any]:
    return {
        "outlets": [{"source": number_of[o.source], "voices": _counts(o.voices),
                     "sides": _counts(o.sides), "carried": o.carried, "omitted": o.omitted}
                    for o in f.outlets],
        "coverage": [{"claim": cid, "sources": [number_of[k] for k in keys]}
                     for cid, keys in f.coverage],
        "wording": [{"topic": w.topic, "claim": w.claim,
                     "uses": [{"term": u.term, "sources": [number_of[k] for k in u.sources],
                               "passages": [_passage(p, source_of) for p in u.passages]}
                              for u in w.uses]} for w in f.wording],
    }


def voices_to_dict(d, source_of: dict[str, int], number_of: dict[str, int]) -> dict[str, Any]:
    """The four Voices fields of a dossier, ready for ``json.dumps``."""
    return {
        "entities": [_entity(e, source_of, number_of) for e in d.entities],
        "quotes": [_quote(q, source_of) for q in d.quotes],
        "quote_groups": [_group(g, source_of, number_of) for g in d.quote_groups],
        "framing": None if d.framing is None else _framing(d.framing, source_of, number_of),
    }


def _read_counts(xs: list[dict[str, Any]]) -> list[VoiceCount]:
    return [VoiceCount(x["key"], x["label"], x["quotes"]) for x in xs]


def voices_from_dict(data: dict[str, Any], key_of: dict[int, str]) -> dict[str, Any]:
    """The keyword arguments of :class:`~storyweave.model.Dossier` for the Voices fields of a
    JSON dossier; a dossier before schema 1.4 has none (all empty)."""
    entities = [Entity(id=e["id"], name=e["name"], type=e["type"], aliases=tuple(e["aliases"]),
                       roles=tuple(e["roles"]),
                       mentions=[Mention(_pp(m), m["form"]) for m in e["mentions"]],
                       sources={key_of[s["source"]]: s["mentions"] for s in e["sources"]},
                       country=e.get("country"))
                for e in data.get("entities") or []]
    quotes = [Quote(q["id"], _pp(q["content"]), q["kind"], q.get("speaker"),
                    _p(q.get("speaker_mention")), _p(q.get("cue")), q.get("role"))
              for q in data.get("quotes") or []]
    groups = [QuoteGroup(g["id"], g.get("speaker"),
                         [QuoteVariant(v["quote"], tuple(_pp(p) for p in v["differing"]))
                          for v in g["variants"]],
                         [key_of[n] for n in g["sources"]], list(g["claims"]),
                         g.get("wording_differs", False))
              for g in data.get("quote_groups") or []]
    f = data.get("framing")
    framing = None if f is None else Framing(
        outlets=[OutletFraming(key_of[o["source"]], _read_counts(o["voices"]),
                               _read_counts(o["sides"]), o["carried"], list(o["omitted"]))
                 for o in f["outlets"]],
        coverage=[(c["claim"], tuple(key_of[n] for n in c["sources"])) for c in f["coverage"]],
        wording=[WordingChoice(w["topic"], w.get("claim"), tuple(
            TermUse(u["term"], tuple(key_of[n] for n in u["sources"]),
                    tuple(_pp(p) for p in u["passages"])) for u in w["uses"]))
            for w in f["wording"]])
    return {"entities": entities, "quotes": quotes, "quote_groups": groups, "framing": framing}
