"""``cause``: why the incident happened (SCHEMA codes).

Cause phrases (patterns/causes.jsonl) vote for their code:

- a strong phrase ("erreur humaine", "rançongiciel", "mal configuré") carries a full vote; the
  phrases of causes that articles also mention in passing (``third_party``: "un prestataire externe
  traite les paiements") vote only in sentences that report the incident;
- a ``weak`` one ("prestataire", "pirates", "faille", "un salarié") votes only in the title, or when a
  causal connector ties it to the incident in its clause ("via un prestataire", "à cause de", "chez");
- phrases in the title and the lead count more;
- risk talk ("méfiez-vous des tentatives d'hameçonnage"), advice, fiction, general statements, another
  incident, and negated phrases do not vote.

``ransomware`` and ``phishing`` imply ``cyberattack`` (SCHEMA rule).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from spacy.tokens import Span

from pipeline.extract.context import DocContext
from pipeline.extract.incident import event_sentences
from pipeline.record import CAUSES, Evidence

VOTE = 1.0
LEAD_FACTOR = 1.5
NEEDS_EVENT = frozenset({"third_party", "insider", "unlawful_processing"})
CAUSAL_WINDOW = 8  # tokens between a weak phrase and its causal connector
IMPLIES = {"ransomware": "cyberattack", "phishing": "cyberattack"}
MUTED_BY = ("RISK", "ADVICE", "FICTION", "OTHER_INCIDENT", "GENERIC")


@dataclass(frozen=True, slots=True)
class CauseResult:
    values: list[str]
    evidence: list[Evidence]


def extract_cause(ctx: DocContext, min_score: float) -> CauseResult:
    events = event_sentences(ctx, include_causes=False)
    votes: dict[str, float] = {}
    evidence: dict[str, list[Evidence]] = {}
    for span in ctx.spans("causes"):
        code = span.label_
        if code not in CAUSES:
            continue
        index = ctx.sentence_index(span)
        in_title = index in ctx.title_indices
        if ctx.has_cue(index, *MUTED_BY) or ctx.is_negated(span):
            continue
        if span.id_ == "weak":
            if not (in_title or _tied_to_incident(ctx, span)) or ctx.has_cue(index, "HYP"):
                continue
            if code == "unlawful_processing" and _done_by_attacker(ctx, index):
                continue  # "un salarié a revendu les fichiers": the resale is the theft, not the processing
        elif code in NEEDS_EVENT and (not (in_title or index in events) or ctx.has_cue(index, "NEG")):
            continue  # "les paiements, gérés par un prestataire, ne sont pas concernés"
        votes[code] = votes.get(code, 0.0) + VOTE * (LEAD_FACTOR if ctx.in_lead(span) else 1.0)
        evidence.setdefault(code, []).append(ctx.evidence(span, code))
    chosen = {code for code, vote in votes.items() if vote >= min_score}
    for code, implied in IMPLIES.items():
        if code in chosen:
            chosen.add(implied)
            if not evidence.get(implied):  # the ransomware/phishing phrase is the evidence of the attack
                evidence[implied] = [dataclasses.replace(e, value=implied) for e in evidence[code]]
    values = [code for code in CAUSES if code in chosen]
    return CauseResult(values, [e for code in values for e in evidence.get(code, [])[:2]])


def _done_by_attacker(ctx: DocContext, index: int) -> bool:
    return any(ctx.sentence_index(s) == index and s.label_ in ("insider", "cyberattack")
               for s in ctx.spans("causes"))


def _tied_to_incident(ctx: DocContext, span: Span) -> bool:
    """A causal connector in the clause of a weak phrase: 'via un prestataire', 'à cause d'une clé USB'."""
    return ctx.cue_in_clause(span, ("CAUSAL",), CAUSAL_WINDOW) is not None
