"""Amounts of money: "85 millions de dollars", "20 M€", "£20m", "1,2 milliard d'euros" -> (amount, ISO code).

``parse_money`` never raises: text it cannot read gives None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipeline.normalize.number import parse_number
from pipeline.normalize.text import collapse_spaces
from pipeline.resources import lexicon, per_models_dir

_NOT_AFTER_LETTER = r"(?<![^\W\d_])"
_NOT_BEFORE_LETTER = r"(?![^\W\d_])"


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def as_number(self) -> int | float:
        return int(self.amount) if self.amount == self.amount.to_integral_value() else float(self.amount)


@per_models_dir
def currency_names() -> dict[str, str]:
    """Lower-cased currency surface forms -> ISO code (longest names first)."""
    table = {row[0].lower(): row[1] for row in lexicon("currencies.tsv")}
    table |= {word: "" for word in currency_families()[0] if word not in table}  # resolved by the page
    return dict(sorted(table.items(), key=lambda item: -len(item[0])))


@per_models_dir
def currency_families() -> tuple[dict[str, tuple[str, str | None]], dict[str, frozenset[str]]]:
    """Shared currency words -> (family, default code), and family -> its codes (currency_families.tsv)."""
    words: dict[str, tuple[str, str | None]] = {}
    members: dict[str, frozenset[str]] = {}
    for row in lexicon("currency_families.tsv"):
        if row[0].startswith("@"):
            members[row[0][1:]] = frozenset(row[1].split())
        else:
            words[row[0].lower()] = (row[1], None if row[2] == "-" else row[2])
    return words, members


@per_models_dir
def glued_scales() -> dict[str, tuple[int, str]]:
    """Scale+symbol tokens ("m€", "md$") -> (multiplier, ISO code)."""
    return {row[0].lower(): (int(row[1]), row[2]) for row in lexicon("money_scales.tsv")}


@per_models_dir
def _currency_regex() -> re.Pattern[str]:
    names = sorted(set(currency_names()) | set(glued_scales()), key=len, reverse=True)
    alternatives = [
        (_NOT_AFTER_LETTER if name[0].isalpha() else "") + re.escape(name)
        + (_NOT_BEFORE_LETTER if name[-1].isalpha() else "")
        for name in names
    ]
    return re.compile("(" + "|".join(alternatives) + ")", re.I)


def _finer_than_cents(amount: int | float | Decimal) -> bool:
    exponent = Decimal(str(amount)).normalize().as_tuple().exponent
    return isinstance(exponent, int) and exponent < -2


def parse_money(text: str, hints: dict[str, str] | None = None) -> Money | None:
    """The amount and currency of a money expression. ``hints`` says what a shared currency word means on the
    page, by family (``{"dollar": "CAD"}`` on a Canadian page, ``{"krone": "NOK"}``); qualified names keep
    their currency ("dollars américains" is USD on any page). A shared word with no hint and no default
    ("4,5 millions de couronnes" on a page that never says which) gives None.

    >>> [(str(m.amount), m.currency) for m in map(parse_money, ("85 millions de dollars", "20 M€", "£20m"))]
    [('85000000', 'USD'), ('20000000', 'EUR'), ('20000000', 'GBP')]
    >>> [(str(m.amount), m.currency) for m in map(parse_money, (
    ...     "1 million de dollars singapouriens", "1,2 milliard d'euros", "150 000 euros", "US$ 5 milliards"))]
    [('1000000', 'SGD'), ('1200000000', 'EUR'), ('150000', 'EUR'), ('5000000000', 'USD')]
    >>> [(str(m.amount), m.currency) for m in map(parse_money, ("CHF 2 mio", "2 millions de francs suisses", "3 Md$"))]
    [('2000000', 'CHF'), ('2000000', 'CHF'), ('3000000000', 'USD')]
    >>> parse_money("EUR/USD 1,0937") is None
    True
    >>> parse_money("des millions d'euros") is None, parse_money("20 lapins") is None
    (True, True)
    >>> [parse_money(t, hints={"dollar": "CAD"}).currency for t in ("150 000 $", "2 millions de dollars", "5 $ US")]
    ['CAD', 'CAD', 'USD']
    >>> parse_money("18,5 M$", {"dollar": "CAD"}).currency
    'CAD'
    >>> parse_money("4,5 millions de couronnes") is None, parse_money("4,5 millions de couronnes", {"krone": "NOK"})
    (True, Money(amount=Decimal('4500000'), currency='NOK'))
    """
    cleaned = collapse_spaces(text.replace("\u2019", "'"))
    match = _currency_regex().search(cleaned)
    if not match:
        return None
    surface = match.group(1).lower()
    number_text = (cleaned[: match.start()] + " " + cleaned[match.end():]).strip()
    number_text = re.sub(r"\s+(de|d')\s*$", "", number_text, flags=re.I).strip()
    number_text = re.sub(r"^(de|d')\s+", "", number_text, flags=re.I)
    if surface in glued_scales():
        multiplier, currency = glued_scales()[surface]
        shared = currency_families()[0].get(next((c for c in surface if not c.isalpha()), ""))
        if shared is not None and (hints or {}).get(shared[0]):
            currency = (hints or {})[shared[0]]  # "18,5 M$" on a Canadian page
        value = parse_number(number_text)
        amount = value * multiplier if value is not None else None
    else:
        currency = currency_names()[surface]
        shared = currency_families()[0].get(surface)
        if shared is not None:
            family, default = shared
            currency = (hints or {}).get(family) or default or ""
            if not currency:
                return None
        amount = parse_number(number_text)
    if amount is None or amount <= 0 or _finer_than_cents(amount):
        return None  # "EUR/USD 1,0937" in a market ticker is a rate, not a sum
    return Money(amount=amount, currency=currency)
