"""``victim_count``: how many people, accounts or records the incident affected.

Candidates are counts with a unit (``counts`` spans: "2,15 millions de personnes", "1 700
enregistrements"). Each is scored on its context: affected-population wording nearby ("concernés",
"dont les données"), incident wording in the sentence, the title and the lead; user-base wording
("revendique", "compte 4 millions de sociétaires"), another incident ("l'année dernière", "déjà"),
fiction and negation count against. A corrected figure ("ramené à 36,8 millions") beats the first one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span

from pipeline.extract.context import DocContext
from pipeline.extract.fields import FieldResult, Page
from pipeline.extract.scope import INCIDENT, OTHER, TITLE, Scope
from pipeline.learn.candidates import Candidate, pick
from pipeline.normalize.number import parse_number, scale_words
from pipeline.normalize.text import light_lemma
from pipeline.record import VictimCount
from pipeline.resources import lexicon, per_models_dir, tunables

TUNED = tunables("victims")  # [tuning.victims] of models/config.toml

YEARS = range(1900, 2101)
_AU_NOMBRE = re.compile(r"\bau nombre (?:de\b|d['’])", re.I)
_DATA_HOLDERS = frozenset({"données", "dossiers", "fiches", "informations", "coordonnées", "comptes", "identifiants",
                           "renseignements", "fichiers", "résultats", "clichés"})


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


def extract_victim_count(page: Page) -> FieldResult:
    """The best-scored count of the page, or None when even the best is weak."""
    candidates = victim_candidates(page.ctx, page.scope, page.record.companies, page.record.date)
    best = pick(candidates, page.model("victim_model"))
    if best is None:
        return FieldResult(None, [], candidates)
    value, unit = best.value
    return FieldResult(VictimCount(value, unit), [page.ctx.evidence(best.span, value)], candidates)


def victim_candidates(ctx: DocContext, scope: Scope, companies: Sequence[str] = (),
                      publication_date: str | None = None) -> list[Candidate]:
    """Every count of the page with the features of its context; a count corrected in its own sentence
    ("43 millions de lignes, ramenées à 36,8 millions") also proposes the corrected figure."""
    found: list[Candidate] = []
    for span in [*ctx.spans("counts"), *anaphoric_counts(ctx)]:
        value = count_value(span)
        if value is None:
            continue
        features = _features(ctx, scope, span, companies, publication_date)
        found.append(Candidate((value, span.label_), span, features))
        corrected = _elliptic_correction(ctx, span)
        if corrected is not None:
            found.append(Candidate((corrected[0], span.label_), corrected[1], {**features, "correction": 1.0}))
    _compare(found)
    return found


def _compare(candidates: list[Candidate]) -> None:
    """Features that compare a count with the others of the page: the same figure written again, and a
    rounded figure next to a precise one ("près de 500 000" / "487 312 fiches")."""
    values = [c.value[0] for c in candidates]
    for candidate in candidates:
        value = candidate.value[0]
        candidate.features["repeated"] = float(min(values.count(value) - 1, TUNED.repeat_cap))
        candidate.features["rounded_twin"] = float(any(
            other != value and abs(other - value) <= TUNED.near_share * value and _digits(other) > _digits(value)
            for other in values))
        candidate.features["precise"] = min(_digits(value), TUNED.precise_cap) / TUNED.precise_cap


def _digits(value: int) -> int:
    """Significant digits: 487312 -> 6, 500000 -> 1, 1200 -> 2."""
    return len(str(value).rstrip("0")) or 1


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


@per_models_dir
def _unit_lemmas() -> dict[str, str]:
    return {light_lemma(word): unit for word, unit in lexicon("units.tsv")}


def _elliptic_correction(ctx: DocContext, span: Span) -> tuple[int, Span] | None:
    """A corrected figure written without its unit after a count: 'ramenées à 36,8 millions'."""
    doc = ctx.doc
    sentence = ctx.sentence(span)
    for cue in ctx.cues(ctx.sentence_index(span), "CORRECTION"):
        if cue.span.start < span.end:
            continue
        start = next((t.i for t in doc[cue.span.end:min(cue.span.end + TUNED.correction_reach, sentence.end)]
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


def _features(ctx: DocContext, scope: Scope, span: Span, companies: Sequence[str] = (),
              publication_date: str | None = None) -> dict[str, float]:
    index = ctx.sentence_index(span)
    kind = scope.kind(index)
    affect_near = ctx.cue_in_clause(span, ("AFFECT",), TUNED.affect_window) is not None or _whose_data(ctx, span)
    base = ctx.cue_in_clause(span, ("BASE",), TUNED.base_window)
    base_near = base is not None and not _container_subject(ctx, base.span) and not _participle_after(
        base.span, span) and not _not_counting(base.span, span)
    other = (kind == OTHER or ctx.has_cue(index, "OTHER_INCIDENT")
             or ctx.names_other_organisation(index, companies, before=span.start))
    return {
        "affect_near": float(affect_near),
        "affect_sentence": float(not affect_near and ctx.has_cue(index, "AFFECT")),
        "incident_sentence": float(ctx.has_cue(index, "INCIDENT", "EXPOSE")),
        "lead": float(ctx.in_lead(span)),
        "title": float(ctx.in_title(span)),
        "base_near": float(base_near),
        "other_incident": float(other),
        "outside_scope": float(kind not in (INCIDENT, TITLE, OTHER)),
        "old_date": float(ctx.has_old_date(index, publication_date)),
        "fiction": float(ctx.has_cue(index, "FICTION")),
        "negated": float(ctx.is_negated(span)),
        "correction": float(any(c.span.end <= span.start for c in ctx.cues(index, "CORRECTION"))),
        "initial_figure": float(ctx.has_cue(index, "INITIAL_FIGURE")),
        "hedged": float(_hedged(ctx, span)),
        "records": float(span.label_ == "records"),
        "viewed": float(ctx.cue_in_clause(span, ("VIEWED",), TUNED.viewed_window) is not None),
        "magnitude": min(math.log10(max(count_value(span) or 1, 1)), TUNED.magnitude_cap) / TUNED.magnitude_cap,
    }


def _hedged(ctx: DocContext, span: Span) -> bool:
    """'près de 5 millions', 'environ 30 000', 'plus de 1 200': a rounded or lower-bound figure."""
    before = " ".join(t.lower_ for t in ctx.doc[max(span.start - TUNED.hedge_reach, 0):span.start])
    return any(before.endswith(word) for word in _hedge_words(ctx.models_dir))


@lru_cache(maxsize=4)
def _hedge_words(models_dir: Path) -> tuple[str, ...]:
    return tuple(row[0] for row in lexicon("hedges.tsv", models_dir))


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
