"""Evidence spans of a record cut into highlightable segments of its text (used by the report and the review).

Only spans into ``text`` count: spans whose ``ref`` names another source (title, metadata, byline) and
spans whose offsets do not match their text are left out. Overlapping spans give segments that carry
every field covering them, in the order of ``FIELD_ORDER``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

FIELD_ORDER = ("company", "companies", "date", "incident_date", "data_types", "victim_count", "cause",
               "penalties", "is_incident", "keep", "drop")
COLOURS = {
    "company": "#f4a261", "companies": "#f6c28b", "date": "#90caf9", "incident_date": "#64b5f6",
    "data_types": "#a5d6a7", "victim_count": "#ffd54f", "cause": "#ce93d8", "penalties": "#ef9a9a",
    "is_incident": "#b0bec5", "keep": "#80cbc4", "drop": "#bcaaa4",
}


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    field: str
    value: Any = None


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    text: str
    fields: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "fields": list(self.fields)}


def evidence_spans(record: dict[str, Any]) -> list[Span]:
    """The record's evidence spans that point into its ``text``."""
    text = record.get("text") or ""
    spans = []
    for name, items in (record.get("evidence") or {}).items():
        for item in items or []:
            if not isinstance(item, dict) or item.get("ref") not in (None, "text"):
                continue
            start, end = item.get("start"), item.get("end")
            if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
                continue
            if item.get("text") is not None and text[start:end] != item["text"]:
                continue
            spans.append(Span(start, end, name, item.get("value")))
    return spans


def phrase_spans(text: str, phrases: Iterable[str], name: str) -> list[Span]:
    """Every occurrence of each phrase in ``text`` (exact match) as a span of field ``name``."""
    spans = []
    for phrase in phrases:
        if not phrase:
            continue
        start = text.find(phrase)
        while start >= 0:
            spans.append(Span(start, start + len(phrase), name))
            start = text.find(phrase, start + 1)
    return spans


def segment(text: str, spans: Iterable[Span]) -> list[Segment]:
    """``text`` cut at every span boundary; each piece lists the fields whose spans cover it."""
    spans = list(spans)
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    rank = {name: i for i, name in enumerate(FIELD_ORDER)}
    segments = []
    for start, end in itertools.pairwise(cuts):
        if start == end:
            continue
        fields = sorted({s.field for s in spans if s.start <= start and end <= s.end},
                        key=lambda name: (rank.get(name, len(rank)), name))
        segments.append(Segment(start, end, text[start:end], tuple(fields)))
    return segments
