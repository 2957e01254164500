"""What the incident grouping reads of a record: a small, frozen view of one article.

    >>> m = Member.from_record({"doc_id": "a", "is_incident": True, "company": "Dalmor SA", "date": "2024-03-02",
    ...     "incident_date": "2024-02", "victim_count": {"value": 1200, "unit": "customers"},
    ...     "data_types": ["email"], "cause": [], "penalties": [], "source": {"url": "https://x.fr/a"}})
    >>> m.interval
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    >>> m.contributed
    ('company', 'incident_date', 'victim_count', 'data_types')
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from pipeline.normalize.text import fold

SANCTION_KINDS = ("fine", "settlement", "damages")
NAMES_READ_CHARS = 3000  # capitalised words are read in the title and the first characters of the text
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
MERGED_FIELDS = ("company", "incident_date", "victim_count", "data_types", "cause", "penalties")


@dataclass(frozen=True, slots=True)
class Member:
    doc_id: str
    company: str | None
    published: str | None
    url: str | None
    incident_date: str | None
    victim_count: int | None
    victim_unit: str | None
    data_types: tuple[str, ...]
    cause: tuple[str, ...]
    penalties: tuple[tuple[float, str, str, str | None], ...]  # amount, currency, kind, authority
    others: tuple[str, ...] = ()  # the other organisations the article names (record.companies)
    capitalised: frozenset[str] = field(default=frozenset(), compare=False)  # folded capitalised words of
    # the title and the start of the text: names the extractors did not keep, looked up by the grouping

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Member:
        victims = record.get("victim_count") or {}
        source = record.get("source") or {}
        return cls(
            doc_id=record["doc_id"], company=record.get("company"), published=record.get("date"),
            url=source.get("url"), incident_date=record.get("incident_date"),
            victim_count=victims.get("value") if isinstance(victims, dict) else victims,
            victim_unit=victims.get("unit") if isinstance(victims, dict) else None,
            data_types=tuple(record.get("data_types") or ()), cause=tuple(record.get("cause") or ()),
            penalties=tuple((float(p["amount"]), p["currency"], p.get("kind") or "fine", p.get("authority"))
                            for p in record.get("penalties") or ()),
            others=tuple(c for c in record.get("companies") or () if c != record.get("company")),
            capitalised=capitalised_words(
                (source.get("title") or "") + "\n" + (record.get("text") or "")[:NAMES_READ_CHARS]))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Member:
        return cls(**{**data, "data_types": tuple(data["data_types"]), "cause": tuple(data["cause"]),
                      "penalties": tuple(tuple(p) for p in data["penalties"]), "others": tuple(data.get("others", ()))})

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k != "capitalised"}

    @property
    def interval(self) -> tuple[dt.date, dt.date] | None:
        return date_interval(self.incident_date)

    @property
    def sanction(self) -> bool:
        """The article reports a sanction (a fine, settlement or damages), often long after the breach."""
        return any(kind in SANCTION_KINDS for _, _, kind, _ in self.penalties)

    @property
    def contributed(self) -> tuple[str, ...]:
        values = {"company": self.company, "incident_date": self.incident_date, "victim_count": self.victim_count,
                  "data_types": self.data_types, "cause": self.cause, "penalties": self.penalties}
        return tuple(name for name in MERGED_FIELDS if values[name])


def date_interval(value: str | None) -> tuple[dt.date, dt.date] | None:
    """The days an ISO date at its precision covers ("2024" -> the whole year)."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 1:
            return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            last = calendar.monthrange(parts[0], parts[1])[1]
            return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], last)
        day = dt.date(parts[0], parts[1], parts[2])
        return day, day
    except (ValueError, IndexError):
        return None


def published_day(value: str | None) -> dt.date | None:
    interval = date_interval(value)
    return interval[1] if interval else None


def capitalised_words(text: str) -> frozenset[str]:
    """Folded words written with a capital, their parts split on hyphens and apostrophes included
    ("Val-d'Arnon" -> "val-d'arnon", "val", "arnon").

    >>> sorted(capitalised_words("Le CHIVA du Val-d'Arnon a été attaqué."))
    ['arnon', 'chiva', 'le', 'val', "val-d'arnon"]
    """
    found: set[str] = set()
    for word in _WORD.findall(text):
        if word[:1].isupper():
            folded = fold(word).strip(".")
            found.add(folded)
            found.update(part for part in re.split(r"[-'’]", folded) if len(part) > 1)
    return frozenset(found)
