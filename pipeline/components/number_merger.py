"""``number_merger``: one token per written number ("1 700", "1 200 000", "125 000").

spaCy's tokenizer splits digit groups at (no-break) spaces. Merging them lets token patterns see a
number as one token, whatever the thousands separator.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

_LEAD = re.compile(r"^\d{1,3}$")
_GROUP = re.compile(r"^\d{3}(?:[,.]\d+)?$")
_SEPARATORS = {"\u00a0", "\u202f", "\u2009", "\u2007", " "}


@Language.factory("number_merger")
def make_number_merger(nlp: Language, name: str) -> NumberMerger:
    return NumberMerger()


class NumberMerger:
    def __call__(self, doc: Doc) -> Doc:
        spans = list(self._number_spans(doc))
        if spans:
            with doc.retokenize() as retokenizer:
                for start, end in spans:
                    retokenizer.merge(doc[start:end])
        return doc

    @staticmethod
    def _number_spans(doc: Doc):
        i, n = 0, len(doc)
        while i < n:
            glued_decimal = i > 0 and doc[i - 1].text in (",", ".") and not doc[i - 1].whitespace_
            if not _LEAD.match(doc[i].text) or glued_decimal:
                i += 1
                continue
            j = i
            while True:
                k = j + 1
                if doc[j].whitespace_ == " " and k < n and _GROUP.match(doc[k].text):
                    j = k
                elif (not doc[j].whitespace_ and k + 1 < n and doc[k].text in _SEPARATORS
                      and not doc[k].whitespace_ and _GROUP.match(doc[k + 1].text)):
                    j = k + 1
                else:
                    break
            if j > i:
                yield i, j + 1
            i = j + 1
