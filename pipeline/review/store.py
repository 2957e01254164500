"""The gold file as the review page sees it: read every line (broken ones included) and save one document.

A save never loses, reorders or rewrites another line: the file is read again under a lock, the
document's own line is replaced (or a new line appended), and the whole file is written to a temporary
file in the same directory, flushed, fsynced and renamed over the original (then the directory is
fsynced). Lines that are not valid JSON are kept byte for byte. The lock is both a thread lock (two tabs
talking to one server) and an exclusive ``flock`` on ``GOLD.lock`` (two servers on the same file).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.atomic import write_atomically

log = logging.getLogger(__name__)

ENCODING = "utf-8"
ERRORS = "surrogateescape"  # undecodable bytes of a broken line survive a rewrite unchanged


@dataclass(frozen=True, slots=True)
class GoldLine:
    """One line of the gold file: its number (from 1), its text, and the gold object or why it is broken."""

    number: int
    raw: str
    item: dict[str, Any] | None
    problem: str | None = None

    @property
    def doc_id(self) -> str | None:
        return str(self.item["doc_id"]) if self.item is not None else None


@dataclass(frozen=True, slots=True)
class SaveResult:
    doc_id: str
    line: int
    replaced: bool
    total_lines: int


def parse_line(number: int, raw: str) -> GoldLine:
    """A gold line, or the reason it cannot be one (kept as it is either way)."""
    if not raw.strip():
        return GoldLine(number, raw, None, None)
    try:
        raw.encode(ENCODING)
    except UnicodeEncodeError:
        return GoldLine(number, raw, None, "not valid UTF-8")
    try:
        item = json.loads(raw)
    except ValueError as error:
        return GoldLine(number, raw, None, f"not valid JSON ({error})")
    if not isinstance(item, dict):
        return GoldLine(number, raw, None, "not a JSON object")
    if not isinstance(item.get("doc_id"), str) or not item["doc_id"]:
        return GoldLine(number, raw, None, "no doc_id")
    return GoldLine(number, raw, item, None)


class GoldStore:
    """Reads and atomically updates one gold JSONL file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self._thread_lock = threading.Lock()

    def read(self) -> list[GoldLine]:
        """Every line of the file (a missing file has none)."""
        try:
            with open(self.path, encoding=ENCODING, errors=ERRORS, newline="") as handle:
                raw_lines = handle.read().splitlines()
        except FileNotFoundError:
            return []
        return [parse_line(number, raw) for number, raw in enumerate(raw_lines, start=1)]

    def gold_by_id(self) -> dict[str, dict[str, Any]]:
        """The gold object of each doc_id (the first line wins, as a save replaces the first)."""
        found: dict[str, dict[str, Any]] = {}
        for line in self.read():
            if line.item is not None:
                found.setdefault(line.item["doc_id"], line.item)
        return found

    def broken(self) -> list[GoldLine]:
        return [line for line in self.read() if line.problem is not None]

    def save(self, item: dict[str, Any]) -> SaveResult:
        """Write ``item`` as the line of its doc_id: replaces that line, or appends one."""
        doc_id = str(item["doc_id"])
        text = json.dumps(item, ensure_ascii=False)
        with self._locked():
            lines = self.read()
            raws = [line.raw for line in lines]
            index = next((i for i, line in enumerate(lines) if line.doc_id == doc_id), None)
            if index is None:
                raws.append(text)
                index = len(raws) - 1
            else:
                raws[index] = text
            self._write_atomically(raws)
        log.info("saved gold of %s at line %d of %s", doc_id, index + 1, self.path)
        return SaveResult(doc_id, index + 1, index < len(lines), len(raws))

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        with self._thread_lock, open(self.lock_path, "a+b") as lock_file:
            fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock_file.fileno(), fcntl.LOCK_UN)

    def _write_atomically(self, raws: list[str]) -> None:
        write_atomically(self.path, "".join(raw + "\n" for raw in raws).encode(ENCODING, ERRORS))
