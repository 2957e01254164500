"""``number_merger``: one token per written number ("1 700", "1 200 000", "125 000"), and every number
token flagged ``like_num`` (merged groups, spelled compounds such as "vingt-deux").

spaCy's tokenizer splits digit groups at (no-break) spaces. Merging them lets token patterns see a
number as one ``LIKE_NUM`` token, whatever the thousands separator. Works on token arrays.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import ORTH, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.normalize.number import number_words, parse_number

_LEAD = re.compile(r"^\d{1,3}$")
_GROUP = re.compile(r"^\d{3}(?:[,.]\d+)?$")
_SEPARATORS = {"\u00a0", "\u202f", "\u2009", "\u2007", " "}
LEAD, GROUP, SEPARATOR, DECIMAL_MARK, NUMBER_WORD, HYPHEN = 1, 2, 4, 8, 16, 32


@Language.factory("number_merger")
def make_number_merger(nlp: Language, name: str) -> NumberMerger:
    return NumberMerger()


class NumberMerger:
    def __init__(self) -> None:
        self._kinds: dict[int, int] = {}

    def _kind(self, doc: Doc, orth: int) -> int:
        kind = self._kinds.get(orth)
        if kind is None:
            text = doc.vocab.strings[orth]
            kind = ((LEAD if _LEAD.match(text) else 0) | (GROUP if _GROUP.match(text) else 0)
                    | (SEPARATOR if text in _SEPARATORS else 0) | (DECIMAL_MARK if text in (",", ".") else 0)
                    | (NUMBER_WORD if text.lower() in number_words() else 0) | (HYPHEN if text == "-" else 0))
            if "-" in text and text[0].isalpha() and parse_number(text) is not None:
                doc.vocab[text].like_num = True  # "vingt-deux", "quatre-vingt-dix"
            self._kinds[orth] = kind
        return kind

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, SPACY])
        orths, inverse = numpy.unique(rows[:, 0], return_inverse=True)
        kinds_of = numpy.array([self._kind(doc, int(orth)) for orth in orths], dtype=numpy.int64)[inverse]
        starts = numpy.nonzero(kinds_of & (LEAD | NUMBER_WORD))[0].tolist()
        if not starts:
            return doc
        kinds = kinds_of.tolist()
        spaced = rows[:, 1].astype(bool).tolist()
        spans = sorted([*_number_spans(kinds, spaced, starts), *_spelled_compounds(kinds, spaced, starts)])
        if spans:
            with doc.retokenize() as retokenizer:
                for start, end in spans:
                    retokenizer.merge(doc[start:end])
            for start, _ in spans:  # the merged groups are numbers, whatever their separator
                doc[start - sum(end - s - 1 for s, end in spans if s < start)].lex.like_num = True
        return doc


def _spelled_compounds(kinds: list[int], spaced: list[bool], starts: list[int]):
    """'quarante' '-' 'deux' written without spaces: one token 'quarante-deux'."""
    n, after = len(kinds), -1
    for i in starts:
        if i <= after:
            continue
        j = i
        while (kinds[j] & NUMBER_WORD and j + 2 < n and not spaced[j] and kinds[j + 1] & HYPHEN
               and not spaced[j + 1] and kinds[j + 2] & NUMBER_WORD):
            j += 2
        if j > i:
            yield i, j + 1
            after = j


def _number_spans(kinds: list[int], spaced: list[bool], starts: list[int]):
    """Digit groups split at (no-break) spaces: '1' '200' '000' -> '1 200 000'."""
    n, after = len(kinds), -1
    for i in starts:
        if i <= after or not kinds[i] & LEAD:
            continue
        if i > 0 and kinds[i - 1] & DECIMAL_MARK and not spaced[i - 1]:  # the decimals of "2,150"
            continue
        j = i
        while True:
            k = j + 1
            if spaced[j] and k < n and kinds[k] & GROUP:
                j = k
            elif not spaced[j] and k + 1 < n and kinds[k] & SEPARATOR and not spaced[k] and kinds[k + 1] & GROUP:
                j = k + 1
            else:
                break
        if j > i:
            yield i, j + 1
            after = j
