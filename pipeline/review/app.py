"""The review web application (Flask): one page, a small JSON API, every failure a message in the page.

Routes: ``/`` the page; ``/api/docs?filter=all|incidents|no_gold|errors`` the document list;
``/api/doc?id=DOC`` one document (text segments with evidence, prediction, gold, errors);
``POST /api/gold?id=DOC`` saves a gold object (see :mod:`pipeline.review.labels`, :mod:`pipeline.review.store`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from pipeline.record import CAUSES, DATA_TYPES, UNITS
from pipeline.report.spans import COLOURS, evidence_spans, phrase_spans, segment
from pipeline.review.labels import check_gold, gold_errors, prediction_to_gold
from pipeline.review.records import RecordSet, load_records
from pipeline.review.store import GoldStore

log = logging.getLogger(__name__)

FILTERS = ("all", "incidents", "no_gold", "errors")
PREDICTED = ("is_incident", "company", "companies", "date", "incident_date", "data_types", "victim_count", "cause",
             "penalties")


class ReviewError(Exception):
    """A problem the page shows as a message (unknown doc_id, bad label...)."""

    def __init__(self, message: str, status: int = 400, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message, self.status, self.problems = message, status, problems or []


def create_app(records_path: Path, gold_path: Path) -> Flask:
    """The review app for one records file and one gold file (records are read once, gold at every request)."""
    app = Flask(__name__)
    app.config.update(JSON_SORT_KEYS=False)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    records = load_records(records_path)
    store = GoldStore(gold_path)
    _routes(app, records, store)
    _error_handlers(app)
    return app


def _routes(app: Flask, records: RecordSet, store: GoldStore) -> None:
    @app.get("/")
    def page() -> str:
        config = {"data_types": DATA_TYPES, "causes": CAUSES, "units": UNITS, "colours": COLOURS,
                  "filters": FILTERS}
        return render_template("review.html", config=config, records_path=str(records.path),
                               gold_path=str(store.path))

    @app.get("/api/docs")
    def documents() -> Any:
        wanted = request.args.get("filter", "all")
        if wanted not in FILTERS:
            raise ReviewError(f"unknown filter {wanted!r} (one of {', '.join(FILTERS)})")
        gold = store.gold_by_id()
        rows = []
        for doc_id, record in records.records.items():
            row = _summary(record, gold.get(doc_id))
            if _passes(wanted, row):
                rows.append(row)
        broken = [{"line": line.number, "problem": line.problem, "text": line.raw[:300]} for line in store.broken()]
        unknown = sorted(set(gold) - set(records.records))
        return jsonify({"documents": rows, "total": len(records.records), "problems": records.problems,
                        "broken_gold": broken, "gold_not_in_records": unknown[:50],
                        "gold_not_in_records_count": len(unknown)})

    @app.get("/api/doc")
    def document() -> Any:
        record = _record(records, request.args.get("id", ""))
        gold = store.gold_by_id().get(record["doc_id"])
        return jsonify(_document(record, gold))

    @app.post("/api/gold")
    def save() -> Any:
        record = _record(records, request.args.get("id", ""))
        data = request.get_json(silent=True)
        if data is None:
            raise ReviewError("the request body is not a JSON gold object")
        checked = check_gold(data, record["doc_id"])
        if not checked.ok:
            raise ReviewError("the label was not saved: " + "; ".join(checked.problems), problems=checked.problems)
        result = store.save(checked.gold)
        return jsonify({"saved": True, "doc_id": result.doc_id, "line": result.line, "replaced": result.replaced,
                        "total_lines": result.total_lines, "gold": checked.gold,
                        "errors": gold_errors(checked.gold, record)})


def _record(records: RecordSet, doc_id: str) -> dict[str, Any]:
    if not doc_id:
        raise ReviewError("no doc_id given")
    record = records.records.get(doc_id)
    if record is None:
        raise ReviewError(f"unknown doc_id {doc_id!r}: no record with this id in {records.path}", status=404)
    return record


def _summary(record: dict[str, Any], gold: dict[str, Any] | None) -> dict[str, Any]:
    source = record.get("source") or {}
    incident = gold.get("is_incident") if gold is not None and "is_incident" in gold else record.get("is_incident")
    return {"doc_id": record["doc_id"], "title": source.get("title") or "", "is_incident": bool(incident),
            "has_gold": gold is not None, "errors": len(gold_errors(gold, record))}


def _passes(wanted: str, row: dict[str, Any]) -> bool:
    if wanted == "incidents":
        return row["is_incident"]
    if wanted == "no_gold":
        return not row["has_gold"]
    if wanted == "errors":
        return row["has_gold"] and row["errors"] > 0
    return True


def _document(record: dict[str, Any], gold: dict[str, Any] | None) -> dict[str, Any]:
    text = record.get("text") or ""
    spans = evidence_spans(record)
    if gold is not None:
        spans += phrase_spans(text, gold.get("keep") or [], "keep") + phrase_spans(text, gold.get("drop") or [], "drop")
    source = record.get("source") or {}
    return {
        "doc_id": record["doc_id"],
        "title": source.get("title") or "",
        "url": source.get("url") or "",
        "path": source.get("path") or "",
        "text": text,
        "segments": [s.as_dict() for s in segment(text, spans)],
        "prediction": {name: record.get(name) for name in PREDICTED},
        "suggested": prediction_to_gold(record, gold),
        "gold": gold,
        "errors": gold_errors(gold, record),
    }


def _error_handlers(app: Flask) -> None:
    @app.errorhandler(ReviewError)
    def review_error(error: ReviewError) -> Any:
        return jsonify({"error": error.message, "problems": error.problems}), error.status

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        return jsonify({"error": f"{error.code} {error.name}: {error.description}"}), error.code or 500

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Any:
        log.exception("review request failed")
        return jsonify({"error": f"the server could not do this ({type(error).__name__}: {error}); "
                                 "see the server log"}), 500
