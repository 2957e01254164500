"""JSONL sink: ``records.jsonl`` and ``errors.jsonl`` in a directory.

Lines are appended whole and flushed per batch; a line cut by a crash (no final newline) is removed
when the sink is opened again, so the files always hold whole lines. Documents already in the files
are not written twice.
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
from pipeline.sinks.base import Result, Sink

log = logging.getLogger(__name__)

RECORDS = "records.jsonl"
ERRORS = "errors.jsonl"


class JsonlSink(Sink):
    def __init__(self, directory: Path, fsync: bool = True) -> None:
        self.directory = Path(directory)
        self.url = f"jsonl:{self.directory}"
        self.fsync = fsync
        self._handles: dict[str, TextIO] = {}
        self._written: dict[str, set[str]] = {RECORDS: set(), ERRORS: set()}

    def open(self, fresh: bool = False) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        for name in (RECORDS, ERRORS):
            path = self.directory / name
            if fresh:
                path.unlink(missing_ok=True)
            repair_tail(path)
            self._written[name] = set(existing_ids(path))
            self._handles[name] = open(path, "a", encoding="utf-8")  # noqa: SIM115 - open until close()

    def write(self, batch: Sequence[Result]) -> None:
        lines: dict[str, list[str]] = {RECORDS: [], ERRORS: []}
        for result in batch:
            name = ERRORS if isinstance(result, ErrorRow) else RECORDS
            if result.doc_id in self._written[name]:
                continue
            lines[name].append(dumps(result.as_dict()) + "\n")
            self._written[name].add(result.doc_id)
        for name, chunk in lines.items():
            if chunk:
                handle = self._handles[name]
                handle.write("".join(chunk))
                handle.flush()
                if self.fsync:
                    os.fsync(handle.fileno())

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
        size = handle.seek(0, os.SEEK_END)
        position = size
        chunk = 1 << 16
        while position > 0:
            start = max(0, position - chunk)
            handle.seek(start)
            data = handle.read(position - start)
            newline = data.rfind(b"\n")
            if newline >= 0:
                handle.truncate(start + newline + 1)
                log.warning("%s: removed a truncated last line", path)
                return
            position = start
        handle.truncate(0)


def existing_ids(path: Path) -> Iterator[str]:
    """doc_ids of the lines already in a JSONL output file."""
    if not path.exists():
        return
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            try:
                yield json.loads(line)["doc_id"]
            except (json.JSONDecodeError, KeyError, TypeError):
                continue
