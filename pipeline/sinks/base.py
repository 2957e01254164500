"""The sink interface and the URL -> sink factory."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from pathlib import Path

from pipeline.errors import ErrorRow, PipelineError, UsageError
from pipeline.record import Record

Result = Record | ErrorRow


class SinkError(PipelineError):
    """A sink could not commit a batch (E301). The batch is rolled back; a rerun completes it."""


class Sink(ABC):
    """Receives results in batches; each ``write`` is all-or-nothing and idempotent."""

    url: str

    def open(self, fresh: bool = False) -> None:  # noqa: B027 - optional hook
        """Prepare the destination (create files, tables); ``fresh`` starts file outputs anew (--force)."""

    @abstractmethod
    def write(self, batch: Sequence[Result]) -> None:
        """Write records and error rows of one batch, atomically; raise SinkError on failure."""

    def existing(self) -> Iterator[tuple[str, str | None]]:
        """(doc_id, content hash) of what the destination already holds (to reconcile the ledger)."""
        return iter(())

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
    if scheme == "sqlite":
        from pipeline.sinks.sqlite import SqliteSink

        return SqliteSink(sqlite_path(url))
    if scheme in ("postgresql", "postgres"):
        from pipeline.sinks.postgres import PostgresSink

        return PostgresSink(url)
    if scheme == "parquet":
        from pipeline.sinks.parquet import ParquetSink

        return ParquetSink(Path(rest or default_dir or "extracted"))
    raise UsageError("E402", url=url)


def sqlite_path(url: str) -> Path:
    """``sqlite:///relative.db`` and ``sqlite:////absolute.db`` (SQLAlchemy's convention)."""
    rest = url.split(":", 1)[1]
    if not rest.startswith("//"):
        raise UsageError("E402", url=url)
    return Path(rest[3:] if rest.startswith("///") else rest[2:])
