"""The line classifier for text dumps, one signal at a time, on short dumps written for the tests."""

from __future__ import annotations

from pipeline.boilerplate.memory import LineMemory
from pipeline.boilerplate.text import clean_text
from pipeline.settings import DEFAULT_MODELS_DIR

LEAD = ("Le groupe hospitalier a confirmé lundi avoir été victime d'une intrusion dans son système "
        "informatique pendant le week-end.")
BODY = ("Selon la direction, les dossiers de plusieurs milliers de patients ont été consultés par les "
        "attaquants avant que l'accès ne soit coupé.")
MORE = ("Une plainte a été déposée et la Commission nationale de l'informatique et des libertés a été "
        "informée dans les délais prévus par le règlement.")


def clean(*lines: str, memory: LineMemory | None = None):
    return clean_text("\n".join(lines), DEFAULT_MODELS_DIR, memory)


def kept(result) -> list[str]:
    return result.text.split("\n\n") if result.text else []


def test_menus_before_the_article_are_dropped():
    result = clean("Menu", "  • Actualité", "  • Santé", "  • Sport", "", "Cyberattaque à l'hôpital de Valmont",
                   "", LEAD, "", BODY)
    assert kept(result) == [LEAD, BODY]
    assert result.title == "Cyberattaque à l'hôpital de Valmont"


def test_the_byline_is_metadata():
    result = clean("Cyberattaque à l'hôpital de Valmont", "Par Camille Roux, publié le 12 mars 2023 à 09h41.",
                   LEAD, BODY)
    assert result.byline == "Par Camille Roux, publié le 12 mars 2023 à 09h41."
    assert "Camille" not in result.text


def test_bylines_under_the_lead_are_metadata_too():
    result = clean("Titre de l'article sur la fuite", "Mis à jour le 02/08/2021 08:00", LEAD,
                   "Publié le 02/08/2021 07:26", BODY)
    assert result.byline == "Publié le 02/08/2021 07:26 | Mis à jour le 02/08/2021 08:00"  # publication first
    assert kept(result) == [LEAD, BODY]


def test_a_date_glued_before_the_first_paragraph_is_split_off():
    result = clean(f" date 2020-05 {LEAD}", BODY)
    assert result.byline == "date 2020-05"
    assert kept(result) == [LEAD, BODY]


def test_a_headline_opening_the_page_is_the_title():
    result = clean("Passer au contenu", "Toyota : les données client en libre accès, “une erreur humaine”", LEAD,
                   BODY)
    assert result.title.startswith("Toyota")
    assert kept(result) == [LEAD, BODY]


def test_a_closing_section_ends_the_article():
    teaser = "Une longue phrase d'accroche qui ressemble à de la prose mais appartient à un autre article du site."
    result = clean(LEAD, BODY, "Dernières nouvelles", "Contrat à 500 euros par mois : comment ça marche ?",
                   teaser, MORE)
    assert kept(result) == [LEAD, BODY]


def test_an_aside_block_is_dropped_and_the_article_resumes():
    result = clean(LEAD, "À lire aussi", "• Meta écope d'une amende de 1,2 milliard d'euros",
                   "• L'iPhone 15 à 969 € : faut-il l'assurer ?", BODY, MORE)
    assert kept(result) == [LEAD, BODY, MORE]


def test_a_one_line_aside_drops_only_itself():
    result = clean(LEAD, "À lire aussi : Meta écope d'une amende record", BODY)
    assert kept(result) == [LEAD, BODY]


def test_a_sub_heading_between_paragraphs_is_kept():
    result = clean(LEAD, "Une erreur humaine ?", BODY)
    assert kept(result) == [LEAD, "Une erreur humaine ?", BODY]


def test_a_section_heading_over_a_question_is_kept():
    result = clean(LEAD, BODY, "Trois questions au coordinateur", "Pourquoi un exercice si réaliste ?", MORE)
    assert kept(result) == [LEAD, BODY, "Trois questions au coordinateur", "Pourquoi un exercice si réaliste ?", MORE]


