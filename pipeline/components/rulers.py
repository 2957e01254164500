"""The rule layer: spaCy ``span_ruler`` components fed from the data files under ``models/``.

Each ruler writes to its own ``doc.spans`` key:

==============  ===============================  ==============================================
spans key       patterns                         labels
==============  ===============================  ==============================================
``orgs``        lexicons/organisations.tsv,      role (company, press, authority ...) or
                lexicons/products.tsv            PRODUCT; the span id is the canonical company
``data_types``  patterns/data_types.jsonl        SCHEMA data-type codes (``none`` = blocker)
``causes``      patterns/causes.jsonl            SCHEMA cause codes (``none`` = blocker)
``cues``        patterns/cues.jsonl              cue classes: INCIDENT, EXPOSE, NEG, PEN_FINE ...
``money``       generated from currencies.tsv    ISO 4217 code
``counts``      generated from units.tsv         SCHEMA victim unit
``dates``       generated from calendar.tsv      DATE
==============  ===============================  ==============================================

Phrase patterns of ``data_types``, ``causes`` and ``cues`` are matched on the light lemma, so a
phrase written once matches its inflected forms.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from spacy.language import Language

from pipeline.normalize.number import number_words, scale_words
from pipeline.normalize.text import light_lemma
from pipeline.resources import lexicon, patterns

LONGEST = {"@misc": "spacy.first_longest_spans_filter.v1"}
LEMMA_RULERS = {  # spans key -> pattern file
    "data_types": "data_types.jsonl",
    "causes": "causes.jsonl",
    "cues": "cues.jsonl",
}
NUMBER_TEXT = r"^\d[\d\s.,'\u00a0\u202f]*$"
GLUED_MONEY = r"^\d[\d.,]*(k|m|md|mds|mrd|mio)?[€$£]$"


def add_rulers(nlp: Language, models_dir: Path) -> None:
    """Add every rule component, in the order the extractors rely on."""
    _add(nlp, "org_ruler", "orgs", organisation_patterns(nlp, models_dir), lemma=False, longest=True)
    for key, filename in LEMMA_RULERS.items():
        items = list(patterns(filename, models_dir))
        if key == "data_types":
            items = [exact_single_word(item) for item in items]
        _add(nlp, f"{key}_ruler", key, items, lemma=True, longest=key != "cues")
    _add(nlp, "money_ruler", "money", money_patterns(models_dir), lemma=False, longest=True)
    _add(nlp, "count_ruler", "counts", count_patterns(models_dir), lemma=False, longest=True)
    _add(nlp, "date_ruler", "dates", date_patterns(nlp, models_dir), lemma=False, longest=True)


def _add(nlp: Language, name: str, key: str, items: list[dict], lemma: bool, longest: bool) -> None:
    config: dict[str, object] = {"spans_key": key, "validate": True}
    if lemma:
        config["phrase_matcher_attr"] = "LEMMA"
    if longest:
        config["spans_filter"] = LONGEST
    ruler = nlp.add_pipe("span_ruler", name=name, config=config)
    ruler.add_patterns(items)  # type: ignore[attr-defined]


def exact_single_word(item: dict) -> dict:
    """A one-word phrase pattern as a token pattern on its exact forms: acronyms in their case
    ("VIN", not "vin"), other words in singular or plural ("adresse", "adresses", not "adressé")."""
    phrase = item["pattern"]
    if not isinstance(phrase, str) or " " in phrase.strip() or "'" in phrase or "’" in phrase:
        return item
    word = phrase.strip()
    if word.isupper() and len(word) > 1:
        token = {"ORTH": word}
    else:
        lower = word.lower()
        forms = {lower, lower + "s", lower + "x"}
        if lower.endswith("al"):
            forms.add(lower[:-2] + "aux")
        token = {"LOWER": {"IN": sorted(forms)}}
    return {**item, "pattern": [token]}


def organisation_patterns(nlp: Language, models_dir: Path) -> list[dict]:
    """Case-sensitive token patterns for known organisations and products (tokenized like the text)."""
    rows = [(alias, canonical, role) for alias, canonical, role in lexicon("organisations.tsv", models_dir)]
    rows += [(product, company, "PRODUCT") for product, company in lexicon("products.tsv", models_dir)]
    items = []
    for alias, canonical, role in rows:
        for variant in dict.fromkeys((alias, alias.replace("'", "’"), alias.replace("’", "'"))):
            items.append({"label": role, "id": canonical,
                          "pattern": [{"ORTH": token.text} for token in nlp.make_doc(variant)]})
    return items


def _number_token() -> list[list[dict]]:
    """Token sequences that write a number: digits, or one to four number words."""
    words = sorted(number_words() - scale_words() - {"un", "une"}, key=len, reverse=True)
    word_re = "|".join(re.escape(w) for w in words)
    spelled = {"LOWER": {"REGEX": rf"^(?:{word_re})(?:-(?:et-)?(?:{word_re}|un|une))*$"}}
    return [
        [{"TEXT": {"REGEX": NUMBER_TEXT}}],
        [{"LOWER": {"IN": ["un", "une"]}}, {"LOWER": {"IN": _big_scales()}}],
        [spelled, {"LOWER": {"IN": [*words, "et", "un", "une"]}, "OP": "{0,3}"}],
    ]


@lru_cache(maxsize=1)
def _big_scales() -> list[str]:
    return sorted(w for w in scale_words() if w.startswith(("mill", "md", "mds", "mrd", "bn")))


def _scale() -> dict:
    return {"LOWER": {"IN": sorted(scale_words())}, "OP": "?"}


def money_patterns(models_dir: Path) -> list[dict]:
    """Amounts of money: '85 millions de dollars', '20 M€', '£20m', 'CHF 2 mio', '20M€'."""
    currencies = lexicon("currencies.tsv", models_dir)
    glued = [row[0] for row in lexicon("money_scales.tsv", models_dir)]
    # symbols and ISO codes may also stand before the number ("£20m", "CHF 2 mio", "US$ 5 milliards")
    prefixes = sorted({s.lower() for s, code in currencies if not s[0].isalpha() or s.upper() == code})
    of = {"LOWER": {"IN": ["de", "d'", "d’"]}, "OP": "?"}
    items: list[dict] = []
    for number in _number_token():
        for surface, _code in currencies:
            tail = [{"LOWER": word.lower()} for word in surface.split()]
            items.append({"label": "MONEY", "pattern": [*number, _scale(), of, *tail]})
        items.append({"label": "MONEY", "pattern": [*number, {"LOWER": {"IN": glued}}]})
        items.append({"label": "MONEY", "pattern": [{"LOWER": {"IN": prefixes}}, *number, _scale()]})
    items.append({"label": "MONEY", "pattern": [{"LOWER": {"REGEX": GLUED_MONEY}}]})
    return items


def count_patterns(models_dir: Path) -> list[dict]:
    """Counts of people or things: '2,15 millions de personnes', '1 700 enregistrements'."""
    by_unit: dict[str, set[str]] = {}
    for word, unit in lexicon("units.tsv", models_dir):
        by_unit.setdefault(unit, set()).add(light_lemma(word))
    items: list[dict] = []
    for unit, lemmas in sorted(by_unit.items()):
        head = {"LEMMA": {"IN": sorted(lemmas)}}
        for number in _number_token():
            items.append({"label": unit, "pattern": [
                *number, _scale(), {"LOWER": {"IN": ["de", "d'", "d’"]}, "OP": "?"},
                {"IS_ALPHA": True, "LENGTH": {">=": 3}, "OP": "?"}, head]})
    return items


def date_patterns(nlp: Language, models_dir: Path) -> list[dict]:
    """Date expressions: '1er août 2021', 'dimanche 1er août', 'novembre 2013', 'depuis 2013',
    'entre juin et septembre 2022', 'dans la nuit de samedi à dimanche', 'le week-end dernier' ..."""
    months, weekdays, leads, relatives = [], [], [], []
    for word, kind in lexicon("calendar.tsv", models_dir):
        {"month": months, "weekday": weekdays, "lead": leads, "relative": relatives}[kind].append(word)
    month = {"LOWER": {"IN": months}}
    year = {"TEXT": {"REGEX": r"^(19[7-9]\d|20\d\d)$"}}
    day = {"LOWER": {"REGEX": r"^(1er|[1-9]|[12]\d|3[01])$"}}
    weekday = {"LOWER": {"IN": weekdays}}
    lead = {"LOWER": {"IN": leads}}
    article = {"LOWER": {"IN": ["le", "la", "l'", "l’", "du"]}, "OP": "?"}
    from_ = [{"LOWER": "à"}, {"LOWER": {"IN": ["partir", "compter"]}}, {"LOWER": {"IN": ["du", "de", "d'", "d’"]}}]
    shapes = [
        [{**weekday, "OP": "?"}, day, month, {**year, "OP": "?"}],
        [lead, article, {**weekday, "OP": "?"}, day, month, {**year, "OP": "?"}],
        [*from_, {**weekday, "OP": "?"}, day, month, {**year, "OP": "?"}],
        [*from_, month, {**year, "OP": "?"}],
        [lead, {"LOWER": "au", "OP": "?"}, {"LOWER": "moins", "OP": "?"}, article, {"LOWER": "mois"},
         {"LOWER": {"IN": ["de", "d'", "d’"]}}, month, {**year, "OP": "?"}],
        [{**lead, "OP": "?"}, month, year],
        [lead, month],
        [lead, year],
        [{"LOWER": {"REGEX": rf"^mi-({'|'.join(re.escape(m) for m in months)})$"}}, {**year, "OP": "?"}],
        [weekday, {"LOWER": {"IN": ["dernier", "passé"]}}],
        [{"LOWER": "entre"}, {**day, "OP": "?"}, month, {**year, "OP": "?"}, {"LOWER": "et"}, {**day, "OP": "?"},
         month, {**year, "OP": "?"}],
        [{"LOWER": "entre"}, year, {"LOWER": "et"}, year],
        [{"LOWER": "nuit"}, {"LOWER": {"IN": ["de", "du"]}}, weekday, {"LOWER": {"IN": ["à", "au"]}}, weekday],
        [{"TEXT": {"REGEX": r"^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$"}}],
        [year, {"TEXT": "-"}, {"TEXT": {"REGEX": r"^\d\d$"}}, {"TEXT": "-", "OP": "?"},
         {"TEXT": {"REGEX": r"^\d\d$"}, "OP": "?"}],
    ]
    items = [{"label": "DATE", "pattern": shape} for shape in shapes]
    items += [{"label": "DATE", "pattern": [{"LOWER": t.lower_} for t in nlp.make_doc(phrase)]} for phrase in relatives]
    return items
