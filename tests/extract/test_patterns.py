"""Hygiene of the rule data: ``models/patterns/*.jsonl`` and ``models/lexicons/*``.

The files are read with the loaders the pipeline uses (:mod:`pipeline.resources`) and the phrases run
through the pipeline's own spaCy rulers (:mod:`pipeline.components.rulers`, built by
:func:`pipeline.nlp.build_nlp`), so a phrase is checked the way it is matched: lemma phrases through the
light lemmatizer, one-word data phrases on their exact forms, organisations case-sensitively.

Checks: every pattern parses (token patterns pass spaCy's validator); labels and ids are SCHEMA codes
where they map to codes (data types, causes, victim units, ISO currencies) and documented cue classes
read by the extractors otherwise; no phrase has surrounding or doubled spaces or ends with an apostrophe;
no line is an exact duplicate; every phrase matches itself with its own label (*self-match*), which
catches a phrase listed twice with two labels (the longest-span filter keeps only one of them); a
cyberattack phrase does not hide a ransomware/phishing phrase; lexicon rows have the right columns,
valid codes and no duplicate keys, and every entry is found (and read) by the ruler it feeds.

Defects found in the data files are listed in the ``KNOWN_*`` tables below. The main check of each
kind fails on any *new* defect; each known defect also runs as a strict xfail that asserts it is gone, so
a fix shows up as XPASS and its entry must then be deleted here.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.matcher import Matcher

from pipeline.components.rulers import _acronym, _single_word
from pipeline.normalize.dates import parse_date_expression
from pipeline.normalize.money import parse_money
from pipeline.normalize.names import name_key
from pipeline.normalize.number import parse_number
from pipeline.record import CAUSES, DATA_TYPES, UNITS
from pipeline.resources import lexicon, read_jsonl, read_tsv
from pipeline.settings import DEFAULT_MODELS_DIR

PATTERNS_DIR = DEFAULT_MODELS_DIR / "patterns"
LEXICONS_DIR = DEFAULT_MODELS_DIR / "lexicons"
PIPELINE_DIR = Path(__file__).resolve().parents[2] / "pipeline"

PATTERN_FILES = {"data_types.jsonl": "data_types", "causes.jsonl": "causes", "cues.jsonl": "cues"}
LONGEST_FILTERED = ("data_types.jsonl", "causes.jsonl")  # one label survives per span: no conflicting labels
BLOCKER = "none"
VALID_LABELS = {
    "data_types.jsonl": frozenset({*DATA_TYPES, BLOCKER}),
    "causes.jsonl": frozenset({*CAUSES, BLOCKER}),
}
VALID_IDS = {
    "data_types.jsonl": frozenset({"", "list", *(f"voice:{code}" for code in DATA_TYPES)}),
    "causes.jsonl": frozenset({"", "weak", "theft", "grounds"}),
}
TOKEN_TEXT_ATTRS = ("LOWER", "ORTH", "TEXT")

ORG_ROLES = frozenset({"company", "press", "authority", "security", "ngo", "attacker", "not_org"})
LEXICON_COLUMNS = {"authority_heads.tsv": (2,), "calendar.tsv": (2, 3), "currencies.tsv": (2,),
                   "money_scales.tsv": (3,), "numbers.tsv": (3,), "org_types.tsv": (2,), "organisations.tsv": (3,),
                   "products.tsv": (2,), "units.tsv": (2,)}
WORD_LISTS = ("legal_suffixes.txt", "stopwords_fr.txt")
CALENDAR_KINDS = frozenset({"month", "weekday", "lead", "relative"})
NUMBER_KINDS = frozenset({"unit", "tens", "hundred", "scale"})
ORG_TYPE_KINDS = frozenset({"place-named", "generic"})
ISO_4217 = re.compile(r"^[A-Z]{3}$")
DATE_BASE = "2022-03-10"

# -- known defects of the data files (delete an entry when its strict xfail starts passing) -------------
# (file, label, id, pattern) -> why the phrase does not match itself with its own label
KNOWN_SELF_MATCH = {
    ("data_types.jsonl", "none", "voice:audio", "historique des conversations"):
        "also listed as messages (no voice id), which wins: the voice:audio reading is lost",
}
# lexicon file, first column -> why the entry is not found or read as written
KNOWN_LEXICON_DEFECTS = {
    ("currencies.tsv", "fr."): "the tokenizer splits 'fr.' into 'fr' + '.', so the money ruler never matches it",
    ("calendar.tsv", "l'an dernier"): "found by the date ruler but parse_date_expression cannot resolve it",
    ("calendar.tsv", "l’an dernier"): "found by the date ruler but parse_date_expression cannot resolve it",
    ("calendar.tsv", "la semaine dernière"): "found by the date ruler but parse_date_expression cannot resolve it",
    ("calendar.tsv", "le mois dernier"): "found by the date ruler but parse_date_expression cannot resolve it",
    ("calendar.tsv", "ce week-end"): "found by the date ruler but parse_date_expression cannot resolve it",
}


# -- helpers ----------------------------------------------------------------------------------------
def pattern_items(filename: str) -> list[dict]:
    return read_jsonl(PATTERNS_DIR / filename)


def ident(item: dict) -> str:
    return item.get("id") or ""


def item_key(filename: str, item: dict) -> tuple[str, str, str, str]:
    pattern = item["pattern"]
    text = pattern if isinstance(pattern, str) else json.dumps(pattern, ensure_ascii=False, sort_keys=True)
    return filename, item["label"], ident(item), text


def token_texts(token: dict) -> list[str] | None:
    """The words a token pattern accepts, or None when it is not a plain word test."""
    for attr in TOKEN_TEXT_ATTRS:
        value = token.get(attr)
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict) and set(value) == {"IN"}:
            return list(value["IN"])
    return None


def phrase_texts(pattern: str | list[dict]) -> list[str]:
    """Texts a pattern must match: the phrase itself, or every word sequence of a token pattern."""
    if isinstance(pattern, str):
        return [pattern]
    alternatives = [token_texts(token) for token in pattern if token.get("OP") not in ("?", "*")]
    if any(words is None for words in alternatives):
        return []
    return [" ".join(words) for words in itertools.product(*alternatives)]  # type: ignore[arg-type]


def spans_key(filename: str, item: dict) -> str:
    if filename == "data_types.jsonl" and _single_word(item):
        return "data_acronyms" if _acronym(item) else "data_words"
    return PATTERN_FILES[filename]


def whole_spans(doc, key: str) -> list[tuple[str, str]]:
    """(label, id) of the spans of ``key`` that cover the whole text."""
    words = [t for t in doc if not t.is_space]
    if not words:
        return []
    start, end = words[0].i, words[-1].i + 1
    return [(s.label_, s.id_) for s in doc.spans.get(key, []) if s.start == start and s.end == end]


def documented_labels(filename: str) -> tuple[set[str], tuple[str, ...]]:
    """Upper-case class names in the file's ``//`` comments, and wildcard prefixes ('DATE_*')."""
    with open(PATTERNS_DIR / filename, encoding="utf-8") as handle:
        comments = "\n".join(line for line in handle if line.lstrip().startswith("//"))
    names = set(re.findall(r"\b[A-Z][A-Z_]*[A-Z]\b", comments))
    prefixes = tuple(re.findall(r"\b([A-Z][A-Z_]*_)\*", comments))
    return names, prefixes


