"""Fixtures for the per-extractor example lists: a short French text in, a record out.

``extract(text, title=None, published=None, byline=None, url=None)`` runs the real pipeline on a text
written for a test: the text becomes a :class:`~pipeline.document.CleanDocument` (as boilerplate
removal would leave it), is tokenized with its title by :func:`pipeline.nlp.make_doc`, annotated by
the session's spaCy pipeline (loaded once, shared with the other tests) and handed to
:func:`pipeline.extract.extract_record`. ``published`` is the page-metadata publication date (ISO, at
any precision), the base of relative dates such as "dimanche 1er août"; ``byline`` is the date line of a
text dump ("Publié le 02/08/2021 07:26"), which wins over ``published`` as in the pipeline; ``url``
tells the penalty extractor which dollar a bare "$" means.

``check_evidence(record, field)`` asserts that every value of ``field`` carries evidence and that every
evidence span points into the string it claims to quote: the record's ``text``, or the title, byline
or metadata date when the span says so (``ref``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, Protocol

import pytest
from spacy.language import Language

from pipeline.document import CleanDocument, Source, content_hash
from pipeline.extract import extract_record
from pipeline.nlp import make_doc
from pipeline.record import Evidence, Record
from pipeline.settings import Options


class Extract(Protocol):
    def __call__(self, text: str, title: str | None = None, published: str | None = None,
                 byline: str | None = None, url: str | None = None) -> Record: ...


def clean_document(text: str, title: str | None = None, published: str | None = None,
                   byline: str | None = None, url: str | None = None) -> CleanDocument:
    """The clean document boilerplate removal would make of a page holding ``text``."""
    source = Source(path="test", url=url, title=title, date=published, byline=byline)
    key = content_hash("\n".join(part or "" for part in (title, byline, published, url, text)))
    return CleanDocument(doc_id=f"test_{key}", kind="text", content_hash=key, source=source, text=text,
                         decisions=[])


def run_extract(nlp: Language, options: Options, text: str, title: str | None = None,
                published: str | None = None, byline: str | None = None, url: str | None = None) -> Record:
    document = clean_document(text, title, published, byline, url)
    doc = next(iter(nlp.pipe([make_doc(nlp, document)])))
    return extract_record(doc, document, options)


@pytest.fixture(scope="session")
def extract(nlp: Language, options: Options) -> Extract:
    """``extract(text, title=None, published=None, byline=None, url=None) -> Record``."""

    @lru_cache(maxsize=1024)  # the same case runs in several tests (value, evidence); records are not mutated
    def _extract(text: str, title: str | None = None, published: str | None = None,
                 byline: str | None = None, url: str | None = None) -> Record:
        return run_extract(nlp, options, text, title, published, byline, url)

    return _extract


def quoted_string(record: Record, evidence: Evidence) -> str:
    """The string an evidence span points into."""
    if evidence.ref is None:
        return record.text
    if evidence.ref == "title":
        return record.source.get("title", "")
    if evidence.ref == "byline":
        return record.source.get("byline", "")
    if evidence.ref == "metadata":
        return record.source.get("date", "")
    if evidence.ref == "url":
        return record.source.get("url", "")
    raise AssertionError(f"unknown evidence ref {evidence.ref!r}")


def assert_spans_point_into_text(record: Record, field: str) -> None:
    for evidence in record.evidence.get(field, []):
        target = quoted_string(record, evidence)
        assert 0 <= evidence.start < evidence.end <= len(target), (field, evidence)
        assert target[evidence.start:evidence.end] == evidence.text, (field, evidence)


def assert_field_has_evidence(record: Record, field: str) -> None:
    """Every value of ``field`` is justified by at least one evidence span (and the spans are right)."""
    assert_spans_point_into_text(record, field)
    items = record.evidence.get(field, [])
    value: Any = getattr(record, field)
    if field in ("data_types", "cause"):
        supported = {e.value for e in items}
        assert set(value) <= supported, f"{field}: no evidence for {set(value) - supported}"
    elif field == "penalties":
        supported_money = {(e.value[0], e.value[1]) for e in items if e.value}
        missing = [p for p in value if (p.amount, p.currency) not in supported_money]
        assert not missing, f"penalties without evidence: {missing}"
    elif field == "victim_count":
        if value is not None:
            assert [e.value for e in items] == [value.value], items
    elif value not in (None, [], False):
        assert items, f"{field}={value!r} has no evidence"


@pytest.fixture(scope="session")
def check_evidence() -> Callable[[Record, str], None]:
    """``check_evidence(record, field)``: see :func:`assert_field_has_evidence`."""
    return assert_field_has_evidence
