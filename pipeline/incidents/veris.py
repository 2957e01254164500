"""VERIS 1.4 export: one JSON file per incident of an ``incidents.jsonl``.

The mapping from our codes to VERIS enumerations is ``models/veris/mapping.toml``. What a news article
does not say (the victim's country, size and industry, how the incident was discovered, the assets)
is VERIS's "Unknown" (industry ``000``). Penalties become ``impact.loss`` ("Legal and regulatory") when
they are in one currency, and are all kept under ``plus.penalties`` with their kind and authority.

    python -m pipeline export --format veris extracted/incidents.jsonl --out extracted/veris
"""

from __future__ import annotations

import json
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.evaluate import read_jsonl
from pipeline.resources import active_models_dir

SCHEMA_VERSION = "1.4.0"
SANCTIONS = ("fine", "settlement", "damages")


@lru_cache(maxsize=4)
def _mapping(models_dir: Path) -> dict[str, Any]:
    with open(models_dir / "veris" / "mapping.toml", "rb") as handle:
        return tomllib.load(handle)


def mapping() -> dict[str, Any]:
    return _mapping(active_models_dir())


def to_veris(incident: dict[str, Any]) -> dict[str, Any]:
    """The VERIS incident of one line of incidents.jsonl."""
    causes = [c["code"] for c in incident["cause"]]
    urls = [a["url"] for a in incident["articles"] if a.get("url")]
    veris: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "schema_name": "vcdb",
        "incident_id": incident["incident_id"],
        "security_incident": "Confirmed",
        "summary": _summary(incident),
        "reference": "; ".join(urls) or "; ".join(a["doc_id"] for a in incident["articles"]),
        "confidence": "Medium",
        "timeline": {"incident": _timeline(incident)},
        "victim": {"victim_id": incident["organisation"]["name"] or "Unknown", "country": ["Unknown"],
                   "employee_count": "Unknown", "industry": "000", "government": ["Unknown"]},
        "action": _actions(causes),
        "actor": _actors(causes),
        "asset": {"assets": [{"variety": "Unknown"}], "cloud": ["Unknown"]},
        "attribute": {"confidentiality": _confidentiality(incident)},
        "discovery_method": {"unknown": True},
        "plus": {"penalties": incident["penalties"], "articles": [a["doc_id"] for a in incident["articles"]]},
    }
    impact = _impact(incident["penalties"])
    if impact:
        veris["impact"] = impact
    return veris


def _summary(incident: dict[str, Any]) -> str:
    name = incident["organisation"]["name"] or "An organisation"
    parts = [f"{name}: data-protection incident reported by {len(incident['articles'])} article(s)"]
    parts.append(f"dated {incident['incident_date']}" if incident["incident_date"] else
                 "undated (timeline: the year of the first article)")
    if incident["victim_count"]:
        victims = incident["victim_count"]
        parts.append(f"{victims['value']} {victims.get('unit') or 'persons'} affected")
    if incident["cause"]:
        parts.append("cause: " + ", ".join(c["code"] for c in incident["cause"]))
    return "; ".join(parts) + "."


def _timeline(incident: dict[str, Any]) -> dict[str, int]:
    """VERIS requires a year: an undated incident takes the year of its first article (it happened no
    later), which the summary says."""
    date = incident["incident_date"] or min((a["date"] for a in incident["articles"] if a.get("date")), default=None)
    if not date:
        return {"year": 1950}  # the schema's minimum: nothing dates the incident
    keys = ("year", "month", "day") if incident["incident_date"] else ("year",)
    return {key: int(value) for key, value in zip(keys, date.split("-"), strict=False)}


def _actions(causes: list[str]) -> dict[str, Any]:
    found: dict[str, dict[str, list[str]]] = {}
    for code in causes:
        rule = mapping()["causes"].get(code, {})
        if "action" not in rule:
            continue
        action = found.setdefault(rule["action"], {"variety": [], "vector": []})
        _add(action["variety"], rule["variety"])
        _add(action["vector"], rule["vector"])
        if rule["action"] == "social":
            action.setdefault("target", ["Unknown"])
    return found or {"unknown": {"notes": "the articles do not say how"}}


def _actors(causes: list[str]) -> dict[str, Any]:
    found: dict[str, dict[str, list[str]]] = {}
    for code in causes:
        rule = mapping()["causes"].get(code, {})
        if "actor" not in rule:
            continue
        actor = found.setdefault(rule["actor"], {"motive": []})
        _add(actor["motive"], rule.get("motive", "Unknown"))
        if rule["actor"] in ("external", "internal"):
            _add(actor.setdefault("variety", []), "Unknown")
        if rule["actor"] == "partner":
            actor.setdefault("country", ["Unknown"])
    for actor in found.values():
        if len(actor["motive"]) > 1 and "Unknown" in actor["motive"]:
            actor["motive"].remove("Unknown")
    return found or {"unknown": {"notes": "the articles do not say who"}}


def _confidentiality(incident: dict[str, Any]) -> dict[str, Any]:
    varieties: list[str] = []
    for item in incident["data_types"]:
        _add(varieties, mapping()["data_types"].get(item["code"], "Other"))
    found: dict[str, Any] = {"data_disclosure": "Yes" if varieties or incident["victim_count"] else "Potentially"}
    if varieties:
        found["data"] = [{"variety": v} for v in varieties]
    if incident["victim_count"]:
        found["data_total"] = int(incident["victim_count"]["value"])
    return found


def _impact(penalties: list[dict[str, Any]]) -> dict[str, Any] | None:
    sanctions = [p for p in penalties if p["kind"] in SANCTIONS]
    currencies = {p["currency"] for p in sanctions}
    if not sanctions or len(currencies) != 1:
        return None
    variety = mapping()["penalties"]["loss_variety"]
    return {"overall_rating": "Unknown", "iso_currency_code": currencies.pop(),
            "overall_amount": float(sum(p["amount"] for p in sanctions)),
            "loss": [{"variety": variety, "amount": float(p["amount"])} for p in sanctions]}


def _add(values: list[str], value: str) -> None:
    if value not in values:
        values.append(value)


def export_veris(incidents_path: Path, out_dir: Path) -> int:
    """Write ``out_dir/<incident_id>.json`` for each incident; returns how many."""
    out_dir.mkdir(parents=True, exist_ok=True)
    count = 0
    for incident in read_jsonl(incidents_path):
        path = out_dir / f"{incident['incident_id']}.json"
        path.write_text(json.dumps(to_veris(incident), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        count += 1
    return count
