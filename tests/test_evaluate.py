"""The scoring rules of ../shared/SCHEMA.md, each on hand-made gold/prediction pairs."""

from __future__ import annotations

import pytest

from pipeline.evaluate import evaluate


def record(doc_id: str = "d", **fields):
    base = {"doc_id": doc_id, "is_incident": False, "company": None, "date": None, "incident_date": None,
            "data_types": [], "victim_count": None, "cause": [], "penalties": [], "text": ""}
    base.update(fields)
    return base


def counts(result, name):
    c = result.fields[name]
    return c.tp, c.fp, c.fn


# -- single-valued fields -------------------------------------------------------------------
SINGLE_CASES = [  # (name, field, gold, predicted, (tp, fp, fn))
    ("correct company", "company", ["Toyota", "Toyota Motor"], "Toyota", (1, 0, 0)),
    ("another accepted spelling", "company", ["Toyota", "Toyota Motor"], "TOYOTA MOTOR", (1, 0, 0)),
    ("wrong company is FP and FN", "company", ["Toyota"], "Lexus", (0, 1, 1)),
    ("missing company is FN", "company", ["Toyota"], None, (0, 0, 1)),
    ("company where gold is [] is FP", "company", [], "Toyota", (0, 1, 0)),
    ("nothing to find, nothing found", "company", [], None, (0, 0, 0)),
    ("count exact", "victim_count", 2150000, {"value": 2150000, "unit": "persons"}, (1, 0, 0)),
    ("count off by one", "victim_count", 1700, {"value": 1701, "unit": "records"}, (0, 1, 1)),
    ("count where gold is null", "victim_count", None, {"value": 5, "unit": "users"}, (0, 1, 0)),
    ("date exact", "date", "2021-08-02", "2021-08-02", (1, 0, 0)),
    ("date cut to a month-precision gold", "date", "2020-05", "2020-05-17", (1, 0, 0)),
    ("date cut to a year-precision gold", "incident_date", "2013", "2013-11", (1, 0, 0)),
    ("date less precise than gold is wrong", "incident_date", "2013-11", "2013", (0, 1, 1)),
    ("wrong month", "date", "2020-05", "2020-06-01", (0, 1, 1)),
    ("date where gold is null", "date", None, "2024-01-01", (0, 1, 0)),
]


@pytest.mark.parametrize(("name", "field", "gold", "predicted", "expected"), SINGLE_CASES,
                         ids=[c[0] for c in SINGLE_CASES])
def test_single_valued_fields(name, field, gold, predicted, expected):
    result = evaluate([{"doc_id": "d", field: gold}], [record(**{field: predicted})])
    assert counts(result, field) == expected


# -- name folding -----------------------------------------------------------------------------
FOLDING_CASES = [
    ("case and accents", ["Société Générale"], "societe generale"),
    ("legal suffix SA", ["Orange"], "Orange SA"),
    ("legal suffix Inc.", ["Zoom Video Communications"], "Zoom Video Communications, Inc."),
    ("Groupe prefix", ["Hexavia"], "Groupe Hexavia"),
    ("collapsed spaces", ["Crédit Agricole"], "Crédit   Agricole"),
]


@pytest.mark.parametrize(("name", "gold", "predicted"), FOLDING_CASES, ids=[c[0] for c in FOLDING_CASES])
def test_company_names_are_folded(name, gold, predicted):
    result = evaluate([{"doc_id": "d", "company": gold}], [record(company=predicted)])
    assert counts(result, "company") == (1, 0, 0)


def test_different_names_do_not_fold_together():
    result = evaluate([{"doc_id": "d", "company": ["Orange"]}], [record(company="Orangina")])
    assert counts(result, "company") == (0, 1, 1)


# -- set-valued fields ------------------------------------------------------------------------
def test_sets_are_micro_averaged_over_document_item_pairs():
    gold = [{"doc_id": "a", "data_types": ["email", "phone"]}, {"doc_id": "b", "data_types": ["health"]}]
    pred = [record("a", data_types=["email", "name"]), record("b", data_types=["health"])]
    result = evaluate(gold, pred)
    assert counts(result, "data_types") == (2, 1, 1)
    assert result.fields["data_types"].precision == pytest.approx(2 / 3)
    assert result.fields["data_types"].recall == pytest.approx(2 / 3)


def test_cause_set_with_an_empty_gold_counts_false_positives():
    result = evaluate([{"doc_id": "d", "cause": []}], [record(cause=["cyberattack", "ransomware"])])
    assert counts(result, "cause") == (0, 2, 0)


