"""Whole-pipeline tests on the sample corpus (raw/) and the seeds: the records, their schema, their
evidence, and their agreement with the gold labels (written by hand, independently of the code)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.engine.local import run_local
from pipeline.evaluate import evaluate, read_jsonl
from pipeline.readers import iter_documents
from pipeline.record import validation_errors
from pipeline.sinks.jsonl import JsonlSink
from tests.conftest import RAW, RAW_GOLD, shared_path

pytestmark = pytest.mark.model


def run_into(tmp: Path, inputs: list[Path], options) -> tuple[list[dict], list[dict]]:
    run_local(inputs, [JsonlSink(tmp)], tmp, options, progress=False)
    records = read_jsonl(tmp / "records.jsonl")
    errors = read_jsonl(tmp / "errors.jsonl") if (tmp / "errors.jsonl").exists() else []
    return records, errors


@pytest.fixture(scope="module")
def raw_run(tmp_path_factory, options):
    return run_into(tmp_path_factory.mktemp("raw"), [RAW], options)


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory, options):
    seeds = sorted(shared_path("seeds").glob("*.txt"))
    return run_into(tmp_path_factory.mktemp("seeds"), seeds, options)


def test_every_sample_document_ends_as_exactly_one_record(raw_run, options):
    records, errors = raw_run
    expected = [d.doc_id for d in iter_documents([RAW], options.limits)]
    written = [r["doc_id"] for r in records] + [e["doc_id"] for e in errors]
    assert sorted(written) == sorted(expected)
    assert errors == []
    assert len(expected) >= 40


@pytest.mark.parametrize("which", ["raw", "seeds"])
def test_records_validate_against_the_json_schema(which, raw_run, seeds_run):
    records, _ = raw_run if which == "raw" else seeds_run
    problems = {r["doc_id"]: validation_errors(r) for r in records}
    assert {k: v for k, v in problems.items() if v} == {}


@pytest.mark.parametrize("which", ["raw", "seeds"])
def test_evidence_spans_point_into_the_text(which, raw_run, seeds_run):
    records, _ = raw_run if which == "raw" else seeds_run
    for record in records:
        for field, items in record["evidence"].items():
            for item in items:
                target = {None: record["text"], "title": record["source"].get("title", ""),
                          "byline": record["source"].get("byline", ""),
                          "metadata": record["source"].get("date", ""),
                          "url": record["source"].get("url", "")}[item.get("ref")]
                assert target[item["start"]:item["end"]] == item["text"], (record["doc_id"], field, item)


def test_every_field_value_has_evidence(raw_run):
    records, _ = raw_run
    for record in records:
        for field in ("company", "date", "incident_date", "victim_count"):
            if record[field] is not None:
                assert record["evidence"].get(field), (record["doc_id"], field)
        for field in ("data_types", "cause"):
            supported = {item.get("value") for item in record["evidence"].get(field, [])}
            assert set(record[field]) <= supported, (record["doc_id"], field)
        if record["penalties"]:
            assert len(record["evidence"]["penalties"]) == len(record["penalties"])


def test_seeds_match_their_gold_labels_on_every_field(seeds_run):
    records, _ = seeds_run
    result = evaluate(read_jsonl(shared_path("seeds", "gold.jsonl")), records)
    report = {name: counts.as_dict() for name, counts in result.fields.items()}
    assert all(counts.f1 == 1.0 for counts in result.fields.values()), json.dumps(report, indent=1)
    assert (result.keep_recall, result.drop_rate) == (1.0, 1.0)


def test_sample_corpus_gold_file_covers_the_corpus(options):
    gold_ids = {g["doc_id"] for g in read_jsonl(RAW_GOLD)}
    corpus_ids = {d.doc_id for d in iter_documents([RAW], options.limits)}
    assert gold_ids == corpus_ids
