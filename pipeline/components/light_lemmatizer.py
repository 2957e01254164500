"""``light_lemmatizer``: sets ``token.lemma_`` to a folded stem shared by all inflections of a word.

The rule rulers match phrases on ``LEMMA`` (``phrase_matcher_attr="LEMMA"``), so a pattern written
once ("donnée exposée") matches "données exposées", "Donnees exposees" and "donnée exposé".
It replaces the model's POS-based lemmatizer, which would need the tagger (the slowest pipe), and
works on whole token arrays with a cache per word form.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.normalize.text import light_lemma


@Language.factory("light_lemmatizer")
def make_light_lemmatizer(nlp: Language, name: str) -> LightLemmatizer:
    return LightLemmatizer()


class LightLemmatizer:
    def __init__(self) -> None:
        self._lemmas: dict[int, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        cache = self._lemmas
        lemmas = numpy.empty(len(doc), dtype="uint64")
        for i, orth in enumerate(doc.to_array(ORTH).tolist()):
            lemma = cache.get(orth)
            if lemma is None:
                lemma = cache[orth] = strings.add(light_lemma(strings[orth]))
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc
