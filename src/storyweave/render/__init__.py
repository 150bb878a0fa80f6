"""Renderers: the dossier as JSON (the documented schema) or as Markdown."""

from .json import dumps as to_json
from .json import from_dict, loads, to_dict
from .markdown import to_markdown

__all__ = ["from_dict", "loads", "to_dict", "to_json", "to_markdown"]
