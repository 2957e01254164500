"""The local engine: a stream of documents through the pipeline, in this process or in N workers.

Reading, admission (resume, duplicates) and writing happen in the main process; boilerplate removal,
NLP and extraction happen in the workers, one batch (``run.chunk_size`` documents) at a time, with at
most two batches per worker in flight. Nothing per document is kept in memory beyond those batches.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from pipeline.boilerplate import LineMemory
from pipeline.boilerplate.memory import build_memory
from pipeline.document import RawDocument
from pipeline.engine.admission import Admission
from pipeline.engine.ledger import Ledger
from pipeline.engine.progress import Progress
from pipeline.errors import DocumentError, ErrorRow
from pipeline.process import Processor, Result
from pipeline.readers import iter_documents
from pipeline.record import Record
from pipeline.settings import Options
from pipeline.sinks.base import Sink, SinkError

log = logging.getLogger(__name__)

Item = RawDocument | ErrorRow


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

    def add(self, results: Sequence[Result]) -> None:
        for result in results:
            self.read += 1
            if isinstance(result, Record):
                self.records += 1
            elif result.is_duplicate:
                self.duplicates += 1
            else:
                self.errors += 1
                self.error_codes[result.code] = self.error_codes.get(result.code, 0) + 1

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


def run_local(inputs: Sequence[str | Path], sinks: Sequence[Sink], out_dir: Path, options: Options,
              workers: int = 1, force: bool = False, progress: bool = True,
              processor: Processor | None = None) -> RunSummary:
    """Process ``inputs`` into ``sinks``; resumable through the ledger in ``out_dir``.

    ``processor`` reuses an already loaded pipeline (one worker); its options win over ``options``.
    """
    started = time.perf_counter()
    summary = RunSummary()
    ledger = Ledger(out_dir)
    if force:
        ledger.clear()
    memory = build_memory(inputs, options.limits) if options.boilerplate.repeated_lines else None
    admission = Admission(ledger, [sink.url for sink in sinks], force=force)
    meter = Progress(options.run.progress_every, enabled=progress)
    batches = chunked(admission.admit(iter_documents(inputs, options.limits)), options.run.chunk_size)
    try:
        for sink in sinks:
            sink.open(fresh=force)
            ledger.mark_sink(sink.url, sink.existing())  # what a crash left written but not marked
        for results in run_batches(batches, options, memory, workers, processor, summary):
            write_to_sinks(results, sinks, ledger)
            rows = [(r.doc_id, r.content_hash, _status(r)) for r in results]
            ledger.mark(rows)
            admission.settled(rows)
            summary.add(results)
            meter.update(len(results), sum(1 for r in results if isinstance(r, ErrorRow) and not r.is_duplicate))
    finally:
        meter.close()
        for sink in sinks:
            sink.close()
        ledger.close()
    summary.skipped = admission.skipped
    summary.repeats = admission.repeats
    summary.seconds = time.perf_counter() - started
    return summary


def write_to_sinks(results: Sequence[Result], sinks: Sequence[Sink], ledger: Ledger) -> None:
    """Each sink gets the results it does not hold yet; a failing sink stops the run (the ledger keeps
    what the others committed, and a rerun sends the batch to the failed sink only)."""
    pairs = [(r.doc_id, r.content_hash) for r in results]
    for sink in sinks:
        done = ledger.written_in(sink.url, pairs)
        todo = [r for r in results if r.doc_id not in done]
        if not todo:
            continue
        try:
            sink.write(todo)
        except SinkError as error:
            log.error("%s", error)
            raise SinkError("E303", sink=sink.url, count=len(todo), reason=error,
                            ids=", ".join(r.doc_id for r in todo)) from error
        ledger.mark_sink(sink.url, [(r.doc_id, r.content_hash) for r in todo])


def _status(result: Result) -> str:
    if isinstance(result, Record):
        return "record"
    return "duplicate" if result.is_duplicate else "error"


def chunked(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def run_batches(batches: Iterable[list[Item]], options: Options, memory: LineMemory | None,
                workers: int, processor: Processor | None = None,
                summary: RunSummary | None = None) -> Iterator[list[Result]]:
    """Results of each batch, in order: in this process, or in ``workers`` processes."""
    started = time.perf_counter()
    if workers <= 1:
        if processor is None:
            processor = Processor(options, memory)
        else:
            processor.memory = memory
        _ = processor.nlp
        if summary is not None:
            summary.load_seconds = time.perf_counter() - started
        for batch in batches:
            yield processor.process_batch(batch)
        return
    yield from _pooled(batches, options, memory, workers, summary)


_WORKER: Processor | None = None


def _init_worker(options: Options, memory: LineMemory | None) -> None:
    global _WORKER  # noqa: PLW0603 - one Processor per worker process, loaded once
    _WORKER = Processor(options, memory)
    _ = _WORKER.nlp


def _work(batch: list[Item]) -> list[Result]:
    assert _WORKER is not None
    return _WORKER.process_batch(batch)


def _ready() -> bool:
    return _WORKER is not None


def _pooled(batches: Iterable[list[Item]], options: Options, memory: LineMemory | None,
            workers: int, summary: RunSummary | None = None) -> Iterator[list[Result]]:
    in_flight: deque[tuple[list[Item], Future[list[Result]]]] = deque()
    started = time.perf_counter()
    pool = ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(options, memory))
    for warm in [pool.submit(_ready) for _ in range(workers)]:  # every worker loads its pipeline first
        warm.result()
    if summary is not None:
        summary.load_seconds = time.perf_counter() - started
    try:
        for batch in batches:
            in_flight.append((batch, pool.submit(_work, batch)))
            while len(in_flight) >= 2 * workers:
                batch_done, future = in_flight.popleft()
                results, pool = _collect(batch_done, future, pool, options, memory, workers)
                yield results
        while in_flight:
            batch_done, future = in_flight.popleft()
            results, pool = _collect(batch_done, future, pool, options, memory, workers)
            yield results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _collect(batch: list[Item], future: Future[list[Result]], pool: ProcessPoolExecutor, options: Options,
             memory: LineMemory | None, workers: int) -> tuple[list[Result], ProcessPoolExecutor]:
    """The results of a batch; when a worker died or got stuck, the batch is retried document by document.

    The watchdog: a batch may take ``max_document_seconds`` per document (counted from when this process
    starts waiting for it, so never less). Past that, the pool's workers are killed and each document
    of the batch gets ``max_document_seconds`` on its own in a fresh worker; a stuck one becomes E204.
    """
    budget = options.limits.max_document_seconds * max(len(batch), 1)
    try:
        return future.result(timeout=budget), pool
    except BrokenProcessPool as error:
        log.warning("a worker process died (%s); retrying its batch one document at a time", error)
    except TimeoutError:
        log.warning("a batch of %d documents took more than %.0f s; stopping the workers and retrying it one "
                    "document at a time", len(batch), budget)
        _kill_workers(pool)
    pool.shutdown(wait=False, cancel_futures=True)
    results = _one_by_one(batch, options, memory)
    return results, ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(options, memory))


def _one_by_one(batch: list[Item], options: Options, memory: LineMemory | None) -> list[Result]:
    """Each document of ``batch`` in a single worker, with the per-document time limit."""
    limit = options.limits.max_document_seconds
    results: list[Result] = []
    single = _warm_single(options, memory)
    for item in batch:
        try:
            results.extend(single.submit(_work, [item]).result(timeout=limit))
            continue
        except BrokenProcessPool as broken:
            results.append(_died(item, broken))
        except TimeoutError:
            results.append(_timed_out(item, limit))
            _kill_workers(single)
        single.shutdown(wait=False, cancel_futures=True)
        single = _warm_single(options, memory)
    single.shutdown(wait=True)
    return results


def _warm_single(options: Options, memory: LineMemory | None) -> ProcessPoolExecutor:
    """A one-worker pool whose pipeline is loaded (so loading does not count against a document's time)."""
    single = ProcessPoolExecutor(1, initializer=_init_worker, initargs=(options, memory))
    single.submit(_ready).result()
    return single


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """SIGKILL the worker processes of ``pool`` (a stuck C extension cannot be interrupted otherwise)."""
    killer = getattr(pool, "kill_workers", None)  # Python >= 3.14
    if killer is not None:
        killer()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.is_alive():
            process.kill()


def _timed_out(item: Item, limit: float) -> ErrorRow:
    if isinstance(item, ErrorRow):
        return item
    log.warning("%s: stopped after %s s (time limit)", item.doc_id, limit)
    return ErrorRow.from_error(item.doc_id, item.path, DocumentError("E204", limit=limit), item.content_hash)


def _died(item: Item, error: BaseException) -> ErrorRow:
    if isinstance(item, ErrorRow):
        return item
    return ErrorRow.from_error(item.doc_id, item.path, DocumentError("E207", reason=str(error) or "killed"),
                               item.content_hash)
