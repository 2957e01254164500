"""``cause``: why the incident happened (SCHEMA codes).

Cause phrases (patterns/causes.jsonl) vote for their code: a strong phrase ("erreur humaine",
"rançongiciel") carries a full vote, a ``weak`` one ("erreur", "prestataire") a fraction; phrases in the
title and the lead count more. Phrases in risk talk ("méfiez-vous des tentatives d'hameçonnage"),
advice, fiction, another incident, or under a negation do not vote. ``ransomware`` and ``phishing``
imply ``cyberattack`` (SCHEMA rule).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.extract.context import DocContext
from pipeline.record import CAUSES, Evidence

STRONG, WEAK = 1.0, 0.4
LEAD_FACTOR = 1.5
IMPLIES = {"ransomware": "cyberattack", "phishing": "cyberattack"}
MUTED_BY = ("RISK", "ADVICE", "FICTION", "OTHER_INCIDENT")


@dataclass(frozen=True, slots=True)
class CauseResult:
    values: list[str]
    evidence: list[Evidence]


def extract_cause(ctx: DocContext, min_score: float) -> CauseResult:
    votes: dict[str, float] = {}
    evidence: dict[str, list[Evidence]] = {}
    for span in ctx.spans("causes"):
        code = span.label_
        if code not in CAUSES:
            continue
        index = ctx.sentence_index(span)
        if ctx.has_cue(index, *MUTED_BY) or ctx.is_negated(span):
            continue
        weight = WEAK if span.id_ == "weak" else STRONG
        if ctx.in_lead(span):
            weight *= LEAD_FACTOR
        votes[code] = votes.get(code, 0.0) + weight
        evidence.setdefault(code, []).append(ctx.evidence(span, code))
    chosen = {code for code, vote in votes.items() if vote >= min_score}
    for code, implied in IMPLIES.items():
        if code in chosen:
            chosen.add(implied)
            evidence.setdefault(implied, evidence.get(code, []))
    values = [code for code in CAUSES if code in chosen]
    return CauseResult(values, [e for code in values for e in evidence.get(code, [])[:2]])
