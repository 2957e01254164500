"""Per-signal tests of the furniture markers and line features, on short French lines written for them."""

import pytest

from pipeline.boilerplate.markers import (
    ends_sentence,
    is_bullet,
    is_teaser,
    marker_table,
    stopword_ratio,
    stopwords,
    strip_bullet,
    words,
)
from pipeline.settings import DEFAULT_MODELS_DIR

MARKERS = marker_table(DEFAULT_MODELS_DIR)

FURNITURE = [  # (line, kind)
    ("Partager sur Facebook", "line"),
    ("PARTAGER SUR LINKEDIN", "line"),
    ("Laisser un commentaire", "comments"),
    ("S'il vous plaît entrez votre nom ici", "line"),
    ("Votre adresse e-mail ne sera pas publiée.", "line"),
    ("Dernières nouvelles", "end"),
    ("À lire aussi", "aside"),
    ("À lire aussi : la CNIL sanctionne un opérateur", "aside"),
    ("Le Récap", "end"),
    ("© 2024 Le Journal - Tous droits réservés", "line"),
    ("Publié le 12/03/2023 à 09:41", "byline"),
    ("Il vous reste 62 % de cet article à lire.", "line"),
    ("Recevez chaque matin l'essentiel de l'actualité", "line"),
    ("Toute l'actualité tech dans votre boîte mail.", "line"),
    ("Newsletter 🍋", "end"),
]
BODY = [
    "Le groupe a confirmé la fuite de données de 1 700 clients.",
    "Les pirates ont partagé sur un forum les fichiers dérobés.",
    "Le site utilisait des cookies publicitaires sans recueillir le consentement des internautes.",
    "La CNIL reproche au site l'absence de bouton « Tout refuser » sur son bandeau cookies.",
    "En savoir plus sur cette affaire, c'est comprendre comment la base a fuité.",
]


@pytest.mark.parametrize(("line", "kind"), FURNITURE)
def test_furniture_lines_match_their_marker(line, kind):
    marker = MARKERS.match(line)
    assert marker is not None and marker.kind == kind


@pytest.mark.parametrize("line", BODY)
def test_article_sentences_match_no_marker(line):
    assert MARKERS.match(line) is None


def test_a_cookie_banner_is_recognised_wherever_its_buttons_stand():
    banner = "Nous et nos partenaires utilisons des cookies pour vous offrir une meilleure expérience. OK pour moi"
    assert MARKERS.match(banner).kind == "line"


def test_stopword_density_separates_prose_from_menus():
    table = stopwords(DEFAULT_MODELS_DIR)
    prose = words("Les données de plusieurs milliers de clients ont été exposées pendant des mois sur un serveur.")
    menu = words("Actualité Économie Santé Politique Sport Tech Sciences Divertissement")
    assert stopword_ratio(prose, table) > 0.3
    assert stopword_ratio(menu, table) == 0.0


@pytest.mark.parametrize(("line", "bullet"), [("  • Faits divers", True), ("- Sport", True), ("· Tech", True),
                                              ("Le groupe a confirmé", False), ("« Nous regrettons »", False)])
def test_bullets(line, bullet):
    assert is_bullet(line) is bullet


def test_strip_bullet():
    assert strip_bullet("  • Faits divers") == "Faits divers"


@pytest.mark.parametrize(("line", "teaser"), [("À partir du 1er mars, un contrat sera proposé à...", True),
                                              ("Le président français…", True), ("La fin de l'histoire.", False)])
def test_teasers_end_with_an_ellipsis(line, teaser):
    assert is_teaser(line) is teaser


SENTENCE_ENDS = [("La fuite concerne 300 clients.", True), ("Que faire ?", True), ("« Une erreur humaine »", True),
                 ("Les politiques de confidentialité", False)]


@pytest.mark.parametrize(("line", "end"), SENTENCE_ENDS)
def test_sentence_ends(line, end):
    assert ends_sentence(line) is end
