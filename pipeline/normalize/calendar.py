"""The French calendar words of ``models/lexicons/calendar.tsv``, the one list every module reads.

Month names (full, without accents, abbreviated with or without their dot) with their number, weekday
names, the words that open a date ("en", "depuis", "fin") and whole relative expressions ("hier"). The
regular expressions other modules build on months and weekdays come from here too.

    >>> cal = calendar()
    >>> cal.months["août"], cal.months["aout"], cal.months["déc."], cal.months["dec"], cal.weekdays[0]
    (8, 8, 12, 12, 'lundi')
    >>> import re
    >>> bool(re.fullmatch(cal.month_pattern, "sept.")), bool(re.fullmatch(cal.month_pattern, "septembre"))
    (True, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.resources import lexicon, per_models_dir


@dataclass(frozen=True, slots=True)
class Calendar:
    months: dict[str, int]  # every month word -> 1-12 (abbreviations with and without their dot)
    weekdays: tuple[str, ...]  # Monday first
    leads: tuple[str, ...]
    relatives: tuple[str, ...]

    @property
    def month_words(self) -> tuple[str, ...]:
        """Every month word, abbreviations with and without their dot: the date ruler matches them token by
        token, and the tokenizer keeps the dot of some abbreviations ("janv.") and splits it from others."""
        return tuple(self.months)

    @property
    def month_pattern(self) -> str:
        """A regex alternation of the month words, longest first (an abbreviation's dot optional)."""
        stems = sorted({word.rstrip(".") for word in self.months}, key=len, reverse=True)
        return "(?:" + "|".join(re.escape(stem) + (r"\.?" if stem + "." in self.months else "") for stem in stems) + ")"

    @property
    def weekday_pattern(self) -> str:
        return "(?:" + "|".join(self.weekdays) + ")"


@per_models_dir
def calendar() -> Calendar:
    months: dict[str, int] = {}
    weekdays: dict[int, str] = {}
    leads: list[str] = []
    relatives: list[str] = []
    for row in lexicon("calendar.tsv"):
        word, kind = row[0], row[1]
        if kind == "month":
            months[word] = int(row[2])
            if word.endswith("."):
                months.setdefault(word[:-1], int(row[2]))
        elif kind == "weekday":
            weekdays[int(row[2])] = word
        elif kind == "lead":
            leads.append(word)
        elif kind == "relative":
            relatives.append(word)
    return Calendar(months, tuple(weekdays[n] for n in sorted(weekdays)), tuple(leads), tuple(relatives))
