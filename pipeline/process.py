"""Documents in, records out: boilerplate removal, ``nlp.pipe`` in batches, extraction.

:class:`Processor` holds what is loaded once per process (the spaCy pipeline) and turns a batch of
raw documents into records or error rows, in input order. Engines (local processes, Dask) only
decide which process runs which batch.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language

from pipeline.boilerplate import LineMemory, clean_document
from pipeline.document import CleanDocument, RawDocument
from pipeline.errors import DocumentError, ErrorRow, PipelineError
from pipeline.extract import extract_record
from pipeline.nlp import build_nlp, make_doc
from pipeline.record import Record
from pipeline.settings import Options

log = logging.getLogger(__name__)

Result = Record | ErrorRow


@dataclass(slots=True)
class Cleaned:
    document: CleanDocument
    started: float


class Processor:
    """The whole per-document pipeline, with the spaCy pipeline loaded once (lazily)."""

    def __init__(self, options: Options, memory: LineMemory | None = None) -> None:
        self.options = options
        self.memory = memory
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            started = time.perf_counter()
            self._nlp = build_nlp(self.options)
            log.info("spaCy pipeline ready in %.1f s", time.perf_counter() - started)
        return self._nlp

    def clean(self, raw: RawDocument) -> CleanDocument | ErrorRow:
        try:
            return clean_document(raw, self.options, self.memory)
        except PipelineError as error:
            return ErrorRow.from_error(raw.doc_id, raw.path, error, raw.content_hash)
        except (ValueError, TypeError, AttributeError, RecursionError, MemoryError) as error:
            return ErrorRow.from_error(raw.doc_id, raw.path, DocumentError("E201", reason=repr(error)),
                                       raw.content_hash)

    def process_batch(self, items: list[RawDocument | ErrorRow]) -> list[Result]:
        """Records and error rows for a batch, in the order of ``items``."""
        results: list[Result | None] = [None] * len(items)
        pending: list[tuple[int, CleanDocument]] = []
        for position, item in enumerate(items):
            if isinstance(item, ErrorRow):
                results[position] = item
                continue
            cleaned = self.clean(item)
            if isinstance(cleaned, ErrorRow):
                results[position] = cleaned
            else:
                pending.append((position, cleaned))
        if pending:
            docs = (make_doc(self.nlp, document) for _, document in pending)
            annotated = self.nlp.pipe(docs, batch_size=self.options.nlp.batch_size)
            for (position, document), doc in zip(pending, annotated, strict=True):
                results[position] = self._extract(doc, document)
        return [r for r in results if r is not None]

    def _extract(self, doc, document: CleanDocument) -> Result:
        try:
            return extract_record(doc, document, self.options)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError) as error:
            log.exception("extraction failed for %s", document.doc_id)
            return ErrorRow.from_error(document.doc_id, document.source.path,
                                       DocumentError("E205", reason=repr(error)), document.content_hash)

    def process(self, items: Iterable[RawDocument | ErrorRow], batch_size: int | None = None) -> Iterator[Result]:
        """Stream records and error rows for a stream of documents."""
        size = batch_size or self.options.nlp.batch_size
        batch: list[RawDocument | ErrorRow] = []
        for item in items:
            batch.append(item)
            if len(batch) >= size:
                yield from self.process_batch(batch)
                batch = []
        if batch:
            yield from self.process_batch(batch)
