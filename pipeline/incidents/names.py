"""Organisation names across articles: one canonical key, blocking keys, and how well two names match.

Outlets spell one organisation many ways: with or without its legal suffix ("TransAlpin Mobilité SA"),
shortened ("TransAlpin"), by its acronym ("CHIVA" for "Centre hospitalier intercommunal du Val-d'Arnon"),
by a product (models/lexicons/products.tsv) or an alias (models/lexicons/organisations.tsv), with the
kind noun before or after ("Mutuelle Arcadie", "Arcadie Mutuelle"). Names sharing only their distinctive
words ("Orvalis Assurances" and "Orvalis Mutuelle") match partially: other evidence must agree.

    >>> from pipeline.incidents.names import OrgName
    >>> def match(a, b):
    ...     return OrgName.of(a).match(OrgName.of(b))
    >>> OrgName.of("Centre hospitalier intercommunal du Val-d'Arnon").acronym
    'chiva'
    >>> match("CHIVA", "Centre hospitalier intercommunal du Val-d'Arnon"), match("TransAlpin", "TransAlpin Mobilité SA")
    (1.0, 1.0)
    >>> match("Mutuelle Arcadie", "Arcadie Mutuelle"), match("RayonVert.fr", "Rayon Vert")
    (1.0, 1.0)
    >>> match("Orvalis Assurances", "Orvalis Mutuelle"), match("Lumina Énergie", "Lumina Mobilité")
    (0.5, 0.0)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.normalize.names import name_key
from pipeline.normalize.text import fold
from pipeline.resources import active_models_dir, lexicon, words

PARTIAL = 0.5  # the score of names that share only their distinctive words
MIN_ABBREVIATION = 4  # "Immo" abbreviates "Immobilier"; "Im" abbreviates nothing
MIN_ACRONYM_KEY = 3  # a two-letter acronym ("VA" for "Valmor Assurances") is shared by too many names to block on
_SPLIT = re.compile(r"[\s\-'’./]+")
CONNECTORS = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "sur", "a", "au", "aux", "&"})


@dataclass(frozen=True, slots=True)
class OrgName:
    """A name as the grouping compares it."""

    surface: str
    key: str  # the folded name without legal suffix (pipeline.normalize.names.name_key), after aliases
    tokens: tuple[str, ...]  # words of the key, connectors left out
    distinct: frozenset[str]  # the words that are not kind nouns ("mutuelle", "centre", "hospitalier")
    acronym: str
    squashed: str  # letters only, a web address's ending dropped: "RayonVert.fr" and "Rayon Vert" agree

    @classmethod
    def of(cls, surface: str) -> OrgName:
        return _org_name(surface, active_models_dir())

    def match(self, other: OrgName) -> float:
        """1 for the same organisation by name, PARTIAL when only the distinctive words agree, else 0."""
        if self.key == other.key or sorted(self.tokens) == sorted(other.tokens) or self.squashed == other.squashed:
            return 1.0
        short, long = sorted((self, other), key=lambda n: (len(n.tokens), len(n.key)))
        if len(short.tokens) == 1 and len(long.tokens) > 1 and short.tokens[0] == long.acronym:
            return 1.0
        if short.tokens and all(_abbreviates(a, b) for a, b in zip(short.tokens, long.tokens, strict=False)):
            return 1.0  # "TransAlpin" / "TransAlpin Mobilité France", "Ferrand Immo" / "Ferrand Immobilier"
        small, large = sorted((self.distinct, other.distinct), key=len)
        if small and small <= large:
            return 1.0 if small == large and not _kinds_differ(short, long) else PARTIAL
        return 0.0

    def blocking_keys(self) -> set[str]:
        """Keys under which the name is looked up: its distinctive words, its acronym, its whole key and
        its squashed form."""
        keys = {f"w:{w}" for w in self.distinct if len(w) >= 3}
        if len(self.tokens) > 1 and len(self.acronym) >= MIN_ACRONYM_KEY:
            keys.add(f"w:{self.acronym}")
        keys.add(f"k:{self.key}")
        keys.add(f"s:{self.squashed}")
        return keys


def _abbreviates(short: str, long: str) -> bool:
    return short == long or (len(short) >= MIN_ABBREVIATION and long.startswith(short))


def _kinds_differ(a: OrgName, b: OrgName) -> bool:
    kinds_a, kinds_b = set(a.tokens) - a.distinct, set(b.tokens) - b.distinct
    return bool(kinds_a and kinds_b and kinds_a != kinds_b)


@lru_cache(maxsize=100_000)
def _org_name(surface: str, models_dir: Path) -> OrgName:
    key = canonical_key(surface)
    tokens = tuple(t for t in _SPLIT.split(key) if t and t not in CONNECTORS)
    kinds = kind_words()
    distinct = frozenset(t for t in tokens if t not in kinds)
    acronym = "".join(t[0] for t in tokens) if len(tokens) > 1 else ""
    squashed = re.sub(r"[^a-z0-9]", "", re.sub(r"\.(fr|com|be|ch|ca|net|org|eu)$", "", key))
    return OrgName(surface, key, tokens, distinct, acronym, squashed)


def canonical_key(surface: str) -> str:
    """The name key of ``surface``, through the alias and product lexicons ("Alexa" -> "amazon")."""
    key = name_key(surface)
    return aliases().get(key, key)


@lru_cache(maxsize=4)
def _aliases(models_dir: Path) -> dict[str, str]:
    rows = [(row[0], row[1]) for row in lexicon("organisations.tsv", models_dir) if len(row) >= 2]
    rows += [(row[0], row[1]) for row in lexicon("products.tsv", models_dir) if len(row) >= 2]
    return {name_key(alias): name_key(canonical) for alias, canonical in rows if name_key(alias) != name_key(canonical)}


def aliases() -> dict[str, str]:
    return _aliases(active_models_dir())


@lru_cache(maxsize=4)
def _kind_words(models_dir: Path) -> frozenset[str]:
    nouns = [row[0] for row in lexicon("org_types.tsv", models_dir)]
    found = {t for noun in nouns for t in _SPLIT.split(fold(noun)) if t and t not in CONNECTORS}
    return frozenset(found | words("legal_suffixes.txt", models_dir))


def kind_words() -> frozenset[str]:
    """Words that say what kind of organisation a name is, from models/lexicons/org_types.tsv."""
    return _kind_words(active_models_dir())
