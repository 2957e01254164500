from __future__ import annotations

import pyarrow.dataset as ds

from pipeline.sinks.parquet import ParquetSink
from tests.sinks.conftest import make_error, make_record


def test_batches_become_part_files_with_one_schema(tmp_path):
    sink = ParquetSink(tmp_path)
    sink.open()
    sink.write([make_record("a"), make_error("e")])
    sink.write([make_record("b", penalties=[], data_types=[])])
    sink.write([make_record("b", penalties=[], data_types=[])])  # the same batch again: same part file
    table = ds.dataset(tmp_path / "records", format="parquet").to_table()
    assert sorted(table.column("doc_id").to_pylist()) == ["a", "b"]
    assert table.schema.field("penalties").type.value_type.field("amount").type == "double"
    assert ds.dataset(tmp_path / "errors", format="parquet").to_table().column("code").to_pylist() == ["E103"]
    assert not list(tmp_path.rglob("*.tmp"))
    assert sorted(sink.existing()) == [("a", "hash-a"), ("b", "hash-b"), ("e", "hash-e")]


def test_incidents_are_one_parquet_file(tmp_path):
    from tests.sinks.test_sql import incident_line

    sink = ParquetSink(tmp_path)
    sink.open()
    sink.write_incidents([incident_line("inc_1", ["a", "b"]), incident_line("inc_2", ["c"])])
    table = ds.dataset(tmp_path / "incidents.parquet", format="parquet").to_table()
    assert table.column("incident_id").to_pylist() == ["inc_1", "inc_2"]
    assert table.column("articles").to_pylist() == [["a", "b"], ["c"]]
