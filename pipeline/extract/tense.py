"""Tenses read off the word forms (the model's tagger is not loaded): compound past and pluperfect.

    >>> import spacy
    >>> nlp = spacy.blank("fr")
    >>> [compound_past(nlp(t)[:]) for t in ("Les données ont été dérobées.", "Les données sont précieuses.")]
    [True, False]
    >>> [pluperfect(nlp(t)[:]) for t in ("La commune avait vu ses fichiers publiés.", "La mairie a porté plainte.")]
    [True, False]
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from pipeline.resources import tunables

TUNED = tunables("tense")  # [tuning.tense] of models/config.toml

PRESENT_AUXILIARIES = frozenset({"a", "ont", "est", "sont", "été"})
PAST_AUXILIARIES = frozenset({"avait", "avaient"})  # "était ouverte" is a state, not a pluperfect
_PARTICIPLE = re.compile(r"(?:é|ée|és|ées|is|ise|ises|it|ite|its|ites|ert|erte|erts|u|ue|us|ues|int|inte)$")
_PARTICIPLE_WORDS = frozenset({"été", "vu", "eu", "pu", "dû", "su", "fait", "pris", "mis", "dit"})


def compound_past(sentence: Span) -> bool:
    """An auxiliary followed within two words by a participle ("a été piraté", "ont dérobé", "avait vu")."""
    return _auxiliary_then_participle(sentence, PRESENT_AUXILIARIES | PAST_AUXILIARIES | {"était", "étaient"})


def pluperfect(sentence: Span) -> bool:
    """"avait/avaient" then a participle: facts told as before the story's own time."""
    return _auxiliary_then_participle(sentence, PAST_AUXILIARIES)


def _auxiliary_then_participle(sentence: Span, auxiliaries: frozenset[str]) -> bool:
    tokens = list(sentence)
    for position, token in enumerate(tokens[:-1]):
        if token.lower_ in auxiliaries and any(_participle(t.lower_) and t.is_alpha
                                               for t in tokens[position + 1:position + 1 + TUNED.participle_reach]):
            return True
    return False


def _participle(word: str) -> bool:
    return word in _PARTICIPLE_WORDS or (len(word) > 3 and bool(_PARTICIPLE.search(word)))
