"""Boilerplate removal for HTML: trafilatura, then our paragraph filter. The only trafilatura import.

1. The page is parsed once (trafilatura's parser) and prepared: a ``<div>`` that holds running text
   directly, without paragraphs inside (div-soup sites, "key facts" boxes), becomes a paragraph, and so
   does a sub-heading among the article's paragraphs, so that trafilatura does not discard them.
2. trafilatura finds the article and the page metadata (title, date, sitename, author, url).
3. Its output is flattened into leaf blocks (paragraphs, headings, list items, table cells; line
   breaks split blocks) and filtered with the same signals as text dumps: furniture markers, "À lire
   aussi" teaser blocks, closing sections, photo credits and captions, paywall teasers, bylines, a
   repeat of the headline, and non-prose blocks trailing after the article (about boxes, signatures).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml.etree import _Element

from pipeline.boilerplate.markers import is_teaser
from pipeline.boilerplate.memory import LineMemory
from pipeline.boilerplate.text import Line, describe_line, resumes_after_aside
from pipeline.document import LineDecision
from pipeline.errors import DocumentError
from pipeline.normalize.text import collapse_spaces, fold, visible_text
from pipeline.resources import tunables
from pipeline.settings import BoilerplateOptions, Limits

TUNED = tunables("html")  # [tuning.html] of models/config.toml
TEXT_DUMP = tunables("text_dump")  # the prose measures shared with text dumps

log = logging.getLogger(__name__)

LEAF_TAGS = {"p", "head", "quote", "item", "code", "cell"}
CONTAINER_TAGS = {"list", "table", "row", "div", "section", "article", "main"}
_CREDIT = re.compile(r"(©|\(c\)\s|crédits?(\s+photos?)?\s*:|photos?\s*:|illustration\s*:|/\s*afp\b|\bafp\s*/|"
                     r"getty images|shutterstock|istock|reuters/|/\s*reuters|abaca|maxppp|hans lucas)", re.I)
_BLOCK_CHILDREN = {"p", "div", "ul", "ol", "table", "section", "article", "h1", "h2", "h3", "h4", "blockquote",
                   "figure", "form", "nav", "header", "footer", "aside"}


@dataclass(slots=True)
class HtmlCleaning:
    title: str | None
    date: str | None
    sitename: str | None
    author: str | None
    url: str | None
    text: str
    decisions: list[LineDecision]


def clean_html(content: str, url: str | None, options: BoilerplateOptions, models_dir: Path,
               memory: LineMemory | None = None, limits: Limits | None = None) -> HtmlCleaning:
    """Article text and metadata of an HTML page (errors E113/E114 for pathological markup)."""
    import trafilatura  # heavy import, done once per process on first use
    from trafilatura.utils import load_html

    try:
        tree = load_html(strip_internal_subset(content))
        if tree is None:
            raise DocumentError("E201", reason="the HTML could not be parsed")
        check_tree(tree, limits or Limits())
        promote_bare_divs(tree)
        promote_body_headings(tree)
        result = trafilatura.bare_extraction(
            tree, url=url, with_metadata=True, include_comments=False,
            include_tables=options.html_include_tables, favor_precision=options.html_favor_precision,
            favor_recall=options.html_favor_recall, fast=options.html_fast, include_images=False,
            include_links=False, deduplicate=False)
    except (ValueError, TypeError, AttributeError, RecursionError) as error:
        raise DocumentError("E201", reason=f"trafilatura: {error or type(error).__name__}") from error
    if result is None or result.body is None:
        return HtmlCleaning(None, None, None, None, url, "", [])
    title = collapse_spaces(visible_text(result.title)) if result.title else None
    kept, decisions = filter_blocks(list(leaf_blocks(result.body)), title, models_dir, memory)
    return HtmlCleaning(title=title, date=_publication_date(result.date), sitename=result.sitename,
                        author=result.author, url=result.url or url, text="\n\n".join(kept),
                        decisions=decisions)


def trafilatura_default(content: str) -> str:
    """trafilatura's own extraction with its default settings: the reference our cleaning is measured against."""
    import trafilatura

    return trafilatura.extract(content) or ""


