"""Quotes and speakers on the spaCy parse: direct, partial and reported speech
(``extraction``), quotation marks (``marks``), who said it (``speakers``). docs/quotes.md."""

from .extraction import quote_chunks, quote_spans, run_parse

__all__ = ["quote_chunks", "quote_spans", "run_parse"]