def duplicates(filename: str) -> set[tuple[str, str, str]]:
    counts = Counter(item_key(filename, item)[1:] for item in pattern_items(filename))
    return {key for key, count in counts.items() if count > 1}


def xfail_params(known: dict, ids) -> list:
    return [pytest.param(*key, id=ids(key), marks=pytest.mark.xfail(strict=True, reason=reason))
            for key, reason in known.items()]


# -- pattern files ------------------------------------------------------------------------------------
@pytest.mark.parametrize("filename", PATTERN_FILES)
def test_pattern_file_parses(filename: str, nlp: Language) -> None:
    items = pattern_items(filename)
    assert items
    matcher = Matcher(nlp.vocab, validate=True)
    for number, item in enumerate(items):
        assert set(item) <= {"label", "pattern", "id"}, item
        assert isinstance(item.get("label"), str) and item["label"], item
        assert isinstance(item.get("id", ""), str), item
        pattern = item.get("pattern")
        if isinstance(pattern, list):
            assert pattern and all(isinstance(token, dict) and token for token in pattern), item
            matcher.add(f"{filename}:{number}", [pattern])  # raises on an invalid token pattern
        else:
            assert isinstance(pattern, str) and pattern.strip(), item


@pytest.mark.parametrize("filename", VALID_LABELS)
def test_labels_and_ids_are_schema_codes(filename: str) -> None:
    items = pattern_items(filename)
    assert {item["label"] for item in items} <= VALID_LABELS[filename]
    assert {ident(item) for item in items} <= VALID_IDS[filename]


