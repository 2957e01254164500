"""Relational layout shared by the SQLite and PostgreSQL sinks.

One ``records`` table keyed on ``doc_id`` holds the scalar fields (and the whole record as JSON, so no
field is ever lost), and child tables hold the lists, with foreign keys and ``ON DELETE CASCADE``:
``record_companies``, ``record_data_types``, ``record_causes``, ``record_penalties`` and
``record_evidence``. Failed documents go to ``errors``. Incidents (pipeline.incidents) go to ``incidents``
and ``incident_articles`` (foreign keys to ``records``). A document is in ``records`` or in ``errors``,
never both. ``schema_meta`` versions the layout (``ddl_version``) with the record contract
(``schema_version``).

Writes are idempotent upserts, one transaction per batch: a batch is written whole or not at all, and
writing it twice changes nothing. Every value goes through query parameters, never into SQL text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.errors import ErrorRow
from pipeline.record import SCHEMA_VERSION, Record
from pipeline.sinks.base import Result, Sink, SinkError

DDL_VERSION = "2"  # 2: incidents, incident_articles
RECORD_COLUMNS = ("doc_id", "content_hash", "source_path", "url", "title", "sitename", "author", "is_incident",
                  "company", "date", "incident_date", "victim_count", "victim_unit", "text", "record",
                  "pipeline_version")
INCIDENT_COLUMNS = ("incident_id", "organisation", "incident_date", "victim_count", "victim_unit", "data_types",
                    "causes", "penalties", "incident")
ERROR_COLUMNS = ("doc_id", "path", "code", "message", "content_hash")
CHILDREN = ("record_companies", "record_data_types", "record_causes", "record_penalties", "record_evidence")


@dataclass(frozen=True, slots=True)
class Dialect:
    param: str  # "?" or "%s"
    json_type: str
    now: str
    timestamp_type: str


def ddl(dialect: Dialect) -> list[str]:
    """CREATE statements of the layout (idempotent)."""
    ts = f"{dialect.timestamp_type} DEFAULT {dialect.now}"
    fk = "doc_id TEXT NOT NULL REFERENCES records(doc_id) ON DELETE CASCADE"
    return [
        "CREATE TABLE IF NOT EXISTS schema_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        f"""CREATE TABLE IF NOT EXISTS records (
            doc_id TEXT PRIMARY KEY, content_hash TEXT, source_path TEXT, url TEXT, title TEXT,
            sitename TEXT, author TEXT, is_incident BOOLEAN NOT NULL, company TEXT, date TEXT,
            incident_date TEXT, victim_count BIGINT, victim_unit TEXT, text TEXT NOT NULL,
            record {dialect.json_type} NOT NULL, pipeline_version TEXT, written_at {ts})""",
        f"""CREATE TABLE IF NOT EXISTS record_companies (
            {fk}, position INTEGER NOT NULL, name TEXT NOT NULL, is_main BOOLEAN NOT NULL,
            PRIMARY KEY (doc_id, position))""",
        f"CREATE TABLE IF NOT EXISTS record_data_types ({fk}, code TEXT NOT NULL, PRIMARY KEY (doc_id, code))",
        f"CREATE TABLE IF NOT EXISTS record_causes ({fk}, code TEXT NOT NULL, PRIMARY KEY (doc_id, code))",
        f"""CREATE TABLE IF NOT EXISTS record_penalties (
            {fk}, position INTEGER NOT NULL, amount NUMERIC NOT NULL, currency TEXT NOT NULL, kind TEXT NOT NULL,
            authority TEXT, PRIMARY KEY (doc_id, position))""",
        f"""CREATE TABLE IF NOT EXISTS record_evidence (
            {fk}, field TEXT NOT NULL, position INTEGER NOT NULL, start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL, text TEXT NOT NULL, value TEXT, ref TEXT,
            PRIMARY KEY (doc_id, field, position))""",
        f"""CREATE TABLE IF NOT EXISTS errors (
            doc_id TEXT PRIMARY KEY, path TEXT, code TEXT NOT NULL, message TEXT NOT NULL, content_hash TEXT,
            written_at {ts})""",
        f"""CREATE TABLE IF NOT EXISTS incidents (
            incident_id TEXT PRIMARY KEY, organisation TEXT, incident_date TEXT, victim_count BIGINT,
            victim_unit TEXT, data_types {dialect.json_type} NOT NULL, causes {dialect.json_type} NOT NULL,
            penalties {dialect.json_type} NOT NULL, incident {dialect.json_type} NOT NULL, written_at {ts})""",
        f"""CREATE TABLE IF NOT EXISTS incident_articles (
            incident_id TEXT NOT NULL REFERENCES incidents(incident_id) ON DELETE CASCADE,
            {fk}, contributed {dialect.json_type} NOT NULL, PRIMARY KEY (incident_id, doc_id))""",
        "CREATE INDEX IF NOT EXISTS incident_articles_doc ON incident_articles (doc_id)",
        "CREATE INDEX IF NOT EXISTS records_company ON records (company)",
        "CREATE INDEX IF NOT EXISTS records_incident_date ON records (incident_date)",
        "CREATE INDEX IF NOT EXISTS record_data_types_code ON record_data_types (code)",
        "CREATE INDEX IF NOT EXISTS record_causes_code ON record_causes (code)",
    ]


class SqlSink(Sink):
    """Upserts batches through a DB-API connection; subclasses connect and name their dialect."""

    dialect: Dialect

    def __init__(self) -> None:
        self.connection: Any = None

    # subclasses: connect(), and optionally prepare() after connecting
    def connect(self) -> Any:
        raise NotImplementedError

    def open(self, fresh: bool = False) -> None:
        try:
            self.connection = self.connect()
            with self.transaction() as cursor:
                for statement in ddl(self.dialect):
                    cursor.execute(statement)
                self._upsert(cursor, "schema_meta", ("key", "value"), [("schema_version", SCHEMA_VERSION),
                                                                       ("ddl_version", DDL_VERSION)], "key")
        except SinkError:
            raise
        except Exception as error:  # the driver's own exception classes
            raise SinkError("E301", sink=self.url, count=0, reason=f"cannot prepare the tables: {error}") from error

    def transaction(self):
        raise NotImplementedError

    def write(self, batch: Sequence[Result]) -> None:
        if not batch:
            return
        try:
            with self.transaction() as cursor:
                for result in batch:
                    if isinstance(result, ErrorRow):
                        self._write_error(cursor, result)
                    else:
                        self._write_record(cursor, result)
        except Exception as error:  # rolled back by transaction(); the rerun completes the batch
            raise SinkError("E301", sink=self.url, count=len(batch), reason=str(error).strip() or
                            type(error).__name__) from error

    def write_incidents(self, incidents: Sequence[dict]) -> None:
        """Replace every incident in one transaction; an article whose record is not in ``records`` is
        left out of ``incident_articles`` (the foreign key), and counted in the log."""
        try:
            with self.transaction() as cursor:
                cursor.execute("DELETE FROM incident_articles")
                cursor.execute("DELETE FROM incidents")
                rows = [(i["incident_id"], i["organisation"]["name"], i["incident_date"],
                         (i["victim_count"] or {}).get("value"), (i["victim_count"] or {}).get("unit"),
                         json.dumps(i["data_types"]), json.dumps(i["cause"]), json.dumps(i["penalties"]),
                         json.dumps(i, ensure_ascii=False)) for i in incidents]
                self._insert(cursor, "incidents", INCIDENT_COLUMNS, rows)
                cursor.execute("SELECT doc_id FROM records")
                known = {row[0] for row in cursor.fetchall()}
                articles = [(i["incident_id"], a["doc_id"], json.dumps(a["contributed"]))
                            for i in incidents for a in i["articles"] if a["doc_id"] in known]
                self._insert(cursor, "incident_articles", ("incident_id", "doc_id", "contributed"), articles)
        except Exception as error:
            raise SinkError("E301", sink=self.url, count=len(incidents), reason=str(error).strip() or
                            type(error).__name__) from error

    def existing(self) -> Iterator[tuple[str, str | None]]:
        cursor = self.connection.cursor()
        for table in ("records", "errors"):
            cursor.execute(f"SELECT doc_id, content_hash FROM {table}")
            while rows := cursor.fetchmany(1000):
                yield from ((doc_id, content_hash) for doc_id, content_hash in rows)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    # -- rows -----------------------------------------------------------------------------
    def _write_record(self, cursor: Any, record: Record) -> None:
        data = record.as_dict()
        source = data["source"]
        victims = data["victim_count"] or {}
        row = (data["doc_id"], data["content_hash"], source.get("path"), source.get("url"), source.get("title"),
               source.get("sitename"), source.get("author"), data["is_incident"], data["company"], data["date"],
               data["incident_date"], victims.get("value"), victims.get("unit"), data["text"],
               json.dumps(data, ensure_ascii=False), data["pipeline_version"])
        doc_id = data["doc_id"]
        self._delete(cursor, "errors", doc_id)
        self._upsert(cursor, "records", RECORD_COLUMNS, [row], "doc_id")
        for table in CHILDREN:
            self._delete(cursor, table, doc_id)
        main = data["company"]
        self._insert(cursor, "record_companies", ("doc_id", "position", "name", "is_main"),
                     [(doc_id, i, name, name == main and i == 0) for i, name in enumerate(data["companies"])])
        self._insert(cursor, "record_data_types", ("doc_id", "code"), [(doc_id, c) for c in data["data_types"]])
        self._insert(cursor, "record_causes", ("doc_id", "code"), [(doc_id, c) for c in data["cause"]])
        self._insert(cursor, "record_penalties", ("doc_id", "position", "amount", "currency", "kind", "authority"),
                     [(doc_id, i, p["amount"], p["currency"], p["kind"], p["authority"])
                      for i, p in enumerate(data["penalties"])])
        evidence = [(doc_id, field, i, e["start"], e["end"], e["text"],
                     None if e.get("value") is None else json.dumps(e["value"], ensure_ascii=False), e.get("ref"))
                    for field, items in data["evidence"].items() for i, e in enumerate(items)]
        self._insert(cursor, "record_evidence",
                     ("doc_id", "field", "position", "start_char", "end_char", "text", "value", "ref"), evidence)

    def _write_error(self, cursor: Any, error: ErrorRow) -> None:
        self._delete(cursor, "records", error.doc_id)
        self._upsert(cursor, "errors", ERROR_COLUMNS,
                     [(error.doc_id, error.path, error.code, error.message, error.content_hash)], "doc_id")

    # -- statements (table and column names are constants of this module; values are parameters) --
    def _upsert(self, cursor: Any, table: str, columns: Sequence[str], rows: list[tuple], key: str) -> None:
        marks = ", ".join([self.dialect.param] * len(columns))
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != key)
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) "
                           f"ON CONFLICT ({key}) DO UPDATE SET {updates}", rows)

    def _insert(self, cursor: Any, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        if rows:
            marks = ", ".join([self.dialect.param] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def _delete(self, cursor: Any, table: str, doc_id: str) -> None:
        cursor.execute(f"DELETE FROM {table} WHERE doc_id = {self.dialect.param}", (doc_id,))
