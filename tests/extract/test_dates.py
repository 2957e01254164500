"""``date`` (publication) and ``incident_date`` (when the incident happened, began, was discovered or was
disclosed), ISO 8601 at the precision the text gives (SCHEMA).

The publication date comes from the page metadata (``published``) or from the byline line of a text
dump (``byline``, which wins); it is the base of relative dates ("hier", "dimanche 1er août", "en avril").

Named example lists, each case a short French text written for the test:

- ``DEVELOPMENT``: publication dates from metadata and byline; incident dates written as full dates,
  numeric dates, day and month resolved against the publication date, months, years, "depuis",
  ranges, "hier", nights and week-ends, and the ranking began > discovered > disclosed;
- ``NEGATIVES``: dates that do not date the incident: a fix, a decision, an older incident, the age of
  the data, a company's history, a date after publication, a day and month with no known year;
- ``BUGS_CAUGHT``: mistakes the extractor made (or could easily make again) while it was developed;
- ``XFAIL``: correct expectations the extractor still gets wrong, run as strict xfail: when one starts
  passing, move it to another list.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.extract.examples import assert_well_named, development, examples

LONE_DATE_KEPT = ("the learned incident_date scorer keeps a lone date of an incident text above its threshold: the cue "
                  "features (other_cue, pluperfect, years_before) are too light to veto it in a two-sentence text")
EARLIEST_WINS = ("the learned incident_date scorer's 'earliest' feature outweighs 'pluperfect': the older incident "
                 "wins")

@dataclass(frozen=True, slots=True)
class Case:
    id: str
    text: str
    expected: str | None
    published: str | None = "2022-08-10"
    byline: str | None = None
    field: str = "incident_date"  # or "date" (publication)
    reason: str = ""


ATTACK = "La société Dalmor a été victime d'une cyberattaque"

DEVELOPMENT = [
    Case("publication-date-from-metadata", f"{ATTACK}.", "2021-08-02", published="2021-08-02", field="date"),
    Case("publication-date-from-byline", f"{ATTACK}.", "2021-08-02", published=None,
         byline="Publié le 02/08/2021 07:26", field="date"),
    Case("byline-wins-over-metadata", f"{ATTACK}.", "2021-08-02", published="2021-08-05",
         byline="Publié le 02/08/2021 07:26", field="date"),
    Case("publication-date-at-month-precision", f"{ATTACK}.", "2022-08", published="2022-08", field="date"),
    Case("weekday-day-month-takes-the-publication-year", f"{ATTACK} dimanche 1er août.", "2021-08-01",
         published="2021-08-02"),
    Case("le-weekday-day-month", f"{ATTACK} le dimanche 1er août.", "2021-08-01", published="2021-08-02"),
    Case("day-month-resolved-against-a-byline", f"{ATTACK} le 1er août.", "2021-08-01", published=None,
         byline="Publié le 02/08/2021 07:26"),
    Case("en-month", "La fuite de données chez Dalmor a eu lieu en avril.", "2021-04", published="2021-08-02"),
    Case("exposed-depuis-year", "La base de données de Dalmor était accessible depuis 2013.", "2013",
         published="2021-08-02"),
    Case("exposed-depuis-month-year",
         "La base de données de Dalmor était accessible sans mot de passe depuis novembre 2013, une fuite de "
         "données.", "2013-11", published="2021-08-02"),
    Case("full-date-happened", "La fuite de données chez Dalmor s'est produite le 14 juillet 2021.", "2021-07-14",
         published="2021-08-02"),
    Case("discovered-date", "Dalmor a découvert la fuite de données le 12 janvier 2022.", "2022-01-12",
         published="2022-03-01"),
    Case("hier", "Dalmor a été victime d'une cyberattaque hier.", "2022-03-09", published="2022-03-10"),
    Case("night-of-saturday-to-sunday", "Dalmor a été victime d'une cyberattaque dans la nuit de samedi à dimanche.",
         "2022-03-06", published="2022-03-10"),
    Case("last-week-end", "Dalmor a été victime d'une cyberattaque le week-end dernier.", "2022-03-05",
         published="2022-03-10"),
    Case("mi-month", "Dalmor a été victime d'une cyberattaque mi-janvier.", "2022-01", published="2022-03-10"),
    Case("fin-month", "Dalmor a été victime d'une cyberattaque fin janvier.", "2022-01", published="2022-03-10"),
    Case("range-takes-its-start", "La fuite de données chez Dalmor a duré entre juin et septembre 2022.",
         "2022-06", published="2022-12-10"),
    Case("numeric-day-first-date", "Dalmor a été victime d'une cyberattaque le 03/02/2022.", "2022-02-03",
         published="2022-03-10"),
    Case("iso-date", "Dalmor a été victime d'une cyberattaque le 2022-07-14.", "2022-07-14"),
    Case("dotted-date", "Dalmor a été victime d'une cyberattaque le 14.07.2022.", "2022-07-14"),
    Case("happened-beats-disclosed",
         "Dalmor a notifié la CNIL le 17 juillet après une fuite de données survenue le 2 juillet.", "2022-07-02"),
    Case("happened-beats-revealed",
         "Dalmor a révélé le 20 juillet une fuite de données survenue en juin.", "2022-06"),
    Case("exposure-start-beats-discovery",
         "Le serveur de Dalmor était accessible depuis 2013. La fuite de données a été découverte en novembre "
         "2021.", "2013"),
]

NEGATIVES = [
    Case("day-month-without-any-known-year", "Dalmor a été victime d'une cyberattaque le 3 février.", None,
         published=None),
    Case("age-of-the-data",
         "Dalmor a été victime d'une cyberattaque. Les données exposées dataient de 2015.", None),
    Case("date-after-publication", "Dalmor a été victime d'une cyberattaque le 5 août 2023.", None),
    Case("no-date-at-all", f"{ATTACK}.", None),
    Case("date-of-the-fix",
         "Dalmor a été victime d'une fuite de données. La faille a été corrigée en janvier.", None),
    Case("older-incident-of-the-same-company",
         "Dalmor a été victime d'une fuite de données. Elle avait déjà été piratée en 2017.", None),
    Case("date-of-the-decision",
         "La CNIL a sanctionné Dalmor par une délibération du 5 mai 2022 pour une fuite de données.", None),
]

BUGS_CAUGHT = [
    Case("happened-beats-discovered-later",
         "La fuite de données chez Dalmor a eu lieu en avril. Elle a été découverte en mai.", "2022-04"),
    Case("time-after-the-date-is-not-read",
         "Dalmor a été victime d'une cyberattaque le 14 juillet 2022 à 14h.", "2022-07-14", published="2022-08"),
    Case("a-partir-du-with-a-start-verb",
         "La fuite de données chez Dalmor a commencé à partir du 3 juin.", "2022-06-03"),
    Case("a-partir-du-without-a-start-verb",
         "Les pirates ont exfiltré des données de Dalmor à partir du 3 juin.", "2022-06-03"),
    Case("des-le-mois-de",
         "Les pirates ont accédé aux serveurs de Dalmor dès le mois de mai.", "2022-05"),
    Case("sentence-initial-depuis",
         "Depuis mars 2020, les pirates avaient accès aux serveurs de Dalmor, une fuite de données massive.",
         "2020-03"),
    Case("year-without-publication-date", "Dalmor a été victime d'une cyberattaque en 2021.", "2021", published=None),
    Case("disclosed-when-nothing-else", "Dalmor a annoncé le 17 juillet avoir été victime d'une fuite de données.",
         "2022-07-17"),
    Case("notified-in-a-later-sentence",
         "Dalmor a été victime d'une cyberattaque. La CNIL a été notifiée le 5 août.", "2022-08-05"),
    Case("debut-year", "Dalmor a été victime d'une cyberattaque début 2021.", "2021", published="2022-03-10"),
]

XFAIL = [
    Case("founding-year-is-not-the-incident",
         "Dalmor, fondée en 1998, a été victime d'une fuite de données.", None,
         reason="the DATE_OTHER cue 'fondée en' overlaps the date span 'en 1998', and overlapping cues are "
                "skipped, so the founding year dates the incident"),
    Case("day-month-with-a-year-precision-publication-date",
         "Dalmor a été victime d'une cyberattaque le 14 juillet.", "2022-07-14", published="2022",
         reason="SCHEMA: a day and month take the year of `date`; a year-only publication date is read as 1 "
                "January, so 14 July is taken for the year before"),
    Case("le-mois-dernier",
         "Dalmor a été victime d'une cyberattaque le mois dernier.", "2022-02", published="2022-03-10",
         reason="the date ruler finds 'le mois dernier' (calendar.tsv) but parse_date_expression cannot "
                "resolve it"),
    Case("future-sanction-date",
         "Dalmor a été victime d'une fuite de données. La sanction sera prononcée le 10 septembre.", None,
         reason=LONE_DATE_KEPT),
    Case("company-anniversary",
         "Dalmor a été victime d'une cyberattaque. L'entreprise, qui a fêté ses 20 ans en mars, compte 300 "
         "salariés.", None,
         reason=LONE_DATE_KEPT),
    Case("product-launch", "Dalmor a été victime d'une cyberattaque. Le nouveau site sera lancé en octobre.", None,
         reason=LONE_DATE_KEPT),
    Case("older-incident-date-in-the-next-sentence-is-ignored",
         "Dalmor a été victime d'une fuite de données le 2 mars. L'entreprise avait déjà été piratée en mai 2019.",
         "2022-03-02",
         reason=EARLIEST_WINS),
    Case("previous-attack-does-not-win-by-being-earlier",
         "Dalmor a été victime d'une cyberattaque le 30 juillet. Une précédente attaque avait eu lieu le 2 mars "
         "2018.", "2022-07-30",
         reason=EARLIEST_WINS),
    Case("acquisition-year", "Dalmor a été victime d'une cyberattaque. L'entreprise a été rachetée en 2015.", None,
         reason=LONE_DATE_KEPT),
]


def run(case: Case, extract):
    return extract(case.text, published=case.published, byline=case.byline)


def check(case: Case, extract) -> None:
    record = run(case, extract)
    if case.field == "incident_date" and case.expected is not None:
        assert record.is_incident, "precondition: the text must report an incident"
    assert getattr(record, case.field) == case.expected


@pytest.mark.parametrize("case", examples(DEVELOPMENT, NEGATIVES, BUGS_CAUGHT, XFAIL))
def test_example(case: Case, extract) -> None:
    check(case, extract)


@pytest.mark.parametrize("case", development(DEVELOPMENT))
def test_development_values_carry_evidence(case: Case, extract, check_evidence) -> None:
    record = run(case, extract)
    check_evidence(record, case.field)
    assert [e.value for e in record.evidence[case.field]] == [case.expected]


def test_case_ids_are_unique_kebab_case() -> None:
    assert_well_named(DEVELOPMENT, NEGATIVES, BUGS_CAUGHT, XFAIL)


def test_the_age_of_the_data_is_no_start_cue(nlp) -> None:
    """"l'attaque remonte au 3 mars" dates the incident; "les données remontent jusqu'en 2008" dates the data."""
    doc = nlp("L'attaque remonte au 3 mars. Les données remontent jusqu'en 2008.")
    assert [s.text for s in doc.spans["cues"] if s.label_ == "DATE_BEGAN"] == ["remonte au"]
