"""The local engine: resumable runs, duplicates, doc_id collisions, sink failures, workers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.engine.local import run_local
from pipeline.sinks import open_sink
from pipeline.sinks.base import SinkError
from pipeline.sinks.jsonl import JsonlSink
from tests.engine.inputs import TEXTS, copy_inputs

pytestmark = pytest.mark.model


def ids(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [json.loads(line)["doc_id"] for line in path.read_text(encoding="utf-8").splitlines()]


def run(inputs, out, processor, **kwargs):
    sinks = kwargs.pop("sinks", None) or [JsonlSink(out)]
    return run_local([inputs], sinks, out, processor.options, progress=False, processor=processor, **kwargs)


def test_a_rerun_skips_what_is_written(tmp_path, processor):
    inputs, out = copy_inputs(tmp_path), tmp_path / "out"
    first = run(inputs, out, processor)
    again = run(inputs, out, processor)
    assert (first.records, first.skipped) == (len(TEXTS), 0)
    assert (again.read, again.skipped) == (0, len(TEXTS))
    assert sorted(ids(out / "records.jsonl")) == sorted(f.stem for f in TEXTS)


def test_force_reprocesses_and_rewrites_without_duplicates(tmp_path, processor):
    inputs, out = copy_inputs(tmp_path), tmp_path / "out"
    run(inputs, out, processor)
    forced = run(inputs, out, processor, force=True)
    assert forced.records == len(TEXTS)
    assert sorted(ids(out / "records.jsonl")) == sorted(f.stem for f in TEXTS)


def test_a_new_file_is_the_only_one_processed(tmp_path, processor):
    inputs, out = copy_inputs(tmp_path, TEXTS[:3]), tmp_path / "out"
    run(inputs, out, processor)
    shutil.copy(TEXTS[3], inputs / TEXTS[3].name)
    again = run(inputs, out, processor)
    assert (again.records, again.skipped) == (1, 3)


def test_the_same_content_twice_is_one_record_and_one_duplicate_row(tmp_path, processor):
    inputs, out = copy_inputs(tmp_path, TEXTS[:2]), tmp_path / "out"
    shutil.copy(TEXTS[0], inputs / "zz-copy-of-first.txt")  # read after the original
    summary = run(inputs, out, processor)
    assert (summary.records, summary.duplicates, summary.errors) == (2, 1, 0)
    (row,) = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert row["code"] == "D001" and TEXTS[0].stem in row["message"]


def test_two_documents_with_one_doc_id_are_both_kept(tmp_path, processor):
    inputs, out = tmp_path / "in", tmp_path / "out"
    (inputs / "a").mkdir(parents=True)
    (inputs / "b").mkdir()
    shutil.copy(TEXTS[0], inputs / "a" / "page.txt")
    shutil.copy(TEXTS[1], inputs / "b" / "page.txt")
    summary = run(inputs, out, processor)
    written = sorted(ids(out / "records.jsonl"))
    assert summary.records == 2 and written[0] == "page" and written[1].startswith("page~")


class FailingSink(JsonlSink):
    """A JSONL sink that refuses its second batch once, as a database going down would."""

    def __init__(self, directory):
        super().__init__(directory)
        self.url = "jsonl:failing-test-sink"
        self.calls = 0
        self.fail_on = 2

    def write(self, batch):
        self.calls += 1
        if self.calls == self.fail_on:
            raise SinkError("E301", sink=self.url, count=len(batch), reason="connection lost")
        super().write(batch)


def test_a_sink_failure_stops_the_run_and_the_rerun_completes_it(tmp_path, processor):
    from dataclasses import replace

    inputs, out = copy_inputs(tmp_path), tmp_path / "out"
    processor.options = options = replace(processor.options, run=replace(processor.options.run, chunk_size=2))
    try:
        other = open_sink(f"sqlite:///{tmp_path / 'db.sqlite'}")
        failing = FailingSink(tmp_path / "failing")
        with pytest.raises(SinkError):
            run(inputs, out, processor, sinks=[other, failing])
        assert len(ids(tmp_path / "failing" / "records.jsonl")) == 2  # the first batch only
        failing.fail_on = 0
        summary = run(inputs, out, processor, sinks=[open_sink(f"sqlite:///{tmp_path / 'db.sqlite'}"), failing])
        assert summary.records == len(TEXTS) - 2 and summary.skipped == 2
        assert sorted(ids(tmp_path / "failing" / "records.jsonl")) == sorted(f.stem for f in TEXTS)
        import sqlite3

        count = sqlite3.connect(tmp_path / "db.sqlite").execute("SELECT COUNT(*) FROM records").fetchone()[0]
        assert count == len(TEXTS)
    finally:
        processor.options = replace(options, run=replace(options.run, chunk_size=16))


def test_two_workers_give_the_same_records_as_one(tmp_path, processor):
    inputs = copy_inputs(tmp_path, TEXTS[:4])
    run(inputs, tmp_path / "one", processor)
    run_local([inputs], [JsonlSink(tmp_path / "two")], tmp_path / "two", processor.options, workers=2,
              progress=False)

    def records(path):
        return sorted((json.loads(line) for line in path.read_text().splitlines()), key=lambda r: r["doc_id"])

    assert records(tmp_path / "one" / "records.jsonl") == records(tmp_path / "two" / "records.jsonl")
