"""French date expressions -> ISO 8601 at the precision the text gives (YYYY-MM-DD, YYYY-MM, YYYY).

dateparser does the parsing (``languages=['fr']``); this module decides the precision, resolves
relative expressions against a base date (the publication date) and refuses to invent a year:
an expression without a year and without a base date gives None.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.normalize.calendar import calendar
from pipeline.normalize.text import collapse_spaces
from pipeline.resources import per_models_dir

_YEAR = re.compile(r"\b(19[7-9]\d|20\d\d)\b")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})\b")
# modifiers dateparser does not know, and what they leave ("fin janvier" -> "janvier", month precision)
_MODIFIERS = re.compile(r"^(?:(?:à la |à |en |au |le |la )?(?:fin|début|courant|mi|milieu|printemps|été|"
                        r"automne|hiver)(?:\s+de|\s+d'|-|\s)+)", re.I)
_DAY_MONTH = re.compile(r"^(?:le |du |depuis |dès |au )?(\d{1,2})/(\d{1,2})$")
_NUMERIC_PUBLICATION = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})$")


@dataclass(frozen=True, slots=True)
class CalendarShapes:
    """Date shapes built on the calendar words of models/lexicons/calendar.tsv (once per models directory)."""

    months: tuple[str, ...]  # full month names, the words that make an expression a date
    number: dict[str, int]  # month word -> 1-12
    relative: re.Pattern[str]
    written: re.Pattern[str]  # a date with an explicit year inside a longer line ("publié le 21 décembre 2018")
    us_month_day: re.Pattern[str]  # "mai 9, 2024"
    weekday_last: re.Pattern[str]  # "mardi dernier"
    plain_day: re.Pattern[str]


@per_models_dir
def shapes() -> CalendarShapes:
    cal = calendar()
    full = tuple(word for word in cal.month_words if not word.endswith("."))  # not the abbreviations
    months = "|".join(sorted(full, key=len, reverse=True))
    weekdays, weekday_names = cal.weekday_pattern, "|".join(cal.weekdays)
    relative = re.compile(rf"\b(hier|avant-hier|aujourd'hui|dernier|dernière|derniers|précédent|passé|passée|"
                          rf"{weekday_names}|semaine|semaines|mois|année|ans|jours|week-end|il y a)\b", re.I)
    written = re.compile(
        rf"(?<![\d/.])(?:\d{{1,2}}(?:er)?\s+{cal.month_pattern}\s+(?:19|20)\d\d"
        rf"|(?:{months})\s+\d{{1,2}},\s+(?:19|20)\d\d|(?:{months})\s+(?:19|20)\d\d"
        rf"|(?:19|20)\d\d-\d\d(?:-\d\d)?|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}})(?![\d/])", re.I)
    us_month_day = re.compile(rf"^({months})\s+(\d{{1,2}}),\s+((?:19|20)\d\d)$", re.I)
    weekday_last = re.compile(rf"\b({weekday_names})\s+derni(er|ère)\b", re.I)
    plain_day = re.compile(rf"^(?:(?:le|du|au|depuis|dès)\s+)?(?:{weekdays}\s+)?(1er|\d{{1,2}})\s+(\S+)\s+"
                           r"((?:19|20)\d\d)$", re.I)
    return CalendarShapes(full, dict(cal.months), relative, written, us_month_day, weekday_last, plain_day)


_WEEKEND = re.compile(r"\bweek-?end\s+derni", re.I)
_PRECISIONS = {"day": 10, "week": 10, "time": 10, "month": 7, "year": 4}


def _valid_iso(year: str, month: str | None, day: str | None) -> str | None:
    """``YYYY[-MM[-DD]]`` when it names a real calendar date, else None.

    >>> _valid_iso("2017", "20", None), _valid_iso("2023", "02", "29"), _valid_iso("2024", "02", "29")
    (None, None, '2024-02-29')
    """
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return "-".join(p for p in (year, month, day) if p)


def iso(value: dt.date, precision: int) -> str:
    """ISO string of ``value`` cut to ``precision`` characters (10, 7 or 4)."""
    return value.isoformat()[:precision]


# words around a date that dateparser does not need ("depuis au moins le mois de février")
_FILLERS = re.compile(r"^(?:depuis|dès|à partir du|à partir de|à compter du|à compter de)\s+"
                      r"|\b(?:au moins|le mois d[e']|la fin d[eu']|le début d[eu'])\s*"
                      r"|\s+(?:matin|soir|après-midi|midi)$", re.I)
_RANGE = re.compile(r"^(?:nuit\s+)?(?:entre\s+(?P<first>.+?)\s+et|(?:(?:du|de)\s+|d['’])(?P<start>.+?)\s+(?:au|à))\s+"
                    r"(?P<second>.+)$", re.I)
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
    >>> parse_date_expression("d'avril à septembre 2023"), parse_date_expression("du 9 au 10 février 2024")
    ('2023-04', '2024-02-09')
    >>> parse_date_expression("depuis au moins le mois de février", base="2024-05-15")
    '2024-02'
    """
    text = collapse_spaces(text)
    night = _NIGHT.match(text)
    if night:  # "nuit de samedi à dimanche": the last such night before publication
        return _parse(f"{night.group('day')} dernier", base)
    span = _RANGE.match(text)
    if span:  # "entre juin et septembre 2022": the start, with the year written at the end
        first, second = span.group("first") or span.group("start"), span.group("second")
        end = _parse(second, base)
        if end is None:
            return None
        if not any(m in first.lower() for m in shapes().months) and "/" not in first and not _YEAR.search(first):
            first = f"{first} {_month_words(second)}"  # "du vendredi 9 au samedi 10 février"
        if not _YEAR.search(first) and "/" not in first:
            first = f"{first} {end[:4]}"
        return _parse(first, base)
    return _parse(text, base)


