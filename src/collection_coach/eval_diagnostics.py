"""Everything in the eval report that is not agreement: evidence verification, unscored rate,
self-consistency across repeats, tokens/latency/cost, and the worst disagreements."""

from __future__ import annotations

from collections import Counter
from typing import Optional, Sequence

from . import metrics
from .eval_agreement import red_line_outcomes
from .eval_report_model import (
    Consistency, Difference, Disagreement, EvidenceSummary, UnscoredSummary, UsageSummary,
)
from .eval_samples import Attempt, GradedSample
from .gates import Price
from .grade import Grade


def evidence_summary(samples: Sequence[GradedSample]) -> EvidenceSummary:
    """Share of criterion results whose quoted evidence was verified in the transcript. A result counts as
    citing evidence when it kept quotes or was marked unsupported (its quotes were dropped as not found)."""
    cited = verified = 0
    for sample in samples:
        for _, grade in sample.scored_grades():
            for result in grade.criteria:
                if result.evidence or not result.supported:
                    cited += 1
                    verified += int(bool(result.evidence) and result.supported)
    return EvidenceSummary(cited=cited, verified=verified, rate=verified / cited if cited else None)


def unscored_summary(samples: Sequence[GradedSample]) -> UnscoredSummary:
    attempts = [attempt for sample in samples for attempt in sample.attempts]
    unscored = [a for a in attempts if a.grade is not None and a.grade.status == "unscored"]
    crashed = [a for a in attempts if a.grade is None]
    reasons = Counter((a.grade.reason or "(no reason given)")[:200] for a in unscored if a.grade is not None)
    reasons.update((a.error or "grader error")[:200] for a in crashed)
    return UnscoredSummary(
        attempts=len(attempts), unscored=len(unscored), crashed=len(crashed),
        rate=(len(unscored) + len(crashed)) / len(attempts) if attempts else None,
        reasons=dict(reasons.most_common(10)),
    )


def consistency(samples: Sequence[GradedSample], repeat: int) -> Optional[Consistency]:
    """How much repeated grading of the same dialogue varies (None without --repeat)."""
    if repeat < 2:
        return None
    spreads: dict[str, list[int]] = {}
    unstable_units = units = 0
    total_spreads: list[float] = []
    pass_fail_flips = red_line_flips = 0
    flipped: list[str] = []
    compared = 0
    for sample in samples:
        grades = [grade for _, grade in sample.scored_grades()]
        if len(grades) < 2:
            continue
        compared += 1
        for criterion_id in sorted({result.id for grade in grades for result in grade.criteria}):
            levels = [_level(grade, criterion_id) for grade in grades]
            present = [level for level in levels if level is not None]
            units += 1
            unstable_units += int(len(set(levels)) > 1)
            spreads.setdefault(criterion_id, []).append(max(present) - min(present) if present else 0)
        totals = [grade.total for grade in grades if grade.total is not None]
        if totals:
            total_spreads.append(max(totals) - min(totals))
        flips_pass = len({grade.passed for grade in grades}) > 1
        flips_red = len({frozenset(hit.id for hit in grade.red_lines) for grade in grades}) > 1
        pass_fail_flips += flips_pass
        red_line_flips += flips_red
        if flips_pass or flips_red:
            flipped.append(sample.path)
    all_spreads = [value for values in spreads.values() for value in values]
    return Consistency(
        repeat=repeat, samples=compared,
        criterion_mean_spread=_mean(all_spreads), criterion_unstable_share=unstable_units / units if units else None,
        per_criterion_mean_spread={cid: _mean(values) or 0.0 for cid, values in spreads.items()},
        total_mean_spread=_mean(total_spreads), total_max_spread=max(total_spreads) if total_spreads else None,
        pass_fail_flips=pass_fail_flips, red_line_flips=red_line_flips, flipped_samples=flipped,
    )


def _level(grade: Grade, criterion_id: str) -> Optional[int]:
    return next((result.level for result in grade.criteria if result.id == criterion_id), None)


def _mean(values: Sequence[float]) -> Optional[float]:
    return sum(values) / len(values) if values else None


