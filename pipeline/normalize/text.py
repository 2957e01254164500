"""Text folding shared by matching and scoring: case, accents, spaces, light inflection."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
# characters a browser does not show: soft hyphens, zero-width spaces and joiners, word joiners, BOMs
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# apostrophes and dashes that scraped pages write in many ways
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'"})


def collapse_spaces(text: str) -> str:
    """All white space (no-break and narrow no-break spaces included) as one space.

    >>> collapse_spaces("1\\u202f700\\u00a0clients\\n  touchés ")
    '1 700 clients touchés'
    """
    return _SPACES.sub(" ", text).strip()


def visible_text(text: str) -> str:
    """Text as a reader sees it: invisible characters removed, Unicode composed (NFC).

    >>> visible_text("réac\u00adtion e\u0301te\u0301\u200b")
    'réaction été'
    """
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", text))


def strip_accents(text: str) -> str:
    """
    >>> strip_accents("Données dérobées à Noël")
    'Donnees derobees a Noel'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Case-, accent-, apostrophe- and space-insensitive form of a phrase.

    >>> fold("  L’Équipe  de  CNIL ")
    "l'equipe de cnil"
    """
    return collapse_spaces(strip_accents(text.translate(_APOSTROPHES)).lower())


VERB_ENDINGS = ("aient", "ait", "ais", "ant")


@lru_cache(maxsize=200_000)
def light_lemma(word: str) -> str:
    """A lower-cased stem that merges the inflections of a French word (gender, number, participles).

    It is not a linguistic lemma: it is a matching key, applied the same way to the patterns and
    to the text, so that one pattern matches all inflected forms. Accents are kept (``dès`` and ``des``
    stay apart); apostrophes are unified.

    >>> [light_lemma(w) for w in ("piratées", "piraté", "pirater", "pirates")]
    ['pirat', 'pirat', 'pirat', 'pirat']
    >>> [light_lemma(w) for w in ("Données", "donnée", "exposés", "exposée")]
    ['donn', 'donn', 'expos', 'expos']
    >>> [light_lemma(w) for w in ("e-mails", "sous-traitante", "d’", "2,15", "dès", "des", "lésé")]
    ['e-mail', 'sou-traitant', "d'", '2,15', 'dès', 'des', 'lés']
    >>> [light_lemma(w) for w in ("contenait", "contenant", "contenu", "enregistrait", "enregistré")]
    ['conten', 'conten', 'contenu', 'enregistr', 'enregistr']
    >>> [light_lemma(w) for w in ("mots", "de", "passe", "accès", "bancaires")]
    ['mot', 'de', 'pass', 'accè', 'bancair']
    >>> [light_lemma(w) for w in ("médical", "médicaux", "hospitalier", "hospitalières", "réseaux")]
    ['médical', 'médical', 'hospitali', 'hospitali', 'réseau']
    """
    key = word.translate(_APOSTROPHES).lower()
    if "-" in key and key.strip("-"):
        return "-".join(light_lemma(part) if part else part for part in key.split("-"))
    if len(key) <= 3 or not key.isalpha():
        return key
    for ending in VERB_ENDINGS:  # imparfait and present participle: "contenait", "touchant"
        if key.endswith(ending) and len(key) - len(ending) >= 4:
            key = key[: -len(ending)]
            break
    if key.endswith("aux") and not key.endswith("eaux") and len(key) > 5:
        key = key[:-3] + "al"  # "médicaux", "sociaux" -> "médical", "social"
    elif key.endswith("ères") or key.endswith("ère"):
        key = key[: key.rindex("ère")] + "er"  # "hospitalière(s)" -> "hospitalier"
    if key[-1] in "sx":
        key = key[:-1]
    for suffix in ("e", "é", "e"):
        if key.endswith(suffix) and len(key) > 3:
            key = key[: -len(suffix)]
    if key.endswith(("er", "ez")) and len(key) > 4:
        key = key[:-2]
    return key
