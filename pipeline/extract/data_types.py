"""``data_types``: the kinds of personal data exposed, collected or shared (SCHEMA codes).

A data phrase (patterns/data_types.jsonl) counts when its sentence says data was exposed, taken,
collected or shared (an EXPOSE cue) or lists several kinds of data, and when it is not negated
("aucune donnée bancaire n'a été exposée") nor part of advice. Phrases marked ``ctx:voice`` count
``voice:CODE`` mean CODE in articles about voice devices ("enregistrements" of a smart speaker are audio);
ambiguous words marked ``list`` ("nom", "photos", "messages") count only inside a list of data kinds.
Sentences about risks, advice, fiction or another incident are not read.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.extract.context import DocContext
from pipeline.record import DATA_TYPES, Evidence

BLOCKER = "none"
LIST_ONLY = "list"
VOICE_MIN_CUES = 2  # an article is about voice devices when it says so at least twice
MUTED_BY = ("ADVICE", "FICTION", "RISK", "OTHER_INCIDENT")
VOICE_PREFIX = "voice:"
LIST_MIN_KINDS = 2  # a sentence naming this many kinds of data is a list of exposed data


@dataclass(frozen=True, slots=True)
class DataTypesResult:
    values: list[str]
    evidence: list[Evidence]


def extract_data_types(ctx: DocContext) -> DataTypesResult:
    voice = ctx.cue_count(range(len(ctx.sentences)), "CTX_VOICE") >= VOICE_MIN_CUES
    by_sentence: dict[int, list] = {}
    for span in ctx.data_spans:
        code = span.label_
        if voice and span.id_.startswith(VOICE_PREFIX):
            code = span.id_[len(VOICE_PREFIX):]
        if code == BLOCKER or code not in DATA_TYPES:
            continue
        by_sentence.setdefault(ctx.sentence_index(span), []).append((code, span))
    blockers = [span for span in ctx.data_spans if span.label_ == BLOCKER]
    found: dict[str, list[Evidence]] = {}
    for index, mentions in by_sentence.items():
        if ctx.has_cue(index, *MUTED_BY):
            continue
        kinds = len({code for code, _ in mentions})
        # an exposure word inside a blocker phrase ("envoyé un SMS") exposes nothing
        exposed = any(not any(b.start <= c.span.start and c.span.end <= b.end for b in blockers)
                      for c in ctx.cues(index, "EXPOSE"))
        for code, span in mentions:
            if span.id_ == LIST_ONLY:  # "noms", "photos": only inside a list of data
                counts = kinds >= LIST_MIN_KINDS + 1 or (kinds >= LIST_MIN_KINDS and exposed)
            else:
                counts = exposed or kinds >= LIST_MIN_KINDS
            if counts and not ctx.is_negated(span):
                found.setdefault(code, []).append(ctx.evidence(span, code))
    values = [code for code in DATA_TYPES if code in found]
    return DataTypesResult(values, [e for code in values for e in found[code][:2]])