def usage_summary(samples: Sequence[GradedSample], prices: dict[str, Price]) -> UsageSummary:
    """Tokens from grade.usage; latency is the wall-clock time of each grading call, measured by the runner.
    Cost uses the price table by model name; the rules grader costs nothing."""
    attempts: list[Attempt] = [attempt for sample in samples for attempt in sample.attempts]
    graded = [attempt.grade for attempt in attempts if attempt.grade is not None]
    prompt_tokens = int(sum(grade.usage.get("prompt_tokens", 0) for grade in graded))
    completion_tokens = int(sum(grade.usage.get("completion_tokens", 0) for grade in graded))
    cost: Optional[float] = 0.0
    missing = sorted({grade.grader.model or "(none)" for grade in graded
                      if _tokens(grade) and (grade.grader.model or "") not in prices})
    for grade in graded:
        price = prices.get(grade.grader.model or "")
        if price is not None:
            cost += (grade.usage.get("prompt_tokens", 0) * price.input_per_million
                     + grade.usage.get("completion_tokens", 0) * price.output_per_million) / 1_000_000
    note = None
    if missing:
        cost, note = None, f"no price for model(s) {', '.join(missing)} in the config's prices table"
    latencies = sorted(attempt.latency_s for attempt in attempts)
    return UsageSummary(
        grades=len(attempts), prompt_tokens=prompt_tokens, completion_tokens=completion_tokens,
        tokens_per_grade=(prompt_tokens + completion_tokens) / len(graded) if graded else None,
        latency_mean_s=_mean(latencies),
        latency_p50_s=metrics.percentile(latencies, 0.5) if latencies else None,
        latency_p95_s=metrics.percentile(latencies, 0.95) if latencies else None,
        latency_max_s=latencies[-1] if latencies else None,
        cost_total=cost, cost_per_grade=cost / len(attempts) if cost is not None and attempts else None,
        cost_note=note,
    )


def _tokens(grade: Grade) -> float:
    return grade.usage.get("prompt_tokens", 0) + grade.usage.get("completion_tokens", 0)


# Severity weights for ranking disagreements: a missed or false red line matters most (it flips the call).
RED_LINE_WEIGHT, PASSED_WEIGHT, UNSCORED_WEIGHT, TURN_WEIGHT, NA_WEIGHT = 10.0, 3.0, 5.0, 1.0, 1.0


def differences(sample: GradedSample, attempt: Attempt) -> list[tuple[float, Difference]]:
    labels = sample.labels
    grade = attempt.scored
    if grade is None:
        reason = attempt.error or (attempt.grade.reason if attempt.grade else None) or "unscored"
        return [(UNSCORED_WEIGHT, Difference(kind="unscored", grader=reason, message=f"not scored: {reason}"))]
    found: list[tuple[float, Difference]] = []
    for criterion_id, label in labels.criteria.items():
        level = next((result.level for result in grade.criteria if result.id == criterion_id), "missing")
        if level == "missing" or level == label:
            continue
        if label is None or level is None:
            found.append((NA_WEIGHT, Difference(kind="na", id=criterion_id, human=label, grader=level,
                                                message=f"{criterion_id}: human {_show(label)}, grader {_show(level)}")))
        else:
            found.append((float(abs(level - label)), Difference(
                kind="criterion", id=criterion_id, human=label, grader=level,
                message=f"{criterion_id}: human {label}, grader {level}")))
    index = [repeat for repeat, _ in sample.scored_grades()].index(attempt.repeat)
    flagged_turns = {hit.id: sorted({h.turn for h in grade.red_lines if h.id == hit.id}) for hit in grade.red_lines}
    for red_line_id, outcome in sorted(red_line_outcomes(sample)[index].items()):
        human_turns = labels.red_line_turns.get(red_line_id, [])
        if outcome.counts.fn:
            found.append((RED_LINE_WEIGHT, Difference(kind="red_line_missed", id=red_line_id, human=human_turns,
                                                      message=f"red line {red_line_id} missed (human turns {human_turns})")))
        elif outcome.counts.fp:
            turns = flagged_turns[red_line_id]
            found.append((RED_LINE_WEIGHT, Difference(kind="red_line_false", id=red_line_id, grader=turns,
                                                      message=f"red line {red_line_id} raised at turns {turns}, "
                                                              "not in the labels")))
        elif outcome.turn_checked and not outcome.turn_correct:
            turns = flagged_turns[red_line_id]
            found.append((TURN_WEIGHT, Difference(kind="red_line_turn", id=red_line_id, human=human_turns, grader=turns,
                                                  message=f"red line {red_line_id}: human turns {human_turns}, "
                                                          f"grader turns {turns}")))
    if labels.passed is not None and grade.passed is not None and labels.passed != grade.passed:
        found.append((PASSED_WEIGHT, Difference(kind="passed", human=labels.passed, grader=grade.passed,
                                                message=f"passed: human {labels.passed}, grader {grade.passed}")))
    return found


def _show(level: object) -> str:
    return "N/A" if level is None else str(level)


def worst_disagreements(samples: Sequence[GradedSample], limit: int) -> list[Disagreement]:
    ranked = []
    for sample in samples:
        for attempt in sample.attempts:
            found = differences(sample, attempt)
            if found:
                ranked.append(Disagreement(
                    path=sample.path, sample_id=sample.loaded.sample_id, repeat=attempt.repeat,
                    severity=sum(weight for weight, _ in found),
                    differences=[difference for _, difference in sorted(found, key=lambda item: -item[0])],
                ))
    ranked.sort(key=lambda item: (-item.severity, item.path, item.repeat))
    return ranked[:limit]
