"""Helpers of the robustness tests: runs into a temporary directory and what they wrote."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from pipeline.engine.local import RunSummary, run_local
from pipeline.process import Processor
from pipeline.settings import Options
from pipeline.sinks.base import Sink
from pipeline.sinks.jsonl import ERRORS, RECORDS, JsonlSink


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    """Write ``content`` (text in ``encoding``, or bytes as they are), creating the parent directories."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def read_lines(path: Path) -> list[dict[str, Any]]:
    """Every line of a JSONL output file, parsed (a line that does not parse fails the test)."""
    if not path.exists():
        return []
    raw = path.read_bytes()
    assert not raw or raw.endswith(b"\n"), f"{path} ends with a truncated line"
    return [json.loads(line) for line in raw.decode("utf-8").splitlines()]


def outcomes(out: Path) -> dict[str, list[str]]:
    """doc_id -> the outcomes written for it: ``record`` or the error code, one per line of the outputs."""
    found: dict[str, list[str]] = {}
    for row in read_lines(out / RECORDS):
        found.setdefault(row["doc_id"], []).append("record")
    for row in read_lines(out / ERRORS):
        found.setdefault(row["doc_id"], []).append(row["code"])
    return found


def assert_each_once(found: dict[str, list[str]]) -> None:
    """No document was written twice (as two records, two errors, or a record and an error)."""
    twice = {doc_id: codes for doc_id, codes in found.items() if len(codes) != 1}
    assert not twice, f"documents written more than once: {twice}"


def run(inputs: list[Path] | Path, out: Path, processor: Processor, options: Options | None = None,
        sinks: list[Sink] | None = None, **kwargs: Any) -> RunSummary:
    """``run_local`` with the session's loaded pipeline (and ``options`` for this run only)."""
    inputs = inputs if isinstance(inputs, list) else [inputs]
    saved = processor.options
    if options is not None:
        processor.options = options
    try:
        return run_local(inputs, sinks or [JsonlSink(out)], out, processor.options, progress=False,
                         processor=processor, **kwargs)
    finally:
        processor.options = saved


def with_limits(options: Options, **limits: Any) -> Options:
    return replace(options, limits=replace(options.limits, **limits))


def codes(found: dict[str, list[str]]) -> Counter[str]:
    return Counter(code for values in found.values() for code in values)
