"""The one exception ingest raises: it always names the input and says why."""


class IngestError(Exception):
    """An input that cannot become an article. ``str(err)`` is ``"<source>: <reason>"``."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
