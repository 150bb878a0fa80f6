"""storyweave: many outlets' reports of one event in, a dossier where every statement cites
exact character spans of its sources out.

    articles, failures = storyweave.ingest(["reports/"])
    dossier = storyweave.weave(articles)
    print(storyweave.render.to_markdown(dossier))
"""

from __future__ import annotations

from .ingest import IngestError, ingest, read_html, read_text
from .model import Article, Claim, Dossier, Failure, Meta, Passage, Span
from .weave import weave

__all__ = ["Article", "Claim", "Dossier", "Failure", "IngestError", "Meta", "Passage", "Span",
           "ingest", "read_html", "read_text", "summarize", "weave"]


def summarize(documents: list[str], words: int = 300) -> str:
    """A cited-extractive summary of several plain-text documents about one event, about
    ``words`` long (the last sentence may run over; cut it if you need an exact length)."""
    articles = []
    for i, doc in enumerate(documents):
        try:
            articles.append(read_text(doc, f"document {i + 1}"))
        except IngestError:
            continue  # an empty document has nothing to contribute
    if not articles:
        return ""
    return " ".join(s.text for s in weave(articles, sentences=None, words=words).summary)
