"""Readers: every input document becomes a RawDocument or an ErrorRow."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from pipeline.document import RawDocument
from pipeline.errors import ErrorRow, UsageError
from pipeline.readers import InputUnit, discover, input_format, iter_documents, plan_units, read_unit
from pipeline.settings import Limits

ARTICLE = "Le groupe a confirmé une fuite de données touchant 1 700 clients. " * 3
PAGE = f"<!DOCTYPE html><html><head><title>Fuite</title></head><body><p>{ARTICLE}</p></body></html>"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    if path.suffix == ".gz":
        content = gzip.compress(content)
    path.write_bytes(content)
    return path


def docs(*inputs, limits: Limits | None = None):
    return list(iter_documents(inputs, limits or Limits()))


@pytest.mark.parametrize(("name", "fmt"), [
    ("a.html", "html"), ("a.HTM", "html"), ("a.txt", "text"), ("a.jsonl", "jsonl"), ("a.txt.gz", "text"),
    ("a.html.gz", "html"), ("a.jsonl.gz", "jsonl"), ("a.warc", "warc"), ("a.warc.gz", "warc"), ("a.md", None),
])
def test_input_formats(name, fmt):
    found = input_format(Path(name))
    assert (found.name if found else None) == fmt


def test_directories_are_walked_recursively_in_order(tmp_path):
    write(tmp_path / "b" / "z.txt", ARTICLE)
    write(tmp_path / "a.html", PAGE)
    write(tmp_path / "b" / "c" / "y.txt.gz", ARTICLE)
    write(tmp_path / "README.md", "not an input")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == ["a.html", "b/z.txt", "b/c/y.txt.gz"]


def test_pages_keep_their_stem_as_doc_id(tmp_path):
    items = docs(write(tmp_path / "page-1.html", PAGE), write(tmp_path / "dump.txt.gz", ARTICLE))
    assert [(d.doc_id, d.kind) for d in items] == [("page-1", "html"), ("dump", "text")]
    assert all(isinstance(d, RawDocument) and d.content_hash for d in items)


def test_content_decides_the_kind(tmp_path):
    items = docs(write(tmp_path / "saved.txt", PAGE), write(tmp_path / "plain.html", ARTICLE))
    assert [d.kind for d in items] == ["html", "text"]


def test_jsonl_dump(tmp_path):
    lines = [
        {"id": "p1", "html": PAGE, "url": "https://example.fr/p1"},
        {"id": 2, "text": ARTICLE},
        {"id": "p3"},
        {"id": "p4", "text": 42},
        "not an object",
    ]
    path = write(tmp_path / "dump.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n{broken\n\n")
    items = docs(path)
    assert [type(i).__name__ for i in items] == ["RawDocument", "RawDocument", "ErrorRow", "ErrorRow", "ErrorRow",
                                                 "ErrorRow"]
    assert items[0].url == "https://example.fr/p1" and items[1].doc_id == "2"
    assert [i.code for i in items[2:]] == ["E108", "E108", "E108", "E107"]
    assert items[5].doc_id == "dump#6"


def test_jsonl_byte_ranges_cover_every_line_once(tmp_path):
    lines = [json.dumps({"id": f"d{i}", "text": ARTICLE + str(i)}) for i in range(50)]
    path = write(tmp_path / "big.jsonl", "\n".join(lines) + "\n")
    units = list(plan_units([path], split_bytes=1000))
    assert len(units) > 5
    ids = [d.doc_id for unit in units for d in read_unit(unit, Limits())]
    assert ids == [f"d{i}" for i in range(50)]


def test_empty_and_binary_files_become_error_rows(tmp_path):
    items = docs(write(tmp_path / "empty.txt", ""), write(tmp_path / "blank.txt", "  \n\t \n"),
                 write(tmp_path / "image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10))
    assert [(i.doc_id, i.code) for i in items] == [("empty", "E102"), ("blank", "E102"), ("image", "E103")]


def test_corrupt_gzip_is_one_error_row(tmp_path):
    path = tmp_path / "broken.txt.gz"
    path.write_bytes(gzip.compress(ARTICLE.encode())[:-12])
    (item,) = docs(path)
    assert isinstance(item, ErrorRow) and item.code == "E105"


def test_gzip_bomb_stops_at_the_limit(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 5_000_000))
    (item,) = docs(path, limits=Limits(max_document_bytes=1_000_000, max_decompressed_bytes=1_000_000))
    assert isinstance(item, ErrorRow) and item.code == "E106"


def test_oversized_page_is_refused(tmp_path):
    path = write(tmp_path / "huge.txt", ARTICLE * 100)
    (item,) = docs(path, limits=Limits(max_document_bytes=1000))
    assert isinstance(item, ErrorRow) and item.code == "E104"


def test_missing_input_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError):
        docs(tmp_path / "nope.html")


def test_read_unit_never_raises_on_an_unreadable_file(tmp_path):
    path = write(tmp_path / "gone.txt", ARTICLE)
    path.unlink()
    (item,) = list(read_unit(InputUnit(str(path)), Limits()))
    assert isinstance(item, ErrorRow) and item.code == "E101"
