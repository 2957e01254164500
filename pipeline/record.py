"""The record of ../shared/SCHEMA.md (version 1), its JSON Schema, and JSON serialisation.

Field names and codes are fixed by the contract; the pipeline adds ``content_hash``, ``language``
and ``pipeline_version``, and evidence items may carry ``value`` (the code or amount they support)
and ``ref`` (``title``, ``byline`` or ``metadata`` when the span is not in ``text``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

SCHEMA_VERSION = "1"
PIPELINE_VERSION = "0.1.0"
SCHEMA_PATH = Path(__file__).with_name("record.schema.json")

DATA_TYPES = ("name", "email", "phone", "postal_address", "birth_date", "national_id", "financial",
              "credentials", "health", "geolocation", "audio", "video", "vehicle_id", "device_id",
              "biometric", "messages", "contacts", "usage", "other")
CAUSES = ("human_error", "misconfiguration", "cyberattack", "ransomware", "phishing", "third_party",
          "insider", "lost_device", "software_bug", "unlawful_processing")
UNITS = ("persons", "customers", "users", "accounts", "records", "devices", "vehicles")
PENALTY_KINDS = ("fine", "settlement", "damages", "potential")
EVIDENCE_FIELDS = ("is_incident", "company", "companies", "date", "incident_date", "data_types",
                   "victim_count", "cause", "penalties")
Ref = Literal["title", "byline", "metadata", "url"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """A character span that justifies a value: into ``text`` unless ``ref`` names another string."""

    start: int
    end: int
    text: str
    value: Any = None
    ref: Ref | None = None

    def as_dict(self) -> dict[str, Any]:
        item: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text}
        if self.value is not None:
            item["value"] = self.value
        if self.ref is not None:
            item["ref"] = self.ref
        return item


@dataclass(frozen=True, slots=True)
class VictimCount:
    value: int
    unit: str

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit}


@dataclass(frozen=True, slots=True)
class Penalty:
    amount: int | float
    currency: str
    kind: str
    authority: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"amount": self.amount, "currency": self.currency, "kind": self.kind,
                "authority": self.authority}


@dataclass(slots=True)
class Record:
    doc_id: str
    source: dict[str, str]
    text: str
    content_hash: str = ""
    is_incident: bool = False
    company: str | None = None
    companies: list[str] = field(default_factory=list)
    date: str | None = None
    incident_date: str | None = None
    data_types: list[str] = field(default_factory=list)
    victim_count: VictimCount | None = None
    cause: list[str] = field(default_factory=list)
    penalties: list[Penalty] = field(default_factory=list)
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    language: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The record as the JSON object of SCHEMA.md, in contract order."""
        return {
            "schema_version": SCHEMA_VERSION,
            "doc_id": self.doc_id,
            "source": self.source,
            "is_incident": self.is_incident,
            "company": self.company,
            "companies": list(self.companies),
            "date": self.date,
            "incident_date": self.incident_date,
            "data_types": list(self.data_types),
            "victim_count": self.victim_count.as_dict() if self.victim_count else None,
            "cause": list(self.cause),
            "penalties": [p.as_dict() for p in self.penalties],
            "evidence": {name: [e.as_dict() for e in items]
                         for name, items in self.evidence.items() if items},
            "text": self.text,
            "content_hash": self.content_hash,
            "language": self.language,
            "pipeline_version": PIPELINE_VERSION,
        }

    def to_json(self) -> str:
        return dumps(self.as_dict())


def dumps(obj: dict[str, Any]) -> str:
    """One JSON line: UTF-8 text, no ASCII escaping, no trailing spaces."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


@lru_cache(maxsize=1)
def json_schema() -> dict[str, Any]:
    """The JSON Schema of a record (pipeline/record.schema.json)."""
    with open(SCHEMA_PATH, encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json_schema())


def validation_errors(record: dict[str, Any]) -> list[str]:
    """Every way ``record`` breaks the JSON Schema (empty when valid)."""
    return [f"{'/'.join(map(str, e.absolute_path)) or '(record)'}: {e.message}"
            for e in _validator().iter_errors(record)]
