"""Scoring of records against gold labels, exactly as ../shared/SCHEMA.md defines it.

- single-valued fields (company, date, incident_date, victim_count): a correct prediction is a TP, a
  wrong one a FP and a FN, a missing one a FN, a prediction where gold is null/[] a FP;
- set-valued fields (data_types, cause, penalties): micro-averaged over (document, item) pairs; a
  penalty item is (amount, currency);
- is_incident: P/R/F1 of the ``true`` class;
- boilerplate: keep-recall and drop-rate of the gold snippets in the record ``text``;
- a field absent from a gold object is not scored for that document; a gold document without a
  record counts every gold value as missed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.normalize.names import name_key
from pipeline.normalize.text import collapse_spaces

FIELDS = ("company", "date", "incident_date", "victim_count", "data_types", "cause", "penalties", "is_incident")
SINGLE = ("company", "date", "incident_date", "victim_count")
SETS = ("data_types", "cause", "penalties")


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def has_gold(self) -> bool:
        return self.tp + self.fn > 0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass(slots=True)
class Evaluation:
    documents: int = 0
    fields: dict[str, Counts] = field(default_factory=lambda: {name: Counts() for name in FIELDS})
    scored: dict[str, int] = field(default_factory=lambda: {name: 0 for name in FIELDS})
    keep_total: int = 0
    keep_found: int = 0
    drop_total: int = 0
    drop_removed: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    by_format: dict[str, list[int]] = field(default_factory=dict)  # format -> keep found/total, drop removed/total
    html_baseline: Evaluation | None = None  # trafilatura's default extraction scored on the same HTML pages

    @property
    def macro_f1(self) -> float:
        scores = [c.f1 for c in self.fields.values() if c.has_gold]
        return sum(scores) / len(scores) if scores else 0.0

    @property
    def keep_recall(self) -> float:
        return self.keep_found / self.keep_total if self.keep_total else 1.0

    @property
    def drop_rate(self) -> float:
        return self.drop_removed / self.drop_total if self.drop_total else 1.0

    def metrics(self) -> dict[str, Any]:
        """The metrics JSON of SCHEMA.md."""
        return {
            "documents": self.documents,
            "fields": {name: counts.as_dict() for name, counts in self.fields.items()},
            "macro_f1": round(self.macro_f1, 4),
            "boilerplate": {"keep_recall": round(self.keep_recall, 4), "drop_rate": round(self.drop_rate, 4),
                            "keep_total": self.keep_total, "drop_total": self.drop_total,
                            "by_format": {fmt: _boilerplate_figures(counts) for fmt, counts in self.by_format.items()}},
            "errors": self.errors,
        }


def _boilerplate_figures(counts: list[int]) -> dict[str, float | int]:
    keep_found, keep_total, drop_removed, drop_total = counts
    return {"keep_recall": round(keep_found / keep_total, 4) if keep_total else 1.0,
            "drop_rate": round(drop_removed / drop_total, 4) if drop_total else 1.0,
            "keep_total": keep_total, "drop_total": drop_total}


def html_baseline(gold: Iterable[dict[str, Any]], pages: Path) -> Evaluation:
    """Boilerplate figures of trafilatura's default extraction on the HTML pages under ``pages`` that have gold
    (the reference every HTML set is compared with)."""
    from pipeline.boilerplate.html import trafilatura_default

    wanted = {item["doc_id"]: item for item in gold}
    records = []
    for path in sorted(pages.rglob("*.htm*")):
        if path.stem in wanted:
            text = trafilatura_default(path.read_text(encoding="utf-8", errors="replace"))
            records.append({"doc_id": path.stem, "text": text, "source": {"path": str(path)}})
    found = {record["doc_id"] for record in records}
    return evaluate([wanted[doc_id] for doc_id in sorted(found)], records)


def page_format(record: dict[str, Any] | None) -> str:
    """html, text or jsonl: the kind of input a record came from (its source path, by the readers' format
    table; the pages of a WARC file are HTML)."""
    from pipeline.readers import input_format

    found = input_format(Path(str(((record or {}).get("source") or {}).get("path") or "")))
    if found is None:
        return "other"
    return "html" if found.name == "warc" else found.name


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def evaluate(gold: Iterable[dict[str, Any]], records: Iterable[dict[str, Any]]) -> Evaluation:
    """Score ``records`` (dicts as written to records.jsonl) against ``gold`` objects."""
    by_id = {record["doc_id"]: record for record in records}
    result = Evaluation()
    for item in gold:
        result.documents += 1
        record = by_id.get(item["doc_id"])
        for name in FIELDS:
            if name in item:
                result.scored[name] += 1
                _score_field(result, item["doc_id"], name, item[name], record)
        _score_boilerplate(result, item, record)
    return result


def _score_field(result: Evaluation, doc_id: str, name: str, gold: Any, record: dict[str, Any] | None) -> None:
    counts = result.fields[name]
    predicted = _predicted(name, record)
    if name in SINGLE:
        gold_value = None if gold in (None, []) else gold
        if gold_value is None and predicted is None:
            return
        if gold_value is not None and predicted is not None and single_match(name, gold_value, predicted):
            counts.tp += 1
            return
        if predicted is not None:
            counts.fp += 1
        if gold_value is not None:
            counts.fn += 1
        result.errors.append({"doc_id": doc_id, "field": name, "gold": gold, "predicted": predicted})
    elif name in SETS:
        gold_set = _as_set(name, gold or [])
        pred_set = _as_set(name, predicted or [])
        counts.tp += len(gold_set & pred_set)
        counts.fp += len(pred_set - gold_set)
        counts.fn += len(gold_set - pred_set)
        if gold_set != pred_set:
            result.errors.append({"doc_id": doc_id, "field": name, "gold": _listed(gold_set),
                                  "predicted": _listed(pred_set), "missing": _listed(gold_set - pred_set),
                                  "extra": _listed(pred_set - gold_set)})
    else:  # is_incident
        gold_true, pred_true = bool(gold), bool(predicted)
        if gold_true and pred_true:
            counts.tp += 1
        elif gold_true or pred_true:
            counts.fp += pred_true
            counts.fn += gold_true
            result.errors.append({"doc_id": doc_id, "field": name, "gold": gold, "predicted": predicted})


def _predicted(name: str, record: dict[str, Any] | None) -> Any:
    if record is None:
        return None
    value = record.get(name)
    if name == "victim_count" and isinstance(value, dict):
        return value.get("value")
    if name == "penalties" and value:
        return [[p.get("amount"), p.get("currency")] for p in value if isinstance(p, dict)]
    return value


def single_match(name: str, gold: Any, predicted: Any) -> bool:
    """A predicted single value is the gold one, by SCHEMA's rules (name folding, date precision)."""
    if gold is None or predicted is None:
        return False
    if name == "company":
        spellings = gold if isinstance(gold, list) else [gold]
        return name_key(str(predicted)) in {name_key(str(s)) for s in spellings}
    if name in ("date", "incident_date"):
        return str(predicted)[: len(str(gold))] == str(gold)
    try:
        return int(predicted) == int(gold)
    except (TypeError, ValueError):
        return False


