"""The incidents command end to end on records written for the test: files, incremental reruns, --explain,
the database tables, and `evaluate --incidents` on the incident gold set's format."""

from __future__ import annotations

import json
import sqlite3

from pipeline.cli import main
from tests.sinks.conftest import make_record


def records_file(path, *records):
    path.write_text("".join(json.dumps(r.as_dict(), ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


RECORDS = [make_record("a", company="Telvia", date="2024-09-26"),
           make_record("b", company="Telvia SA", date="2024-09-28", victim_count=None),
           make_record("c", company="Orélia", incident_date="2021-02", date="2021-03-01"),
           make_record("d", company="Telvia", is_incident=False)]


def test_incidents_are_written_and_a_rerun_changes_nothing(tmp_path, capsys):
    records = records_file(tmp_path / "records.jsonl", *RECORDS)
    assert main(["incidents", str(records), "--out", str(tmp_path / "out"), "--explain"]) == 0
    explained = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[1].split()[0] for line in explained] == ["opened", "opened", "joined"]
    lines = [json.loads(x) for x in (tmp_path / "out" / "incidents.jsonl").read_text().splitlines()]
    assert sorted(sorted(a["doc_id"] for a in i["articles"]) for i in lines) == [["a", "b"], ["c"]]
    telvia = next(i for i in lines if len(i["articles"]) == 2)
    assert telvia["organisation"]["spellings"] == ["Telvia", "Telvia SA"]
    assert telvia["articles"][1]["contributed"] == ["company", "incident_date", "data_types", "cause", "penalties"]
    before = (tmp_path / "out" / "incidents.jsonl").read_bytes()
    assert main(["incidents", str(records), "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "incidents.jsonl").read_bytes() == before


def test_new_records_join_the_incidents_of_an_earlier_call(tmp_path):
    out = tmp_path / "out"
    main(["incidents", str(records_file(tmp_path / "first.jsonl", RECORDS[0])), "--out", str(out)])
    first = json.loads((out / "incidents.jsonl").read_text())
    main(["incidents", str(records_file(tmp_path / "second.jsonl", RECORDS[1])), "--out", str(out)])
    lines = [json.loads(x) for x in (out / "incidents.jsonl").read_text().splitlines()]
    grouped = [(i["incident_id"], [a["doc_id"] for a in i["articles"]]) for i in lines]
    assert grouped == [(first["incident_id"], ["a", "b"])]


def test_run_with_incidents_fills_the_database_tables(tmp_path):
    from pipeline.sinks import open_sink

    db = tmp_path / "out.db"
    sink = open_sink(f"sqlite:///{db}")
    sink.open()
    sink.write(RECORDS)
    sink.close()
    records = records_file(tmp_path / "records.jsonl", *RECORDS)
    assert main(["incidents", str(records), "--out", str(tmp_path / "out"), "--sink", f"sqlite:///{db}"]) == 0
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM incidents").fetchone()[0] == 2
        assert sorted(r[0] for r in connection.execute("SELECT doc_id FROM incident_articles")) == ["a", "b", "c"]


def test_evaluate_incidents_prints_grouping_and_fields(tmp_path, capsys):
    records = records_file(tmp_path / "records.jsonl", *RECORDS)
    main(["incidents", str(records), "--out", str(tmp_path / "out")])
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"incident_id": "g1", "articles": ["a", "b", "c"], "company": ["Telvia"],
                                "incident_date": "2024-09", "victim_count": 2150000, "data_types": ["email", "name"],
                                "cause": ["cyberattack", "third_party"], "penalties": [[150000, "EUR"]]}) + "\n")
    capsys.readouterr()
    assert main(["evaluate", "--incidents", "--gold", str(gold), "--pred", str(tmp_path / "out" / "incidents.jsonl"),
                 "--records", str(records), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["grouping"]["pairwise"] == {"precision": 1.0, "recall": 0.3333, "f1": 0.5}
    assert scores["fields"]["company"] == {"incident_f1": 1.0, "article_mean_f1": 0.6667}
