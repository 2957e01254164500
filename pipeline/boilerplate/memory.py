"""Lines that repeat across the pages of a batch (menus, footers, newsletter pitches of one site).

A fixed-size count-min sketch of short folded lines, one count per document: memory does not grow
with the batch, and the counts are the same whatever order or engine read the documents (the sketch
is filled in a first pass over the inputs, before any document is cleaned).
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable, Sequence
from pathlib import Path

from pipeline.boilerplate.markers import strip_bullet
from pipeline.document import RawDocument
from pipeline.normalize.text import collapse_spaces, fold
from pipeline.resources import tunables
from pipeline.settings import Limits

TUNED = tunables("memory")  # [tuning.memory] of models/config.toml

class LineMemory:
    """How many documents of the batch contain a line (an over-estimate, never an under-estimate)."""

    def __init__(self, width: int = 1 << 18, depth: int = 4) -> None:
        self.width = width
        self.depth = depth
        self.tables = [array("I", [0]) * width for _ in range(depth)]
        self.documents = 0

    def _slots(self, line: str) -> list[int]:
        digest = hashlib.blake2b(line.encode("utf-8"), digest_size=4 * self.depth).digest()
        return [int.from_bytes(digest[4 * i:4 * i + 4], "little") % self.width for i in range(self.depth)]

    def add_document(self, text: str) -> None:
        """Count each distinct short line of a document once."""
        self.documents += 1
        for line in set(document_lines(text)):
            for table, slot in zip(self.tables, self._slots(line), strict=True):
                table[slot] += 1

    def documents_with(self, folded_line: str) -> int:
        return min(table[slot] for table, slot in zip(self.tables, self._slots(folded_line), strict=True))

    def other_documents(self, folded_line: str) -> int:
        """Documents other than the current one that contain the line (the current one was added)."""
        return max(self.documents_with(folded_line) - 1, 0)

    def merge(self, other: LineMemory) -> None:
        for mine, theirs in zip(self.tables, other.tables, strict=True):
            for i, value in enumerate(theirs):
                if value:
                    mine[i] += value
        self.documents += other.documents


def document_lines(text: str) -> Iterable[str]:
    """The folded short lines of a text dump, as the cleaner looks them up."""
    for raw in text.split("\n"):
        line = collapse_spaces(raw)
        if line and len(line) <= TUNED.max_line_chars:
            yield fold(strip_bullet(line))


def build_memory(inputs: Sequence[str | Path], limits: Limits) -> LineMemory:
    """First pass over the inputs: count the short lines of every text dump. HTML pages and WARC files
    (HTML responses) are not even read: their furniture is told apart by trafilatura and the markup."""
    from pipeline.readers import InputUnit, discover, input_format, read_unit  # readers import boilerplate

    memory = LineMemory()
    for path in discover(inputs):
        fmt = input_format(path)
        if fmt is None or not fmt.may_hold_text_dumps:
            continue
        for item in read_unit(InputUnit(str(path)), limits):
            if isinstance(item, RawDocument) and item.kind == "text":
                memory.add_document(item.content)
    return memory
