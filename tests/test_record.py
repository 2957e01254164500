"""The record's codes live once, in pipeline/record.py: the JSON Schema's enumerations must be those lists
(adding a data-type code is its pattern lines plus one entry in ``DATA_TYPES``, and this test names the
schema line to change)."""

from __future__ import annotations

import pytest

from pipeline.record import CAUSES, DATA_TYPES, EVIDENCE_FIELDS, PENALTY_KINDS, UNITS, json_schema

SCHEMA = json_schema()["properties"]


@pytest.mark.parametrize(("where", "codes"), [
    (SCHEMA["data_types"]["items"]["enum"], DATA_TYPES),
    (SCHEMA["cause"]["items"]["enum"], CAUSES),
    (SCHEMA["victim_count"]["oneOf"][1]["properties"]["unit"]["enum"], UNITS),
    (SCHEMA["penalties"]["items"]["properties"]["kind"]["enum"], PENALTY_KINDS),
    (SCHEMA["evidence"]["propertyNames"]["enum"], EVIDENCE_FIELDS),
], ids=["data_types", "cause", "victim unit", "penalty kind", "evidence fields"])
def test_schema_enumerations_are_the_codes_of_record_py(where: list[str], codes: tuple[str, ...]) -> None:
    assert list(where) == list(codes)
