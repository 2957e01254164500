"""``quantity_ruler``: money amounts, counts and dates (token patterns), matched only around their triggers.

Every money, count and date pattern (generated in :mod:`pipeline.components.rulers` from the lexicons)
holds a *trigger*: a number, a token with a digit, or a rarer calendar or currency word ("mars",
"hier", "dernier", "£"). Most of an article has none, so the matcher runs only on windows around the
triggers, which costs a fraction of a pass over every token. The matches are filtered (longest first,
as ``spacy.first_longest_spans_filter``) and filed under ``doc.spans["money"]`` (label MONEY),
``["dates"]`` (DATE) and ``["counts"]`` (labelled with the unit of their head noun: the count patterns
share one label, COUNT, and ``units`` maps the head's lemma to the schema unit).

A pattern without a trigger would silently never match, so building the component checks every one.

Set, regex and comparison predicates are compiled into lexeme flags (:mod:`pipeline.components.lexeme_flags`).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.components.lexeme_flags import LexemeFlags

WINDOW_BEFORE = 6  # tokens a pattern may start before its first trigger ("à partir du", "il y a")
WINDOW_AFTER = 10  # tokens it may run past it ("du vendredi 9 au samedi 10 février 2024")
# words too common to be triggers: a pattern needs a rarer token as well
COMMON = frozenset({"le", "la", "les", "l'", "l’", "du", "de", "des", "d'", "d’", "en", "au", "aux", "à", "et",
                    "entre", "depuis", "dès", "il", "y", "a", "ce", "cette", "un", "une", "fin", "début",
                    "courant", "mi", "mi-", "partir", "compter", "moins", "nuit", "dans", "-"})
# number words too common to be triggers on their own: every pattern that reads "un"/"une" as a number has
# a rarer required token within the window ("un million", "il y a un an", "une semaine")
WEAK_NUMBERS = frozenset({"un", "une"})


COUNT = "COUNT"


@Language.factory("quantity_ruler", default_config={"patterns": [], "units": {}})
def make_quantity_ruler(nlp: Language, name: str, patterns: list[dict], units: dict[str, str]) -> QuantityRuler:
    return QuantityRuler(nlp, patterns, units)


class QuantityRuler:
    def __init__(self, nlp: Language, patterns: list[dict], units: dict[str, str]) -> None:
        self.matcher = Matcher(nlp.vocab, validate=False)
        self.flags = LexemeFlags(nlp.vocab)
        self.units = units
        self.triggers: set[str] = set()
        self._trigger_cache: dict[int, bool] = {}
        self.add_patterns(patterns)

    def add_patterns(self, patterns: Iterable[dict]) -> None:
        for item in patterns:
            tokens = item["pattern"]
            words = pattern_triggers(tokens)
            if words is None:
                raise ValueError(f"quantity pattern without a trigger (it would never match): {tokens}")
            self.triggers |= words
            self._trigger_cache.clear()
            self.matcher.add(item["label"], [[self.flags.compile(token) for token in tokens]])

    def __call__(self, doc: Doc) -> Doc:
        found: list[Span] = []
        for start, end in self.windows(doc):
            found.extend(self.matcher(doc[start:end], as_spans=True))
        groups: dict[str, list[Span]] = {"money": [], "dates": [], "counts": []}
        for span in filter_spans(found):
            if span.label_ == COUNT:
                groups["counts"].append(Span(doc, span.start, span.end, label=self.units[span[-1].lemma_]))
            else:
                groups["money" if span.label_ == "MONEY" else "dates"].append(span)
        for key, spans in groups.items():
            doc.spans[key] = spans
        return doc

    def windows(self, doc: Doc) -> list[tuple[int, int]]:
        """Merged token ranges around the triggers of the document."""
        if not len(doc):
            return []
        orths, inverse = numpy.unique(doc.to_array(ORTH), return_inverse=True)
        is_trigger = numpy.array([self._is_trigger(doc, int(orth)) for orth in orths], dtype=bool)[inverse]
        windows: list[tuple[int, int]] = []
        for i in numpy.nonzero(is_trigger)[0].tolist():
            start, end = max(i - WINDOW_BEFORE, 0), min(i + WINDOW_AFTER + 1, len(doc))
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], end)
            else:
                windows.append((start, end))
        return windows

    def _is_trigger(self, doc: Doc, orth: int) -> bool:
        known = self._trigger_cache.get(orth)
        if known is None:
            lexeme = doc.vocab[orth]
            known = ((lexeme.like_num and lexeme.lower_ not in WEAK_NUMBERS) or lexeme.lower_ in self.triggers
                     or any(ch.isdigit() for ch in lexeme.text))
            self._trigger_cache[orth] = known
        return known


def pattern_triggers(tokens: list[dict]) -> set[str] | None:
    """The trigger words of a pattern (possibly none: a number or digit is its trigger), or None when it
    has no required token that can trigger it."""
    words: set[str] = set()
    triggered = False
    for token in tokens:
        if token.get("OP") in ("?", "*") or str(token.get("OP", "")).startswith("{0"):
            continue
        if token.get("LIKE_NUM") or "SHAPE" in token or "REGEX" in str(token.get("LOWER", "")):
            triggered = True
            continue
        lower = token.get("LOWER")
        values = lower.get("IN", []) if isinstance(lower, dict) else [lower] if isinstance(lower, str) else []
        rare = {v for v in values if v not in COMMON}
        if rare and len(rare) == len(values):
            words |= rare
            triggered = True
        elif any(v[:1].isdigit() for v in values):  # day numbers ("1er", "14")
            triggered = True
    return words if triggered else None

