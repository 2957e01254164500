"""The one loader of the data files under ``models/``: lexicons and word lists (TSV), patterns (JSONL),
linear models (JSON).

Files are read once per process and models directory, and cached. Lines starting with ``#`` are
comments. Every module reads its knowledge here, from the *active* models directory: the one the run's
options name (:func:`use_options`, called when a :class:`~pipeline.process.Processor` is built), so that
a ``--config`` with another models directory is honoured everywhere, never mixed with the default one.
The tunable numbers of the rules (``[tuning]`` of models/config.toml) are read the same way
(:func:`tunables`).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from pipeline.learn.linear import LinearModel, read_model
from pipeline.settings import DEFAULT_MODELS_DIR, Options, Tuning, default_tuning


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


T = TypeVar("T")
_ACTIVE = [DEFAULT_MODELS_DIR]
_TUNING: list[Tuning | None] = [None]


def use_options(options: Options) -> None:
    """Make the run's options active: its models directory (:func:`use_models_dir`) and its tunables."""
    use_models_dir(options.models_dir)
    _TUNING[0] = options.tuning


class Tunables:
    """The tunables of one part (``[tuning.<part>]``), read by attribute from the active options:
    ``WINDOWS = tunables("company")`` then ``WINDOWS.event_window``."""

    __slots__ = ("part",)

    def __init__(self, part: str) -> None:
        self.part = part

    def __getattr__(self, name: str) -> int | float:
        if name.startswith("_"):  # introspection (doctest, copy, inspect.unwrap) asks for dunders: none here
            raise AttributeError(name)
        try:
            return _active_tuning().value(self.part, name)
        except KeyError as error:
            raise AttributeError(error.args[0]) from None

    def table(self) -> Mapping[str, int | float]:
        """The whole part, for tables keyed by data (feature caps, NER label priors)."""
        return _active_tuning().sections.get(self.part, {})


def _active_tuning() -> Tuning:
    tuning = _TUNING[0]
    if tuning is None:
        tuning = _TUNING[0] = default_tuning()
    return tuning


def tunables(part: str) -> Tunables:
    return Tunables(part)


def use_models_dir(models_dir: Path) -> None:
    """Make ``models_dir`` the directory every loader reads by default (one per process)."""
    _ACTIVE[0] = Path(models_dir)


def active_models_dir() -> Path:
    return _ACTIVE[0]


def per_models_dir(function: Callable[[], T]) -> Callable[[], T]:
    """Cache a function that builds a table from the knowledge files, once per active models directory."""
    cache: dict[Path, T] = {}

    @functools.wraps(function)
    def cached() -> T:
        key = active_models_dir()
        if key not in cache:
            cache[key] = function()
        return cache[key]

    return cached


def lexicon(name: str, models_dir: Path | None = None, folder: str = "lexicons") -> tuple[tuple[str, ...], ...]:
    """A TSV file under ``models/<folder>/`` (``lexicons`` by default) as a tuple of rows (cached)."""
    return _lexicon(name, models_dir or active_models_dir(), folder)


@lru_cache(maxsize=128)
def _lexicon(name: str, models_dir: Path, folder: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(row) for row in read_tsv(models_dir / folder / name))


def words(name: str, models_dir: Path | None = None, folder: str = "lexicons") -> frozenset[str]:
    """A one-word-per-line list (the first cell of each row), lower-cased (cached)."""
    return _words(name, models_dir or active_models_dir(), folder)


@lru_cache(maxsize=128)
def _words(name: str, models_dir: Path, folder: str) -> frozenset[str]:
    return frozenset(row[0].lower() for row in _lexicon(name, models_dir, folder) if row)


def patterns(name: str, models_dir: Path | None = None) -> tuple[dict, ...]:
    """A JSONL pattern file under ``models/patterns/`` (cached)."""
    return _patterns(name, models_dir or active_models_dir())


@lru_cache(maxsize=64)
def _patterns(name: str, models_dir: Path) -> tuple[dict, ...]:
    return tuple(read_jsonl(models_dir / "patterns" / name))


def classifier(name: str, models_dir: Path | None = None) -> LinearModel:
    """A linear model under ``models/classifiers/`` (cached)."""
    return _classifier(name, models_dir or active_models_dir())


@lru_cache(maxsize=32)
def _classifier(name: str, models_dir: Path) -> LinearModel:
    return read_model(models_dir / "classifiers" / name)
