"""General furniture signals: the shape of a line that no article sentence has, whatever the site.

Phrase markers (``markers.tsv``) name lines seen on sites; these signals read what a line *does*, with
the word kinds of ``models/boilerplate/signals.tsv``:

- ``credit``: who made a picture ("Photo VdB – Thierry Macé", "TOM WILLARD / AFP"), alone on its line or
  closing a caption ("Le siège de la clinique. (Photo: Chablais Info/S. Favre)");
- ``call to action``: a short line that addresses the reader about what the site offers ("Pour réagir,
  identifiez-vous avec votre compte", "Inscrivez-vous à notre infolettre", "Activez JavaScript");
- ``about the page``: a short line about the page itself ("Cette page a été traduite automatiquement",
  "Le contenu de ce communiqué relève de la seule responsabilité de son émetteur");
- ``offer``: a subscription price ("Premier mois offert, puis 4,90 € par mois");
- ``breadcrumb``: a short trail of sections joined by path separators ("Accueil > Droit social > RGPD",
  "Actualités › Santé › Hôpitaux"), with no sentence ending.

Each returns the name of the signal, or None; the line classifiers drop a line a signal names.

    >>> table = signal_words()
    >>> [furniture_signal(t, table) for t in ("Photo VdB – Thierry Macé", "Inscrivez-vous à notre infolettre.",
    ...     "Cette page a été traduite automatiquement.", "Offre découverte : 49 € HT le premier mois",
    ...     "Accueil > Droit social > RGPD et données des salariés")]
    ['credit', 'call to action', 'about the page', 'offer', 'breadcrumb']
    >>> furniture_signal("Les données de 12 000 clients ont été dérobées par des pirates.", table) is None
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.normalize.text import fold
from pipeline.resources import lexicon, tunables

TUNED = tunables("signals")  # [tuning.signals] of models/config.toml

_WORDS = re.compile(r"[\w’'/-]+")
_READER = re.compile(r"\b(?:vous|votre|vos)\b|\b\w+ez(?:-vous)?\b")
_NEWSROOM = re.compile(r"\bnous\b")
_PRICE = re.compile(r"\d[\d\s.,]*\s?(?:€|\$|£|euros?|fr\.|francs?|chf|cad)|(?:€|\$|£|chf)\s?\d", re.I)
_CREDIT_MARK = re.compile(r"[©/]|\bphotos?\s*:|\bcr[ée]dits?\s*:")
_CAPTION_END = re.compile(r"[(.]\s*(?:photo|cr[ée]dit|©)[^()]{2,60}\)?\s*$", re.I)
_TRAIL_SEPARATOR = re.compile(r"\s[>›»/]\s")
_UPPER_NAME = re.compile(r"\b[A-ZÉÈÀ][A-ZÉÈÀ'-]{2,}\s+[A-ZÉÈÀ][A-ZÉÈÀ'-]{2,}\b")


@dataclass(frozen=True, slots=True)
class SignalWords:
    credit: frozenset[str]
    site: frozenset[str]
    page: tuple[str, ...]
    period: tuple[str, ...]


@lru_cache(maxsize=4)
def signal_words(models_dir: Path | None = None) -> SignalWords:
    rows = lexicon("signals.tsv", models_dir, folder="boilerplate")
    kinds: dict[str, list[str]] = {}
    for word, kind in rows:
        kinds.setdefault(kind, []).append(fold(word))
    return SignalWords(frozenset(kinds.get("credit", ())), frozenset(kinds.get("site", ())),
                       tuple(kinds.get("page", ())), tuple(kinds.get("period", ())))


def furniture_signal(text: str, table: SignalWords) -> str | None:
    """The furniture signal a line shows (see the module docstring), or None."""
    folded = fold(text)
    words = _WORDS.findall(folded)
    if not words:
        return None
    if _credit(text, folded, words, table):
        return "credit"
    if len(words) <= TUNED.action_max_words and _READER.search(folded) and _has_any(folded, words, table.site):
        return "call to action"
    if len(words) <= TUNED.notice_max_words and _has_any(folded, words, table.site):
        return "site notice"  # "[Le lecteur vidéo nécessite JavaScript]", "Commentaires fermés"
    if len(words) <= TUNED.page_max_words and any(phrase in folded for phrase in table.page) and not (
            _NEWSROOM.search(folded) and not _READER.search(folded)):
        return "about the page"  # not the newsroom's own note ("à l'heure où nous publions cet article")
    if len(words) <= TUNED.offer_max_words and _PRICE.search(text) and any(_contains(folded, p) for p in table.period):
        return "offer"
    if (len(words) <= TUNED.breadcrumb_max_words and len(_TRAIL_SEPARATOR.findall(text)) >= 2
            and not text.rstrip().endswith((".", "!", "?", "»", "\"", ":"))):
        return "breadcrumb"
    return None


def _credit(text: str, folded: str, words: list[str], table: SignalWords) -> bool:
    credited = any(part in table.credit for word in words for part in re.split(r"[/_-]+", word))
    if len(words) <= TUNED.credit_max_words and credited and (
            _CREDIT_MARK.search(folded) or folded.startswith(("photo", "credit")) or _UPPER_NAME.search(text)):
        return True
    return len(words) <= TUNED.caption_max_words and credited and bool(_CAPTION_END.search(text))


def _has_any(folded: str, words: list[str], vocabulary: frozenset[str]) -> bool:
    return any(word in vocabulary for word in words) or any(" " in v and v in folded for v in vocabulary)


def _contains(folded: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded) is not None
