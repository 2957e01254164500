"""The VERIS export validates against the official schema (../shared/veris, when present)."""

from __future__ import annotations

import json

import jsonschema
import pytest

from pipeline.incidents.veris import export_veris, mapping, to_veris
from tests.conftest import shared_path
from tests.sinks.test_sql import incident_line


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(shared_path("veris", "verisc-merged.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def enumerations(node, path=()):
    """(path, enum) of every enumeration in the schema."""
    if isinstance(node, dict):
        if "enum" in node:
            yield path, set(node["enum"])
        for key, value in node.items():
            yield from enumerations(value, (*path, key))


INCIDENTS = [
    incident_line("inc_plain", ["a"]),
    {**incident_line("inc_every_cause", ["a", "b"]),
     "cause": [{"code": c, "articles": 1} for c in mapping()["causes"]],
     "data_types": [{"code": c, "articles": 1} for c in mapping()["data_types"]],
     "penalties": [{"amount": 150000, "currency": "EUR", "kind": "fine", "authority": "CNIL", "articles": ["a"]},
                   {"amount": 20000000, "currency": "EUR", "kind": "potential", "authority": None, "articles": ["b"]}]},
    {**incident_line("inc_nothing_known", ["a"]), "organisation": {"name": None, "key": None, "spellings": []},
     "incident_date": None, "victim_count": None, "data_types": [], "cause": [],
     "penalties": [{"amount": 1, "currency": "EUR", "kind": "fine", "authority": None, "articles": ["a"]},
                   {"amount": 2, "currency": "CAD", "kind": "fine", "authority": None, "articles": ["a"]}]},
]


@pytest.mark.parametrize("incident", INCIDENTS, ids=[i["incident_id"] for i in INCIDENTS])
def test_every_export_validates(incident, validator):
    errors = [e.message for e in validator.iter_errors(to_veris(incident))]
    assert errors == []


def test_the_mapping_uses_only_veris_enumerations(validator):
    values = set().union(*(enum for _, enum in enumerations(validator.schema)))
    used = set(mapping()["data_types"].values())
    for rule in mapping()["causes"].values():
        used |= {rule[k] for k in ("variety", "vector", "motive") if k in rule}
    assert used <= values, used - values


def test_fields_land_where_veris_wants_them():
    veris = to_veris(INCIDENTS[1])
    assert veris["timeline"]["incident"] == {"year": 2024, "month": 9}
    assert veris["attribute"]["confidentiality"]["data_total"] == 2150000
    assert {"Ransomware"} <= set(veris["action"]["malware"]["variety"])
    assert veris["impact"]["loss"] == [{"variety": "Legal and regulatory", "amount": 150000.0}]
    assert "partner" in veris["actor"]


def test_export_writes_one_file_per_incident(tmp_path, validator):
    path = tmp_path / "incidents.jsonl"
    path.write_text("".join(json.dumps(i) + "\n" for i in INCIDENTS), encoding="utf-8")
    assert export_veris(path, tmp_path / "veris") == 3
    for file in (tmp_path / "veris").glob("*.json"):
        assert not list(validator.iter_errors(json.loads(file.read_text(encoding="utf-8"))))
