"""The store: annotate once, keep it. Articles, their spans, vectors and pair-scorer sides,
their stories, failures and ingest runs in one SQLite file.

    schema (the file: checks, migrations) -> rows (annotations <-> rows, exactly)
    -> database (Store: add, get, search, annotations, stories) ; grouped (each article
    placed in a story as it is written, the grouping state kept between runs) ; storyviews
    (stories listed and filtered) ; intake (inputs -> store, in worker processes, one
    transaction per batch)
"""

from .database import Added, SearchHit, Store
from .intake import IngestSummary, ingest_into
from .schema import SCHEMA_VERSION, StoreError

__all__ = ["SCHEMA_VERSION", "Added", "IngestSummary", "SearchHit", "Store", "StoreError",
           "ingest_into"]
