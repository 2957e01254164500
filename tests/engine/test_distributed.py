"""The Dask engine: the local engine's records on a LocalCluster (2 worker processes), sinks written
from the workers, spaCy loaded once per worker, retries and error rows, resume through the ledger."""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from pipeline.engine.local import run_local
from pipeline.readers import InputUnit
from pipeline.sinks.base import SinkError
from pipeline.sinks.jsonl import JsonlPartSink, JsonlSink, part_paths
from tests.conftest import RAW
from tests.engine.inputs import TEXTS, copy_inputs
from tests.test_warc import write_warc

distributed = pytest.importorskip("distributed")

from pipeline.engine.distributed import (  # noqa: E402 - after the importorskip of the optional extra
    RETRIES,
    load_counts,
    options_fingerprint,
    plan_partitions,
    run_dask,
)

pytestmark = [pytest.mark.dask, pytest.mark.model]


# -- fixtures -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def client():
    """One LocalCluster for the module: 2 worker processes, one thread each, no dashboard."""
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the fault injectors below run on workers
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    dask_client = distributed.Client(cluster)
    yield dask_client
    dask_client.close()
    cluster.close()
    cloudpickle.unregister_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """raw/ plus what admission has to decide: a copy of a page in another partition (D001), two
    pages with one doc_id (a ~hash suffix), an empty page (an error row); and a WARC file."""
    root = tmp_path_factory.mktemp("corpus") / "in"
    shutil.copytree(RAW, root)
    (root / "zz").mkdir()
    shutil.copy(TEXTS[0], root / "zz" / "copy-of-t01.txt")
    (root / "a").mkdir()
    (root / "b").mkdir()
    for name, text in (("a/page.txt", TEXTS[1]), ("b/page.html", TEXTS[2])):  # content of their own
        (root / name).write_text(text.read_text(encoding="utf-8") + f"\nVariante {name}.\n", encoding="utf-8")
    (root / "zz" / "empty.txt").write_text("  \n", encoding="utf-8")
    pages = sorted((RAW / "html").glob("h*.html"))[:8]  # a crawl of 8 pages, read in record batches
    write_warc(root / "zz" / "crawl.warc.gz", [(f"https://exemple.fr/{page.stem}", "text/html; charset=utf-8",
                                                page.read_bytes() + b"<!-- archive -->") for page in pages])
    return root


