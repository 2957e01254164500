"""The Dask engine, client side: the same pipeline on a Dask cluster (``run --engine dask``).

A run has two passes over the inputs, both on the workers, with the decisions in between on the client:

1. **Survey.** The inputs are cut into partitions (:mod:`pipeline.engine.partitions`). Each partition is
   read once to get, per document, its doc_id, path and content hash, and a count-min sketch of its short
   text lines; the sketches are summed on the cluster into the batch's
   :class:`~pipeline.boilerplate.LineMemory`, exactly the one the local engine builds in its pre-pass.
2. **Admission** on the client, in input order, with the run core's admission and ledger
   (:class:`~pipeline.engine.core.RunState`): the local engine's decisions, one key at a time.
3. **Processing.** Each partition is read again by a task (:mod:`pipeline.engine.dask_worker`) that
   follows its plan and writes every chunk through each sink's part writer; it returns only
   :class:`~pipeline.engine.core.Outcome` rows, which the client settles in input order after each sink
   commits its part, so the output is the local engine's.

Failures are retried, then rescued (:func:`rescue`). This module only decides where batches run; what a
run does with their results is the run core's.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.document import RawDocument
from pipeline.engine.core import ERROR, Item, Outcome, Result, RunState, RunSummary, died
from pipeline.engine.core import sink_failure as core_sink_failure
from pipeline.engine.dask_worker import (
    Entry,
    Key,
    PipelinePlugin,
    RemoteSinkError,
    Task,
    finish_memory,
    load_counts,
    merge_memories,
    options_fingerprint,
    pairs_of,
    process_each,
    process_partition,
    survey_keys,
    survey_memory,
    survey_partition,
    worker_identity,
    write_rescued,
)
from pipeline.engine.partitions import SPLIT_BYTES, Partition, plan_partitions
from pipeline.engine.progress import Progress
from pipeline.errors import ErrorRow, UsageError
from pipeline.settings import DEFAULT_MODELS_DIR, Options
from pipeline.sinks.base import Sink, SinkError, open_sink

log = logging.getLogger(__name__)

__all__ = ["RETRIES", "load_counts", "options_fingerprint", "plan_partitions", "run_dask"]

RETRIES = 2
MERGE_FAN_IN = 8


@dataclass(slots=True)
class ClientRun:
    """The client's side of one run: the cluster, the options and the run core (ledger, sinks, summary)."""

    client: Any
    options: Options
    state: RunState
    run_tag: str = field(default_factory=lambda: f"r{int(time.time() * 1000)}")


def run_dask(inputs: Sequence[str | Path], sinks: Sequence[str], out_dir: Path, options: Options,
             scheduler: str | None = None, force: bool = False, progress: bool = True,
             workers: int | None = None, client: Any = None, split_bytes: int | None = SPLIT_BYTES,
             partition_documents: float | None = None, retries: int = RETRIES) -> RunSummary:
    """Process ``inputs`` into the sinks ``sinks`` (URLs) on a Dask cluster; resumable like the local engine.

    The cluster is ``client`` (an existing ``distributed.Client``), or the scheduler at ``scheduler``,
    or a new ``LocalCluster`` of ``workers`` processes (default: ``run.workers``, at least 2) with
    one thread each. Inputs and file sinks must be visible from every worker at the same paths.
    """
    started = time.perf_counter()
    if workers and (client is not None or scheduler):
        log.warning("the number of workers is the cluster's: --workers is ignored with --scheduler")
    own, client = _connect(client, scheduler, workers or max(options.run.workers, 2))
    try:
        return _run(client, inputs, sinks, Path(out_dir), options, force, progress, split_bytes,
                    partition_documents, retries, started)
    finally:
        for closable in reversed(own):
            closable.close()


def _connect(client: Any, scheduler: str | None, workers: int) -> tuple[list[Any], Any]:
    """The client to use, and what this run started (to close at the end)."""
    if client is not None:
        return [], client
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise UsageError("E403", path="distributed", reason=(
            f"{error}; the Dask engine needs the extra: pip install 'french-incident-pipeline[dask]'")) from error

    if scheduler:
        log.info("connecting to the Dask scheduler at %s", scheduler)
        client = Client(scheduler, timeout=30)
        return [client], client
    started = time.perf_counter()
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    log.info("local Dask cluster of %d workers started in %.1f s", workers, time.perf_counter() - started)
    return [cluster, client], client


