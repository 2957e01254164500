"""Token-pattern predicates compiled into lexeme flags.

spaCy's ``Matcher`` evaluates set, regex and comparison predicates (``{"LOWER": {"IN": [...]}}``) in Python,
for every token and every predicate. :class:`LexemeFlags` turns each such predicate into a lexeme flag
(``Vocab.add_flag``): computed once per word form, then checked by the matcher in C. The pattern files
keep spaCy's syntax; only the ``Matcher`` sees the flags.

A predicate compiles only when it reads the word form: ``ORTH``/``TEXT``, ``LOWER``, ``SHAPE``, ``LENGTH``,
and ``LEMMA``, which in this pipeline is the light lemma, itself a function of the form
(:mod:`pipeline.components.light_lemmatizer`). Anything else is left to the matcher. Flag ids are not
in spaCy's pattern schema: the matcher that receives compiled patterns must not validate them.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable

from spacy.lang.lex_attrs import word_shape
from spacy.vocab import Vocab

from pipeline.normalize.text import light_lemma

# the word-form views a predicate may read, and the predicate operators, as functions of the form
VIEWS: dict[str, Callable[[str], object]] = {
    "ORTH": str, "TEXT": str, "LOWER": str.lower, "LEMMA": light_lemma, "SHAPE": word_shape, "LENGTH": len}
COMPARISONS = {"==": operator.eq, "!=": operator.ne, ">=": operator.ge, "<=": operator.le, ">": operator.gt,
               "<": operator.lt}


class FormTest:
    """``f(word form) -> bool`` for one predicate (picklable, unlike a lambda, for worker processes)."""

    def __init__(self, attr: str, op: str, argument: object) -> None:
        self.view, self.op = VIEWS[attr], op
        self.argument = (frozenset(argument) if op in ("IN", "NOT_IN") else re.compile(argument) if op == "REGEX"
                         else argument)

    def __call__(self, form: str) -> bool:
        value = self.view(form)
        if self.op == "IN":
            return value in self.argument
        if self.op == "NOT_IN":
            return value not in self.argument
        if self.op == "REGEX":
            return self.argument.search(value) is not None
        return COMPARISONS[self.op](value, self.argument)


class LexemeFlags:
    """Turns the dict-valued predicates of token patterns into lexeme flags, one flag per distinct
    predicate of the vocabulary."""

    OPERATORS = frozenset({"IN", "NOT_IN", "REGEX", *COMPARISONS})

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.ids: dict[tuple[str, str, object], int] = {}

    def compile(self, token: dict) -> dict:
        compiled: dict = {}
        for attr, value in token.items():
            upper = attr.upper() if isinstance(attr, str) else attr
            if isinstance(value, dict) and upper in VIEWS and len(value) == 1 and next(iter(value)) in self.OPERATORS:
                op, argument = next(iter(value.items()))
                flag = self.flag(upper, op, argument)
                if flag is not None:
                    compiled[flag] = True
                    continue
            compiled[attr] = value  # no flag left: the matcher checks this predicate itself
        return compiled

    def flag(self, attr: str, op: str, argument: object) -> int | None:
        """The flag id of a predicate, or None when the vocabulary has no free flag bit left (64 in all)."""
        key = (attr, op, tuple(sorted(argument)) if isinstance(argument, list) else argument)
        if key not in self.ids:
            try:
                self.ids[key] = self.vocab.add_flag(FormTest(attr, op, argument))
            except ValueError:  # spaCy E062: every flag bit is taken
                return None
        return self.ids[key]
