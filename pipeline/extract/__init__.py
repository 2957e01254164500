"""Field extractors: annotated Doc + clean document -> :class:`~pipeline.record.Record`.

One module per field, each a function ``(page: Page) -> FieldResult`` (:mod:`pipeline.extract.fields`),
registered below in field order: the publication date (base of relative dates), ``is_incident`` (fields of
non-incidents stay empty), the company (the incident's scope and the penalties need it), then the others.
Every value carries its evidence.

Extraction runs in two steps so that the costly NER only reads the pages that report an incident:
:func:`triage` needs the rule annotations only (``TRIAGE``); :func:`complete` reads the entities as well
(``salient_ner``) and fills the other fields (``FIELDS``). :func:`extract_record` does both on a Doc that
went through the whole pipeline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from pipeline.document import CleanDocument
from pipeline.extract.cause import extract_cause
from pipeline.extract.company import extract_companies
from pipeline.extract.context import DocContext
from pipeline.extract.data_types import extract_data_types
from pipeline.extract.dates import extract_incident_date, extract_publication_date
from pipeline.extract.fields import FieldResult, Page
from pipeline.extract.incident import extract_is_incident
from pipeline.extract.penalties import extract_penalties
from pipeline.extract.victims import extract_victim_count
from pipeline.record import Record
from pipeline.settings import Options

Extractor = Callable[[Page], FieldResult]
TRIAGE: tuple[tuple[str, Extractor], ...] = (("date", extract_publication_date), ("is_incident", extract_is_incident))
FIELDS: tuple[tuple[str, Extractor], ...] = (
    ("company", extract_companies),
    ("incident_date", extract_incident_date),
    ("data_types", extract_data_types),
    ("victim_count", extract_victim_count),
    ("cause", extract_cause),
    ("penalties", extract_penalties),
)


@dataclass(slots=True)
class Triaged:
    """A record with its publication date and ``is_incident``, and the page to complete it."""

    record: Record
    page: Page
    candidates: dict[str, list] = field(default_factory=dict)  # scored candidates per field (training, explain)

    @property
    def ctx(self) -> DocContext:
        return self.page.ctx

    @property
    def needs_entities(self) -> bool:
        """Only the fields of incidents are extracted, and only they read the NER's entities."""
        return bool(self.record.is_incident)


def extract_record(doc: Doc, document: CleanDocument, options: Options) -> Record:
    """Every field of the record of ``document`` from its annotated ``doc`` (rules and entities)."""
    return complete(triage(doc, document, options), options)


def triage(doc: Doc, document: CleanDocument, options: Options) -> Triaged:
    """The publication date and ``is_incident``: the fields that need no entity."""
    ctx = DocContext(doc, document, lead_sentences=options.nlp.ner_lead_sentences, models_dir=options.models_dir)
    record = Record(doc_id=document.doc_id, source=document.source.as_dict(), text=document.text,
                    content_hash=document.content_hash, language=document.source.language)
    triaged = Triaged(record, Page(ctx, record, options))
    _run(triaged, TRIAGE)
    return triaged


def complete(triaged: Triaged, options: Options) -> Record:
    """The other fields of an incident's record (its Doc must carry the ``salient_ner`` entities)."""
    if triaged.needs_entities:
        _run(triaged, FIELDS)
    return triaged.record


def _run(triaged: Triaged, extractors: tuple[tuple[str, Extractor], ...]) -> None:
    record = triaged.record
    for name, extractor in extractors:
        result = extractor(triaged.page)
        setattr(record, name, result.value)
        record.evidence[name] = result.evidence
        for other, (value, evidence) in result.more.items():
            setattr(record, other, value)
            record.evidence[other] = evidence
        if result.candidates:
            triaged.candidates[name] = result.candidates
