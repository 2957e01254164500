"""Which sentences speak of *this* incident: the scope the field extractors read.

A page about an incident also gives advice, background on other incidents, general statements and
scenarios. Every sentence gets one kind:

- ``title``: the headline;
- ``other``: another incident or an earlier one — a cue says so ("pour rappel", "avait déjà", "ce n'est
  pas la première fois"), or the sentence names another organisation and none of ours while it dates
  its facts two years or more before publication or tells them in the pluperfect ("En 2021, la commune
  voisine avait vu ses données publiées");
- ``general``: a general statement or a definition ("les rançongiciels, de plus en plus fréquents");
- ``advice``: advice, risk talk and imperatives ("Changez vos mots de passe");
- ``fiction``: a scenario or an exercise;
- ``incident``: everything else (the event, its details, reactions).

A kind other than ``incident`` carries on to the following sentences of the same paragraph that do not
name one of our organisations, and a sub-heading of such a kind ("Que faire ?", "Un précédent") to its
section. Extractors read fields from :meth:`Scope.reads` sentences only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span

from pipeline.extract.context import DocContext
from pipeline.extract.incident import opens_with_imperative
from pipeline.extract.tense import pluperfect
from pipeline.normalize.names import name_key
from pipeline.resources import tunables

TUNED = tunables("scope")  # [tuning.scope] of models/config.toml

TITLE, INCIDENT, OTHER, GENERAL, ADVICE, FICTION = "title", "incident", "other", "general", "advice", "fiction"
CUE_KINDS = (("OTHER_INCIDENT", OTHER), ("FICTION", FICTION), ("ADVICE", ADVICE), ("RISK", ADVICE),
             ("GENERIC", GENERAL), ("DEFINITION", GENERAL))
TIME_WORD = "when"  # id of the OTHER_INCIDENT cues that only place facts in the past
RECALL = "recall"  # id of the OTHER_INCIDENT cues that recall earlier facts, of this incident or another
CARRIED = frozenset({OTHER, ADVICE, FICTION})  # kinds that carry on to the next sentences (not a general remark)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(frozen=True, slots=True)
class Scope:
    kinds: tuple[str, ...]  # one per sentence of the DocContext

    def reads(self, index: int) -> bool:
        """The sentence may give a field of this incident."""
        return self.kinds[index] in (TITLE, INCIDENT)

    def kind(self, index: int) -> str:
        return self.kinds[index]


def incident_scope(ctx: DocContext, companies: Sequence[str], publication_date: str | None) -> Scope:
    """The kind of every sentence of the page (computed once per document)."""
    return ctx.memo(("scope", tuple(companies), publication_date),
                    lambda: _scope(ctx, companies, publication_date))


def _scope(ctx: DocContext, companies: Sequence[str], publication_date: str | None) -> Scope:
    ours = [key for key in (name_key(c) for c in companies) if key]
    own = [_kind(ctx, i, ours, publication_date) for i in range(len(ctx.sentences))]
    kinds = list(own)
    inherited: str | None = None  # the kind a sub-heading gives its section
    for paragraph in _paragraphs(ctx):
        if _heading(ctx, paragraph):
            inherited = own[paragraph[0]] if own[paragraph[0]] in CARRIED else None
            continue
        if any(_names_ours(ctx, i, ours) for i in paragraph):
            inherited = None  # the section comes back to our organisation
        carried = inherited
        for index in paragraph:
            if kinds[index] == TITLE or index in ctx.lead_indices:
                continue
            if own[index] != INCIDENT:
                carried = own[index] if own[index] in CARRIED else carried
            elif carried is not None and not _names_ours(ctx, index, ours):
                kinds[index] = carried
            else:
                carried = None  # the paragraph comes back to our organisation
    return Scope(tuple(kinds))


def _kind(ctx: DocContext, index: int, ours: list[str], publication_date: str | None) -> str:
    if index in ctx.title_indices:
        return TITLE
    sentence = ctx.sentences[index]
    lead = index in ctx.lead_indices
    for label, kind in CUE_KINDS:
        if lead and kind in (OTHER, GENERAL):
            continue  # the lead tells the news; a comparison in it does not make it background
        cues = ctx.cues(index, label)
        if kind == OTHER and cues and not _another_incident(ctx, index, cues, ours):
            continue
        if cues:
            return kind
    if opens_with_imperative(sentence):
        return ADVICE
    if (not _names_ours(ctx, index, ours) and _names_other(ctx, index, ours)
            and (pluperfect(sentence) or _old(ctx, sentence, publication_date))):
        return OTHER
    return INCIDENT


def _another_incident(ctx: DocContext, index: int, cues: list, ours: list[str]) -> bool:
    """Whether OTHER_INCIDENT cues make the sentence another incident: a time word only in a sentence told in
    the pluperfect ("un document d'une opération de l'an dernier" is a date), a recall only when the sentence
    names another organisation and none of ours ("Rappelons les faits : un employé a extrait ...")."""
    sentence = ctx.sentences[index]
    for cue in cues:
        if cue.span.id_ == TIME_WORD:
            if pluperfect(sentence):
                return True
        elif cue.span.id_ == RECALL:
            if not _names_ours(ctx, index, ours) and _names_other(ctx, index, ours):
                return True
        else:
            return True
    return False


def _names_ours(ctx: DocContext, index: int, ours: list[str]) -> bool:
    return bool(ours) and ctx.mentions_any(index, ours)


def _names_other(ctx: DocContext, index: int, ours: list[str]) -> bool:
    """The sentence names an organisation that is none of ours."""
    return any(not any(key in name_key(name) or name_key(name) in key for key in ours)
               for name in ctx.organisations(index))


def _old(ctx: DocContext, sentence: Span, publication_date: str | None) -> bool:
    if not publication_date:
        return False
    limit = int(publication_date[:4]) - TUNED.old_years
    return any(int(year) <= limit for year in _YEAR.findall(sentence.text))


def _paragraphs(ctx: DocContext) -> list[list[int]]:
    """Sentence indices grouped by paragraph (blank-line separated blocks of the body; the title alone)."""
    groups: list[list[int]] = []
    text = ctx.text
    previous_end = 0  # end of the last word of the previous sentence (its trailing line breaks excluded)
    for index, sentence in enumerate(ctx.sentences):
        new_block = "\n\n" in text[previous_end:sentence.start_char] or index in ctx.title_indices
        if not groups or new_block or groups[-1][-1] in ctx.title_indices:
            groups.append([index])
        else:
            groups[-1].append(index)
        last = next((t for t in reversed(sentence) if not t.is_space), sentence[-1])
        previous_end = last.idx + len(last.text)
    return groups


def _heading(ctx: DocContext, paragraph: list[int]) -> bool:
    """A sub-heading: a paragraph of one short sentence that does not end like prose."""
    if len(paragraph) != 1 or paragraph[0] in ctx.title_indices:
        return False
    sentence = ctx.sentences[paragraph[0]]
    words = sum(1 for t in sentence if t.is_alpha)
    return 0 < words <= TUNED.heading_max_words and not sentence.text.rstrip().endswith((".", "»", "…", ";", ","))