def _run(client: Any, inputs: Sequence[str | Path], urls: Sequence[str], out_dir: Path, options: Options,
         force: bool, progress: bool, split_bytes: int | None, partition_documents: float | None,
         retries: int, started: float) -> RunSummary:
    sinks = [open_sink(url, default_dir=out_dir) for url in urls]
    workers = max(len(client.nthreads()), 1)
    partitions = plan_partitions(inputs, workers, split_bytes, partition_documents)
    preflight(client, options, partitions, sinks)
    run = ClientRun(client, options, RunState(out_dir, sinks, force))
    try:
        run.state.open_sinks()
        for sink in sinks:
            sink.stage_parts()
        loading = time.perf_counter()
        client.register_plugin(PipelinePlugin(options))
        run.state.summary.load_seconds = time.perf_counter() - loading
        log.info("dask: %d partitions on %d workers", len(partitions), workers)
        plans, memory = survey(run, partitions)
        meter = Progress(options.run.progress_every, enabled=progress)
        try:
            process(run, partitions, plans, memory, meter, retries)
        finally:
            meter.close()
    finally:
        for sink in sinks:
            sink.finish_parts()
        run.state.close()
    summary = run.state.finish()
    summary.seconds = time.perf_counter() - started
    return summary


def preflight(client: Any, options: Options, partitions: Sequence[Partition], sinks: Sequence[Sink]) -> None:
    """Fail early, with a usable message, when the workers cannot produce the local engine's records:
    another pipeline version or other models on a worker, inputs or output directories it cannot see."""
    models = None if options.models_dir == DEFAULT_MODELS_DIR else str(options.models_dir)
    expected = worker_identity(models)
    for worker, identity in client.run(worker_identity, models).items():
        if tuple(identity) != expected:
            raise UsageError("E403", path=client.scheduler.address, reason=(
                f"worker {worker} runs pipeline {identity[0]} with models {identity[1]}, the client "
                f"{expected[0]} with models {expected[1]}: install the same version on every worker"))
    paths = [os.path.join(p.base, p.units[0].path) for p in partitions[:1]]
    for sink in sinks:
        for directory in sink.shared_paths():
            directory.mkdir(parents=True, exist_ok=True)
            paths.append(str(directory.resolve()))
    for path in paths:
        for worker, seen in client.run(os.path.exists, path).items():
            if not seen:
                raise UsageError("E403", path=path, reason=f"not visible from the Dask worker {worker} "
                                                           "(inputs and file sinks need a shared file system)")


def survey(run: ClientRun, partitions: Sequence[Partition]) -> tuple[list[list[Entry]], Any]:
    """The first pass: keys gathered and admitted on the client, the line memory summed on the cluster."""
    client, options = run.client, run.options
    want_memory = options.boilerplate.repeated_lines
    surveys = [client.submit(survey_partition, p, options.limits, want_memory, key=f"survey-{run.run_tag}-{p.index}",
                             retries=RETRIES) for p in partitions]
    keys = client.map(survey_keys, surveys, key=[f"keys-{run.run_tag}-{p.index}" for p in partitions])
    memory = None
    if want_memory:
        sketches = client.map(survey_memory, surveys, key=[f"sketch-{run.run_tag}-{p.index}" for p in partitions])
        memory = client.submit(finish_memory, tree_merge(client, sketches))
    plans = [admit(run, partition_keys) for partition_keys in client.gather(keys)]
    if memory is not None:  # on every worker: tasks go where there is room, not where the memory was merged
        memory = client.scatter(memory.result(), broadcast=True, hash=False)
    return plans, memory  # the survey futures are released when they go out of scope


def tree_merge(client: Any, futures: list[Any]) -> Any:
    """Sum sketches on the cluster, ``MERGE_FAN_IN`` at a time, down to one future."""
    while len(futures) > 1:
        futures = [client.submit(merge_memories, *futures[i:i + MERGE_FAN_IN])
                   for i in range(0, len(futures), MERGE_FAN_IN)]
    return futures[0] if futures else None


def admit(run: ClientRun, keys: Sequence[Key]) -> list[Entry]:
    """The plan of one partition: the local engine's admission, one key at a time, in input order."""
    plan: list[Entry] = []
    for key in keys:
        if isinstance(key, ErrorRow):
            stand_in: Item = key
        else:
            doc_id, path, content_hash = key
            stand_in = RawDocument(doc_id=doc_id, path=path, kind="text", content="", content_hash=content_hash)
        admitted = list(run.state.admission.admit([stand_in]))
        if not admitted:
            plan.append(None)
        elif isinstance(admitted[0], ErrorRow):
            plan.append(admitted[0])
        else:
            plan.append((admitted[0].doc_id, admitted[0].path, admitted[0].content_hash))
    return plan


