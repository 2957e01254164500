"""Loaders for the data files under ``models/``: lexicons (TSV) and patterns (JSONL).

Files are read once per process and cached. Lines starting with ``#`` are comments.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from pipeline.learn.linear import LinearModel, read_model
from pipeline.settings import DEFAULT_MODELS_DIR


def read_tsv(path: Path) -> list[list[str]]:
    """Rows of a TSV data file, comments and blank lines skipped, cells stripped."""
    rows: list[list[str]] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            rows.append([cell.strip() for cell in line.rstrip("\n").split("\t")])
    return rows


def read_jsonl(path: Path) -> list[dict]:
    """Objects of a JSONL data file (blank lines and ``//`` comment lines skipped)."""
    items: list[dict] = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            stripped = line.strip()
            if not stripped or stripped.startswith("//"):
                continue
            try:
                items.append(json.loads(stripped))
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: invalid JSON ({error})") from error
    return items


@lru_cache(maxsize=64)
def lexicon(name: str, models_dir: Path = DEFAULT_MODELS_DIR, folder: str = "lexicons") -> tuple[tuple[str, ...], ...]:
    """A TSV file under ``models/<folder>/`` (``lexicons`` by default) as a tuple of rows (cached)."""
    return tuple(tuple(row) for row in read_tsv(models_dir / folder / name))


@lru_cache(maxsize=64)
def patterns(name: str, models_dir: Path = DEFAULT_MODELS_DIR) -> tuple[dict, ...]:
    """A JSONL pattern file under ``models/patterns/`` (cached)."""
    return tuple(read_jsonl(models_dir / "patterns" / name))


@lru_cache(maxsize=16)
def classifier(name: str, models_dir: Path = DEFAULT_MODELS_DIR) -> LinearModel:
    """A linear model under ``models/classifiers/`` (cached)."""
    return read_model(models_dir / "classifiers" / name)
