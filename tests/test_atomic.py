"""Whole-file replacement: a JSON-lines file is replaced atomically, and left alone when unchanged."""

from __future__ import annotations

import json
import os

from pipeline.atomic import write_json_lines


def test_json_lines_replace_the_file_and_an_unchanged_write_leaves_it_alone(tmp_path) -> None:
    path = tmp_path / "incidents.jsonl"
    write_json_lines(path, [{"id": "é"}, {"id": 2}])
    assert [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] == [{"id": "é"}, {"id": 2}]
    os.utime(path, (0, 0))
    write_json_lines(path, [{"id": "é"}, {"id": 2}])
    assert path.stat().st_mtime == 0  # same lines: not rewritten
    write_json_lines(path, [{"id": 3}])
    assert path.read_text(encoding="utf-8") == '{"id": 3}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["incidents.jsonl"]  # no temporary file left
