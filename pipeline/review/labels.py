"""Gold objects of ../shared/SCHEMA.md as the review page edits them: from a prediction, checked, compared.

The page sends a gold object; :func:`check_gold` returns it in SCHEMA's field order with plain messages
for anything wrong (an unknown code, a malformed date, a negative count...), never an exception. The
victim count's unit, which SCHEMA's gold does not score, is kept beside it as ``victim_unit``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.evaluate import evaluate
from pipeline.record import CAUSES, DATA_TYPES, UNITS

GOLD_ORDER = ("doc_id", "is_incident", "company", "date", "incident_date", "data_types", "victim_count",
              "victim_unit", "cause", "penalties", "keep", "drop")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(slots=True)
class Checked:
    gold: dict[str, Any]
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def prediction_to_gold(record: dict[str, Any], current: dict[str, Any] | None = None) -> dict[str, Any]:
    """The gold object that says "the prediction is right"; keep/drop phrases of ``current`` are kept."""
    count = record.get("victim_count")
    gold: dict[str, Any] = {
        "doc_id": record["doc_id"],
        "is_incident": bool(record.get("is_incident")),
        "company": [record["company"]] if record.get("company") else [],
        "date": record.get("date"),
        "incident_date": record.get("incident_date"),
        "data_types": list(record.get("data_types") or []),
        "victim_count": count.get("value") if isinstance(count, dict) else count,
        "cause": list(record.get("cause") or []),
        "penalties": [[p.get("amount"), p.get("currency")] for p in record.get("penalties") or []
                      if isinstance(p, dict)],
        "keep": list((current or {}).get("keep") or []),
        "drop": list((current or {}).get("drop") or []),
    }
    if isinstance(count, dict) and count.get("unit") and gold["victim_count"] is not None:
        gold["victim_unit"] = count["unit"]
    return ordered(gold)


def ordered(gold: dict[str, Any]) -> dict[str, Any]:
    """SCHEMA's field order first, any other key after, in its own order."""
    head = {key: gold[key] for key in GOLD_ORDER if key in gold}
    return head | {key: value for key, value in gold.items() if key not in head}


def check_gold(data: Any, doc_id: str) -> Checked:
    """``data`` as a gold object for ``doc_id``, with a message for each value that cannot be one."""
    if not isinstance(data, dict):
        return Checked({}, ["the gold label must be a JSON object"])
    checked = Checked({"doc_id": doc_id})
    if data.get("doc_id", doc_id) != doc_id:
        checked.problems.append(f"doc_id {data.get('doc_id')!r} does not match the document {doc_id!r}")
    for name, value in data.items():
        if name == "doc_id":
            continue
        checker = _CHECKERS.get(name)
        if checker is None:
            checked.gold[name] = value  # extra keys are not scored; keep them
            continue
        try:
            checked.gold[name] = checker(value)
        except ValueError as error:
            checked.problems.append(f"{name}: {error}")
    if checked.gold.get("victim_count") is None:
        checked.gold.pop("victim_unit", None)
    checked.gold = ordered(checked.gold)
    return checked


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, not {value!r}")
    return value


def _strings(value: Any, what: str = "text") -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"must be a list of {what}")
    seen: list[str] = []
    for item in (" ".join(v.split()) for v in value):
        if item and item not in seen:
            seen.append(item)
    return seen


def _codes(allowed: tuple[str, ...]):
    def check(value: Any) -> list[str]:
        codes = _strings(value, "codes")
        unknown = [code for code in codes if code not in allowed]
        if unknown:
            raise ValueError(f"unknown code {', '.join(unknown)} (allowed: {', '.join(allowed)})")
        return codes
    return check


def check_date(value: Any) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a real month and day), or null."""
    if value in (None, ""):
        return None
    match = DATE.match(str(value).strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"{value!r} is not a date YYYY, YYYY-MM or YYYY-MM-DD")
    _, month, day = match.groups()
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"{value!r} has no month {month}")
    if day is not None and not 1 <= int(day) <= DAYS_IN_MONTH[int(month) - 1]:
        raise ValueError(f"{value!r} has no day {day} in month {month}")
    return match.group(0)


def _count(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"must be a whole number, not {value!r}")
    try:
        number = float(str(value).replace(" ", "").replace("\u202f", ""))
    except ValueError:
        raise ValueError(f"{value!r} is not a number") from None
    if not math.isfinite(number) or number < 0 or not number.is_integer():
        raise ValueError(f"{value!r} is not a whole number of at least 0")
    return int(number)


def _unit(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if value not in UNITS:
        raise ValueError(f"unknown unit {value!r} (allowed: {', '.join(UNITS)})")
    return value


def _penalties(value: Any) -> list[list[Any]]:
    if not isinstance(value, list):
        raise ValueError("must be a list of [amount, currency] rows")
    rows = []
    for number, row in enumerate(value, start=1):
        if not isinstance(row, list | tuple) or len(row) < 2:
            raise ValueError(f"row {number} must be [amount, currency]")
        amount, currency = row[0], str(row[1] or "").strip().upper()
        try:
            figure = float(amount)
        except (TypeError, ValueError):
            raise ValueError(f"row {number}: amount {amount!r} is not a number") from None
        if not math.isfinite(figure) or figure <= 0:
            raise ValueError(f"row {number}: amount must be above 0")
        if not CURRENCY.match(currency):
            raise ValueError(f"row {number}: currency {row[1]!r} is not an ISO 4217 code such as EUR")
        rows.append([int(figure) if figure.is_integer() else figure, currency])
    return rows


_CHECKERS = {
    "is_incident": _bool,
    "company": lambda value: _strings(value, "spellings"),
    "date": check_date,
    "incident_date": check_date,
    "data_types": _codes(DATA_TYPES),
    "cause": _codes(CAUSES),
    "victim_count": _count,
    "victim_unit": _unit,
    "penalties": _penalties,
    "keep": _strings,
    "drop": _strings,
}


def gold_errors(gold: dict[str, Any] | None, record: dict[str, Any]) -> list[dict[str, Any]]:
    """The errors of ``record`` against ``gold`` by evaluate's own rules (none without gold)."""
    if gold is None:
        return []
    return evaluate([gold], [record]).errors
