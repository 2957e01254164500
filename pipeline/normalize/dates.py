"""French date expressions -> ISO 8601 at the precision the text gives (YYYY-MM-DD, YYYY-MM, YYYY).

dateparser does the parsing (``languages=['fr']``); this module decides the precision, resolves
relative expressions against a base date (the publication date) and refuses to invent a year:
an expression without a year and without a base date gives None.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from pipeline.normalize.text import collapse_spaces

_YEAR = re.compile(r"\b(19[7-9]\d|20\d\d)\b")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})\b")
# modifiers dateparser does not know, and what they leave ("fin janvier" -> "janvier", month precision)
_MODIFIERS = re.compile(r"^(?:(?:à la |à |en |au |le |la )?(?:fin|début|courant|mi|milieu|printemps|été|"
                        r"automne|hiver)(?:\s+de|\s+d'|-|\s)+)", re.I)
_RELATIVE_WORDS = re.compile(r"\b(hier|avant-hier|aujourd'hui|dernier|dernière|derniers|précédent|"
                             r"passé|passée|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
                             r"semaine|mois|année|week-end)\b", re.I)
_MONTHS = ("janvier", "février", "fevrier", "mars", "avril", "mai", "juin", "juillet", "août", "aout",
           "septembre", "octobre", "novembre", "décembre", "decembre")
_MONTH_RE = "|".join(_MONTHS)
# a date with an explicit year inside a longer line ("publié le 21 décembre 2018 à 14h30")
_WRITTEN_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:er)?\s+(?:{_MONTH_RE})\.?\s+(?:19|20)\d\d|(?:{_MONTH_RE})\s+(?:19|20)\d\d"
    rf"|(?:19|20)\d\d-\d\d(?:-\d\d)?|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}})\b", re.I)
_WEEKDAY_LAST = re.compile(r"\b(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+derni(er|ère)\b", re.I)
_WEEKEND = re.compile(r"\bweek-?end\s+derni", re.I)
_PRECISIONS = {"day": 10, "week": 10, "time": 10, "month": 7, "year": 4}


def iso(value: dt.date, precision: int) -> str:
    """ISO string of ``value`` cut to ``precision`` characters (10, 7 or 4)."""
    return value.isoformat()[:precision]


# words around a date that dateparser does not need ("depuis au moins le mois de février")
_FILLERS = re.compile(r"^(?:depuis|dès|à partir du|à partir de|à compter du|à compter de)\s+"
                      r"|\b(?:au moins|le mois d[e']|la fin d[eu']|le début d[eu'])\s*", re.I)
_RANGE = re.compile(r"^entre\s+(?P<first>.+?)\s+et\s+(?P<second>.+)$", re.I)
_NIGHT = re.compile(r"^nuit\s+d[eu]\s+\w+\s+(?:à|au)\s+(?P<day>\w+)$", re.I)


def parse_date_expression(text: str, base: str | None = None) -> str | None:
    """An ISO date for a French date expression, relative ones resolved against ``base``.

    >>> [parse_date_expression(t) for t in ("novembre 2013", "le 3 mars 2022", "2020-05", "fin janvier 2022")]
    ['2013-11', '2022-03-03', '2020-05', '2022-01']
    >>> [parse_date_expression(t, base="2021-08-02") for t in ("dimanche 1er août", "en avril", "mardi dernier")]
    ['2021-08-01', '2021-04', '2021-07-27']
    >>> parse_date_expression("en avril") is None, parse_date_expression("depuis 2013")
    (True, '2013')
    >>> parse_date_expression("entre juin et septembre 2022"), parse_date_expression("entre 2019 et 2021")
    ('2022-06', '2019')
    >>> parse_date_expression("nuit de samedi à dimanche", base="2023-03-14")
    '2023-03-12'
    """
    text = collapse_spaces(text)
    night = _NIGHT.match(text)
    if night:  # "nuit de samedi à dimanche": the last such night before publication
        return _parse(f"{night.group('day')} dernier", base)
    span = _RANGE.match(text)
    if span:  # "entre juin et septembre 2022": the start, with the year written at the end
        first, second = span.group("first"), span.group("second")
        end = _parse(second, base)
        if end is None:
            return None
        if not _YEAR.search(first):
            first = f"{first} {end[:4]}"
        return _parse(first, base)
    return _parse(text, base)


def parse_publication_date(text: str) -> str | None:
    """A publication date written in a byline: needs an explicit year.

    >>> [parse_publication_date(t) for t in ("publié le 21 décembre 2018 à 14h30", "Publié le 02/08/2021 07:26")]
    ['2018-12-21', '2021-08-02']
    >>> [parse_publication_date(t) for t in ("date 2020-05", "Rédaction — 14.06.2022", "hier")]
    ['2020-05', '2022-06-14', None]
    """
    match = _WRITTEN_DATE.search(collapse_spaces(text))
    return _parse(match.group(0), None) if match else None


@lru_cache(maxsize=50_000)
def _parse(text: str, base: str | None) -> str | None:
    base_date = _base(base)
    numeric = _NUMERIC_DATE.search(text)
    if numeric:
        return _numeric(numeric)
    iso_match = _ISO.match(text.strip())
    if iso_match and "-" in text.strip()[:8]:
        year, month, day = iso_match.groups()
        return "-".join(p for p in (year, month, day) if p)
    has_year = bool(_YEAR.search(text))
    relative = bool(_RELATIVE_WORDS.search(text))
    if not has_year and base_date is None:
        return None
    if not has_year and not relative and not any(m in text.lower() for m in _MONTHS):
        return None
    if _WEEKEND.search(text) and base_date is not None:
        days_back = (base_date.weekday() - 5) % 7 or 7
        return iso(base_date - dt.timedelta(days=days_back), 10)
    text = _WEEKDAY_LAST.sub(r"\1", text)
    text = _FILLERS.sub(" ", text).strip()
    cleaned = _MODIFIERS.sub("", re.sub(r"^(depuis|dès|en|le|la|au|à partir de|avant|après)\s+", "",
                                        text, flags=re.I))
    had_modifier = cleaned != text and bool(_MODIFIERS.match(re.sub(r"^(en|le|la|au|à)\s+", "", text,
                                                                      flags=re.I)))
    data = _parser(base)(cleaned)
    if data is None:
        return None
    value, period = data
    if base_date is not None and not has_year and value.date() > base_date:
        value = value.replace(year=value.year - 1)
    precision = _PRECISIONS.get(period or "day", 10)
    if had_modifier:
        precision = min(precision, 7 if not re.fullmatch(r"\d{4}", cleaned.strip()) else 4)
    if re.fullmatch(r"(19|20)\d\d", cleaned.strip()):
        precision = 4
    return iso(value.date(), precision)


def _numeric(match: re.Match[str]) -> str | None:
    day, month, year = (int(g) for g in match.groups())
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _base(base: str | None) -> dt.date | None:
    if not base:
        return None
    parts = [int(p) for p in base.split("-")]
    while len(parts) < 3:
        parts.append(1)
    try:
        return dt.date(*parts[:3])
    except (TypeError, ValueError):
        return None


@lru_cache(maxsize=64)
def _parser(base: str | None):
    from dateparser.date import DateDataParser  # slow import, only when dates are parsed

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY",
                                   "PREFER_DAY_OF_MONTH": "first"}
    base_date = _base(base)
    if base_date is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(base_date, dt.time(12))
    parser = DateDataParser(languages=["fr"], settings=settings)

    def parse(text: str) -> tuple[dt.datetime, str] | None:
        try:
            data = parser.get_date_data(text)
        except (ValueError, TypeError, OverflowError):
            return None
        if data is None or data.date_obj is None:
            return None
        return data.date_obj, data.period

    return parse
