"""``line_sentencizer``: sentence boundaries at final punctuation and at line breaks.

Scraped text has headings and list items without final punctuation; a line break always ends a
sentence, so a heading never merges with the paragraph under it (and NER spans never cross lines).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

DEFAULT_PUNCT = (".", "!", "?", "…", "?!", "!?", "...")
CLOSERS = frozenset({"»", '"', "”", ")", "]", "’"})


@Language.factory("line_sentencizer", default_config={"punct_chars": list(DEFAULT_PUNCT)})
def make_line_sentencizer(nlp: Language, name: str, punct_chars: list[str]) -> LineSentencizer:
    return LineSentencizer(frozenset(punct_chars))


class LineSentencizer:
    def __init__(self, punct_chars: frozenset[str]) -> None:
        self.punct_chars = punct_chars

    def __call__(self, doc: Doc) -> Doc:
        start_next = True
        after_punct = False
        for token in doc:
            if token.is_space:
                token.is_sent_start = start_next
                start_next = start_next or after_punct or "\n" in token.text
                after_punct = False
                continue
            if after_punct and token.text in CLOSERS:
                token.is_sent_start = False  # « ... . » : the quote closes the sentence
                start_next = False
            else:
                token.is_sent_start = start_next or after_punct
                start_next = False
            after_punct = token.text in self.punct_chars or (after_punct and token.text in CLOSERS)
            if "\n" in token.whitespace_:
                start_next = True
        return doc
