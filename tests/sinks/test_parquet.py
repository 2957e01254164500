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
