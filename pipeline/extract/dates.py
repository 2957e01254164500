"""``date`` (publication) and ``incident_date`` (when the incident happened, was found or disclosed).

The publication date comes from the page metadata (HTML, through trafilatura/htmldate) or from the
byline line of a text dump, both found by boilerplate removal. The incident date comes from date
expressions in the body, resolved against the publication date, and ranked by the role the sentence
gives them (SCHEMA: happened/began > discovered > disclosed).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.extract.context import DocContext
from pipeline.normalize.dates import parse_date_expression, parse_publication_date
from pipeline.record import Evidence

ROLE_RANK = {"DATE_BEGAN": 3, "DATE_FOUND": 2, "DATE_DISCLOSED": 1}
INCIDENT_LABELS = ("INCIDENT", "EXPOSE", "AFFECT")
ROLE_WINDOW = 12  # tokens between a date and the cue that gives it a role


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


def extract_incident_date(ctx: DocContext, publication_date: str | None) -> DateResult:
    """The best-ranked incident date in the article, or None."""
    best: tuple[int, str, Evidence] | None = None
    for span in ctx.spans("dates"):
        index = ctx.sentence_index(span)
        if ctx.has_cue(index, "OTHER_INCIDENT", "FICTION") and not _has_own_role(ctx, span):
            continue
        value = parse_date_expression(span.text, base=publication_date)
        if value is None or (publication_date and value[: len(publication_date)] > publication_date):
            continue
        role = _role(ctx, span)
        if role == 0:
            continue
        if best is None or _better(role, value, best[0], best[1]):
            best = (role, value, ctx.evidence(span, value))
    if best is None:
        return DateResult(None, [])
    return DateResult(best[1], [best[2]])


def _role(ctx: DocContext, span) -> int:
    index = ctx.sentence_index(span)
    roles = ctx.nearest_cue(span, ROLE_RANK, window=ROLE_WINDOW)
    other = ctx.nearest_cue(span, ("DATE_OTHER",), window=ROLE_WINDOW)
    if roles is None:
        return 0
    if other is not None and other[1] < roles[1]:
        return 0
    if not ctx.has_cue(index, *INCIDENT_LABELS) and roles[0].label == "DATE_DISCLOSED":
        return 0
    return ROLE_RANK[roles[0].label]


def _has_own_role(ctx: DocContext, span) -> bool:
    found = ctx.nearest_cue(span, ("DATE_BEGAN", "DATE_FOUND"), window=2)
    return found is not None and span.text.lower().startswith(("depuis", "dès"))


def _better(role: int, value: str, best_role: int, best_value: str) -> bool:
    """Role first; then, of two nested dates, the precise one; otherwise the earliest."""
    if role != best_role:
        return role > best_role
    if value.startswith(best_value) or best_value.startswith(value):
        return len(value) > len(best_value)  # "2013" and "2013-11": keep the precise one
    return value < best_value  # the earliest
