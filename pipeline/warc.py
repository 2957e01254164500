"""WARC input (crawler and Common Crawl dumps) through warcio.

Only ``response`` records with an HTML payload are documents; other records are skipped.
A record keeps its WARC-Target-URI and WARC-Date. A truncated or unreadable record becomes one
error row and reading stops there (what follows a broken gzip member cannot be trusted).

A big WARC file can be read in pieces (the Dask engine's partitions): :func:`warc_units` finds the
record offsets (compressed offsets in a ``.warc.gz``, where every record is its own gzip member) and cuts
the file into batches of whole records; :func:`read_warc` reads one batch from its first offset.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from pipeline.decoding import decode_bytes
from pipeline.errors import DocumentError, ErrorRow, PipelineError
from pipeline.readers import InputUnit, Item, document_id, make_document
from pipeline.settings import Limits

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, limits: Limits, start: int = 0, end: int | None = None, first: int = 0) -> Iterator[Item]:
    """The documents of the records that start in ``[start, end)`` (``first``: response records before
    ``start``, so that records without an id are numbered as in a whole read)."""
    stem = document_id(path)
    index = first
    with open(path, "rb") as handle:
        handle.seek(start)
        iterator = ArchiveIterator(handle)
        try:
            for record in iterator:
                if end is not None and iterator.offset >= end:  # the record's start (absolute; reading nothing)
                    break
                if record.rec_type != "response":
                    continue
                index += 1
                item = _record_item(record, stem, index, str(path), limits)
                if item is not None:
                    yield item
        except (ArchiveLoadFailed, EOFError, OSError, ValueError) as error:
            yield ErrorRow.from_error(f"{stem}#{index + 1}", str(path),
                                      DocumentError("E109", reason=str(error) or type(error).__name__))


def warc_units(path: Path, split_bytes: int) -> list[InputUnit]:
    """``path`` cut at record boundaries into units of about ``split_bytes`` (one pass over the file).
    Damage ends the scan: the last unit runs to the end of the file, where the reader reports it."""
    units: list[InputUnit] = []
    start = first = responses = 0
    with open(path, "rb") as handle:
        iterator = ArchiveIterator(handle)
        try:
            for record in iterator:
                offset = iterator.offset  # where this record starts (compressed offset in a .warc.gz)
                if offset - start >= split_bytes:
                    units.append(InputUnit(str(path), start, offset, first))
                    start, first = offset, responses
                if record.rec_type == "response":
                    responses += 1
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as error:
            log.warning("%s: damaged after offset %d (%s); the rest is read as one unit", path, start, error)
    units.append(InputUnit(str(path), start, None, first))
    return units


def _record_item(record, stem: str, index: int, path: str, limits: Limits) -> Item | None:
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI")
    record_id = (headers.get_header("WARC-Record-ID") or "").strip("<>")
    doc_id = record_id.removeprefix("urn:uuid:") or f"{stem}#{index}"
    http = record.http_headers
    content_type = (http.get_header("Content-Type") if http else "") or ""
    if not content_type.lower().startswith(HTML_TYPES):
        log.debug("skipping WARC record %s (%s)", doc_id, content_type or "no content type")
        return None
    try:
        stream = record.content_stream()
        data = stream.read(limits.max_document_bytes + 1)
        if len(data) > limits.max_document_bytes:
            raise DocumentError("E104", size=f"more than {limits.max_document_bytes}",
                                limit=limits.max_document_bytes)
        missing = getattr(record.raw_stream, "limit", 0)
        if missing > 0 and not record.raw_stream.read(1):
            raise DocumentError("E109", reason=f"the record ends {missing} bytes before its declared length")
        charset = _charset(content_type)
        return make_document(doc_id, path, "html", decode_bytes(data, charset), url=url,
                             fetched_at=headers.get_header("WARC-Date"))
    except PipelineError as error:
        return ErrorRow.from_error(doc_id, path, error)
    except (ValueError, EOFError, OSError, zlib.error) as error:  # a broken payload (encoding, chunks)
        return ErrorRow.from_error(doc_id, path, DocumentError("E109", reason=str(error) or type(error).__name__))


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None
