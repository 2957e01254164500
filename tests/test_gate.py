"""The regression gate: floors only move up, a figure under its floor fails, data hashes are stable."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.evaluate import evaluate
from pipeline.gate import GoldSet, compare, data_hash, figures, raised, run_gate


def test_a_figure_under_its_floor_is_a_regression():
    assert compare({"f1.company": 0.90, "macro_f1": 0.95}, {"f1.company": 0.95, "macro_f1": 0.95}) == [
        "f1.company 0.9000 < floor 0.9500"]
    assert compare({"f1.company": 0.95}, {"f1.company": 0.95}) == []


def test_a_figure_missing_from_the_measure_is_a_regression():
    assert compare({}, {"f1.cause": 0.5}) == ["f1.cause 0.0000 < floor 0.5000"]


def test_floors_only_move_up():
    floors = {"f1.company": 0.95, "f1.cause": 0.80, "f1.gone": 0.7}
    assert raised({"f1.company": 0.90, "f1.cause": 0.85}, floors) == {
        "f1.company": 0.95, "f1.cause": 0.85, "f1.gone": 0.7}


def test_figures_cover_fields_with_gold_and_boilerplate():
    gold = [{"doc_id": "a", "company": "Dalmor", "keep": ["la fuite"], "drop": ["Abonnez-vous"]}]
    records = [{"doc_id": "a", "company": "Dalmor", "text": "la fuite chez Dalmor"}]
    found = figures(evaluate(gold, records))
    assert found["f1.company"] == 1.0
    assert found["keep_recall"] == 1.0 and found["drop_rate"] == 1.0
    assert "f1.penalties" not in found  # no gold positive: not gated


def test_the_data_hash_changes_with_the_gold_labels(tmp_path: Path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("texte", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc_id": "a"}\n', encoding="utf-8")
    gold_set = GoldSet("t", (tmp_path / "in",), gold)
    first = data_hash(gold_set)
    assert data_hash(gold_set) == first
    gold.write_text('{"doc_id": "a", "company": null}\n', encoding="utf-8")
    assert data_hash(gold_set) != first


def test_the_gate_fails_below_a_floor_and_update_never_lowers_it(tmp_path: Path, options):
    page = tmp_path / "in" / "p.txt"
    page.parent.mkdir()
    page.write_text("Fuite chez Dalmor\n\nLa société Dalmor a subi une fuite de données touchant "
                    "12 000 clients, a-t-elle annoncé lundi.\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc_id": "p", "company": "Quelqu'un d'autre"}) + "\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"t": {"data_hash": "x", "floors": {"f1.company": 1.0}}}), encoding="utf-8")
    sets = [GoldSet("t", (tmp_path / "in",), gold)]
    assert run_gate(baseline_path=baseline, options=options, sets=sets) == 1
    assert run_gate(update=True, baseline_path=baseline, options=options, sets=sets) == 1
    assert json.loads(baseline.read_text())["t"]["floors"]["f1.company"] == 1.0


def test_rebase_repins_a_changed_set_and_refuses_an_unchanged_one(tmp_path: Path, options):
    page = tmp_path / "in" / "p.txt"
    page.parent.mkdir()
    page.write_text("Fuite chez Dalmor\n\nLa société Dalmor a subi une fuite de données.\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc_id": "p", "company": "Quelqu'un d'autre"}) + "\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"t": {"data_hash": "x", "floors": {"f1.company": 1.0}}}), encoding="utf-8")
    sets = [GoldSet("t", (tmp_path / "in",), gold)]
    assert run_gate(rebase=["t"], baseline_path=baseline, options=options, sets=sets) == 0  # data hash changed
    repinned = json.loads(baseline.read_text())["t"]
    assert repinned["floors"]["f1.company"] == 0.0 and repinned["data_hash"] == data_hash(sets[0])
    assert run_gate(rebase=["t"], baseline_path=baseline, options=options, sets=sets) == 2  # same data: refused
