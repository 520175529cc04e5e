"""Agreement metrics between human labels and grader output: pure functions, standard library only.

Conventions (documented here because reports and gates depend on them):
- Pairs are `(human, grader)`; levels are the rubric's ordinal categories 0/1/2. Callers drop pairs where
  either side is not applicable (None) before calling.
- A metric that is undefined returns None, never a made-up 0 or 1: the report shows "—" and a gate on it is
  reported as "skipped" with the reason. Undefined cases:
  * any metric of an empty list of pairs;
  * Cohen's kappa (weighted or not) when both raters put every item in the same single category: observed
    and chance agreement are both total, so kappa = 0/0. (When only one rater is constant kappa is defined
    and is 0 or below: agreement is no better than chance.)
  * precision with no predicted positives (tp + fp = 0), recall with no actual positives (tp + fn = 0);
    F1 when precision or recall is undefined. F1 is 0.0 when both are 0.
- Mean signed error is grader minus human: positive means the grader is more lenient than the humans.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Callable, Optional, Sequence, TypeVar

LEVELS: tuple[int, ...] = (0, 1, 2)
Pair = tuple[int, int]
T = TypeVar("T")


def exact_agreement(pairs: Sequence[Pair]) -> Optional[float]:
    if not pairs:
        return None
    return sum(1 for human, grader in pairs if human == grader) / len(pairs)


def within_one_agreement(pairs: Sequence[Pair]) -> Optional[float]:
    if not pairs:
        return None
    return sum(1 for human, grader in pairs if abs(human - grader) <= 1) / len(pairs)


def mean_absolute_error(pairs: Sequence[Pair]) -> Optional[float]:
    if not pairs:
        return None
    return sum(abs(grader - human) for human, grader in pairs) / len(pairs)


def mean_signed_error(pairs: Sequence[Pair]) -> Optional[float]:
    """Grader minus human, averaged: > 0 lenient grader, < 0 strict grader."""
    if not pairs:
        return None
    return sum(grader - human for human, grader in pairs) / len(pairs)


def cohen_kappa(pairs: Sequence[Pair], categories: Sequence[int] = LEVELS, weights: str = "none") -> Optional[float]:
    """Cohen's kappa; `weights` is "none" (unweighted), "linear" or "quadratic".

    kappa = 1 - sum(w * observed) / sum(w * expected), with disagreement weights w_ij = 0 on the diagonal and
    1 (none), |i-j|/(k-1) (linear) or ((i-j)/(k-1))^2 (quadratic) elsewhere; expected counts come from the
    two raters' marginals. For "none" this equals the textbook (p_o - p_e) / (1 - p_e).
    """
    if not pairs:
        return None
    index = {category: position for position, category in enumerate(categories)}
    for human, grader in pairs:
        if human not in index or grader not in index:
            raise ValueError(f"level outside categories {tuple(categories)}: ({human}, {grader})")
    size = len(categories)
    observed = [[0.0] * size for _ in range(size)]
    for human, grader in pairs:
        observed[index[human]][index[grader]] += 1
    total = float(len(pairs))
    human_margin = [sum(row) for row in observed]
    grader_margin = [sum(observed[row][column] for row in range(size)) for column in range(size)]
    weighted_observed = weighted_expected = 0.0
    for row in range(size):
        for column in range(size):
            weight = _disagreement_weight(row, column, size, weights)
            weighted_observed += weight * observed[row][column]
            weighted_expected += weight * human_margin[row] * grader_margin[column] / total
    if weighted_expected == 0:
        return None  # both raters used one and the same category: 0/0, see module docstring
    return round(1.0 - weighted_observed / weighted_expected, 12)  # no -2e-16 for an exact 0 in reports


def quadratic_weighted_kappa(pairs: Sequence[Pair], categories: Sequence[int] = LEVELS) -> Optional[float]:
    return cohen_kappa(pairs, categories, weights="quadratic")


def _disagreement_weight(row: int, column: int, size: int, weights: str) -> float:
    if row == column:
        return 0.0
    if weights == "none":
        return 1.0
    distance = abs(row - column) / (size - 1)
    if weights == "linear":
        return distance
    if weights == "quadratic":
        return distance * distance
    raise ValueError(f"unknown kappa weights {weights!r}; use none, linear or quadratic")


@dataclass(frozen=True)
class PrecisionRecall:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> Optional[float]:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> Optional[float]:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> Optional[float]:
        precision, recall = self.precision, self.recall
        if precision is None or recall is None:
            return None
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def __add__(self, other: "PrecisionRecall") -> "PrecisionRecall":
        return PrecisionRecall(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def precision_recall(actual: Sequence[bool], predicted: Sequence[bool]) -> PrecisionRecall:
    """Counts for one positive class from parallel lists of truth and prediction."""
    if len(actual) != len(predicted):
        raise ValueError(f"length mismatch: {len(actual)} labels, {len(predicted)} predictions")
    pairs = list(zip(actual, predicted))
    return PrecisionRecall(
        tp=sum(1 for truth, guess in pairs if truth and guess),
        fp=sum(1 for truth, guess in pairs if guess and not truth),
        fn=sum(1 for truth, guess in pairs if truth and not guess),
    )


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (numpy's default); `sorted_values` must be sorted."""
    if not sorted_values:
        raise ValueError("percentile of an empty list")
    position = fraction * (len(sorted_values) - 1)
    lower = math.floor(position)
    upper = min(lower + 1, len(sorted_values) - 1)
    return sorted_values[lower] + (sorted_values[upper] - sorted_values[lower]) * (position - lower)


def bootstrap_ci(
    items: Sequence[T],
    statistic: Callable[[Sequence[T]], Optional[float]],
    *,
    resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> Optional[tuple[float, float]]:
    """Percentile bootstrap interval of `statistic` over `items` (resampled with replacement).

    Deterministic for a given seed (its own random.Random, no global state). Items are the units that
    are independent — e.g. one item per sample dialogue holding all its pairs — so repeats of one dialogue
    stay together. Resamples where the statistic is undefined are skipped; None when there are no items
    or no resample had a defined statistic.
    """
    if not items or resamples < 1:
        return None
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    generator = random.Random(seed)
    count = len(items)
    values = []
    for _ in range(resamples):
        value = statistic([items[generator.randrange(count)] for _ in range(count)])
        if value is not None:
            values.append(value)
    if not values:
        return None
    values.sort()
    tail = (1 - confidence) / 2
    return percentile(values, tail), percentile(values, 1 - tail)
