"""Rule candidates scored by a linear model: the shape every single-valued extractor shares.

An extractor proposes :class:`Candidate` values (a victim count, a date), each with the span that
justifies it and the features of its context; :func:`pick` keeps the best-scored one, or none when even
the best is below the model's threshold (precision first: a single-valued field is better empty than
wrong). The model is a :class:`~pipeline.learn.linear.LinearModel`: hand-set weights or a logistic fit
on the development corpus (:mod:`pipeline.learn.train`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span

from pipeline.learn.linear import LinearModel


@dataclass(slots=True)
class Candidate:
    value: Any
    span: Span
    features: dict[str, float] = field(default_factory=dict)
    score: float = 0.0  # the model's probability, set by :func:`score`
    extra: list[Span] = field(default_factory=list)  # further evidence spans (a code named several times)


def score(candidates: Sequence[Candidate], model: LinearModel) -> None:
    for candidate in candidates:
        candidate.score = model.probability(candidate.features)


def pick(candidates: Sequence[Candidate], model: LinearModel) -> Candidate | None:
    """The best-scored candidate (the earliest of equals), if its probability reaches the model's threshold."""
    score(candidates, model)
    best = max(candidates, key=lambda c: (c.score, -c.span.start), default=None)
    return best if best is not None and best.score >= model.threshold else None
