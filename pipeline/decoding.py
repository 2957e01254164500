"""Bytes -> text: the only place where encodings are guessed and mojibake is repaired.

Order of evidence: a byte-order mark, strict UTF-8, the charset the page or the transport
declares, then statistical detection (charset-normalizer). Latin-1 declarations are read as
Windows-1252, as browsers do. Double-encoded UTF-8 ("donnÃ©es") is repaired with ftfy.
"""

from __future__ import annotations

import codecs
import re

import ftfy
from charset_normalizer import from_bytes

from pipeline.errors import DocumentError

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]{0,100}encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""", re.I)
# Sequences that UTF-8 text read as Latin-1/Windows-1252 produces (Ã© for é, â€™ for ’ ...).
_MOJIBAKE = re.compile("[ÃÂâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013"
                       "\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
_BINARY_SAMPLE = 4096
_CONTROL = set(range(0, 9)) | {11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31}
_ALIASES = {"latin-1": "cp1252", "latin1": "cp1252", "iso-8859-1": "cp1252", "iso8859-1": "cp1252",
            "us-ascii": "cp1252", "ascii": "cp1252"}


def looks_binary(data: bytes) -> bool:
    """True when the start of ``data`` is not text (NUL bytes or many control bytes).

    >>> looks_binary(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
    True
    >>> looks_binary("Données personnelles".encode())
    False
    """
    sample = data[:_BINARY_SAMPLE]
    if not sample:
        return False
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL)
    return controls / len(sample) > 0.05


def declared_charset(data: bytes) -> str | None:
    """The charset declared in an HTML ``<meta>`` or an XML prolog, if any."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode ``data`` to text with normalised line endings and repaired mojibake.

    >>> decode_bytes("données".encode("cp1252"))
    'données'
    >>> decode_bytes("\\ufeffdonnées\\r\\n".encode("utf-8"))
    'données\\n'
    >>> decode_bytes("donnÃ©es".encode("utf-8"))
    'données'
    """
    if looks_binary(data):
        raise DocumentError("E103", reason="NUL or control bytes in the content")
    text = _decode(data, declared)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return repair_mojibake(text)


def repair_mojibake(text: str) -> str:
    """Repair UTF-8 read as Windows-1252 when the tell-tale sequences are present."""
    if _MOJIBAKE.search(text):
        return ftfy.fix_encoding(text)
    return text


_FRENCH_EXTENDED = set("àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ«»’‘“”–—…€°\u00a0")


def _plausible_french(text: str) -> bool:
    """Non-ASCII characters of the text are mostly French letters and typography."""
    extended = [c for c in text if ord(c) > 127]
    return bool(extended) and sum(c in _FRENCH_EXTENDED for c in extended) / len(extended) >= 0.9


def _decode(data: bytes, declared: str | None) -> str:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for candidate in (declared, declared_charset(data)):
        if not candidate:
            continue
        name = _ALIASES.get(candidate.lower(), candidate)
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    try:  # French pages without a declaration are nearly always Windows-1252
        latin = data.decode("cp1252")
        if _plausible_french(latin):
            return latin
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    return data.decode("cp1252", errors="replace")