def _month_words(text: str) -> str:
    """The month (and what follows it) of the second half of a range: 'samedi 10 février 2024' -> 'février 2024'."""
    lowered = text.lower()
    positions = [lowered.find(m) for m in shapes().months if m in lowered]
    return text[min(positions):] if positions else ""


def parse_publication_date(text: str) -> str | None:
    """A publication date written in a byline: needs an explicit year.

    >>> [parse_publication_date(t) for t in ("publié le 21 décembre 2018 à 14h30", "Publié le 02/08/2021 07:26")]
    ['2018-12-21', '2021-08-02']
    >>> [parse_publication_date(t) for t in ("date 2020-05", "Rédaction — 14.06.2022", "hier")]
    ['2020-05', '2022-06-14', None]
    >>> [parse_publication_date(t) for t in ("Publié le mai 9, 2024 par X", "Publié11.04.2024 10:22", "10 oct. 2024")]
    ['2024-05-09', '2024-04-11', '2024-10-10']
    >>> parse_publication_date("Publié 06/18/2024 à 3:41 PM EDT")  # a US month/day order, when the day says so
    '2024-06-18'
    """
    match = shapes().written.search(collapse_spaces(text))
    if not match:
        return None
    found = match.group(0)
    if us := shapes().us_month_day.match(found):
        found = f"{us.group(2)} {us.group(1)} {us.group(3)}"
    elif (numeric := _NUMERIC_PUBLICATION.match(found)) and int(numeric.group(2)) > 12 >= int(numeric.group(1)):
        found = f"{numeric.group(2)}/{numeric.group(1)}/{numeric.group(3)}"
    return _parse(found, None)


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])(?:[/-](0[1-9]|[12]\d|3[01]))?(?=[/-])")


def date_from_url(url: str | None) -> str | None:
    """The date a URL path carries ('/2022/07/21/...', '/blog/2023/05/...'), at its precision.

    >>> date_from_url("https://ex.ci/2022/07/21/donnees-artci/"), date_from_url("https://ex.ci/2023/09/societe/x")
    ('2022-07-21', '2023-09')
    >>> date_from_url("https://ex.fr/cyber/fuite-123456") is None
    True
    """
    if not url:
        return None
    match = _URL_DATE.search(url)
    if not match:
        return None
    year, month, day = match.groups()
    return f"{year}-{month}-{day}" if day else f"{year}-{month}"


_PLAIN_MONTH = re.compile(r"^(?:(?:en|depuis|dès)\s+)?(\w+)\s+((?:19|20)\d\d)$", re.I)
_PLAIN_YEAR = re.compile(r"^(?:(?:en|depuis|dès)\s+)?((?:19|20)\d\d)$", re.I)


def _plain(text: str) -> str | None:
    """The common explicit forms without dateparser: '3 mars 2022', 'novembre 2013', 'en 2021'.

    >>> _plain("le 1er août 2021"), _plain("novembre 2013"), _plain("depuis 2013"), _plain("fin 2022")
    ('2021-08-01', '2013-11', '2013', None)
    """
    text = text.strip()
    if match := shapes().plain_day.match(text):
        month = shapes().number.get(match.group(2).lower())
        if month is None:
            return None
        day = 1 if match.group(1).lower() == "1er" else int(match.group(1))
        try:
            return dt.date(int(match.group(3)), month, day).isoformat()
        except ValueError:
            return None
    if match := _PLAIN_YEAR.match(text):
        return match.group(1)
    if match := _PLAIN_MONTH.match(text):
        month = shapes().number.get(match.group(1).lower())
        return f"{match.group(2)}-{month:02d}" if month else None
    return None


@lru_cache(maxsize=50_000)
def _parse(text: str, base: str | None) -> str | None:
    plain = _plain(text)
    if plain is not None:
        return plain
    base_date = _base(base)
    numeric = _NUMERIC_DATE.search(text)
    if numeric:
        return _numeric(numeric)
    day_month = _DAY_MONTH.match(text.strip())
    if day_month:  # "le 3/11": the last such day before publication
        return _day_month(int(day_month.group(1)), int(day_month.group(2)), base_date)
    iso_match = _ISO.match(text.strip())
    if iso_match and "-" in text.strip()[:8]:
        year, month, day = iso_match.groups()
        return _valid_iso(year, month, day)  # "loi n°2017-20" is a law number, not a month
    has_year = bool(_YEAR.search(text))
    relative = bool(shapes().relative.search(text))
    if not has_year and base_date is None:
        return None
    if not has_year and not relative and not any(m in text.lower() for m in shapes().months):
        return None
    if _WEEKEND.search(text) and base_date is not None:
        days_back = (base_date.weekday() - 5) % 7 or 7
        return iso(base_date - dt.timedelta(days=days_back), 10)
    text = shapes().weekday_last.sub(r"\1", text)
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


def _day_month(day: int, month: int, base: dt.date | None) -> str | None:
    """'3/11' against the publication date: that day in the publication year, or the year before.

    >>> _day_month(3, 11, dt.date(2024, 11, 5)), _day_month(28, 12, dt.date(2024, 1, 10))
    ('2024-11-03', '2023-12-28')
    """
    if base is None:
        return None
    try:
        value = dt.date(base.year, month, day)
    except ValueError:
        return None
    if value > base:
        value = value.replace(year=base.year - 1)
    return value.isoformat()


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
