"""Ingestion: inputs (files, directories, stdin, JSONL) to clean :class:`Article` records.

    readers (sniff the format) -> decode -> html (trafilatura) | textclean (our line cleaner)
    -> assemble (paragraph spans) ; batch: template lines shared across an outlet's articles
"""

from .batch import ingest
from .budget import DEFAULT_TIME_LIMIT
from .decode import DEFAULT_MAX_BYTES
from .errors import IngestError
from .html import read_html
from .readers import iter_paths, read_bytes, read_jsonl, read_path, read_text, sniff
from .template import remove_template_lines

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_TIME_LIMIT", "IngestError", "ingest", "iter_paths",
           "read_bytes", "read_html", "read_jsonl", "read_path", "read_text",
           "remove_template_lines", "sniff"]
