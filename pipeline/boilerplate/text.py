"""Boilerplate removal for text dumps: a line classifier that needs no markup.

A text dump is the visible text of a whole page, one block per line: menus, the headline, the byline,
the article, then teaser lists, share buttons, comment forms and the footer. Each line is described by
signals that work without markup (length and sentence shape, function-word density, bullets, teaser
ellipses, furniture markers from models/boilerplate/markers.tsv, repetition across the pages of a
batch). Then the page is read as a whole:

1. the article core starts at the first run of prose lines;
2. the headline is the title-like line just above it, the byline/date line is kept as metadata;
3. the core ends at a closing section ("Dernières nouvelles", "Laisser un commentaire", "Le Récap"...);
4. inside the core, prose is kept, furniture lines and "À lire aussi" blocks are dropped, and short
   lines are kept only as sub-headings of the prose that follows them (smoothing over neighbours).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.boilerplate.markers import (
    Marker,
    ends_sentence,
    inline_list,
    is_bullet,
    is_reply,
    is_teaser,
    marker_table,
    stopword_ratio,
    stopwords,
    strip_bullet,
    words,
)
from pipeline.boilerplate.memory import LineMemory
from pipeline.boilerplate.signals import furniture_signal, signal_words
from pipeline.document import LineDecision
from pipeline.normalize.calendar import calendar
from pipeline.normalize.text import collapse_spaces, fold, visible_text
from pipeline.resources import per_models_dir, tunables

TUNED = tunables("text_dump")  # [tuning.text_dump] of models/config.toml

CLOSING = ("end", "comments")  # marker kinds that close the article (comments never let it resume)
COUNTER = "counter"  # a comment counter near the byline: a furniture line
BYLINE_BELOW = 6  # lines under the lead searched for a byline
TEASER_MIN_WORDS = 4  # a dropped line this long just above a short line makes it one of a list of headlines
ASIDE_HEADING_WORDS = 8  # under "À lire aussi", a heading this short right before the article resumes
ASIDE_EXIT_WORDS = 20  # under "À lire aussi", only a paragraph this long (not a list item) resumes the article
REPEAT_MIN_DOCS = 3  # a short line found in this many other pages of the batch is furniture
REPEAT_MAX_WORDS = 12
_DATE_PREFIX = re.compile(r"^\s*(?:date|publié le|publie le|le)\s*:?\s*(\d{4}-\d{2}(?:-\d{2})?|\d{1,2}[/.]\d{1,2}"
                          r"[/.]\d{2,4})\s+(?=\S)", re.I)


@dataclass(frozen=True, slots=True)
class DateShapes:
    """Line shapes built on the calendar words of models/lexicons/calendar.tsv (once per models directory)."""

    byline: re.Pattern[str]  # a line that opens like a byline: "Par X, le ...", "Publié le ...", "12 mars 2024 à"
    issue: re.Pattern[str]  # an issue line of a periodical: "Regards Croisés n° 212 – février 2024"
    dateish: re.Pattern[str]  # a full date anywhere in the line


@per_models_dir
def date_shapes() -> DateShapes:
    cal = calendar()
    month, weekday = cal.month_pattern, cal.weekday_pattern
    byline = re.compile(
        r"^(?:par\s+[^.]{2,80}?(?:,|\s[-–—|]\s|\s+le\s|\s+publi)|publi[ée]+\s+le|mis\s+à\s+jour|mis\s+en\s+ligne"
        r"|le\s+\d{1,2}(?:er)?\s+\w+\s+\d{4}|\d{1,2}(?:er)?\s+\w+\s+\d{4}\s+(?:à|-)|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}"
        r"|rédaction\s*[-–—]|\w+\s+[-–—]\s+\d{1,2}[/.]\d{1,2}[/.]\d{2,4}"
        rf"|(?:{weekday}\s+)?\d{{1,2}}(?:er)?\s+{month}\s+\d{{4}}\s*(?:$|[·•|,–—-]))", re.I)
    issue = re.compile(rf"\bn[°º]\s*\d+\b.*\b{month}\s+\d{{4}}\b", re.I)
    dateish = re.compile(rf"\b(\d{{1,2}}(?:er)?\s+{month}\s+\d{{4}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}"
                         r"|\d{4}-\d{2}(?:-\d{2})?)\b", re.I)
    return DateShapes(byline, issue, dateish)


_AUTHOR = re.compile(r"^(?:[Pp]ar|[Tt]exte\s*:?|[Pp]ropos recueillis par|(?:[Tt]est|[ÉéEe]crit|[Rr]édig)[ée]e?s? par)"
                     r"\s+[A-ZÉÈÀÂÎÔ][\w’'.-]+(?:\s+[A-ZÉÈÀÂÎÔ][\w’'.-]+)"
                     r"{0,3}\s*(?:[,|–—-].*)?$"
                     r"|^[Pp]ar\s+(?:la\s+)?r[ée]daction\b"
                     r"|^(?:Me|Maître|Dr|Pr)\.?\s+[A-ZÉÈÀÂÎÔ][\w’'.-]+\s+[A-ZÉÈÀÂÎÔ][\w’'.-]+\s*(?:,.*)?$")
_PUBLISHED = re.compile(r"\b(?:publi[ée]e?|mis(?:e)? à jour|mis en ligne|modifi[ée]e?|actualis[ée]e?|post[ée]e?"
                        r"|r[ée]dig[ée]e?|[ée]crit|paru|dernière modification)(?![^\W\d])", re.I)
_SEPARATOR = re.compile(r"\s[|·•–—-]\s|\s\|")
# a scraper's metadata line at the top of a dump: "url: https://...", " date 2024-02", "title Cyberattaques : ..."
_METADATA = re.compile(r"^(url|date|title|author|sitename|hostname)\s*:?\s+(\S.*)$", re.I)
_ISO_DATE = re.compile(r"^(?:19|20)\d\d-\d\d(?:-\d\d)?$")
METADATA_LINES = 6  # the scraper writes its lines first
_TEASER_SEPARATOR = re.compile(r"\s*(?::|>>|»|→|➜|▶)\s*")
_UPDATED = ("mis a jour", "mise a jour", "modifie le", "actualise")
_BREADCRUMB = re.compile(r"\s[>/|»›]\s")
_RELATIVE_TIME = re.compile(r"\bil y a\s+(?:\d+|une?|quelques)\s+"
                            r"(?:secondes?|minutes?|min|heures?|h|jours?|semaines?|mois)\b", re.I)
_NUMBERED = re.compile(r"^\d+(?:\.\d+)*\s+\w")
_TIME = re.compile(r"\b\d{1,2}\s?[:h]\s?\d{2}\b")
_QUOTE = re.compile(r"«[^»]*»")


@dataclass(slots=True)
class Line:
    index: int
    raw: str
    text: str
    words: int
    stop_ratio: float
    sentence_end: bool
    bullet: bool
    teaser: bool
    marker: Marker | None
    repeated: bool
    inline_list: bool = False
    reply: bool = False
    signal: str | None = None  # a general furniture signal (pipeline/boilerplate/signals.py)

    @property
    def prose(self) -> bool:
        """Running text: enough words, function words, and a sentence shape."""
        if self.marker is not None and self.marker.kind in ("line", "byline"):
            return False
        if self.inline_list or self.reply:
            return False
        if (self.teaser and self.words < TUNED.long_prose_words) or self.words < TUNED.prose_min_words:
            return False
        if self.stop_ratio < TUNED.prose_min_stopwords:
            return False
        return self.sentence_end or self.words >= TUNED.long_prose_words

    @property
    def byline(self) -> bool:
        if self.marker is not None and self.marker.kind == "byline":
            return True
        if self.words <= TUNED.author_max_words and _AUTHOR.match(self.text):
            return True
        if self.words <= 12 and date_shapes().issue.search(self.text):
            return True
        shapes = date_shapes()
        if self.words <= 25 and bool(shapes.byline.match(self.text)) and bool(shapes.dateish.search(self.text)):
            return True
        # "Publié: 09.11.2023, 18h34", "Rédigé par S. Perrin le jeudi 10 octobre 2024 à 11:32"
        return (self.words <= TUNED.byline_max_words and bool(_PUBLISHED.search(self.text))
                and bool(date_shapes().dateish.search(self.text)))

    @property
    def byline_shaped(self) -> bool:
        """A short line around a full date that is the page's date line, not a sentence: the date comes with a
        time, a separator or a publication verb ("Hugo Lemercier · 21 juin 2022 à 09:12", "Le 05/10/2023 à
        05:30", "Newsletter n° 34 – 28.08.2023"). Read as a byline only near the headline."""
        if self.byline:
            return True
        if self.words > TUNED.byline_max_words or not date_shapes().dateish.search(self.text) or self.prose:
            return False
        return bool(_TIME.search(self.text) or _SEPARATOR.search(self.text) or _PUBLISHED.search(self.text)
                    or self.words <= TUNED.bare_date_words)

    @property
    def title_like(self) -> bool:
        return (TUNED.title_min_words <= self.words <= TUNED.title_max_words and self.marker is None and not self.bullet
                and not self.teaser and not self.byline_shaped and not _BREADCRUMB.search(_QUOTE.sub("", self.text))
                and not self.text.endswith(":") and not self.repeated and not self.reference)

    @property
    def reference(self) -> bool:
        """A short line around a full date: a court decision or report reference, a dateline."""
        return self.words <= 12 and bool(date_shapes().dateish.search(self.text))


@dataclass(slots=True)
class TextCleaning:
    title: str | None
    byline: str | None
    text: str
    decisions: list[LineDecision]
    url: str | None = None  # from a scraper's metadata line ("url: https://...")
    date: str | None = None  # from a scraper's metadata line (" date 2024-02")


def clean_text(content: str, models_dir: Path, memory: LineMemory | None = None) -> TextCleaning:
    """Split a text dump into title, byline and article body, with a decision for every line."""
    raw_lines = visible_text(content).split("\n")
    byline_prefix: str | None = None
    metadata: dict[str, str] = {}
    lines: list[Line] = []
    for index, raw in enumerate(raw_lines):
        text = collapse_spaces(raw)
        if not text:
            continue
        if index < METADATA_LINES and (found := _metadata_line(text)):  # the scraper's own lines
            metadata.setdefault(*found)
            lines.append(describe_line(index, raw, text, models_dir, memory))
            continue
        if not lines:  # " date 2020-05 Zoom a fait ..." : a date glued before the first line
            match = _DATE_PREFIX.match(text)
            if match and len(text) - match.end() > 20:
                byline_prefix = match.group(0).strip()
                text = text[match.end():]
        lines.append(describe_line(index, raw, text, models_dir, memory))
    decisions = {line.index: LineDecision(line.text, False, "boilerplate", "before the article") for line in lines}
    start = _core_start(lines)
    url, date = metadata.get("url"), metadata.get("date")
    for line in lines:
        if line.index < METADATA_LINES and _metadata_line(line.text):
            decisions[line.index] = LineDecision(line.text, False, "byline", "scraper metadata line")
    if start is None:
        return TextCleaning(None, byline_prefix, "", _ordered(decisions, raw_lines), url, date)
    title, byline, start = _title_and_byline(lines, start, decisions)
    title = metadata.get("title") or title
    kept = _read_core(lines, start, decisions)
    byline = byline or byline_prefix
    body = "\n\n".join(line.text if not line.bullet else strip_bullet(line.text) for line in kept)
    return TextCleaning(title, byline, body, _ordered(decisions, raw_lines), url, date)


def _metadata_line(text: str) -> tuple[str, str] | None:
    """('url', ...) or ('date', ...) for a scraper's line with a URL or an ISO date; ('title', ...) and the
    like for its text fields ("title Cyberattaques : ...")."""
    found = _METADATA.match(text)
    if not found:
        return None
    key, value = found.group(1).lower(), found.group(2).strip()
    if key == "url" and not value.startswith("http"):
        return None
    if key == "date" and not _ISO_DATE.match(value):
        return None
    if key not in ("url", "date") and (text[:1].isupper() or len(value.split()) > TUNED.title_max_words):
        return None  # "Title" opening a sentence is no scraper field: those are written in lower case
    return key, value


def describe_line(index: int, raw: str, text: str, models_dir: Path, memory: LineMemory | None,
                  bullet: bool | None = None) -> Line:
    """The signals of one line (``raw`` keeps its indentation and bullet, ``text`` is collapsed)."""
    tokens = words(text)
    bullet = is_bullet(raw) if bullet is None else bullet
    content = strip_bullet(text) if bullet else text
    repeated = bool(memory is not None and len(tokens) <= REPEAT_MAX_WORDS
                    and memory.other_documents(fold(content)) >= REPEAT_MIN_DOCS)
    return Line(index=index, raw=raw, text=text, words=len(tokens),
                stop_ratio=stopword_ratio(tokens, stopwords(models_dir)), sentence_end=ends_sentence(content),
                bullet=bullet, teaser=is_teaser(content), marker=marker_table(models_dir).match(content),
                repeated=repeated, inline_list=inline_list(content), reply=is_reply(content),
                signal=furniture_signal(content, signal_words(models_dir)))


def _core_start(lines: list[Line]) -> int | None:
    """Position (in ``lines``) of the first prose line that opens a run of prose."""
    prose = [i for i, line in enumerate(lines) if line.prose and not line.bullet and not line.repeated]
    for rank, i in enumerate(prose):
        following = prose[rank + 1] if rank + 1 < len(prose) else None
        opens_run = lines[i].words >= TUNED.long_prose_words or (following is not None and following - i <= 6)
        if opens_run and not _inside_closing_section(lines, i):
            return i
    return prose[0] if prose else None


def _inside_closing_section(lines: list[Line], position: int) -> bool:
    """A prose line right under an 'end' heading near the top is a teaser of a ticker, not the article."""
    for back in range(position - 1, max(position - 4, -1), -1):
        marker = lines[back].marker
        if marker is not None and marker.kind in (*CLOSING, "aside") and not lines[back].byline_shaped:
            return True  # (a dated line such as "Newsletter n° 34 – 28.08.2023" is the issue's byline)
        if lines[back].prose:
            return False
    return False


def _title_and_byline(lines: list[Line], start: int,
                      decisions: dict[int, LineDecision]) -> tuple[str | None, str | None, int]:
    """The headline and the byline around the core start, and the (possibly moved) core start."""
    bylines: list[Line] = []
    candidates: list[Line] = []  # title-like lines above the core, nearest first
    for back in range(start - 1, max(start - TUNED.title_lookback, -1) - 1, -1):
        line = lines[back]
        if line.byline_shaped:
            bylines.append(line)
            decisions[line.index] = LineDecision(line.text, False, "byline", "byline/date line (metadata)")
        elif line.title_like and not line.prose:
            candidates.append(line)
    headline = _pick_headline(candidates, bylines, {line.index: rank for rank, line in enumerate(lines)})
    title = headline.text if headline is not None else None
    if headline is not None:
        decisions[headline.index] = LineDecision(headline.text, False, "title", "headline above the article")
    floor = headline.index if headline is not None else lines[max(start - TUNED.byline_lookback, 0)].index - 1
    for line in [line for line in bylines if line.index < floor and not _PUBLISHED.search(line.text)]:
        bylines.remove(line)  # a date in the site header is not a byline, unless it says "publié"
        decisions[line.index] = LineDecision(line.text, False, "boilerplate", "before the article")
    if title is None and _headline_at_start(lines, start):
        title = lines[start].text
        decisions[lines[start].index] = LineDecision(title, False, "title", "headline opening the page")
        start += 1
    for line in lines[start:start + BYLINE_BELOW]:  # bylines printed under the lead ("Publié le ...", "Mis à jour")
        if line.byline_shaped:
            bylines.append(line)
            decisions[line.index] = LineDecision(line.text, False, "byline", "byline/date line (metadata)")
    return title, _byline_text(bylines), start


def _pick_headline(candidates: list[Line], bylines: list[Line], rank: dict[int, int]) -> Line | None:
    """The headline among the title-like lines above the core (nearest first): the one just above the
    byline when there is a byline up there (headline, byline, then the article, also in live blogs whose
    first entry has its own heading), else the nearest line long enough for a headline (a rubric or
    kicker such as "Grand format · Vie privée" sits above it), else the nearest."""
    for byline in sorted(bylines, key=lambda line: -line.index):
        top = rank[byline.index]
        above = [line for line in candidates if top - TUNED.byline_title_gap <= rank[line.index] < top]
        if above:
            return next((line for line in above if _headline_shaped(line)), above[0])
    near = [line for line in candidates if rank[line.index] >= rank[candidates[0].index] - TUNED.title_near]
    return next((line for line in near if _headline_shaped(line)), candidates[0] if candidates else None)


def _headline_shaped(line: Line) -> bool:
    """Long enough for a headline and not a spec or price line ("Prix : CHF 449.– (128 Go)")."""
    tokens = words(line.text)
    digits = sum(1 for token in tokens if any(ch.isdigit() for ch in token))
    return line.words >= TUNED.headline_min_words and digits <= TUNED.headline_max_digit_share * len(tokens)


def _byline_text(bylines: list[Line]) -> str | None:
    """The byline lines in page order, an update line ("Mis à jour le ...") after the others, so that the
    first date in the text is the publication date."""
    ordered = sorted(bylines, key=lambda line: (fold(line.text).startswith(_UPDATED), line.index))
    return " | ".join(line.text for line in ordered) or None


def _headline_at_start(lines: list[Line], start: int) -> bool:
    """The first prose-like line is a headline when it is short, has no final full stop, and prose
    follows it ("Toyota : les données client en libre accès depuis 10 ans, “une erreur humaine”")."""
    line = lines[start]
    if line.words > TUNED.headline_max_words or line.text.rstrip().endswith((".", "…", ";", ":")) or ". " in line.text:
        return False
    following = next((other for other in lines[start + 1:] if not other.byline and other.marker is None), None)
    return following is not None and following.prose and not line.bullet


def _read_core(lines: list[Line], start: int, decisions: dict[int, LineDecision]) -> list[Line]:
    kept: list[Line] = []
    in_aside = False
    position = start
    while position < len(lines):
        line = lines[position]
        position += 1
        if decisions[line.index].role == "byline":
            continue
        marker = _marker_in_context(lines, position, kept)
        if marker is not None and marker.kind == COUNTER:
            decisions[line.index] = LineDecision(line.text, False, "boilerplate", f"furniture: {marker.phrase}")
            continue
        if kept and marker is not None and marker.kind == "end" and _article_resumes(lines, position):
            in_aside = True  # "Sur le même sujet" inside the body: a teaser block, the article goes on below it
            decisions[line.index] = LineDecision(line.text, False, "boilerplate", f"teaser block: {marker.phrase}")
            continue
        if kept and ((marker is not None and marker.kind in CLOSING) or _comments_begin(lines, position - 1)):
            marker = marker or Marker("comment header", "pattern", "end")
            decisions[line.index] = LineDecision(line.text, False, "boilerplate", f"closing section: {marker.phrase}")
            for rest in lines[position:]:
                decisions[rest.index] = LineDecision(rest.text, False, "boilerplate", "after the article")
            break
        if marker is not None and marker.kind == "aside":
            in_aside = not _has_content_after_colon(line.text)
            decisions[line.index] = LineDecision(line.text, False, "boilerplate", f"teaser block: {marker.phrase}")
            continue
        if marker is not None:
            decisions[line.index] = LineDecision(line.text, False, "boilerplate", f"furniture: {marker.phrase}")
            continue
        if line.signal is not None:
            decisions[line.index] = LineDecision(line.text, False, "boilerplate", f"furniture signal: {line.signal}")
            continue
        if line.repeated and not (line.prose and line.words >= TUNED.long_prose_words):
            decisions[line.index] = LineDecision(line.text, False, "boilerplate", "repeated on other pages")
            continue
        if line.prose:
            if in_aside and not resumes_after_aside(line):
                decisions[line.index] = LineDecision(line.text, False, "boilerplate", "teaser under 'À lire aussi'")
                continue
            in_aside = False
            kept.append(line)
            decisions[line.index] = LineDecision(line.text, True, "body", "prose")
            continue
        reason = _short_line_kept(lines, position - 1, kept, in_aside)
        if reason is not None:
            in_aside = False
            kept.append(line)
            decisions[line.index] = LineDecision(line.text, True, "body", reason)
            continue
        reason = "teaser" if line.teaser else "short line outside prose"
        decisions[line.index] = LineDecision(line.text, False, "boilerplate", reason)
    return kept


def _marker_in_context(lines: list[Line], position: int, kept: list[Line]) -> Marker | None:
    """The marker of the line just read (``position`` is past it), read in its context: a count heading in a
    table of contents ("5 Réactions" under "4 Enquêtes et procédures") is none, and a comments heading
    before much of the article ("3 commentaires" beside the byline) is a counter, not the comments."""
    marker = lines[position - 1].marker
    if marker is None:
        return None
    if marker.match == "pattern" and position >= 2 and _numbered(lines[position - 2]):
        return None
    if marker.kind == "comments" and sum(line.words for line in kept) < TUNED.comments_after_words:
        return Marker(marker.phrase, marker.match, COUNTER)
    return marker


def _article_resumes(lines: list[Line], position: int) -> bool:
    """After a closing heading, a long paragraph within a few lines (past the teasers' headlines) means the
    article goes on: the heading opened a teaser block inside the body, not the end of the page."""
    for line in lines[position:position + TUNED.resume_lookahead]:
        if (line.marker is not None and line.marker.kind in (*CLOSING, "aside")) or _comment_header(line):
            return False
        if line.prose and line.words >= TUNED.resume_words and not line.reply and not line.teaser:
            return True
    return False


def _comments_begin(lines: list[Line], position: int) -> bool:
    """A comment header that another one follows closely: the comments begin. A lone date-and-time line
    inside the article ("Mis à jour: 09.11.2023, 21h02" under the lead) ends nothing."""
    if not _comment_header(lines[position]):
        return False
    return any(_comment_header(line) for line in lines[position + 1:position + 1 + TUNED.comment_confirm])


def _comment_header(line: Line) -> bool:
    """'Julie — 17 octobre 2024 à 08:12' inside the page: a comment's author and time, the comments begin."""
    if line.prose or line.words > TUNED.comment_header_max_words or line.byline:
        return False
    if line.words <= TUNED.relative_header_words and _RELATIVE_TIME.search(line.text):
        return True  # "gwen29 il y a 2 heures"
    return bool(date_shapes().dateish.search(line.text)) and bool(_TIME.search(line.text))


def resumes_after_aside(line: Line) -> bool:
    """Under "À lire aussi", a paragraph resumes the article; list items and headlines do not."""
    return line.prose and not line.bullet and (
        line.words >= ASIDE_EXIT_WORDS or line.text.rstrip().endswith((".", ".»", ". »", ".)")))


def _subheading(lines: list[Line], position: int, kept: list[Line], in_aside: bool = False) -> bool:
    """A short line the article's prose follows: a sub-heading ("Pourquoi deux amendes ?", AFP's "- Les
    hôpitaux toujours visés -"), or an item of a list the prose introduced. Under "À lire aussi", only a
    short heading-shaped line right before the prose that resumes the article."""
    line = lines[position]
    if line.teaser or line.repeated or line.inline_list or not kept:
        return False
    nxt = lines[position + 1] if position + 1 < len(lines) else None
    if position >= 2 and all(_dropped_headline(lines[i], kept) for i in (position - 1, position - 2)):
        return False  # the last of a list of headlines ("Les + lus"), not a sub-heading of the article
    if line.bullet and not _intertitle(line.text):  # an item of a list the prose introduced, contiguous
        follows = position > 0 and lines[position - 1] is kept[-1]
        return line.words >= 1 and follows and (kept[-1].text.rstrip().endswith(":") or kept[-1].bullet)
    if nxt is None or nxt.marker is not None or line.words > TUNED.title_max_words:
        return False
    introduces = nxt.words >= TUNED.prose_min_words and nxt.text.rstrip().endswith(":")  # "GeoPulse devra :"
    if in_aside:
        return (resumes_after_aside(nxt) and line.words <= ASIDE_HEADING_WORDS and ":" not in line.text
                and not date_shapes().dateish.search(line.text))
    if nxt.prose or introduces:
        return True
    # a section heading over a sub-heading: "Trois questions au coordinateur" over "Pourquoi un exercice ?",
    # "Ce que les membres doivent faire" over "Maple Crest conseille aux membres :", then the prose
    after = lines[position + 2] if position + 2 < len(lines) else None
    return (after is not None and after.prose and _heading_shaped(nxt) and _heading_shaped(line)
            and nxt.text.rstrip().endswith(("?", ":")) and not line.text.rstrip().endswith(("?", ":", "!")))


def _heading_shaped(line: Line) -> bool:
    """A short line that can head a section: no marker, no teaser, no date, not a list of items."""
    return (line.marker is None and line.signal is None and not line.teaser and not line.repeated
            and not line.inline_list and not line.bullet and line.words <= TUNED.title_max_words
            and not date_shapes().dateish.search(line.text))


def _short_line_kept(lines: list[Line], position: int, kept: list[Line], in_aside: bool) -> str | None:
    """Why a short line outside the prose is the article's, or None."""
    if not in_aside and _continues_prose(lines, position, kept):
        return "short sentence after the prose"
    if _subheading(lines, position, kept, in_aside):
        return "sub-heading of the prose below"
    return None


def _continues_prose(lines: list[Line], position: int, kept: list[Line]) -> bool:
    """A one-sentence paragraph right after the article's prose ("Inutile, en principe, de changer de
    compte."): a short statement with the function words of prose, not a teaser (nor a question: teasers ask)."""
    line = lines[position]
    return (bool(kept) and position > 0 and lines[position - 1] is kept[-1] and kept[-1].prose
            and line.text.rstrip().endswith((".", "!", "…")) and line.words >= TUNED.short_sentence_words
            and not line.teaser
            and not line.repeated and not line.bullet and line.stop_ratio >= TUNED.prose_min_stopwords)


def _numbered(line: Line) -> bool:
    return bool(_NUMBERED.match(line.text))


def _dropped_headline(line: Line, kept: list[Line]) -> bool:
    """A headline-shaped line the article did not keep (one of a list of other stories' headlines)."""
    return (line not in kept and line.marker is None and line.signal is None and not line.byline_shaped
            and not line.prose and TEASER_MIN_WORDS <= line.words <= TUNED.title_max_words)


def _intertitle(text: str) -> bool:
    """'- Les hôpitaux toujours visés -': a heading between dashes (wire copy), not a list item."""
    stripped = text.strip()
    return len(stripped) > 4 and stripped[0] in "-–—" and stripped[-1] in "-–—"


def _has_content_after_colon(text: str) -> bool:
    """'À lire aussi : Meta écope ...', 'Lire aussi >> Les startups ...' are one-line teasers; 'À lire aussi'
    alone opens a block."""
    parts = _TEASER_SEPARATOR.split(text, maxsplit=1)
    return len(parts) == 2 and bool(parts[1].strip())


def _ordered(decisions: dict[int, LineDecision], raw_lines: list[str]) -> list[LineDecision]:
    return [decisions[i] for i in sorted(decisions)]
