"""Small input sets the engine tests share: six text dumps of raw/, copied where a test needs them."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import RAW

TEXTS = sorted((RAW / "text").glob("t0[1-6]*.txt"))


def copy_inputs(tmp_path: Path, files=TEXTS) -> Path:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for file in files:
        shutil.copy(file, inputs / file.name)
    return inputs
