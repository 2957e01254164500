"""Page-furniture markers (models/boilerplate/markers.tsv) and the line features both cleaners share."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline import resources
from pipeline.normalize.text import fold
from pipeline.resources import lexicon, tunables

TUNED = tunables("markers")  # [tuning.markers] of models/config.toml

BULLETS = ("•", "·", "▪", "►", "→", "■", "●", "◦", "-", "*", "–", "—", "›", "»")
SENTENCE_END = (".", "!", "?", "…", "»", "\"", "”", ".)", ".»", "?»", "!»", ";", ":")
_WORD = re.compile(r"[\w’'-]+", re.UNICODE)
_TEASER_END = re.compile(r"(\.\.\.|…)\s*$")
_REPLY = re.compile(r"^(?:@\w|[^\W\d_]+(?:\d|_)[\w.-]*\s?:\s)")
_COUNT_HEADING = re.compile(r"^(?:\d+\s+(?:commentaires?|reactions?|reponses?|avis|contributions?)"
                            r"|(?:(?:vos\s+)?(?:commentaires?|reactions?|reponses?|avis|contributions?))\s*\(\d+\))$")
CONSENT_TOPICS = ("cookie", "traceur", "temoins", "partenaires", "vie privee")  # what a consent banner is about
_READER = re.compile(r"\b(nous|vous|notre|votre|nos|vos|on|tu|ton|ta|tes)\b")
_INLINE_SEPARATORS = re.compile(r"\s[•·|▪►]\s")


@dataclass(frozen=True, slots=True)
class Marker:
    phrase: str
    match: str  # prefix, contains, exact
    kind: str  # line, aside, end, comments, byline


class MarkerTable:
    """Markers from a TSV file, matched against folded lines."""

    def __init__(self, markers: list[Marker]) -> None:
        self.consent = [m for m in markers if m.kind == "consent"]
        markers = [m for m in markers if m.kind != "consent"]
        self.exact = {m.phrase: m for m in markers if m.match == "exact"}
        self.prefix = sorted((m for m in markers if m.match == "prefix"), key=lambda m: -len(m.phrase))
        self.contains = [m for m in markers if m.match == "contains"]

    @classmethod
    def load(cls, models_dir: Path) -> MarkerTable:
        rows = lexicon("markers.tsv", models_dir, folder="boilerplate")
        return cls([Marker(fold(r[0]), r[1], r[2]) for r in rows if len(r) >= 3])

    def match(self, line: str) -> Marker | None:
        """The marker a line matches (exact, then longest prefix, then contained phrase), or None."""
        folded = fold(line).strip(" :•·-–—|>»*")
        if not folded:
            return None
        if folded in self.exact:
            return self.exact[folded]
        if _COUNT_HEADING.match(folded):  # "3 réactions", "12 commentaires": the comments begin
            return Marker(folded, "pattern", "comments")
        for marker in self.prefix:
            if folded.startswith(marker.phrase) and _word_boundary(folded, len(marker.phrase)):
                return marker
        for marker in self.contains:
            if marker.phrase in folded:
                return marker
        if (any(word in folded for word in CONSENT_TOPICS) and _READER.search(folded)
                and len(folded.split()) <= TUNED.consent_max_words):
            for marker in self.consent:
                if marker.phrase in folded:
                    return Marker(marker.phrase, marker.match, "line")
        return None


def _word_boundary(text: str, index: int) -> bool:
    return index >= len(text) or not text[index].isalnum()


@lru_cache(maxsize=8)
def marker_table(models_dir: Path) -> MarkerTable:
    return MarkerTable.load(models_dir)


def stopwords(models_dir: Path) -> frozenset[str]:
    return resources.words("stopwords_fr.txt", models_dir)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def stopword_ratio(tokens: list[str], table: frozenset[str]) -> float:
    """Share of French function words among the words of a line (prose is around 0.35-0.5)."""
    if not tokens:
        return 0.0
    hits = 0
    for token in tokens:
        lower = token.lower().replace("’", "'")
        if lower in table or ("'" in lower and lower.split("'")[0] + "'" in table):
            hits += 1
    return hits / len(tokens)


def is_bullet(line: str) -> bool:
    stripped = line.lstrip()
    return stripped.startswith(BULLETS) and not stripped.startswith(("--", "...", "«", "»"))


def strip_bullet(line: str) -> str:
    stripped = line.strip()
    while stripped and stripped[0] in "•·▪►→■●◦*›":
        stripped = stripped[1:].lstrip()
    return stripped


def ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(SENTENCE_END)


def inline_list(line: str) -> bool:
    """Several items run together on one line ("A • B • C", "Accueil | Actualité | Sport"): a menu,
    a ticker or a tag list, not prose.

    >>> inline_list("Alertes : Faux SMS en cours • Une mutuelle piratée • Mise à jour urgente")
    True
    >>> inline_list("Le groupe a confirmé la fuite • selon nos informations.")
    False
    """
    return len(_INLINE_SEPARATORS.findall(line)) >= 2


def is_reply(line: str) -> bool:
    """A comment: a reply to another commenter ("@Régis L'enseigne indique ..."), or a line opened by a
    user handle ("Pierrot74 : ...", "nadia_vs : ...").

    >>> is_reply("Pierrot74 : trop cher pour ce que c'est."), is_reply("Article 5 : les données")
    (True, False)
    """
    return bool(_REPLY.match(line.strip()))


def is_teaser(line: str) -> bool:
    """A headline or lead cut with an ellipsis, as teaser lists write them."""
    return bool(_TEASER_END.search(line))
