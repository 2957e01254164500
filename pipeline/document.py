"""The typed objects that flow between stages: raw input -> clean document.

A :class:`RawDocument` is what a reader found (bytes or text, plus where it came from). A
:class:`CleanDocument` is what boilerplate removal made of it: the article body and the page
metadata. The spaCy ``Doc`` and the record are built from the clean document only.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["html", "text"]


@dataclass(slots=True)
class RawDocument:
    """One input document as read from disk, a dump or a WARC file."""

    doc_id: str
    path: str
    kind: Kind
    content: str
    url: str | None = None
    fetched_at: str | None = None  # WARC-Date, when the document came from a crawl
    content_hash: str = ""

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.content)


def content_hash(text: str) -> str:
    """Stable hash of a document's content (used for de-duplication and resumable runs)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


@dataclass(slots=True)
class Source:
    """Where a record comes from and what the page says about itself."""

    path: str
    url: str | None = None
    title: str | None = None
    sitename: str | None = None
    author: str | None = None
    date: str | None = None  # publication date found in the page metadata or byline (ISO)
    byline: str | None = None  # the byline/date line of a text dump, as written
    fetched_at: str | None = None
    language: str | None = None

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in (
            ("path", self.path), ("url", self.url), ("title", self.title),
            ("sitename", self.sitename), ("author", self.author), ("date", self.date),
            ("byline", self.byline), ("fetched_at", self.fetched_at), ("language", self.language),
        ) if v is not None}


@dataclass(slots=True)
class LineDecision:
    """Why boilerplate removal kept or dropped one line/block (for ``clean --explain``)."""

    text: str
    keep: bool
    role: str  # body, title, byline, boilerplate
    reason: str
    score: float = 0.0


@dataclass(slots=True)
class CleanDocument:
    """The article after boilerplate removal: body text plus page metadata."""

    doc_id: str
    kind: Kind
    content_hash: str
    source: Source
    text: str
    decisions: list[LineDecision] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.source.title or ""
