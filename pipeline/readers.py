"""Raw inputs -> :class:`RawDocument` (or an :class:`ErrorRow` for what cannot be read).

Supported inputs, found recursively in directories: ``.html``/``.htm`` pages, ``.txt`` page dumps,
``.jsonl`` dumps (one page per line: ``id`` and ``html`` or ``text``, optional ``url``), WARC files
(``.warc``, ``.warc.gz``; HTML responses only), and any of the first three gzip-compressed (``.gz``).

Everything streams: a dump is read one line/record at a time. Sizes are capped by
:class:`~pipeline.settings.Limits`, so a gzip bomb or a 2 GB line ends as one error row.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pipeline.decoding import decode_bytes
from pipeline.document import Kind, RawDocument
from pipeline.errors import DocumentError, ErrorRow, PipelineError, UsageError, safe_id, safe_text
from pipeline.settings import Limits

log = logging.getLogger(__name__)

_HTML_SNIFF = re.compile(r"<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I)
_TAG_SNIFF = re.compile(r"<(p|div|span|a|br|article|section|h[1-6])[\s>/]", re.I)
_READ_CHUNK = 1 << 20
_GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error, OSError)

Item = RawDocument | ErrorRow


@dataclass(frozen=True, slots=True)
class InputUnit:
    """A piece of input that can be read on its own: a file, or a byte range of a dump."""

    path: str
    start: int = 0
    end: int | None = None  # exclusive; None = to the end of the file
    first: int = 0  # WARC: response records before ``start`` (they number the records without an id)


@dataclass(frozen=True, slots=True)
class InputFormat:
    """One kind of input file: the one table of formats every other module asks (never a name string)."""

    name: str
    suffixes: tuple[str, ...]  # lower case, before an optional ".gz"
    one_page: bool  # a file is one page (html, text); otherwise a dump of many
    may_hold_text_dumps: bool  # its documents can be text dumps (the line memory reads them)
    read: Callable[[Path, InputUnit, Limits], Iterator[Item]]
    split: Callable[[Path, int], Iterator[InputUnit]] | None = None  # cut a big file into units


def _read_html(path: Path, unit: InputUnit, limits: Limits) -> Iterator[Item]:
    yield _read_page(path, "html", limits)


def _read_text(path: Path, unit: InputUnit, limits: Limits) -> Iterator[Item]:
    yield _read_page(path, "text", limits)


def _read_warc(path: Path, unit: InputUnit, limits: Limits) -> Iterator[Item]:
    from pipeline.warc import read_warc  # warcio is only imported when needed

    yield from read_warc(path, limits, unit.start, unit.end, unit.first)


def _split_jsonl(path: Path, split_bytes: int) -> Iterator[InputUnit]:
    """Byte ranges of an uncompressed dump (a gzip stream cannot be entered in the middle)."""
    size = path.stat().st_size
    if path.name.lower().endswith(".gz"):
        yield InputUnit(str(path))
        return
    for start in range(0, size, split_bytes):
        yield InputUnit(str(path), start, min(start + split_bytes, size))


def _split_warc(path: Path, split_bytes: int) -> Iterator[InputUnit]:
    from pipeline.warc import warc_units

    yield from warc_units(path, split_bytes)


def input_format(path: Path) -> InputFormat | None:
    """The format of a file, by name, or None for an unsupported one.

    >>> [f.name if f else None for f in map(input_format, (Path("a/page.HTML.gz"), Path("d.warc.gz"), Path("x.md")))]
    ['html', 'warc', None]
    """
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    if not suffixes:
        return None
    return _BY_SUFFIX.get(suffixes[-1])


def document_id(path: Path) -> str:
    """The stem of a file name without its compression and format suffixes."""
    name = path.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    return Path(name).stem or name


def discover(inputs: Iterable[str | Path]) -> Iterator[Path]:
    """Input files in a stable order: given files as they are, directories walked recursively.

    Unsupported files inside directories are skipped silently (a corpus folder may hold README or
    label files); an unsupported file named explicitly is a usage error. Symbolic links found while
    walking a directory are followed only when they stay inside that directory.
    """
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            root = path.resolve()
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames.sort()
                for name in sorted(filenames):
                    candidate = Path(dirpath) / name
                    if input_format(candidate) is None:
                        continue
                    if candidate.is_symlink() and not candidate.resolve().is_relative_to(root):
                        log.warning("skipping %s: symbolic link outside %s", candidate, path)
                        continue
                    yield candidate
        elif path.exists():
            if input_format(path) is None:
                raise UsageError("E403", path=str(path), reason="unsupported file type")
            yield path
        else:
            raise UsageError("E403", path=str(path), reason="no such file or directory")


def plan_units(inputs: Iterable[str | Path], split_bytes: int | None = None) -> Iterator[InputUnit]:
    """Input units: one per file; uncompressed JSONL dumps cut into ranges of ``split_bytes``, and WARC
    files (plain or gzip) into batches of whole records of about ``split_bytes``."""
    for path in discover(inputs):
        fmt = input_format(path)
        if split_bytes and fmt is not None and fmt.split is not None and path.stat().st_size > split_bytes:
            yield from fmt.split(path, split_bytes)
        else:
            yield InputUnit(str(path))


def iter_documents(inputs: Iterable[str | Path], limits: Limits | None = None) -> Iterator[Item]:
    """Every document of every input, in order, as a RawDocument or an ErrorRow."""
    for path in discover(inputs):
        yield from read_unit(InputUnit(str(path)), limits or Limits())


def read_unit(unit: InputUnit, limits: Limits) -> Iterator[Item]:
    """Read one input unit. Never raises for bad content: problems become ErrorRows."""
    path = Path(unit.path)
    fmt = input_format(path)
    try:
        if fmt is None:
            yield _file_error(path, DocumentError("E110", path=str(path)))
        else:
            yield from fmt.read(path, unit, limits)
    except PipelineError as error:  # a failure that concerns the whole file
        yield _file_error(path, error)
    except OSError as error:
        yield _file_error(path, DocumentError("E101", path=str(path), reason=error.strerror or error))
    except Exception as error:  # a reader bug met on hostile content: the rest of this file is one error row
        log.exception("reading %s failed", path)
        yield _file_error(path, DocumentError("E101", path=str(path), reason=repr(error)))


def sniff_kind(content: str, default: Kind) -> Kind:
    """Trust the content over the file name: markup in a .txt is HTML, plain text in a .html is text."""
    head = content[:2048]
    if _HTML_SNIFF.search(head):
        return "html"
    if default == "html" and not _TAG_SNIFF.search(content[:200_000]):
        return "text"
    return default


def make_document(doc_id: str, path: str, kind: Kind, content: str, url: str | None = None,
                  fetched_at: str | None = None) -> RawDocument:
    """A RawDocument from decoded content; empty content is error E102.

    The id, path and URL are made safe for every sink (:func:`~pipeline.errors.safe_id`), the same way
    error rows make theirs, so a document keeps one id whatever its outcome.
    """
    content = content.replace("\x00", "")
    if not content.strip():
        raise DocumentError("E102")
    return RawDocument(doc_id=safe_id(doc_id) or "unnamed", path=safe_text(path), kind=sniff_kind(content, kind),
                       content=content, url=safe_text(url) if url else None,
                       fetched_at=safe_text(fetched_at) if fetched_at else None)


def _file_error(path: Path, error: PipelineError) -> ErrorRow:
    return ErrorRow.from_error(document_id(path), str(path), error)


def _read_page(path: Path, kind: Kind, limits: Limits) -> Item:
    doc_id = document_id(path)
    try:
        data = read_bytes(path, limits)
        return make_document(doc_id, str(path), kind, decode_bytes(data))
    except PipelineError as error:
        return ErrorRow.from_error(doc_id, str(path), error)


def open_binary(path: Path) -> BinaryIO:
    """The file, transparently gunzipped when its name ends in .gz."""
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def read_bytes(path: Path, limits: Limits) -> bytes:
    """The whole (decompressed) content of a one-document file, within the size limits."""
    compressed = path.name.lower().endswith(".gz")
    if not compressed and path.stat().st_size > limits.max_document_bytes:
        raise DocumentError("E104", size=path.stat().st_size, limit=limits.max_document_bytes)
    cap = min(limits.max_document_bytes, limits.max_decompressed_bytes)
    buffer = io.BytesIO()
    try:
        with open_binary(path) as handle:
            while chunk := handle.read(_READ_CHUNK):
                buffer.write(chunk)
                if buffer.tell() > cap:
                    code = "E106" if compressed else "E104"
                    raise DocumentError(code, size=buffer.tell(), limit=cap)
    except _GZIP_ERRORS as error:
        if isinstance(error, OSError) and not compressed:
            raise
        raise DocumentError("E105", reason=str(error) or type(error).__name__) from error
    return buffer.getvalue()


def _read_jsonl(path: Path, unit: InputUnit, limits: Limits) -> Iterator[Item]:
    stem = document_id(path)
    compressed = path.name.lower().endswith(".gz")
    try:
        with open_binary(path) as handle:
            for number, line in _lines_in_range(handle, unit, limits, compressed):
                yield _jsonl_item(line, number, stem, str(path), limits)
    except _GZIP_ERRORS as error:
        if isinstance(error, OSError) and not compressed:
            raise
        yield ErrorRow.from_error(f"{stem}#corrupt", str(path),
                                  DocumentError("E105", reason=str(error) or type(error).__name__))


def _lines_in_range(handle: BinaryIO, unit: InputUnit, limits: Limits,
                    compressed: bool) -> Iterator[tuple[int, bytes | DocumentError]]:
    """(line number or byte offset, line) pairs of the lines that *start* inside the unit's range.

    Line "numbers" are 1-based line numbers for whole files and byte offsets for ranges, so that
    ids of lines without an ``id`` stay unique whichever way a dump is cut.
    """
    position = unit.start
    if unit.start:
        handle.seek(unit.start - 1)
        handle.readline()  # finish the line that began before the range
        position = handle.tell()
    number = 0
    read_total = 0
    while unit.end is None or position < unit.end:
        start = position
        line = handle.readline(limits.max_document_bytes + 1)
        if not line:
            return
        number += 1
        position += len(line)
        read_total += len(line)
        label = number if unit.start == 0 and unit.end is None else start
        if compressed and read_total > limits.max_decompressed_bytes:
            yield label, DocumentError("E106", limit=limits.max_decompressed_bytes)
            return
        if len(line) > limits.max_document_bytes and not line.endswith(b"\n"):
            while (rest := handle.readline(_READ_CHUNK)) and not rest.endswith(b"\n"):
                position += len(rest)
            position += len(rest)
            yield label, DocumentError("E104", size=f"more than {limits.max_document_bytes}",
                                       limit=limits.max_document_bytes)
            continue
        if line.strip():
            yield label, line


def _jsonl_item(line: bytes | DocumentError, number: int, stem: str, path: str,
                limits: Limits) -> Item:
    fallback_id = f"{stem}#{number}"
    if isinstance(line, DocumentError):
        return ErrorRow.from_error(fallback_id, path, line)
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError) as error:  # bad JSON or UTF-8, 5,000-digit numbers, [[[[...]]]]
        reason = error if isinstance(error, ValueError) else "nested too deeply"
        return ErrorRow.from_error(fallback_id, path, DocumentError("E107", line=number, reason=reason))
    if not isinstance(obj, dict):
        return ErrorRow.from_error(fallback_id, path,
                                   DocumentError("E108", line=number, reason="not a JSON object"))
    raw_id = obj.get("id", obj.get("doc_id"))
    usable = isinstance(raw_id, str | int) and not isinstance(raw_id, bool)
    doc_id = (safe_id(str(raw_id)) if usable else "") or fallback_id
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    for key, kind in (("html", "html"), ("text", "text")):
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            return ErrorRow.from_error(doc_id, path, DocumentError(
                "E108", line=number, reason=f"field {key!r} is {type(value).__name__}, not a string"))
        try:
            return make_document(doc_id, path, kind, _clean_json_text(value), url=url)  # type: ignore[arg-type]
        except PipelineError as error:
            return ErrorRow.from_error(doc_id, path, error)
    return ErrorRow.from_error(doc_id, path, DocumentError(
        "E108", line=number, reason="no 'html' or 'text' field"))


def _clean_json_text(value: str) -> str:
    """Text from a JSON string: line endings normalised, mojibake repaired, lone surrogates replaced."""
    from pipeline.decoding import repair_mojibake

    value = value.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")
    return repair_mojibake(value.replace("\r\n", "\n").replace("\r", "\n"))


FORMATS: tuple[InputFormat, ...] = (
    InputFormat("html", (".html", ".htm", ".xhtml"), one_page=True, may_hold_text_dumps=False, read=_read_html),
    InputFormat("text", (".txt",), one_page=True, may_hold_text_dumps=True, read=_read_text),
    InputFormat("jsonl", (".jsonl", ".ndjson"), one_page=False, may_hold_text_dumps=True, read=_read_jsonl,
                split=_split_jsonl),
    InputFormat("warc", (".warc", ".arc"), one_page=False, may_hold_text_dumps=False, read=_read_warc,
                split=_split_warc),
)
_BY_SUFFIX = {suffix: fmt for fmt in FORMATS for suffix in fmt.suffixes}
