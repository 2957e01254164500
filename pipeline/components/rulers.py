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
``money``       generated from currencies.tsv    MONEY (the currency is read by normalize/money.py)
``counts``      generated from units.tsv         SCHEMA victim unit
``dates``       generated from calendar.tsv      DATE
==============  ===============================  ==============================================

Money, counts and dates are matched by one matcher, around their triggers only
(:mod:`pipeline.components.quantities`). Phrase patterns of ``data_types``, ``causes`` and ``cues``
are matched on the light lemma, so a phrase written once matches its inflected forms.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from pipeline.components.lexeme_flags import LexemeFlags
from pipeline.components.quantities import COUNT  # importing it registers quantity_ruler
from pipeline.normalize.calendar import calendar
from pipeline.normalize.number import scale_words
from pipeline.normalize.text import light_lemma
from pipeline.resources import lexicon, patterns, per_models_dir

LONGEST = {"@misc": "spacy.first_longest_spans_filter.v1"}
LEMMA_RULERS = {  # spans key -> pattern file
    "data_types": "data_types.jsonl",
    "causes": "causes.jsonl",
    "cues": "cues.jsonl",
}
NUMERIC_DATE_SHAPES = [f"{d}{sep}{m}{sep}{y}" for d in ("d", "dd") for m in ("d", "dd") for sep in "/."
                       for y in ("dd", "dddd")]
DAY_MONTH_SHAPES = ["d/d", "d/dd", "dd/d", "dd/dd"]
GLUED_MONEY = r"^\d[\d.,]*(k|m|md|mds|mrd|mio)?[€$£]$"


def add_surface_rulers(nlp: Language, models_dir: Path) -> None:
    """Rulers that match the surface of words (organisations, one-word data phrases): they run before the
    light lemmatizer, so their phrase patterns are tokenized, not annotated."""
    _add(nlp, "org_ruler", "orgs", organisation_patterns(models_dir), attr="ORTH", longest=True)
    words = [item for item in patterns("data_types.jsonl", models_dir) if _single_word(item)]
    _add(nlp, "data_words_ruler", "data_words", [f for item in words if not _acronym(item) for f in _forms(item)],
         attr="LOWER", longest=True)
    _add(nlp, "data_acronyms_ruler", "data_acronyms", [item for item in words if _acronym(item)], attr="ORTH",
         longest=True)


def add_lemma_rulers(nlp: Language, models_dir: Path) -> None:
    """Rulers that match light lemmas (after the light lemmatizer), and the number, money and date rulers."""
    flags = LexemeFlags(nlp.vocab)
    for key, filename in LEMMA_RULERS.items():
        items = list(patterns(filename, models_dir))
        if key == "data_types":
            items = [item for item in items if not _single_word(item)]
        _add(nlp, f"{key}_ruler", key, items, attr="LEMMA", longest=key != "cues", flags=flags)
    # money, counts and dates: one matcher, run only around numbers and calendar/currency words
    quantities = money_patterns(models_dir) + count_patterns(models_dir) + date_patterns(nlp, models_dir)
    nlp.add_pipe("quantity_ruler", config={"patterns": quantities, "units": count_units(models_dir)})


def _add(nlp: Language, name: str, key: str, items: list[dict], attr: str | None, longest: bool,
         flags: LexemeFlags | None = None) -> None:
    """A span ruler; with ``flags``, the token patterns' set predicates are checked as lexeme flags."""
    if flags is not None:
        items = [{**item, "pattern": [flags.compile(token) for token in item["pattern"]]}
                 if isinstance(item["pattern"], list) else item for item in items]
    config: dict[str, object] = {"spans_key": key, "validate": False}
    if attr is not None:
        config["phrase_matcher_attr"] = attr
    if longest:
        config["spans_filter"] = LONGEST
    ruler = nlp.add_pipe("span_ruler", name=name, config=config)
    ruler.add_patterns(items)  # type: ignore[attr-defined]


def _single_word(item: dict) -> bool:
    phrase = item["pattern"]
    return isinstance(phrase, str) and " " not in phrase.strip() and "'" not in phrase and "’" not in phrase


def _acronym(item: dict) -> bool:
    word = item["pattern"].strip()
    return word.isupper() and len(word) > 1


def _forms(item: dict) -> list[dict]:
    """A one-word data phrase as its exact forms, singular and plural ("adresse", "adresses", never the
    participle "adressé" that the light lemma would merge with it)."""
    lower = item["pattern"].strip().lower()
    forms = {lower, lower + "s", lower + "x"}
    if lower.endswith("al"):
        forms.add(lower[:-2] + "aux")
    return [{**item, "pattern": form} for form in sorted(forms)]


