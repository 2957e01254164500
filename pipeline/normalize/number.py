"""French numbers: digits with any thousands separator, decimal commas, scale words, number words.

``parse_number`` takes the text of a quantity and returns a :class:`~decimal.Decimal`, or None when
the text is not a number. It never raises.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from pipeline.resources import lexicon, per_models_dir

_SPACE_CHARS = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "’": "'"})
_DIGITS_THEN_WORDS = re.compile(r"^(?P<digits>\d[\d ',.]*?)\s*(?P<words>[^\d\s][^\d]*)?$")
_DOTTED_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_COMMA_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3}){2,}$")
_SPACED_THOUSANDS = re.compile(r"^\d{1,3}(?:[ ']\d{3})+(?:,\d+)?$")
_ONE_COMMA_GROUP = re.compile(r"^\d{1,3},\d{3}$")
_FILLER = {"et", "de", "d'", "d"}


@per_models_dir
def _number_words() -> dict[str, tuple[int, str]]:
    return {row[0]: (int(row[1]), row[2]) for row in lexicon("numbers.tsv")}


def scale_words() -> frozenset[str]:
    """Words that multiply a number: mille, millions, Md, M, k ..."""
    return frozenset(word for word, (_, kind) in _number_words().items() if kind == "scale")


def number_words() -> frozenset[str]:
    """Every word the spelled-out parser knows (un, vingt, cent, mille, millions ...)."""
    return frozenset(_number_words())


def parse_number(text: str) -> Decimal | None:
    """The value of a French quantity, or None.

    >>> [str(parse_number(t)) for t in ("1 700", "1\\u202f200\\u202f000", "1.700.000", "1'000", "85")]
    ['1700', '1200000', '1700000', '1000', '85']
    >>> [str(parse_number(t)) for t in ("2,15 millions", "1,2 Md", "20 M", "4,5 mio", "10k", "3 milliards")]
    ['2150000', '1200000000', '20000000', '4500000', '10000', '3000000000']
    >>> [str(parse_number(t)) for t in ("trois millions", "vingt-deux mille", "quatre-vingt-dix")]
    ['3000000', '22000', '90']
    >>> [str(parse_number(t)) for t in ("un million", "soixante et onze", "1,5", "cent")]
    ['1000000', '71', '1.5', '100']
    >>> [str(parse_number(t)) for t in ("150,000", "51,744", "1,500 million", "2,25")]
    ['150000', '51744', '1500000', '2.25']
    >>> [parse_number(t) for t in ("des milliers", "millions", "", "beaucoup", "2 lapins")]
    [None, None, None, None, None]
    """
    cleaned = text.translate(_SPACE_CHARS).strip().lower()
    if not cleaned:
        return None
    match = _DIGITS_THEN_WORDS.match(cleaned)
    if match:
        digits = match.group("digits").strip()
        words = (match.group("words") or "").strip()
        if not words and _ONE_COMMA_GROUP.match(digits):
            digits = digits.replace(",", "")  # "150,000" with no scale word: English thousands, not 150.0
        value = parse_digits(digits)
        if value is None:
            return None
        if not words:
            return value
        multiplier = _scale_multiplier(words)
        return None if multiplier is None else _normal(value * multiplier)
    return _spelled(cleaned)


def parse_digits(text: str) -> Decimal | None:
    """Digits with French or international separators.

    >>> [str(parse_digits(t)) for t in ("1 700", "1.700", "1,7", "1,700,000", "12")]
    ['1700', '1700', '1.7', '1700000', '12']
    """
    text = text.strip().rstrip(".,")
    if _SPACED_THOUSANDS.match(text):
        text = text.replace(" ", "").replace("'", "")
    elif _DOTTED_THOUSANDS.match(text):
        text = text.replace(".", "")
    elif _COMMA_THOUSANDS.match(text):
        text = text.replace(",", "")
    if " " in text or "'" in text:
        return None
    text = text.replace(",", ".")
    if text.count(".") > 1:
        return None
    try:
        return _normal(Decimal(text))
    except InvalidOperation:
        return None


def _scale_multiplier(words: str) -> int | None:
    """The product of scale words ("millions" -> 10**6, "mille milliards" -> 10**12), else None."""
    table = _number_words()
    parts = [w for w in _words(words, table) if w not in _FILLER]
    if not parts or any(table.get(w, (0, ""))[1] != "scale" for w in parts):
        return None
    multiplier = 1
    for word in parts:
        multiplier *= table[word][0]
    return multiplier


def _spelled(text: str) -> Decimal | None:
    table = _number_words()
    parts = [w for w in _words(text.strip(), table) if w not in _FILLER]
    if not parts or any(w not in table for w in parts):
        return None
    if all(table[w][1] == "scale" for w in parts) and parts != ["mille"]:
        return None  # "millions" alone is a vague quantity, not a number
    total, group, seen_unit = 0, 0, False
    for word in parts:
        value, kind = table[word]
        if kind in ("unit", "tens"):
            if kind == "tens" and value == 20 and group % 100 == 4:  # quatre-vingt(s)
                group += 76
            else:
                group += value
            seen_unit = True
        elif kind == "hundred":
            group = (group or 1) * 100
            seen_unit = True
        else:  # scale
            total += (group or 1) * value
            group = 0
            seen_unit = True
    if not seen_unit:
        return None
    return Decimal(total + group)


def _words(text: str, table: dict) -> list[str]:
    """Words of a spelled number: hyphenated words the table knows whole ("demi-million") stay whole,
    the others split at hyphens ("vingt-deux")."""
    parts: list[str] = []
    for word in text.split():
        parts.extend([word] if word in table else [w for w in word.split("-") if w])
    return parts


def _normal(value: Decimal) -> Decimal:
    """Integral values without an exponent or trailing zeros (Decimal('2.15E+6') -> 2150000)."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()
