"""JSONL sink: ``records.jsonl`` and ``errors.jsonl`` in a directory.

Each batch is appended with one ``write`` per file, flushed and fsynced. A line cut by a crash (no final
newline) is removed when the sink is opened again, so the files only ever hold whole lines. The run
ledger knows what the files hold (``existing`` lets it reconcile after a crash), so a rerun does not
write a document twice.

For the Dask engine, :class:`JsonlPartSink` writes one partition's output on a worker as part files
under ``DIR/.parts/`` (``records/part-00012.jsonl``, ``errors/part-00012.jsonl``), each written under a
temporary name and renamed when the partition is complete; the client then appends the parts to
``records.jsonl`` and ``errors.jsonl`` in partition order (:meth:`JsonlSink.append_part`) and deletes
them, so a Dask run leaves the same two files as a local run.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from pipeline.atomic import write_json_lines
from pipeline.errors import ErrorRow
from pipeline.record import dumps
from pipeline.sinks.base import Result, Sink, SinkError, url_directory

log = logging.getLogger(__name__)

RECORDS = "records.jsonl"
ERRORS = "errors.jsonl"
INCIDENTS = "incidents.jsonl"
PARTS = ".parts"  # staging directory of the part files written by Dask workers
PART_KINDS = {RECORDS: "records", ERRORS: "errors"}


def open_url(url: str, default_dir: Path | None) -> JsonlSink:
    return JsonlSink(url_directory(url, default_dir))


class JsonlSink(Sink):
    def __init__(self, directory: Path, fsync: bool = True) -> None:
        self.directory = Path(directory)
        self.url = f"jsonl:{self.directory.resolve()}"
        self.fsync = fsync
        self._handles: dict[str, TextIO] = {}

    def write_incidents(self, incidents: Sequence[dict]) -> None:
        """``DIR/incidents.jsonl``, replaced whole (the same file ``incidents --out DIR`` writes)."""
        write_json_lines(self.directory / INCIDENTS, incidents)

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

    def stage_parts(self) -> None:
        """Stays open: the workers' part files are appended here, in partition order."""
        clear_parts(self.directory)

    def part_writer(self, part: str) -> Sink:
        writer = JsonlPartSink(self.directory, part)
        writer.open()
        return writer

    def commit_part(self, part: str) -> None:
        self.append_part(part)

    def finish_parts(self) -> None:
        self.close()
        clear_parts(self.directory)

    def shared_paths(self) -> list[Path]:
        return [self.directory]

    def append_part(self, name: str) -> int:
        """Append the part files of partition ``name`` (see :class:`JsonlPartSink`), then delete them.

        Returns the number of lines appended. The sink must be open. A crash in the middle leaves whole
        lines only (``repair_tail`` at the next open), and the ledger reconciles from the files.
        """
        lines = 0
        try:
            for target, path in part_paths(self.directory, name).items():
                if not path.exists():
                    continue
                handle = self._handles[target]
                with open(path, encoding="utf-8") as part:
                    for line in part:
                        handle.write(line)
                        lines += 1
                handle.flush()
                if self.fsync:
                    os.fsync(handle.fileno())
        except OSError as error:
            raise SinkError("E301", sink=self.url, count=lines, reason=error) from error
        for path in part_paths(self.directory, name).values():
            path.unlink(missing_ok=True)
        return lines


class JsonlPartSink(Sink):
    """One partition's records and error rows as part files, renamed into place on :meth:`close`.

    Nothing is visible under the final names until the whole partition is written: a failed or
    retried task leaves at most temporary files, which :meth:`abort` (or :func:`clear_parts`) removes.
    """

    def __init__(self, directory: Path, name: str, fsync: bool = True) -> None:
        self.directory = Path(directory)
        self.name = name
        self.url = f"jsonl:{self.directory.resolve()}"
        self.fsync = fsync
        self._final = part_paths(self.directory, name)
        suffix = f".tmp-{uuid.uuid4().hex[:12]}"
        self._temporary = {target: path.with_name(path.name + suffix) for target, path in self._final.items()}
        self._handles: dict[str, TextIO] = {}

    def open(self, fresh: bool = False) -> None:
        for target, path in self._temporary.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            self._handles[target] = open(path, "w", encoding="utf-8")  # noqa: SIM115 - open until close()

    def write(self, batch: Sequence[Result]) -> None:
        try:
            for result in batch:
                target = ERRORS if isinstance(result, ErrorRow) else RECORDS
                self._handles[target].write(dumps(result.as_dict()) + "\n")
        except OSError as error:
            raise SinkError("E301", sink=self.url, count=len(batch), reason=error) from error

    def close(self) -> None:
        """Flush, fsync and rename the part files into place (empty parts are not kept)."""
        try:
            for target, handle in self._handles.items():
                handle.flush()
                if self.fsync:
                    os.fsync(handle.fileno())
                empty = handle.tell() == 0
                handle.close()
                if empty:
                    self._temporary[target].unlink(missing_ok=True)
                else:
                    os.replace(self._temporary[target], self._final[target])
        except OSError as error:
            self.abort()
            raise SinkError("E301", sink=self.url, count=0, reason=error) from error
        self._handles.clear()

    def abort(self) -> None:
        """Drop the temporary files of a partition that failed."""
        for handle in self._handles.values():
            handle.close()
        self._handles.clear()
        for path in self._temporary.values():
            path.unlink(missing_ok=True)


def part_paths(directory: Path, name: str) -> dict[str, Path]:
    """The final part files of partition ``name``: ``{records.jsonl: DIR/.parts/records/NAME.jsonl, ...}``."""
    return {target: Path(directory) / PARTS / kind / f"{name}.jsonl" for target, kind in PART_KINDS.items()}


def clear_parts(directory: Path) -> None:
    """Remove the part files a crashed run left behind (they were never appended, so never marked)."""
    shutil.rmtree(Path(directory) / PARTS, ignore_errors=True)


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