def organisation_patterns(models_dir: Path) -> list[dict]:
    """Case-sensitive phrase patterns for known organisations and products, both apostrophes."""
    rows = [(alias, canonical, role) for alias, canonical, role in lexicon("organisations.tsv", models_dir)]
    rows += [(product, company, "PRODUCT") for product, company in lexicon("products.tsv", models_dir)]
    return [{"label": role, "id": canonical, "pattern": variant}
            for alias, canonical, role in rows
            for variant in dict.fromkeys((alias, alias.replace("'", "’"), alias.replace("’", "'")))]


def _number_token() -> list[list[dict]]:
    """Token sequences that write a number: one to four ``LIKE_NUM`` tokens (digits in any form, merged
    digit groups, number words), or "un/une" followed by a big scale ("un million")."""
    return [
        [{"LIKE_NUM": True, "LOWER": {"NOT_IN": ["un", "une"]}}, {"LIKE_NUM": True, "OP": "{0,3}"}],
        [{"LOWER": {"IN": ["un", "une"]}}, {"LOWER": {"IN": _big_scales()}}],
    ]


@per_models_dir
def _big_scales() -> list[str]:
    return sorted(w for w in scale_words() if w.startswith(("mill", "md", "mds", "mrd", "bn", "demi-mill")))


def _scale() -> dict:
    return {"LOWER": {"IN": sorted(scale_words())}, "OP": "?"}


def money_patterns(models_dir: Path) -> list[dict]:
    """Amounts of money: '85 millions de dollars', '20 M€', '£20m', 'CHF 2 mio', '20M€'."""
    currencies = lexicon("currencies.tsv", models_dir)
    glued = [row[0] for row in lexicon("money_scales.tsv", models_dir)]
    # symbols and ISO codes may also stand before the number ("£20m", "CHF 2 mio", "US$ 5 milliards")
    prefixes = sorted({s.lower() for s, code in currencies if not s[0].isalpha() or s.upper() == code})
    heads = sorted({s.lower().split()[0] for s, _ in currencies})
    qualifiers = sorted({w.lower() for s, _ in currencies for w in s.split()[1:]})
    of = {"LOWER": {"IN": ["de", "d'", "d’"]}, "OP": "?"}
    currency = [{"LOWER": {"IN": heads}}, {"LOWER": {"IN": ["de"]}, "OP": "?"},
                {"LOWER": {"IN": qualifiers}, "OP": "{0,2}"}]
    items: list[dict] = []
    for number in _number_token():  # the currency is read from the span text by normalize/money.py
        items.append({"label": "MONEY", "pattern": [*number, _scale(), of, *currency]})
        items.append({"label": "MONEY", "pattern": [*number, {"LOWER": {"IN": glued}}]})
        items.append({"label": "MONEY", "pattern": [{"LOWER": {"IN": prefixes}}, *number, _scale()]})
    items.append({"label": "MONEY", "pattern": [{"LOWER": {"REGEX": GLUED_MONEY}}]})
    return items


def count_patterns(models_dir: Path) -> list[dict]:
    """Counts of people or things: '2,15 millions de personnes', '1 700 enregistrements'. One pattern per
    way of writing the number, labelled COUNT; the quantity ruler reads the unit off the head noun
    (:func:`count_units`)."""
    head = {"LEMMA": {"IN": sorted(count_units(models_dir))}}
    return [{"label": COUNT, "pattern": [*number, _scale(), {"LOWER": {"IN": ["de", "d'", "d’"]}, "OP": "?"},
                                          {"IS_ALPHA": True, "LENGTH": {">=": 3}, "OP": "?"}, head]}
            for number in _number_token()]


def count_units(models_dir: Path) -> dict[str, str]:
    """Light lemma of a unit noun -> its schema unit, from units.tsv; a lemma with two units is an error."""
    units: dict[str, str] = {}
    for word, unit in lexicon("units.tsv", models_dir):
        lemma = light_lemma(word)
        if units.setdefault(lemma, unit) != unit:
            raise ValueError(f"units.tsv: {word!r} (lemma {lemma!r}) is listed as {units[lemma]} and {unit}")
    return units