@pytest.fixture(scope="module")
def local_out(corpus, processor, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("local")
    sinks = [JsonlSink(out), open_sqlite(out)]
    run_local([corpus], sinks, out, processor.options, progress=False, processor=processor)
    return out


def open_sqlite(out: Path):
    from pipeline.sinks import open_sink

    return open_sink(f"sqlite:///{out / 'db.sqlite'}")


def lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def by_id(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: row["doc_id"])


def table(path: Path, name: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        columns = [row[1] for row in connection.execute(f"PRAGMA table_info({name})") if row[1] != "written_at"]
        return sorted(connection.execute(f"SELECT {', '.join(columns)} FROM {name}").fetchall())
    finally:
        connection.close()


def dask(inputs, out: Path, client, options, sinks=None, **kwargs):
    urls = sinks or [f"jsonl:{out}"]
    return run_dask([inputs], urls, out, options, client=client, progress=False, **kwargs)


# -- without a cluster ----------------------------------------------------------------------------------
def test_partitions_keep_the_input_order_and_cut_big_dumps(tmp_path):
    partitions = plan_partitions([RAW], workers=2, split_bytes=20_000, partition_documents=10)
    units = [unit for partition in partitions for unit in partition.units]
    dump = [unit for unit in units if unit.path.endswith("dump.jsonl")]
    assert len(partitions) > 2 and [p.index for p in partitions] == list(range(len(partitions)))
    assert len(dump) > 1 and dump[0].start == 0 and dump[-1].end == (RAW / "jsonl" / "dump.jsonl").stat().st_size
    whole = [unit.path for unit in units if unit.end is None]
    assert whole == sorted(whole, key=lambda p: (Path(p).parent.name, Path(p).name))
    assert InputUnit(str(RAW / "html" / "h01_telvia-fuite-prestataire.html")) in units


def test_a_part_file_appears_only_when_its_partition_is_complete(tmp_path):
    from pipeline.errors import ErrorRow

    part = JsonlPartSink(tmp_path, "r1-part-00003")
    part.open()
    part.write([ErrorRow("x", "x.txt", "E102", "E102: empty")])
    final = part_paths(tmp_path, "r1-part-00003")
    assert not final["errors.jsonl"].exists()
    part.close()
    assert final["errors.jsonl"].exists() and not final["records.jsonl"].exists()  # empty parts are not kept
    sink = JsonlSink(tmp_path)
    sink.open()
    assert sink.append_part("r1-part-00003") == 1
    sink.close()
    assert [row["doc_id"] for row in lines(tmp_path / "errors.jsonl")] == ["x"]
    assert not final["errors.jsonl"].exists()
    aborted = JsonlPartSink(tmp_path, "r1-part-00004")
    aborted.open()
    aborted.write([ErrorRow("y", "y.txt", "E102", "E102: empty")])
    aborted.abort()
    assert not list((tmp_path / ".parts").rglob("*part-00004*"))


# -- on the cluster -------------------------------------------------------------------------------------
def test_dask_writes_the_records_and_errors_of_the_local_engine(corpus, local_out, client, processor, tmp_path):
    out = tmp_path / "dask"
    summary = dask(corpus, out, client, processor.options, sinks=[f"jsonl:{out}", f"sqlite:///{out / 'db.sqlite'}"],
                   split_bytes=20_000, partition_documents=10)  # the JSONL dump in 4 ranges, the WARC in batches
    units = [unit for partition in plan_partitions([corpus], 2, 20_000, 10) for unit in partition.units]
    assert len([unit for unit in units if unit.path.endswith(".warc.gz")]) > 2
    local_records, dask_records = lines(local_out / "records.jsonl"), lines(out / "records.jsonl")
    assert dask_records == local_records  # the same JSON, even in the same order
    assert lines(out / "errors.jsonl") == lines(local_out / "errors.jsonl")
    codes = {row["doc_id"]: row["code"] for row in lines(out / "errors.jsonl")}
    assert codes == {"copy-of-t01": "D001", "empty": "E102"}
    assert {"page", "page~"} <= {r["doc_id"][:5] for r in dask_records}
    assert (summary.records, summary.duplicates, summary.errors) == (len(local_records), 1, 1)
    for name in ("records", "errors", "record_companies", "record_evidence", "record_penalties"):
        assert table(out / "db.sqlite", name) == table(local_out / "db.sqlite", name), name
    assert not (out / ".parts").exists()


def test_a_rerun_skips_what_is_written_even_by_the_local_engine(tmp_path, client, processor):
    inputs, out = copy_inputs(tmp_path, TEXTS[:3]), tmp_path / "out"
    run_local([inputs], [JsonlSink(out)], out, processor.options, progress=False, processor=processor)
    shutil.copy(TEXTS[3], inputs / TEXTS[3].name)
    resumed = dask(inputs, out, client, processor.options)
    again = dask(inputs, out, client, processor.options)
    forced = dask(inputs, out, client, processor.options, force=True)
    assert (resumed.records, resumed.skipped) == (1, 3)
    assert (again.read, again.skipped) == (0, 4)
    assert (forced.records, forced.skipped) == (4, 0)
    assert sorted(r["doc_id"] for r in lines(out / "records.jsonl")) == sorted(f.stem for f in TEXTS[:4])


def _break_document(doc_id: str) -> None:
    """On a worker: make every batch holding ``doc_id`` raise, counting the attempts."""
    from pipeline.process import Processor

    original = Processor.process_batch

    def process_batch(self, items):
        if any(item.doc_id == doc_id for item in items):
            Processor.broken_calls = getattr(Processor, "broken_calls", 0) + 1
            raise RuntimeError(f"{doc_id} breaks the batch")
        return original(self, items)

    process_batch.original = original
    Processor.process_batch = process_batch
    Processor.broken_calls = 0


def _repair() -> int:
    from pipeline.process import Processor

    Processor.process_batch = Processor.process_batch.original
    return Processor.broken_calls


def test_a_failing_task_is_retried_then_its_document_is_an_error_row(tmp_path, client, processor):
    inputs, out = copy_inputs(tmp_path), tmp_path / "out"
    (inputs / "boom.txt").write_text(TEXTS[0].read_text(encoding="utf-8") + "\nUne ligne de plus.\n", encoding="utf-8")
    client.run(_break_document, "boom")
    try:
        summary = dask(inputs, out, client, processor.options, partition_documents=100)  # one partition
    finally:
        attempts = sum(client.run(_repair).values())
    assert attempts == RETRIES + 2  # the partition task and its retries, then the document alone
    (row,) = lines(out / "errors.jsonl")
    assert row["doc_id"] == "boom" and row["code"] == "E207" and "breaks the batch" in row["message"]
    assert sorted(r["doc_id"] for r in lines(out / "records.jsonl")) == sorted(f.stem for f in TEXTS)
    assert summary.error_codes == {"E207": 1} and summary.records == len(TEXTS)


def _break_sqlite(doc_id: str) -> None:
    """On a worker: the SQLite sink refuses any batch holding ``doc_id``, as a database going down would."""
    from pipeline.sinks.sqlite import SqliteSink

    original = SqliteSink.write

    def write(self, batch):
        if any(result.doc_id == doc_id for result in batch):
            raise SinkError("E301", sink=self.url, count=len(batch), reason="connection lost")
        return original(self, batch)

    write.original = original
    SqliteSink.write = write


def _repair_sqlite() -> None:
    from pipeline.sinks.sqlite import SqliteSink

    SqliteSink.write = SqliteSink.write.original


def test_a_sink_failure_fails_the_run_and_the_rerun_completes_it(tmp_path, client, processor):
    inputs, out = copy_inputs(tmp_path), tmp_path / "out"
    sinks = [f"jsonl:{out}", f"sqlite:///{tmp_path / 'db.sqlite'}"]
    client.run(_break_sqlite, TEXTS[-1].stem)
    try:
        with pytest.raises(SinkError, match="connection lost") as failure:
            dask(inputs, out, client, processor.options, sinks=sinks, partition_documents=1)  # a page per partition
    finally:
        client.run(_repair_sqlite)
    assert failure.value.code == "E301" or TEXTS[-1].stem in str(failure.value)  # E303 names what is missing
    assert len(lines(out / "records.jsonl")) == len(TEXTS) - 1  # the other partitions are committed
    summary = dask(inputs, out, client, processor.options, sinks=sinks, partition_documents=1)
    assert (summary.records, summary.skipped) == (1, len(TEXTS) - 1)
    assert sorted(r["doc_id"] for r in lines(out / "records.jsonl")) == sorted(f.stem for f in TEXTS)
    assert len(table(tmp_path / "db.sqlite", "records")) == len(TEXTS)


def test_parquet_parts_are_written_by_the_workers(tmp_path, client, processor):
    import pyarrow.dataset as ds

    inputs = copy_inputs(tmp_path)
    local, remote = tmp_path / "local", tmp_path / "dask"
    from pipeline.sinks.parquet import ParquetSink

    run_local([inputs], [ParquetSink(local)], local, processor.options, progress=False, processor=processor)
    dask(inputs, remote, client, processor.options, sinks=[f"parquet:{remote}"], partition_documents=1)

    def records(directory):
        return sorted(ds.dataset(directory / "records").to_table().to_pylist(), key=lambda r: r["doc_id"])

    assert records(remote) == records(local)
    assert len(list((remote / "records").glob("*.parquet"))) == len(TEXTS)  # one part per partition


@pytest.mark.postgres
def test_postgres_rows_are_upserted_by_the_workers(tmp_path, client, processor, postgres_url):
    import psycopg

    inputs = copy_inputs(tmp_path)
    run_local([inputs], [JsonlSink(tmp_path / "local")], tmp_path / "local", processor.options, progress=False,
              processor=processor)
    dask(inputs, tmp_path / "dask", client, processor.options, sinks=[postgres_url], partition_documents=1)
    with psycopg.connect(postgres_url) as connection:
        rows = connection.execute("SELECT record FROM records ORDER BY doc_id").fetchall()
    assert [row[0] for row in rows] == by_id(lines(tmp_path / "local" / "records.jsonl"))


def test_the_command_line_runs_on_a_given_scheduler(tmp_path, client):
    from pipeline.cli import main

    inputs, out = copy_inputs(tmp_path, TEXTS[:2]), tmp_path / "out"
    code = main(["-q", "run", str(inputs), "--out", str(out), "--engine", "dask",
                 "--scheduler", client.scheduler.address, "--no-progress"])
    assert code == 0
    assert sorted(r["doc_id"] for r in lines(out / "records.jsonl")) == sorted(f.stem for f in TEXTS[:2])


def test_each_worker_loaded_the_spacy_pipeline_once(client, processor):
    """Run last: every run of this module, with these options, used the pipelines loaded at set-up."""
    counts = client.run(load_counts)
    assert len(counts) == 2
    assert all(count == {options_fingerprint(processor.options): 1} for count in counts.values())


def test_incidents_are_grouped_on_the_cluster_as_locally(client):
    from pipeline.incidents.grouping import group
    from tests.incidents.test_grouping import DEVELOPMENT, NEGATIVES

    articles = [a for case in [*DEVELOPMENT, *NEGATIVES] for a in case.articles]
    articles = [a.__class__(**{**{f: getattr(a, f) for f in a.__slots__}, "doc_id": f"{n}-{a.doc_id}"})
                for n, a in enumerate(articles)]
    local, _ = group(articles)
    distributed_, decisions = group(articles, engine="dask", scheduler=client.scheduler.address)
    assert [(i.incident_id, [m.doc_id for m in i.members]) for i in distributed_] == \
        [(i.incident_id, [m.doc_id for m in i.members]) for i in local]
    assert len(decisions) == len(articles)
