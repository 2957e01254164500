"""A linear scorer over named features, its logistic fit, and its file under ``models/classifiers/``.

A :class:`LinearModel` turns a ``{feature name: value}`` mapping into a logit: features are centred (and
scaled, in files that give a scale) with the training statistics, weighted, and summed with the bias.
Extractors build the features; the model only weighs them. The weights come either from a fit on the development corpus
(:func:`fit_logistic`, run by :mod:`pipeline.learn.train`) or from a hand-written file of the same format,
so rules and learned weights are swapped by pointing the config at another file.

    >>> model = LinearModel("toy", ("a", "b"), weights=(2.0, -1.0), bias=0.5)
    >>> round(model.logit({"a": 1.0, "b": 3.0}), 3), round(model.probability({"a": 1.0}), 3)
    (-0.5, 0.924)
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy

NEWTON_STEPS = 60


@dataclass(frozen=True, slots=True)
class LinearModel:
    name: str
    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...] = ()
    scale: tuple[float, ...] = ()
    threshold: float = 0.5
    about: dict[str, Any] = field(default_factory=dict)  # how it was made: data, figures, settings

    def logit(self, values: Mapping[str, float]) -> float:
        """Bias + weighted sum of the standardised features (a missing feature is 0 before scaling)."""
        total = self.bias
        for position, name in enumerate(self.features):
            value = float(values.get(name, 0.0))
            if self.mean:
                value = self._standardise(value, position)
            total += self.weights[position] * value
        return total

    def _standardise(self, value: float, position: int) -> float:
        return (value - self.mean[position]) / self.scale[position]

    def probability(self, values: Mapping[str, float]) -> float:
        logit = max(min(self.logit(values), 50.0), -50.0)
        return 1.0 / (1.0 + math.exp(-logit))

    def decide(self, values: Mapping[str, float]) -> bool:
        return self.probability(values) >= self.threshold

    def contributions(self, values: Mapping[str, float]) -> dict[str, float]:
        """Each feature's share of the logit (what ``--explain`` and evidence show)."""
        found = {}
        for position, name in enumerate(self.features):
            value = float(values.get(name, 0.0))
            if self.mean:
                value = self._standardise(value, position)
            found[name] = round(self.weights[position] * value, 4)
        return found

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1) + "\n"


def read_model(path: Path) -> LinearModel:
    """A model file written by :meth:`LinearModel.to_json`."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    for key in ("features", "weights", "mean", "scale"):
        data[key] = tuple(data.get(key, ()))
    model = LinearModel(**data)
    if len(model.weights) != len(model.features) or (model.mean and len(model.mean) != len(model.features)):
        raise ValueError(f"{path}: {len(model.features)} features but {len(model.weights)} weights")
    return model


def fit_logistic(rows: Sequence[Mapping[str, float]], labels: Sequence[int], features: Sequence[str],
                 l2: float, name: str, threshold: float = 0.5, about: dict[str, Any] | None = None,
                 shrink: Mapping[str, float] | None = None, scaled: bool = False) -> LinearModel:
    """L2-regularised logistic regression by Newton's method (deterministic). Features are centred; they
    are scaled to unit variance only when ``scaled`` (page features of unlike ranges): candidate features
    lie in [0, 1], and scaling would free a rare indicator (a data type's prior) from the penalty.
    ``shrink`` multiplies the penalty of some features (priors shrunk harder than evidence).

    >>> rows = [{"x": v} for v in (0.0, 1.0, 2.0, 3.0)]
    >>> model = fit_logistic(rows, [0, 0, 1, 1], ["x"], l2=0.1, name="toy")
    >>> [model.decide(r) for r in rows]
    [False, False, True, True]
    """
    matrix = numpy.array([[float(row.get(f, 0.0)) for f in features] for row in rows], dtype=float)
    target = numpy.array(labels, dtype=float)
    mean = matrix.mean(axis=0)
    scale = matrix.std(axis=0) if scaled else numpy.ones(len(features))
    scale[scale == 0] = 1.0
    penalties = numpy.array([l2 * (shrink or {}).get(f, 1.0) for f in features], dtype=float)
    weights, bias = _newton((matrix - mean) / scale, target, penalties)
    return LinearModel(name, tuple(features), tuple(round(float(w), 6) for w in weights), round(float(bias), 6),
                       tuple(round(float(m), 6) for m in mean), tuple(round(float(s), 6) for s in scale),
                       threshold, about or {})


def _newton(matrix: numpy.ndarray, target: numpy.ndarray, penalties: numpy.ndarray) -> tuple[numpy.ndarray, float]:
    design = numpy.hstack([matrix, numpy.ones((len(matrix), 1))])
    penalty = numpy.diag(numpy.append(penalties, 0.0))  # the bias is not shrunk
    coef = numpy.zeros(design.shape[1])
    for _ in range(NEWTON_STEPS):
        prob = 1.0 / (1.0 + numpy.exp(-numpy.clip(design @ coef, -50, 50)))
        gradient = design.T @ (prob - target) + penalty @ coef
        hessian = design.T @ (design * (prob * (1 - prob))[:, None]) + penalty
        step = numpy.linalg.solve(hessian, gradient)
        coef -= step
        if numpy.abs(step).max() < 1e-9:
            break
    return coef[:-1], float(coef[-1])
