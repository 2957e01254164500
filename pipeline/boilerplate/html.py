"""Boilerplate removal for HTML: trafilatura, then our paragraph filter. The only trafilatura import.

trafilatura finds the article and the page metadata (title, date, sitename, author, url). What it lets
through is then filtered paragraph by paragraph with the same signals as text dumps: furniture
markers, "À lire aussi" teaser blocks, closing sections, photo credits and captions, paywall teasers,
bylines, and a repeat of the headline.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from lxml.etree import _Element

from pipeline.boilerplate.markers import is_teaser
from pipeline.boilerplate.memory import LineMemory
from pipeline.boilerplate.text import LONG_PROSE_WORDS, Line, describe_line
from pipeline.document import LineDecision
from pipeline.errors import DocumentError
from pipeline.normalize.text import collapse_spaces, fold
from pipeline.settings import BoilerplateOptions

log = logging.getLogger(__name__)

BLOCK_TAGS = {"p", "head", "quote", "list", "table", "code", "div"}
_CREDIT = re.compile(r"(©|\(c\)\s|crédits?\s*:|photo\s*:|illustration\s*:|/\s*afp\b|\bafp\s*/|getty images|"
                     r"shutterstock|istock|reuters/|/\s*reuters|abaca|maxppp|hans lucas)", re.I)
CREDIT_MAX_WORDS = 30


@dataclass(slots=True)
class HtmlCleaning:
    title: str | None
    date: str | None
    sitename: str | None
    author: str | None
    url: str | None
    language: str | None
    text: str
    decisions: list[LineDecision]


def clean_html(content: str, url: str | None, options: BoilerplateOptions, models_dir: Path,
               memory: LineMemory | None = None) -> HtmlCleaning:
    """Article text and metadata of an HTML page."""
    import trafilatura  # heavy import, done once per process on first use

    try:
        result = trafilatura.bare_extraction(
            content, url=url, with_metadata=True, include_comments=False,
            include_tables=options.html_include_tables, favor_precision=options.html_favor_precision,
            favor_recall=options.html_favor_recall, fast=options.html_fast, include_images=False,
            include_links=False, deduplicate=False)
    except (ValueError, TypeError, AttributeError, RecursionError) as error:
        raise DocumentError("E201", reason=f"trafilatura: {error or type(error).__name__}") from error
    if result is None or result.body is None:
        return HtmlCleaning(None, None, None, None, url, None, "", [])
    title = collapse_spaces(result.title) if result.title else None
    blocks = list(_blocks(result.body))
    kept, decisions = filter_blocks(blocks, title, models_dir, memory)
    return HtmlCleaning(title=title, date=result.date, sitename=result.sitename, author=result.author,
                        url=result.url or url, language=result.language, text="\n\n".join(kept),
                        decisions=decisions)


def _blocks(body: _Element):
    for element in body:
        if element.tag == "list":
            for item in element.iter("item"):
                text = collapse_spaces("".join(item.itertext()))
                if text:
                    yield text, True
            continue
        text = collapse_spaces("".join(element.itertext()))
        if text:
            yield text, False


def filter_blocks(blocks: list[tuple[str, bool]], title: str | None, models_dir: Path,
                  memory: LineMemory | None) -> tuple[list[str], list[LineDecision]]:
    """Keep the article paragraphs of trafilatura's output; drop the furniture it let through."""
    lines = [describe_line(i, text, text, models_dir, memory, bullet=item)
             for i, (text, item) in enumerate(blocks)]
    decisions: list[LineDecision] = []
    kept: list[str] = []
    in_aside = False
    closed = False
    folded_title = fold(title) if title else None
    for position, line in enumerate(lines):
        reason = None
        if closed:
            reason = "after the article"
        elif folded_title and position < 3 and fold(line.text) == folded_title:
            reason = "headline repeated in the body"
        elif line.marker is not None:
            kind = line.marker.kind
            if kind == "end" and kept:
                closed = True
                reason = f"closing section: {line.marker.phrase}"
            elif kind == "aside":
                in_aside = ":" not in line.text or not line.text.partition(":")[2].strip()
                reason = f"teaser block: {line.marker.phrase}"
            elif kind == "byline":
                reason = "byline/date line (metadata)"
            elif kind != "end":
                reason = f"furniture: {line.marker.phrase}"
        elif line.byline:
            reason = "byline/date line (metadata)"
        elif _is_credit(line):
            reason = "photo credit or caption"
        elif is_teaser(line.text) and line.words < LONG_PROSE_WORDS:
            reason = "teaser"
        elif line.repeated and line.words <= 12:
            reason = "repeated on other pages"
        elif in_aside:
            if line.prose and (line.words >= LONG_PROSE_WORDS or line.sentence_end) and not line.bullet:
                in_aside = False
            else:
                reason = "teaser under 'À lire aussi'"
        if reason is None:
            kept.append(line.text)
            decisions.append(LineDecision(line.text, True, "body", "article paragraph"))
        else:
            decisions.append(LineDecision(line.text, False, "boilerplate", reason))
    return kept, decisions


def _is_credit(line: Line) -> bool:
    return line.words <= CREDIT_MAX_WORDS and bool(_CREDIT.search(line.text))
