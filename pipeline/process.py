"""Documents in, records out: boilerplate removal, ``nlp.pipe`` in batches, extraction.

:class:`Processor` holds what is loaded once per process (the spaCy pipeline) and turns a batch of
raw documents into records or error rows, in input order. Engines (local processes, Dask) only
decide which process runs which batch.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.boilerplate import LineMemory, clean_document
from pipeline.document import CleanDocument, RawDocument
from pipeline.errors import DocumentError, ErrorRow, PipelineError
from pipeline.extract import Triaged, complete, triage
from pipeline.language import FRENCH
from pipeline.nlp import SALIENT_NER, build_nlp, make_doc
from pipeline.record import Record
from pipeline.resources import use_options
from pipeline.settings import Options

log = logging.getLogger(__name__)

Result = Record | ErrorRow
T = TypeVar("T")


@dataclass(slots=True)
class Cleaned:
    """A document on its way through the batch: where its result goes and the seconds spent on it."""

    position: int
    document: CleanDocument
    seconds: float


class Processor:
    """The whole per-document pipeline, with the spaCy pipeline loaded once (lazily)."""

    def __init__(self, options: Options, memory: LineMemory | None = None) -> None:
        use_options(options)  # every loader reads the knowledge and the tunables of the run's options
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
        except Exception as error:  # any bug or parser failure on one page: an error row, the batch goes on
            log.warning("boilerplate removal failed for %s: %r", raw.doc_id, error)
            return ErrorRow.from_error(raw.doc_id, raw.path, DocumentError("E201", reason=repr(error)),
                                       raw.content_hash)

    def process_batch(self, items: list[RawDocument | ErrorRow]) -> list[Result]:
        """Records and error rows for a batch, in the order of ``items``: exactly one result per item.

        Documents that are not in French skip the NLP (:meth:`_not_french`); a document whose stages
        took longer than ``limits.max_document_seconds`` becomes error E204 (see :meth:`_annotate`).
        """
        results: list[Result | None] = [None] * len(items)
        pending: list[Cleaned] = []
        for position, item in enumerate(items):
            if isinstance(item, ErrorRow):
                results[position] = item
                continue
            started = time.perf_counter()
            cleaned = self.clean(item)
            seconds = time.perf_counter() - started
            if isinstance(cleaned, ErrorRow):
                results[position] = cleaned
            elif seconds > self.options.limits.max_document_seconds:
                results[position] = self._timed_out(cleaned, seconds)
            elif not self._is_french(cleaned):
                results[position] = self._not_french(cleaned)
            else:
                pending.append(Cleaned(position, cleaned, seconds))
        if pending:
            try:
                self._annotate(pending, results)
            except Exception:  # one document broke nlp.pipe: redo the batch one document at a time
                log.exception("nlp.pipe failed on a batch of %d documents; retrying them one by one", len(pending))
                for item in pending:
                    if results[item.position] is None:
                        self._annotate_one(item, results)
        return [r for r in results if r is not None]

    def _annotate_one(self, item: Cleaned, results: list[Result | None]) -> None:
        try:
            self._annotate([item], results)
        except Exception as error:
            log.exception("NLP failed for %s", item.document.doc_id)
            document = item.document
            results[item.position] = ErrorRow.from_error(document.doc_id, document.source.path, DocumentError(
                "E205", reason=f"NLP: {error!r}"), document.content_hash)

    def _annotate(self, pending: list[Cleaned], results: list[Result | None]) -> None:
        """NLP and extraction of the cleaned documents, each result stored at its position.

        The rule pipes run on every document and :func:`~pipeline.extract.triage` decides which ones
        report an incident; only those go through the NER (``salient_ner``, batched) and
        :func:`~pipeline.extract.complete`. Batched stages share their time among the documents in
        proportion to their length; the per-document limit applies to the sum.
        """
        nlp = self.nlp
        started = time.perf_counter()
        docs = self.rule_docs([item.document for item in pending])
        if len(docs) != len(pending):
            raise RuntimeError(f"nlp.pipe returned {len(docs)} documents for {len(pending)}")
        self._share(pending, time.perf_counter() - started)
        triaged: list[tuple[Cleaned, Triaged]] = []
        for item, doc in zip(pending, docs, strict=True):
            outcome = self._extract(item, lambda doc=doc, item=item: triage(doc, item.document, self.options))
            if isinstance(outcome, ErrorRow):
                results[item.position] = outcome
            else:
                triaged.append((item, outcome))
        incidents = [(item, found) for item, found in triaged if found.needs_entities]
        if incidents:
            started = time.perf_counter()
            for _ in nlp.get_pipe(SALIENT_NER).pipe(found.ctx.doc for _, found in incidents):
                pass
            self._share([item for item, _ in incidents], time.perf_counter() - started)
        for item, found in triaged:
            results[item.position] = self._extract(item, lambda found=found: complete(found, self.options))
        for item in pending:
            if item.seconds > self.options.limits.max_document_seconds and isinstance(results[item.position], Record):
                results[item.position] = self._timed_out(item.document, item.seconds)

    def rule_docs(self, documents: list[CleanDocument]) -> list[Doc]:
        """The Docs of clean documents through the rule pipes (everything but the salient NER), in order."""
        nlp = self.nlp
        with nlp.select_pipes(disable=[SALIENT_NER]):
            return list(nlp.pipe((make_doc(nlp, document) for document in documents),
                                 batch_size=self.options.nlp.batch_size))

    def _timed_out(self, document: CleanDocument, seconds: float) -> ErrorRow:
        """Error E204: the document took ``seconds``, more than the per-document time limit."""
        limit = self.options.limits.max_document_seconds
        log.warning("%s took %.1f s, more than the limit of %s s", document.doc_id, seconds, limit)
        return ErrorRow.from_error(document.doc_id, document.source.path, DocumentError("E204", limit=limit),
                                   document.content_hash)

    def _is_french(self, document: CleanDocument) -> bool:
        language = document.source.language
        return language is None or language == FRENCH

    def _not_french(self, document: CleanDocument) -> Result:
        """A page in another language: a record marked with its language and nothing extracted (the French
        rules would find false values in it), or error E203 when ``language.non_french = "error"``."""
        language = document.source.language or "und"
        if self.options.language.non_french == "error":
            return ErrorRow.from_error(document.doc_id, document.source.path,
                                       DocumentError("E203", language=language), document.content_hash)
        log.info("%s is not in French (%s): no field extracted", document.doc_id, language)
        return Record(doc_id=document.doc_id, source=document.source.as_dict(), text=document.text,
                      content_hash=document.content_hash, is_incident=False, language=language)

    def _extract(self, item: Cleaned, step: Callable[[], T]) -> T | ErrorRow:
        """One extraction step for one document, timed; a bug met on the page is its error row (E205)."""
        started = time.perf_counter()
        try:
            return step()
        except Exception as error:  # a bug met on one page: an error row, the batch goes on
            document = item.document
            log.exception("extraction failed for %s", document.doc_id)
            return ErrorRow.from_error(document.doc_id, document.source.path,
                                       DocumentError("E205", reason=repr(error)), document.content_hash)
        finally:
            item.seconds += time.perf_counter() - started

    @staticmethod
    def _share(items: list[Cleaned], seconds: float) -> None:
        """Charge a batched stage's ``seconds`` to ``items`` in proportion to their length."""
        total_chars = sum(len(item.document.text) for item in items) or 1
        for item in items:
            item.seconds += seconds * len(item.document.text) / total_chars
