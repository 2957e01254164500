"""How well records were grouped into incidents, and whether merging beats single articles.

Gold incidents (``tests/incidents/incidents.jsonl``): ``{"incident_id", "articles": [doc_id...], "company":
[spellings], "incident_date", "victim_count", "data_types", "cause", "penalties"}`` in the SCHEMA gold
formats. The articles of gold incidents are the universe; an article the pipeline put in no incident
(not read as an incident) counts as alone.

- pairwise P/R/F1: pairs of articles put together, against the pairs that belong together;
- B-cubed P/R/F1: per article, the share of its predicted incident that is right and of its gold
  incident that was found, averaged;
- incident fields: each gold incident against the predicted incident holding most of its articles,
  scored field by field with the SCHEMA rules (pipeline.evaluate), beside the mean over its articles of
  each article's own record against the same incident truth.

    >>> gold = [{"incident_id": "g1", "articles": ["a", "b"]}, {"incident_id": "g2", "articles": ["c"]}]
    >>> pred = [{"incident_id": "p1", "articles": [{"doc_id": "a"}, {"doc_id": "b"}, {"doc_id": "c"}]}]
    >>> s = grouping_scores(gold, pred)
    >>> s["pairwise"]["precision"], s["pairwise"]["recall"], round(s["bcubed"]["precision"], 3)
    (0.3333, 1.0, 0.556)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import combinations
from typing import Any

from pipeline.evaluate import evaluate

INCIDENT_FIELDS = ("company", "incident_date", "victim_count", "data_types", "cause", "penalties")


def grouping_scores(gold: Sequence[dict[str, Any]], predicted: Sequence[dict[str, Any]]) -> dict[str, Any]:
    gold_of = {doc: g["incident_id"] for g in gold for doc in g["articles"]}
    pred_of = {a["doc_id"]: p["incident_id"] for p in predicted for a in p["articles"] if a["doc_id"] in gold_of}
    pred_of.update({doc: f"alone:{doc}" for doc in gold_of if doc not in pred_of})
    gold_pairs = _pairs(gold_of)
    pred_pairs = _pairs(pred_of)
    both = len(gold_pairs & pred_pairs)
    pairwise = _prf(both, len(pred_pairs), len(gold_pairs))
    gold_size, pred_size = Counter(gold_of.values()), Counter(pred_of.values())
    overlap = Counter((gold_of[d], pred_of[d]) for d in gold_of)
    precision = sum(overlap[(gold_of[d], pred_of[d])] / pred_size[pred_of[d]] for d in gold_of) / len(gold_of)
    recall = sum(overlap[(gold_of[d], pred_of[d])] / gold_size[gold_of[d]] for d in gold_of) / len(gold_of)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    stray = sorted(a["doc_id"] for p in predicted for a in p["articles"] if a["doc_id"] not in gold_of)
    return {"articles": len(gold_of), "gold_incidents": len(gold_size),
            "predicted_incidents": len(set(pred_of.values())),
            "pairwise": pairwise, "bcubed": {"precision": round(precision, 4), "recall": round(recall, 4),
                                             "f1": round(f1, 4)},
            "articles_in_no_gold_incident": stray}


def field_scores(gold: Sequence[dict[str, Any]], predicted: Sequence[dict[str, Any]],
                 records: Sequence[dict[str, Any]] | None = None) -> dict[str, dict[str, float]]:
    """Per field: the F1 of merged incidents against gold incidents, and (with ``records``) the mean F1 of
    the single articles against the same truth."""
    holder = {a["doc_id"]: p for p in predicted for a in p["articles"]}
    truths, merged = [], []
    for incident in gold:
        truths.append(_truth(incident, incident["incident_id"]))
        votes = Counter(holder[d]["incident_id"] for d in incident["articles"] if d in holder)
        best = next((p for p in predicted if votes and p["incident_id"] == votes.most_common(1)[0][0]), None)
        merged.append(_as_record(best, incident["incident_id"]))
    scores: dict[str, dict[str, float]] = {name: {} for name in INCIDENT_FIELDS}
    incident_level = evaluate(truths, merged)
    for name in INCIDENT_FIELDS:
        scores[name]["incident_f1"] = round(incident_level.fields[name].f1, 4)
    if records is not None:
        by_id = {r["doc_id"]: r for r in records if "doc_id" in r}
        per_article = [evaluate([_truth(i, doc)], [by_id.get(doc, {"doc_id": doc})])
                       for i in gold for doc in i["articles"]]
        for name in INCIDENT_FIELDS:
            scored = [e.fields[name] for e in per_article if e.fields[name].has_gold or e.fields[name].fp]
            scores[name]["article_mean_f1"] = round(sum(c.f1 for c in scored) / len(scored), 4) if scored else 0.0
    return scores


def _truth(incident: dict[str, Any], doc_id: str) -> dict[str, Any]:
    return {"doc_id": doc_id, **{name: incident.get(name) for name in INCIDENT_FIELDS}}


def _as_record(incident: dict[str, Any] | None, doc_id: str) -> dict[str, Any]:
    if incident is None:
        return {"doc_id": doc_id, "is_incident": False}
    return {"doc_id": doc_id, "is_incident": True, "company": incident["organisation"]["name"],
            "incident_date": incident["incident_date"], "victim_count": incident["victim_count"],
            "data_types": [c["code"] for c in incident["data_types"]], "cause": [c["code"] for c in incident["cause"]],
            "penalties": incident["penalties"]}


def _pairs(assignment: dict[str, str]) -> set[tuple[str, str]]:
    members: dict[str, list[str]] = {}
    for doc, cluster in assignment.items():
        members.setdefault(cluster, []).append(doc)
    return {tuple(sorted(pair)) for docs in members.values() for pair in combinations(docs, 2)}


def _prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    precision = tp / predicted if predicted else 1.0
    recall = tp / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def format_scores(grouping: dict[str, Any], fields: dict[str, dict[str, float]] | None) -> str:
    lines = [f"articles: {grouping['articles']} in {grouping['gold_incidents']} gold incidents, "
             f"{grouping['predicted_incidents']} predicted",
             "grouping        P      R     F1"]
    for name in ("pairwise", "bcubed"):
        s = grouping[name]
        lines.append(f"{name:<12} {s['precision']:.3f}  {s['recall']:.3f}  {s['f1']:.3f}")
    if grouping["articles_in_no_gold_incident"]:
        lines.append(f"articles grouped but in no gold incident: {len(grouping['articles_in_no_gold_incident'])}")
    if fields:
        lines.append("field           incident F1   mean article F1")
        for name, s in fields.items():
            article = s.get("article_mean_f1")
            lines.append(f"{name:<15} {s['incident_f1']:.3f}        {'-' if article is None else f'{article:.3f}'}")
    return "\n".join(lines)
