"""Errors are numbered messages listed in one module, and each error row says which document and why."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import MESSAGES, ErrorRow, message

PIPELINE = Path(__file__).resolve().parents[2] / "pipeline"
_CODE = re.compile(r"""(?:Error|ErrorRow\.from_error|code=)\(?\s*["']([DE]\d{3})["']""")


def codes_in_source() -> set[str]:
    found: set[str] = set()
    for path in PIPELINE.rglob("*.py"):
        if path.name != "errors.py":
            found.update(_CODE.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_code_the_pipeline_raises_is_listed_in_errors_py():
    used = codes_in_source()
    assert used, "no error code found in the sources: the pattern is out of date"
    assert used <= set(MESSAGES), sorted(used - set(MESSAGES))


def test_messages_start_with_their_code_and_fill_their_parameters():
    for code, template in MESSAGES.items():
        names = re.findall(r"{(\w+)}", template)
        text = message(code, **{name: f"<{name}>" for name in names})
        assert text.startswith(f"{code}: ") and "{" not in text


def test_an_error_row_names_the_document_its_file_and_the_problem():
    row = ErrorRow("dump#3", "in/dump.jsonl", "E107", message("E107", line=3, reason="Expecting value"))
    assert row.as_dict() == {"doc_id": "dump#3", "path": "in/dump.jsonl", "code": "E107",
                             "message": "E107: JSONL line 3 is not valid JSON: Expecting value", "content_hash": None}
