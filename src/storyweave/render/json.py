"""The dossier as JSON (schema in docs/dossier-schema.md) and back: the codec's plain form of
the dossier (:mod:`storyweave.codec`), with the version of storyweave that wrote it."""

from __future__ import annotations

import io
import json
from importlib.metadata import version
from typing import Any

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
    """The JSON text (indented by one). Written piece by piece into one buffer: ``json.dumps``
    with an indent joins a list of every piece, millions for a 400-article story, which
    was the stored weave's peak memory (+90 MB for 31 MB of JSON)."""
    out = io.StringIO()
    for piece in json.JSONEncoder(ensure_ascii=False, indent=1).iterencode(to_dict(d)):
        out.write(piece)
    return out.getvalue()


def from_dict(data: dict[str, Any]) -> Dossier:
    """Read a dossier written by :func:`to_dict`: any 1.x schema (what a minor version lacks
    reads as empty); another major version is refused with ``ValueError``."""
    return from_plain(Dossier, data)


def dossier_from_json(text: str) -> Dossier:
    """The dossier a JSON dossier holds; written again with :func:`dumps`, it gives the same
    JSON (the ``generator`` line aside, if another version wrote it)."""
    return from_dict(json.loads(text))


loads = dossier_from_json  # the name storyweave.render exports
