"""The public verbs: ``ingest`` inputs into clean articles, ``weave`` one story's articles into
its dossier, ``summarize`` plain documents into cited-extractive text."""

from __future__ import annotations

from .ingestion import IngestError, read_text
from .ingestion.batch import ingest
from .pipeline import weave
from .weaving import NothingToWeave

__all__ = ["ingest", "summarize", "weave"]


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
    try:
        dossier = weave(articles, sentences=None, words=words)
    except NothingToWeave:  # e.g. no document in English: nothing to summarise, not an error
        return ""
    return " ".join(s.text for s in dossier.summary)
