"""One incident's fields from its articles."""

from __future__ import annotations

from pipeline.incidents.members import Member
from pipeline.incidents.merging import merge, merged_date


def article(doc_id, published, date=None, count=None, types=(), causes=(), penalties=(), company="Saisonna"):
    return Member(doc_id, company, published, None, date, count, "persons" if count else None, types, causes,
                  penalties)


def test_the_exact_figure_corrects_rounded_ones_and_the_others_are_alternatives():
    merged = merge([article("a", "2023-02-16", count=240000), article("b", "2023-02-17", count=240000),
                    article("c", "2023-03-08", count=187300)])
    assert merged["victim_count"]["value"] == 187300
    assert merged["victim_count"]["alternatives"] == [{"value": 240000, "articles": ["a", "b"]}]


def test_among_exact_figures_the_most_given_then_the_latest_wins():
    merged = merge([article("a", "2024-01-01", count=1146), article("b", "2024-01-05", count=1143),
                    article("c", "2024-01-09", count=1146)])
    assert merged["victim_count"]["value"] == 1146
    assert merge([article("a", "2024-01-01", count=1146), article("b", "2024-01-05", count=1143)]
                 )["victim_count"]["value"] == 1143


def test_the_most_precise_date_the_articles_agree_with():
    assert merged_date(["2022-09", "2022-09-12", "2022", "2023-02-06"]) == "2022-09-12"
    assert merged_date([None, None]) is None


def test_codes_are_united_with_their_support():
    merged = merge([article("a", "2024-01-01", types=("email", "name"), causes=("phishing",)),
                    article("b", "2024-01-02", types=("email",), causes=("phishing", "cyberattack"))])
    assert merged["data_types"] == [{"code": "email", "articles": 2}, {"code": "name", "articles": 1}]
    assert merged["cause"] == [{"code": "cyberattack", "articles": 1}, {"code": "phishing", "articles": 2}]


def test_penalties_are_deduplicated_by_amount_currency_and_authority():
    merged = merge([article("a", "2024-01-01", penalties=((150000.0, "EUR", "fine", "CNIL"),)),
                    article("b", "2024-02-01",
                            penalties=((150000.0, "EUR", "fine", None), (500.0, "EUR", "fine", "CNIL"))),
                    article("c", "2024-03-01", penalties=((150000.0, "EUR", "fine", "ICO"),))])
    assert [(p["amount"], p["authority"], p["articles"]) for p in merged["penalties"]] == [
        (150000, "CNIL", ["a", "b"]), (500, "CNIL", ["b"]), (150000, "ICO", ["c"])]


def test_the_organisation_is_the_spelling_most_articles_use():
    merged = merge([article("a", "2024", company="Saisonna"), article("b", "2024", company="Saisonna SAS"),
                    article("c", "2024", company="Saisonna")])
    assert merged["organisation"] == {"name": "Saisonna", "key": "saisonna", "spellings": ["Saisonna", "Saisonna SAS"]}
