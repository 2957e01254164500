"""The run ledger: what each sink has committed, by doc_id and content hash (SQLite, on disk).

It makes runs resumable without holding anything per document in memory:

- ``documents``: the outcome of every document processed (record, error, duplicate), with its content
  hash, so duplicate content is found across batches and runs;
- ``sink_written``: for each sink, the documents it has committed. A document is skipped on a rerun
  only when every sink of the run has it; a sink that failed gets the batch again, the others do not.

A batch is marked only after the sink has committed it, so a crash between the two re-sends the batch,
and the sinks' idempotent writes (upserts, or JSONL reconciliation at open) absorb the repeat.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

LEDGER_NAME = ".ledger.sqlite"
Row = tuple[str, str | None, str]  # doc_id, content hash, status


class Ledger:
    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / LEDGER_NAME
        self.connection = sqlite3.connect(self.path, timeout=60)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        with self.connection:
            self.connection.execute(
                "CREATE TABLE IF NOT EXISTS documents (doc_id TEXT PRIMARY KEY, content_hash TEXT, status TEXT,"
                " run_id INTEGER, written_at REAL)")
            self.connection.execute("CREATE INDEX IF NOT EXISTS documents_hash ON documents (content_hash)")
            self.connection.execute(
                "CREATE TABLE IF NOT EXISTS sink_written (sink TEXT, doc_id TEXT, content_hash TEXT,"
                " PRIMARY KEY (sink, doc_id))")
        self.run_id = int(time.time() * 1000)

    def clear(self) -> None:
        with self.connection:
            self.connection.execute("DELETE FROM documents")
            self.connection.execute("DELETE FROM sink_written")

    # -- documents -------------------------------------------------------------------------
    def written(self, doc_id: str, content_hash: str | None, sinks: Sequence[str]) -> bool:
        """Every sink has this document, with this content."""
        if not sinks:
            return False
        marks = ",".join("?" * len(sinks))
        (count,) = self.connection.execute(
            f"SELECT COUNT(*) FROM sink_written WHERE doc_id = ? AND content_hash = ? AND sink IN ({marks})",
            (doc_id, content_hash or "", *sinks)).fetchone()
        return count == len(sinks)

    def claimed_in_this_run(self, doc_id: str) -> str | None:
        """The content hash under which this run already processed ``doc_id``, if it did."""
        row = self.connection.execute("SELECT content_hash FROM documents WHERE doc_id = ? AND run_id = ?",
                                      (doc_id, self.run_id)).fetchone()
        return row[0] if row else None

    def same_content(self, content_hash: str, doc_id: str) -> str | None:
        """Another document already processed with this content (its doc_id), if any."""
        row = self.connection.execute(
            "SELECT doc_id FROM documents WHERE content_hash = ? AND doc_id != ? AND status != 'duplicate' LIMIT 1",
            (content_hash, doc_id)).fetchone()
        return row[0] if row else None

    def mark(self, rows: Iterable[Row]) -> None:
        """Record the outcome of processed documents."""
        now = time.time()
        with self.connection:
            self.connection.executemany(
                "INSERT INTO documents (doc_id, content_hash, status, run_id, written_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(doc_id) DO UPDATE SET content_hash = excluded.content_hash,"
                " status = excluded.status, run_id = excluded.run_id, written_at = excluded.written_at",
                [(doc_id, content_hash or "", status, self.run_id, now) for doc_id, content_hash, status in rows])

    # -- sinks -----------------------------------------------------------------------------
    def mark_sink(self, sink: str, rows: Iterable[tuple[str, str | None]]) -> None:
        """Record that ``sink`` committed these (doc_id, content hash) pairs."""
        with self.connection:
            self.connection.executemany(
                "INSERT INTO sink_written (sink, doc_id, content_hash) VALUES (?, ?, ?)"
                " ON CONFLICT(sink, doc_id) DO UPDATE SET content_hash = excluded.content_hash",
                [(sink, doc_id, content_hash or "") for doc_id, content_hash in rows])

    def written_in(self, sink: str, pairs: Sequence[tuple[str, str | None]]) -> set[str]:
        """The doc_ids among ``pairs`` that ``sink`` already committed with the same content."""
        found: set[str] = set()
        for start in range(0, len(pairs), 500):
            chunk = pairs[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.connection.execute(
                f"SELECT doc_id, content_hash FROM sink_written WHERE sink = ? AND doc_id IN ({marks})",
                (sink, *(doc_id for doc_id, _ in chunk))).fetchall()
            wanted = dict(chunk)
            found.update(doc_id for doc_id, content_hash in rows if content_hash == (wanted[doc_id] or ""))
        return found

    def close(self) -> None:
        self.connection.close()
