"""Hostile content: no script runs, no network access, no file outside the inputs is read, and doc_ids with
path separators, quotes or SQL stay data: outputs stay inside --out, every SQL value is a parameter."""

from __future__ import annotations

import contextlib
import json
import socket
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pipeline.errors import safe_id
from pipeline.sinks import open_sink
from pipeline.sinks.jsonl import JsonlSink
from pipeline.sinks.sqlite import SqliteSink
from tests.robustness.helpers import assert_each_once, outcomes, read_lines, run, write
from tests.robustness.samples import FRENCH, paragraphs

pytestmark = pytest.mark.model

SECRET = "SECRET-7f3a9c-do-not-leak"
SCRIPT = "SCRIPT-MARKER-should-never-appear"

# -- a guard for the duration of a block: every socket use and every open() is recorded -----------------
_EVENTS: list[tuple[str, str]] | None = None
_NETWORK_EVENTS = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
                   "socket.sendto", "urllib.Request", "http.client.connect", "ftplib.connect", "smtplib.connect")


def _audit(event: str, args: tuple) -> None:
    if _EVENTS is None:
        return
    if event in _NETWORK_EVENTS:
        _EVENTS.append((event, repr(args)[:200]))
    elif event == "open" and args and isinstance(args[0], str | bytes | Path):
        _EVENTS.append((event, str(args[0])))


sys.addaudithook(_audit)  # audit hooks cannot be removed: this one does nothing outside `guarded()`


@contextmanager
def guarded(monkeypatch) -> Iterator[list[tuple[str, str]]]:
    """Record network and file events; any socket connection attempt also fails at once."""
    global _EVENTS  # noqa: PLW0603 - the audit hook is process-wide
    events: list[tuple[str, str]] = []

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access during processing: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    _EVENTS = events
    try:
        yield events
    finally:
        _EVENTS = None


def hostile_pages(secret: Path) -> dict[str, str]:
    """Pages that try to make a parser read ``secret``, fetch a URL or run a script."""
    url = secret.as_uri()
    article = f"<article><h1>Fuite de données chez Telvia</h1>{paragraphs(FRENCH, 3)}</article>"
    script = f"<script>document.write('{SCRIPT}'); fetch('http://127.0.0.1:9/{SCRIPT}')</script>"
    return {
        "xxe.html": f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "{url}"><!ENTITY net SYSTEM '
                    f'"http://127.0.0.1:9/dtd">]><html><body>{article}<p>&xxe; &net;</p></body></html>',
        "external-dtd.html": f'<!DOCTYPE html SYSTEM "{url}"><html><body>{article}</body></html>',
        "parameter-entity.html": f'<!DOCTYPE html [<!ENTITY % p SYSTEM "{url}"> %p;]><html><body>{article}'
                                 "</body></html>",
        "billion-laughs.html": '<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
                               '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>'
                               f"<html><body>{article}<p>&d;&d;&d;&d;&d;&d;&d;&d;&d;</p></body></html>",
        "script.html": f"<html><head>{script}<noscript>{SCRIPT}</noscript></head><body onload=\"alert('{SCRIPT}')\">"
                       f"{article}{script}<template>{SCRIPT}</template></body></html>",
        "iframes.html": f'<html><head><base href="{url}"><link rel="stylesheet" href="{url}">'
                        f'<meta http-equiv="refresh" content="0; url={url}"><style>@import url("{url}");</style>'
                        f'</head><body>{article}<iframe src="{url}"></iframe><iframe srcdoc="<p>{SCRIPT}</p>">'
                        f'</iframe><img src="{url}"><object data="{url}"></object><embed src="{url}">'
                        f'<svg><image href="{url}"/></svg></body></html>',
        "xinclude.xhtml": f'<?xml version="1.0"?><?xml-stylesheet href="{url}"?><html xmlns:xi='
                          f'"http://www.w3.org/2001/XInclude"><body>{article}<xi:include href="{url}" parse="text"/>'
                          "</body></html>",
    }


def test_hostile_pages_read_no_file_reach_no_network_and_leak_no_script(tmp_path, processor, monkeypatch):
    secret = write(tmp_path / "secret" / "passwd", f"root:x:0:0:{SECRET}:/root:/bin/bash\n")
    inputs, out = tmp_path / "in", tmp_path / "out"
    pages = hostile_pages(secret)
    for name, page in pages.items():
        write(inputs / name, page)
    with guarded(monkeypatch) as events:
        run(inputs, out, processor)
    assert not [e for e in events if e[0] != "open"], f"network access: {events}"
    assert not [path for event, path in events if event == "open" and "secret" in path]
    found = outcomes(out)
    assert_each_once(found)
    assert sorted(found) == sorted(Path(name).stem for name in pages)
    written = (out / "records.jsonl").read_text(encoding="utf-8") + (out / "errors.jsonl").read_text(encoding="utf-8")
    assert SECRET not in written and SCRIPT not in written and "root:x:0:0" not in written
    for record in read_lines(out / "records.jsonl"):
        assert "fuite de données touchant 1 700 clients" in record["text"], record["doc_id"]
        assert len(record["text"]) < 5 * len(FRENCH), record["doc_id"]  # no entity expansion blew it up


