"""Partitions of a distributed run: groups of input units, in input order, sized in documents.

Big uncompressed JSONL dumps are cut into byte ranges and big WARC files into batches of records (see
:func:`~pipeline.readers.plan_units`); every unit is read on its own by the worker a partition goes to.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.engine.core import Item
from pipeline.errors import ErrorRow
from pipeline.readers import InputUnit, input_format, plan_units, read_unit
from pipeline.settings import Limits

SPLIT_BYTES = 64 << 20  # uncompressed JSONL dumps and WARC files larger than this are read in pieces
DUMP_BYTES_PER_DOCUMENT = 16 << 10  # a guess at one page of a JSONL or WARC dump, to size partitions
MIN_PARTITION_DOCUMENTS = 8
MAX_PARTITION_DOCUMENTS = 1000
PARTITIONS_PER_WORKER = 8


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
    fmt = input_format(Path(unit.path))
    if fmt is None or fmt.one_page:
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


