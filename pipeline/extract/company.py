"""``company`` and ``companies``: the organisations whose handling of personal data is at issue.

Candidates come from two sources: the organisation lexicon (``orgs`` spans, with roles and canonical
names; products count for their company) and the statistical NER (ORG, and the MISC/LOC/PER labels
``fr_core_news_md`` gives to many brand names). Mentions are grouped by folded name (aliases and
"Toyota" / "Toyota Motor Corporation" merge), the press, authorities, security firms, NGOs and attacker
groups are set aside, and the rest are ranked by salience: title, lead, frequency, incident sentences,
subject position, and the kind of evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Span

from pipeline.extract.context import DocContext
from pipeline.normalize.names import name_key
from pipeline.record import Evidence

EXCLUDED_ROLES = frozenset({"press", "authority", "security", "ngo", "attacker", "not_org"})
NER_LABELS = {"ORG": 1.0, "MISC": 0.3, "PRODUCT": 1.0, "LOC": -1.5, "PER": -2.5}
WEIGHTS = {
    "title": 3.0,
    "lead": 1.5,
    "mention": 0.8,  # per mention, capped
    "incident_sentence": 1.0,  # per mention in a sentence with incident/sanction cues, capped
    "subject": 0.7,  # mention at the start of a sentence
    "lexicon": 1.0,  # a known company
    "source": -2.5,  # "selon X", "d'après X": X reports, it is not at issue
}
MENTION_CAP = 6
INCIDENT_CAP = 4
SUBJECT_TOKENS = 3
SECONDARY_RATIO = 0.45  # other organisations listed in `companies` score at least this share of the main one
MAX_COMPANIES = 6
_DETERMINERS = re.compile(r"^(l['’]|la |le |les |du |de la |des |de l['’]|d['’]|au |aux )", re.I)
_EDGE_PUNCT = " \t\n\"'«»“”‘’.,;:!?()[]-–—•*|>"


@dataclass(slots=True)
class Candidate:
    key: str
    names: Counter[str] = field(default_factory=Counter)
    spans: list[Span] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    labels: set[str] = field(default_factory=set)
    canonical: str | None = None
    score: float = 0.0

    @property
    def name(self) -> str:
        if self.canonical:
            return self.canonical
        most = max(self.names.values())
        return min((n for n, c in self.names.items() if c == most), key=len)


@dataclass(frozen=True, slots=True)
class CompanyResult:
    company: str | None
    companies: list[str]
    evidence: list[Evidence]
    companies_evidence: list[Evidence]
    authorities: list[str]


def extract_companies(ctx: DocContext, min_score: float) -> CompanyResult:
    candidates, authorities = _candidates(ctx)
    ranked = [c for c in candidates.values() if not (c.roles & EXCLUDED_ROLES) or "company" in c.roles]
    for candidate in ranked:
        candidate.score = _score(ctx, candidate)
    ranked = sorted((c for c in ranked if c.score >= min_score), key=lambda c: (-c.score, c.spans[0].start))
    if not ranked:
        return CompanyResult(None, [], [], [], authorities)
    main = ranked[0]
    others = [c for c in ranked[1:] if c.score >= SECONDARY_RATIO * main.score and _involved(ctx, c)]
    chosen = [main, *others][:MAX_COMPANIES]
    evidence = [ctx.evidence(s, main.name) for s in main.spans[:3]]
    companies_evidence = [ctx.evidence(c.spans[0], c.name) for c in chosen]
    return CompanyResult(main.name, [c.name for c in chosen], evidence, companies_evidence, authorities)


def _candidates(ctx: DocContext) -> tuple[dict[str, Candidate], list[str]]:
    candidates: dict[str, Candidate] = {}
    covered: set[int] = set()
    authorities: Counter[str] = Counter()
    for span in ctx.spans("orgs"):
        role = "company" if span.label_ == "PRODUCT" else span.label_
        canonical = span.id_ or span.text
        covered.update(range(span.start, span.end))
        if role == "authority":
            authorities[canonical] += 1
        key = name_key(canonical)
        candidate = candidates.setdefault(key, Candidate(key))
        candidate.canonical = candidate.canonical or (canonical if role != "not_org" else None)
        candidate.names[canonical] += 1
        candidate.spans.append(span)
        candidate.roles.add(role)
        candidate.labels.add("PRODUCT" if span.label_ == "PRODUCT" else "ORG")
    for ent in ctx.doc.ents:
        if ent.label_ not in NER_LABELS or any(i in covered for i in range(ent.start, ent.end)):
            continue
        name = clean_name(ent.text)
        if not name:
            continue
        key = name_key(name)
        candidate = candidates.setdefault(key, Candidate(key))
        candidate.names[name] += 1
        candidate.spans.append(ent)
        candidate.labels.add(ent.label_)
    _count_unread_mentions(ctx, candidates)
    _merge_prefixes(candidates)
    return candidates, [name for name, _ in authorities.most_common()]


def clean_name(text: str) -> str | None:
    """The name an entity span stands for, or None when the span cannot be an organisation name.

    >>> clean_name("la plateforme"), clean_name("Zoom"), clean_name("l’ICO"), clean_name("Société\\n • International")
    (None, 'Zoom', 'ICO', None)
    """
    name = _DETERMINERS.sub("", text.strip(_EDGE_PUNCT)).strip(_EDGE_PUNCT)
    if not name or "\n" in name or len(name) < 2 or len(name) > 60:
        return None
    if not any(c.isupper() for c in name) or not (name[0].isupper() or name[0].isdigit()):
        return None
    if len(name.split()) > 6:
        return None
    return name


def _count_unread_mentions(ctx: DocContext, candidates: dict[str, Candidate]) -> None:
    """NER read only salient sentences: add the other mentions of names it found (exact matches)."""
    seen = {s.start for c in candidates.values() for s in c.spans}
    lookup: dict[str, list[tuple[tuple[str, ...], Candidate]]] = {}
    for candidate in candidates.values():
        if candidate.roles:  # lexicon names: the ruler already found every mention
            continue
        for name in candidate.names:
            tokens = tuple(name.split())
            lookup.setdefault(tokens[0], []).append((tokens, candidate))
    doc = ctx.doc
    for token in doc:
        for tokens, candidate in lookup.get(token.text, ()):
            end = token.i + len(tokens)
            if token.i in seen or end > len(doc):
                continue
            if tuple(t.text for t in doc[token.i:end]) == tokens:
                candidate.spans.append(doc[token.i:end])
                seen.add(token.i)


def _merge_prefixes(candidates: dict[str, Candidate]) -> None:
    """'toyota' absorbs 'toyota motor corporation': a name that starts with another one's words."""
    keys = sorted(candidates, key=len)
    for short in keys:
        if short not in candidates:
            continue
        for long in keys:
            if long == short or long not in candidates or not long.startswith(short + " "):
                continue
            target, absorbed = candidates[short], candidates.pop(long)
            target.names.update(absorbed.names)
            target.spans.extend(absorbed.spans)
            target.roles |= absorbed.roles
            target.labels |= absorbed.labels
            target.canonical = target.canonical or absorbed.canonical


