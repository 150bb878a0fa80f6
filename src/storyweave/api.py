"""The public verbs: ``ingest`` inputs into clean articles, ``weave`` one story's articles into
its dossier, ``summarize`` plain documents into cited-extractive text."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .ingestion import IngestError, read_text
from .ingestion.batch import ingest
from .model import SCHEMA_VERSION, Dossier
from .pipeline import weave
from .progress import Progress
from .weaving import NothingToWeave

if TYPE_CHECKING:
    from .store import Store

__all__ = ["ingest", "story_dossier", "summarize", "weave"]


def story_dossier(store: Store, story_id: str, *, sentences: int | None = 6,
                  words: int | None = None, progress: Progress | None = None,
                  ) -> tuple[Dossier, bool]:
    """The dossier of a stored story (an alias of a merged story leads to the story it
    joined), from its stored annotations, and whether it came from the store's cache: the
    dossier is kept until the story changes (an article joins, a story merges in) or is
    asked for with other settings. Raises ``KeyError`` naming the id if there is no such
    story."""
    from importlib.metadata import version

    from .nlp.annotation import PIPELINE_VERSION
    from .render.json import dossier_from_json, dumps

    story = store.story(story_id)
    # the schema too: a weave that writes a new section or kind (a minor schema version)
    # must not be served the dossier an older one cached, nor re-annotate for it; and the
    # code itself, since a change to how claims are woven bumps none of the three
    settings = (f"storyweave {version('storyweave')}; pipeline {PIPELINE_VERSION}; "
                f"schema {SCHEMA_VERSION}; code {code_fingerprint()}; "
                f"sentences {sentences}; words {words}")
    cached = store.cached_dossier(story, settings)
    if cached is not None:
        return dossier_from_json(cached), True
    articles = store.get([a.id for a in story.articles])
    result = weave(articles, sentences=sentences, words=words, progress=progress, store=store)
    if not store.readonly:
        store.keep_dossier(story, settings, dumps(result))
    return result, False


@cache
def code_fingerprint() -> str:
    """A digest of this package's Python sources: a cached dossier is woven again after any
    change to the code that wove it, released or not (an editable install keeps its version
    number through every change)."""
    return sources_digest(Path(__file__).resolve().parent)


def sources_digest(package: Path) -> str:
    """A digest of the names and bytes of the Python files under ``package``."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


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
