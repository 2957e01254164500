"""The sink interface and the URL -> sink factory."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path

from pipeline.errors import ErrorRow, UsageError
from pipeline.record import Record

Result = Record | ErrorRow


class Sink(ABC):
    """Receives results in batches; each ``write`` is all-or-nothing and idempotent."""

    url: str

    def open(self, fresh: bool = False) -> None:  # noqa: B027 - optional hook
        """Prepare the destination (create files, tables); ``fresh`` starts file outputs anew (--force)."""

    @abstractmethod
    def write(self, batch: Sequence[Result]) -> None:
        """Write records and error rows of one batch, atomically."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Flush and release the destination."""

    def __enter__(self) -> Sink:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_sink(url: str, default_dir: Path | None = None) -> Sink:
    """A sink for ``url``: ``jsonl:DIR``, ``sqlite:///file.db``, ``postgresql://...``, ``parquet:DIR``."""
    scheme, _, rest = url.partition(":")
    scheme = scheme.lower()
    if scheme == "jsonl":
        from pipeline.sinks.jsonl import JsonlSink

        return JsonlSink(Path(rest or default_dir or "extracted"))
    raise UsageError("E402", url=url)
