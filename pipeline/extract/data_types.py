"""``data_types``: the kinds of personal data exposed, collected or shared (SCHEMA codes).

A data phrase (patterns/data_types.jsonl) counts when its sentence says data was exposed, taken,
collected or shared (an EXPOSE cue) or lists several kinds of data, and when it is not negated
("aucune donnée bancaire n'a été exposée") nor part of advice. Phrases marked ``ctx:voice`` count
``voice:CODE`` mean CODE in articles about voice devices ("enregistrements" of a smart speaker are audio);
ambiguous words marked ``list`` ("nom", "photos", "messages") count only inside a list of data kinds.
Sentences about risks, advice, fiction or another incident are not read.
"""

from __future__ import annotations

from spacy.tokens import Span

from pipeline.extract.context import AUXILIARIES, DocContext
from pipeline.extract.fields import FieldResult, Page
from pipeline.extract.scope import ADVICE, OTHER, Scope
from pipeline.learn.candidates import Candidate, score
from pipeline.record import DATA_TYPES
from pipeline.resources import tunables, words

TUNED = tunables("data_types")  # [tuning.data_types] of models/config.toml

BLOCKER = "none"
LIST_ONLY = "list"
VOICE_PREFIX = "voice:"
def extract_data_types(page: Page) -> FieldResult:
    """The codes whose candidate the model keeps, in SCHEMA order, each with up to two evidence spans."""
    ctx, model = page.ctx, page.model("data_types_model")
    candidates = data_type_candidates(ctx, page.scope)
    score(candidates, model)
    kept = {c.value: c for c in candidates if c.score >= model.threshold}
    values = [code for code in DATA_TYPES if code in kept]
    evidence = [ctx.evidence(span, code) for code in values for span in _evidence_spans(kept[code])]
    return FieldResult(values, evidence, candidates)


def data_type_candidates(ctx: DocContext, scope: Scope) -> list[Candidate]:
    """One candidate per code the page names, with the features of all its mentions. ``rule`` is the first
    version's decision: a mention counts when its sentence says data was exposed, taken, collected or shared
    (an EXPOSE cue) or lists several kinds of data, in the incident's scope and not negated."""
    voice = ctx.cue_count(range(len(ctx.sentences)), "CTX_VOICE") >= TUNED.voice_min_cues
    by_sentence: dict[int, list[tuple[str, Span]]] = {}
    for span in ctx.data_spans:
        code = span.label_
        if voice and span.id_.startswith(VOICE_PREFIX):
            code = span.id_[len(VOICE_PREFIX):]
        if code == BLOCKER or code not in DATA_TYPES:
            continue
        by_sentence.setdefault(ctx.sentence_index(span), []).append((code, span))
    blockers = [span for span in ctx.data_spans if span.label_ == BLOCKER]
    counts = {ctx.sentence_index(s) for s in ctx.spans("counts")}
    mentions: dict[str, list[tuple[Span, dict[str, float]]]] = {}
    for index, found in by_sentence.items():
        kinds = len({code for code, _ in found})
        # an exposure word inside a blocker phrase ("envoyé un SMS") exposes nothing
        exposures = [c.span for c in ctx.cues(index, "EXPOSE")
                     if not any(b.start <= c.span.start and c.span.end <= b.end for b in blockers)]
        exposed = bool(exposures)
        reads = scope.reads(index)
        # an enumeration spread over two sentences: the neighbour names other kinds of data
        beside = len({code for near in (index - 1, index + 1) for code, _ in by_sentence.get(near, ())})
        for code, span in found:
            listed = kinds >= TUNED.list_min_kinds + 1 or (kinds >= TUNED.list_min_kinds and exposed)
            counted = (listed if span.id_ == LIST_ONLY else exposed or kinds >= TUNED.list_min_kinds)
            negated = ctx.is_negated(span)
            mentions.setdefault(code, []).append((span, {
                "rule": float(counted and reads and not negated), "in_scope": float(reads),
                "exposed": float(exposed), "listed": float(kinds >= TUNED.list_min_kinds),
                "kinds": min(kinds, TUNED.kinds_cap) / TUNED.kinds_cap, "negated": float(negated),
                "list_only": float(span.id_ == LIST_ONLY), "title": float(index in ctx.title_indices),
                "lead": float(index in ctx.lead_indices), "with_count": float(index in counts),
                "hypothetical": float(ctx.has_cue(index, "HYP")),
                "beside": min(beside, TUNED.kinds_cap) / TUNED.kinds_cap,
                "expose_link": float(any(_linked(ctx, span, cue) for cue in exposures)),
                "advice": float(scope.kind(index) == ADVICE), "other": float(scope.kind(index) == OTHER),
            }))
    _negate_enumerations(ctx, mentions)
    candidates = [_candidate(code, found) for code, found in mentions.items()]
    counted_codes = sum(c.features["rule"] for c in candidates)  # a page that names few kinds names them with care
    for candidate in candidates:
        candidate.features["page_codes"] = min(counted_codes, TUNED.page_codes_cap) / TUNED.page_codes_cap
    return candidates


