"""The one exception ingest raises: it always names the input and says why."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Meta


class IngestError(Exception):
    """An input that cannot become an article. ``str(err)`` is ``"<source>: <reason>"``."""

    def __init__(self, source: str, reason: str, meta: dict[str, Meta] | None = None):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
        # What the input said about itself before it failed (an HTML page's date and title
        # when it has no article text); the reason names the same values for a reader.
        self.meta = meta or {}