# -- hostile doc_ids --------------------------------------------------------------------------------------
HOSTILE_IDS = [
    "../../etc/evil", "../../../../tmp/evil.jsonl", "/absolute/evil", "a\\b\\..\\..\\c", "quote'\"`",
    "'; DROP TABLE records; --", "x'); DELETE FROM errors; --", "nul\u0000byte", "new\nline", "${HOME}$(id)",
    "records.jsonl", ".ledger.sqlite", ".", "..", "~", "%s%s%n", "?", "é' OR '1'='1", "x" * 5000,
]


def hostile_dump(path: Path) -> Path:
    lines = [json.dumps({"id": doc_id, "text": f"{FRENCH} Cas numéro {i}."}) for i, doc_id in enumerate(HOSTILE_IDS)]
    lines.append(json.dumps({"id": "'; DROP TABLE errors; --", "text": 42}))  # an error row with a hostile id
    return write(path, "\n".join(lines) + "\n")


def expected_ids() -> set[str]:
    return {safe_id(doc_id) for doc_id in HOSTILE_IDS} | {"'; DROP TABLE errors; --"}


def files_under(directory: Path) -> set[str]:
    return {p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file()}


def test_hostile_doc_ids_stay_data_in_every_sink(tmp_path, processor):
    dump = hostile_dump(tmp_path / "in" / "dump.jsonl")
    out = tmp_path / "out"
    before = files_under(tmp_path)
    sinks = [JsonlSink(out), open_sink(f"sqlite:///{out / 'db.sqlite'}"), open_sink(f"parquet:{out / 'parquet'}")]
    summary = run(dump, out, processor, sinks=sinks)
    assert (summary.records, summary.errors) == (len(HOSTILE_IDS), 1)
    created = files_under(tmp_path) - before
    assert all(name.startswith("out/") for name in created), created
    allowed = ("out/records.jsonl", "out/errors.jsonl", "out/.ledger.sqlite", "out/db.sqlite",
               "out/parquet/records/part-", "out/parquet/errors/part-")
    assert all(name.startswith(allowed) for name in created), created
    found = outcomes(out)
    assert_each_once(found)
    assert set(found) == expected_ids()
    with contextlib.closing(sqlite3.connect(out / "db.sqlite")) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"records", "errors", "record_evidence", "schema_meta"} <= tables
        stored = {row[0] for row in db.execute("SELECT doc_id FROM records UNION ALL SELECT doc_id FROM errors")}
        assert stored == expected_ids()
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    import pyarrow.dataset as ds

    parquet_ids = set(ds.dataset(out / "parquet" / "records").to_table(columns=["doc_id"]).column("doc_id").to_pylist())
    assert parquet_ids == expected_ids() - {"'; DROP TABLE errors; --"}


class RecordingSqliteSink(SqliteSink):
    """A SQLite sink that records every statement and its parameters."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.statements: list[tuple[str, object]] = []

    @contextmanager
    def transaction(self):
        with super().transaction() as cursor:
            yield _RecordingCursor(cursor, self.statements)


class _RecordingCursor:
    def __init__(self, cursor, statements: list) -> None:
        self._cursor = cursor
        self._statements = statements

    def execute(self, sql, params=()):
        self._statements.append((sql, params))
        return self._cursor.execute(sql, params)

    def executemany(self, sql, rows):
        rows = list(rows)
        self._statements.append((sql, rows))
        return self._cursor.executemany(sql, rows)


def test_sql_statements_never_contain_a_value(tmp_path, processor):
    dump = hostile_dump(tmp_path / "in" / "dump.jsonl")
    sink = RecordingSqliteSink(tmp_path / "out" / "db.sqlite")
    run(dump, tmp_path / "out", processor, sinks=[sink])
    assert sink.statements
    fragments = ("DROP", "DELETE FROM errors;", "etc/evil", "quote'", "OR '1'='1")
    for sql, _ in sink.statements:
        assert not any(fragment in sql for fragment in fragments), sql
    assert any("'; DROP TABLE records; --" in repr(params) for _, params in sink.statements)


@pytest.mark.postgres
def test_hostile_doc_ids_in_postgresql(tmp_path, processor, postgres_url):
    import psycopg

    dump = hostile_dump(tmp_path / "in" / "dump.jsonl")
    summary = run(dump, tmp_path / "out", processor, sinks=[open_sink(postgres_url)])
    assert (summary.records, summary.errors) == (len(HOSTILE_IDS), 1)
    with psycopg.connect(postgres_url) as connection:
        stored = {row[0] for row in connection.execute(
            "SELECT doc_id FROM records UNION ALL SELECT doc_id FROM errors")}
        tables = {row[0] for row in connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")}
    assert stored == expected_ids()
    assert {"records", "errors", "record_evidence"} <= tables
