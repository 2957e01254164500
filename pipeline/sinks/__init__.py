"""Where records and error rows go: JSONL files (default), SQLite, PostgreSQL, Parquet.

A sink is opened with a URL (``jsonl:DIR``, ``sqlite:///path.db``, ``postgresql://...``,
``parquet:DIR``), receives batches of results, and writes each batch atomically: a batch is either
fully written or not at all, so a rerun can complete it.
"""

from __future__ import annotations

from pipeline.sinks.base import Sink, open_sink

__all__ = ["Sink", "open_sink"]
