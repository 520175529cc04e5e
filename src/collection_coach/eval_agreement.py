"""Agreement of scored grades with the human labels: per criterion, red lines, pass/fail.

Only scored grades count here (unscored ones are reported by `eval_diagnostics`). With --repeat K every
repeat is a grade in its own right, so n counts grades; bootstrap intervals resample whole sample dialogues
so that the K repeats of one dialogue stay together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Sequence, TypeVar

from . import metrics
from .eval_report_model import CriterionAgreement, Interval, PassFailAgreement, RedLineAgreement, RedLineSummary
from .eval_samples import GradedSample
from .gates import BootstrapSettings
from .rubric_model import CRITERION_IDS, RED_LINE_IDS

T = TypeVar("T")


@dataclass(frozen=True)
class Bootstrapper:
    settings: BootstrapSettings
    enabled: bool

    def interval(self, items: Sequence[T], statistic: Callable[[Sequence[T]], Optional[float]]) -> Optional[Interval]:
        if not self.enabled:
            return None
        bounds = metrics.bootstrap_ci(items, statistic, resamples=self.settings.resamples,
                                      confidence=self.settings.confidence, seed=self.settings.seed)
        return Interval(low=bounds[0], high=bounds[1]) if bounds else None


def _flatten(groups: Sequence[Sequence[T]]) -> list[T]:
    return [item for group in groups for item in group]


def criterion_pairs(sample: GradedSample, criterion_id: str) -> tuple[list[metrics.Pair], int]:
    """(human, grader) level pairs over the sample's scored grades, and how often one side alone was N/A.
    A criterion the humans did not label, or the grader did not return, is not compared."""
    if criterion_id not in sample.labels.criteria:
        return [], 0
    label = sample.labels.criteria[criterion_id]
    pairs, na_mismatch = [], 0
    for _, grade in sample.scored_grades():
        result = next((item for item in grade.criteria if item.id == criterion_id), None)
        if result is None or (label is None and result.level is None):
            continue
        if label is None or result.level is None:
            na_mismatch += 1
        else:
            pairs.append((label, result.level))
    return pairs, na_mismatch


def criterion_ids(samples: Sequence[GradedSample]) -> list[str]:
    seen = {result.id for sample in samples for _, grade in sample.scored_grades() for result in grade.criteria}
    seen |= {criterion_id for sample in samples for criterion_id in sample.labels.criteria}
    return [cid for cid in CRITERION_IDS if cid in seen] + sorted(seen - set(CRITERION_IDS))


def criterion_agreement(samples: Sequence[GradedSample], bootstrap: Bootstrapper) -> list[CriterionAgreement]:
    names = {result.id: result.name for sample in samples for _, grade in sample.scored_grades()
             for result in grade.criteria if result.name}
    rows = []
    for criterion_id in criterion_ids(samples):
        per_sample = [criterion_pairs(sample, criterion_id) for sample in samples]
        groups = [pairs for pairs, _ in per_sample if pairs]
        pairs = _flatten(groups)
        rows.append(CriterionAgreement(
            id=criterion_id, name=names.get(criterion_id, ""), n=len(pairs),
            na_mismatch=sum(count for _, count in per_sample),
            exact_agreement=metrics.exact_agreement(pairs),
            within_one_agreement=metrics.within_one_agreement(pairs),
            weighted_kappa=metrics.quadratic_weighted_kappa(pairs),
            kappa=metrics.cohen_kappa(pairs),
            mean_absolute_error=metrics.mean_absolute_error(pairs),
            mean_signed_error=metrics.mean_signed_error(pairs),
            exact_agreement_ci=bootstrap.interval(groups, lambda chosen: metrics.exact_agreement(_flatten(chosen))),
            weighted_kappa_ci=bootstrap.interval(
                groups, lambda chosen: metrics.quadratic_weighted_kappa(_flatten(chosen))),
        ))
    return rows


def all_criterion_pairs(samples: Sequence[GradedSample]) -> list[metrics.Pair]:
    return [pair for cid in criterion_ids(samples) for sample in samples for pair in criterion_pairs(sample, cid)[0]]


@dataclass(frozen=True)
class RedLineOutcome:
    """One red-line id in one scored grade, per (dialogue, id)."""

    counts: metrics.PrecisionRecall
    turn_checked: bool = False
    turn_correct: bool = False


def red_line_outcomes(sample: GradedSample) -> list[dict[str, RedLineOutcome]]:
    """Per scored grade: red-line id -> outcome, for every id labelled or flagged."""
    labels = sample.labels
    human = set(labels.red_lines)
    outcomes = []
    for _, grade in sample.scored_grades():
        flagged: dict[str, set[int]] = {}
        for hit in grade.red_lines:
            flagged.setdefault(hit.id, set()).add(hit.turn)
        per_id = {}
        for red_line_id in human | set(flagged):
            in_human, in_grade = red_line_id in human, red_line_id in flagged
            counts = metrics.PrecisionRecall(tp=int(in_human and in_grade), fp=int(in_grade and not in_human),
                                             fn=int(in_human and not in_grade))
            labelled_turns = set(labels.red_line_turns.get(red_line_id, []))
            checked = bool(counts.tp and labelled_turns)
            per_id[red_line_id] = RedLineOutcome(counts, checked, checked and bool(flagged[red_line_id] & labelled_turns))
        outcomes.append(per_id)
    return outcomes


def _summarise(red_line_id: str, groups: list[list[RedLineOutcome]], bootstrap: Bootstrapper) -> RedLineAgreement:
    def total(chosen: Sequence[list[RedLineOutcome]]) -> metrics.PrecisionRecall:
        return sum((outcome.counts for outcome in _flatten(chosen)), metrics.PrecisionRecall(0, 0, 0))

    counts = total(groups)
    outcomes = _flatten(groups)
    checked = sum(outcome.turn_checked for outcome in outcomes)
    correct = sum(outcome.turn_correct for outcome in outcomes)
    return RedLineAgreement(
        id=red_line_id, tp=counts.tp, fp=counts.fp, fn=counts.fn,
        precision=counts.precision, recall=counts.recall, f1=counts.f1,
        precision_ci=bootstrap.interval(groups, lambda chosen: total(chosen).precision),
        recall_ci=bootstrap.interval(groups, lambda chosen: total(chosen).recall),
        turn_checked=checked, turn_correct=correct, turn_accuracy=correct / checked if checked else None,
    )


def red_line_agreement(samples: Sequence[GradedSample], bootstrap: Bootstrapper) -> RedLineSummary:
    per_sample = [red_line_outcomes(sample) for sample in samples]
    seen = {red_line_id for grades in per_sample for per_id in grades for red_line_id in per_id}
    ids = list(RED_LINE_IDS) + sorted(seen - set(RED_LINE_IDS))
    per_red_line = [
        _summarise(red_line_id, [[per_id[red_line_id] for per_id in grades if red_line_id in per_id]
                                 for grades in per_sample], bootstrap)
        for red_line_id in ids
    ]
    overall = _summarise("all", [[outcome for per_id in grades for outcome in per_id.values()]
                                 for grades in per_sample], bootstrap)
    return RedLineSummary(overall=overall, per_red_line=per_red_line)


def pass_fail_agreement(samples: Sequence[GradedSample], bootstrap: Bootstrapper) -> PassFailAgreement:
    """"failed" is the positive class: recall = share of calls the humans failed that the grader failed too."""
    groups = []
    for sample in samples:
        human = sample.labels.passed
        groups.append([(not human, not grade.passed) for _, grade in sample.scored_grades()
                       if human is not None and grade.passed is not None])

    def counts(chosen: Sequence[list[tuple[bool, bool]]]) -> metrics.PrecisionRecall:
        flat = _flatten(chosen)
        return metrics.precision_recall([actual for actual, _ in flat], [predicted for _, predicted in flat])

    pairs = _flatten(groups)
    total = counts(groups)
    return PassFailAgreement(
        n=len(pairs), tp=total.tp, fp=total.fp, fn=total.fn,
        precision=total.precision, recall=total.recall, f1=total.f1,
        accuracy=sum(actual == predicted for actual, predicted in pairs) / len(pairs) if pairs else None,
        precision_ci=bootstrap.interval(groups, lambda chosen: counts(chosen).precision),
        recall_ci=bootstrap.interval(groups, lambda chosen: counts(chosen).recall),
    )
