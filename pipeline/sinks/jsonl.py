"""JSONL sink: ``records.jsonl`` and ``errors.jsonl`` in a directory.

Each batch is appended with one ``write`` per file, flushed and fsynced. A line cut by a crash (no final
newline) is removed when the sink is opened again, so the files only ever hold whole lines. The run
ledger knows what the files hold (``existing`` lets it reconcile after a crash), so a rerun does not
write a document twice.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from pipeline.errors import ErrorRow
from pipeline.record import dumps
from pipeline.sinks.base import Result, Sink, SinkError

log = logging.getLogger(__name__)

RECORDS = "records.jsonl"
ERRORS = "errors.jsonl"


class JsonlSink(Sink):
    def __init__(self, directory: Path, fsync: bool = True) -> None:
        self.directory = Path(directory)
        self.url = f"jsonl:{self.directory.resolve()}"
        self.fsync = fsync
        self._handles: dict[str, TextIO] = {}

    def open(self, fresh: bool = False) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        for name in (RECORDS, ERRORS):
            path = self.directory / name
            if fresh:
                path.unlink(missing_ok=True)
            repair_tail(path)
            self._handles[name] = open(path, "a", encoding="utf-8")  # noqa: SIM115 - open until close()

    def write(self, batch: Sequence[Result]) -> None:
        chunks = {RECORDS: [], ERRORS: []}
        for result in batch:
            chunks[ERRORS if isinstance(result, ErrorRow) else RECORDS].append(dumps(result.as_dict()) + "\n")
        try:
            for name, lines in chunks.items():
                if lines:
                    handle = self._handles[name]
                    handle.write("".join(lines))
                    handle.flush()
                    if self.fsync:
                        os.fsync(handle.fileno())
        except OSError as error:
            raise SinkError("E301", sink=self.url, count=len(batch), reason=error) from error

    def existing(self) -> Iterator[tuple[str, str | None]]:
        for name in (RECORDS, ERRORS):
            yield from existing_lines(self.directory / name)

    def close(self) -> None:
        for handle in self._handles.values():
            handle.close()
        self._handles.clear()


def repair_tail(path: Path) -> None:
    """Cut a last line that a crash left without its newline."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb+") as handle:
        handle.seek(-1, os.SEEK_END)
        if handle.read(1) == b"\n":
            return
        position = handle.seek(0, os.SEEK_END)
        while position > 0:
            start = max(0, position - (1 << 16))
            handle.seek(start)
            newline = handle.read(position - start).rfind(b"\n")
            if newline >= 0:
                handle.truncate(start + newline + 1)
                log.warning("%s: removed a truncated last line", path)
                return
            position = start
        handle.truncate(0)


def existing_lines(path: Path) -> Iterator[tuple[str, str | None]]:
    """(doc_id, content hash) of the lines of a JSONL output file, streamed."""
    if not path.exists():
        return
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            try:
                obj = json.loads(line)
                yield obj["doc_id"], obj.get("content_hash")
            except (json.JSONDecodeError, KeyError, TypeError):
                continue
