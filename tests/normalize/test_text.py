import pytest

from pipeline.normalize.text import collapse_spaces, fold, light_lemma

INFLECTIONS = [  # every word of a group must share one key
    ("piratées", "piraté", "pirater", "pirates", "piratée"),
    ("données", "donnée", "Données"),
    ("exposés", "exposée", "exposé", "exposées"),
    ("adresses", "adresse"),
    ("e-mails", "e-mail"),
    ("concernés", "concernée", "concerné"),
]
APART = [("dès", "des"), ("lésé", "les"), ("fuite", "fuir")]


@pytest.mark.parametrize("group", INFLECTIONS)
def test_inflections_share_a_key(group):
    assert len({light_lemma(w) for w in group}) == 1


@pytest.mark.parametrize(("a", "b"), APART)
def test_different_words_stay_apart(a, b):
    assert light_lemma(a) != light_lemma(b)


def test_fold_and_collapse():
    assert fold("  L’Équipe\u00a0de  CNIL ") == "l'equipe de cnil"
    assert collapse_spaces("a\u202fb\n c") == "a b c"
