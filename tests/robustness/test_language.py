"""Pages that are not French are detected and marked, not extracted as French; French pages never are."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.errors import ErrorRow
from pipeline.language import detect_language
from pipeline.readers import iter_documents
from pipeline.settings import LanguageOptions, load_options
from tests.conftest import RAW, SHARED
from tests.robustness.helpers import read_lines, run, write
from tests.robustness.samples import FOREIGN, FRENCH, html_page, paragraphs

ROOT = Path(__file__).resolve().parents[2]
OPTIONS = load_options()


@pytest.mark.parametrize("language", sorted(FOREIGN))
def test_each_profile_recognises_its_language(language):
    guess = detect_language(FOREIGN[language] * 2, OPTIONS.language, OPTIONS.models_dir)
    assert guess.language == language and not guess.is_french


@pytest.mark.parametrize("text", [
    FRENCH,
    "Fuite de données chez Telvia : 1 700 clients touchés",  # a headline: too short to say
    "Telvia, Orvane, Datanéo, CNIL, ANSSI, Europol, Interpol, Google, Microsoft, Amazon Web Services",
    FRENCH + " « We take the security of our customers very seriously », a déclaré le porte-parole.",
    "Le rapport cite en anglais : " + FOREIGN["en"][:120] + " " + FRENCH,
])
def test_french_short_and_mixed_texts_are_never_marked_foreign(text):
    assert detect_language(text, OPTIONS.language, OPTIONS.models_dir).is_french


def _corpus() -> list[Path]:
    paths = [RAW]  # not the never-tuned split: a test that fails on one of its pages shows it
    paths += [*sorted((SHARED / "seeds").glob("*.txt")), SHARED / "html" / "pages"]
    return [p for p in paths if p.exists()]


@pytest.mark.model
def test_every_page_of_the_corpora_is_detected_as_french(processor):
    """raw/ (the development corpus), ../shared seeds (5) and real pages (23) when present."""
    seen = 0
    for item in iter_documents(_corpus(), processor.options.limits):
        assert not isinstance(item, ErrorRow), item.message
        cleaned = processor.clean(item)
        assert not isinstance(cleaned, ErrorRow), cleaned.message
        assert cleaned.source.language == "fr", (item.doc_id, cleaned.source.language)
        seen += 1
    assert seen >= 150


@pytest.mark.model
def test_foreign_pages_are_marked_records_with_nothing_extracted(tmp_path, processor):
    inputs, out = tmp_path / "in", tmp_path / "out"
    for language, text in FOREIGN.items():
        write(inputs / f"{language}.html", html_page(paragraphs(text, 3), title="Data breach", lang=language))
    write(inputs / "fr.html", html_page(paragraphs(FRENCH, 3), title="Fuite de données chez Telvia"))
    write(inputs / "de-dump.txt", f"Startseite | Wirtschaft\n\n{FOREIGN['de']}\n\n{FOREIGN['de']}\n")
    summary = run(inputs, out, processor)
    assert (summary.records, summary.errors) == (len(FOREIGN) + 2, 0)
    records = {r["doc_id"]: r for r in read_lines(out / "records.jsonl")}
    for language, doc_id in [*((language, language) for language in FOREIGN), ("de", "de-dump")]:
        record = records[doc_id]
        assert record["language"] == record["source"]["language"] == language
        assert record["is_incident"] is False and record["text"]
        assert not (record["company"] or record["companies"] or record["data_types"] or record["victim_count"]
                    or record["cause"] or record["penalties"] or record["date"] or record["evidence"])
    assert records["fr"]["language"] == "fr" and records["fr"]["is_incident"] is True


@pytest.mark.model
def test_foreign_pages_can_be_error_rows_instead(tmp_path, processor):
    options = replace(processor.options, language=replace(processor.options.language, non_french="error"))
    inputs, out = tmp_path / "in", tmp_path / "out"
    write(inputs / "en.txt", FOREIGN["en"] + "\n\n" + FOREIGN["en"])
    run(inputs, out, processor, options)
    (row,) = read_lines(out / "errors.jsonl")
    assert row["code"] == "E203" and "detected language: en" in row["message"]


def test_detection_can_be_turned_off():
    assert LanguageOptions(enabled=False).enabled is False
    assert load_options(language={"enabled": False}).language.enabled is False
