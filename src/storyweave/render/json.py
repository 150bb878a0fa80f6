"""The dossier as JSON (schema in docs/dossier-schema.md) and back: the codec's plain form of
the dossier (:mod:`storyweave.codec`), with the version of storyweave that wrote it."""

from __future__ import annotations

import json
from importlib.metadata import version
from typing import Any

import orjson

from ..codec import from_plain, to_plain
from ..model import Dossier


def to_dict(d: Dossier) -> dict[str, Any]:
    """The dossier as the schema's JSON object, ready for ``json.dumps``."""
    plain = to_plain(d)
    # the writer belongs to the file, not to the dossier: a dossier read back and written
    # again by a newer storyweave says so
    return {"schema_version": plain.pop("schema_version"),
            "generator": f"storyweave {version('storyweave')}", **plain}


def dumps(d: Dossier) -> str:
    """The JSON text, indented by two. Written by orjson: the standard library's encoder
    with an indent is pure Python, 3.8 s of a 400-article story's 30 (orjson: 0.1 s for the
    same 31 MB; bench/dossier_timing.py). A source named by a file name that is not UTF-8
    holds lone surrogates (os.fsdecode), which orjson refuses: that dossier is written by
    the standard library, laid out alike, and the CLI escapes them (``clioutput._utf8``)."""
    plain = to_dict(d)
    try:
        return orjson.dumps(plain, option=orjson.OPT_INDENT_2).decode("utf-8")
    except TypeError:
        return json.dumps(plain, ensure_ascii=False, indent=2)


def from_dict(data: dict[str, Any]) -> Dossier:
    """Read a dossier written by :func:`to_dict`: any 1.x schema (what a minor version lacks
    reads as empty); another major version is refused with ``ValueError``."""
    return from_plain(Dossier, data)


def dossier_from_json(text: str) -> Dossier:
    """The dossier a JSON dossier holds; written again with :func:`dumps`, it gives the same
    JSON (the ``generator`` line aside, if another version wrote it)."""
    return from_dict(json.loads(text))


loads = dossier_from_json  # the name storyweave.render exports
