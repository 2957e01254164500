"""Faults: a run killed at random points and resumed, a database going down mid-run, documents that hang,
kill their worker or break a stage. Nothing is lost, nothing is written twice, the batch goes on."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline import process as process_module
from pipeline.engine.local import run_local
from pipeline.errors import ErrorRow
from pipeline.readers import iter_documents
from pipeline.sinks import open_sink
from pipeline.sinks.base import SinkError
from pipeline.sinks.jsonl import JsonlSink
from tests.conftest import RAW, ROOT
from tests.robustness.helpers import assert_each_once, outcomes, read_lines, run, with_limits, write
from tests.robustness.samples import FRENCH, NEUTRAL

pytestmark = pytest.mark.model


def small_corpus(directory: Path, count: int = 12) -> list[str]:
    """``count`` short text dumps (distinct content); returns their doc_ids."""
    for i in range(count):
        write(directory / f"doc-{i:03d}.txt", f"Fuite numéro {i}\n\n{FRENCH} Référence {i}.\n\n{NEUTRAL}\n")
    return [f"doc-{i:03d}" for i in range(count)]


def with_chunk(options, size: int):
    return replace(options, run=replace(options.run, chunk_size=size))


# -- one document breaks a stage ---------------------------------------------------------------------------
@pytest.mark.parametrize("stage", ["triage", "complete"])
def test_an_extraction_bug_on_one_page_is_one_error_row(tmp_path, processor, monkeypatch, stage):
    """A bug in either extraction step (before or after the NER) fails that page only (E205)."""
    ids = small_corpus(tmp_path / "in", 6)
    real = getattr(process_module, stage)

    def flaky(*args):
        doc_id = args[1].doc_id if stage == "triage" else args[0].record.doc_id
        if doc_id == ids[2]:
            raise ZeroDivisionError("a bug met on one page")
        return real(*args)

    monkeypatch.setattr(process_module, stage, flaky)
    run(tmp_path / "in", tmp_path / "out", processor)
    found = outcomes(tmp_path / "out")
    assert found.pop(ids[2]) == ["E205"]
    assert found == {doc_id: ["record"] for doc_id in ids if doc_id != ids[2]}


def test_a_page_that_breaks_the_nlp_batch_only_fails_itself(tmp_path, processor, monkeypatch):
    ids = small_corpus(tmp_path / "in", 6)
    real_make_doc = process_module.make_doc

    def poisoned(nlp, document):
        doc = real_make_doc(nlp, document)
        if document.doc_id == ids[4]:
            doc.user_data["poison"] = True
        return doc

    real_pipe = type(processor.nlp).pipe

    def pipe(self, docs, **kwargs):
        for doc in real_pipe(self, docs, **kwargs):
            if doc.user_data.get("poison"):
                raise MemoryError("the tagger ran out of memory on one page")
            yield doc

    monkeypatch.setattr(process_module, "make_doc", poisoned)
    monkeypatch.setattr(type(processor.nlp), "pipe", pipe)
    run(tmp_path / "in", tmp_path / "out", processor)
    found = outcomes(tmp_path / "out")
    assert found.pop(ids[4]) == ["E205"]
    assert found == {doc_id: ["record"] for doc_id in ids if doc_id != ids[4]}


def test_a_document_over_the_time_limit_is_e204_in_process(tmp_path, processor):
    small_corpus(tmp_path / "in", 3)
    run(tmp_path / "in", tmp_path / "out", processor, with_limits(processor.options, max_document_seconds=1e-6))
    found = outcomes(tmp_path / "out")
    assert [codes for codes in found.values()] == [["E204"]] * 3
    (row, *_) = read_lines(tmp_path / "out" / "errors.jsonl")
    assert "time limit of 1e-06 s" in row["message"]


def _stuck_or_crashing_clean(self, raw):
    if raw.doc_id == "stuck":
        time.sleep(3600)  # a page that makes a C extension spin forever
    if raw.doc_id == "crash":
        os._exit(1)  # a page that makes a worker die (segfault, OOM killer)
    return _REAL_CLEAN(self, raw)


_REAL_CLEAN = process_module.Processor.clean


def test_workers_stuck_or_killed_by_a_page_are_replaced_and_the_page_reported(tmp_path, processor, monkeypatch):
    """--workers 2: the watchdog kills a worker stuck past the time limit (E204); a worker that dies is
    replaced (E207). The other documents of the batch are processed one by one, none is lost."""
    inputs = tmp_path / "in"
    ids = small_corpus(inputs, 4)
    write(inputs / "crash.txt", f"Panne\n\n{FRENCH} Crash.\n")
    write(inputs / "stuck.txt", f"Blocage\n\n{FRENCH} Bloqué.\n")
    monkeypatch.setattr(process_module.Processor, "clean", _stuck_or_crashing_clean)  # inherited by forked workers
    options = with_chunk(with_limits(processor.options, max_document_seconds=4.0), 3)
    started = time.perf_counter()
    summary = run_local([inputs], [JsonlSink(tmp_path / "out")], tmp_path / "out", options, workers=2, progress=False)
    found = outcomes(tmp_path / "out")
    assert_each_once(found)
    assert found.pop("stuck") == ["E204"] and found.pop("crash") == ["E207"]
    assert found == {doc_id: ["record"] for doc_id in ids}
    assert summary.read == 6 and time.perf_counter() - started < 120


# -- a database going down in the middle of a run ------------------------------------------------------------
class StopsServerAfterFirstBatch:
    """Wraps a PostgreSQL sink: the server is stopped right after the first batch is committed."""

    def __init__(self, sink, server) -> None:
        self.sink, self.server, self.batches = sink, server, 0
        self.url = sink.url

    def __getattr__(self, name):
        return getattr(self.sink, name)

    def write(self, batch) -> None:
        self.sink.write(batch)
        self.batches += 1
        if self.batches == 1:
            self.server.stop()


@pytest.mark.postgres
def test_postgresql_stopped_mid_run_reports_the_unwritten_batch_and_a_rerun_completes_it(
        tmp_path, processor, postgres_server, postgres_url, caplog):
    import psycopg

    ids = small_corpus(tmp_path / "in", 10)
    options = with_chunk(processor.options, 4)
    out = tmp_path / "out"
    stopping = StopsServerAfterFirstBatch(open_sink(postgres_url), postgres_server)
    try:
        with pytest.raises(SinkError) as caught, caplog.at_level(logging.ERROR):
            run(tmp_path / "in", out, processor, options, sinks=[JsonlSink(out), stopping])
    finally:
        postgres_server.restart()
    error = caught.value
    assert error.code == "E303" and "4 documents were not written to postgresql://" in str(error)
    assert all(doc_id in str(error) for doc_id in ids[4:8])  # the second batch, every one of its documents
    assert "rerun the same command" in str(error)
    assert any("E301" in message for message in caplog.messages)  # the driver's reason, logged
    with psycopg.connect(postgres_url) as connection:
        assert connection.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 4

    summary = run(tmp_path / "in", out, processor, options, sinks=[JsonlSink(out), open_sink(postgres_url)])
    assert summary.skipped == 4 and summary.records == 6
    with psycopg.connect(postgres_url) as connection:
        stored = [row[0] for row in connection.execute("SELECT doc_id FROM records")]
    assert sorted(stored) == ids
    found = outcomes(out)
    assert_each_once(found)
    assert sorted(found) == ids


# -- SIGKILL at random points, then resume -------------------------------------------------------------------
def _kill_corpus(directory: Path) -> None:
    """raw/ (70 documents) + 40 JSONL lines + 30 text dumps: ~140 documents in ~35 batches of 4."""
    for path in RAW.rglob("*"):
        if path.is_file():
            write(directory / "raw" / path.relative_to(RAW), path.read_bytes())
    lines = [json.dumps({"id": f"line-{i}", "text": f"{FRENCH} Ligne {i}.\n\n{NEUTRAL}"}) for i in range(40)]
    write(directory / "dump.jsonl", "\n".join(lines) + "\n")
    small_corpus(directory / "texts", 30)


def _command(inputs: Path, out: Path, config: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline", "-q", "run", str(inputs), "--out", str(out), "--sink", f"jsonl:{out}",
            "--sink", f"sqlite:///{out / 'db.sqlite'}", "--config", str(config), "--no-progress"]


def _kill_at_random(command: list[str], out: Path, rng: random.Random) -> None:
    """Start the run, wait for its first written batch, then SIGKILL it a random moment later."""
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        records = out / "records.jsonl"
        start_size = records.stat().st_size if records.exists() else 0
        while process.poll() is None and time.monotonic() < deadline:
            if records.exists() and records.stat().st_size > start_size:
                break
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 1.5))
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)


@pytest.mark.slow
def test_a_run_killed_at_random_points_resumes_with_every_document_written_once(tmp_path):
    inputs, out = tmp_path / "in", tmp_path / "out"
    _kill_corpus(inputs)
    config = write(tmp_path / "config.toml", "[run]\nchunk_size = 4\n")
    expected = {item.doc_id for item in iter_documents([inputs])}
    command = _command(inputs, out, config)
    rng = random.Random(7)
    for _ in range(3):
        _kill_at_random(command, out, rng)
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    summary = re.search(r"records: (\d+), errors: (\d+), duplicates: (\d+), repeated: (\d+), "
                        r"skipped \(already written\): (\d+)", done.stderr)
    assert summary, done.stderr[-2000:]
    records, errors, duplicates, _, skipped = map(int, summary.groups())
    assert skipped > 0 and records + errors + duplicates > 0  # the kills did land in the middle of the run

    found = outcomes(out)  # every line parses; no truncated last line
    assert_each_once(found)
    assert set(found) == expected
    with contextlib.closing(sqlite3.connect(out / "db.sqlite")) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = db.execute("SELECT doc_id FROM records UNION ALL SELECT doc_id FROM errors").fetchall()
        children = db.execute("SELECT COUNT(*) FROM record_evidence WHERE doc_id NOT IN "
                              "(SELECT doc_id FROM records)").fetchone()[0]
    assert sorted(row[0] for row in rows) == sorted(expected) and children == 0
    records = {r["doc_id"] for r in read_lines(out / "records.jsonl")}
    assert not records & {r["doc_id"] for r in read_lines(out / "errors.jsonl")}
    assert not [item for item in iter_documents([inputs]) if isinstance(item, ErrorRow)]