def test_cue_labels_are_documented_and_read_by_the_extractors() -> None:
    labels = {item["label"] for item in pattern_items("cues.jsonl")}
    names, prefixes = documented_labels("cues.jsonl")
    undocumented = {label for label in labels if label not in names and not label.startswith(prefixes)}
    assert not undocumented, "cue classes missing from the header comments of cues.jsonl"
    source = "\n".join(path.read_text(encoding="utf-8") for path in PIPELINE_DIR.rglob("*.py"))
    unread = {label for label in labels if f'"{label}"' not in source}
    assert not unread, "cue classes no extractor reads (a typo?)"


@pytest.mark.parametrize("filename", PATTERN_FILES)
def test_phrases_are_clean(filename: str) -> None:
    bad = []
    for item in pattern_items(filename):
        pattern = item["pattern"]
        words = [pattern] if isinstance(pattern, str) else [w for t in pattern for w in (token_texts(t) or [])]
        for word in words:
            # an elided article is a token of its own ("d'"), but a phrase never ends with one
            if (word != word.strip() or "  " in word or "\t" in word or "\n" in word or not word
                    or (isinstance(pattern, str) and word.endswith(("'", "’")))):
                bad.append(item)
    assert not bad


@pytest.mark.parametrize("filename", PATTERN_FILES)
def test_one_strength_per_phrase_and_label(filename: str) -> None:
    """A phrase is weak or not for a given label, never both."""
    seen: dict[tuple[str, str], set[str]] = {}
    for item in pattern_items(filename):
        if isinstance(item["pattern"], str):
            seen.setdefault((item["label"], item["pattern"]), set()).add(ident(item))
    assert not {key: ids for key, ids in seen.items() if len(ids) > 1}


@pytest.mark.parametrize("filename", PATTERN_FILES)
def test_no_new_duplicate_lines(filename: str) -> None:
    assert not duplicates(filename)


@pytest.fixture(scope="module")
def self_match_failures(nlp: Language) -> dict[tuple[str, str, str, str], list]:
    """Every phrase of the pattern files run through the pipeline: (file, label, id, pattern) -> what the
    ruler labelled the whole phrase instead, for the phrases that do not match themselves."""
    jobs = [(filename, item, text) for filename in PATTERN_FILES for item in pattern_items(filename)
            for text in phrase_texts(item["pattern"])]
    failures: dict[tuple[str, str, str, str], list] = {}
    for (filename, item, _), doc in zip(jobs, nlp.pipe(text for _, _, text in jobs), strict=True):
        found = whole_spans(doc, spans_key(filename, item))
        if (item["label"], ident(item)) not in found:
            failures.setdefault(item_key(filename, item), []).append(found)
    return failures


@pytest.mark.parametrize("filename", PATTERN_FILES)
def test_phrases_match_themselves(filename: str, self_match_failures) -> None:
    new = {key: found for key, found in self_match_failures.items()
           if key[0] == filename and key not in KNOWN_SELF_MATCH}
    assert not new, "phrases the pipeline's rulers do not label as written (listed twice? see KNOWN_SELF_MATCH)"


