"""Admission of documents into a run: resume, de-duplication and doc_id collisions.

Before a document is processed it is checked against the ledger (written by an earlier run with the
same content: skipped), against the content of documents already written or in flight (a duplicate:
one ``D001`` row), and against doc_ids already used in this run with other content (a collision: the
new document gets the suffix ``~<hash>`` so both are kept). The same document listed twice (same doc_id,
same content) is one document: it is written once and counted in ``repeats``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pipeline.document import RawDocument
from pipeline.engine.ledger import Ledger
from pipeline.errors import ErrorRow, message

Item = RawDocument | ErrorRow


@dataclass(slots=True)
class Admission:
    ledger: Ledger
    sinks: list[str]
    force: bool = False
    skipped: int = 0
    repeats: int = 0  # the same doc_id with the same content, again in this run: written once
    in_flight_hashes: dict[str, str] = field(default_factory=dict)  # content hash -> doc_id
    in_flight_ids: dict[str, str] = field(default_factory=dict)  # doc_id -> content hash

    def admit(self, items: Iterable[Item]) -> Iterator[Item]:
        for item in items:
            if isinstance(item, ErrorRow):
                if not self.force and self.ledger.written(item.doc_id, item.content_hash, self.sinks):
                    self.skipped += 1
                    continue
                yield item
                continue
            admitted = self._admit(item)
            if admitted is not None:
                yield admitted

    def _admit(self, document: RawDocument) -> Item | None:
        if not self.force and self.ledger.written(document.doc_id, document.content_hash, self.sinks):
            self.skipped += 1
            return None
        claimed = self.in_flight_ids.get(document.doc_id) or self.ledger.claimed_in_this_run(document.doc_id)
        if claimed is not None and claimed != document.content_hash:
            document = dataclasses.replace(document, doc_id=f"{document.doc_id}~{document.content_hash[:8]}")
            if not self.force and self.ledger.written(document.doc_id, document.content_hash, self.sinks):
                self.skipped += 1
                return None
        original = self.in_flight_hashes.get(document.content_hash) or self.ledger.same_content(
            document.content_hash, document.doc_id)
        if original == document.doc_id:
            self.repeats += 1
            return None
        if original is not None:
            return ErrorRow(doc_id=document.doc_id, path=document.path, code="D001",
                            message=message("D001", original=original), content_hash=document.content_hash)
        self.in_flight_hashes[document.content_hash] = document.doc_id
        self.in_flight_ids[document.doc_id] = document.content_hash
        return document

    def settled(self, rows: Iterable[tuple[str, str | None, str]]) -> None:
        """Forget in-flight entries once their batch is in the ledger."""
        for doc_id, content_hash, _ in rows:
            self.in_flight_ids.pop(doc_id, None)
            if content_hash is not None and self.in_flight_hashes.get(content_hash) == doc_id:
                del self.in_flight_hashes[content_hash]
