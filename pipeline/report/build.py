"""What the HTML report shows, computed from evaluate's results: sets, per-code counts, documents with errors."""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.evaluate import FIELDS, Counts, Evaluation
from pipeline.report.spans import Segment, Span, evidence_spans, phrase_spans, segment

log = logging.getLogger(__name__)

CODE_FIELDS = ("data_types", "cause")
BOILERPLATE_FIELDS = ("keep", "drop")


@dataclass(frozen=True, slots=True)
class CodeResult:
    """How one code of ``data_types`` or ``cause`` fared: found, missed (FN), invented (FP)."""

    code: str
    tp: int
    fp: int
    fn: int

    @property
    def counts(self) -> Counts:
        return Counts(self.tp, self.fp, self.fn)


@dataclass(slots=True)
class ErrorDocument:
    """A document with at least one error: its text cut into highlighted segments and its errors."""

    doc_id: str
    title: str
    url: str
    has_record: bool
    segments: list[Segment]
    errors: list[dict[str, Any]]

    @property
    def fields(self) -> list[str]:
        return list(dict.fromkeys(error["field"] for error in self.errors))


@dataclass(slots=True)
class EvalSet:
    """One scored set (or an earlier metrics JSON, which has figures but no documents)."""

    title: str
    metrics: dict[str, Any]
    per_code: dict[str, list[CodeResult]] = field(default_factory=dict)
    documents: list[ErrorDocument] = field(default_factory=list)
    show_errors: bool = True
    previous: bool = False

    @classmethod
    def from_evaluation(cls, title: str, gold: list[dict[str, Any]], records: list[dict[str, Any]],
                        evaluation: Evaluation, show_errors: bool = True) -> EvalSet:
        metrics = evaluation.metrics()
        if evaluation.html_baseline is not None:
            base = evaluation.html_baseline
            metrics["boilerplate"]["trafilatura_default"] = {"keep_recall": round(base.keep_recall, 4),
                                                             "drop_rate": round(base.drop_rate, 4)}
        by_id = {record["doc_id"]: record for record in records}
        return cls(title=title, metrics=metrics,
                   per_code={name: code_results(name, gold, by_id) for name in CODE_FIELDS},
                   documents=error_documents(evaluation.errors, gold, by_id) if show_errors else [],
                   show_errors=show_errors)

    @property
    def error_count(self) -> int:
        return len(self.metrics.get("errors") or [])


def load_previous(path: Path) -> list[EvalSet]:
    """The sets of a metrics JSON written by ``evaluate --json`` (one object, or a list for several sets)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    items = data if isinstance(data, list) else [data]
    name = Path(path).stem
    return [EvalSet(title=f"{name} (earlier)" if len(items) == 1 else f"{name} #{i + 1} (earlier)",
                    metrics=item, show_errors=False, previous=True)
            for i, item in enumerate(items) if isinstance(item, dict) and "fields" in item]


def code_results(name: str, gold: list[dict[str, Any]], by_id: dict[str, dict[str, Any]]) -> list[CodeResult]:
    """Per-code TP/FP/FN of a set-valued field, over the documents whose gold scores it (as evaluate does)."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for item in gold:
        if name not in item:
            continue
        gold_codes = {str(code) for code in item[name] or []}
        pred_codes = {str(code) for code in (by_id.get(item["doc_id"]) or {}).get(name) or []}
        for code in gold_codes & pred_codes:
            tally[code][0] += 1
        for code in pred_codes - gold_codes:
            tally[code][1] += 1
        for code in gold_codes - pred_codes:
            tally[code][2] += 1
    return [CodeResult(code, *counts) for code, counts in sorted(tally.items())]


def error_documents(errors: list[dict[str, Any]], gold: list[dict[str, Any]],
                    by_id: dict[str, dict[str, Any]]) -> list[ErrorDocument]:
    """Documents with errors, in gold order, with the evidence of their wrong fields highlighted."""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for error in errors:
        grouped[error["doc_id"]].append(error)
    documents = []
    for item in gold:
        doc_errors = grouped.pop(item["doc_id"], None)
        if doc_errors:
            documents.append(_error_document(item, by_id.get(item["doc_id"]), doc_errors))
    return documents


def _error_document(gold: dict[str, Any], record: dict[str, Any] | None,
                    errors: list[dict[str, Any]]) -> ErrorDocument:
    if record is None:
        return ErrorDocument(gold["doc_id"], "", "", False, [], errors)
    text = record.get("text") or ""
    wrong = {error["field"] for error in errors}
    spans: list[Span] = [span for span in evidence_spans(record) if span.field in wrong]
    if "drop" in wrong:
        spans += phrase_spans(text, [e["gold"] for e in errors if e["field"] == "drop"], "drop")
    source = record.get("source") or {}
    return ErrorDocument(gold["doc_id"], source.get("title") or "", source.get("url") or "", True,
                         segment(text, spans), errors)


def field_rows(sets: list[EvalSet]) -> list[dict[str, Any]]:
    """One row per (set, field, metric) for the P/R/F1 chart."""
    rows = []
    for item in sets:
        for name in FIELDS:
            figures = item.metrics["fields"].get(name)
            if not figures:
                continue
            for metric, key in (("precision", "precision"), ("recall", "recall"), ("F1", "f1")):
                rows.append({"set": item.title, "field": name, "metric": metric, "value": figures[key]})
    return rows


def build_report(sets: list[EvalSet], previous: list[EvalSet] | None = None) -> dict[str, Any]:
    """The template context: every set (earlier ones last), tables and charts."""
    from pipeline.report.charts import boilerplate_chart, code_chart, fields_chart

    every = [*sets, *(previous or [])]
    return {
        "sets": every,
        "current": sets,
        "fields": FIELDS,
        "fields_chart": fields_chart(field_rows(every)),
        "boilerplate_chart": boilerplate_chart(every),
        "code_charts": {(item.title, name): code_chart(item.per_code[name], f"{name} · {item.title}")
                        for item in sets for name in CODE_FIELDS if item.per_code.get(name)},
        "code_fields": CODE_FIELDS,
    }
