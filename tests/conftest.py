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
