"""What every extractor reads: the annotated Doc, its sentences, the cues around a span, evidence.

:class:`DocContext` is built once per document from the spaCy ``Doc`` and the clean document. It
answers the questions the field extractors share ("which sentence is this span in?", "is it negated?",
"which cue is nearest?") and turns spans into :class:`~pipeline.record.Evidence` with offsets into
the record's ``text`` (or into the title, flagged ``ref="title"``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TypeVar

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.document import CleanDocument
from pipeline.nlp import doc_text
from pipeline.normalize.calendar import calendar
from pipeline.normalize.names import name_key
from pipeline.normalize.text import fold
from pipeline.record import Evidence
from pipeline.resources import lexicon, per_models_dir, tunables
from pipeline.settings import DEFAULT_MODELS_DIR

TUNED = tunables("context")  # [tuning.context] of models/config.toml

CLAUSE_BREAKS = frozenset({",", ";", ":", "mais", "tandis", "alors", "cependant", "toutefois", "revanche",
                           "contrairement", "–", "—", "(", ")", "que", "qu'", "qu’", "qui", "dont", "où", "car",
                           "puisque", "lorsque", "si", "parce"})
AUXILIARIES = frozenset({"a", "ont", "est", "sont", "été", "était", "étaient", "avait", "avaient", "sera", "seront",
                         "serait", "seraient", "aurait", "auraient", "fut", "furent"})
_YEAR = re.compile(r"\b(19|20)\d\d\b")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Cue:
    label: str
    span: Span


class DocContext:
    """The annotated document as the extractors see it."""

    def __init__(self, doc: Doc, document: CleanDocument, lead_sentences: int = 3,
                 models_dir: Path = DEFAULT_MODELS_DIR) -> None:
        self.doc = doc
        self.document = document
        self.models_dir = models_dir
        self.body_start: int = doc._.body_start
        text = self.text
        # sentences with a word in them (whitespace-only sentences are dropped)
        self.sentences: list[Span] = [s for s in doc.sents if text[s.start_char:s.end_char].strip()]
        self.sentence_texts: list[str] = [text[s.start_char:s.end_char] for s in self.sentences]
        self._starts = [s.start for s in self.sentences]
        body = [i for i, s in enumerate(self.sentences) if s.start_char >= self.body_start]
        self.title_indices = frozenset(i for i, s in enumerate(self.sentences) if s.start_char < self.body_start)
        self.lead_indices = frozenset(body[:lead_sentences])
        self._memo: dict[object, object] = {}
        self._span_lists: dict[str, tuple[Span, ...]] = {}
        self._cue_lists: dict[tuple[int, tuple[str, ...]], tuple[Cue, ...]] = {}
        self._negated: dict[tuple[int, int], bool] = {}

    def memo(self, key: object, compute: Callable[[], T]) -> T:
        """``compute()`` once per document: results several extractors share (keyed by ``key``)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[return-value]

    # -- sentences -------------------------------------------------------------------------
    def sentence_index(self, span: Span | int) -> int:
        """Index in :attr:`sentences` of the sentence holding ``span`` (or token index)."""
        index = bisect_right(self._starts, span if isinstance(span, int) else span.start) - 1
        return index if index > 0 else 0

    def sentence(self, span: Span | int) -> Span:
        return self.sentences[self.sentence_index(span)]

    def in_title(self, span: Span) -> bool:
        return span.start_char < self.body_start

    def in_lead(self, span: Span) -> bool:
        index = self.sentence_index(span)
        return index in self.lead_indices or index in self.title_indices

    # -- cues ------------------------------------------------------------------------------
    @cached_property
    def _cues_by_sentence(self) -> dict[int, list[Cue]]:
        return {index: _outermost([Cue(span.label_, span) for span in spans])
                for index, spans in self._by_sentence(self.spans("cues")).items()}

    def cues(self, index: int, *labels: str) -> tuple[Cue, ...]:
        """Cues of sentence ``index`` (all, or only those with one of ``labels``)."""
        key = (index, labels)
        found = self._cue_lists.get(key)
        if found is None:
            found = tuple(c for c in self._cues_by_sentence.get(index, ()) if not labels or c.label in labels)
            self._cue_lists[key] = found
        return found

    def sentences_with_cues(self) -> list[int]:
        """Indices of the sentences that hold at least one cue, in order."""
        return sorted(self._cues_by_sentence)

    def has_cue(self, index: int, *labels: str) -> bool:
        return bool(self.cues(index, *labels))

    def cue_count(self, indices: Iterable[int], *labels: str) -> int:
        return sum(len(self.cues(i, *labels)) for i in indices)

    def nearest_cue(self, span: Span, labels: Iterable[str], window: int = 1000,
                    same_clause: bool = False) -> tuple[Cue, int] | None:
        """The cue with one of ``labels`` nearest to ``span`` in its sentence, and its token distance."""
        wanted = set(labels)
        best: tuple[Cue, int] | None = None
        for cue in self.cues(self.sentence_index(span)):
            if cue.label not in wanted or _overlaps(cue.span, span):
                continue
            distance = cue.span.start - span.end if cue.span.start >= span.end else span.start - cue.span.end
            if distance > window or (same_clause and self.clause_break_between(span, cue.span)):
                continue
            if best is None or distance < best[1]:
                best = (cue, distance)
        return best

    def cue_in_clause(self, span: Span, labels: Iterable[str], window: int) -> Cue | None:
        """The nearest cue with one of ``labels`` within ``window`` tokens and in the same clause."""
        wanted = set(labels)
        found = [(self._distance(span, c.span), c) for c in self.cues(self.sentence_index(span))
                 if c.label in wanted and not _overlaps(c.span, span)]
        found = [(d, c) for d, c in found if d <= window and not self.clause_break_between(span, c.span)]
        return min(found, key=lambda item: item[0])[1] if found else None

    @staticmethod
    def _distance(a: Span, b: Span) -> int:
        return b.start - a.end if b.start >= a.end else a.start - b.end

    def _negates_exposure(self, cue: Span) -> bool:
        """'non concernées', 'non exposées': the word after "non" says whether data was exposed."""
        following = cue.end
        return any(c.span.start == following for c in self.cues(self.sentence_index(cue), "EXPOSE", "AFFECT"))

    def clause_break_between(self, a: Span, b: Span) -> bool:
        left, right = (a, b) if a.start <= b.start else (b, a)
        return right.start > left.end and self._breaks_before[right.start] > self._breaks_before[left.end]

    def token_array(self, attribute: str) -> numpy.ndarray:
        """One token attribute of the whole Doc as an array (``Doc.to_array``, once per attribute)."""
        return self.memo(("array", attribute), lambda: self.doc.to_array(attribute))

    @cached_property
    def _breaks_before(self) -> numpy.ndarray:
        """Number of clause-break tokens before each token index (one pass over the lower-case forms)."""
        strings = self.doc.vocab.strings
        breaks = numpy.array([strings[word] for word in CLAUSE_BREAKS], dtype="uint64")
        is_break = numpy.isin(self.doc.to_array(LOWER), breaks)
        return numpy.concatenate(([0], numpy.cumsum(is_break)))

    def _insertion_or_no_break(self, left: Span, right: Span) -> bool:
        """No clause break between the spans, or only a comma-delimited insertion ("les mots de passe,
        conservés sous forme chiffrée, ne sont pas touchés")."""
        between = self.doc[left.end:right.start]
        breaks = self._breaks_before[right.start] - self._breaks_before[left.end]
        return breaks == 0 or (breaks == 2 and sum(t.text == "," for t in between) == 2)

    def is_negated(self, span: Span) -> bool:
        """A negation cue in the same clause just before the mention, or right after it."""
        key = (span.start, span.end)
        if key not in self._negated:
            self._negated[key] = self._is_negated(span)
        return self._negated[key]

    def _is_negated(self, span: Span) -> bool:
        for cue in self.cues(self.sentence_index(span), "NEG"):
            if cue.span.text.lower() == "non" and not self._negates_exposure(cue.span):
                continue  # "une vulnérabilité non corrigée": "non" negates an adjective, not the mention
            before = cue.span.end <= span.start and span.start - cue.span.end <= TUNED.negation_before
            after = cue.span.start >= span.end and cue.span.start - span.end <= TUNED.negation_after
            if before and not self.clause_break_between(cue.span, span):
                return True
            if after and self._insertion_or_no_break(span, cue.span) and not any(
                    t.lower_ in AUXILIARIES for t in self.doc[span.end:cue.span.start]):
                return True  # "les codes d'accès et les cartes ne sont pas concernés", but not "... ont été volés et"
        return False

    # -- organisations and other incidents ------------------------------------------------
    def spans(self, key: str) -> tuple[Span, ...]:
        """The spans of ``doc.spans[key]`` (the Span objects are made once per document)."""
        if key not in self._span_lists:
            self._span_lists[key] = tuple(self.doc.spans.get(key, []))
        return self._span_lists[key]

    def spans_in(self, key: str, index: int) -> list[Span]:
        """The spans of ``doc.spans[key]`` that start in sentence ``index``, in order."""
        table = self.memo(("spans_in", key), lambda: self._by_sentence(self.spans(key)))
        return table.get(index, [])

    def ents_in(self, index: int) -> list[Span]:
        """The named entities that start in sentence ``index`` (as the NER has left them so far)."""
        ran_on = tuple(self.doc._.ner_sentences or ())  # the salient NER may run after this context is made
        table = self.memo(("ents_in", ran_on), lambda: self._by_sentence(self.doc.ents))
        return table.get(index, [])

    def _by_sentence(self, spans: Iterable[Span]) -> dict[int, list[Span]]:
        table: dict[int, list[Span]] = defaultdict(list)
        for span in spans:
            index = self.sentence_index(span)
            sentence = self.sentences[index] if self.sentences else None
            if sentence is not None and sentence.start <= span.start < sentence.end:
                table[index].append(span)
        return table

    @cached_property
    def data_spans(self) -> list[Span]:
        """Data-type phrases: multi-word (lemma) and one-word (exact form) matches, longest first."""
        found = self.spans("data_types") + self.spans("data_words") + self.spans("data_acronyms")
        return sorted(filter_spans(found), key=lambda s: s.start)

    def mentions_any(self, index: int, names: Sequence[str]) -> bool:
        """Sentence ``index`` mentions one of ``names`` (folded, legal suffixes dropped)."""
        text = self._folded_sentence(index)
        return any(key and key in text for key in (name_key(n) for n in names))

    def _folded_sentence(self, index: int) -> str:
        return self.memo(("folded", index), lambda: fold(self.sentence_texts[index]))

    def names_other_organisation(self, index: int, companies: Sequence[str], before: int | None = None) -> bool:
        """The sentence names a company and none of ``companies`` ('le piratage d'Ashley Madison avait
        exposé 30 millions de comptes', 'Carrefour avait été sanctionné à hauteur de 2,25 M€'); with
        ``before``, only names written before that token count (not the recipient named after a figure)."""
        if not companies or self.mentions_any(index, companies):
            return False
        ours = {name_key(c) for c in companies}
        sentence = self.sentences[index]
        if before is not None:
            sentence = self.doc[sentence.start:max(before, sentence.start)]
        covered: set[int] = set()
        other = False
        for org in self.spans_in("orgs", index):
            if org.start < sentence.end:
                covered.update(range(org.start, org.end))
                if org.label_ in ("company", "PRODUCT"):
                    if name_key(org.id_ or org.text) in ours:  # a product of ours ("Echo" for Amazon)
                        return False
                    other = True
        return other or any(ent.label_ == "ORG" and ent.start < sentence.end and ent.start not in covered
                            and not _authority_like(ent.text) for ent in self.ents_in(index))

    def has_old_date(self, index: int, publication_date: str | None) -> bool:
        """The sentence carries a date ``old_date_years`` or more before publication (another, older incident)."""
        if not publication_date:
            return False
        year, years = int(publication_date[:4]), TUNED.old_date_years
        for span in self.spans_in("dates", index):
            dates_a_period = span.text.lower().startswith(("depuis", "dès", "entre"))
            if not dates_a_period:
                found = _YEAR.search(span.text)
                if found and int(found.group(0)) <= year - years:
                    return True
        return False

    def names(self, index: int) -> list[str]:
        """Proper names written in sentence ``index``: known companies and products (their canonical name),
        and runs of capitalised words that do not open the sentence or a quote, nor name a month, a day, an
        authority or the press ("la mairie de Saint-Léger", "Stridenord", "Vårdapoteket AB")."""
        return self.memo(("names", index), lambda: self._names(index))

    def _names(self, index: int) -> list[str]:
        sentence = self.sentences[index]
        strings = self.doc.vocab.strings
        orths, lowers = self.token_array("ORTH"), self.token_array("LOWER")
        found: list[str] = []
        taken: set[int] = set()
        for org in self.spans_in("orgs", index):
            taken.update(range(org.start, org.end))
            if org.label_ in ("company", "PRODUCT"):
                found.append(org.id_ or org.text)
        alpha = numpy.nonzero(self.token_array("IS_ALPHA")[sentence.start:sentence.end])[0]
        first = sentence.start + int(alpha[0]) if len(alpha) else sentence.start
        calendar = _calendar_words()
        run: list[str] = []
        last = -1
        # only capitalised words and name links can be in a run; any other word ends it
        for i in (numpy.nonzero(self._capitalised_or_link[sentence.start:sentence.end])[0] + sentence.start).tolist():
            if i != last + 1:
                _close_run(run, found)
            last = i
            lower = strings[int(lowers[i])]
            capital = (i != first and i not in taken and self._capitalised[i] and lower not in calendar
                       and strings[int(orths[i - 1])] not in _QUOTE_OPENERS)
            if capital:
                run.append(strings[int(orths[i])])
            elif run and lower in _NAME_LINKS:
                run.append(lower)
            else:
                _close_run(run, found)
        _close_run(run, found)
        return found

    @cached_property
    def _capitalised(self) -> numpy.ndarray:
        """Per token: written with a capital followed by a letter ("Zoom", "CNIL"; not "A" nor "3M")."""
        return self.orth_mask(lambda text: text[:1].isupper() and text[1:2].isalpha())

    @cached_property
    def _capitalised_or_link(self) -> numpy.ndarray:
        links = self.orth_mask(lambda text: text.lower() in _NAME_LINKS)
        return self._capitalised | links

    def orth_mask(self, test: Callable[[str], bool]) -> numpy.ndarray:
        """Per token of the Doc, ``test`` of its text (see :func:`orth_mask`)."""
        return orth_mask(self.doc, test, self.token_array("ORTH"))

    def organisations(self, index: int) -> list[str]:
        """Names in sentence ``index`` that look like organisations: known companies and products, the NER's
        ORG and MISC entities (where the NER ran), and names written after an organisation-type noun
        ("l'opérateur Free", "le CHU de Brest", "la ville de Lille"); not places or people."""
        return self.memo(("organisations", index), lambda: self._organisations(index))

    def _organisations(self, index: int) -> list[str]:
        sentence = self.sentences[index]
        doc = self.doc
        found = [org.id_ or org.text for org in self.spans_in("orgs", index) if org.label_ in ("company", "PRODUCT")]
        found += [ent.text for ent in self.ents_in(index)
                  if ent.label_ in ("ORG", "MISC") and not _authority_like(ent.text)]
        types = _org_type_words(self.models_dir)
        strings = doc.vocab.strings
        orths, lowers = self.token_array("ORTH"), self.token_array("LOWER")
        for i in (numpy.nonzero(self._capitalised[sentence.start + 1:sentence.end])[0] + sentence.start + 1).tolist():
            before = [strings[int(w)] for w in lowers[max(i - 3, sentence.start):i].tolist()]
            while before and before[-1] in _NAME_LINKS:
                before.pop()
            if before and (before[-1] in types or " ".join(before[-2:]) in types):
                found.append(strings[int(orths[i])])
        return found

    # -- evidence --------------------------------------------------------------------------
    def evidence(self, span: Span, value: object = None) -> Evidence:
        """Evidence for a span of the Doc: offsets into ``text``, or into the title."""
        start, end = span.start_char, span.end_char
        text = self.text
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= self.body_start:
            return Evidence(start - self.body_start, end - self.body_start, text[start:end], value)
        return Evidence(start, end, text[start:end], value, ref="title")

    @cached_property
    def text(self) -> str:
        """The Doc's text, rebuilt from the document (``Doc.text`` joins every token, a slow walk)."""
        return doc_text(self.document)


