"""The HTML cleaner: tree preparation, leaf blocks, and the paragraph filter after trafilatura."""

from __future__ import annotations

from lxml import html as lxml_html

from pipeline.boilerplate.html import clean_html, filter_blocks, leaf_blocks, promote_bare_divs
from pipeline.settings import DEFAULT_MODELS_DIR, BoilerplateOptions

P1 = ("L'opérateur a confirmé jeudi avoir été victime d'une intrusion dans les systèmes d'un prestataire "
      "chargé de la facturation de ses abonnés.")
P2 = ("Les fichiers exfiltrés contiennent les noms, les adresses électroniques et les numéros de téléphone "
      "des clients concernés, selon l'entreprise.")
P3 = ("L'entreprise a porté plainte et notifié l'incident à la Commission nationale de l'informatique et "
      "des libertés dans le délai de 72 heures.")


def keep(blocks, title=None):
    kept, _ = filter_blocks([(b, False) for b in blocks], title, DEFAULT_MODELS_DIR, None)
    return kept


def test_a_div_holding_text_becomes_a_paragraph():
    tree = lxml_html.fromstring(f"<html><body><div class='faits'>{P1}</div><div><p>{P2}</p></div></body></html>")
    promote_bare_divs(tree)
    assert [e.tag for e in tree.iter("p", "div")] == ["p", "div", "p"]


def test_short_bare_divs_among_the_article_divs_are_paragraphs_too():
    tree = lxml_html.fromstring(f"<html><body><div class='texte'><div>{P1}</div><div>Les faits</div>"
                                f"<div>{P2}</div><div>Une plainte est déposée.</div></div>"
                                f"<div class='menu'><div>Accueil</div></div></body></html>")
    promote_bare_divs(tree)
    assert [e.text for e in tree.iter("p")] == [P1, "Les faits", P2, "Une plainte est déposée."]


def test_a_breadcrumb_trail_is_dropped():
    assert keep(["Accueil > Droit social > RGPD et données des salariés", P1, P2]) == [P1, P2]


def test_leaf_blocks_split_line_breaks_and_descend_into_tables():
    from lxml import etree

    body = etree.fromstring(f"<body><table><row><cell><p>{P1}<lb/>Je m’abonne</p></cell></row></table>"
                            f"<list><item>noms</item><item>adresses</item></list></body>")
    assert list(leaf_blocks(body)) == [(P1, False), ("Je m’abonne", False), ("noms", True), ("adresses", True)]


def test_credits_captions_and_paywalls_are_dropped():
    blocks = [P1, "Le siège de l'opérateur, à Paris. © AFP / Joël Saget", P2, "Crédits photos : Bestimage",
              P3, "Il vous reste 60 % de cet article à lire."]
    assert keep(blocks) == [P1, P2, P3]


def test_the_headline_repeated_in_the_body_is_dropped():
    assert keep(["Fuite chez Telvia", P1, P2], title="Fuite chez Telvia") == [P1, P2]


def test_teaser_block_inside_the_article():
    blocks = [P1, "À lire aussi", "Meta écope d'une amende record", P2, P3]
    assert keep(blocks) == [P1, P2, P3]


def test_closing_section_drops_the_rest():
    assert keep([P1, P2, "Sur le même sujet", P3]) == [P1, P2]


def test_short_blocks_trailing_after_the_article_are_dropped():
    blocks = [P1, P2, "Université Exemple",
              "École A, École B, Institut C, Observatoire D, Conservatoire E, Laboratoire F."]
    assert keep(blocks) == [P1, P2]


def test_a_final_slogan_sentence_is_kept():
    assert keep([P1, P2, "Sans recherche autonome, nous n'avons pas d'avenir"])[-1].startswith("Sans recherche")


def test_whole_page():
    page = f"""<!DOCTYPE html><html lang="fr"><head><title>Fuite chez Telvia</title>
    <meta property="og:site_name" content="La Gazette"><meta property="article:published_time" content="2024-09-26">
    </head><body><nav><ul><li><a href="/">Accueil</a></li><li><a href="/eco">Économie</a></li></ul></nav>
    <article><h1>Fuite chez Telvia</h1><p>{P1}</p><p><strong>À lire aussi :</strong> <a href="/x">Meta écope
    d'une amende de 1,2 milliard d'euros</a></p><p>{P2}</p><figure><figcaption>Le siège. © AFP</figcaption></figure>
    <p>{P3}</p></article><footer>© 2024 La Gazette - Tous droits réservés</footer></body></html>"""
    result = clean_html(page, None, BoilerplateOptions(), DEFAULT_MODELS_DIR)
    assert result.text.split("\n\n") == [P1, P2, P3]
    assert result.title == "Fuite chez Telvia"
    assert result.date == "2024-09-26"
    assert result.sitename == "La Gazette"


def test_a_heading_wrapped_alone_in_a_div_among_the_article_paragraphs_is_kept():
    from pipeline.boilerplate.html import promote_body_headings

    tree = lxml_html.fromstring(f"<html><body><div><p>{P1}</p><div class='h2'><h2>Un coût qui grimpe</h2></div>"
                                f"<p>{P2}</p><p>{P3}</p></div><aside><div><h2>Les plus lus</h2></div>"
                                f"<ul><li>Autre titre</li></ul></aside></body></html>")
    promote_body_headings(tree)
    assert [e.text for e in tree.iter("p")] == [P1, "Un coût qui grimpe", P2, P3]
