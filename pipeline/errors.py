"""Numbered error messages. Every problem a user can meet is listed here, so it can be grepped.

A bad document never stops a batch: it becomes an :class:`ErrorRow` (one line of ``errors.jsonl``)
carrying one of these codes. ``E1xx`` are input problems, ``E2xx`` processing problems,
``E3xx`` output problems, ``E4xx`` usage problems, ``D`` rows are duplicates (not failures).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

MESSAGES: dict[str, str] = {
    # input
    "E101": "cannot read {path}: {reason}",
    "E102": "empty document (no content after decoding)",
    "E103": "binary content, not a text or HTML page ({reason})",
    "E104": "document of {size} bytes exceeds the size limit of {limit} bytes",
    "E105": "gzip stream is corrupt: {reason}",
    "E106": "decompressed size exceeds the limit of {limit} bytes",
    "E107": "JSONL line {line} is not valid JSON: {reason}",
    "E108": "JSONL line {line} has no usable content: {reason}",
    "E109": "WARC record is truncated or unreadable: {reason}",
    "E110": "unsupported input file type: {path}",
    "E112": "text dump of {lines} lines exceeds the limit of {limit} lines",
    "E113": "HTML page of {count} elements exceeds the limit of {limit} elements",
    "E114": "HTML markup nested deeper than the limit of {limit} levels",
    # processing
    "E201": "boilerplate removal failed: {reason}",
    "E202": "no article text found after boilerplate removal",
    "E203": "document is not in French (detected language: {language})",
    "E204": "processing exceeded the time limit of {limit} s",
    "E205": "extraction failed: {reason}",
    "E207": "worker process died while processing this document: {reason}",
    # output
    "E301": "sink {sink} failed to write a batch of {count} documents: {reason}",
    "E303": "{count} documents were not written to {sink} ({reason}): {ids}; rerun the same command to complete them",
    # usage
    "E401": "no input documents found in {inputs}",
    "E402": "unknown sink URL {url}",
    "E403": "cannot open {path}: {reason}",
    # duplicates
    "D001": "duplicate content of document {original}",
}


MAX_ID_CHARS = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ID_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def safe_text(value: str) -> str:
    """``value`` with what no sink can store removed: NUL and control bytes (PostgreSQL refuses NUL in TEXT)
    and lone surrogates (from undecodable file names or JSON ``\\ud800`` escapes; UTF-8 cannot encode them).

    >>> safe_text("a\\x00b\\ud800c")
    'ab?c'
    """
    if value.isascii() and value.isprintable():
        return value
    value = value.encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub("", value)


def safe_id(value: str) -> str:
    """A doc_id any sink and log can hold: no control characters, at most ``MAX_ID_CHARS`` characters
    (a longer id is cut and suffixed with a hash of the whole, so distinct ids stay distinct). Quotes,
    slashes and SQL stay as they are: ids are data, never part of a path or a statement.

    >>> safe_id("../../etc/passwd'; DROP TABLE records; --")
    "../../etc/passwd'; DROP TABLE records; --"
    >>> len(safe_id("x" * 5000))
    200
    """
    value = _ID_CONTROL.sub("", safe_text(value)).strip()
    if len(value) <= MAX_ID_CHARS:
        return value
    digest = hashlib.blake2b(value.encode("utf-8"), digest_size=8).hexdigest()
    return f"{value[:MAX_ID_CHARS - 17]}~{digest}"


def message(code: str, **params: object) -> str:
    """Format the message of ``code`` with ``params`` ("E104: document of 12 bytes ...")."""
    template = MESSAGES[code]
    try:
        text = template.format(**params)
    except (KeyError, IndexError):
        text = template
    return f"{code}: {text}"


class PipelineError(Exception):
    """An error with a code from :data:`MESSAGES`."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(message(code, **params))


class DocumentError(PipelineError):
    """A problem with one document: it becomes an error row, the batch goes on."""


class UsageError(PipelineError):
    """Unusable arguments: the CLI exits with a non-zero code."""


@dataclass(slots=True)
class ErrorRow:
    """One line of ``errors.jsonl``: the document that failed and why."""

    doc_id: str
    path: str
    code: str
    message: str
    content_hash: str | None = None

    def __post_init__(self) -> None:
        """Error rows are always writable: ids, paths and messages made safe for every sink."""
        if isinstance(self.doc_id, str):
            self.doc_id = safe_id(self.doc_id) or "unnamed"
        if isinstance(self.path, str):
            self.path = safe_text(self.path)
        if isinstance(self.message, str):
            self.message = safe_text(self.message)

    @classmethod
    def from_error(cls, doc_id: str, path: str, error: PipelineError,
                   content_hash: str | None = None) -> ErrorRow:
        return cls(doc_id=doc_id, path=path, code=error.code, message=str(error),
                   content_hash=content_hash)

    @property
    def is_duplicate(self) -> bool:
        return self.code.startswith("D")

    def as_dict(self) -> dict[str, str | None]:
        return {"doc_id": self.doc_id, "path": self.path, "code": self.code,
                "message": self.message, "content_hash": self.content_hash}
