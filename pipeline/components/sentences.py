"""``line_sentencizer``: sentence boundaries at final punctuation and at line breaks.

Scraped text has headings and list items without final punctuation; a line break always ends a
sentence, so a heading never merges with the paragraph under it (and NER spans never cross lines).
It reads and writes whole token arrays (no per-token Python objects): it runs on every document.
"""

from __future__ import annotations

import numpy
from spacy.attrs import ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

DEFAULT_PUNCT = (".", "!", "?", "…", "?!", "!?", "...")
CLOSERS = frozenset({"»", '"', "”", ")", "]", "’"})
PUNCT, CLOSER, SPACE, NEWLINE = 1, 2, 4, 8


@Language.factory("line_sentencizer", default_config={"punct_chars": list(DEFAULT_PUNCT)})
def make_line_sentencizer(nlp: Language, name: str, punct_chars: list[str]) -> LineSentencizer:
    return LineSentencizer(frozenset(punct_chars))


class LineSentencizer:
    def __init__(self, punct_chars: frozenset[str]) -> None:
        self.punct_chars = punct_chars
        self._kinds: dict[int, int] = {}

    def _kind(self, doc: Doc, orth: int) -> int:
        kind = self._kinds.get(orth)
        if kind is None:
            text = doc.vocab.strings[orth]
            kind = ((PUNCT if text in self.punct_chars else 0) | (CLOSER if text in CLOSERS else 0)
                    | (SPACE if text.isspace() else 0) | (NEWLINE if "\n" in text else 0))
            self._kinds[orth] = kind
        return kind

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        starts = numpy.full(len(doc), -1, dtype="int64")
        start_next, after_punct = True, False
        for i, orth in enumerate(doc.to_array(ORTH).tolist()):
            kind = self._kind(doc, orth)
            if kind & SPACE:
                starts[i] = 1 if start_next else -1
                start_next = start_next or after_punct or bool(kind & NEWLINE)
                after_punct = False
                continue
            if after_punct and kind & CLOSER:
                starts[i] = -1  # « ... . » : the quote closes the sentence
                start_next = False
            else:
                starts[i] = 1 if (start_next or after_punct) else -1
                start_next = False
            after_punct = bool(kind & PUNCT) or (after_punct and bool(kind & CLOSER))
        starts[0] = 1
        doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
        return doc
