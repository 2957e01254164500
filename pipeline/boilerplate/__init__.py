"""Boilerplate removal: a raw page -> :class:`~pipeline.document.CleanDocument` (body + metadata)."""

from __future__ import annotations

import logging

from pipeline.boilerplate.html import clean_html
from pipeline.boilerplate.memory import LineMemory
from pipeline.boilerplate.text import clean_text
from pipeline.document import CleanDocument, RawDocument, Source
from pipeline.errors import DocumentError
from pipeline.language import detect_language
from pipeline.normalize.text import collapse_spaces
from pipeline.settings import Limits, Options

__all__ = ["LineMemory", "bounded_text", "clean_document"]

log = logging.getLogger(__name__)


def clean_document(raw: RawDocument, options: Options, memory: LineMemory | None = None) -> CleanDocument:
    """The article body and metadata of a page; error E202 when no article text is left."""
    if raw.kind == "html":
        cleaned = clean_html(raw.content, raw.url, options.boilerplate, options.models_dir, memory,
                             limits=options.limits)
        source = Source(path=raw.path, url=cleaned.url, title=cleaned.title, sitename=cleaned.sitename,
                        author=cleaned.author, date=cleaned.date, fetched_at=raw.fetched_at)
        text, decisions = cleaned.text, cleaned.decisions
    else:
        content = bounded_text(raw.content, options.limits, raw.doc_id)
        result = clean_text(content, options.models_dir, memory)
        source = Source(path=raw.path, url=raw.url or result.url, title=result.title, byline=result.byline,
                        date=result.date,
                        fetched_at=raw.fetched_at)
        text, decisions = result.text, result.decisions
        if not text.strip():
            text = foreign_dump_text(content, options)
    if not text.strip():
        raise DocumentError("E202")
    limit = options.limits.max_text_chars
    if len(text) > limit:
        text = text[:limit]
    if options.language.enabled:
        guess = detect_language(text, options.language, options.models_dir)
        source.language = None if guess.language == "und" else guess.language
    return CleanDocument(doc_id=raw.doc_id, kind=raw.kind, content_hash=raw.content_hash, source=source,
                         text=text, decisions=decisions)


def bounded_text(content: str, limits: Limits, doc_id: str = "") -> str:
    """A text dump within the limits: too many lines is error E112 (a log or a listing, not a page, and
    the line classifier would take minutes); beyond ``max_input_chars`` it is cut at a line end."""
    lines = content.count("\n") + 1
    if lines > limits.max_document_lines:
        raise DocumentError("E112", lines=lines, limit=limits.max_document_lines)
    if len(content) <= limits.max_input_chars:
        return content
    cut = content.rfind("\n", 0, limits.max_input_chars)
    log.warning("%s: text dump of %d characters cut to %d before boilerplate removal", doc_id, len(content),
                cut if cut > 0 else limits.max_input_chars)
    return content[:cut] if cut > 0 else content[:limits.max_input_chars]


def foreign_dump_text(content: str, options: Options) -> str:
    """The lines of a text dump in another language, or "" (then the document is error E202).

    The line classifier reads prose through French function words, so it keeps nothing of a page in
    English or German; such a page is still marked with its language (and nothing extracted from it)
    rather than reported as a page without an article.
    """
    if not options.language.enabled:
        return ""
    guess = detect_language(content, options.language, options.models_dir)
    if guess.is_french:
        return ""
    return "\n".join(line for line in (collapse_spaces(raw) for raw in content.split("\n")) if line)
