"""``is_incident``: does the page report a concrete incident, leak, unlawful processing or sanction?

A weighted count of cues: incident and sanction words weigh most in the title and the lead; advice,
definition and fiction cues in the title or lead (how-to pages, explainers, exercises) weigh against.
Unrelated news has few cues at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.extract.context import DocContext
from pipeline.record import Evidence

EVENT = ("INCIDENT", "SANCTION")
WEIGHTS = {
    "title_event": 2.0,  # per incident/sanction cue in the title (capped)
    "lead_event": 1.0,  # per cue in the lead sentences (capped)
    "body_event": 0.25,  # per cue elsewhere (capped)
    "topic": 0.15,  # data-protection vocabulary (capped)
    "title_advice": -3.0,  # advice or definition wording in the title
    "lead_advice": -1.0,
    "fiction": -2.5,  # per fiction cue ("imaginons", "exercice de crise") anywhere, capped
}
CAPS = {"title_event": 3, "lead_event": 4, "body_event": 16, "topic": 10, "fiction": 3}


@dataclass(frozen=True, slots=True)
class IncidentResult:
    value: bool
    score: float
    evidence: list[Evidence]


def extract_is_incident(ctx: DocContext, threshold: float) -> IncidentResult:
    title, lead = ctx.title_indices, ctx.lead_indices
    body = [i for i in range(len(ctx.sentences)) if i not in title and i not in lead]
    counts = {
        "title_event": ctx.cue_count(title, *EVENT),
        "lead_event": ctx.cue_count(lead, *EVENT),
        "body_event": ctx.cue_count(body, *EVENT),
        "topic": ctx.cue_count(range(len(ctx.sentences)), "TOPIC"),
        "title_advice": min(ctx.cue_count(title, "ADVICE", "DEFINITION"), 1),
        "lead_advice": min(ctx.cue_count(lead, "ADVICE", "DEFINITION"), 2),
        "fiction": ctx.cue_count(range(len(ctx.sentences)), "FICTION"),
    }
    score = sum(WEIGHTS[name] * min(count, CAPS.get(name, count)) for name, count in counts.items())
    value = score >= threshold
    evidence: list[Evidence] = []
    if value:
        strongest = sorted(range(len(ctx.sentences)),
                           key=lambda i: (-(i in title) - (i in lead), -len(ctx.cues(i, *EVENT))))
        for index in strongest[:2]:
            evidence.extend(ctx.evidence(c.span, True) for c in ctx.cues(index, *EVENT)[:2])
    return IncidentResult(value, round(score, 3), evidence)
