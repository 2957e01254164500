"""The run core both engines share: outcomes, the summary, error rows for lost documents, the ledger.

An engine only decides *where* batches run (this process, a pool of processes, a Dask cluster). What a
run does with their results is here, once:

- every result becomes an :class:`Outcome` (doc_id, content hash, status, error code), the only thing
  that travels back from a Dask worker;
- :class:`RunState` holds the ledger, the admission and the summary of one run: it opens the sinks and
  reconciles the ledger with what they hold, writes a batch to the sinks that do not have it yet, and
  :meth:`RunState.settle` records a batch's outcomes (sinks marked, ledger marked, summary counted);
- :func:`died` and :func:`timed_out` are the error rows of a document whose worker died (E207) or that
  ran past the time limit (E204).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.document import RawDocument
from pipeline.engine.admission import Admission
from pipeline.engine.ledger import Ledger
from pipeline.errors import DocumentError, ErrorRow
from pipeline.record import Record
from pipeline.sinks.base import Sink, SinkError

log = logging.getLogger(__name__)

Item = RawDocument | ErrorRow
Result = Record | ErrorRow
RECORD, ERROR, DUPLICATE = "record", "error", "duplicate"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one document: small, picklable, enough for the ledger and the summary."""

    doc_id: str
    content_hash: str | None
    status: str  # record, error or duplicate
    code: str = ""

    @classmethod
    def of(cls, result: Result) -> Outcome:
        if isinstance(result, Record):
            return cls(result.doc_id, result.content_hash, RECORD)
        return cls(result.doc_id, result.content_hash, DUPLICATE if result.is_duplicate else ERROR, result.code)

    @property
    def pair(self) -> tuple[str, str | None]:
        return self.doc_id, self.content_hash


@dataclass(slots=True)
class RunSummary:
    read: int = 0
    records: int = 0
    errors: int = 0
    duplicates: int = 0
    skipped: int = 0
    repeats: int = 0  # the same document (doc_id and content) listed again: written once
    seconds: float = 0.0
    load_seconds: float = 0.0  # spent loading the spaCy pipeline (in this process or the workers)
    error_codes: dict[str, int] = field(default_factory=dict)

    def add(self, outcomes: Iterable[Outcome]) -> None:
        for outcome in outcomes:
            self.read += 1
            if outcome.status == RECORD:
                self.records += 1
            elif outcome.status == DUPLICATE:
                self.duplicates += 1
            else:
                self.errors += 1
                self.error_codes[outcome.code] = self.error_codes.get(outcome.code, 0) + 1

    def as_dict(self) -> dict[str, object]:
        return {"documents_read": self.read + self.skipped + self.repeats, "records": self.records,
                "errors": self.errors, "duplicates": self.duplicates, "repeated": self.repeats,
                "skipped_already_written": self.skipped,
                "seconds": round(self.seconds, 2), "error_codes": self.error_codes}

    def __str__(self) -> str:
        rate = self.read / self.seconds if self.seconds else 0.0
        text = (f"documents read: {self.read + self.skipped + self.repeats}, records: {self.records}, "
                f"errors: {self.errors}, duplicates: {self.duplicates}, repeated: {self.repeats}, "
                f"skipped (already written): {self.skipped}, "
                f"seconds: {self.seconds:.1f} ({rate:.1f} docs/s)")
        if self.error_codes:
            text += " | error codes: " + ", ".join(f"{k}={v}" for k, v in sorted(self.error_codes.items()))
        return text


class RunState:
    """One run's ledger, admission and summary, and the sinks it writes (see the module docstring)."""

    def __init__(self, out_dir: Path, sinks: Sequence[Sink], force: bool = False) -> None:
        self.sinks = list(sinks)
        self.ledger = Ledger(out_dir)
        if force:
            self.ledger.clear()
        self.force = force
        self.admission = Admission(self.ledger, [sink.url for sink in self.sinks], force=force)
        self.summary = RunSummary()

    def open_sinks(self) -> None:
        """Open every sink (``--force`` starts file outputs anew) and mark in the ledger what it already
        holds: what a crash left written but not marked."""
        for sink in self.sinks:
            sink.open(fresh=self.force)
            self.ledger.mark_sink(sink.url, sink.existing())

    def pending(self, sink: Sink, pairs: Sequence[tuple[str, str | None]]) -> set[str]:
        """The doc_ids among ``pairs`` that ``sink`` already holds with that content."""
        return self.ledger.written_in(sink.url, pairs) if pairs else set()

    def write(self, results: Sequence[Result]) -> None:
        """Each sink gets the results it does not hold yet; a failing sink stops the run (the ledger keeps
        what the others committed, and a rerun sends the batch to the failed sink only)."""
        pairs = [(r.doc_id, r.content_hash) for r in results]
        for sink in self.sinks:
            done = self.pending(sink, pairs)
            todo = [r for r in results if r.doc_id not in done]
            if not todo:
                continue
            try:
                sink.write(todo)
            except SinkError as error:
                log.error("%s", error)
                raise sink_failure(sink.url, [r.doc_id for r in todo], error) from error
            self.ledger.mark_sink(sink.url, [(r.doc_id, r.content_hash) for r in todo])

    def settle(self, outcomes: Sequence[Outcome], written: Sequence[tuple[Sink, frozenset[str]]] = ()) -> None:
        """A batch's outcomes are final: sinks that wrote them elsewhere (``written``: each sink with the
        doc_ids it already held) are marked, then the ledger, the admission and the summary."""
        for sink, held in written:
            self.ledger.mark_sink(sink.url, [o.pair for o in outcomes if o.doc_id not in held])
        rows = [(o.doc_id, o.content_hash, o.status) for o in outcomes]
        self.ledger.mark(rows)
        self.admission.settled(rows)
        self.summary.add(outcomes)

    def finish(self) -> RunSummary:
        self.summary.skipped = self.admission.skipped
        self.summary.repeats = self.admission.repeats
        return self.summary

    def close(self) -> None:
        for sink in self.sinks:
            sink.close()
        self.ledger.close()


def sink_failure(url: str, doc_ids: Sequence[str], reason: object) -> SinkError:
    """E303: what a sink did not get, with the doc_ids to look for after a rerun."""
    return SinkError("E303", sink=url, count=len(doc_ids), reason=reason, ids=", ".join(doc_ids))


def died(item: Item, reason: str) -> ErrorRow:
    """E207: the worker processing the document died (or the document raised in its own task)."""
    if isinstance(item, ErrorRow):
        return item
    return ErrorRow.from_error(item.doc_id, item.path, DocumentError("E207", reason=reason or "killed"),
                               item.content_hash)


def timed_out(item: Item, limit: float) -> ErrorRow:
    """E204: the document ran past ``limits.max_document_seconds``."""
    if isinstance(item, ErrorRow):
        return item
    log.warning("%s: stopped after %s s (time limit)", item.doc_id, limit)
    return ErrorRow.from_error(item.doc_id, item.path, DocumentError("E204", limit=limit), item.content_hash)
