"""Records written for the sink tests (no model needed)."""

from __future__ import annotations

import pytest

from pipeline.errors import ErrorRow
from pipeline.record import Evidence, Penalty, Record, VictimCount


def make_record(doc_id: str = "doc-1", company: str = "Telvia", **changes) -> Record:
    text = "Telvia a confirmé la fuite des données de 2,15 millions de clients."
    record = Record(doc_id=doc_id, source={"path": f"raw/{doc_id}.html", "title": "Fuite chez Telvia"}, text=text,
                    content_hash=f"hash-{doc_id}", is_incident=True, company=company, companies=[company, "Datanéo"],
                    date="2024-09-26", incident_date="2024-09", data_types=["email", "name"],
                    victim_count=VictimCount(2150000, "customers"), cause=["cyberattack", "third_party"],
                    penalties=[Penalty(150000, "EUR", "fine", "CNIL")],
                    evidence={"company": [Evidence(0, 6, "Telvia", company)],
                              "victim_count": [Evidence(42, 67, text[42:67], 2150000)]})
    for key, value in changes.items():
        setattr(record, key, value)
    return record


def make_error(doc_id: str = "bad-1") -> ErrorRow:
    return ErrorRow(doc_id=doc_id, path=f"raw/{doc_id}.html", code="E103", message="E103: binary content",
                    content_hash=f"hash-{doc_id}")


@pytest.fixture
def record():
    return make_record()
