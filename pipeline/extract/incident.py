"""``is_incident``: does the page report a concrete incident, leak, unlawful processing or sanction?

A linear model (:class:`~pipeline.learn.linear.LinearModel`, ``models/classifiers/is_incident.json``)
weighs page-level features; which weights it uses is the config's choice (``extract.incident_model``):
the logistic fit on the development corpus (``python -m pipeline.learn.train``) or hand-set weights.
The features:

- event sentences (incident or sanction wording, or a strong cause phrase): in the title, in the lead,
  and their share of all sentences;
- how one incident stands out: the proper name most often written in event sentences, how many event
  sentences name it and its share of all the names they write (a roundup names many organisations once,
  an explainer none, a report one organisation again and again), event sentences in the past tense
  that name someone;
- what makes a page a how-to, an explainer, a study or a promotion: advice and definition wording in the
  title and the lead, a security-hygiene topic in a title that reports no event ("double
  authentification"), sentences opening with an imperative, the reader addressed as "vous", a company
  speaking as "nous", questions, percentages, many years cited, fiction and genre wording
  (conference report, legislation, review, opinion).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy
from spacy.tokens import Span

from pipeline.extract.context import DocContext
from pipeline.extract.fields import FieldResult, Page
from pipeline.extract.tense import compound_past
from pipeline.record import Evidence
from pipeline.resources import lexicon, tunables

EVENT = ("INCIDENT", "SANCTION")
CAPS = tunables("is_incident_caps")  # [tuning.is_incident_caps]: the most a page feature counts
TUNED = tunables("is_incident")  # [tuning.is_incident] of models/config.toml
# features the hand-set weights read but a fit must not: the share of event sentences depends on the page's
# length (a fit on whole pages learns that explainers have a high share, and then rejects a two-line report)
NOT_LEARNED = frozenset({"event_share"})
# data-type codes whose phrases are unambiguous personal data ("photos" or "nom" alone are not)
SPECIFIC_DATA = frozenset({"email", "phone", "postal_address", "birth_date", "national_id", "financial",
                           "credentials", "health", "vehicle_id", "device_id", "biometric"})
_IMPERATIVE_SUFFIXES = ("ez-vous", "ez-le", "ez-la", "ez-les", "ez-en", "ez-y", "ez-moi", "ez-nous")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def extract_is_incident(page: Page) -> FieldResult:
    """Whether the page reports an incident: the model's probability over the page features."""
    ctx, model = page.ctx, page.model("incident_model")
    events = event_sentences(ctx)
    features = incident_features(ctx, events)
    probability = model.probability(features)
    value = probability >= model.threshold and has_event_evidence(features)
    evidence: list[Evidence] = []
    if value:
        title, lead = ctx.title_indices, ctx.lead_indices
        for index in sorted(events, key=lambda i: (i not in title, i not in lead, i))[:TUNED.evidence_sentences]:
            cues = ctx.cues(index, *EVENT)
            evidence.extend(ctx.evidence(c.span, True) for c in cues[:TUNED.evidence_cues])
    return FieldResult(value, evidence)


def has_event_evidence(features: dict[str, float]) -> bool:
    """The least a page reporting an incident shows (precision first: a linear model adds up the absence of
    every explainer feature, and a page with one event sentence in passing can cross its threshold): an
    event in the title or the lead, the exposure detailed, an organisation named in
    ``name_events`` event sentences or in a past-tense one, or a dated event sentence.
    Measured on the development pages, the incident set, the seeds and ../shared/html (496 pages, 2026-12-03):
    no incident lost, three non-incidents (a job offer, two political articles) set right."""
    return bool(features["title_event"] or features["lead_event"] or features["exposure_detail"]
                or features["past_named_events"] or features["event_dates"]
                or features["top_name_events"] >= TUNED.name_events)


