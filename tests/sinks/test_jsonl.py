from __future__ import annotations

import json

from pipeline.sinks.jsonl import ERRORS, RECORDS, JsonlSink, repair_tail
from tests.sinks.conftest import make_error, make_record


def lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_records_and_errors_go_to_their_files(tmp_path):
    sink = JsonlSink(tmp_path)
    sink.open()
    sink.write([make_record("a"), make_error("b")])
    sink.close()
    assert [r["doc_id"] for r in lines(tmp_path / RECORDS)] == ["a"]
    assert [r["doc_id"] for r in lines(tmp_path / ERRORS)] == ["b"]
    assert sorted(JsonlSink(tmp_path).existing()) == [("a", "hash-a"), ("b", "hash-b")]


def test_a_truncated_last_line_is_removed_on_open(tmp_path):
    path = tmp_path / RECORDS
    path.write_text('{"doc_id": "a"}\n{"doc_id": "b", "te', encoding="utf-8")
    repair_tail(path)
    assert path.read_text(encoding="utf-8") == '{"doc_id": "a"}\n'


def test_a_file_that_is_one_truncated_line_becomes_empty(tmp_path):
    path = tmp_path / RECORDS
    path.write_text('{"doc_id": "a", "te', encoding="utf-8")
    repair_tail(path)
    assert path.read_text(encoding="utf-8") == ""


def test_fresh_starts_the_files_anew(tmp_path):
    sink = JsonlSink(tmp_path)
    sink.open()
    sink.write([make_record("a")])
    sink.close()
    sink.open(fresh=True)
    sink.write([make_record("b")])
    sink.close()
    assert [r["doc_id"] for r in lines(tmp_path / RECORDS)] == ["b"]
