"""The records file under review: read line by line, with a plain message for every line that is not a record."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MAX_PROBLEMS_SHOWN = 20


@dataclass(slots=True)
class RecordSet:
    path: Path
    records: dict[str, dict[str, Any]] = field(default_factory=dict)  # doc_id -> record, in file order
    problems: list[str] = field(default_factory=list)

    def ids(self) -> list[str]:
        return list(self.records)


def load_records(path: Path) -> RecordSet:
    """Every record of a JSONL file; unreadable files and lines become messages, never exceptions."""
    found = RecordSet(Path(path))
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError as error:
        found.problems.append(f"cannot read the records file {path}: {error.strerror or error}")
        return found
    bad = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        problem = _add(found, number, line)
        if problem:
            bad += 1
            if bad <= MAX_PROBLEMS_SHOWN:
                found.problems.append(problem)
    if bad > MAX_PROBLEMS_SHOWN:
        found.problems.append(f"... and {bad - MAX_PROBLEMS_SHOWN} more bad lines")
    if bad and not found.records:
        found.problems.insert(0, f"{path} is not a JSONL file of records (one JSON object per line, as "
                                 "`python -m pipeline run` writes records.jsonl)")
    elif not found.records:
        found.problems.append(f"{path} holds no records")
    for problem in found.problems:
        log.warning("%s", problem)
    return found


def _add(found: RecordSet, number: int, line: str) -> str | None:
    try:
        record = json.loads(line)
    except ValueError as error:
        return f"line {number} of {found.path} is not JSON: {error}"
    if not isinstance(record, dict) or not isinstance(record.get("doc_id"), str):
        return f"line {number} of {found.path} is not a record (a JSON object with a doc_id)"
    if not isinstance(record.get("text"), str):
        record["text"] = ""
    found.records.setdefault(record["doc_id"], record)
    return None
