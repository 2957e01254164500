"""Small records and gold lines written for these tests (no model needed), shared by tests/review and tests/report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ACME_TEXT = ("La société Acme a subi une cyberattaque en mars. Les données de 12 000 clients, dont leurs adresses "
             "e-mail, ont été volées le 3 mars 2024.\nAbonnez-vous à notre newsletter.")
BETA_TEXT = ("La CNIL inflige une amende de 50 000 euros à Beta Assurances. Les dossiers de 500 clients étaient "
             "accessibles sur un serveur mal configuré.")
ADVICE_TEXT = "Cinq conseils pour choisir un mot de passe solide et protéger vos comptes en ligne."


def span(text: str, phrase: str, value: Any = None) -> dict[str, Any]:
    start = text.index(phrase)
    return {"start": start, "end": start + len(phrase), "text": phrase, "value": value}


def record(doc_id: str, text: str, **fields: Any) -> dict[str, Any]:
    base = {"schema_version": "1", "doc_id": doc_id, "source": {"path": f"pages/{doc_id}.txt", "title": doc_id},
            "is_incident": False, "company": None, "companies": [], "date": None, "incident_date": None,
            "data_types": [], "victim_count": None, "cause": [], "penalties": [], "evidence": {}, "text": text}
    return base | fields


def records() -> list[dict[str, Any]]:
    return [
        record("acme-fuite", ACME_TEXT, is_incident=True, company="Acme", companies=["Acme"], date="2024-03-10",
               incident_date="2024-03-03", data_types=["email"], victim_count={"value": 12000, "unit": "customers"},
               cause=["cyberattack"],
               evidence={"company": [span(ACME_TEXT, "Acme", "Acme")],
                         "victim_count": [span(ACME_TEXT, "12 000 clients", 12000)],
                         "data_types": [span(ACME_TEXT, "adresses e-mail", "email")],
                         "cause": [span(ACME_TEXT, "cyberattaque", "cyberattack")],
                         "incident_date": [span(ACME_TEXT, "3 mars 2024", "2024-03-03")],
                         "date": [{"start": 0, "end": 10, "text": "2024-03-10", "ref": "metadata"}]}),
        record("beta-amende", BETA_TEXT, is_incident=True, company="Beta Assurances", companies=["Beta Assurances"],
               date="2023-06-01", data_types=["other"], victim_count={"value": 500, "unit": "customers"},
               cause=["misconfiguration"],
               penalties=[{"amount": 50000, "currency": "EUR", "kind": "fine", "authority": "CNIL"}],
               evidence={"company": [span(BETA_TEXT, "Beta Assurances", "Beta Assurances")],
                         "victim_count": [span(BETA_TEXT, "500 clients", 500)],
                         "penalties": [span(BETA_TEXT, "50 000 euros", 50000)],
                         "cause": [span(BETA_TEXT, "mal configuré", "misconfiguration")]}),
        record("conseils-mots-de-passe", ADVICE_TEXT),
    ]


# gold written by hand: beta's count is 5000 (the prediction says 500), its cause misses human_error
GOLD = [
    {"doc_id": "beta-amende", "is_incident": True, "company": ["Beta Assurances", "Beta"], "date": "2023-06",
     "incident_date": None, "data_types": ["other"], "victim_count": 5000,
     "cause": ["misconfiguration", "human_error"], "penalties": [[50000, "EUR"]],
     "keep": ["accessibles sur un serveur"], "drop": ["La CNIL inflige"]},
    {"doc_id": "conseils-mots-de-passe", "is_incident": False, "company": [], "date": None, "incident_date": None,
     "data_types": [], "victim_count": None, "cause": [], "penalties": [], "keep": [], "drop": []},
]


def write_jsonl(path: Path, items: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items), encoding="utf-8")
    return path
