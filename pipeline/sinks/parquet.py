"""Parquet sink (``parquet:DIR``) for analysts: one file per batch, written atomically.

``DIR/records/part-<first doc>-<n>.parquet`` and ``DIR/errors/part-....parquet``: a part file is
written under a temporary name and renamed, so a crash leaves no partial file. Lists and evidence are
Parquet lists/structs; the whole record is also kept as a JSON string. Read the directory with
``pyarrow.dataset`` or ``pandas.read_parquet(DIR + "/records")``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from pipeline.errors import ErrorRow
from pipeline.sinks.base import Result, Sink, SinkError, url_directory


def open_url(url: str, default_dir: Path | None) -> ParquetSink:
    return ParquetSink(url_directory(url, default_dir))


class ParquetSink(Sink):
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.url = f"parquet:{self.directory.resolve()}"

    def open(self, fresh: bool = False) -> None:
        for name in ("records", "errors"):
            part_dir = self.directory / name
            part_dir.mkdir(parents=True, exist_ok=True)
            for leftover in part_dir.glob("*.tmp"):
                leftover.unlink()
            if fresh:
                for part in part_dir.glob("*.parquet"):
                    part.unlink()

    def write(self, batch: Sequence[Result]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        records = [r.as_dict() for r in batch if not isinstance(r, ErrorRow)]
        errors = [r.as_dict() for r in batch if isinstance(r, ErrorRow)]
        try:
            if records:
                rows = [{**_flat(r), "record": json.dumps(r, ensure_ascii=False)} for r in records]
                self._write_part(pq, pa.Table.from_pylist(rows, schema=record_schema()), "records", rows)
            if errors:
                self._write_part(pq, pa.Table.from_pylist(errors, schema=error_schema()), "errors", errors)
        except (OSError, pa.ArrowException) as error:
            raise SinkError("E301", sink=self.url, count=len(batch), reason=error) from error

    def _write_part(self, pq, table, name: str, rows: list[dict]) -> None:
        key = hashlib.blake2b("\n".join(r["doc_id"] for r in rows).encode(), digest_size=8).hexdigest()
        final = self.directory / name / f"part-{key}.parquet"
        temporary = final.with_suffix(".tmp")
        pq.write_table(table, temporary)
        os.replace(temporary, final)

    def write_incidents(self, incidents: Sequence[dict]) -> None:
        """``DIR/incidents.parquet``: one row per incident, lists as Parquet lists, the line as JSON."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = [{"incident_id": i["incident_id"], "organisation": i["organisation"]["name"],
                 "spellings": i["organisation"]["spellings"], "incident_date": i["incident_date"],
                 "victim_count": (i["victim_count"] or {}).get("value"),
                 "data_types": [c["code"] for c in i["data_types"]], "cause": [c["code"] for c in i["cause"]],
                 "articles": [a["doc_id"] for a in i["articles"]], "incident": json.dumps(i, ensure_ascii=False)}
                for i in incidents]
        strings = pa.list_(pa.string())
        schema = pa.schema([("incident_id", pa.string()), ("organisation", pa.string()), ("spellings", strings),
                            ("incident_date", pa.string()), ("victim_count", pa.int64()), ("data_types", strings),
                            ("cause", strings), ("articles", strings), ("incident", pa.string())])
        final = self.directory / "incidents.parquet"
        temporary = final.with_suffix(".tmp")
        self.directory.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), temporary)
        os.replace(temporary, final)

    def part_writer(self, part: str) -> Sink:
        """The same directory, not opened again (the client prepared it; a worker must not clear the
        temporary files of another)."""
        return ParquetSink(self.directory)

    def shared_paths(self) -> list[Path]:
        return [self.directory]

    def existing(self) -> Iterator[tuple[str, str | None]]:
        import pyarrow.parquet as pq

        for name in ("records", "errors"):
            for part in sorted((self.directory / name).glob("*.parquet")):
                table = pq.read_table(part, columns=["doc_id", "content_hash"])
                yield from zip(table.column("doc_id").to_pylist(), table.column("content_hash").to_pylist(),
                               strict=True)


def record_schema():
    """The same columns and types in every part file, whatever a batch holds."""
    import pyarrow as pa

    penalty = pa.struct([("amount", pa.float64()), ("currency", pa.string()), ("kind", pa.string()),
                         ("authority", pa.string())])
    text, strings = pa.string(), pa.list_(pa.string())
    return pa.schema([("doc_id", text), ("content_hash", text), ("path", text), ("url", text), ("title", text),
                      ("is_incident", pa.bool_()), ("company", text), ("companies", strings), ("date", text),
                      ("incident_date", text), ("data_types", strings), ("victim_count", pa.int64()),
                      ("victim_unit", text), ("cause", strings), ("penalties", pa.list_(penalty)), ("text", text),
                      ("record", text)])


def error_schema():
    import pyarrow as pa

    return pa.schema([(name, pa.string()) for name in ("doc_id", "path", "code", "message", "content_hash")])


def _flat(record: dict) -> dict:
    victims = record["victim_count"] or {}
    return {
        "doc_id": record["doc_id"], "content_hash": record["content_hash"], "path": record["source"].get("path"),
        "url": record["source"].get("url"), "title": record["source"].get("title"),
        "is_incident": record["is_incident"], "company": record["company"], "companies": record["companies"],
        "date": record["date"], "incident_date": record["incident_date"], "data_types": record["data_types"],
        "victim_count": victims.get("value"), "victim_unit": victims.get("unit"), "cause": record["cause"],
        "penalties": [{**p, "amount": float(p["amount"])} for p in record["penalties"]], "text": record["text"],
    }
