"""The Dask engine: the same pipeline on a Dask cluster (``run --engine dask [--scheduler tcp://host:8786]``).

A run has two passes over the inputs, both on the workers, with the decisions in between on the client:

1. **Survey.** The inputs are cut into partitions (groups of files; big uncompressed JSONL dumps cut
   into byte ranges, big WARC files into batches of records, see :func:`~pipeline.readers.plan_units`).
   Each partition is read once to get, per document, its doc_id, path and content hash, and a
   count-min sketch of its short text lines.
   The sketches are summed on the cluster (a tree of merges) into the batch's
   :class:`~pipeline.boilerplate.LineMemory`, exactly the one the local engine builds in its pre-pass.
2. **Admission** on the client, in input order, with the local engine's own
   :class:`~pipeline.engine.admission.Admission` over those keys and the run ledger: documents already
   written are skipped, same content becomes a ``D001`` row, a reused doc_id gets its ``~hash`` suffix.
   The result is a plan per partition (one entry per document read).
3. **Processing.** Each partition is read again by a task that follows its plan, runs the
   :class:`~pipeline.process.Processor` of the worker (loaded once per worker by
   :class:`PipelinePlugin`) over chunks of ``run.chunk_size`` documents, and writes every chunk to the
   sinks itself: JSONL part files renamed into place when the partition is complete, Parquet part
   files, database upserts (one transaction per chunk). The task returns only (doc_id, hash, status)
   per document; the client marks them in the ledger and, for JSONL, appends the part files to
   ``records.jsonl``/``errors.jsonl`` in partition order, so the output is the local engine's.

Failures: a task that raises is retried by Dask (``retries``); a partition that still fails is redone
one document at a time, where a document that raises becomes an ``E207`` error row, and a group whose
worker died is halved until the document that kills it is alone (``E207`` too). A sink that fails
stops the run after the partitions that succeeded are marked, as in the local engine: rerun to
complete.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import hashlib
import logging
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.boilerplate import LineMemory
from pipeline.document import RawDocument
from pipeline.engine.admission import Admission
from pipeline.engine.ledger import Ledger
from pipeline.engine.local import RunSummary, chunked
from pipeline.engine.progress import Progress
from pipeline.errors import MESSAGES, DocumentError, ErrorRow, UsageError
from pipeline.process import Processor, Result
from pipeline.readers import InputUnit, input_format, plan_units, read_unit
from pipeline.record import PIPELINE_VERSION, Record
from pipeline.settings import DEFAULT_MODELS_DIR, Limits, Options
from pipeline.sinks.base import Sink, SinkError, open_sink

_LEVEL = logging.getLogger("distributed").level
try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # Dask is an optional extra: this module still imports, run_dask says what to install
    WorkerPlugin = object  # type: ignore[assignment,misc]
if _LEVEL:  # importing distributed sets its own log level: keep the one the command line chose
    logging.getLogger("distributed").setLevel(_LEVEL)

log = logging.getLogger(__name__)

Item = RawDocument | ErrorRow
DocKey = tuple[str, str, str]  # doc_id, path, content hash of a document read
Key = DocKey | ErrorRow  # what the survey found at one position: a document, or a row for what was unreadable
Admit = tuple[str, str, str]  # process the document read here under this doc_id (its path, its content hash)
Entry = Admit | ErrorRow | None  # a plan entry: process, write this row instead, or skip
Outcome = tuple[str, str | None, str, str]  # doc_id, content hash, status (record/error/duplicate), code

RETRIES = 2
SPLIT_BYTES = 64 << 20  # uncompressed JSONL dumps and WARC files larger than this are read in pieces
DUMP_BYTES_PER_DOCUMENT = 16 << 10  # a guess at one page of a JSONL or WARC dump, to size partitions
MIN_PARTITION_DOCUMENTS = 8
MAX_PARTITION_DOCUMENTS = 1000
PARTITIONS_PER_WORKER = 8
MERGE_FAN_IN = 8


# -- partitions -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Partition:
    """Input units read by one task, in input order. Paths are as the client names them; relative
    paths are resolved against ``base`` (the client's working directory) on the workers."""

    index: int
    units: tuple[InputUnit, ...]
    base: str

    @property
    def name(self) -> str:
        return f"part-{self.index:05d}"


def plan_partitions(inputs: Sequence[str | Path], workers: int, split_bytes: int | None = SPLIT_BYTES,
                    partition_documents: float | None = None) -> list[Partition]:
    """Group the input units, in input order, into partitions of about ``partition_documents`` documents.

    The NLP costs about the same for every page, whatever its HTML weighs, so partitions are sized in
    documents: a page file counts one, a dump one per ``DUMP_BYTES_PER_DOCUMENT`` (a guess: its
    documents are not counted before the survey). By default a partition holds about 1/(8 x workers)
    of the documents, between 8 and 1,000: several tasks per worker (balance, a short tail, small
    retries) without a task per page (overhead).
    """
    units = [(unit, _unit_documents(unit)) for unit in plan_units(inputs, split_bytes)]
    total = sum(documents for _, documents in units)
    target = partition_documents or min(max(total / max(workers * PARTITIONS_PER_WORKER, 1),
                                            MIN_PARTITION_DOCUMENTS), MAX_PARTITION_DOCUMENTS)
    base = os.getcwd()
    partitions: list[Partition] = []
    group: list[InputUnit] = []
    size = 0.0
    for unit, documents in units:
        if group and size + documents > target:
            partitions.append(Partition(len(partitions), tuple(group), base))
            group, size = [], 0.0
        group.append(unit)
        size += documents
    if group:
        partitions.append(Partition(len(partitions), tuple(group), base))
    return partitions


def _unit_documents(unit: InputUnit) -> float:
    """About how many documents a unit holds: one for a page, a guess from its size for a dump."""
    if input_format(Path(unit.path)) in ("html", "text"):
        return 1.0
    if unit.end is not None:
        size = unit.end - unit.start
    else:
        try:
            size = Path(unit.path).stat().st_size
        except OSError:
            size = 0
    return max(size / DUMP_BYTES_PER_DOCUMENT, 1.0)


def read_partition(partition: Partition, limits: Limits) -> Iterator[Item]:
    """The documents and error rows of a partition, in order, with paths as the client names them."""
    prefix = os.path.join(partition.base, "")
    for unit in partition.units:
        if os.path.isabs(unit.path):
            yield from read_unit(unit, limits)
            continue
        for item in read_unit(dataclasses.replace(unit, path=prefix + unit.path), limits):
            yield _relabel(item, prefix)


def _relabel(item: Item, prefix: str) -> Item:
    """The item with the client's relative path again (it was read through an absolute one)."""
    if not item.path.startswith(prefix):
        return item
    if isinstance(item, ErrorRow):
        return dataclasses.replace(item, path=item.path[len(prefix):], message=item.message.replace(prefix, ""))
    return dataclasses.replace(item, path=item.path[len(prefix):])


# -- the worker side --------------------------------------------------------------------------------
_LOADS: dict[str, int] = {}  # options fingerprint -> spaCy pipelines loaded by this process
_CACHE: dict[str, Processor] = {}  # processors loaded without the plugin (a worker that missed it)


def options_fingerprint(options: Options) -> str:
    return hashlib.blake2b(repr(options).encode("utf-8"), digest_size=8).hexdigest()


def worker_options(options: Options) -> Options:
    """The options as a worker uses them: the default models directory is the worker's own checkout
    (checked identical to the client's by :func:`models_fingerprint` before the run)."""
    if options.models_dir == DEFAULT_MODELS_DIR or not options.models_dir.exists():
        return dataclasses.replace(options, models_dir=DEFAULT_MODELS_DIR)
    return options


class PipelinePlugin(WorkerPlugin):
    """Worker plugin: one :class:`Processor` per worker and set of options, spaCy loaded at set-up.

    Registered under a name derived from the options, idempotently: a second run with the same
    options on the same cluster reuses the loaded pipelines.
    """

    idempotent = True

    def __init__(self, options: Options) -> None:
        self.options = options
        self.name = plugin_name(options)
        self.processor: Processor | None = None
        self.load_seconds = 0.0

    async def setup(self, worker: Any) -> None:
        """Load spaCy in a thread, so that the worker's event loop keeps answering the scheduler."""
        loop = asyncio.get_running_loop()
        self.processor = await loop.run_in_executor(None, self._load)

    def _load(self) -> Processor:
        started = time.perf_counter()
        processor = Processor(worker_options(self.options))
        _ = processor.nlp
        fingerprint = options_fingerprint(self.options)
        _LOADS[fingerprint] = _LOADS.get(fingerprint, 0) + 1
        self.load_seconds = time.perf_counter() - started
        return processor

    def teardown(self, worker: Any) -> None:
        self.processor = None


def plugin_name(options: Options) -> str:
    return f"frincident-{options_fingerprint(options)}"


def worker_processor(options: Options, memory: LineMemory | None) -> Processor:
    """This worker's loaded processor for ``options``, with the run's line memory."""
    from distributed import get_worker

    plugin = get_worker().plugins.get(plugin_name(options))
    base = getattr(plugin, "processor", None)
    if base is None:
        fingerprint = options_fingerprint(options)
        if fingerprint not in _CACHE:
            _CACHE[fingerprint] = PipelinePlugin(options)._load()
        base = _CACHE[fingerprint]
    processor = copy.copy(base)  # shares the loaded nlp; the memory is this run's
    processor.memory = memory
    return processor


def load_counts() -> dict[str, int]:
    """Per options fingerprint, how many times this process loaded the spaCy pipeline (``client.run``)."""
    return dict(_LOADS)


@dataclass(slots=True)
class Survey:
    keys: list[Key]
    memory: LineMemory | None


def survey_partition(partition: Partition, limits: Limits, want_memory: bool) -> Survey:
    """First pass over a partition: what each position holds, and the sketch of its text lines."""
    keys: list[Key] = []
    memory = LineMemory() if want_memory else None
    for item in read_partition(partition, limits):
        if isinstance(item, ErrorRow):
            keys.append(item)
            continue
        keys.append((item.doc_id, item.path, item.content_hash))
        if memory is not None and item.kind == "text":
            memory.add_document(item.content)
    return Survey(keys, memory if memory is not None and memory.documents else None)


def survey_keys(survey: Survey) -> list[Key]:
    return survey.keys


def survey_memory(survey: Survey) -> LineMemory | None:
    return survey.memory


def merge_memories(*memories: LineMemory | None) -> LineMemory | None:
    """The sum of sketches (count-min sketches add up exactly); None when none has any document."""
    import numpy as np

    present = [m for m in memories if m is not None]
    if not present:
        return None
    merged = LineMemory(present[0].width, present[0].depth)
    for memory in present:
        for mine, theirs in zip(merged.tables, memory.tables, strict=True):
            target = np.frombuffer(mine, dtype=np.uint32)
            target += np.frombuffer(theirs, dtype=np.uint32)
        merged.documents += memory.documents
    return merged


def finish_memory(memory: LineMemory | None) -> LineMemory:
    """The batch's memory: empty (not None) when there is no text dump, as the local pre-pass builds it."""
    return memory if memory is not None else LineMemory()


class RemoteSinkError(Exception):
    """A sink failure inside a task, in a form that survives pickling back to the client."""

    def __init__(self, sink: str, count: int, reason: str) -> None:
        super().__init__(sink, count, reason)
        self.sink, self.count, self.reason = sink, count, reason

    def as_sink_error(self) -> SinkError:
        return SinkError("E301", sink=self.sink, count=self.count, reason=self.reason)


@dataclass(frozen=True, slots=True)
class Task:
    """Everything a processing task needs besides the line memory (a shared future)."""

    partition: Partition
    plan: list[Entry]
    options: Options
    sink_urls: tuple[str, ...]
    skips: tuple[frozenset[str], ...]  # per sink: doc_ids it already holds with this content
    run_tag: str


def planned_items(task: Task, positions: Iterable[int] | None = None) -> Iterator[tuple[int, Item]]:
    """(position, item) for every position of the plan that is not skipped, following the plan."""
    wanted = None if positions is None else set(positions)
    reader = read_partition(task.partition, task.options.limits)
    for position, item in enumerate(reader):
        if position >= len(task.plan):
            log.warning("%s: more documents than at the survey (input changed?); the rest is ignored",
                        task.partition.name)
            return
        entry = task.plan[position]
        if entry is None or (wanted is not None and position not in wanted):
            continue
        if isinstance(entry, ErrorRow):
            yield position, entry
            continue
        doc_id, _, expected = entry
        if not isinstance(item, RawDocument) or item.content_hash != expected:
            yield position, ErrorRow.from_error(doc_id, item.path, DocumentError(
                "E101", path=item.path, reason="the input changed during the run"), expected)
            continue
        yield position, item if item.doc_id == doc_id else dataclasses.replace(item, doc_id=doc_id)


def worker_sinks(task: Task, part_name: str) -> list[Sink]:
    """The run's sinks as a task writes them: JSONL as part files, Parquet parts, database upserts."""
    from pipeline.sinks.jsonl import JsonlPartSink

    sinks: list[Sink] = []
    for url in task.sink_urls:
        sink = open_sink(url)
        if url.startswith("jsonl:"):
            sink = JsonlPartSink(sink.directory, part_name)  # type: ignore[attr-defined]
            sink.open()
        elif not url.startswith("parquet:"):  # Parquet directories are prepared by the client
            sink.open()
        sinks.append(sink)
    return sinks


def write_chunk(results: Sequence[Result], sinks: Sequence[Sink], skips: Sequence[frozenset[str]]) -> None:
    for sink, skip in zip(sinks, skips, strict=True):
        todo = [r for r in results if r.doc_id not in skip] if skip else list(results)
        if todo:
            sink.write(todo)


def close_sinks(sinks: Sequence[Sink], failed: bool) -> None:
    from pipeline.sinks.jsonl import JsonlPartSink

    for sink in sinks:
        if failed and isinstance(sink, JsonlPartSink):
            sink.abort()
        else:
            sink.close()


def outcome(result: Result) -> Outcome:
    if isinstance(result, Record):
        return result.doc_id, result.content_hash, "record", ""
    status = "duplicate" if result.is_duplicate else "error"
    return result.doc_id, result.content_hash, status, result.code


def write_results(task: Task, part_name: str, chunks: Iterable[Sequence[Result]]) -> list[Outcome]:
    """Write chunks of results to the task's sinks; a sink failure becomes a :class:`RemoteSinkError`."""
    outcomes: list[Outcome] = []
    sinks: list[Sink] = []
    failed = True
    try:
        sinks = worker_sinks(task, part_name)
        for results in chunks:
            write_chunk(results, sinks, task.skips)
            outcomes.extend(outcome(r) for r in results)
        failed = False
    except SinkError as error:
        raise RemoteSinkError(str(error.params.get("sink", "?")), len(outcomes),
                              str(error.params.get("reason", error))) from None
    finally:
        close_sinks(sinks, failed)
    return outcomes


def process_partition(task: Task, memory: LineMemory | None) -> list[Outcome]:
    """Process a partition by its plan and write it to the sinks (the task of the normal path)."""
    processor = worker_processor(task.options, memory)
    items = (item for _, item in planned_items(task))
    chunks = (processor.process_batch(chunk) for chunk in chunked(items, task.options.run.chunk_size))
    return write_results(task, f"{task.run_tag}-{task.partition.name}", chunks)


def process_each(task: Task, memory: LineMemory | None, positions: list[int]) -> dict[int, Result]:
    """Rescue path: these positions one document at a time; a document that raises is an E207 row."""
    processor = worker_processor(task.options, memory)
    results: dict[int, Result] = {}
    for position, item in planned_items(task, positions):
        try:
            (results[position],) = processor.process_batch([item])
        except Exception as error:  # whatever a document does, it is one error row
            log.exception("document %s failed in its own task", item.doc_id)
            results[position] = died(item, repr(error))
    return results


def write_rescued(task: Task, part_name: str, results: list[Result]) -> list[Outcome]:
    """Write the results of a rescued partition, in input order."""
    return write_results(task, part_name, chunked(results, task.options.run.chunk_size))


def died(item: Item, reason: str) -> ErrorRow:
    if isinstance(item, ErrorRow):
        return item
    return ErrorRow.from_error(item.doc_id, item.path, DocumentError("E207", reason=reason or "killed"),
                               item.content_hash)


def worker_identity(models_dir: str | None) -> tuple[str, str]:
    """(pipeline version, fingerprint of the models directory) of this process, for the pre-flight check."""
    return PIPELINE_VERSION, models_fingerprint(Path(models_dir) if models_dir else DEFAULT_MODELS_DIR)


def models_fingerprint(directory: Path) -> str:
    """A hash of every file under the models directory (names and content)."""
    digest = hashlib.blake2b(digest_size=8)
    if not directory.is_dir():
        return "missing"
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(directory)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# -- the client side --------------------------------------------------------------------------------
@dataclass(slots=True)
class ClientRun:
    """The client's state for one run: ledger, sinks, admission, summary."""

    client: Any
    options: Options
    out_dir: Path
    sinks: list[Sink]
    force: bool
    ledger: Ledger = field(init=False)
    admission: Admission = field(init=False)
    summary: RunSummary = field(default_factory=RunSummary)
    run_tag: str = field(default_factory=lambda: f"r{int(time.time() * 1000)}")

    def __post_init__(self) -> None:
        self.ledger = Ledger(self.out_dir)
        if self.force:
            self.ledger.clear()
        self.admission = Admission(self.ledger, [sink.url for sink in self.sinks], force=self.force)


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
    run = ClientRun(client, options, out_dir, sinks, force)
    try:
        prepare_sinks(run)
        loading = time.perf_counter()
        client.register_plugin(PipelinePlugin(options))
        run.summary.load_seconds = time.perf_counter() - loading
        log.info("dask: %d partitions on %d workers", len(partitions), workers)
        plans, memory = survey(run, partitions)
        meter = Progress(options.run.progress_every, enabled=progress)
        try:
            process(run, partitions, plans, memory, meter, retries)
        finally:
            meter.close()
    finally:
        close_client_sinks(run)
    run.summary.skipped = run.admission.skipped
    run.summary.repeats = run.admission.repeats
    run.summary.seconds = time.perf_counter() - started
    return run.summary


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
        if sink.url.startswith(("jsonl:", "parquet:")):
            directory = Path(sink.directory)  # type: ignore[attr-defined]
            directory.mkdir(parents=True, exist_ok=True)
            paths.append(str(directory.resolve()))
    for path in paths:
        for worker, seen in client.run(os.path.exists, path).items():
            if not seen:
                raise UsageError("E403", path=path, reason=f"not visible from the Dask worker {worker} "
                                                           "(inputs and file sinks need a shared file system)")


def prepare_sinks(run: ClientRun) -> None:
    """Open every sink once on the client: tables, --force truncation, leftovers; reconcile the ledger.

    JSONL sinks stay open (the client appends the workers' part files); the others are closed, the
    workers open their own connections.
    """
    from pipeline.sinks.jsonl import JsonlSink, clear_parts

    for sink in run.sinks:
        if isinstance(sink, JsonlSink):
            clear_parts(sink.directory)
        sink.open(fresh=run.force)
        run.ledger.mark_sink(sink.url, sink.existing())
        if not isinstance(sink, JsonlSink):
            sink.close()


def close_client_sinks(run: ClientRun) -> None:
    """Close the client's sinks and ledger; drop the JSONL staging directories (appended or stale)."""
    from pipeline.sinks.jsonl import JsonlSink, clear_parts

    for sink in run.sinks:
        sink.close()
        if isinstance(sink, JsonlSink):
            clear_parts(sink.directory)
    run.ledger.close()


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
        admitted = list(run.admission.admit([stand_in]))
        if not admitted:
            plan.append(None)
        elif isinstance(admitted[0], ErrorRow):
            plan.append(admitted[0])
        else:
            plan.append((admitted[0].doc_id, admitted[0].path, admitted[0].content_hash))
    return plan


def pairs_of(plan: Sequence[Entry]) -> list[tuple[str, str | None]]:
    """(doc_id, content hash) of what a plan writes."""
    pairs: list[tuple[str, str | None]] = []
    for entry in plan:
        if isinstance(entry, ErrorRow):
            pairs.append((entry.doc_id, entry.content_hash))
        elif entry is not None:
            pairs.append((entry[0], entry[2]))
    return pairs


def make_task(run: ClientRun, partition: Partition, plan: list[Entry]) -> Task:
    pairs = pairs_of(plan)
    skips = tuple(frozenset(run.ledger.written_in(sink.url, pairs)) if pairs else frozenset() for sink in run.sinks)
    return Task(partition, plan, run.options, tuple(sink.url for sink in run.sinks), skips, run.run_tag)


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
        meter.update(len(outcomes), sum(1 for o in outcomes if o[2] == "error"))
    if sink_error is not None:
        raise sink_error


def sink_failure(error: RemoteSinkError, task: Task) -> SinkError:
    """The local engine's error for what a sink did not get: E303, with the doc_ids of the partition."""
    ids = [doc_id for doc_id, _ in pairs_of(task.plan)]
    if "E303" not in MESSAGES:  # an errors.py without it: the sink's own E301
        return error.as_sink_error()
    return SinkError("E303", sink=error.sink, count=len(ids), reason=error.as_sink_error(), ids=", ".join(ids))


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
    """Redo a failed partition document by document; halve the groups whose worker died."""
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
    return ErrorRow.from_error(doc_id, path, DocumentError("E207", reason=reason), content_hash)


def commit(run: ClientRun, task: Task, outcomes: Sequence[Outcome], part_name: str) -> None:
    """Make a partition's results part of the run: JSONL parts appended, ledger marked, summary counted."""
    from pipeline.sinks.jsonl import JsonlSink

    for sink, skip in zip(run.sinks, task.skips, strict=True):
        if isinstance(sink, JsonlSink):
            sink.append_part(part_name)
        run.ledger.mark_sink(sink.url, [(doc_id, h) for doc_id, h, _, _ in outcomes if doc_id not in skip])
    run.ledger.mark([(doc_id, h, status) for doc_id, h, status, _ in outcomes])
    tally(run.summary, outcomes)


def tally(summary: RunSummary, outcomes: Iterable[Outcome]) -> None:
    for _, _, status, code in outcomes:
        summary.read += 1
        if status == "record":
            summary.records += 1
        elif status == "duplicate":
            summary.duplicates += 1
        else:
            summary.errors += 1
            summary.error_codes[code] = summary.error_codes.get(code, 0) + 1