def date_patterns(nlp: Language, models_dir: Path) -> list[dict]:
    """Date expressions: '1er août 2021', 'dimanche 1er août', 'novembre 2013', 'depuis 2013',
    'entre juin et septembre 2022', 'dans la nuit de samedi à dimanche', 'le week-end dernier' ..."""
    cal = calendar()
    months, weekdays, leads, relatives = list(cal.month_words), list(cal.weekdays), list(cal.leads), list(cal.relatives)
    month = {"LOWER": {"IN": months}}
    month_ = [month, {"ORTH": ".", "OP": "?"}]  # "juil." that the tokenizer splits into "juil" + "."
    year = {"SHAPE": "dddd"}  # checked against 1970-2099 when parsed
    day = {"LOWER": {"IN": ["1er", *(str(d) for d in range(1, 32)), *(f"{d:02d}" for d in range(1, 10))]}}
    weekday = {"LOWER": {"IN": weekdays}}
    lead = {"LOWER": {"IN": leads}}
    article = {"LOWER": {"IN": ["le", "la", "l'", "l’", "du"]}, "OP": "?"}
    at_least = [{"LOWER": "au", "OP": "?"}, {"LOWER": {"IN": ["moins", "plus"]}, "OP": "?"}]  # "depuis au moins"
    from_ = [{"LOWER": "à"}, {"LOWER": {"IN": ["partir", "compter"]}}, {"LOWER": {"IN": ["du", "de", "d'", "d’"]}}]
    shapes = [
        [{**weekday, "OP": "?"}, day, *month_, {**year, "OP": "?"}],
        [lead, *at_least, article, {**weekday, "OP": "?"}, day, *month_, {**year, "OP": "?"}],
        [*from_, {**weekday, "OP": "?"}, day, *month_, {**year, "OP": "?"}],
        [*from_, *month_, {**year, "OP": "?"}],
        [lead, {"LOWER": "au", "OP": "?"}, {"LOWER": "moins", "OP": "?"}, article, {"LOWER": "mois"},
         {"LOWER": {"IN": ["de", "d'", "d’"]}}, *month_, {**year, "OP": "?"}],
        [{**lead, "OP": "?"}, *at_least, *month_, year],
        [lead, *month_],
        [lead, *at_least, year],
        [{"LOWER": {"IN": [f"mi-{m}" for m in months]}}, {**year, "OP": "?"}],
        [weekday, {"LOWER": {"IN": ["dernier", "passé", "matin", "soir", "après-midi", "midi"]}, "OP": "?"}],
        [{"LOWER": "entre"}, {**day, "OP": "?"}, *month_, {**year, "OP": "?"}, {"LOWER": "et"}, {**day, "OP": "?"},
         *month_, {**year, "OP": "?"}],
        [{"LOWER": "entre"}, year, {"LOWER": "et"}, year],
        [{"LOWER": "nuit"}, {"LOWER": {"IN": ["de", "du"]}}, weekday, {"LOWER": {"IN": ["à", "au"]}}, weekday],
        [{"SHAPE": {"IN": NUMERIC_DATE_SHAPES}}],
        [{"LOWER": {"IN": ["le", "du", "depuis", "dès"]}}, {"SHAPE": {"IN": DAY_MONTH_SHAPES}}],
        [{"LOWER": "du"}, {"SHAPE": {"IN": DAY_MONTH_SHAPES}}, {"LOWER": "au"}, {"SHAPE": {"IN": DAY_MONTH_SHAPES}}],
        [{"LOWER": {"IN": ["de", "d'", "d’"]}}, *month_, {"LOWER": "à"}, *month_, {**year, "OP": "?"}],
        [{"LOWER": "nuit", "OP": "?"}, {"LOWER": "du"}, {**weekday, "OP": "?"}, day, {**month, "OP": "?"},
         {"LOWER": "au"}, {**weekday, "OP": "?"}, day, *month_, {**year, "OP": "?"}],
        [{"LOWER": "il"}, {"LOWER": "y"}, {"LOWER": "a"}, {"LIKE_NUM": True},
         {"LOWER": {"IN": ["jours", "semaines", "mois", "ans"]}}],
        [year, {"TEXT": "-"}, {"SHAPE": "dd"}, {"TEXT": "-", "OP": "?"}, {"SHAPE": "dd", "OP": "?"}],
    ]
    items = [{"label": "DATE", "pattern": shape} for shape in shapes]
    items += [{"label": "DATE", "pattern": [{"LOWER": t.lower_} for t in nlp.make_doc(phrase)]} for phrase in relatives]
    return items
