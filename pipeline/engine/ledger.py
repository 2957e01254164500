"""The run ledger: which documents were written, by doc_id and content hash (SQLite, on disk).

It makes runs resumable (a document already written is skipped unless ``--force``) and finds
duplicate content, without keeping anything per document in memory. A batch is marked in the
ledger only after every sink has committed it, so a crash between the two re-processes the batch
and the idempotent sinks absorb the repeat.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

LEDGER_NAME = ".ledger.sqlite"


class Ledger:
    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / LEDGER_NAME
        self.connection = sqlite3.connect(self.path, timeout=60)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.connection.execute(
            "CREATE TABLE IF NOT EXISTS documents (doc_id TEXT PRIMARY KEY, content_hash TEXT, status TEXT,"
            " run_id INTEGER, written_at REAL)")
        self.connection.execute("CREATE INDEX IF NOT EXISTS documents_hash ON documents (content_hash)")
        self.connection.commit()
        self.run_id = int(time.time() * 1000)

    def clear(self) -> None:
        with self.connection:
            self.connection.execute("DELETE FROM documents")

    def written(self, doc_id: str, content_hash: str) -> bool:
        """The same document (same id, same content) was written by a run."""
        row = self.connection.execute("SELECT content_hash FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return row is not None and row[0] == content_hash

    def claimed_in_this_run(self, doc_id: str) -> str | None:
        """The content hash under which this run already wrote ``doc_id``, if it did."""
        row = self.connection.execute("SELECT content_hash FROM documents WHERE doc_id = ? AND run_id = ?",
                                      (doc_id, self.run_id)).fetchone()
        return row[0] if row else None

    def same_content(self, content_hash: str, doc_id: str) -> str | None:
        """Another document already written with this content (its doc_id), if any."""
        row = self.connection.execute(
            "SELECT doc_id FROM documents WHERE content_hash = ? AND doc_id != ? AND status != 'duplicate' LIMIT 1",
            (content_hash, doc_id)).fetchone()
        return row[0] if row else None

    def mark(self, rows: Sequence[tuple[str, str | None, str]]) -> None:
        """Record (doc_id, content_hash, status) rows of a batch the sinks have committed."""
        now = time.time()
        with self.connection:
            self.connection.executemany(
                "INSERT INTO documents (doc_id, content_hash, status, run_id, written_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(doc_id) DO UPDATE SET content_hash = excluded.content_hash,"
                " status = excluded.status, run_id = excluded.run_id, written_at = excluded.written_at",
                [(doc_id, content_hash or "", status, self.run_id, now) for doc_id, content_hash, status in rows])

    def close(self) -> None:
        self.connection.close()
