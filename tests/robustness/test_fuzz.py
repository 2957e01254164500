"""Property tests (hypothesis): whatever the bytes, the readers and the cleaner never raise, and every
document becomes exactly one record or error row that every sink can store and that fits the schema."""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.document import CleanDocument, RawDocument
from pipeline.errors import ErrorRow
from pipeline.readers import InputUnit, read_unit
from pipeline.record import Record, dumps, validation_errors
from pipeline.settings import Limits
from tests.robustness.samples import FRENCH

EXAMPLES = int(os.environ.get("FRINCIDENT_FUZZ_EXAMPLES", "60"))  # raise it for a longer search
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LIMITS = Limits(max_document_bytes=200_000, max_decompressed_bytes=400_000, max_document_lines=2_000,
                max_html_elements=3_000, max_html_depth=60)

WORDS = [*FRENCH.split(), "données", "CNIL", "1 700", "€", "»", "«", "\u00a0", "Ã©", "â€™", "\ufeff", "\x00",
         "\r\n", "\r", "\t", "&amp;", "&#0;", "&#x110000;", "&nbsp;", "&xxe;", "]]>", "-->", "<!--"]
TAGS = ["p", "div", "span", "article", "script", "style", "iframe", "table", "tr", "td", "ul", "li", "h1", "br",
        "title", "head", "body", "html", "svg", "math", "noscript", "template", "object", "form", "a", "b"]
ANY_CHAR = st.characters(codec=None, exclude_categories=())  # control characters and lone surrogates too

text_piece = st.one_of(st.sampled_from(WORDS), st.text(ANY_CHAR, max_size=12))
attribute = st.tuples(st.sampled_from(["src", "href", "onload", "class", "style", "data-x", "lang"]),
                      st.sampled_from(["file:///etc/passwd", "http://127.0.0.1:9/", "javascript:alert(1)", "x\"y",
                                       "fr", ""]))


@st.composite
def html_fragment(draw, depth: int = 0) -> str:
    """Random markup: nested, unbalanced, with hostile attributes, entities and DOCTYPE tricks."""
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        choice = draw(st.integers(0, 9))
        if choice < 4:
            parts.append(draw(text_piece))
        elif choice < 8 and depth < 6:
            tag = draw(st.sampled_from(TAGS))
            attrs = "".join(f' {name}="{value}"' for name, value in draw(st.lists(attribute, max_size=2)))
            inner = draw(html_fragment(depth + 1))
            close = draw(st.sampled_from([f"</{tag}>", "", "</div>", "</p"]))
            parts.append(f"<{tag}{attrs}>{inner}{close}")
        else:
            parts.append(draw(st.sampled_from([
                '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "<!DOCTYPE html>",
                "<?xml version='1.0'?>", "<![CDATA[x]]>", "<!-- comment", "<meta charset='utf-16'>",
                "<meta charset='nope'>", "&xxe;", "<"])))
    return "".join(parts)


def page(fragment: str, prose: bool) -> str:
    body = f"<p>{FRENCH}</p>" if prose else ""
    return f"<html><head><title>Fuite</title></head><body>{fragment}{body}{fragment}</body></html>"


def read_file(name: str, data: bytes) -> list[RawDocument | ErrorRow]:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / name
        path.write_bytes(data)
        return list(read_unit(InputUnit(str(path)), LIMITS))


def storable(result: Record | ErrorRow) -> None:
    """What every sink needs: UTF-8 JSON without NUL, and records that fit the JSON Schema."""
    line = dumps(result.as_dict())
    line.encode("utf-8")  # no lone surrogate
    assert "\\u0000" not in line and "\x00" not in line
    if isinstance(result, Record):
        assert validation_errors(result.as_dict()) == []


@FUZZ
@given(data=st.binary(max_size=4096), name=st.sampled_from(
    ["page.html", "dump.txt", "dump.jsonl", "page.html.gz", "crawl.warc", "crawl.warc.gz", "dump.jsonl.gz"]))
def test_any_bytes_in_any_input_file_never_raise(data, name):
    if name.endswith(".gz") and data[:1] == b"a":  # half of the time, a valid gzip around the bytes
        data = gzip.compress(data)
    items = read_file(name, data)
    assert all(isinstance(item, RawDocument | ErrorRow) for item in items)
    if name.startswith("page") or name.endswith(".txt"):
        assert len(items) == 1  # one file, one document: exactly one document or one error row
    for item in items:
        if isinstance(item, ErrorRow):
            storable(item)
        else:
            item.doc_id.encode("utf-8")
            item.content.encode("utf-8")


@FUZZ
@given(lines=st.lists(st.one_of(
    st.dictionaries(st.sampled_from(["id", "doc_id", "html", "text", "url"]),
                    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(ANY_CHAR, max_size=40),
                              st.lists(st.integers(), max_size=3), st.builds(page, html_fragment(), st.booleans()))),
    st.text(ANY_CHAR, max_size=60)), max_size=8))
def test_any_jsonl_dump_gives_one_item_per_non_empty_line(lines):
    encoded = [json.dumps(line) if isinstance(line, dict) else line for line in lines]
    data = "\n".join(encoded).encode("utf-8", "surrogatepass")
    items = read_file("dump.jsonl", data)
    expected = sum(1 for line in data.split(b"\n") if line.strip())
    assert len(items) == expected
    for item in items:
        if isinstance(item, ErrorRow):
            storable(item)


@pytest.mark.model
@FUZZ
@given(fragment=html_fragment(), prose=st.booleans(), as_text=st.booleans())
def test_random_pages_through_the_whole_pipeline_end_as_exactly_one_storable_result(processor, fragment, prose,
                                                                                  as_text):
    name, content = ("page.txt", fragment + ("\n\n" + FRENCH if prose else "")) if as_text else (
        "page.html", page(fragment, prose))
    items = read_file(name, content.encode("utf-8", "surrogatepass"))
    assert len(items) == 1
    for item in items:
        if isinstance(item, RawDocument):
            cleaned = processor.clean(item)
            assert isinstance(cleaned, CleanDocument | ErrorRow)
    results = processor.process_batch(items)
    assert len(results) == 1 and results[0].doc_id == items[0].doc_id
    storable(results[0])
