"""Organisation names: the folded form used to compare names and to merge aliases."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.normalize.text import fold
from pipeline.settings import DEFAULT_MODELS_DIR

_PUNCT = re.compile(r"[\"“”«»()\[\],;:!?]")


@lru_cache(maxsize=1)
def legal_suffixes() -> frozenset[str]:
    path = DEFAULT_MODELS_DIR / "lexicons" / "legal_suffixes.txt"
    with open(path, encoding="utf-8") as handle:
        return frozenset(line.strip().lower() for line in handle
                         if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=100_000)
def name_key(name: str) -> str:
    """Folded name without legal suffixes, for comparisons.

    >>> name_key("Toyota Motor Corporation"), name_key("Groupe Hexavia SAS"), name_key("  AMAZON.com, Inc. ")
    ('toyota motor', 'hexavia', 'amazon.com')
    >>> name_key("Zoom Video Communications Inc"), name_key("Société Générale")
    ('zoom video communications', 'societe generale')
    >>> name_key("Wiltz-Lenz Assurances S.à r.l."), name_key("Wiltz-Lenz Assurances S.à r.l")
    ('wiltz-lenz assurances', 'wiltz-lenz assurances')
    """
    words = fold(_PUNCT.sub(" ", name)).split()
    suffixes = legal_suffixes()
    while len(words) > 1:
        if words[-1] in suffixes or words[-1].replace(".", "") in suffixes:
            words.pop()
        elif len(words) > 2 and (words[-2] + words[-1]).replace(".", "") in suffixes:
            del words[-2:]  # "S.à r.l.", "S.A R.L"
        else:
            break
    while len(words) > 1 and words[0] in ("groupe", "group", "le", "la", "les", "l'"):
        words.pop(0)
    return " ".join(words)
