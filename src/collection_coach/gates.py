"""Evaluation config (eval/gates.yaml): quality gates, the token price table and bootstrap settings; and the
gate check that decides `coach eval`'s exit code (0 all pass, 1 a gate failed, 2 usage/input error).

A gate whose metric is undefined for this run (no red lines labelled, too few pairs for a kappa, no previous
run to compare with) is "skipped" with the reason: it never passes silently and never fails spuriously.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import InputFileError, describe_validation_error
from .eval_report_model import EvalReport, GateResult
from .rubric_model import CriterionId

EXIT_OK, EXIT_GATE_FAILED, EXIT_USAGE = 0, 1, 2

# Headline metrics where higher is better: the ones a "drop since the last run" makes sense for.
DropMetric = Literal[
    "overall_exact_agreement", "overall_within_one_agreement", "mean_weighted_kappa", "red_line_recall",
    "red_line_precision", "red_line_f1", "pass_fail_precision", "pass_fail_recall", "evidence_verification_rate",
]


def _fraction():  # a fresh FieldInfo per field
    return Field(default=None, ge=0, le=1)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class KappaGate(_Strict):
    default: Optional[float] = Field(default=None, ge=-1, le=1, description="min quadratic-weighted kappa")
    per_criterion: dict[CriterionId, float] = Field(default_factory=dict, description="overrides by criterion id")
    min_pairs: int = Field(default=8, ge=1, description="fewer compared pairs: gate skipped (too noisy)")

    def threshold(self, criterion_id: str) -> Optional[float]:
        return self.per_criterion.get(criterion_id, self.default)  # type: ignore[call-overload]


class Gates(_Strict):
    min_red_line_recall: Optional[float] = _fraction()
    min_red_line_precision: Optional[float] = _fraction()
    min_kappa: KappaGate = Field(default_factory=KappaGate)
    max_unscored_rate: Optional[float] = _fraction()
    max_sample_errors: Optional[int] = Field(default=None, ge=0, description="broken sample files / grader crashes")
    max_drop: dict[DropMetric, float] = Field(default_factory=dict, description="largest allowed fall vs last run")


class Price(_Strict):
    input_per_million: float = Field(ge=0)
    output_per_million: float = Field(ge=0)


class BootstrapSettings(_Strict):
    resamples: int = Field(default=1000, ge=0, description="0 disables intervals")
    confidence: float = Field(default=0.95, gt=0, lt=1)
    seed: int = 20240601
    max_samples: int = Field(default=300, ge=1, description="intervals only when n is small enough to need them")


class EvalConfig(_Strict):
    gates: Gates = Field(default_factory=Gates)
    prices: dict[str, Price] = Field(default_factory=dict, description="USD per million tokens, by model name")
    bootstrap: BootstrapSettings = Field(default_factory=BootstrapSettings)
    worst_disagreements: int = Field(default=10, ge=0)


def load_eval_config(path: Path | str) -> EvalConfig:
    """Strict: unknown keys and wrong values raise InputFileError naming the file and the field."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputFileError(path, f"cannot read gates file ({error.strerror or error})") from error
    except yaml.YAMLError as error:
        raise InputFileError(path, f"not valid YAML ({error})") from error
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputFileError(path, f"top level must be a mapping, got {type(data).__name__}")
    try:
        return EvalConfig.model_validate(data)
    except ValidationError as error:
        raise InputFileError(path, describe_validation_error(error)) from error


def check_gates(gates: Gates, report: EvalReport) -> list[GateResult]:
    """Every configured gate, in a stable order. Needs `report.comparison` for the max_drop gates."""
    results: list[GateResult] = []
    overall = report.red_lines.overall
    if gates.min_red_line_recall is not None:
        results.append(_at_least("min_red_line_recall", overall.recall, gates.min_red_line_recall,
                                 "no red line labelled in the sample set"))
    if gates.min_red_line_precision is not None:
        results.append(_at_least("min_red_line_precision", overall.precision, gates.min_red_line_precision,
                                 "the grader raised no red line"))
    for criterion in report.criteria:
        threshold = gates.min_kappa.threshold(criterion.id)
        if threshold is None:
            continue
        name = f"min_kappa.{criterion.id}"
        if criterion.n < gates.min_kappa.min_pairs:
            results.append(GateResult(name=name, status="skipped", value=criterion.weighted_kappa, threshold=threshold,
                                      message=f"only {criterion.n} pairs (< min_pairs {gates.min_kappa.min_pairs})"))
        else:
            results.append(_at_least(name, criterion.weighted_kappa, threshold,
                                     "kappa undefined: human and grader used a single level throughout"))
    if gates.max_unscored_rate is not None:
        results.append(_at_most("max_unscored_rate", report.unscored.rate, gates.max_unscored_rate, "nothing graded"))
    if gates.max_sample_errors is not None:
        results.append(_at_most("max_sample_errors", float(len(report.errors)), float(gates.max_sample_errors), ""))
    results.extend(_drop_gates(gates, report))
    return results


def _drop_gates(gates: Gates, report: EvalReport) -> list[GateResult]:
    results = []
    deltas = {delta.metric: delta for delta in report.comparison.deltas} if report.comparison else {}
    for metric, allowed in gates.max_drop.items():
        name = f"max_drop.{metric}"
        delta = deltas.get(metric)
        if report.comparison is None:
            results.append(GateResult(name=name, status="skipped", threshold=allowed,
                                      message="no previous run on this sample set"))
        elif delta is None or delta.change is None:
            results.append(GateResult(name=name, status="skipped", threshold=allowed,
                                      message="metric undefined in this run or the previous one"))
        else:
            drop = -delta.change
            status = "fail" if drop > allowed + 1e-12 else "pass"
            results.append(GateResult(name=name, status=status, value=drop, threshold=allowed,
                                      message=f"{metric} {delta.previous:.3f} → {delta.current:.3f} "
                                              f"(drop {drop:.3f}, allowed {allowed:.3f})"))
    return results


def _at_least(name: str, value: Optional[float], threshold: float, undefined_reason: str) -> GateResult:
    if value is None:
        return GateResult(name=name, status="skipped", threshold=threshold, message=undefined_reason)
    status = "pass" if value >= threshold - 1e-12 else "fail"
    return GateResult(name=name, status=status, value=value, threshold=threshold,
                      message=f"{value:.3f} {'≥' if status == 'pass' else '<'} {threshold:.3f}")


def _at_most(name: str, value: Optional[float], threshold: float, undefined_reason: str) -> GateResult:
    if value is None:
        return GateResult(name=name, status="skipped", threshold=threshold, message=undefined_reason)
    status = "pass" if value <= threshold + 1e-12 else "fail"
    return GateResult(name=name, status=status, value=value, threshold=threshold,
                      message=f"{value:g} {'≤' if status == 'pass' else '>'} {threshold:g}")


def gates_passed(results: list[GateResult]) -> Optional[bool]:
    """None when no gate was configured; otherwise False when any gate failed."""
    if not results:
        return None
    return not any(result.status == "fail" for result in results)


def exit_code(results: list[GateResult]) -> int:
    return EXIT_GATE_FAILED if gates_passed(results) is False else EXIT_OK
