"""The common shape of the field extractors: one signature, one result type.

Every extractor is a function ``(page: Page) -> FieldResult``. :class:`Page` is what an extractor may
read: the annotated document (:class:`~pipeline.extract.context.DocContext`), the record filled so far
(the publication date, the companies), the scope of the incident and the run's scorers; the result is
the field's value, its evidence, the candidates the scorer weighed (for training and ``--explain``), and
the other record fields the extractor fills (``companies`` beside ``company``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from pipeline.extract.context import DocContext
from pipeline.learn.linear import LinearModel
from pipeline.record import Evidence, Record
from pipeline.resources import classifier
from pipeline.settings import Options

if TYPE_CHECKING:  # scope reads the incident cues, whose extractor returns a FieldResult
    from pipeline.extract.scope import Scope


@dataclass(slots=True)
class FieldResult:
    value: Any
    evidence: list[Evidence] = field(default_factory=list)
    candidates: list[Any] = field(default_factory=list)
    more: dict[str, tuple[Any, list[Evidence]]] = field(default_factory=dict)  # other fields: (value, evidence)


@dataclass
class Page:
    """What the extractors of one page read."""

    ctx: DocContext
    record: Record
    options: Options
    authorities: list[str] = field(default_factory=list)

    def model(self, setting: str) -> LinearModel:
        """The scorer the config names in ``[extract]`` under ``setting`` (``company_model`` ...)."""
        return classifier(getattr(self.options.extract, setting), self.options.models_dir)

    @cached_property
    def scope(self) -> Scope:
        """Which sentences speak of this incident (needs the companies: read after the company field)."""
        from pipeline.extract.scope import incident_scope

        return incident_scope(self.ctx, self.record.companies, self.record.date)