def _negate_enumerations(ctx: DocContext, mentions: dict[str, list[tuple[Span, dict[str, float]]]]) -> None:
    """A negation of one item of an enumeration of data kinds negates every item ("aucun mot de passe, code
    secret ou numéro de carte n'a été exposé"): items joined only by glue words (models/lexicons/
    enumeration_glue.txt) form one enumeration."""
    glue = words("enumeration_glue.txt")
    items = sorted((span.start, span, features) for found in mentions.values() for span, features in found)
    group: list[dict[str, float]] = []
    for position, (_, span, features) in enumerate(items):
        previous = items[position - 1][1] if position else None
        joined = previous is not None and 0 < span.start - previous.end <= TUNED.enumeration_gap and all(
            t.lower_ in glue for t in ctx.doc[previous.end:span.start])
        if not joined:
            _spread_negation(group)
            group = []
        group.append(features)
    _spread_negation(group)


def _spread_negation(group: list[dict[str, float]]) -> None:
    if len(group) > 1 and any(f["negated"] for f in group):
        for features in group:
            features["negated"], features["rule"] = 1.0, 0.0


def _candidate(code: str, mentions: list[tuple[Span, dict[str, float]]]) -> Candidate:
    """A code's features over its mentions: the best of each signal, and how many mentions count."""
    features = {name: max(f[name] for _, f in mentions) for name in mentions[0][1]}
    features["negated"] = min(f["negated"] for _, f in mentions)  # negated everywhere it is named
    features["mentions"] = min(len(mentions), TUNED.mentions_cap) / TUNED.mentions_cap
    features["counted"] = min(sum(f["rule"] for _, f in mentions), TUNED.mentions_cap) / TUNED.mentions_cap
    features[f"code_{code}"] = 1.0
    ordered = sorted(mentions, key=lambda m: (-m[1]["rule"], m[0].start))
    return Candidate(code, ordered[0][0], features, extra=[span for span, _ in ordered[:TUNED.evidence_per_code]])


def _linked(ctx: DocContext, span: Span, cue: Span) -> bool:
    """The exposure verb governs the data phrase: "les mots de passe ont été dérobés" (the phrase, then an
    auxiliary and the verb in the same clause) or "a exposé les mots de passe" (the verb right before)."""
    if ctx.clause_break_between(span, cue):
        return False
    if cue.start >= span.end:
        between = ctx.doc[span.end:cue.start]
        return len(between) <= TUNED.expose_link_after and any(t.lower_ in AUXILIARIES for t in between)
    return span.start - cue.end <= TUNED.expose_link_before


def _evidence_spans(candidate: Candidate) -> list[Span]:
    return candidate.extra or [candidate.span]