def make_task(run: ClientRun, partition: Partition, plan: list[Entry]) -> Task:
    pairs = pairs_of(plan)
    skips = tuple(frozenset(run.state.pending(sink, pairs)) for sink in run.state.sinks)
    return Task(partition, plan, run.options, tuple(sink.url for sink in run.state.sinks), skips, run.run_tag)


def process(run: ClientRun, partitions: Sequence[Partition], plans: Sequence[list[Entry]], memory: Any,
            meter: Progress, retries: int) -> None:
    """Submit every partition with something to do; commit the results in input order."""
    tasks = [make_task(run, p, plan) for p, plan in zip(partitions, plans, strict=True) if any(plan)]
    futures = [run.client.submit(process_partition, task, memory, retries=retries,
                                 key=f"process-{run.run_tag}-{task.partition.index}") for task in tasks]
    sink_error: SinkError | None = None
    for task, future in zip(tasks, futures, strict=True):
        try:
            outcomes = _result(future, task)
            if outcomes is None:
                outcomes = rescue(run, task, memory, retries)
            commit(run, task, outcomes, f"{run.run_tag}-{task.partition.name}")
        except RemoteSinkError as error:
            failure = sink_failure(error, task)
            log.error("%s", failure)
            sink_error = sink_error or failure
            continue
        meter.update(len(outcomes), sum(1 for o in outcomes if o.status == ERROR))
    if sink_error is not None:
        raise sink_error


def sink_failure(error: RemoteSinkError, task: Task) -> SinkError:
    """The local engine's error for what a sink did not get: E303, with the doc_ids of the partition."""
    return core_sink_failure(error.sink, [doc_id for doc_id, _ in pairs_of(task.plan)], error.as_sink_error())


def _result(future: Any, task: Task) -> list[Outcome] | None:
    """The outcomes of a partition task, or None when it failed for a reason other than a sink."""
    from distributed.client import FutureCancelledError

    try:
        return future.result()
    except (RemoteSinkError, FutureCancelledError):
        raise
    except Exception as error:  # a failed task (after its retries) is rescued
        log.warning("%s failed after its retries (%r); processing its documents one at a time",
                    task.partition.name, error)
        return None


def rescue(run: ClientRun, task: Task, memory: Any, retries: int) -> list[Outcome]:
    """Redo a partition that failed after its Dask retries, one document at a time: a document that raises
    becomes an E207 row, and a group whose worker died is halved until the document that kills it is alone
    (E207 too). A failing sink is not rescued: it stops the run once the good partitions are settled."""
    positions = [i for i, entry in enumerate(task.plan) if entry is not None and not isinstance(entry, ErrorRow)]
    results: dict[int, Result] = {i: entry for i, entry in enumerate(task.plan) if isinstance(entry, ErrorRow)}
    pending = [positions] if positions else []
    while pending:
        submitted = [(group, run.client.submit(process_each, task, memory, group, pure=False)) for group in pending]
        pending = []
        for group, future in submitted:
            try:
                results.update(future.result())
            except Exception as error:  # the worker died (or the task could not run)
                if len(group) > 1:
                    pending += [group[:len(group) // 2], group[len(group) // 2:]]
                    continue
                results[group[0]] = _died_at(task, group[0], repr(error))
    ordered = [results[i] for i in sorted(results)]
    name = f"{run.run_tag}-{task.partition.name}"  # the failed attempts left no part under this name
    return run.client.submit(write_rescued, task, name, ordered, retries=retries, pure=False).result()


def _died_at(task: Task, position: int, reason: str) -> ErrorRow:
    doc_id, path, content_hash = task.plan[position]  # type: ignore[misc]
    return died(RawDocument(doc_id, path, "text", "", content_hash), reason)


def commit(run: ClientRun, task: Task, outcomes: Sequence[Outcome], part_name: str) -> None:
    """Make a partition's results part of the run: each sink commits its part, then the run core marks the
    sinks, the ledger and the summary."""
    for sink in run.state.sinks:
        sink.commit_part(part_name)
    run.state.settle(outcomes, list(zip(run.state.sinks, task.skips, strict=True)))
