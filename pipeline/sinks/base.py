"""The sink interface and the URL -> sink factory."""

from __future__ import annotations

import importlib
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

    def write_incidents(self, incidents: Sequence[dict]) -> None:  # noqa: B027 - optional hook
        """Replace the incidents the destination holds (lines of incidents.jsonl, pipeline.incidents)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Flush and release the destination."""

    # -- staging: a run whose partitions are written elsewhere (Dask workers) ------------------------
    # The client opens the sink and reconciles the ledger, then calls ``stage_parts``; each worker
    # writes its partition through ``part_writer(part)`` (``abort`` drops a failed attempt); the client
    # calls ``commit_part(part)`` once a partition is written, in input order, and ``finish_parts`` at
    # the end. A sink decides here how its parts are prepared, written and committed: an engine never
    # asks which sink it holds.
    def stage_parts(self) -> None:
        """The client's sink gets ready for workers writing parts: by default it closes (each worker
        opens its own connection)."""
        self.close()

    def part_writer(self, part: str) -> Sink:
        """On a worker: an open sink that writes partition ``part`` (by default the same destination)."""
        writer = open_sink(self.url)
        writer.open()
        return writer

    def abort(self) -> None:
        """Drop what a failed part writer wrote, if it can (by default: close)."""
        self.close()

    def commit_part(self, part: str) -> None:  # noqa: B027 - optional hook
        """On the client, once partition ``part`` is written: make it part of the output."""

    def finish_parts(self) -> None:  # noqa: B027 - optional hook
        """On the client, at the end of a staged run: release what staging kept."""

    def shared_paths(self) -> list[Path]:
        """Directories every worker must see (file sinks)."""
        return []

    def __enter__(self) -> Sink:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


SINK_MODULES = {  # URL scheme -> the module that builds its sink (``open_url``): a new sink is its module + one row
    "jsonl": "pipeline.sinks.jsonl",
    "sqlite": "pipeline.sinks.sqlite",
    "postgresql": "pipeline.sinks.postgres",
    "postgres": "pipeline.sinks.postgres",
    "parquet": "pipeline.sinks.parquet",
}


def open_sink(url: str, default_dir: Path | None = None) -> Sink:
    """A sink for ``url``: ``jsonl:DIR``, ``sqlite:///file.db``, ``postgresql://...``, ``parquet:DIR``."""
    module = SINK_MODULES.get(url.partition(":")[0].lower())
    if module is None:
        raise UsageError("E402", url=url)
    return importlib.import_module(module).open_url(url, default_dir)


def url_directory(url: str, default_dir: Path | None) -> Path:
    """The directory of ``scheme:DIR`` (the run's output directory when DIR is left out)."""
    return Path(url.partition(":")[2] or default_dir or "extracted")


def sqlite_path(url: str) -> Path:
    """``sqlite:///relative.db`` and ``sqlite:////absolute.db`` (SQLAlchemy's convention)."""
    rest = url.split(":", 1)[1]
    if not rest.startswith("//"):
        raise UsageError("E402", url=url)
    return Path(rest[3:] if rest.startswith("///") else rest[2:])
