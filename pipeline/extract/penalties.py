"""``penalties``: fines, settlements, damages and legal maximums on the organisation at issue.

Every amount of money (``money`` spans) is read with the nearest cue in its sentence: a penalty cue
(patterns/cues.jsonl PEN_FINE, PEN_SETTLEMENT, PEN_DAMAGES) makes it a penalty of that kind, a
potential cue (jusqu'à, encourt, astreinte...) makes it ``potential``, and a non-penalty cue nearer
than any penalty cue (rançon, chiffre d'affaires, prix, coût, par plaignant...) rules it out. An amount
restated in another currency or broken down in parentheses right after a penalty is the same penalty.
Amounts in sentences about another company or another incident are not this record's penalties.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Span

from pipeline.extract.company import authorities
from pipeline.extract.context import DocContext
from pipeline.extract.fields import FieldResult, Page
from pipeline.extract.scope import OTHER, Scope
from pipeline.extract.tense import pluperfect
from pipeline.learn.candidates import Candidate, score
from pipeline.normalize.money import currency_families, parse_money
from pipeline.normalize.names import name_key
from pipeline.record import Evidence, Penalty
from pipeline.resources import tunables

TUNED = tunables("penalties")  # [tuning.penalties] of models/config.toml

KIND_OF = {"PEN_FINE": "fine", "PEN_SETTLEMENT": "settlement", "PEN_DAMAGES": "damages",
           "PEN_POTENTIAL": "potential", "PER_DAY": "potential"}
PENALTY_CUES = tuple(KIND_OF)
KINDS = ("fine", "settlement", "damages", "potential")
RESTATEMENT_MARKS = frozenset({"(", "–", "—", "-", "soit", "environ", "ou", ",", "+", "près", "de", "≈", ":"})


def extract_penalties(page: Page) -> FieldResult:
    """Every candidate amount the model keeps, once per amount and currency, in page order."""
    ctx, model = page.ctx, page.model("penalties_model")
    candidates = penalty_candidates(ctx, page.scope, page.record.companies, authorities(ctx), page.record.date)
    score(candidates, model)
    penalties: list[Penalty] = []
    evidence: list[Evidence] = []
    seen: set[tuple[float, str]] = set()
    for candidate in candidates:
        penalty: Penalty = candidate.value
        key = (penalty.amount, penalty.currency)
        if candidate.score < model.threshold or key in seen:
            continue
        seen.add(key)
        penalties.append(penalty)
        evidence.append(ctx.evidence(candidate.span, [penalty.amount, penalty.currency]))
    return FieldResult(penalties, evidence, candidates)


def penalty_candidates(ctx: DocContext, scope: Scope, companies: list[str], authorities: list[str],
                       publication_date: str | None = None) -> list[Candidate]:
    """Every amount of money on the page but restatements ("500 000 livres (environ 580 000 euros)") and the
    parts of a breakdown, with the features of its context: the kind its nearest cue gives it, and what
    says it is not this organisation's penalty for this incident."""
    hints = currency_hints(ctx)
    found: list[Candidate] = []
    previous: Span | None = None  # the amount just before
    anchor: Span | None = None  # the last amount with a penalty cue
    for span in ctx.spans("money"):
        money = parse_money(span.text, hints)
        if money is None:
            continue
        if any(other is not None and _restates(ctx, other, span) for other in (previous, anchor)):
            previous = span
            continue  # a part of a breakdown, or the same amount in another currency
        previous = span
        kind = _kind(ctx, span)
        if kind is not None:
            anchor = span
        index = ctx.sentence_index(span)
        nearest = ctx.nearest_cue(span, PENALTY_CUES)
        blocker = _nearest_blocker(ctx, span)
        features = {
            "no_kind": float(kind is None), **{f"kind_{k}": float(kind == k) for k in KINDS},
            "cue_distance": min(nearest[1], TUNED.distance_cap) / TUNED.distance_cap if nearest else 1.0,
            "blocked": float(blocker is not None and (nearest is None or blocker[1] < nearest[1])),
            "another_case": float(another_case(ctx, span, companies, publication_date)),
            "scope_other": float(scope.kind(index) == OTHER),
            "scope_out": float(not scope.reads(index) and scope.kind(index) != OTHER),
            "names_ours": float(ctx.mentions_any(index, companies)),
            "names_other": float(_names_other(ctx, index, companies)),
            "pluperfect": float(pluperfect(ctx.sentences[index])),
            "authority": float(any(o.label_ == "authority" and ctx.sentence_index(o) == index
                                   for o in ctx.spans("orgs"))),
            "title": float(ctx.in_title(span)), "lead": float(ctx.in_lead(span)),
            "hypothetical": float(ctx.has_cue(index, "HYP")),
        }
        penalty = Penalty(money.as_number(), money.currency, kind or "fine", _authority(ctx, span, authorities))
        found.append(Candidate(penalty, span, features))
    return found


