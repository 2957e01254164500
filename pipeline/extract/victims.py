"""``victim_count``: how many people, accounts or records the incident affected.

Candidates are counts with a unit (``counts`` spans: "2,15 millions de personnes", "1 700
enregistrements"). Each is scored on its context: affected-population wording nearby ("concernés",
"dont les données"), incident wording in the sentence, the title and the lead; user-base wording
("revendique", "compte 4 millions de sociétaires"), another incident ("l'année dernière", "déjà"),
fiction and negation count against. A corrected figure ("ramené à 36,8 millions") beats the first one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span

from pipeline.extract.context import DocContext
from pipeline.normalize.number import parse_number, scale_words
from pipeline.normalize.text import light_lemma
from pipeline.record import Evidence, VictimCount
from pipeline.resources import lexicon

WEIGHTS = {
    "affect_near": 2.0,  # an AFFECT cue within AFFECT_WINDOW tokens
    "affect_sentence": 1.0,  # an AFFECT cue elsewhere in the sentence
    "incident_sentence": 1.0,
    "lead": 1.0,
    "base_near": -3.5,  # user-base wording within BASE_WINDOW tokens
    "other_incident": -3.0,
    "fiction": -3.0,
    "negated": -3.0,
    "correction": 3.0,  # the figure after a correction cue: SCHEMA says the final figure wins
    "initial_figure": -2.0,  # "dans un premier temps", "selon les pirates": a figure later corrected or claimed
    "old_date": -2.0,  # the sentence dates from two years or more before publication: an older incident
}
CORRECTION_REACH = 3  # tokens between a correction cue and the corrected figure ("ramenées à 36,8 millions")
AFFECT_WINDOW = 12
BASE_WINDOW = 5
YEARS = range(1900, 2101)
_AU_NOMBRE = re.compile(r"\bau nombre (?:de\b|d['’])", re.I)
_DATA_HOLDERS = frozenset({"données", "dossiers", "fiches", "informations", "coordonnées", "comptes", "identifiants",
                           "renseignements", "fichiers", "résultats", "clichés"})


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


def extract_victim_count(ctx: DocContext, min_score: float, companies: Sequence[str] = (),
                         publication_date: str | None = None) -> VictimResult:
    best: tuple[float, int, str, Span] | None = None
    for span in [*ctx.spans("counts"), *anaphoric_counts(ctx)]:
        value = count_value(span)
        if value is None:
            continue
        score = _score(ctx, span, companies, publication_date)
        options = [(score, value, span)]
        corrected = _elliptic_correction(ctx, span)
        if corrected is not None:  # "43 millions de lignes, ramenées à 36,8 millions"
            options.append((score + WEIGHTS["correction"], corrected[0], corrected[1]))
        for option_score, option_value, evidence_span in options:
            if best is None or option_score > best[0] or (option_score == best[0] and
                                                          evidence_span.start < best[3].start):
                best = (option_score, option_value, span.label_, evidence_span)
    if best is None or best[0] < min_score:
        return VictimResult(None, [])
    _, value, unit, evidence_span = best
    return VictimResult(VictimCount(value, unit), [ctx.evidence(evidence_span, value)])


def anaphoric_counts(ctx: DocContext) -> list[Span]:
    """Figures given after their noun: 'les personnes concernées, au nombre de 1 312' (unit: persons),
    'les dossiers d'abonnés, au nombre de 61 300 environ'. The span covers the figure; its label is the
    unit of the nearest unit noun before it in the sentence."""
    doc = ctx.doc
    units = _unit_lemmas()
    found: list[Span] = []
    for match in _AU_NOMBRE.finditer(ctx.text):
        phrase = doc.char_span(match.start(), match.end())
        if phrase is None:
            continue
        start = end = phrase.end
        while end < len(doc) and end - start < 4 and (doc[end].like_num or doc[end].lower_ in scale_words()):
            end += 1
        sentence = ctx.sentence(phrase.start)
        unit = next((units[light_lemma(t.text)] for t in reversed(doc[sentence.start:phrase.start])
                     if light_lemma(t.text) in units), None)
        if end > start and unit is not None:
            found.append(Span(doc, start, end, label=unit))
    return found


@lru_cache(maxsize=1)
def _unit_lemmas() -> dict[str, str]:
    return {light_lemma(word): unit for word, unit in lexicon("units.tsv")}


def _elliptic_correction(ctx: DocContext, span: Span) -> tuple[int, Span] | None:
    """A corrected figure written without its unit after a count: 'ramenées à 36,8 millions'."""
    doc = ctx.doc
    sentence = ctx.sentence(span)
    for cue in ctx.cues(ctx.sentence_index(span), "CORRECTION"):
        if cue.span.start < span.end:
            continue
        start = next((t.i for t in doc[cue.span.end:min(cue.span.end + CORRECTION_REACH, sentence.end)]
                      if t.text[:1].isdigit()), None)
        if start is None:
            continue
        end = start + 1
        if end < sentence.end and doc[end].lower_ in scale_words():
            end += 1
        value = count_value(doc[start:end])
        if value is not None:
            return value, doc[start:end]
    return None


def _score(ctx: DocContext, span: Span, companies: Sequence[str] = (), publication_date: str | None = None) -> float:
    index = ctx.sentence_index(span)
    score = 0.0
    if ctx.cue_in_clause(span, ("AFFECT",), AFFECT_WINDOW) is not None or _whose_data(ctx, span):
        score += WEIGHTS["affect_near"]
    elif ctx.has_cue(index, "AFFECT"):
        score += WEIGHTS["affect_sentence"]
    if ctx.has_cue(index, "INCIDENT", "EXPOSE"):
        score += WEIGHTS["incident_sentence"]
    if ctx.in_lead(span):
        score += WEIGHTS["lead"]
    base = ctx.cue_in_clause(span, ("BASE",), BASE_WINDOW)
    if base is not None and not _container_subject(ctx, base.span) and not _participle_after(base.span, span) \
            and not _not_counting(base.span, span):
        score += WEIGHTS["base_near"]
    if ctx.has_cue(index, "OTHER_INCIDENT") or ctx.names_other_organisation(index, companies, before=span.start):
        score += WEIGHTS["other_incident"]
    if ctx.has_old_date(index, publication_date):
        score += WEIGHTS["old_date"]
    if ctx.has_cue(index, "FICTION"):
        score += WEIGHTS["fiction"]
    if ctx.is_negated(span):
        score += WEIGHTS["negated"]
    if any(c.span.end <= span.start for c in ctx.cues(index, "CORRECTION")):
        score += WEIGHTS["correction"]
    if ctx.has_cue(index, "INITIAL_FIGURE"):
        score += WEIGHTS["initial_figure"]
    return score


def _whose_data(ctx: DocContext, span: Span) -> bool:
    """'les noms et numéros de téléphone de 12 400 clients', 'les dossiers de 500 000 patients': personal
    data of the counted people, written just before the figure."""
    doc = ctx.doc
    position = span.start - 1
    while position >= 0 and doc[position].lower_ in ("de", "des", "d'", "d’", "près", "plus", "quelque", "environ"):
        position -= 1
    if position < 0 or position == span.start - 1:
        return False
    return any(s.end == position + 1 for s in ctx.data_spans) or doc[position].lower_ in _DATA_HOLDERS


def _not_counting(cue: Span, count: Span) -> bool:
    """'compte' states a user base when it governs the figure ('compte 4 millions de clients', 'qui compte
    aujourd'hui 40 millions d'abonnés'), not as a noun elsewhere ('les comptes rendus de 27 000 patients')."""
    if not cue.text.lower().startswith("compt"):
        return False
    return not (cue.end <= count.start <= cue.end + 2)


def _participle_after(cue: Span, count: Span) -> bool:
    """'1 826 clients ont vu leurs informations affichées': a participle after the figure describes what
    happened to them; 'affiche 2 millions de clients' before it states a user base."""
    return cue.start >= count.end and cue[-1].lower_.endswith(("é", "ée", "és", "ées"))


def _container_subject(ctx: DocContext, cue: Span) -> bool:
    """'le fichier compterait 43 millions de lignes': a file counts records, it is not a user base."""
    found = ctx.nearest_cue(cue, ("CONTAINER",), window=4)
    return found is not None and found[0].span.end <= cue.start
