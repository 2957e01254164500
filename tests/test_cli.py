"""The command line: help everywhere, exit codes, run -> evaluate round trip, schema."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pipeline.cli import main
from tests.conftest import ROOT

COMMANDS = [[], ["run"], ["evaluate"], ["clean"], ["schema"], ["db"], ["db", "init"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "top")
def test_help_everywhere(command, capsys):
    with pytest.raises(SystemExit) as caught:
        main([*command, "--help"])
    assert caught.value.code == 0
    assert "usage:" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [[], ["run"], ["evaluate", "--gold", "x"], ["frobnicate"],
                                  ["run", "raw", "--workers", "0"]])
def test_unusable_arguments_exit_non_zero(argv):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2


def test_missing_input_is_a_usage_error(tmp_path):
    assert main(["run", str(tmp_path / "nothing-here"), "--out", str(tmp_path / "out")]) == 2


def test_empty_directory_is_a_usage_error(tmp_path):
    (tmp_path / "empty").mkdir()
    assert main(["run", str(tmp_path / "empty"), "--out", str(tmp_path / "out")]) == 2


def test_unknown_sink_is_a_usage_error(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("Une phrase.", encoding="utf-8")
    assert main(["run", str(page), "--sink", "ftp://nowhere", "--out", str(tmp_path / "o")]) == 2


def test_evaluate_missing_files_is_a_usage_error(tmp_path):
    assert main(["evaluate", "--gold", str(tmp_path / "g"), "--pred", str(tmp_path / "p")]) == 2


def test_schema_prints_the_record_schema(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["properties"]["schema_version"] == {"const": "1"}
    assert {"company", "penalties", "evidence", "text"} <= set(schema["required"])


def test_evaluate_json_output(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    pred = tmp_path / "records.jsonl"
    gold.write_text(json.dumps({"doc_id": "a", "company": ["Zoom"], "victim_count": 5}) + "\n", encoding="utf-8")
    pred.write_text(json.dumps({"doc_id": "a", "company": "Zoom", "victim_count": {"value": 4, "unit": "users"},
                                "text": ""}) + "\n", encoding="utf-8")
    assert main(["evaluate", "--gold", str(gold), "--pred", str(pred), "--json"]) == 0
    metrics = json.loads(capsys.readouterr().out)
    assert metrics["fields"]["company"]["tp"] == 1
    assert metrics["errors"] == [{"doc_id": "a", "field": "victim_count", "gold": 5, "predicted": 4}]


@pytest.mark.model
def test_run_module_end_to_end(tmp_path):
    """`python -m pipeline run` as a user runs it: records, errors, summary, exit code 0."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "bad.html").write_bytes(b"\x00\x01\x02binary")
    (inputs / "ok.txt").write_text((ROOT / "raw" / "text").glob("t01*").__next__().read_text(encoding="utf-8"),
                                   encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "pipeline", "run", str(inputs), "--out", str(out)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert "documents read: 2, records: 1, errors: 1" in done.stderr
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert errors[0]["doc_id"] == "bad" and errors[0]["code"] == "E103"
    record = json.loads((out / "records.jsonl").read_text().splitlines()[0])
    assert record["doc_id"] == "ok" and record["schema_version"] == "1"


@pytest.mark.model
def test_clean_explain_shows_every_decision(capsys):
    seed = next((ROOT / "raw" / "text").glob("t02*"))
    assert main(["clean", str(seed), "--explain"]) == 0
    out = capsys.readouterr().out
    assert "KEEP body" in out and "DROP boilerplate" in out
