"""Points, total and pass/fail from per-criterion levels — computed here, never taken from a model.

    weight'(c) = weight(c) × 100 / Σ weight(applicable)     (not-applicable criteria give their weight away)
    points(c)  = weight'(c) × level(c) / 2                  (level 0, 1 or 2)
    total      = round(Σ points, 1)
    passed     = total ≥ pass_mark and no red line
Any red line fails the call with total 0 (一票否决); the criteria keep their levels and points so the trainee
still sees what went well and what did not.

Example (default weights): objection_handling (15) and consequences (5) not applicable → the remaining 80
points of weight are scaled by 100/80, so opening (5) is worth 6.25 and closing (15) 18.75.
"""

from __future__ import annotations

from typing import Sequence

from .grade import CriterionResult, RedLineHit
from .rubric_model import Rubric

MAX_LEVEL = 2


def applicable_weights(criteria: Sequence[CriterionResult], rubric: Rubric) -> dict[str, float]:
    """Weight of every criterion after redistributing the weight of not-applicable ones proportionally.
    A criterion that may not be N/A is always applicable (a None level for it counts as level 0)."""
    weights = {criterion.id: criterion.weight for criterion in rubric.criteria}
    not_applicable = {
        result.id for result in criteria
        if result.level is None and result.id in weights and rubric.criterion(result.id).may_be_na
    }
    kept = sum(weight for criterion_id, weight in weights.items() if criterion_id not in not_applicable)
    total_weight = sum(weights.values())
    if kept <= 0:
        return {criterion_id: 0.0 for criterion_id in weights}
    return {
        criterion_id: (0.0 if criterion_id in not_applicable else weight * total_weight / kept)
        for criterion_id, weight in weights.items()
    }


def score(
    criteria: Sequence[CriterionResult], red_lines: Sequence[RedLineHit], rubric: Rubric
) -> tuple[list[CriterionResult], float, bool]:
    """(criteria with points/max_points filled, total, passed). Criteria come back in rubric order; a rubric
    criterion missing from `criteria` is scored as level 0 with a note in its reason. Pure: inputs unchanged."""
    by_id = {result.id: result for result in criteria}
    for result in criteria:
        if result.level is not None and not 0 <= result.level <= MAX_LEVEL:
            raise ValueError(f"criterion {result.id}: level must be 0, 1, 2 or None, got {result.level!r}")
    completed = [
        by_id.get(criterion.id)
        or CriterionResult(id=criterion.id, name=criterion.name, level=0, reason="评分结果缺少该项，按 0 分计")
        for criterion in rubric.criteria
    ]
    weights = applicable_weights(completed, rubric)
    scored = []
    for result in completed:
        criterion = rubric.criterion(result.id)
        level = result.level
        if level is None and not criterion.may_be_na:
            level = 0
        max_points = round(weights[result.id], 2)
        points = 0.0 if level is None else round(weights[result.id] * level / MAX_LEVEL, 2)
        scored.append(result.model_copy(update={
            "name": result.name or criterion.name, "level": level, "points": points, "max_points": max_points,
        }))
    if red_lines:
        return scored, 0.0, False
    total = round(sum(weights[result.id] * (result.level or 0) / MAX_LEVEL for result in scored), 1)
    return scored, total, total >= rubric.pass_mark
