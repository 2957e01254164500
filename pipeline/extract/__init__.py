"""Field extractors: annotated Doc + clean document -> :class:`~pipeline.record.Record`.

One module per field. They run in dependency order: the publication date (base of relative dates),
``is_incident`` (fields of non-incidents stay empty), the company (penalties need it), then the other
fields. Every value carries its evidence.

Extraction runs in two steps so that the costly NER only reads the pages that report an incident:
:func:`triage` needs the rule annotations only (date, ``is_incident``); :func:`complete` reads the
entities as well (``salient_ner``) and fills the other fields. :func:`extract_record` does both on a
Doc that went through the whole pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from pipeline.document import CleanDocument
from pipeline.extract.cause import extract_cause
from pipeline.extract.company import extract_companies
from pipeline.extract.context import DocContext
from pipeline.extract.data_types import extract_data_types
from pipeline.extract.dates import extract_incident_date, extract_publication_date
from pipeline.extract.incident import extract_is_incident
from pipeline.extract.penalties import extract_penalties
from pipeline.extract.scope import incident_scope
from pipeline.extract.victims import extract_victim_count
from pipeline.record import Record
from pipeline.resources import classifier
from pipeline.settings import Options


@dataclass(slots=True)
class Triaged:
    """A record with its publication date and ``is_incident``, and the context to complete it."""

    record: Record
    ctx: DocContext
    candidates: dict[str, list] = field(default_factory=dict)  # scored candidates per field (training, explain)

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
    published = extract_publication_date(ctx)
    record.date = published.value
    record.evidence["date"] = published.evidence
    incident = extract_is_incident(ctx, classifier(options.extract.incident_model, options.models_dir))
    record.is_incident = incident.value
    record.evidence["is_incident"] = incident.evidence
    return Triaged(record, ctx)


def complete(triaged: Triaged, options: Options) -> Record:
    """The other fields of an incident's record (its Doc must carry the ``salient_ner`` entities)."""
    record, ctx, settings = triaged.record, triaged.ctx, options.extract
    if not triaged.needs_entities:
        return record
    companies = extract_companies(ctx, classifier(settings.company_model, options.models_dir), record.date)
    record.company, record.companies = companies.company, companies.companies
    record.evidence["company"] = companies.evidence
    record.evidence["companies"] = companies.companies_evidence
    triaged.candidates["company"] = companies.candidates
    scope = incident_scope(ctx, companies.companies, record.date)
    incident_date = extract_incident_date(ctx, scope, classifier(settings.incident_date_model, options.models_dir),
                                          record.date)
    record.incident_date = incident_date.value
    triaged.candidates["incident_date"] = incident_date.candidates
    record.evidence["incident_date"] = incident_date.evidence
    data_types = extract_data_types(ctx, scope, classifier(settings.data_types_model, options.models_dir))
    record.data_types = data_types.values
    triaged.candidates["data_types"] = data_types.candidates
    record.evidence["data_types"] = data_types.evidence
    victims = extract_victim_count(ctx, scope, classifier(settings.victim_model, options.models_dir),
                                   companies.companies, record.date)
    record.victim_count = victims.value
    triaged.candidates["victim_count"] = victims.candidates
    record.evidence["victim_count"] = victims.evidence
    cause = extract_cause(ctx, scope, classifier(settings.cause_model, options.models_dir))
    record.cause = cause.values
    triaged.candidates["cause"] = cause.candidates
    record.evidence["cause"] = cause.evidence
    penalties = extract_penalties(ctx, scope, classifier(settings.penalties_model, options.models_dir),
                                  companies.companies, companies.authorities, record.date)
    record.penalties = penalties.values
    triaged.candidates["penalties"] = penalties.candidates
    record.evidence["penalties"] = penalties.evidence
    return record
