"""``penalties``: fines, settlements, damages and legal maximums on the organisation at issue.

Every amount of money (``money`` spans) is read with the nearest cue in its sentence: a penalty cue
(patterns/cues.jsonl PEN_FINE, PEN_SETTLEMENT, PEN_DAMAGES) makes it a penalty of that kind, a
potential cue (jusqu'à, encourt, astreinte...) makes it ``potential``, and a non-penalty cue nearer
than any penalty cue (rançon, chiffre d'affaires, prix, coût, par plaignant...) rules it out. An amount
restated in another currency or broken down in parentheses right after a penalty is the same penalty.
Amounts in sentences about another company or another incident are not this record's penalties.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from pipeline.extract.context import DocContext
from pipeline.normalize.money import parse_money
from pipeline.normalize.names import name_key
from pipeline.record import Evidence, Penalty

KIND_OF = {"PEN_FINE": "fine", "PEN_SETTLEMENT": "settlement", "PEN_DAMAGES": "damages",
           "PEN_POTENTIAL": "potential", "PER_DAY": "potential"}
PENALTY_CUES = tuple(KIND_OF)
POTENTIAL_WINDOW = 6  # a potential cue this close to the amount makes it potential
RESTATEMENT_GAP = 4  # tokens between an amount and its restatement / breakdown
RESTATEMENT_MARKS = frozenset({"(", "–", "—", "-", "soit", "environ", "ou", ",", "+", "près", "de", "≈", ":"})


@dataclass(frozen=True, slots=True)
class PenaltyResult:
    values: list[Penalty]
    evidence: list[Evidence]


def extract_penalties(ctx: DocContext, company: str | None, companies: list[str],
                      authorities: list[str]) -> PenaltyResult:
    penalties: list[Penalty] = []
    evidence: list[Evidence] = []
    seen: set[tuple[float, str]] = set()
    previous: Span | None = None
    for span in ctx.spans("money"):
        money = parse_money(span.text)
        if money is None:
            continue
        if previous is not None and _restates(ctx, previous, span):
            continue
        kind = _kind(ctx, span)
        if kind is None or _about_someone_else(ctx, span, company, companies):
            continue
        key = (money.as_number(), money.currency)
        previous = span
        if key in seen:
            continue
        seen.add(key)
        penalties.append(Penalty(money.as_number(), money.currency, kind, _authority(ctx, span, authorities)))
        evidence.append(ctx.evidence(span, [money.as_number(), money.currency]))
    return PenaltyResult(penalties, evidence)


def _kind(ctx: DocContext, span: Span) -> str | None:
    index = ctx.sentence_index(span)
    if ctx.has_cue(index, "FICTION"):
        return None
    penalty = ctx.nearest_cue(span, PENALTY_CUES)
    if penalty is None:
        return None
    blocker = ctx.nearest_cue(span, ("NOT_PENALTY",))
    if blocker is not None and blocker[1] < penalty[1]:
        return None
    potential = ctx.nearest_cue(span, ("PEN_POTENTIAL", "PER_DAY"), window=POTENTIAL_WINDOW)
    if potential is not None or (penalty[0].label == "PEN_POTENTIAL"):
        return "potential"
    if ctx.has_cue(index, "HYP") and not ctx.has_cue(index, "PEN_SETTLEMENT", "PEN_DAMAGES"):
        hypothetical = ctx.nearest_cue(span, ("HYP",))
        if hypothetical is not None and hypothetical[0].span.start < span.start:
            return "potential"
    return KIND_OF[penalty[0].label]


def _restates(ctx: DocContext, first: Span, second: Span) -> bool:
    """'1 million de dollars singapouriens – 800 000 $', '125 000 € (100 000 € + 25 000 €)'."""
    if ctx.sentence_index(first) != ctx.sentence_index(second):
        return False
    between = ctx.doc[first.end:second.start]
    if len(between) > RESTATEMENT_GAP:
        return False
    return all(t.lower_ in RESTATEMENT_MARKS or t.is_space for t in between)


def _about_someone_else(ctx: DocContext, span: Span, company: str | None, companies: list[str]) -> bool:
    """The sentence names another organisation (not an authority) and not the one at issue."""
    index = ctx.sentence_index(span)
    sentence = ctx.sentences[index]
    ours = {name_key(c) for c in companies} | ({name_key(company)} if company else set())
    named: set[str] = set()
    for org in ctx.spans("orgs"):
        if org.start >= sentence.start and org.end <= sentence.end and org.label_ in ("company", "PRODUCT"):
            named.add(name_key(org.id_ or org.text))
    for ent in ctx.doc.ents:
        if ent.start >= sentence.start and ent.end <= sentence.end and ent.label_ == "ORG":
            named.add(name_key(ent.text))
    if not named or named & ours:
        return False
    return bool(ctx.has_cue(index, "OTHER_INCIDENT")) or bool(named - ours)


def _authority(ctx: DocContext, span: Span, authorities: list[str]) -> str | None:
    index = ctx.sentence_index(span)
    for offset in (0, -1, -2):
        target = index + offset
        if target < 0:
            break
        sentence = ctx.sentences[target]
        found = [o for o in ctx.spans("orgs")
                 if o.label_ == "authority" and o.start >= sentence.start and o.end <= sentence.end]
        if found:
            return found[0].id_ or found[0].text
    return authorities[0] if authorities else None
