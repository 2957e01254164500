"""PostgreSQL sink (``postgresql://user@host:port/db``) through psycopg 3, the layout of sinks/sql.py.

The whole record is also kept in a ``JSONB`` column, so it can be queried with JSON operators.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.sinks.sql import Dialect, SqlSink

POSTGRES = Dialect(param="%s", json_type="JSONB", now="now()", timestamp_type="TIMESTAMPTZ")
CONNECT_TIMEOUT = 10


def open_url(url: str, default_dir: Path | None) -> PostgresSink:
    return PostgresSink(url)


class PostgresSink(SqlSink):
    dialect = POSTGRES

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def connect(self) -> Any:
        """Autocommit, so that only ``transaction()`` blocks group statements: without it, the first query
        outside a block (``existing()``) opens an implicit transaction, every later block becomes a mere
        savepoint inside it, and closing the connection rolls the whole run back."""
        import psycopg

        return psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT, autocommit=True)

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        with self.connection.transaction(), self.connection.cursor() as cursor:
            yield cursor
