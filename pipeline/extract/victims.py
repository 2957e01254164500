"""``victim_count``: how many people, accounts or records the incident affected.

Candidates are counts with a unit (``counts`` spans: "2,15 millions de personnes", "1 700
enregistrements"). Each is scored on its context: affected-population wording nearby ("concernés",
"dont les données"), incident wording in the sentence, the title and the lead; user-base wording
("revendique", "compte 4 millions de sociétaires"), another incident ("l'année dernière", "déjà"),
fiction and negation count against. A corrected figure ("ramené à 36,8 millions") beats the first one.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from pipeline.extract.context import DocContext
from pipeline.normalize.number import parse_number, scale_words
from pipeline.record import Evidence, VictimCount

WEIGHTS = {
    "affect_near": 2.0,  # an AFFECT cue within AFFECT_WINDOW tokens
    "affect_sentence": 1.0,  # an AFFECT cue elsewhere in the sentence
    "incident_sentence": 1.0,
    "lead": 1.0,
    "base_near": -3.5,  # user-base wording within BASE_WINDOW tokens
    "other_incident": -3.0,
    "fiction": -3.0,
    "negated": -3.0,
    "correction": 1.5,  # the figure after a correction cue
}
AFFECT_WINDOW = 8
BASE_WINDOW = 5
YEARS = range(1900, 2101)


@dataclass(frozen=True, slots=True)
class VictimResult:
    value: VictimCount | None
    evidence: list[Evidence]


def count_value(span: Span) -> int | None:
    """The number a count span states ('2,15 millions de personnes' -> 2150000)."""
    scales = scale_words()
    words = []
    for token in span:
        if token.like_num or token.text[:1].isdigit() or token.lower_ in scales or _is_number_word(token.lower_):
            words.append(token.text)
        elif words:
            break
    value = parse_number(" ".join(words))
    if value is None or value != int(value):
        return None
    number = int(value)
    if number < 2 or (number in YEARS and len(words) == 1 and len(words[0]) == 4):
        return None
    return number


def _is_number_word(word: str) -> bool:
    from pipeline.normalize.number import number_words

    return all(part in number_words() or part == "et" for part in word.split("-"))


def extract_victim_count(ctx: DocContext, min_score: float) -> VictimResult:
    best: tuple[float, int, Span, int] | None = None
    for span in ctx.spans("counts"):
        value = count_value(span)
        if value is None:
            continue
        score = _score(ctx, span)
        if best is None or score > best[0] or (score == best[0] and span.start < best[2].start):
            best = (score, value, span, span.start)
    if best is None or best[0] < min_score:
        return VictimResult(None, [])
    score, value, span, _ = best
    return VictimResult(VictimCount(value, span.label_), [ctx.evidence(span, value)])


def _score(ctx: DocContext, span: Span) -> float:
    index = ctx.sentence_index(span)
    score = 0.0
    affect = ctx.nearest_cue(span, ("AFFECT",))
    if affect is not None:
        near = affect[1] <= AFFECT_WINDOW and not ctx.clause_break_between(span, affect[0].span)
        score += WEIGHTS["affect_near"] if near else WEIGHTS["affect_sentence"]
    if ctx.has_cue(index, "INCIDENT", "EXPOSE"):
        score += WEIGHTS["incident_sentence"]
    if ctx.in_lead(span):
        score += WEIGHTS["lead"]
    base = ctx.nearest_cue(span, ("BASE",), window=BASE_WINDOW)
    if base is not None and not ctx.clause_break_between(span, base[0].span):
        score += WEIGHTS["base_near"]
    if ctx.has_cue(index, "OTHER_INCIDENT"):
        score += WEIGHTS["other_incident"]
    if ctx.has_cue(index, "FICTION"):
        score += WEIGHTS["fiction"]
    if ctx.is_negated(span):
        score += WEIGHTS["negated"]
    if any(c.span.end <= span.start for c in ctx.cues(index, "CORRECTION")):
        score += WEIGHTS["correction"]
    return score