def _score(ctx: DocContext, candidate: Candidate) -> float:
    spans = sorted(candidate.spans, key=lambda s: s.start)
    candidate.spans = spans
    sentences = {ctx.sentence_index(s) for s in spans}
    in_title = any(ctx.in_title(s) for s in spans)
    in_lead = any(ctx.sentence_index(s) in ctx.lead_indices for s in spans)
    incident_mentions = sum(1 for i in sentences if ctx.has_cue(i, "INCIDENT", "SANCTION", "EXPOSE"))
    subject = any(s.start - ctx.sentence(s).start < SUBJECT_TOKENS for s in spans)
    sources = sum(1 for s in spans if _is_source(ctx, s))
    prior = max((NER_LABELS.get(label, 0.0) for label in candidate.labels), default=0.0)
    score = (WEIGHTS["title"] * in_title + WEIGHTS["lead"] * in_lead
             + WEIGHTS["mention"] * min(len(spans), MENTION_CAP)
             + WEIGHTS["incident_sentence"] * min(incident_mentions, INCIDENT_CAP)
             + WEIGHTS["subject"] * subject + prior
             + WEIGHTS["lexicon"] * ("company" in candidate.roles))
    if sources and sources * 2 >= len(spans):
        score += WEIGHTS["source"]
    return score


def _is_source(ctx: DocContext, span: Span) -> bool:
    """'selon Consumer Reports', "d'après ESET": the organisation is quoted as a source."""
    found = ctx.nearest_cue(span, ("SOURCE",), window=2)
    return found is not None and found[0].span.end <= span.start


def _involved(ctx: DocContext, candidate: Candidate) -> bool:
    return any(ctx.has_cue(ctx.sentence_index(s), "INCIDENT", "SANCTION", "EXPOSE") for s in candidate.spans)
