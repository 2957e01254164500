"""Writes the report: one HTML file with its styles, script and SVG charts inline (opens offline)."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from pipeline.report.build import EvalSet, build_report
from pipeline.report.spans import COLOURS

log = logging.getLogger(__name__)

FILE_MODE = 0o644


def _environment() -> Environment:
    environment = Environment(loader=PackageLoader("pipeline.report", "templates"),
                              autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    environment.filters["value"] = _value
    environment.filters["figure"] = lambda number: "–" if number is None else f"{number:.3f}"
    environment.globals["svg"] = Markup  # SVG produced by vl-convert, not text from the pages
    return environment


def _value(value: Any) -> str:
    """A gold or predicted value as compact JSON (null for none)."""
    return json.dumps(value, ensure_ascii=False)


def render_report(sets: list[EvalSet], previous: list[EvalSet] | None = None) -> str:
    context = build_report(sets, previous)
    context.update(colours=COLOURS, generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
    return _environment().get_template("report.html.j2").render(**context)


def write_report(sets: list[EvalSet], path: Path, previous: list[EvalSet] | None = None) -> Path:
    """Render and write the report to ``path`` (through a temporary file, renamed when complete)."""
    html = render_report(sets, previous)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(html)
    os.chmod(temporary, FILE_MODE)
    os.replace(temporary, path)
    log.info("report of %d sets (%d earlier) written to %s (%d KiB)", len(sets), len(previous or []), path,
             len(html) // 1024)
    return path
