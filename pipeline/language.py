"""Language of a clean text, from function-word profiles: no model, no network, a few microseconds per word.

Each profile (``models/lexicons/language_profiles/<code>.txt``) lists the function words of a language.
A word found in ``k`` profiles counts ``1/k`` for each of them, so the words that French shares with
Spanish or Italian (``de``, ``la``, ``que``) weigh less than the ones only French has (``les``, ``des``,
``est``). The score of a language is its weighted share of the words of the text.

The pipeline is built for French, so the rule leans towards French: a text is marked as another
language only when it is long enough (``min_words``), that language covers at least ``min_share`` of
its words, and it scores at least ``margin`` times French. Short or unclear texts (lists of names,
headlines, a few lines) are ``und`` (undetermined) and processed as French.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.settings import LanguageOptions

FRENCH = "fr"
UNDETERMINED = "und"
PROFILE_DIR = ("lexicons", "language_profiles")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """The detected language (ISO 639-1 code, or ``und``), the words read and the score of each profile."""

    language: str
    words: int
    scores: dict[str, float]

    @property
    def is_french(self) -> bool:
        """French, or too unclear to say otherwise: the document is processed as French."""
        return self.language in (FRENCH, UNDETERMINED)


@dataclass(frozen=True, slots=True)
class Profiles:
    """Word -> {language: weight}, built once per models directory."""

    languages: tuple[str, ...]
    weights: dict[str, dict[str, float]]


def read_profile(path: Path) -> set[str]:
    """The words of one profile file (``#`` starts a comment line)."""
    with open(path, encoding="utf-8") as handle:
        return {line.strip().lower() for line in handle if line.strip() and not line.startswith("#")}


@lru_cache(maxsize=4)
def load_profiles(models_dir: Path) -> Profiles:
    """Every profile under ``models_dir/lexicons/language_profiles``, with shared words down-weighted."""
    directory = models_dir.joinpath(*PROFILE_DIR)
    words = {path.stem: read_profile(path) for path in sorted(directory.glob("*.txt"))}
    if FRENCH not in words:
        raise FileNotFoundError(f"no French profile {FRENCH}.txt in {directory}")
    owners: dict[str, list[str]] = {}
    for language, vocabulary in words.items():
        for word in vocabulary:
            owners.setdefault(word, []).append(language)
    weights = {word: {language: 1.0 / len(languages) for language in languages}
               for word, languages in owners.items()}
    return Profiles(tuple(words), weights)


def score_words(tokens: list[str], profiles: Profiles) -> dict[str, float]:
    """The weighted share of ``tokens`` that each language's profile covers."""
    totals = dict.fromkeys(profiles.languages, 0.0)
    for token in tokens:
        for language, weight in profiles.weights.get(token, {}).items():
            totals[language] += weight
    count = len(tokens) or 1
    return {language: round(total / count, 4) for language, total in totals.items()}


def detect_language(text: str, options: LanguageOptions, models_dir: Path) -> LanguageGuess:
    """The language of ``text``; ``und`` when it is too short or matches no profile well.

    >>> from pipeline.settings import DEFAULT_MODELS_DIR, LanguageOptions
    >>> english = "The company said on Monday that the personal data of its customers had been stolen " * 4
    >>> detect_language(english, LanguageOptions(), DEFAULT_MODELS_DIR).language
    'en'
    >>> french = "La société a indiqué lundi que les données personnelles de ses clients ont été volées " * 4
    >>> detect_language(french, LanguageOptions(), DEFAULT_MODELS_DIR).language
    'fr'
    >>> detect_language("Data breach at Telvia", LanguageOptions(), DEFAULT_MODELS_DIR).language
    'und'
    """
    profiles = load_profiles(Path(models_dir))
    tokens = _WORD.findall(text[:options.sample_chars].lower())
    scores = score_words(tokens, profiles)
    return LanguageGuess(decide(scores, len(tokens), options), len(tokens), scores)


def decide(scores: dict[str, float], words: int, options: LanguageOptions) -> str:
    """The language the scores show, leaning towards French (see the module docstring)."""
    if words < options.min_words or not scores:
        return UNDETERMINED
    best = max(scores, key=lambda language: (scores[language], language == FRENCH))
    french = scores.get(FRENCH, 0.0)
    if best == FRENCH:
        return FRENCH if french >= options.min_share else UNDETERMINED
    if scores[best] >= options.min_share and scores[best] >= options.margin * french:
        return best
    return FRENCH if french >= options.min_share else UNDETERMINED