def incident_features(ctx: DocContext, events: set[int] | None = None) -> dict[str, float]:
    """The page-level features the model weighs (see the module docstring), capped by CAPS."""
    if events is None:
        events = event_sentences(ctx)
    title, lead = ctx.title_indices, ctx.lead_indices
    body = [i for i in range(len(ctx.sentences)) if i not in title]
    voices, words = _voice_counts(ctx, body)
    per_hundred = 100.0 / max(words, 1)
    names: Counter[str] = Counter()
    past_named = 0
    for index in events:
        found = set(ctx.names(index))
        names.update(found)
        if found and compound_past(ctx.sentences[index]) and not ctx.has_cue(
                index, "OTHER_INCIDENT", "GENERIC", "HYP", "FICTION"):
            past_named += 1
    top = names.most_common(1)[0][1] if names else 0
    features = {
        "title_event": float(bool(events & title)),
        "lead_event": len(events & lead),
        "event_share": len(events - title) / len(body) if body else 0.0,
        "any_event": float(bool(events - title)),
        "title_howto": float(bool(_strong(ctx, title, "ADVICE", "DEFINITION"))),
        "title_topic": float(bool(_with_id(ctx, title, "topic", "ADVICE")) and not events & title),
        "lead_howto": len(_strong(ctx, lead, "ADVICE", "DEFINITION")),
        "imperative": max(sum(1 for s in ctx.sentences if opens_with_imperative(s)) - 1, 0),
        "fiction": ctx.cue_count(range(len(ctx.sentences)), "FICTION"),
        "exposure_detail": float(bool(exposure_details(ctx, events))),
        "genre": len({c.span.id_ for i in title | lead for c in ctx.cues(i, "GENRE")}),
        "reader": voices["reader"] * per_hundred,
        "we": voices["we"] * per_hundred,
        "questions": sum(1 for i in body if ctx.sentence_texts[i].rstrip().endswith("?")) / max(len(body), 1),
        "percent": int((ctx.token_array("ORTH") == ctx.doc.vocab.strings["%"]).sum()) / max(len(body), 1),
        "years": len(set(_YEAR.findall(ctx.text))),
        "top_name_events": top,
        "top_name_share": top / sum(names.values()) if names else 0.0,
        "event_names": len(names),
        "past_named_events": past_named,
        "event_dates": len({_month(span.text) for span in ctx.spans("dates")
                            if ctx.sentence_index(span) in events and _YEAR.search(span.text)}),
        "amounts": len({span.text for span in ctx.spans("money")}),
        "title_name": float(any(ctx.names(i) for i in title)),
    }
    caps = CAPS.table()
    return {name: float(min(value, caps.get(name, value))) for name, value in features.items()}


def _voice_counts(ctx: DocContext, sentences: list[int]) -> tuple[Counter[str], int]:
    """How many words of these sentences speak to the reader, or as a company's "nous" (page_voice.tsv),
    and how many words they hold."""
    lower, alpha = ctx.token_array("LOWER"), ctx.token_array("IS_ALPHA")
    body = numpy.zeros(len(lower), dtype=bool)
    for index in sentences:
        body[ctx.sentences[index].start:ctx.sentences[index].end] = True
    body &= alpha.astype(bool)
    table, strings = _voices(ctx.models_dir), ctx.doc.vocab.strings
    voices: Counter[str] = Counter()
    for word, count in zip(*(a.tolist() for a in numpy.unique(lower[body], return_counts=True)), strict=True):
        voice = table.get(strings[word])
        if voice:
            voices[voice] += count
    return voices, int(body.sum())


def _month(text: str) -> str:
    """A date expression's year and month words, to count distinct dates cheaply ("en mars 2024")."""
    return " ".join(w for w in text.lower().split() if w.isalpha() or _YEAR.fullmatch(w))


@lru_cache(maxsize=4)
def _voices(models_dir: Path) -> dict[str, str]:
    return {word: voice for word, voice in lexicon("page_voice.tsv", models_dir)}


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
    return _with_id(ctx, indices, "strong", *labels)


def _with_id(ctx: DocContext, indices: frozenset[int], kind: str, *labels: str) -> list:
    """The cues of ``labels`` in these sentences whose pattern id is ``kind`` ("strong" wording of advice,
    a security "topic" such as "double authentification" that an advice page is about)."""
    return [c for i in indices for c in ctx.cues(i, *labels) if c.span.id_ == kind]


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
