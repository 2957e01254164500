"""Boilerplate removal: a raw page -> :class:`~pipeline.document.CleanDocument` (body + metadata)."""

from __future__ import annotations

from pipeline.boilerplate.html import clean_html
from pipeline.boilerplate.memory import LineMemory
from pipeline.boilerplate.text import clean_text
from pipeline.document import CleanDocument, RawDocument, Source
from pipeline.errors import DocumentError
from pipeline.settings import Options

__all__ = ["LineMemory", "clean_document"]


def clean_document(raw: RawDocument, options: Options, memory: LineMemory | None = None) -> CleanDocument:
    """The article body and metadata of a page; error E202 when no article text is left."""
    if raw.kind == "html":
        cleaned = clean_html(raw.content, raw.url, options.boilerplate, options.models_dir, memory)
        source = Source(path=raw.path, url=cleaned.url, title=cleaned.title, sitename=cleaned.sitename,
                        author=cleaned.author, date=cleaned.date, fetched_at=raw.fetched_at)
        text, decisions = cleaned.text, cleaned.decisions
    else:
        result = clean_text(raw.content, options.models_dir, memory)
        source = Source(path=raw.path, url=raw.url, title=result.title, byline=result.byline,
                        fetched_at=raw.fetched_at)
        text, decisions = result.text, result.decisions
    if not text.strip():
        raise DocumentError("E202")
    limit = options.limits.max_text_chars
    if len(text) > limit:
        text = text[:limit]
    return CleanDocument(doc_id=raw.doc_id, kind=raw.kind, content_hash=raw.content_hash, source=source,
                         text=text, decisions=decisions)