def test_penalties_compare_amount_and_currency_only():
    gold = [{"doc_id": "d", "penalties": [[85000000, "USD"], [1000000, "SGD"]]}]
    pred = [record(penalties=[
        {"amount": 85000000.0, "currency": "USD", "kind": "settlement", "authority": None},
        {"amount": 1000000, "currency": "USD", "kind": "potential", "authority": "PDPC"},
    ])]
    result = evaluate(gold, pred)
    assert counts(result, "penalties") == (1, 1, 1)


def test_a_penalty_listed_twice_counts_once():
    gold = [{"doc_id": "d", "penalties": [[150000, "EUR"]]}]
    pred = [record(penalties=[{"amount": 150000, "currency": "EUR", "kind": "fine", "authority": "CNIL"},
                              {"amount": 150000, "currency": "EUR", "kind": "fine", "authority": None}])]
    assert counts(evaluate(gold, pred), "penalties") == (1, 0, 0)


# -- is_incident ------------------------------------------------------------------------------
def test_is_incident_scores_the_true_class():
    gold = [{"doc_id": "a", "is_incident": True}, {"doc_id": "b", "is_incident": False},
            {"doc_id": "c", "is_incident": True}, {"doc_id": "e", "is_incident": False}]
    pred = [record("a", is_incident=True), record("b", is_incident=True), record("c", is_incident=False),
            record("e", is_incident=False)]
    assert counts(evaluate(gold, pred), "is_incident") == (1, 1, 1)


# -- absent keys and missing records ----------------------------------------------------------
def test_a_field_absent_from_gold_is_not_scored():
    predicted = record(company="Zoom", victim_count={"value": 3, "unit": "users"})
    result = evaluate([{"doc_id": "d", "company": ["Zoom"]}], [predicted])
    assert counts(result, "victim_count") == (0, 0, 0)
    assert result.scored["victim_count"] == 0
    assert result.scored["company"] == 1


def test_a_gold_document_without_record_misses_every_gold_value():
    gold = [{"doc_id": "lost", "company": ["Zoom"], "data_types": ["email", "phone"], "is_incident": True,
             "penalties": [[1, "EUR"]], "victim_count": None, "keep": ["une phrase"], "drop": ["menu"]}]
    result = evaluate(gold, [])
    assert counts(result, "company") == (0, 0, 1)
    assert counts(result, "data_types") == (0, 0, 2)
    assert counts(result, "is_incident") == (0, 0, 1)
    assert counts(result, "penalties") == (0, 0, 1)
    assert counts(result, "victim_count") == (0, 0, 0)
    assert (result.keep_found, result.drop_removed) == (0, 0)


# -- boilerplate ------------------------------------------------------------------------------
def test_keep_and_drop_phrases_compare_with_collapsed_spaces():
    gold = [{"doc_id": "d", "keep": ["2,15 millions de personnes", "absent du texte"],
             "drop": ["Laisser un commentaire", "Partager sur Twitter"]}]
    text = "Toyota chiffre à 2,15\u00a0millions\n de  personnes.\n\nPartager sur Twitter"
    result = evaluate(gold, [record(text=text)])
    assert (result.keep_found, result.keep_total) == (1, 2)
    assert (result.drop_removed, result.drop_total) == (1, 2)
    assert result.keep_recall == 0.5
    assert result.drop_rate == 0.5


# -- aggregate figures and the metrics JSON ---------------------------------------------------
def test_macro_f1_averages_fields_that_have_gold_values():
    gold = [{"doc_id": "d", "company": ["Zoom"], "victim_count": None, "cause": []}]
    result = evaluate(gold, [record(company="Zoom")])
    assert result.fields["company"].f1 == 1.0
    assert result.macro_f1 == 1.0  # victim_count and cause had no gold value: not averaged


def test_metrics_json_has_the_contract_keys():
    metrics = evaluate([{"doc_id": "d", "company": ["Zoom"]}], [record(company="Skype")]).metrics()
    assert set(metrics) >= {"documents", "fields", "macro_f1", "boilerplate", "errors"}
    assert set(metrics["fields"]) == {"company", "date", "incident_date", "victim_count", "data_types", "cause",
                                      "penalties", "is_incident"}
    assert set(metrics["fields"]["company"]) == {"precision", "recall", "f1", "tp", "fp", "fn"}
    assert set(metrics["boilerplate"]) == {"keep_recall", "drop_rate", "keep_total", "drop_total", "by_format"}
    assert metrics["errors"] == [{"doc_id": "d", "field": "company", "gold": ["Zoom"], "predicted": "Skype"}]