def test_two_teaser_headlines_before_the_prose_are_not_section_headings():
    result = clean(LEAD, BODY, "Comment reconnaître un faux courriel ?", "Les hôpitaux face aux rançongiciels", MORE)
    assert "Comment reconnaître un faux courriel ?" not in kept(result)


def test_a_short_line_without_prose_after_it_is_dropped():
    result = clean(LEAD, BODY, "Cliquez ici", "Mentions", "Contact")
    assert kept(result) == [LEAD, BODY]


def test_a_list_introduced_by_the_prose_is_kept():
    intro = "Les données suivantes figurent dans le fichier dérobé par les pirates :"
    result = clean(LEAD, intro, "• noms et prénoms", "• adresses e-mail", MORE)
    assert kept(result) == [LEAD, intro, "noms et prénoms", "adresses e-mail", MORE]


def test_share_buttons_inside_the_article_are_dropped():
    result = clean(LEAD, "Partager sur Twitter", "Partager sur Facebook", BODY)
    assert kept(result) == [LEAD, BODY]


def test_teaser_lines_are_not_prose():
    result = clean(LEAD, BODY, "Macron demande des sanctions ciblées", "Le président français...")
    assert kept(result) == [LEAD, BODY]


def test_lines_repeated_on_other_pages_of_the_batch_are_dropped():
    memory = LineMemory(width=1 << 10)
    for other in range(4):
        memory.add_document(f"Le Journal du Val, l'info locale\nautre article {other}")
    page = "\n".join([LEAD, "Le Journal du Val, l'info locale", BODY])
    memory.add_document(page)
    result = clean_text(page, DEFAULT_MODELS_DIR, memory)
    assert kept(result) == [LEAD, BODY]
    assert kept(clean_text(page, DEFAULT_MODELS_DIR, None)) == [LEAD, "Le Journal du Val, l'info locale", BODY]


def test_every_line_gets_an_explained_decision():
    result = clean("Menu", LEAD, "Partager sur Twitter", BODY, MORE, LEAD, "Laisser un commentaire", "Votre nom")
    assert [(d.keep, d.reason) for d in result.decisions] == [
        (False, "before the article"), (True, "prose"), (False, "furniture: partager sur"), (True, "prose"),
        (True, "prose"), (True, "prose"), (False, "closing section: laisser un commentaire"),
        (False, "after the article")]


def test_comments_heading_before_much_of_the_article_is_a_counter():
    result = clean(LEAD, "Laisser un commentaire", BODY)
    assert [(d.keep, d.reason) for d in result.decisions] == [
        (True, "prose"), (False, "furniture: laisser un commentaire"), (True, "prose")]


def test_no_prose_gives_no_text():
    assert clean("Menu", "Accueil", "Contact").text == ""


def test_invisible_characters_are_removed():
    assert "réaction" in clean(LEAD.replace("confirmé", "con\u00adfirmé") + " réac\u00adtion.", BODY).text


def test_an_ad_label_with_its_ad_on_one_line_is_dropped():
    ad = "Publicité — Salon Santé Connect, Montpellier, 21 et 22 novembre : inscrivez-vous"
    assert ad not in kept(clean(LEAD, ad, BODY, "ⓘ Publicité", MORE))
    assert "ⓘ Publicité" not in kept(clean(LEAD, BODY, "ⓘ Publicité", MORE))


def test_a_one_sentence_paragraph_after_the_prose_is_kept():
    short = "Inutile, en principe, de changer de compte."
    result = clean(LEAD, BODY, short, "— Publicité —", "Les mots de passe, priorité absolue", MORE)
    assert short in kept(result) and "— Publicité —" not in kept(result)


def test_a_short_line_without_a_sentence_end_after_the_prose_is_not_kept_as_a_sentence():
    result = clean(LEAD, BODY, "Partager sur Facebook Twitter LinkedIn", "Mentions légales")
    assert kept(result) == [LEAD, BODY]
