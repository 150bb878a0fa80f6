"""storyweave: many outlets' reports of one event in, a dossier where every statement cites
exact character spans of its sources out.

    articles, failures = storyweave.ingest(["examples/xi-moscow-2023"])
    dossier = storyweave.weave(articles)
    print(storyweave.render.to_markdown(dossier))

    store = storyweave.Store("news.db")     # annotate once, keep it (storyweave.store)
    store.add(articles)
    dossier = storyweave.weave(store.articles(), store=store)   # no model runs
    story = store.stories()[0]              # articles grouped into stories as they are stored
    dossier, cached = storyweave.story_dossier(store, story.id)
"""

from __future__ import annotations

from . import render
from .api import ingest, story_dossier, summarize, weave
from .ingestion import IngestError, read_html, read_text
from .model import Article, Claim, Dossier, Failure, Meta, Passage, Span
from .store import Store, StoreError

__all__ = ["Article", "Claim", "Dossier", "Failure", "IngestError", "Meta", "Passage", "Span",
           "Store", "StoreError", "ingest", "read_html", "read_text", "render", "story_dossier",
           "summarize", "weave"]
