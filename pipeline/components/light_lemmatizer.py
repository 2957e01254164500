"""``light_lemmatizer``: sets ``token.lemma_`` to a folded stem shared by all inflections of a word.

The rule rulers match phrases on ``LEMMA`` (``phrase_matcher_attr="LEMMA"``), so a pattern written
once ("donnée exposée") matches "données exposées", "Donnees exposees" and "donnée exposé".
It replaces the model's POS-based lemmatizer, which would need the tagger (the slowest pipe).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.normalize.text import light_lemma


@Language.factory("light_lemmatizer")
def make_light_lemmatizer(nlp: Language, name: str) -> LightLemmatizer:
    return LightLemmatizer()


class LightLemmatizer:
    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            token.lemma_ = light_lemma(token.text)
        return doc
