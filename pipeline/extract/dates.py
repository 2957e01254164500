"""``date`` (publication) and ``incident_date`` (when the incident happened, was found or disclosed).

The publication date comes from the byline line of a text dump or from the page metadata (HTML,
through trafilatura/htmldate), both found by boilerplate removal. The incident date comes from date
expressions in the body, resolved against the publication date, and ranked by the role their sentence
gives them (SCHEMA: happened/began > discovered > disclosed):

- a date with a role cue near it takes that role: "se sont produits le 14 juillet", "apparu en juin
  2021" (began); "découvert", "tombée le 12 janvier sur" (found); "a notifié ... le 17 juillet"
  (disclosed); a cue of something else ("corrigée en janvier", "délibération du", "fondée en") rules
  the date out;
- "depuis 2019" and "entre juin et septembre 2022" began then, when a state of exposure is named
  just before ("accessible depuis 2019"), or for a range, in any sentence about the incident;
- a date with no role cue in a sentence that reports the incident dates the incident itself
  ("Fin janvier, un message a été adressé à la mauvaise liste") and ranks just under "began";
- dates after publication, in sentences about another incident, or two years older than another
  candidate of the same rank are not chosen over it: of equal roles, the earliest wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from pipeline.extract.context import DocContext
from pipeline.extract.incident import event_sentences
from pipeline.normalize.dates import parse_date_expression, parse_publication_date
from pipeline.record import Evidence

BEGAN, IN_EVENT, FOUND, DISCLOSED = 4, 3, 2, 1
ROLE_OF_CUE = {"DATE_BEGAN": BEGAN, "DATE_FOUND": FOUND, "DATE_DISCLOSED": DISCLOSED}
ROLE_WINDOW = 10  # tokens between a date and the cue that gives it a role
EXPOSURE_REACH = 12  # tokens between a state of exposure and "depuis <date>", in one clause
STARTS = ("depuis", "dès", "entre", "à partir", "à compter")
ACT_WINDOW = 6  # tokens before a date searched for the legal act it dates
DATELINE_START = 4
LEGAL_ACTS = frozenset({"loi", "décret", "ordonnance", "directive", "règlement", "arrêté", "délibération", "arrêt",
                        "jugement", "circulaire", "code"})


@dataclass(frozen=True, slots=True)
class DateResult:
    value: str | None
    evidence: list[Evidence]


def extract_publication_date(ctx: DocContext) -> DateResult:
    source = ctx.document.source
    if source.byline:
        value = parse_publication_date(source.byline)
        if value:
            return DateResult(value, [Evidence(0, len(source.byline), source.byline, value, ref="byline")])
    if source.date:
        return DateResult(source.date, [Evidence(0, len(source.date), source.date, source.date, ref="metadata")])
    return DateResult(None, [])


def extract_incident_date(ctx: DocContext, publication_date: str | None,
                          companies: list[str] | None = None) -> DateResult:
    """The best-ranked incident date in the article, or None."""
    events = event_sentences(ctx)
    best: tuple[int, str, Evidence] | None = None
    for span in ctx.spans("dates"):
        index = ctx.sentence_index(span)
        if ctx.has_cue(index, "OTHER_INCIDENT", "FICTION", "GENERIC"):
            continue
        if companies and ctx.names_other_organisation(index, companies) and ctx.has_old_date(index, publication_date):
            continue  # "En 2020, Carrefour avait été sanctionné ..."
        role = date_role(ctx, span, index in events or ctx.has_cue(index, "INCIDENT"))
        if not role or (best is not None and role < best[0]):
            continue  # parsing is the costly part: only dates that can win are parsed
        value = parse_date_expression(span.text, base=publication_date)
        if value is None or (publication_date and value[: len(publication_date)] > publication_date):
            continue
        if best is None or _better(role, value, best[0], best[1]):
            best = (role, value, ctx.evidence(span, value))
    if best is None:
        return DateResult(None, [])
    return DateResult(best[1], [best[2]])


def date_role(ctx: DocContext, span: Span, event_sentence: bool) -> int:
    """BEGAN, IN_EVENT, FOUND, DISCLOSED, or 0 when the date does not date this incident."""
    lowered = span.text.lower()
    if _names_an_act(ctx, span) or _dateline(ctx, span):
        return 0
    if lowered.startswith(STARTS):
        exposure = ctx.cue_in_clause(span, ("DATE_EXPOSURE",), EXPOSURE_REACH)
        if exposure is not None and exposure.span.end <= span.start:
            return BEGAN
    if _is_range(lowered) and event_sentence:  # "entre juin et septembre", "d'avril à septembre 2023"
        return IN_EVENT
    role = ctx.cue_in_clause(span, ROLE_OF_CUE, ROLE_WINDOW)
    other = ctx.cue_in_clause(span, ("DATE_OTHER",), ROLE_WINDOW)
    if other is not None and (role is None or _distance(other.span, span) < _distance(role.span, span)):
        return 0
    if role is not None:
        return ROLE_OF_CUE[role.label] if event_sentence or role.label != "DATE_DISCLOSED" else 0
    if lowered.startswith(STARTS):
        return 0  # "pris en charge depuis 2015", "actif depuis 2021"
    return IN_EVENT if event_sentence else 0


def _is_range(lowered: str) -> bool:
    return lowered.startswith(("entre ", "du ", "de ", "d'", "d’")) and any(
        sep in lowered for sep in (" et ", " au ", " à "))


def _names_an_act(ctx: DocContext, span: Span) -> bool:
    """'la loi n° 2013-450 du 19 juin 2013', "l'arrêt du 4 mai 2023": the date (or number) of a legal act."""
    doc = ctx.doc
    before = [t.lower_ for t in doc[max(span.start - ACT_WINDOW, ctx.sentence(span).start):span.start]]
    return bool(before) and (before[-1] in ("n°", "no", "nº") or any(word in LEGAL_ACTS for word in before))


def _dateline(ctx: DocContext, span: Span) -> bool:
    """'Dakar, le 12 juin 2024 – La Commission ...': the place and date of the dispatch, not of the facts."""
    doc = ctx.doc
    sentence = ctx.sentence(span)
    return (span.start - sentence.start <= DATELINE_START and span.end < len(doc)
            and doc[span.end].text in ("–", "—", "-") and doc[sentence.start].text[:1].isupper())


def _distance(a: Span, b: Span) -> int:
    return b.start - a.end if b.start >= a.end else a.start - b.end


def _better(role: int, value: str, best_role: int, best_value: str) -> bool:
    """Role first; then, of two nested dates, the precise one; otherwise the earliest."""
    if role != best_role:
        return role > best_role
    if value.startswith(best_value) or best_value.startswith(value):
        return len(value) > len(best_value)  # "2013" and "2013-11": keep the precise one
    return value < best_value
