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
  ("Fin janvier, un message a été adressé à la mauvaise liste") and ranks just under "began", above all
  when an incident word of its clause is attached to it ("ont été chiffrés le 16.10.2023");
- dates after publication, in sentences about another incident, or two years older than another
  candidate of the same rank are not chosen over it: of equal roles, the earliest wins.
"""

from __future__ import annotations

from spacy.tokens import Span

from pipeline.extract.context import DocContext
from pipeline.extract.fields import FieldResult, Page
from pipeline.extract.incident import event_sentences
from pipeline.extract.scope import Scope
from pipeline.extract.tense import pluperfect
from pipeline.learn.candidates import Candidate, pick
from pipeline.normalize.dates import date_from_url, parse_date_expression, parse_publication_date
from pipeline.record import Evidence
from pipeline.resources import tunables, words

TUNED = tunables("dates")  # [tuning.dates] of models/config.toml

BEGAN, IN_EVENT, FOUND, DISCLOSED = 4, 3, 2, 1
ROLE_OF_CUE = {"DATE_BEGAN": BEGAN, "DATE_FOUND": FOUND, "DATE_DISCLOSED": DISCLOSED}
STARTS = ("depuis", "dès", "entre", "à partir", "à compter")
NUMBER_SIGNS = ("n°", "nº", "no", "°")  # "n°" is sometimes split into "n" and "°"
def extract_publication_date(page: Page) -> FieldResult:
    """The byline's date, else the page metadata's (HTML meta tags, a dump's scraper line), else the URL's."""
    source = page.ctx.document.source
    if source.byline:
        value = parse_publication_date(source.byline)
        if value:
            return FieldResult(value, [Evidence(0, len(source.byline), source.byline, value, ref="byline")])
    if source.date:
        return FieldResult(source.date, [Evidence(0, len(source.date), source.date, source.date, ref="metadata")])
    value = date_from_url(source.url)
    if value:
        return FieldResult(value, [Evidence(0, len(source.url or ""), source.url or "", value, ref="url")])
    return FieldResult(None)


def extract_incident_date(page: Page) -> FieldResult:
    """The best-scored incident date of the article, or None."""
    ctx, model = page.ctx, page.model("incident_date_model")
    candidates = date_candidates(ctx, page.scope, page.record.date)
    best = pick(candidates, model)
    if best is None:
        return FieldResult(None, [], candidates)
    nested = [c for c in candidates if c.score >= model.threshold and len(c.value) > len(best.value)
              and c.value.startswith(best.value)]
    if nested:  # "depuis 2013" and "depuis novembre 2013": the same date, at the precision the page gives
        best = max(nested, key=lambda c: (len(c.value), c.score))
    return FieldResult(best.value, [ctx.evidence(best.span, best.value)], candidates)


def date_candidates(ctx: DocContext, scope: Scope, publication_date: str | None) -> list[Candidate]:
    """Every date expression of the page that parses to a day, month or year not after publication, with the
    features of its role (see the module docstring) and of its sentence."""
    events = event_sentences(ctx)
    caused = {ctx.sentence_index(s) for s in ctx.spans("causes") if s.label_ != "none" and not ctx.is_negated(s)}
    sanction_page = any(ctx.has_cue(i, "SANCTION") for i in ctx.title_indices | ctx.lead_indices)
    found: list[Candidate] = []
    for span in ctx.spans("dates"):
        value = parse_date_expression(span.text, base=publication_date)
        if value is None or (publication_date and value[: len(publication_date)] > publication_date):
            continue
        if _numbered(ctx, span) or _names_an_act(ctx, span):  # "la loi n° 2008-12", "la loi du 25 janvier 2008"
            continue  # the number or date of a legal act never dates an incident
        index = ctx.sentence_index(span)
        event = index in events or ctx.has_cue(index, "INCIDENT", "EXPOSE") or index in caused
        role = date_role(ctx, span, event)
        lowered = span.text.lower()
        features = {
            "began": float(role == BEGAN), "in_event": float(role == IN_EVENT), "found": float(role == FOUND),
            "disclosed": float(role == DISCLOSED), "no_role": float(role == 0),
            "other_cue": float(ctx.cue_in_clause(span, ("DATE_OTHER",), TUNED.role_window) is not None),
            "outside_scope": float(not scope.reads(index)),
            "event_sentence": float(event), "lead": float(index in ctx.lead_indices),
            "title": float(index in ctx.title_indices), "pluperfect": float(pluperfect(ctx.sentences[index])),
            "starts": float(lowered.startswith(STARTS)), "range": float(_is_range(lowered)),
            "day": float(len(value) == 10), "month": float(len(value) == 7), "year": float(len(value) == 4),
            "relative": float(not any(ch.isdigit() for ch in span.text)),
            "years_before": _years_before(value, publication_date), "sanction_page": float(sanction_page),
            "publication_day": float(bool(publication_date) and value == publication_date),
            "starts_in_event": float(lowered.startswith(STARTS) and (event or ctx.has_cue(index, "DATE_EXPOSURE"))),
            "dateline": float(_dateline(ctx, span)),
            "event_cue_near": float(_attached_to_the_event(ctx, span, index)),
        }
        found.append(Candidate(value, span, features))
    _compare(found)
    return found


def _attached_to_the_event(ctx: DocContext, span: Span, index: int) -> bool:
    """An incident word of the date's clause right before or after it ("ont été chiffrés le 16.10.2023"), the
    clause naming no other role for the date ("corrigée en janvier") and the sentence telling no older story
    ("avait déjà été piratée en 2017")."""
    if ctx.cue_in_clause(span, ("INCIDENT", "EXPOSE"), TUNED.event_cue_reach) is None:
        return False
    return (ctx.cue_in_clause(span, ("DATE_OTHER",), TUNED.role_window) is None
            and not pluperfect(ctx.sentences[index]) and not ctx.has_cue(index, "OTHER_INCIDENT"))


def _compare(candidates: list[Candidate]) -> None:
    """Features that place a date among the others: the earliest of the page, and the same date written
    again. A date nested in another one (2013 and 2013-11) is the same date, at another precision."""
    values = [c.value for c in candidates]
    for candidate in candidates:
        value = candidate.value
        candidate.features["earliest"] = float(all(value[:len(o)] <= o[:len(value)] for o in values))
        candidate.features["repeated"] = float(min(sum(1 for o in values if o.startswith(value) or value.startswith(o))
                                                   - 1, TUNED.repeat_cap))


def _years_before(value: str, publication_date: str | None) -> float:
    if not publication_date:
        return 0.0
    return min(max(int(publication_date[:4]) - int(value[:4]), 0), TUNED.years_cap) / TUNED.years_cap


def date_role(ctx: DocContext, span: Span, event_sentence: bool) -> int:
    """BEGAN, IN_EVENT, FOUND, DISCLOSED, or 0 when the date does not date this incident."""
    lowered = span.text.lower()
    if _names_an_act(ctx, span) or _dateline(ctx, span):
        return 0
    if lowered.startswith(STARTS):
        exposure = ctx.cue_in_clause(span, ("DATE_EXPOSURE",), TUNED.exposure_reach)
        if exposure is not None and exposure.span.end <= span.start:
            return BEGAN
    if _is_range(lowered) and event_sentence:  # "entre juin et septembre", "d'avril à septembre 2023"
        return IN_EVENT
    role = ctx.cue_in_clause(span, ROLE_OF_CUE, TUNED.role_window)
    other = ctx.cue_in_clause(span, ("DATE_OTHER",), TUNED.role_window)
    if other is not None and (role is None or _distance(other.span, span) < _distance(role.span, span)):
        return 0
    if role is not None:
        return ROLE_OF_CUE[role.label] if event_sentence or role.label != "DATE_DISCLOSED" else 0
    if lowered.startswith(STARTS):
        return 0  # "pris en charge depuis 2015", "actif depuis 2021"
    return IN_EVENT if event_sentence else 0


def _numbered(ctx: DocContext, span: Span) -> bool:
    """A date-shaped number ("2008-12") that a "n°" or a legal act's name introduces: "la loi n° 2008-12"."""
    before = ctx.doc[span.start - 1].lower_ if span.start else ""
    return span.text[:4].isdigit() and "-" in span.text[:8] and (before in NUMBER_SIGNS or before in legal_acts())


def _is_range(lowered: str) -> bool:
    return lowered.startswith(("entre ", "du ", "de ", "d'", "d’")) and any(
        sep in lowered for sep in (" et ", " au ", " à "))


def _names_an_act(ctx: DocContext, span: Span) -> bool:
    """'la loi n° 2013-450 du 19 juin 2013', "l'arrêt du 4 mai 2023": the date (or number) of a legal act."""
    doc = ctx.doc
    before = [t.lower_ for t in doc[max(span.start - TUNED.act_window, ctx.sentence(span).start):span.start]]
    return bool(before) and (before[-1] in NUMBER_SIGNS or any(word in legal_acts() for word in before))


def legal_acts() -> frozenset[str]:
    """Names of legal acts whose number or date is no incident date (models/lexicons/legal_acts.txt)."""
    return words("legal_acts.txt")


def _dateline(ctx: DocContext, span: Span) -> bool:
    """'Dakar, le 12 juin 2024 – La Commission ...', 'OSLO, 14 septembre 2023 (AFP) - ...': the place and date of
    the dispatch at the head of a sentence, before a dash, not the date of the facts."""
    doc = ctx.doc
    sentence = ctx.sentence(span)
    if span.start - sentence.start > TUNED.dateline_start or not doc[sentence.start].text[:1].isupper():
        return False
    after = doc[span.end:min(span.end + TUNED.dateline_reach, sentence.end)]
    return any(t.text in ("–", "—", "-") for t in after)


def _distance(a: Span, b: Span) -> int:
    return b.start - a.end if b.start >= a.end else a.start - b.end
