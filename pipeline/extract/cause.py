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

from spacy.tokens import Span

from pipeline.extract.context import DocContext
from pipeline.extract.fields import FieldResult, Page
from pipeline.extract.incident import event_sentences
from pipeline.extract.scope import Scope
from pipeline.learn.candidates import Candidate, score
from pipeline.record import CAUSES
from pipeline.resources import tunables

TUNED = tunables("cause")  # [tuning.cause] of models/config.toml

NEEDS_EVENT = frozenset({"third_party", "insider", "unlawful_processing"})
THEFT = "theft"  # id of the phrases that say data was taken, by whoever took it
TAKERS = frozenset({"insider", "lost_device"})  # causes that take data without an attacker
GROUNDS = "unlawful_processing"  # the cause a sanction's grounds give, wherever the page states them
IMPLIES = {"ransomware": "cyberattack", "phishing": "cyberattack"}


def extract_cause(page: Page) -> FieldResult:
    """The codes whose candidate the model keeps (SCHEMA order); ransomware and phishing bring cyberattack."""
    ctx, model = page.ctx, page.model("cause_model")
    candidates = cause_candidates(ctx, page.scope)
    score(candidates, model)
    kept = {c.value: c for c in candidates if c.score >= model.threshold}
    attack = kept.get("cyberattack")
    if kept.keys() & TAKERS and attack is not None and attack.features["theft_only"]:
        del kept["cyberattack"]  # "volés par un ex-employé": the employee took them, no attacker
    per_code = TUNED.evidence_per_code
    evidence = {code: [ctx.evidence(span, code) for span in c.extra[:per_code]] for code, c in kept.items()}
    for code, implied in IMPLIES.items():
        if code in kept and implied not in evidence:  # the ransomware/phishing phrase is the evidence of the attack
            evidence[implied] = [dataclasses.replace(e, value=implied) for e in evidence[code]]
    values = [code for code in CAUSES if code in evidence]
    return FieldResult(values, [e for code in values for e in evidence[code]], candidates)


def cause_candidates(ctx: DocContext, scope: Scope) -> list[Candidate]:
    """One candidate per code whose phrases the page writes, with features over its phrases. ``rule`` is the
    first version's decision: the votes of the phrases that count reach one (see the module docstring)."""
    events = event_sentences(ctx, include_causes=False)
    sanction_page = _sanction_page(ctx)
    found: dict[str, list[tuple[Span, dict[str, float]]]] = {}
    for span in ctx.spans("causes"):
        code = span.label_
        if code not in CAUSES:
            continue
        index = ctx.sentence_index(span)
        in_title = index in ctx.title_indices
        lead = ctx.in_lead(span)
        weak = span.id_ == "weak"
        tied = _tied_to_incident(ctx, span)
        grounds = code == GROUNDS and (sanction_page or ctx.has_cue(index, "GRIEVANCE"))
        features = {
            "in_scope": float(scope.reads(index)), "negated": float(ctx.is_negated(span)),
            "weak": float(weak), "title": float(in_title), "lead": float(lead), "event": float(index in events),
            "tied": float(tied), "grounds": float(grounds), "hypothetical": float(ctx.has_cue(index, "HYP")),
            "theft": float(span.id_ in (THEFT, "weak") and code == "cyberattack"),
            "sanction_page": float(sanction_page),
        }
        features["vote"] = (TUNED.lead_factor if lead else 1.0) * float(_counts(ctx, span, code, features, index))
        found.setdefault(code, []).append((span, features))
    return [_candidate(code, mentions, min_votes=TUNED.vote) for code, mentions in found.items()]


def _counts(ctx: DocContext, span: Span, code: str, f: dict[str, float], index: int) -> bool:
    """The first version's rule for one phrase: in the incident's scope and not negated; a weak phrase in the
    title or tied to the incident by a causal connector, not hypothetical; a strong one in the title, the
    lead, an event sentence or tied, and for causes that articles mention in passing, an event sentence."""
    if not f["in_scope"] or f["negated"]:
        return False
    if f["weak"]:
        if not (f["title"] or f["tied"]) or f["hypothetical"]:
            return False
        return not (code == "unlawful_processing" and _done_by_attacker(ctx, index))
    if f["grounds"]:
        return True
    if code in NEEDS_EVENT:
        return bool((f["title"] or f["event"]) and not ctx.has_cue(index, "NEG"))
    return bool(f["title"] or f["lead"] or f["event"] or f["tied"])


def _candidate(code: str, mentions: list[tuple[Span, dict[str, float]]], min_votes: float) -> Candidate:
    votes = sum(f["vote"] for _, f in mentions)
    features = {name: max(f[name] for _, f in mentions) for name in mentions[0][1] if name != "vote"}
    features["negated"] = min(f["negated"] for _, f in mentions)
    features["weak"] = min(f["weak"] for _, f in mentions)  # weak wherever it is written
    features["theft_only"] = min(f["theft"] for _, f in mentions)
    features["votes"] = min(votes, TUNED.votes_cap) / TUNED.votes_cap
    features["mentions"] = min(len(mentions), TUNED.votes_cap) / TUNED.votes_cap
    features["rule"] = float(votes >= min_votes)
    features[f"code_{code}"] = 1.0
    ordered = sorted(mentions, key=lambda m: (-m[1]["vote"], m[0].start))
    return Candidate(code, ordered[0][0], features, extra=[span for span, f in ordered if f["vote"]] or [ordered[0][0]])


def _sanction_page(ctx: DocContext) -> bool:
    """The title or the lead reports a sanction or a decision, and the page names an authority."""
    return any(ctx.has_cue(i, "SANCTION") for i in ctx.title_indices | ctx.lead_indices) and any(
        s.label_ == "authority" for s in ctx.spans("orgs"))


def _done_by_attacker(ctx: DocContext, index: int) -> bool:
    return any(ctx.sentence_index(s) == index and s.label_ in ("insider", "cyberattack")
               for s in ctx.spans("causes"))


def _tied_to_incident(ctx: DocContext, span: Span) -> bool:
    """A causal connector in the clause of a weak phrase: 'via un prestataire', 'à cause d'une clé USB'."""
    return ctx.cue_in_clause(span, ("CAUSAL",), TUNED.causal_window) is not None