def _publication_date(date: str | None) -> str | None:
    """htmldate's date, except January 1st: its extensive search falls back on a bare year (a copyright
    line, a year in the URL) that it reports as YYYY-01-01, and few articles are published that day."""
    return None if not date or date.endswith("-01-01") else date


def promote_bare_divs(tree: _Element) -> None:
    """``<div>running text</div>`` -> ``<p>``: trafilatura reads paragraphs, not text lying in divs. Short
    bare divs follow their siblings: among the article's running-text divs (``heading_prose_siblings`` of
    them at least), a sub-heading or a one-line paragraph in a div is the article's too."""
    parents = []
    for div in list(tree.iter("div")):
        direct = _direct_text(div)
        if len(direct) >= TUNED.bare_div_min_chars and _bare(div):
            div.tag = "p"
            parent = div.getparent()
            if parent is not None and (not parents or parents[-1] is not parent):
                parents.append(parent)
    for parent in parents:
        if sum(1 for child in parent if child.tag == "p") < TUNED.heading_prose_siblings:
            continue
        for child in parent:
            if child.tag == "div" and _bare(child) and _direct_text(child):
                child.tag = "p"


def _direct_text(div: _Element) -> str:
    return ((div.text or "") + "".join(child.tail or "" for child in div)).strip()


def _bare(div: _Element) -> bool:
    return not any(isinstance(child.tag, str) and child.tag in _BLOCK_CHILDREN for child in div)


def promote_body_headings(tree: _Element) -> None:
    """``<h2>`` between the article's paragraphs -> ``<p>``: when trafilatura does not recognise the article
    container it recovers loose paragraphs and drops the sub-headings between them. A heading counts as the
    article's when its parent (its wrapper's parent, when it is wrapped alone in a div) also holds prose
    paragraphs (sidebars hold lists and links)."""
    for heading in list(tree.iter("h2", "h3", "h4", "h5", "h6")):
        parent = heading.getparent()
        if parent is not None and len(parent) == 1 and not (parent.text or "").strip() \
                and parent.getparent() is not None:
            parent = parent.getparent()  # a heading wrapped alone in a div ("<div class='h2'><h2>...")
        if parent is None:
            continue
        prose = sum(1 for child in parent if child.tag == "p"
                    and len("".join(child.itertext()).strip()) >= TUNED.heading_prose_chars)
        if prose >= TUNED.heading_prose_siblings:
            heading.tag = "p"


def leaf_blocks(body: _Element) -> Iterator[tuple[str, bool]]:
    """(text, is_list_item) for every leaf block of trafilatura's output, line breaks splitting blocks."""
    for element in body:
        yield from _element_blocks(element)


def _element_blocks(element: _Element) -> Iterator[tuple[str, bool]]:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in CONTAINER_TAGS or (tag == "cell" and any(
            isinstance(c.tag, str) and c.tag in LEAF_TAGS | CONTAINER_TAGS for c in element)):
        if element.text and element.text.strip():
            yield from _segments(element.text, False)
        for child in element:
            yield from _element_blocks(child)
            if child.tail and child.tail.strip():
                yield from _segments(child.tail, False)
        return
    yield from _segments(_text_with_breaks(element), tag == "item")


