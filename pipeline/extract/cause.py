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
from pipeline.extract.scope import Scope
from pipeline.record import CAUSES, Evidence

VOTE = 1.0
LEAD_FACTOR = 1.5
NEEDS_EVENT = frozenset({"third_party", "insider", "unlawful_processing"})
CAUSAL_WINDOW = 8  # tokens between a weak phrase and its causal connector
THEFT = "theft"  # id of the phrases that say data was taken, by whoever took it
TAKERS = frozenset({"insider", "lost_device"})  # causes that take data without an attacker
GROUNDS = "unlawful_processing"  # the cause a sanction's grounds give, wherever the page states them
IMPLIES = {"ransomware": "cyberattack", "phishing": "cyberattack"}


@dataclass(frozen=True, slots=True)
class CauseResult:
    values: list[str]
    evidence: list[Evidence]


def extract_cause(ctx: DocContext, scope: Scope, min_score: float) -> CauseResult:
    events = event_sentences(ctx, include_causes=False)
    sanction_page = _sanction_page(ctx)
    attack_spans: list[Span] = []
    votes: dict[str, float] = {}
    evidence: dict[str, list[Evidence]] = {}
    for span in ctx.spans("causes"):
        code = span.label_
        if code not in CAUSES:
            continue
        index = ctx.sentence_index(span)
        in_title = index in ctx.title_indices
        if not scope.reads(index) or ctx.is_negated(span):
            continue
        if span.id_ == "weak":
            if not (in_title or _tied_to_incident(ctx, span)) or ctx.has_cue(index, "HYP"):
                continue
            if code == "unlawful_processing" and _done_by_attacker(ctx, index):
                continue  # "un salarié a revendu les fichiers": the resale is the theft, not the processing
        elif code == GROUNDS and (sanction_page or ctx.has_cue(index, "GRIEVANCE")):
            pass  # the grounds of a decision, in whatever sentence states them
        elif code in NEEDS_EVENT and (not (in_title or index in events) or ctx.has_cue(index, "NEG")):
            continue  # "les paiements, gérés par un prestataire, ne sont pas concernés"
        elif not (in_title or ctx.in_lead(span) or index in events or _tied_to_incident(ctx, span)):
            continue  # a cause named in passing ("le sentiment d'intrusion est réel")
        if code == "cyberattack":
            attack_spans.append(span)
        votes[code] = votes.get(code, 0.0) + VOTE * (LEAD_FACTOR if ctx.in_lead(span) else 1.0)
        evidence.setdefault(code, []).append(ctx.evidence(span, code))
    chosen = {code for code, vote in votes.items() if vote >= min_score}
    if chosen & TAKERS and "cyberattack" in chosen and all(s.id_ in (THEFT, "weak") for s in attack_spans):
        chosen.discard("cyberattack")  # "volés par un ex-employé": the employee took them, no attacker
    for code, implied in IMPLIES.items():
        if code in chosen:
            chosen.add(implied)
            if not evidence.get(implied):  # the ransomware/phishing phrase is the evidence of the attack
                evidence[implied] = [dataclasses.replace(e, value=implied) for e in evidence[code]]
    values = [code for code in CAUSES if code in chosen]
    return CauseResult(values, [e for code in values for e in evidence.get(code, [])[:2]])


def _sanction_page(ctx: DocContext) -> bool:
    """The title or the lead reports a sanction or a decision, and the page names an authority."""
    return any(ctx.has_cue(i, "SANCTION") for i in ctx.title_indices | ctx.lead_indices) and any(
        s.label_ == "authority" for s in ctx.spans("orgs"))


def _done_by_attacker(ctx: DocContext, index: int) -> bool:
    return any(ctx.sentence_index(s) == index and s.label_ in ("insider", "cyberattack")
               for s in ctx.spans("causes"))


def _tied_to_incident(ctx: DocContext, span: Span) -> bool:
    """A causal connector in the clause of a weak phrase: 'via un prestataire', 'à cause d'une clé USB'."""
    return ctx.cue_in_clause(span, ("CAUSAL",), CAUSAL_WINDOW) is not None
