"""Organisation names: the folded form used to compare names and to merge aliases."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pipeline.normalize.text import fold
from pipeline.resources import active_models_dir, words

_PUNCT = re.compile(r"[\"“”«»()\[\],;:!?]")


def legal_suffixes() -> frozenset[str]:
    return words("legal_suffixes.txt")


def name_key(name: str) -> str:
    """Folded name without legal suffixes, for comparisons.

    >>> name_key("Toyota Motor Corporation"), name_key("Groupe Hexavia SAS"), name_key("  AMAZON.com, Inc. ")
    ('toyota motor', 'hexavia', 'amazon.com')
    >>> name_key("Zoom Video Communications Inc"), name_key("Société Générale")
    ('zoom video communications', 'societe generale')
    >>> name_key("Wiltz-Lenz Assurances S.à r.l."), name_key("Wiltz-Lenz Assurances S.à r.l")
    ('wiltz-lenz assurances', 'wiltz-lenz assurances')
    """
    return _name_key(name, active_models_dir())


@lru_cache(maxsize=100_000)
def _name_key(name: str, models_dir: Path) -> str:
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
