"""The review API without a browser: messages for bad input (never a stack trace), filters, round-trip."""

from __future__ import annotations

import json
import threading
import urllib.request
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.review.app import create_app
from tests.review.samples import GOLD, records, write_jsonl


@pytest.fixture
def client(records_path: Path, gold_path: Path):
    write_jsonl(gold_path, GOLD)
    return create_app(records_path, gold_path).test_client()


def test_records_file_that_is_not_jsonl_is_a_message(tmp_path: Path, gold_path: Path) -> None:
    bad = tmp_path / "records.csv"
    bad.write_text("doc_id,company\nacme,Acme\n", encoding="utf-8")
    data = create_app(bad, gold_path).test_client().get("/api/docs").get_json()
    assert data["documents"] == []
    assert "is not a JSONL file of records" in data["problems"][0]
    missing = create_app(tmp_path / "none.jsonl", gold_path).test_client().get("/api/docs").get_json()
    assert "cannot read the records file" in missing["problems"][0]


def test_unknown_doc_id_and_bad_labels_are_messages(client) -> None:
    response = client.get("/api/doc?id=nope")
    assert response.status_code == 404 and "unknown doc_id 'nope'" in response.get_json()["error"]
    response = client.post("/api/gold?id=nope", json={})
    assert response.status_code == 404
    response = client.post("/api/gold?id=acme-fuite", data="{not json", content_type="application/json")
    assert response.status_code == 400 and "not a JSON gold object" in response.get_json()["error"]
    response = client.post("/api/gold?id=acme-fuite", json={"cause": ["hack"], "date": "2024-02-30"})
    message = response.get_json()["error"]
    assert response.status_code == 400 and "cause: unknown code hack" in message and "no day 30" in message
    assert "Traceback" not in message
    assert client.get("/api/docs?filter=bogus").status_code == 400
    assert "Traceback" not in client.get("/nowhere").get_data(as_text=True)


def test_broken_gold_lines_are_shown_and_kept(records_path: Path, gold_path: Path) -> None:
    gold_path.write_text('{"doc_id": "beta-amende", "victim_count": 5000}\n{"doc_id": oops\n', encoding="utf-8")
    client = create_app(records_path, gold_path).test_client()
    broken = client.get("/api/docs").get_json()["broken_gold"]
    assert broken == [{"line": 2, "problem": broken[0]["problem"], "text": '{"doc_id": oops'}]
    assert client.post("/api/gold?id=acme-fuite", json={"victim_count": 1}).status_code == 200
    assert gold_path.read_text(encoding="utf-8").splitlines()[:2] == [
        '{"doc_id": "beta-amende", "victim_count": 5000}', '{"doc_id": oops']


@pytest.mark.parametrize(("wanted", "expected"), [
    ("all", ["acme-fuite", "beta-amende", "conseils-mots-de-passe"]),
    ("incidents", ["acme-fuite", "beta-amende"]),
    ("no_gold", ["acme-fuite"]),
    ("errors", ["beta-amende"]),
])
def test_filters(client, wanted: str, expected: list[str]) -> None:
    rows = client.get(f"/api/docs?filter={wanted}").get_json()["documents"]
    assert [row["doc_id"] for row in rows] == expected


def test_document_has_evidence_segments_and_errors(client) -> None:
    doc = client.get("/api/doc?id=beta-amende").get_json()
    marked = {segment["text"]: segment["fields"] for segment in doc["segments"] if segment["fields"]}
    assert marked["500 clients"] == ["victim_count"]
    assert marked["La CNIL inflige"] == ["drop"]
    assert {error["field"] for error in doc["errors"]} == {"victim_count", "cause", "drop"}


def test_saved_gold_round_trips_through_evaluate(client, records_path: Path, gold_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    gold_path.write_text("", encoding="utf-8")
    for record in records():
        suggested = client.get(f"/api/doc?id={record['doc_id']}").get_json()["suggested"]
        assert client.post(f"/api/gold?id={record['doc_id']}", json=suggested).status_code == 200
    assert main(["evaluate", "--gold", str(gold_path), "--pred", str(records_path), "--json"]) == 0
    metrics = json.loads(capsys.readouterr().out)
    assert metrics["documents"] == 3 and metrics["errors"] == []
    assert {name: figures["f1"] for name, figures in metrics["fields"].items()} == dict.fromkeys(metrics["fields"], 1.0)


def test_200_saves_from_two_http_clients(server, gold_path: Path) -> None:
    gold_path.write_text('{"doc_id": "kept-first"}\n{"doc_id": broken\n', encoding="utf-8")
    failures: list[str] = []

    def post(worker: int) -> None:
        for i in range(100):
            doc_id = records()[i % 3]["doc_id"]
            body = json.dumps({"victim_count": worker * 1000 + i, "keep": [f"tab {worker}"]}).encode()
            request = urllib.request.Request(f"{server.url}api/gold?id={doc_id}", data=body, method="POST",
                                             headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=10) as response:
                if response.status != 200:
                    failures.append(response.read().decode())

    threads = [threading.Thread(target=post, args=(w,)) for w in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    lines = gold_path.read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ['{"doc_id": "kept-first"}', '{"doc_id": broken']
    saved = [json.loads(line) for line in lines[2:]]
    assert sorted(item["doc_id"] for item in saved) == sorted(r["doc_id"] for r in records())