def _as_set(name: str, values: Iterable[Any]) -> set[Any]:
    if name == "penalties":
        items = set()
        for value in values:
            amount, currency = value[0], value[1]
            items.add((_amount(amount), str(currency).upper()))
        return items
    return {str(v) for v in values}


def _amount(value: Any) -> float | int:
    number = float(value)
    return int(number) if number.is_integer() else round(number, 6)


def _listed(items: set[Any]) -> list[Any]:
    return sorted(([list(i) for i in items] if items and isinstance(next(iter(items)), tuple) else items),
                  key=str)


def _score_boilerplate(result: Evaluation, gold: dict[str, Any], record: dict[str, Any] | None) -> None:
    text = collapse_spaces(record.get("text", "")) if record else None
    counts = result.by_format.setdefault(page_format(record), [0, 0, 0, 0])
    for phrase in gold.get("keep", []):
        result.keep_total += 1
        counts[1] += 1
        if text is not None and collapse_spaces(phrase) in text:
            result.keep_found += 1
            counts[0] += 1
        else:
            result.errors.append({"doc_id": gold["doc_id"], "field": "keep", "gold": phrase, "predicted": None})
    for phrase in gold.get("drop", []):
        result.drop_total += 1
        counts[3] += 1
        if text is not None and collapse_spaces(phrase) not in text:
            result.drop_removed += 1
            counts[2] += 1
        else:
            result.errors.append({"doc_id": gold["doc_id"], "field": "drop", "gold": phrase,
                                  "predicted": "present" if text is not None else None})


def format_report(evaluation: Evaluation, title: str | None = None, show_errors: bool = True) -> str:
    """A human-readable table per field, the macro-F1, boilerplate figures and every error."""
    lines = []
    if title:
        lines += [title, "=" * len(title)]
    lines.append(f"documents: {evaluation.documents}")
    lines.append(f"{'field':<15}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}  scored")
    for name, counts in evaluation.fields.items():
        marker = "" if counts.has_gold else "  (no gold positives)"
        lines.append(f"{name:<15}{counts.precision:>7.3f}{counts.recall:>7.3f}{counts.f1:>7.3f}"
                     f"{counts.tp:>6}{counts.fp:>6}{counts.fn:>6}  {evaluation.scored[name]}{marker}")
    lines.append(f"macro-F1: {evaluation.macro_f1:.3f}")
    lines.append(f"boilerplate: keep-recall {evaluation.keep_recall:.3f} ({evaluation.keep_found}/"
                 f"{evaluation.keep_total}), drop-rate {evaluation.drop_rate:.3f} "
                 f"({evaluation.drop_removed}/{evaluation.drop_total})")
    for fmt, counts in sorted(evaluation.by_format.items()):
        if counts[1] or counts[3]:
            figures = _boilerplate_figures(counts)
            line = (f"  {fmt:<6} keep-recall {figures['keep_recall']:.3f} ({counts[0]}/{counts[1]}), "
                    f"drop-rate {figures['drop_rate']:.3f} ({counts[2]}/{counts[3]})")
            if fmt == "html" and evaluation.html_baseline is not None:
                base = evaluation.html_baseline
                line += f"   | trafilatura default: keep-recall {base.keep_recall:.3f}, drop-rate {base.drop_rate:.3f}"
            lines.append(line)
    if show_errors:
        lines.append(f"errors ({len(evaluation.errors)}):")
        for error in evaluation.errors:
            gold = json.dumps(error["gold"], ensure_ascii=False)
            predicted = json.dumps(error["predicted"], ensure_ascii=False)
            lines.append(f"  {error['doc_id']:<40} {error['field']:<14} gold={gold}  predicted={predicted}")
    return "\n".join(lines)
