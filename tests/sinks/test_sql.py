"""The relational sinks against real databases: SQLite files and a PostgreSQL server the fixture starts.

No mocks: every assertion reads back what the database holds.
"""

from __future__ import annotations

import pytest

from pipeline.sinks import open_sink
from pipeline.sinks.base import SinkError
from pipeline.sinks.sql import DDL_VERSION
from tests.sinks.conftest import make_error, make_record

HOSTILE_ID = "x'); DROP TABLE records; --\"/../../etc/passwd"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def sink_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'out.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def sink(sink_url):
    opened = open_sink(sink_url)
    opened.open()
    yield opened
    opened.close()


def rows(sink, sql):
    cursor = sink.connection.cursor()
    cursor.execute(sql)
    return cursor.fetchall()


def counts(sink) -> dict[str, int]:
    tables = ["records", "errors", "record_companies", "record_data_types", "record_causes", "record_penalties",
              "record_evidence"]
    return {t: rows(sink, f"SELECT COUNT(*) FROM {t}")[0][0] for t in tables}


def test_a_record_fills_the_records_table_and_its_children(sink):
    sink.write([make_record()])
    (row,) = rows(sink, "SELECT doc_id, company, is_incident, victim_count, victim_unit, date FROM records")
    assert row[0] == "doc-1" and row[1] == "Telvia" and bool(row[2]) and row[3] == 2150000
    assert row[4:] == ("customers", "2024-09-26")
    assert sorted(r[0] for r in rows(sink, "SELECT code FROM record_data_types")) == ["email", "name"]
    companies = rows(sink, "SELECT name, is_main FROM record_companies ORDER BY position")
    assert [(name, bool(main)) for name, main in companies] == [("Telvia", True), ("Datanéo", False)]
    (penalty,) = rows(sink, "SELECT amount, currency, kind, authority FROM record_penalties")
    assert float(penalty[0]) == 150000 and tuple(penalty[1:]) == ("EUR", "fine", "CNIL")
    assert counts(sink)["record_evidence"] == 2


def test_rewriting_a_batch_changes_nothing(sink):
    batch = [make_record("a"), make_record("b"), make_error("c")]
    sink.write(batch)
    first = counts(sink)
    sink.write(batch)
    assert counts(sink) == first == {"records": 2, "errors": 1, "record_companies": 4, "record_data_types": 4,
                                     "record_causes": 4, "record_penalties": 2, "record_evidence": 4}


def test_an_update_replaces_the_children(sink):
    sink.write([make_record()])
    sink.write([make_record(data_types=["health"], companies=["Telvia"], penalties=[])])
    assert [r[0] for r in rows(sink, "SELECT code FROM record_data_types")] == ["health"]
    assert counts(sink)["record_penalties"] == 0 and counts(sink)["record_companies"] == 1


def test_a_document_is_a_record_or_an_error_never_both(sink):
    sink.write([make_record("same")])
    sink.write([make_error("same")])
    assert (counts(sink)["records"], counts(sink)["errors"], counts(sink)["record_evidence"]) == (0, 1, 0)
    sink.write([make_record("same")])
    assert (counts(sink)["records"], counts(sink)["errors"]) == (1, 0)


def test_a_failing_batch_is_rolled_back_whole_and_the_rerun_completes_it(sink):
    good, broken = make_record("good"), make_record("broken")
    broken.text = None  # violates NOT NULL: the database refuses the row
    with pytest.raises(SinkError) as caught:
        sink.write([good, broken])
    assert caught.value.code == "E301"
    assert counts(sink)["records"] == 0  # the good one was rolled back with the batch
    sink.write([good, make_record("broken")])
    assert counts(sink)["records"] == 2


def test_hostile_doc_ids_are_data_not_sql(sink):
    sink.write([make_record(HOSTILE_ID)])
    assert [r[0] for r in rows(sink, "SELECT doc_id FROM records")] == [HOSTILE_ID]


def test_existing_lists_what_the_database_holds(sink):
    sink.write([make_record("a"), make_error("b")])
    assert sorted(sink.existing()) == [("a", "hash-a"), ("b", "hash-b")]


def test_schema_versions_are_recorded(sink):
    assert dict(rows(sink, "SELECT key, value FROM schema_meta")) == {"schema_version": "1", "ddl_version": DDL_VERSION}


def test_db_init_creates_the_tables(sink_url):
    from pipeline.cli import main

    assert main(["db", "init", sink_url]) == 0
    assert main(["db", "init", sink_url]) == 0  # idempotent
    sink = open_sink(sink_url)
    sink.open()
    try:
        assert counts(sink)["records"] == 0
    finally:
        sink.close()


def test_record_json_is_kept_whole(sink):
    import json

    sink.write([make_record()])
    (stored,) = rows(sink, "SELECT record FROM records")
    data = stored[0] if isinstance(stored[0], dict) else json.loads(stored[0])
    assert data["penalties"] == [{"amount": 150000, "currency": "EUR", "kind": "fine", "authority": "CNIL"}]


def incident_line(incident_id: str, doc_ids: list[str]) -> dict:
    return {"incident_id": incident_id, "organisation": {"name": "Telvia", "key": "telvia", "spellings": ["Telvia"]},
            "incident_date": "2024-09", "victim_count": {"value": 2150000, "unit": "customers", "support": 1,
                                                         "alternatives": []},
            "data_types": [{"code": "email", "articles": 1}], "cause": [{"code": "cyberattack", "articles": 1}],
            "penalties": [], "articles": [{"doc_id": d, "url": None, "date": "2024-09-26",
                                           "contributed": ["company"]} for d in doc_ids]}


def test_incidents_link_to_their_records_and_are_replaced_whole(sink):
    sink.write([make_record("a"), make_record("b")])
    sink.write_incidents([incident_line("inc_1", ["a", "b", "not-a-record"])])
    assert rows(sink, "SELECT incident_id, organisation, victim_count FROM incidents") == [("inc_1", "Telvia", 2150000)]
    assert sorted(rows(sink, "SELECT doc_id FROM incident_articles")) == [("a",), ("b",)]  # foreign key kept
    sink.write_incidents([incident_line("inc_2", ["b"])])
    assert rows(sink, "SELECT incident_id FROM incidents") == [("inc_2",)]
    assert rows(sink, "SELECT incident_id, doc_id FROM incident_articles") == [("inc_2", "b")]
    sink.write([make_error("a")])  # a record that becomes an error leaves its incident
    sink.write([make_error("b")])
    assert rows(sink, "SELECT COUNT(*) FROM incident_articles")[0][0] == 0