def _kind(ctx: DocContext, span: Span) -> str | None:
    index = ctx.sentence_index(span)
    if ctx.has_cue(index, "FICTION", "CRIMINAL", "PER_CLAIMANT"):
        return None
    penalty = ctx.nearest_cue(span, PENALTY_CUES)
    if penalty is None:
        return None
    blocker = _nearest_blocker(ctx, span)
    if blocker is not None and blocker[1] < penalty[1]:
        return None
    potential = ctx.nearest_cue(span, ("PEN_POTENTIAL", "PER_DAY"), window=TUNED.potential_window)
    if potential is not None or (penalty[0].label == "PEN_POTENTIAL"):
        return "potential"
    if ctx.has_cue(index, "HYP") and not ctx.has_cue(index, "PEN_SETTLEMENT", "PEN_DAMAGES"):
        hypothetical = ctx.nearest_cue(span, ("HYP",))
        if hypothetical is not None and hypothetical[0].span.start < span.start:
            return "potential"
    return KIND_OF[penalty[0].label]


def _nearest_blocker(ctx: DocContext, span: Span) -> tuple[Span, int] | None:
    """The nearest cue that makes an amount a price, revenue, ransom, cost...: before the amount, or right
    after it through "de" ("2 millions de dollars de rançon"); "4 % du chiffre d'affaires" is the
    formula of a legal maximum, not a revenue."""
    doc = ctx.doc
    best: tuple[Span, int] | None = None
    for cue in ctx.cues(ctx.sentence_index(span), "NOT_PENALTY"):
        if cue.span.start >= span.end:
            gap = doc[span.end:cue.span.start]
            if len(gap) > TUNED.blocker_after or not all(t.lower_ in ("de", "d'", "d’", "du", "des") for t in gap):
                continue
            distance = cue.span.start - span.end
        elif cue.span.end <= span.start:
            if cue.span.start >= 2 and doc[cue.span.start - 2].text == "%":
                continue
            distance = span.start - cue.span.end
        else:
            continue
        if best is None or distance < best[1]:
            best = (cue.span, distance)
    return best


def _restates(ctx: DocContext, first: Span, second: Span) -> bool:
    """'1 million de dollars singapouriens – 800 000 $', '125 000 € (100 000 € + 25 000 €)', and any
    amount inside a parenthesis that opens right after a penalty (its breakdown)."""
    if ctx.sentence_index(first) != ctx.sentence_index(second):
        return False
    between = ctx.doc[first.end:second.start]
    opener = next((t.i for t in between if t.text == "("), None)
    if opener is not None and opener - first.end <= 1 and not any(t.text == ")" for t in between):
        return True
    if len(between) > TUNED.restatement_gap:
        return False
    return all(t.lower_ in RESTATEMENT_MARKS or t.is_space for t in between)


def another_case(ctx: DocContext, span: Span, companies: list[str], publication_date: str | None) -> bool:
    """An amount of another case: a comparison or an earlier incident ('pour rappel', 'avait déjà
    sanctionné', a date two years or more before publication), or a sentence that names another
    company and not the one at issue."""
    index = ctx.sentence_index(span)
    return (ctx.has_cue(index, "OTHER_INCIDENT") or ctx.has_old_date(index, publication_date)
            or ctx.names_other_organisation(index, companies))


def _names_other(ctx: DocContext, index: int, companies: list[str]) -> bool:
    """The sentence names an organisation that is none of ours ("la CNIL avait infligé 32 millions à Amazon")."""
    ours = [name_key(c) for c in companies]
    return any(not any(key and (key in name_key(n) or name_key(n) in key) for key in ours)
               for n in ctx.organisations(index))


def currency_hints(ctx: DocContext) -> dict[str, str]:
    """What the page's shared currency words mean, by family (currency_families.tsv): the currency its
    qualified amounts name most ("4 millions de couronnes norvégiennes" makes a later "couronnes" NOK), and
    for dollars, Canadian on a Canadian page (a .ca address, or a Canadian regulator or place named twice)."""
    _, members = currency_families()
    named: Counter[str] = Counter()
    for span in ctx.spans("money"):
        money = parse_money(span.text, {family: "" for family in members})
        if money is not None:
            named[money.currency] += 1
    hints = {}
    for family, codes in members.items():
        found = [code for code, _ in named.most_common() if code in codes]
        if found:
            hints[family] = found[0]
    url = ctx.document.source.url or ""
    host = url.split("/")[2] if url.count("/") >= 2 else ""
    canadian = sum(1 for c in ctx.doc.spans.get("cues", []) if c.label_ == "CTX_CANADA")
    if host.endswith(".ca") or canadian >= TUNED.canadian_cues:
        hints["dollar"] = "CAD"
    return hints


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
