"""``is_incident``: does the page report a concrete incident, leak, unlawful processing or sanction?

A weighted sum of page-level signals:

- event sentences (incident or sanction wording, or a strong cause phrase): in the title, in the lead,
  and their share of all sentences;
- how-to and explainer wording: strong advice/definition cues in the title ("que faire", "qu'est-ce
  que", "les bons réflexes") and in the lead, and sentences that open with an imperative
  ("Changez vos mots de passe", "Méfiez-vous des faux messages");
- fiction wording ("imaginons", "scénario fictif", "exercice de crise").

Unrelated news has few event sentences at all. The threshold is ``extract.incident_threshold``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from pipeline.extract.context import DocContext
from pipeline.record import Evidence

EVENT = ("INCIDENT", "SANCTION")
WEIGHTS = {
    "title_event": 2.0,  # the title reports an event
    "lead_event": 1.0,  # per lead sentence reporting one (capped)
    "event_share": 6.0,  # times the share of sentences that report one
    "title_howto": -5.0,  # strong advice/definition wording in the title
    "lead_howto": -0.5,  # per strong advice/definition cue in the lead (capped)
    "imperative": -1.0,  # per sentence opening with an imperative, beyond the first (capped)
    "fiction": -1.0,  # per fiction cue (capped)
    "exposure_detail": 1.0,  # a sentence lists what was exposed (two kinds of personal data at least)
    "genre": -1.0,  # per genre cue in the title or lead: conference report, legislation, review, opinion
}
CAPS = {"lead_event": 3, "lead_howto": 2, "imperative": 6, "fiction": 5, "genre": 2}
# data-type codes whose phrases are unambiguous personal data ("photos" or "nom" alone are not)
SPECIFIC_DATA = frozenset({"email", "phone", "postal_address", "birth_date", "national_id", "financial",
                           "credentials", "health", "vehicle_id", "device_id", "biometric"})
_IMPERATIVE_SUFFIXES = ("ez-vous", "ez-le", "ez-la", "ez-les", "ez-en", "ez-y", "ez-moi", "ez-nous")


@dataclass(frozen=True, slots=True)
class IncidentResult:
    value: bool
    score: float
    evidence: list[Evidence]


def extract_is_incident(ctx: DocContext, threshold: float) -> IncidentResult:
    events = event_sentences(ctx)
    signals = incident_signals(ctx, events)
    score = sum(WEIGHTS[name] * min(value, CAPS.get(name, value)) for name, value in signals.items())
    value = score >= threshold
    evidence: list[Evidence] = []
    if value:
        title, lead = ctx.title_indices, ctx.lead_indices
        for index in sorted(events, key=lambda i: (i not in title, i not in lead, i))[:2]:
            cues = ctx.cues(index, *EVENT)
            evidence.extend(ctx.evidence(c.span, True) for c in cues[:2])
    return IncidentResult(value, round(score, 3), evidence)


def incident_signals(ctx: DocContext, events: set[int]) -> dict[str, float]:
    """The page-level signals the score weighs (see WEIGHTS)."""
    title, lead = ctx.title_indices, ctx.lead_indices
    body = [i for i in range(len(ctx.sentences)) if i not in title]
    return {
        "title_event": float(bool(events & title)),
        "lead_event": len(events & lead),
        "event_share": len(events - title) / len(body) if body else 0.0,
        "title_howto": float(bool(_strong(ctx, title, "ADVICE", "DEFINITION"))),
        "lead_howto": len(_strong(ctx, lead, "ADVICE", "DEFINITION")),
        "imperative": max(sum(1 for s in ctx.sentences if opens_with_imperative(s)) - 1, 0),
        "fiction": ctx.cue_count(range(len(ctx.sentences)), "FICTION"),
        "exposure_detail": float(bool(exposure_details(ctx, events))),
        "genre": len({c.span.id_ for i in title | lead for c in ctx.cues(i, "GENRE")}),
    }


def exposure_details(ctx: DocContext, events: set[int]) -> list[int]:
    """Event sentences that say what was exposed: two kinds of specific personal data at least, not
    negated, not about another incident ("les noms, e-mails et numéros de téléphone de 12 400 clients")."""
    kinds: dict[int, set[str]] = {}
    for span in ctx.data_spans:
        if (span.label_ in SPECIFIC_DATA or span.label_ == "name") and not ctx.is_negated(span):
            kinds.setdefault(ctx.sentence_index(span), set()).add(span.label_)
    return [index for index, codes in kinds.items()
            if index in events and len(codes - {"name"}) >= 1 and len(codes) >= 2
            and not ctx.has_cue(index, "OTHER_INCIDENT", "HYP", "ADVICE", "DEFINITION")]


def event_sentences(ctx: DocContext, include_causes: bool = True) -> set[int]:
    """Sentences with incident or sanction wording (generic wording only next to data vocabulary), or
    (``include_causes``) with a strong cause phrase. Several extractors ask: computed once per document."""
    return set(ctx.memo(("event_sentences", include_causes), lambda: _event_sentences(ctx, include_causes)))


def _event_sentences(ctx: DocContext, include_causes: bool) -> frozenset[int]:
    personal_data = {ctx.sentence_index(s) for s in ctx.data_spans
                     if s.label_ in SPECIFIC_DATA and not ctx.is_negated(s)}
    supported = personal_data | {ctx.sentence_index(s) for s in ctx.spans("orgs") if s.label_ == "authority"}
    with_money = {ctx.sentence_index(s) for s in ctx.spans("money")}
    found = set()
    for index in ctx.sentences_with_cues():  # every test below needs a cue of the sentence
        laws = [c.span for c in ctx.cues(index, "LAW")]
        cues = [c for c in ctx.cues(index, *EVENT)
                if not any(law.start <= c.span.start and c.span.end <= law.end for law in laws)]
        strong = any(c.span.id_ != "weak" for c in cues)
        if not strong and any(c.span.id_ == "modal" for c in ctx.cues(index, "HYP")):  # "amendes pouvant atteindre"
            continue
        if ctx.has_cue(index, "GENERIC", "FICTION"):  # "les rançongiciels, de plus en plus fréquents"
            continue
        weak_with_data = bool(cues) and (index in supported or ctx.has_cue(index, "TOPIC"))
        sanction_amount = any(c.label == "SANCTION" for c in cues) and index in with_money
        data_exposed = index in personal_data and ctx.has_cue(index, "EXPOSE")
        if strong or weak_with_data or data_exposed or sanction_amount:
            found.add(index)
    if include_causes:
        for span in ctx.spans("causes"):
            if span.label_ != "none" and span.id_ != "weak":
                found.add(ctx.sentence_index(span))
    return frozenset(found)


def _strong(ctx: DocContext, indices: frozenset[int], *labels: str) -> list:
    return [c for i in indices for c in ctx.cues(i, *labels) if c.span.id_ == "strong"]


def opens_with_imperative(sentence: Span) -> bool:
    """'Changez vos mots de passe', 'Méfiez-vous des faux messages', 'Ne cliquez pas sur le lien'."""
    words: list[str] = []
    for token in sentence:
        if not token.is_space and not token.is_punct:
            words.append(token.lower_)
            if len(words) == 2:
                break
    if not words:
        return False
    first = words[0]
    if first in ("ne", "n'") and len(words) > 1:
        first = words[1]
    return (first.endswith("ez") and len(first) > 4 and first.isalpha()) or first.endswith(_IMPERATIVE_SUFFIXES)
