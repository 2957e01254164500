"""One :class:`Options` object, built once from ``models/config.toml`` and CLI overrides."""

from __future__ import annotations

import functools
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_MODELS_DIR = PACKAGE_DIR.parent / "models"
MODELS_ENV = "FRINCIDENT_MODELS"


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-document size and time limits (see ``[limits]`` in models/config.toml)."""

    max_document_bytes: int = 20_000_000
    max_decompressed_bytes: int = 200_000_000
    max_document_seconds: float = 60.0
    max_text_chars: int = 200_000
    max_document_lines: int = 50_000
    max_html_elements: int = 30_000
    max_html_depth: int = 200
    max_input_chars: int = 2_000_000


@dataclass(frozen=True, slots=True)
class LanguageOptions:
    """Language detection on the clean text (see ``[language]`` in models/config.toml)."""

    enabled: bool = True
    min_words: int = 30
    min_share: float = 0.08
    margin: float = 2.0
    sample_chars: int = 20_000
    non_french: str = "record"  # "record" (marked, nothing extracted) or "error" (E203)


@dataclass(frozen=True, slots=True)
class NlpOptions:
    model: str = "fr_core_news_md"
    batch_size: int = 32
    ner_lead_sentences: int = 3
    ner_max_sentences: int = 8
    ner_max_chars: int = 800


@dataclass(frozen=True, slots=True)
class BoilerplateOptions:
    html_favor_precision: bool = False
    html_favor_recall: bool = False
    html_fast: bool = False
    html_include_tables: bool = True
    repeated_lines: bool = True


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    incident_model: str = "is_incident.learned.json"
    company_model: str = "company.rules.json"
    victim_model: str = "victim_count.learned.json"
    incident_date_model: str = "incident_date.learned.json"
    penalties_model: str = "penalties.learned.json"
    data_types_model: str = "data_types.learned.json"
    cause_model: str = "cause.learned.json"


@dataclass(frozen=True, slots=True)
class IncidentOptions:
    """Grouping records into incidents (see ``[incidents]`` in models/config.toml)."""

    date_slack_days: int = 120
    join_score: float = 1.0
    partial_name_score: float = 0.5
    count_ratio: float = 1.5
    exact_count_unit: int = 100


@dataclass(frozen=True, slots=True)
class RunOptions:
    workers: int = 1
    chunk_size: int = 16
    progress_every: int = 200


@dataclass(frozen=True, slots=True)
class Tuning:
    """The named windows, caps and shares of the rules: ``[tuning.<part>]`` tables of models/config.toml,
    each number with the measurement behind it. The package's config.toml defines the names; another
    config may only change their values (an unknown name is an error, as for every other setting)."""

    sections: Mapping[str, Mapping[str, int | float]] = field(default_factory=lambda: MappingProxyType({}))

    def value(self, section: str, name: str) -> int | float:
        try:
            return self.sections[section][name]
        except KeyError:
            raise KeyError(f"no tunable {name!r} in [tuning.{section}] of models/config.toml") from None

    def merged(self, values: dict[str, Any], define: bool = False) -> Tuning:
        """A copy with ``values`` (``{part: {name: number}}``) applied; ``define`` admits new names."""
        sections = {name: dict(table) for name, table in self.sections.items()}
        for part, table in values.items():
            if not isinstance(table, dict) or (part not in sections and not define):
                raise ValueError(f"unknown tuning table [tuning.{part}]")
            current = sections.setdefault(part, {})
            for name, number in table.items():
                if name not in current and not define:
                    raise ValueError(f"unknown setting {name!r} in [tuning.{part}]")
                if isinstance(number, bool) or not isinstance(number, int | float):
                    raise ValueError(f"[tuning.{part}] {name} must be a number, not {number!r}")
                current[name] = type(current.get(name, number))(number)
        return Tuning(MappingProxyType({part: MappingProxyType(table) for part, table in sections.items()}))


@dataclass(frozen=True, slots=True)
class Options:
    """Every setting of the pipeline. Build with :func:`load_options`."""

    models_dir: Path = DEFAULT_MODELS_DIR
    limits: Limits = field(default_factory=Limits)
    nlp: NlpOptions = field(default_factory=NlpOptions)
    boilerplate: BoilerplateOptions = field(default_factory=BoilerplateOptions)
    extract: ExtractOptions = field(default_factory=ExtractOptions)
    run: RunOptions = field(default_factory=RunOptions)
    incidents: IncidentOptions = field(default_factory=IncidentOptions)
    language: LanguageOptions = field(default_factory=LanguageOptions)
    tuning: Tuning = field(default_factory=Tuning)


def _merge(obj: Any, values: dict[str, Any]) -> Any:
    """Return a copy of dataclass ``obj`` with ``values`` applied (nested tables recurse)."""
    known = {f.name: f for f in fields(obj)}
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ValueError(f"unknown setting {key!r} in {type(obj).__name__}")
        current = getattr(obj, key)
        if isinstance(current, Tuning):
            changes[key] = current.merged(value)
        elif is_dataclass(current) and isinstance(value, dict):
            changes[key] = _merge(current, value)
        elif isinstance(current, Path):
            changes[key] = Path(value)
        else:
            changes[key] = type(current)(value) if current is not None else value
    return replace(obj, **changes)


def load_options(config: Path | None = None, models_dir: Path | None = None,
                 **overrides: dict[str, Any]) -> Options:
    """Defaults from ``models/config.toml``, then ``config``, then ``overrides`` (by section)."""
    base_dir = models_dir or Path(os.environ.get(MODELS_ENV, DEFAULT_MODELS_DIR))
    options = Options(models_dir=base_dir, tuning=default_tuning())
    for path in (base_dir / "config.toml", config):
        if path is not None and Path(path).exists():
            with open(path, "rb") as handle:
                options = _merge(options, tomllib.load(handle))
    for section, values in overrides.items():
        if values:
            options = _merge(options, {section: values})
    return options


@functools.cache
def default_tuning() -> Tuning:
    """The tunables the package defines (``[tuning]`` of its own models/config.toml), read once."""
    with open(DEFAULT_MODELS_DIR / "config.toml", "rb") as handle:
        return Tuning().merged(tomllib.load(handle).get("tuning", {}), define=True)