@pytest.mark.parametrize(("filename", "label", "id_", "pattern"),
                         xfail_params(KNOWN_SELF_MATCH, lambda key: f"{key[0]}:{key[1]}:{key[3]}"))
def test_known_self_match_defect_is_fixed(filename: str, label: str, id_: str, pattern: str,
                                          self_match_failures) -> None:
    assert (filename, label, id_, pattern) not in self_match_failures


@pytest.fixture(scope="module")
def hidden_codes(nlp: Language) -> set[str]:
    """cyberattack phrases of causes.jsonl that contain a ransomware or phishing phrase."""
    items = [item for item in pattern_items("causes.jsonl") if isinstance(item["pattern"], str)]
    lemmas = {item["pattern"]: " " + " ".join(t.lemma_ for t in doc) + " "
              for item, doc in zip(items, nlp.pipe(item["pattern"] for item in items), strict=True)}
    specific = [lemmas[item["pattern"]] for item in items if item["label"] in ("ransomware", "phishing")]
    return {item["pattern"] for item in items if item["label"] == "cyberattack"
            and any(inner in lemmas[item["pattern"]] and inner != lemmas[item["pattern"]] for inner in specific)}


def test_no_new_cyberattack_phrase_hides_a_specific_cause(hidden_codes: set[str]) -> None:
    assert not hidden_codes


# -- lexicons ---------------------------------------------------------------------------------------
def data_lines(path: Path) -> Iterator[tuple[int, str]]:
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip() and not line.lstrip().startswith("#"):
                yield number, line.rstrip("\n")


@pytest.mark.parametrize("filename", LEXICON_COLUMNS)
def test_lexicon_rows_are_well_formed(filename: str) -> None:
    bad = [(n, line) for n, line in data_lines(LEXICONS_DIR / filename)
           if len(line.split("\t")) not in LEXICON_COLUMNS[filename]
           or any(not cell or cell != cell.strip() or "  " in cell for cell in line.split("\t"))]
    assert not bad
    assert not lexicon_duplicates(filename)


def lexicon_duplicates(filename: str) -> set[str]:
    keys = Counter(row[0] for row in read_tsv(LEXICONS_DIR / filename))
    return {key for key, count in keys.items() if count > 1}


@pytest.mark.parametrize("filename", WORD_LISTS)
def test_word_lists_are_lower_case_and_unique(filename: str) -> None:
    words = [line.strip() for _, line in data_lines(LEXICONS_DIR / filename)]
    assert all(word == word.lower() and " " not in word for word in words)
    assert len(words) == len(set(words))


def test_lexicon_codes_are_valid() -> None:
    assert {reach for _, reach in lexicon("authority_heads.tsv")} <= {"names", "company", "entities", "anywhere"}
    assert {unit for _, unit in lexicon("units.tsv")} <= set(UNITS)
    assert all(ISO_4217.match(code) for _, code in lexicon("currencies.tsv"))
    assert all(ISO_4217.match(code) and re.fullmatch(r"10*", multiplier)
               for _, multiplier, code in lexicon("money_scales.tsv"))
    assert {row[1] for row in lexicon("calendar.tsv")} <= CALENDAR_KINDS
    # months and weekdays carry their number (1-12, 1-7 from Monday); the other kinds carry none
    assert all((len(row) == 3 and row[2].isdigit()) == (row[1] in ("month", "weekday"))
               for row in lexicon("calendar.tsv"))
    assert all(re.fullmatch(r"\d+", value) and kind in NUMBER_KINDS for _, value, kind in lexicon("numbers.tsv"))
    assert {kind for _, kind in lexicon("org_types.tsv")} <= ORG_TYPE_KINDS
    assert {role for _, _, role in lexicon("organisations.tsv")} <= ORG_ROLES


def test_product_companies_are_known_companies() -> None:
    companies = {canonical for _, canonical, role in lexicon("organisations.tsv") if role == "company"}
    assert {company for _, company in lexicon("products.tsv")} <= companies


def test_legal_suffixes_are_dropped_from_names() -> None:
    suffixes = [line.strip() for _, line in data_lines(LEXICONS_DIR / "legal_suffixes.txt")]
    assert [s for s in suffixes if name_key(f"Dalmor {s}") != "dalmor"] == []


