"""The layering the code keeps: engines and commands know sinks only through ``Sink`` and ``open_sink``, input
formats only through the readers' format table, and no engine module grows past 300 lines. Read from the
sources (``ast``), so a new module is checked as soon as it exists."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"
SINKS = PACKAGE / "sinks"
CONCRETE_SINKS = frozenset({"JsonlSink", "JsonlPartSink", "ParquetSink", "PostgresSink", "SqlSink", "SqliteSink"})
SINK_MODULES_ALLOWED = frozenset({"pipeline.sinks", "pipeline.sinks.base"})
SINK_SCHEMES = ("jsonl:", "sqlite:", "postgresql:", "postgres:", "parquet:")
INPUT_SUFFIXES = (".jsonl", ".jl", ".warc", ".html", ".htm", ".txt", ".gz")
FORMAT_OWNERS = frozenset({"readers.py", "warc.py"})
ENGINE_MAX_LINES = 300


def modules(outside: Path | None = None) -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if outside is None or outside not in p.parents)


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def name_of(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


def test_only_the_sinks_import_concrete_sinks() -> None:
    found = []
    for path in modules(outside=SINKS):
        for node in ast.walk(tree(path)):
            if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith("pipeline.sinks"):
                continue
            if node.module not in SINK_MODULES_ALLOWED or {a.name for a in node.names} & CONCRETE_SINKS:
                found.append((name_of(path), node.lineno, node.module))
    assert found == []


def test_no_isinstance_on_a_concrete_sink_outside_the_sinks() -> None:
    found = []
    for path in modules(outside=SINKS):
        for node in ast.walk(tree(path)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "isinstance" and len(node.args) > 1:
                names = {n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)}
                if names & CONCRETE_SINKS:
                    found.append((name_of(path), node.lineno))
    assert found == []


def _compared_strings(module: ast.Module) -> list[tuple[int, str]]:
    """String constants a module compares with (``==``, ``in``, ``startswith``, ``endswith``)."""
    found = []
    for node in ast.walk(module):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in ("startswith", "endswith")):
            operands = list(node.args)
        else:
            continue
        for operand in operands:
            for constant in ast.walk(operand):
                if isinstance(constant, ast.Constant) and isinstance(constant.value, str):
                    found.append((node.lineno, constant.value.lower()))
    return found


def test_sink_schemes_are_read_only_by_the_sinks() -> None:
    found = [(name_of(path), line, text) for path in modules(outside=SINKS)
             for line, text in _compared_strings(tree(path)) if text.startswith(SINK_SCHEMES)]
    assert found == []


def test_input_formats_are_told_apart_only_by_the_readers() -> None:
    found = [(name_of(path), line, text) for path in modules() if path.name not in FORMAT_OWNERS
             for line, text in _compared_strings(tree(path)) if text in INPUT_SUFFIXES]
    assert found == []


@pytest.mark.parametrize("path", sorted((PACKAGE / "engine").glob("*.py")), ids=lambda p: p.name)
def test_engine_modules_stay_small(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= ENGINE_MAX_LINES


def test_every_registered_sink_scheme_has_a_module_that_opens_it() -> None:
    import importlib

    from pipeline.sinks.base import SINK_MODULES

    for scheme, module in SINK_MODULES.items():
        assert callable(getattr(importlib.import_module(module), "open_url", None)), scheme
