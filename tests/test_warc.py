"""WARC input: HTML responses become documents with their target URI and date; the rest is skipped."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.errors import ErrorRow
from pipeline.readers import InputUnit, iter_documents, plan_units, read_unit
from pipeline.settings import Limits

PAGE = ("<!DOCTYPE html><html><head><title>Fuite</title></head><body><p>Le groupe a confirmé une fuite de "
        "données touchant 1 700 clients.</p></body></html>")


def write_warc(path: Path, records: list[tuple[str, str, bytes]], compress: bool = True) -> Path:
    """records: (uri, content type, payload)."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=compress)
        for uri, content_type, payload in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=headers)
            writer.write_record(record)
        writer.write_record(writer.create_warc_record("urn:x", "warcinfo", payload=io.BytesIO(b"software: test")))
    return path


def test_html_responses_become_documents(tmp_path):
    path = write_warc(tmp_path / "crawl.warc.gz", [
        ("https://example.fr/a", "text/html; charset=utf-8", PAGE.encode()),
        ("https://example.fr/logo.png", "image/png", b"\x89PNG\r\n"),
        ("https://example.fr/b", "text/html; charset=iso-8859-1", PAGE.encode("latin-1")),
    ])
    docs = list(iter_documents([path], Limits()))
    assert [d.url for d in docs] == ["https://example.fr/a", "https://example.fr/b"]
    assert all(d.kind == "html" and d.fetched_at and "confirmé" in d.content for d in docs)
    assert len({d.doc_id for d in docs}) == 2


def test_uncompressed_warc(tmp_path):
    path = write_warc(tmp_path / "crawl.warc", [("https://example.fr/a", "text/html", PAGE.encode())], compress=False)
    assert [d.url for d in iter_documents([path], Limits())] == ["https://example.fr/a"]


def test_a_truncated_warc_ends_with_one_error_row(tmp_path):
    path = write_warc(tmp_path / "crawl.warc", [(f"https://example.fr/{i}", "text/html", PAGE.encode() * 20)
                                                for i in range(3)], compress=False)
    data = path.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: int(len(data) * 0.6)])
    items = list(iter_documents([cut], Limits()))
    assert [type(i).__name__ for i in items] == ["RawDocument", "ErrorRow"]  # the cut record is not passed on
    assert items[1].code == "E109" and "declared length" in items[1].message


def test_a_corrupt_gzip_warc_is_an_error_row(tmp_path):
    path = write_warc(tmp_path / "crawl.warc.gz", [("https://example.fr/a", "text/html", PAGE.encode())])
    data = bytearray(path.read_bytes())
    data[30:60] = b"\x00" * 30
    path.write_bytes(bytes(data))
    items = list(iter_documents([path], Limits()))
    assert items and all(isinstance(i, ErrorRow) and i.code == "E109" for i in items)


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
def test_a_big_warc_read_in_record_batches_gives_the_same_documents(tmp_path, compress):
    records = [(f"https://example.fr/{i}", "image/png" if i % 5 == 4 else "text/html", PAGE.encode() * (1 + i % 3))
               for i in range(40)]
    path = write_warc(tmp_path / ("crawl.warc.gz" if compress else "crawl.warc"), records, compress=compress)
    units = list(plan_units([path], split_bytes=path.stat().st_size // 6))
    assert len(units) >= 4 and units[0].start == 0 and units[-1].end is None
    assert all(a.end == b.start for a, b in itertools.pairwise(units))  # contiguous, cut at record starts
    whole = list(iter_documents([path], Limits()))
    pieces = [item for unit in units for item in read_unit(unit, Limits())]
    assert len(whole) == 32 and pieces == whole


def test_a_warc_no_bigger_than_the_split_size_is_one_unit(tmp_path):
    path = write_warc(tmp_path / "crawl.warc.gz", [("https://example.fr/a", "text/html", PAGE.encode())])
    assert list(plan_units([path], split_bytes=path.stat().st_size)) == [InputUnit(str(path))]
