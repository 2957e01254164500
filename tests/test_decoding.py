"""Bytes -> text: BOMs, declared and undeclared legacy encodings, mojibake, binary content."""

import pytest

from pipeline.decoding import declared_charset, decode_bytes, looks_binary
from pipeline.errors import DocumentError

TEXT = "Les données de 1 700 clients ont été dérobées à Noël."


def test_utf8_with_bom():
    assert decode_bytes(b"\xef\xbb\xbf" + TEXT.encode()) == TEXT


def test_undeclared_windows_1252():
    assert decode_bytes(TEXT.encode("cp1252")) == TEXT


def test_declared_latin1_page():
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>{TEXT}</p></body></html>'
    assert TEXT in decode_bytes(page.encode("latin-1"))


def test_declared_charset_is_read_from_meta():
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">') == "cp1252"


def test_mojibake_is_repaired():
    broken = TEXT.encode("utf-8").decode("cp1252")
    assert "Ã©" in broken
    assert decode_bytes(broken.encode("utf-8")) == TEXT


def test_mixed_line_endings_are_normalised():
    assert decode_bytes(b"un\r\ndeux\rtrois\n") == "un\ndeux\ntrois\n"


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(256)) * 4])
def test_binary_content_is_refused(data):
    assert looks_binary(data)
    with pytest.raises(DocumentError) as caught:
        decode_bytes(data)
    assert caught.value.code == "E103"


def test_utf16_with_bom():
    assert decode_bytes(TEXT.encode("utf-16")) == TEXT
