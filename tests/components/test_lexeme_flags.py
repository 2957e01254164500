"""Predicates compiled into lexeme flags match exactly what spaCy's own predicates match."""

from __future__ import annotations

import pytest
import spacy
from spacy.matcher import Matcher

from pipeline.components.lexeme_flags import LexemeFlags

TEXT = "Les 2 500 clients de la Banque Orélia, soit 12 % des clients, ont reçu un courriel le 03/11/2024."
PATTERNS = [
    [{"LOWER": {"IN": ["clients", "abonnés"]}}],
    [{"LOWER": {"NOT_IN": ["les", "de", "la"]}, "IS_ALPHA": True}, {"LOWER": "clients"}],
    [{"TEXT": {"REGEX": r"^\d+$"}}, {"LOWER": "%"}],
    [{"SHAPE": {"IN": ["dd/dd/dddd"]}}],
    [{"LENGTH": {">=": 6}, "IS_TITLE": True}],
    [{"ORTH": {"IN": ["Banque"]}}, {"IS_TITLE": True, "OP": "?"}],
]


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: str(p)[:60])
def test_flags_match_what_the_predicates_match(pattern: list[dict]) -> None:
    nlp = spacy.blank("fr")
    doc = nlp(TEXT)
    plain, flagged = Matcher(nlp.vocab), Matcher(nlp.vocab, validate=False)  # flags are not in the schema
    flags = LexemeFlags(nlp.vocab)
    plain.add("P", [pattern])
    flagged.add("P", [[flags.compile(token) for token in pattern]])
    expected = sorted((start, end) for _, start, end in plain(doc))
    assert expected, "the example text must exercise the pattern"
    assert sorted((start, end) for _, start, end in flagged(doc)) == expected


def test_a_predicate_becomes_one_flag_whatever_its_order() -> None:
    flags = LexemeFlags(spacy.blank("fr").vocab)
    first = flags.compile({"LOWER": {"IN": ["a", "b"]}, "OP": "?"})
    second = flags.compile({"LOWER": {"IN": ["b", "a"]}})
    assert first.keys() - {"OP"} == second.keys() and first["OP"] == "?"
    assert len(flags.ids) == 1


def test_predicates_the_flags_cannot_read_are_left_to_the_matcher() -> None:
    flags = LexemeFlags(spacy.blank("fr").vocab)
    token = {"POS": {"IN": ["NOUN"]}, "_": {"x": {"IN": [1]}}, "LIKE_NUM": True}
    assert flags.compile(token) == token
    assert not flags.ids


def test_flags_are_set_on_words_seen_later() -> None:
    nlp = spacy.blank("fr")
    flag = LexemeFlags(nlp.vocab).flag("LOWER", "IN", ["zyxwvu"])
    assert nlp("ZYXWVU")[0].check_flag(flag)