def _text_with_breaks(element: _Element) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        else:
            parts.append(_text_with_breaks(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _segments(text: str, item: bool) -> Iterator[tuple[str, bool]]:
    for raw_segment in visible_text(text).split("\n"):
        segment = collapse_spaces(raw_segment)
        if segment:
            yield segment, item


def filter_blocks(blocks: list[tuple[str, bool]], title: str | None, models_dir: Path,
                  memory: LineMemory | None) -> tuple[list[str], list[LineDecision]]:
    """Keep the article paragraphs of trafilatura's output; drop the furniture it let through."""
    lines = [describe_line(i, text, text, models_dir, memory, bullet=item)
             for i, (text, item) in enumerate(blocks)]
    reasons: list[str | None] = []
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
            if kind in ("end", "comments") and any(r is None for r in reasons):
                closed = True
                reason = f"closing section: {line.marker.phrase}"
            elif kind == "aside":
                in_aside = ":" not in line.text or not line.text.partition(":")[2].strip()
                reason = f"teaser block: {line.marker.phrase}"
            elif kind == "byline":
                reason = "byline/date line (metadata)"
            elif kind not in ("end", "comments"):
                reason = f"furniture: {line.marker.phrase}"
        elif line.byline:
            reason = "byline/date line (metadata)"
        elif _is_credit(line):
            reason = "photo credit or caption"
        elif line.signal is not None:
            reason = f"furniture signal: {line.signal}"
        elif line.inline_list:
            reason = "items run together on one line (menu, ticker, tags)"
        elif line.reply:
            reason = "comment reply"
        elif is_teaser(line.text) and line.words < TEXT_DUMP.long_prose_words:
            reason = "teaser"
        elif line.repeated and line.words <= 12:
            reason = "repeated on other pages"
        elif in_aside:
            if resumes_after_aside(line):
                in_aside = False
            else:
                reason = "teaser under 'À lire aussi'"
        reasons.append(reason)
    _trim_tail(lines, reasons)
    kept = [line.text for line, reason in zip(lines, reasons, strict=True) if reason is None]
    decisions = [LineDecision(line.text, reason is None, "body" if reason is None else "boilerplate",
                              reason or "article paragraph") for line, reason in zip(lines, reasons, strict=True)]
    return kept, decisions


def _trim_tail(lines: list[Line], reasons: list[str | None]) -> None:
    """Blocks after the last prose block that are not prose themselves (about boxes, member lists,
    signatures, tag clouds) are furniture."""
    kept = [i for i, reason in enumerate(reasons) if reason is None]
    prose = [i for i in kept if lines[i].prose]
    if not prose:
        return
    for i in kept:
        line = lines[i]
        short_or_names = line.words <= TUNED.tail_max_words or line.stop_ratio < TUNED.tail_stopwords
        if i > prose[-1] and not line.prose and short_or_names:
            reasons[i] = "non-prose block after the article"


def _is_credit(line: Line) -> bool:
    return line.words <= TUNED.credit_max_words and bool(_CREDIT.search(line.text))


# -- parser safety -------------------------------------------------------------------------------------
# trafilatura parses with lxml's HTML parser, which never loads external entities, DTDs or anything from
# the network (libxml2's HTML parser has no entity expansion from a DOCTYPE, and lxml sets no_network);
# it stops at 256 levels of nesting. On top of that, the internal subset of a DOCTYPE (where entity
# declarations live) is removed before parsing, and the parsed tree is bounded before any Python code
# walks it: trafilatura needs about 0.3 ms per element, so a page of 200,000 elements would take a minute.
_INTERNAL_SUBSET = re.compile(r"<!DOCTYPE[^\[>]{0,500}\[.*?\]\s*>", re.I | re.S)
_SUBSET_SEARCH_CHARS = 100_000


def strip_internal_subset(content: str) -> str:
    """``<!DOCTYPE html [<!ENTITY x SYSTEM "file:///...">]>`` -> ``<!DOCTYPE html>`` (start of the page only).

    >>> strip_internal_subset('<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><p>&x;</p>')
    '<!DOCTYPE html><p>&x;</p>'
    """
    head = content[:_SUBSET_SEARCH_CHARS]
    if "[" not in head or not _INTERNAL_SUBSET.search(head):
        return content
    return _INTERNAL_SUBSET.sub("<!DOCTYPE html>", head, count=1) + content[_SUBSET_SEARCH_CHARS:]


def check_tree(tree: _Element, limits: Limits) -> None:
    """Refuse trees with more than ``max_html_elements`` elements (E113) or deeper than ``max_html_depth``
    (E114: the parser silently drops what lies deeper than 256 levels, so the article would be lost)."""
    count = int(tree.xpath("count(//*)"))  # both checks run in libxml2, not in Python
    if count > limits.max_html_elements:
        raise DocumentError("E113", count=count, limit=limits.max_html_elements)
    if tree.xpath("boolean(" + "/".join(["*"] * limits.max_html_depth) + ")"):
        raise DocumentError("E114", limit=limits.max_html_depth)