_QUOTE_OPENERS = frozenset({"«", "“", '"', ":", "—", "–", "(", "\n"})
_NAME_LINKS = frozenset({"de", "du", "des", "d'", "d’"})


def orth_mask(doc: Doc, test: Callable[[str], bool], orths: numpy.ndarray | None = None) -> numpy.ndarray:
    """Per token of ``doc``, ``test`` of its text, evaluated once per distinct word (no ``Token`` objects)."""
    orths = doc.to_array("ORTH") if orths is None else orths
    if not len(orths):
        return numpy.zeros(0, dtype=bool)
    unique, inverse = numpy.unique(orths, return_inverse=True)
    strings = doc.vocab.strings
    return numpy.array([test(strings[int(orth)]) for orth in unique.tolist()], dtype=bool)[inverse]


def _close_run(run: list[str], found: list[str]) -> None:
    """End a run of capitalised words: without trailing name links ("de"), it is a name."""
    while run and run[-1] in _NAME_LINKS:
        run.pop()
    if run:
        found.append(" ".join(run))
    run.clear()


def _calendar_words() -> frozenset[str]:
    cal = calendar()
    return frozenset([*cal.months, *cal.weekdays])


@lru_cache(maxsize=4)
def _org_type_words(models_dir: Path) -> frozenset[str]:
    return frozenset(noun.lower() for noun, _ in lexicon("org_types.tsv", models_dir))


def _authority_like(name: str) -> bool:
    """Names of regulators and courts the NER labels ORG ('Commission de protection des données ...')."""
    return fold(name).split(" ")[0] in authority_heads("entities")


def authority_heads(reader: str) -> frozenset[str]:
    """First words of authority names (models/lexicons/authority_heads.tsv) as read by the company
    candidates (``"company"``) or by the NER's organisations of a sentence (``"entities"``), and the words
    read anywhere in a company candidate's name (``"anywhere"``)."""
    return _authority_heads()[reader]


@per_models_dir
def _authority_heads() -> dict[str, frozenset[str]]:
    rows = lexicon("authority_heads.tsv")
    return {reader: frozenset(word for word, reach in rows if reach in ("names", reader))
            for reader in ("company", "entities", "anywhere")}


def _outermost(cues: list[Cue]) -> list[Cue]:
    """Drop cues inside a longer cue of the same label ('fuite' inside 'fuite de données')."""
    kept = []
    for cue in cues:
        inside = any(other is not cue and other.label == cue.label and other.span.start <= cue.span.start
                     and cue.span.end <= other.span.end and len(other.span) > len(cue.span) for other in cues)
        if not inside:
            kept.append(cue)
    return kept


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
