"""Fixtures of the review tests: sample records, a gold file, a live review server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.review.server import ReviewServer, make_review_server
from tests.review.browser import browser, page  # noqa: F401  (fixtures)
from tests.review.samples import records, write_jsonl


@pytest.fixture
def records_path(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "records.jsonl", records())


@pytest.fixture
def gold_path(tmp_path: Path) -> Path:
    return tmp_path / "gold.jsonl"


@pytest.fixture
def server(records_path: Path, gold_path: Path) -> Iterator[ReviewServer]:
    review = make_review_server(records_path, gold_path, port=0).start()
    yield review
    review.stop()
