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
from itertools import islice
from pathlib import Path

from pipeline.boilerplate import LineMemory
from pipeline.boilerplate.memory import build_memory
from pipeline.engine.core import ERROR, Item, Outcome, Result, RunState, RunSummary, died, timed_out
from pipeline.engine.progress import Progress
from pipeline.process import Processor
from pipeline.readers import iter_documents
from pipeline.settings import Options
from pipeline.sinks.base import Sink

log = logging.getLogger(__name__)

__all__ = ["RunSummary", "chunked", "run_batches", "run_local"]


def run_local(inputs: Sequence[str | Path], sinks: Sequence[Sink], out_dir: Path, options: Options,
              workers: int = 1, force: bool = False, progress: bool = True,
              processor: Processor | None = None) -> RunSummary:
    """Process ``inputs`` into ``sinks``; resumable through the ledger in ``out_dir``.

    ``processor`` reuses an already loaded pipeline (one worker); its options win over ``options``.
    """
    started = time.perf_counter()
    run = RunState(out_dir, sinks, force)
    memory = build_memory(inputs, options.limits) if options.boilerplate.repeated_lines else None
    meter = Progress(options.run.progress_every, enabled=progress)
    batches = chunked(run.admission.admit(iter_documents(inputs, options.limits)), options.run.chunk_size)
    try:
        run.open_sinks()
        for results in run_batches(batches, options, memory, workers, processor, run.summary):
            run.write(results)
            outcomes = [Outcome.of(r) for r in results]
            run.settle(outcomes)
            meter.update(len(outcomes), sum(1 for o in outcomes if o.status == ERROR))
    finally:
        meter.close()
        run.close()
    summary = run.finish()
    summary.seconds = time.perf_counter() - started
    return summary


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
            results.append(died(item, str(broken)))
        except TimeoutError:
            results.append(timed_out(item, limit))
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
