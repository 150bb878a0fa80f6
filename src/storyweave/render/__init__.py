"""Renderers: the dossier as JSON (the documented schema), as Markdown or as a self-contained
HTML page; one article as a terminal report."""

from .html import to_html
from .json import dumps as to_json
from .json import from_dict, loads, to_dict
from .markdown import to_markdown
from .terminal import article_report

__all__ = ["article_report", "from_dict", "loads", "to_dict", "to_html", "to_json",
           "to_markdown"]
