"""Shared fixtures: options, the (session-wide) processor, and the shared data sets when present."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.settings import Options, load_options

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FRINCIDENT_SHARED", ROOT.parent / "shared"))
RAW = ROOT / "raw"
RAW_GOLD = ROOT / "tests" / "gold" / "raw.jsonl"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip when the shared data set is not present."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not present (the shared data set lives beside the repository)")
    return path


@pytest.fixture(scope="session")
def options() -> Options:
    return load_options()


@pytest.fixture(scope="session")
def processor(options: Options):
    from pipeline.process import Processor

    return Processor(options)


@pytest.fixture(scope="session")
def nlp(processor):
    return processor.nlp


REQUIRE_POSTGRES = os.environ.get("FRINCIDENT_REQUIRE_POSTGRES") == "1"


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server for the session; skipped (or failed, under CI) when none is installed."""
    from tests.postgres_server import PostgresServer

    try:
        server = PostgresServer().start()
    except (FileNotFoundError, RuntimeError, KeyError) as error:
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL is required here (FRINCIDENT_REQUIRE_POSTGRES=1): {error}")
        pytest.skip(f"no usable PostgreSQL installation: {error}")
    yield server
    server.cleanup()


@pytest.fixture
def postgres_url(postgres_server, request):
    """A fresh database on the session server, one per test."""
    import re

    name = "t_" + re.sub(r"[^a-z0-9]", "_", request.node.name.lower())[:40] + f"_{os.getpid()}"
    return postgres_server.create_database(name)