def test_number_words_parse_to_their_value() -> None:
    for word, value, kind in lexicon("numbers.tsv"):
        text, expected = (f"2 {word}", 2 * int(value)) if kind == "scale" else (word, int(value))
        assert parse_number(text) == expected, word


SELF_MATCHED_LEXICONS = ("organisations.tsv", "products.tsv", "units.tsv", "currencies.tsv", "money_scales.tsv",
                         "calendar.tsv")


def lexicon_probe(filename: str, row: tuple[str, ...]) -> str:
    """The text that uses a lexicon entry the way articles do."""
    if filename in ("organisations.tsv", "products.tsv"):
        return row[0]
    if filename == "units.tsv":
        return f"2 000 {row[0]}"
    if filename == "currencies.tsv":
        return f"150 000 {row[0]}"
    if filename == "money_scales.tsv":
        return f"20 {row[0]}"
    if filename == "calendar.tsv":
        word, kind = row[:2]
        return {"month": f"1er {word} 2021", "weekday": f"{word} dernier", "lead": f"{word} 2021",
                "relative": word}[kind]
    raise AssertionError(filename)


def lexicon_entry_ok(filename: str, row: tuple[str, ...], doc) -> bool:
    """The entry is found, as a whole, by the ruler it feeds, and read as the lexicon says."""
    text = doc.text
    if filename in ("organisations.tsv", "products.tsv"):
        canonical = row[1]
        role = row[2] if filename == "organisations.tsv" else "company"
        labels = {role, "PRODUCT"} if role == "company" else {role}  # a product stands for its company
        return any(label in labels and id_ == canonical for label, id_ in whole_spans(doc, "orgs"))
    if filename == "units.tsv":
        return (row[1], "") in whole_spans(doc, "counts")
    if filename in ("currencies.tsv", "money_scales.tsv"):
        found = [s.text for s in doc.spans["money"] if s.text == text]
        money = parse_money(found[0]) if found else None
        if filename == "currencies.tsv":
            return money is not None and money.currency == row[1]
        return money is not None and money.currency == row[2] and money.as_number() == 20 * int(row[1])
    if filename == "calendar.tsv":
        found = [s.text for s in doc.spans["dates"]]
        return text in found and parse_date_expression(text, base=DATE_BASE) is not None
    raise AssertionError(filename)


@pytest.fixture(scope="module")
def lexicon_failures(nlp: Language) -> set[tuple[str, str]]:
    """(file, first column) of the lexicon entries their ruler does not find or read as written."""
    jobs = [(filename, row) for filename in SELF_MATCHED_LEXICONS for row in lexicon(filename)]
    docs = nlp.pipe(lexicon_probe(filename, row) for filename, row in jobs)
    return {(filename, row[0]) for (filename, row), doc in zip(jobs, docs, strict=True)
            if not lexicon_entry_ok(filename, row, doc)}


@pytest.mark.parametrize("filename", SELF_MATCHED_LEXICONS)
def test_lexicon_entries_are_found_by_their_ruler(filename: str, lexicon_failures) -> None:
    assert not {key for key in lexicon_failures if key[0] == filename} - set(KNOWN_LEXICON_DEFECTS)


@pytest.mark.parametrize(("filename", "key"), xfail_params(KNOWN_LEXICON_DEFECTS, lambda key: f"{key[0]}:{key[1]}"))
def test_known_lexicon_defect_is_fixed(filename: str, key: str, lexicon_failures) -> None:
    assert any(row[0] == key for row in lexicon(filename)) and (filename, key) not in lexicon_failures


def test_aliases_in_both_organisation_lexicons_agree() -> None:
    organisations = {alias: canonical for alias, canonical, _ in lexicon("organisations.tsv")}
    disagree = {product: (organisations[product], company) for product, company in lexicon("products.tsv")
                if product in organisations and organisations[product] != company
                and ("organisations.tsv", product) not in KNOWN_LEXICON_DEFECTS}
    assert not disagree
