"""SQLite sink (``sqlite:///path.db``): the embedded default database, the layout of sinks/sql.py."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.sinks.base import sqlite_path
from pipeline.sinks.sql import Dialect, SqlSink

SQLITE = Dialect(param="?", json_type="TEXT", now="CURRENT_TIMESTAMP", timestamp_type="TEXT")


def open_url(url: str, default_dir: Path | None) -> SqliteSink:
    return SqliteSink(sqlite_path(url))


class SqliteSink(SqlSink):
    dialect = SQLITE

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = Path(path)
        self.url = f"sqlite:///{self.path.resolve()}"

    def connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA journal_mode = WAL")
        return connection

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Cursor]:
        cursor = self.connection.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        try:
            yield cursor
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        cursor.execute("COMMIT")
