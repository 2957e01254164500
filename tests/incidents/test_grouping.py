"""Grouping articles into incidents: named cases (records written for the test, no model needed)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from pipeline.incidents.grouping import group
from pipeline.incidents.members import Member
from pipeline.settings import IncidentOptions


def article(doc_id: str, company: str | None, incident_date: str | None, published: str, count: int | None = None,
            types: tuple[str, ...] = (), causes: tuple[str, ...] = (), others: tuple[str, ...] = (),
            penalties: tuple = ()) -> Member:
    return Member(doc_id, company, published, f"https://example.org/{doc_id}", incident_date, count,
                  "persons" if count else None, types, causes, penalties, others)


@dataclass(frozen=True)
class Case:
    id: str
    articles: list[Member]
    expected: list[set[str]]  # the incidents, as sets of doc_ids
    reason: str = ""
    notes: list[str] = field(default_factory=list)


DEVELOPMENT = [
    Case("outlets-spell-one-company-differently", [
        article("a", "TransAlpin Mobilité SA", "2021-11-14", "2021-11-17", 1400, ("name",), ("ransomware",)),
        article("b", "TransAlpin", "2021-11", "2021-11-20"),
        article("c", "groupe TransAlpin", None, "2021-12-06", 1412)], [{"a", "b", "c"}]),
    Case("acronym-and-full-name", [
        article("a", "Fédération française de randonnée cycliste", "2022-09-12", "2022-09-23"),
        article("b", "FFRC", "2022-09", "2022-10-14")], [{"a", "b"}]),
    Case("same-company-two-incidents-years-apart", [
        article("a", "Nordel Télécom", "2022-03-10", "2022-03-17", 200000),
        article("b", "Nordel", "2022-03-14", "2022-04-05", 318450),
        article("c", "Nordel Télécom", "2025-01-08", "2025-01-13", 1400000),
        article("d", "Nordel Télécom", "2025-01-08", "2025-01-14")], [{"a", "b"}, {"c", "d"}]),
    Case("undated-article-joins-the-incident-before-its-publication", [
        article("a", "Crédit Rhodanien", "2021-01", "2021-11-09"),
        article("b", "Crédit Rhodanien", "2024-04-02", "2024-04-05"),
        article("c", "Crédit Rhodanien", None, "2023-12-14", penalties=((350000.0, "EUR", "fine", "CNIL"),))],
        [{"a", "c"}, {"b"}]),
    Case("sanction-article-dated-by-its-breach", [
        article("a", "Ferrand Immobilier", "2022-06-14", "2022-07-05"),
        article("b", "FERRAND IMMOBILIER", "2022-06-14", "2023-11-21", penalties=((150000.0, "EUR", "fine", "CNIL"),))],
        [{"a", "b"}]),
    Case("attacker-picked-as-company-but-the-victim-named-too", [
        article("a", "Centre hospitalier intercommunal du Val-d'Arnon", "2021-02-15", "2021-02-16", 30000),
        article("b", "Korvax", "2021-02-15", "2021-03-03",
                others=("Centre hospitalier intercommunal du Val-d'Arnon",))],
        [{"a", "b"}]),
    Case("undated-name-in-passing-with-the-same-exact-count", [
        article("a", "Université de Haute-Brenne", "2022-09", "2023-02-10", 1930),
        article("b", "Brenne Connect", None, "2023-03-01", 1930, others=("Université de Haute-Brenne",))],
        [{"a", "b"}]),
]
NEGATIVES = [
    Case("undated-name-in-passing-with-a-round-count", [
        article("a", "Université de Haute-Brenne", "2022-09", "2023-02-10", 2000),
        article("b", "Brenne Connect", None, "2023-03-01", 2000, others=("Université de Haute-Brenne",))],
        [{"a"}, {"b"}]),
    Case("similar-names-other-months", [
        article("a", "Arcadie Mutuelle", "2024-01-18", "2024-02-01"),
        article("b", "Clinique Arcadie", "2024-09-03", "2024-09-05")], [{"a"}, {"b"}]),
    Case("similar-names-other-years", [
        article("a", "Orvalis Assurances", "2023-09-19", "2023-09-28"),
        article("b", "Orvalis Mutuelle", "2024-05-06", "2024-05-15")], [{"a"}, {"b"}]),
    Case("names-sharing-a-first-word", [
        article("a", "Lumina Énergie", "2023-03", "2023-06-15"),
        article("b", "Lumina Mobilité", "2023-03", "2023-06-20")], [{"a"}, {"b"}]),
    Case("a-name-in-passing-needs-agreeing-dates", [
        article("a", "Nordel Télécom", "2025-01-08", "2025-01-13"),
        article("b", "Vexia", "2022-03-14", "2022-04-05", others=("Nordel Télécom",))], [{"a"}, {"b"}]),
    Case("no-organisation-stays-alone", [
        article("a", None, "2024-01-08", "2024-01-10"), article("b", None, "2024-01-08", "2024-01-10")],
        [{"a"}, {"b"}]),
]
BUGS_CAUGHT = [
    Case("two-halves-linked-by-a-third-article-are-merged", [
        article("a", "R-Connect", "2024-03-26", "2024-04-02"),
        article("b", "Crédit Rhodanien", "2024-04-02", "2024-04-05"),
        article("c", "R-Connect", "2024-04-02", "2024-04-12", others=("Crédit Rhodanien",))], [{"a", "b", "c"}]),
]
XFAIL = [
    Case("product-unknown-to-the-lexicons", [
        article("a", "AlpiPass", "2024-01-09", "2024-03-12"),
        article("b", "TransAlpin", "2024-01", "2025-10-09")], [{"a", "b"}],
        reason=('an app name (AlpiPass) that models/lexicons/products.tsv does not list is no spelling of its '
                'publisher')),
]


def cases():
    for name, items in (("development", DEVELOPMENT), ("negatives", NEGATIVES), ("bugs-caught", BUGS_CAUGHT)):
        yield from (pytest.param(c, id=f"{name}/{c.id}") for c in items)
    yield from (pytest.param(c, id=f"xfail/{c.id}", marks=pytest.mark.xfail(strict=True, reason=c.reason))
                for c in XFAIL)


@pytest.mark.parametrize("case", list(cases()))
def test_example(case: Case):
    incidents, decisions = group(case.articles, options=IncidentOptions())
    assert sorted(sorted(m.doc_id for m in i.members) for i in incidents) == sorted(sorted(s) for s in case.expected)
    assert len(decisions) == len(case.articles) and all(d.reason for d in decisions)


def test_ids_are_stable_and_the_order_of_records_does_not_matter():
    articles = DEVELOPMENT[2].articles
    first, _ = group(articles)
    second, _ = group(list(reversed(articles)))
    assert [(i.incident_id, [m.doc_id for m in i.members]) for i in first] == \
        [(i.incident_id, [m.doc_id for m in i.members]) for i in second]


def test_new_records_join_known_incidents_and_rerunning_changes_nothing():
    old, new = DEVELOPMENT[2].articles[:2], DEVELOPMENT[2].articles[2:]
    known, _ = group(old)
    grown, decisions = group([*old, *new], existing=known)
    assert len(decisions) == 2  # the known records are not grouped again
    assert {i.incident_id for i in known} <= {i.incident_id for i in grown}
    again, decisions = group([*old, *new], existing=grown)
    assert decisions == []
    assert [(i.incident_id, i.members) for i in again] == [(i.incident_id, i.members) for i in grown]


def test_the_work_is_split_in_independent_blocks():
    from pipeline.incidents.grouping import _blocks

    articles = [article(f"x{n}", f"Société {n:04d}", "2024-01", "2024-02-01") for n in range(200)]
    articles += [article("y", "Société 0007 SA", "2024-01", "2024-02-03")]
    blocks = _blocks(articles, [])
    assert len(blocks) == 200 and max(len(b[0]) for b in blocks) == 2


def test_a_record_is_scored_only_against_incidents_sharing_a_name_key(monkeypatch):
    """Inside one block (linked through a chain of shared words), unrelated incidents are never scored."""
    from pipeline.incidents import grouping

    scored: list[tuple[str, str]] = []
    real = grouping._score

    def spy(member, incident, options):
        scored.append((member.doc_id, incident.members[0].doc_id))
        return real(member, incident, options)

    monkeypatch.setattr(grouping, "_score", spy)
    records = [article("a", "Orvalis Assurances", "2023-09-19", "2023-09-28"),
               article("b", "Orvalis Lumina", "2023-01-10", "2023-01-12"),
               article("c", "Lumina Énergie", "2023-03-01", "2023-03-05")]
    group(records, options=IncidentOptions())
    assert ("a", "c") not in scored and ("c", "a") not in scored
