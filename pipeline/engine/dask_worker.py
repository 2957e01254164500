"""The worker side of the Dask engine: what runs in a task, and the plugin that loads spaCy once.

Tasks are pure functions of a partition: the survey (:func:`survey_partition`: what each position holds
and the sketch of its text lines), the processing (:func:`process_partition`: the worker's
:class:`~pipeline.process.Processor` over the partition's plan, written through each sink's part writer),
and the rescue of a failed partition one document at a time (:func:`process_each`). They return only
:class:`~pipeline.engine.core.Outcome` rows (or error rows) to the client.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import hashlib
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.boilerplate import LineMemory
from pipeline.document import RawDocument
from pipeline.engine.core import Item, Outcome, Result, died
from pipeline.engine.local import chunked
from pipeline.engine.partitions import Partition, read_partition
from pipeline.errors import DocumentError, ErrorRow
from pipeline.process import Processor
from pipeline.record import PIPELINE_VERSION
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

DocKey = tuple[str, str, str]  # doc_id, path, content hash of a document read
Key = DocKey | ErrorRow  # what the survey found at one position: a document, or a row for what was unreadable
Admit = tuple[str, str, str]  # process the document read here under this doc_id (its path, its content hash)
Entry = Admit | ErrorRow | None  # a plan entry: process, write this row instead, or skip

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


def pairs_of(plan: Sequence[Entry]) -> list[tuple[str, str | None]]:
    """(doc_id, content hash) of what a plan writes."""
    pairs: list[tuple[str, str | None]] = []
    for entry in plan:
        if isinstance(entry, ErrorRow):
            pairs.append((entry.doc_id, entry.content_hash))
        elif entry is not None:
            pairs.append((entry[0], entry[2]))
    return pairs


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


def write_chunk(results: Sequence[Result], writers: Sequence[Sink], skips: Sequence[frozenset[str]]) -> None:
    for writer, skip in zip(writers, skips, strict=True):
        todo = [r for r in results if r.doc_id not in skip] if skip else list(results)
        if todo:
            writer.write(todo)


def write_results(task: Task, part_name: str, chunks: Iterable[Sequence[Result]]) -> list[Outcome]:
    """Write chunks of results through each sink's part writer; a sink failure becomes a
    :class:`RemoteSinkError`. A failed partition's writers abort (a part file is dropped, not kept)."""
    outcomes: list[Outcome] = []
    writers: list[Sink] = []
    failed = True
    try:
        writers = [open_sink(url).part_writer(part_name) for url in task.sink_urls]
        for results in chunks:
            write_chunk(results, writers, task.skips)
            outcomes.extend(Outcome.of(r) for r in results)
        failed = False
    except SinkError as error:
        raise RemoteSinkError(str(error.params.get("sink", "?")), len(outcomes),
                              str(error.params.get("reason", error))) from None
    finally:
        for writer in writers:
            writer.abort() if failed else writer.close()
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


