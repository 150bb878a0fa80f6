"""One codec for every record of :mod:`storyweave.model`: :func:`to_plain` turns a record into
plain JSON-able values (dicts, lists, strings, numbers, booleans, None) and :func:`from_plain`
turns them back. The ``extract`` JSON lines, the ``--resume`` checkpoints and the JSON dossier
all go through it, so a record has one plain form wherever it is stored.

A small walker does the work: a record is written field by field, in field order, and read back
by its fields' type hints. Where the documented JSON (docs/dossier-schema.md) deliberately
differs from the field layout, the difference is declared once in ``_SHAPES`` instead of being
written out by hand per record, so a field added to a record is written and read with no change
here, and a shape that no longer matches its record fails at import.

Inside a :class:`~storyweave.model.Dossier` sources are named by their number (``[2]`` in the
summary), not their key, and every citation carries its source's number: the dossier's plain
form is the documented JSON, less the ``generator`` line the JSON renderer adds.

Reading is as lenient as a reader of older files must be: a missing or null value takes its
field's default, and a missing optional one reads as None. The codec shapes, it does not check
scalar types (``ingestion.readers`` checks untrusted article records and names what is wrong);
data of the wrong shape raises ``KeyError``, ``TypeError`` or ``ValueError``.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from enum import Enum
from typing import Any, TypeVar, cast

from . import model
from .labels import Label
from .model import (
    Article,
    ArticleDate,
    Claim,
    Discrepancy,
    Dossier,
    Entity,
    Framing,
    Mention,
    OutletFraming,
    Passage,
    Quote,
    QuoteGroup,
    Source,
    SummarySentence,
    TermUse,
)

__all__ = ["RECORDS", "from_plain", "to_plain"]

T = TypeVar("T")

# Every record type of the model, for callers (and tests) that want to walk them all.
RECORDS: tuple[type, ...] = tuple(
    v for v in vars(model).values()
    if isinstance(v, type) and dataclasses.is_dataclass(v) and v.__module__ == model.__name__)

# 2.0 changed what ids are made of and dropped ``stats.seconds``: a 1.x file still reads whole.
READABLE_MAJORS = ("1", "2")


def to_plain(record: Any) -> Any:
    """``record`` (any record of :mod:`storyweave.model`, or a list, tuple or dict of them) as
    plain JSON-able values; enum members become their strings."""
    return _Codec().write(record)


def from_plain(cls: type[T], data: Any) -> T:
    """The ``cls`` record that :func:`to_plain` wrote as ``data``. A dossier of another major
    schema version is refused (``ValueError``): it may mean something else."""
    return cast(T, _Codec().read_record(cls, data))


# --- how a record's plain form differs from its fields ----------------------------------------

# A hook writes one key from the whole record, and (when it is a field) reads that field back.
_Write = Callable[["_Codec", Any], Any]
_Read = Callable[["_Codec", Any], Any]


@dataclass(frozen=True, slots=True)
class _Shape:
    keys: tuple[str, ...] = ()  # the JSON's key order, when it is not the field order
    sources: frozenset[str] = frozenset()  # fields of source keys: numbers in a dossier
    omit_none: frozenset[str] = frozenset()  # written only when set
    nested: dict[str, tuple[str, ...]] = field(default_factory=dict)  # key -> fields inside it
    hooks: dict[str, tuple[_Write, _Read | None]] = field(default_factory=dict)
    read_defaults: dict[str, Any] = field(default_factory=dict)  # for fields without a default


def _rounded(name: str) -> tuple[_Write, None]:
    # The dossier has always given these to 4 places; the weaver keeps them unrounded.
    return (lambda c, r: round(getattr(r, name), 4), None)


def _paragraphs_only(c: _Codec, d: Dossier) -> list[Any]:
    # A dossier cites paragraphs; its articles' other spans (sentences, entities...) would
    # multiply its size for nothing a reader of the dossier uses.
    return [c.write(dataclasses.replace(
        a, spans=[s for s in a.spans if s.label == Label.PARAGRAPH])) for a in d.articles]


_SHAPES: dict[type, _Shape] = {
    # ``extract`` has always written the text after the metadata, spans last.
    Article: _Shape(keys=("id", "source", "format", "encoding", "meta", "text", "removed",
                          "spans"),
                    read_defaults={"format": "txt"}),
    Source: _Shape(keys=("number", "key", "label", "articles")),
    SummarySentence: _Shape(keys=("text", "claim", "citations")),
    Claim: _Shape(
        keys=("id", "text", "corroboration", "sources", "representative", "passages",
              "centrality", "salience", "position", "support", "conflicts", "attribute",
              "nearest_other"),
        sources=frozenset({"sources"}), omit_none=frozenset({"attribute", "nearest_other"}),
        hooks={"corroboration": (lambda c, r: r.corroboration, None),
               "centrality": _rounded("centrality"), "salience": _rounded("salience"),
               "position": _rounded("position")}),
    ArticleDate: _Shape(keys=("article", "working", "source", "window", "confidence",
                              "candidates", "reasons"),
                        nested={"window": ("earliest", "latest")}),
    # only a "quote" discrepancy has a quote group; 1.3 files, which had none, stay valid;
    # a file before 2.1 has no relation: each of its discrepancies reads as a contradiction;
    # only a discrepancy about a person (age, rank 2.5; home 2.9) names its entity
    Discrepancy: _Shape(keys=("kind", "relation", "claims", "values", "quote_group", "entity"),
                        omit_none=frozenset({"quote_group", "entity"})),
    Entity: _Shape(
        keys=("id", "name", "type", "country", "aliases", "roles", "sources", "mentions"),
        hooks={"sources": (  # a list, so that the sources keep their order in any reader
            lambda c, r: [{"source": c.source_out(k), "mentions": n} for k, n in r.sources.items()],
            lambda c, x: {c.source_in(s["source"]): s["mentions"] for s in _list(x)})}),
    Quote: _Shape(keys=("id", "kind", "speaker", "role", "content", "speaker_mention", "cue")),
    QuoteGroup: _Shape(keys=("id", "speaker", "sources", "claims", "wording_differs",
                             "variants"),
                       sources=frozenset({"sources"})),
    OutletFraming: _Shape(sources=frozenset({"source"})),
    TermUse: _Shape(sources=frozenset({"sources"})),
    Framing: _Shape(hooks={"coverage": (
        lambda c, r: [{"claim": cid, "sources": c.source_out(keys)} for cid, keys in r.coverage],
        lambda c, x: [(y["claim"], tuple(c.source_in(y["sources"]))) for y in _list(x)])}),
    # ``generator`` is the JSON renderer's; the articles come last, being the bulk of the file.
    Dossier: _Shape(
        keys=("schema_version", "headline", "warnings", "stats", "sources", "summary", "claims",
              "exclusives", "dates", "timeline", "discrepancies", "entities", "quotes",
              "quote_groups", "framing", "articles", "left_out"),
        hooks={"exclusives": (
            lambda c, r: [{"source": c.source_out(k), "claims": ids}
                          for k, ids in r.exclusives.items()],
            lambda c, x: {c.source_in(e["source"]): list(e["claims"]) for e in _list(x)}),
            "articles": (_paragraphs_only, None)}),
}
_PLAIN_SHAPE = _Shape()


# --- the walker ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Refs:
    """How a dossier names its sources: by number (docs/dossier-schema.md)."""

    number_of: dict[str, int]  # source key -> number
    source_of: dict[str, int]  # article id -> its source's number
    key_of: dict[int, str]  # number -> source key


class _Codec:
    """Writes and reads records; inside a dossier it has the dossier's source numbering."""

    __slots__ = ("refs",)

    def __init__(self, refs: _Refs | None = None) -> None:
        self.refs = refs

    def source_out(self, keys: str | Sequence[str]) -> Any:
        if self.refs is None:
            return keys if isinstance(keys, str) else list(keys)
        number_of = self.refs.number_of
        return number_of[keys] if isinstance(keys, str) else [number_of[k] for k in keys]

    def source_in(self, refs: Any) -> Any:
        if self.refs is None:
            return refs
        key_of = self.refs.key_of
        return [key_of[n] for n in refs] if isinstance(refs, list) else key_of[refs]

    def write(self, value: Any) -> Any:
        if type(value) in _SCALARS:
            return value
        if isinstance(value, Enum):
            return value.value
        if isinstance(value, list | tuple):
            return [self.write(v) for v in value]
        if isinstance(value, dict):
            return {k: self.write(v) for k, v in value.items()}
        writer = _WRITERS.get(type(value))
        if writer is not None:
            return writer(self, value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return self.write_fields(value)
        if isinstance(value, str | int | float):  # subclasses that are no enum
            return value
        raise TypeError(f"no plain form for a {type(value).__name__}")

    def read_record(self, cls: type, data: Any) -> Any:
        reader = _READERS.get(cls)
        return reader(self, data) if reader is not None else self.read_fields(cls, data)

    def write_fields(self, record: Any) -> dict[str, Any]:
        return {key: v for key, w in _plan(type(record)).writes
                if (v := w(self, record)) is not _OMIT}

    def read_fields(self, cls: type, data: Any) -> Any:
        data = _dict(data, cls)
        kwargs = {}
        for f in _plan(cls).reads:
            outer = data if f.parent is None else _dict(data.get(f.parent) or {}, cls)
            raw = outer.get(f.name, _OMIT)
            if raw is None or raw is _OMIT:
                if f.default is not None:
                    kwargs[f.name] = f.default()
                elif raw is None or f.optional:
                    kwargs[f.name] = None
                else:
                    raise KeyError(f"{cls.__name__} without {f.name!r}")
            else:
                kwargs[f.name] = f.read(self, raw)
        return cls(**kwargs)


_SCALARS = frozenset({str, int, float, bool, type(None)})
_OMIT: Any = object()  # "not written" / "not there"


def _dict(x: Any, cls: type) -> dict[str, Any]:
    if not isinstance(x, dict):
        raise TypeError(f"a {cls.__name__} is an object, not {type(x).__name__}")
    return x


def _list(x: Any) -> list[Any] | tuple[Any, ...]:
    if not isinstance(x, list | tuple):
        raise TypeError(f"expected a list, not {type(x).__name__}")
    return x


# --- records written by hand -------------------------------------------------------------------
# A citation depends on the dossier around it, a mention is flat, and a dossier sets up the
# numbering its records are written with. A field added to Passage or Mention must be added
# here too: the round trips of tests/test_codec.py fail until it is.

def _write_passage(c: _Codec, p: Passage) -> dict[str, Any]:
    # A citation names its source's number in a dossier (docs/dossier-schema.md, "Citations").
    if c.refs is None:
        return {"article": p.article, "start": p.start, "end": p.end}
    return {"source": c.refs.source_of[p.article], "article": p.article, "start": p.start,
            "end": p.end}


def _write_mention(c: _Codec, m: Mention) -> dict[str, Any]:
    # flat: a mention is mostly its citation, and entities have thousands of them
    return {"form": m.form, **_write_passage(c, m.passage)}


def _read_mention(c: _Codec, data: Any) -> Mention:
    return Mention(c.read_record(Passage, data), _dict(data, Mention)["form"])


def _write_dossier(c: _Codec, d: Dossier) -> dict[str, Any]:
    refs = _Refs(number_of={s.key: s.number for s in d.sources},
                 source_of={aid: s.number for s in d.sources for aid in s.articles},
                 key_of={s.number: s.key for s in d.sources})
    return _Codec(refs).write_fields(d)


def _read_dossier(c: _Codec, data: Any) -> Dossier:
    data = _dict(data, Dossier)
    _check_version(data)
    key_of = {s["number"]: s["key"] for s in _list(data["sources"])}
    return cast(Dossier, _Codec(_Refs({}, {}, key_of)).read_fields(Dossier, data))


def _check_version(data: dict[str, Any]) -> None:
    """Accept any 1.x: a minor version only adds fields (a 1.0 file has no ``warnings`` and no
    ``left_out``, a 1.0 or 1.1 file no claim ``support`` or ``conflicts``, a file before 1.3
    no ``dates``, ``timeline`` or ``discrepancies``, a file before 1.4 no ``entities``,
    ``quotes``, ``quote_groups`` or ``framing``: all read as empty). Another major version
    may mean something else: refuse it, except 1.x under 2.x: 2.0 only made the ids from
    content and dropped ``stats.seconds``, so a 1.x file reads as it is (positional ids)."""
    major = str(data.get("schema_version", "")).split(".")[0]
    if major not in READABLE_MAJORS:
        readable = " and ".join(f"{m}.x" for m in READABLE_MAJORS)
        raise ValueError(f"unsupported dossier schema_version {data.get('schema_version')!r} "
                         f"(this storyweave reads {readable})")


_WRITERS: dict[type, Callable[[_Codec, Any], Any]] = {
    Passage: _write_passage, Mention: _write_mention, Dossier: _write_dossier}
_READERS: dict[type, Callable[[_Codec, Any], Any]] = {
    Mention: _read_mention, Dossier: _read_dossier}


# --- plans: what the walker does for each record type, worked out once ------------------------

@dataclass(frozen=True, slots=True)
class _FieldRead:
    name: str
    parent: str | None  # the key the field is nested under, if any
    read: _Read
    default: Callable[[], Any] | None  # for a missing or null value
    optional: bool  # None is one of its values: a missing one reads as None


@dataclass(frozen=True, slots=True)
class _Plan:
    writes: tuple[tuple[str, _Write], ...]  # in key order
    reads: tuple[_FieldRead, ...]


_PLANS: dict[type, _Plan] = {}


def _plan(cls: type) -> _Plan:
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _make_plan(cls)
    return plan


def _make_plan(cls: type) -> _Plan:
    shape = _SHAPES.get(cls, _PLAIN_SHAPE)
    own = [f for f in fields(cls) if f.init]  # not a dossier's lookup tables
    names = [f.name for f in own]
    _check(cls, shape, names)
    hints = typing.get_type_hints(cls)
    parent_of = {name: key for key, inside in shape.nested.items() for name in inside}
    reads = []
    for f in own:
        hook = shape.hooks.get(f.name)
        read = hook[1] if hook is not None and hook[1] is not None else _reader(hints[f.name])
        if f.name in shape.sources:
            read = _via_sources(read)
        reads.append(_FieldRead(f.name, parent_of.get(f.name), read, _default(f, shape),
                                _admits_none(hints[f.name])))
    writes = tuple((key, _writer(key, shape)) for key in shape.keys or names)
    return _Plan(writes, tuple(reads))


def _check(cls: type, shape: _Shape, names: list[str]) -> None:
    """Refuse a shape that forgets a field or names one the record does not have: a record
    that grows a field must not lose it silently on its way to JSON."""
    keys = set(shape.keys or names)
    inside = {name for names_in in shape.nested.values() for name in names_in}
    covered = (keys - set(shape.nested)) | inside
    wrong = {
        "not written": set(names) - covered,
        "not a field (nor a derived key)": covered - set(names) - set(shape.hooks),
        "unknown": (shape.sources | shape.omit_none | set(shape.read_defaults)) - set(names),
    }
    if problems := "; ".join(f"{what}: {sorted(v)}" for what, v in wrong.items() if v):
        raise TypeError(f"the codec's shape of {cls.__name__} does not match it: {problems}")


def _writer(key: str, shape: _Shape) -> _Write:
    if (hook := shape.hooks.get(key)) is not None:
        return hook[0]
    if (inside := shape.nested.get(key)) is not None:
        return lambda c, r: {name: c.write(getattr(r, name)) for name in inside}
    if key in shape.sources:
        return lambda c, r: c.source_out(getattr(r, key))
    if key in shape.omit_none:
        return lambda c, r: _OMIT if (v := getattr(r, key)) is None else c.write(v)
    return lambda c, r: c.write(getattr(r, key))


def _via_sources(read: _Read) -> _Read:
    return lambda c, x: read(c, c.source_in(x))


def _default(f: dataclasses.Field[Any], shape: _Shape) -> Callable[[], Any] | None:
    if f.default is not dataclasses.MISSING:
        value = f.default
        return lambda: value
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory
    if f.name in shape.read_defaults:
        value = shape.read_defaults[f.name]
        return lambda: value
    return None


def _admits_none(hint: Any) -> bool:
    return hint is Any or (typing.get_origin(hint) in (types.UnionType, typing.Union)
                           and type(None) in typing.get_args(hint))


def _as_is(c: _Codec, x: Any) -> Any:
    return x


def _reader(hint: Any) -> _Read:
    """How to read a value of type ``hint`` (a field's type hint) from its plain form."""
    if hint is Any or hint in (str, int, float, bool):
        return _as_is  # shaped, not checked: see the module docstring
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        inner = _reader(next(a for a in args if a is not type(None)))
        return lambda c, x: None if x is None else inner(c, x)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return lambda c, x: hint(x)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return lambda c, x: c.read_record(hint, x)
    if origin is list:
        item = _reader(args[0])
        return lambda c, x: [item(c, v) for v in _list(x)]
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _reader(args[0])
        return lambda c, x: tuple(item(c, v) for v in _list(x))
    if origin is tuple:
        items = [_reader(a) for a in args]
        return lambda c, x: tuple(r(c, v) for r, v in zip(items, _list(x), strict=True))
    if origin is dict:
        value = _reader(args[1])
        return lambda c, x: {k: value(c, v) for k, v in _dict(x, dict).items()}
    raise TypeError(f"the codec cannot read a {hint!r}")


for _cls in RECORDS:  # at import: a shape that does not fit its record fails at once
    _plan(_cls)
