"""Eval runs in the store: compare with the previous run on the same sample set, append a run, and list
runs for the trainer tab of the UI (`list_eval_runs`)."""

from __future__ import annotations

import json
from typing import Any, Optional

from pydantic import BaseModel

from .eval_report_model import Comparison, Delta, EvalReport, Headline
from .store import EvalRunRecord, Store

# Far above any real run id: "the latest run before this one" when this run is not stored yet.
_NEWEST = 2**62


def previous_run(store: Store, report: EvalReport) -> Optional[EvalRunRecord]:
    return store.previous_eval_run(report.run.sample_set, before_id=report.history_run_id or _NEWEST)


def comparable_metrics(report: dict[str, Any]) -> dict[str, Optional[float]]:
    """Flat metric name -> value from a report as stored (a plain dict, so older or newer schema versions
    still compare on the metrics they share)."""
    values: dict[str, Optional[float]] = {}
    for name, value in (report.get("headline") or {}).items():
        values[name] = value
    for row in report.get("criteria") or []:
        values[f"criteria.{row.get('id')}.weighted_kappa"] = row.get("weighted_kappa")
        values[f"criteria.{row.get('id')}.exact_agreement"] = row.get("exact_agreement")
    for row in (report.get("red_lines") or {}).get("per_red_line") or []:
        values[f"red_lines.{row.get('id')}.recall"] = row.get("recall")
    return values


def compare(report: EvalReport, previous: EvalRunRecord) -> Comparison:
    """Deltas (current - previous) for every metric either run has; headline metrics first."""
    try:
        before = comparable_metrics(json.loads(previous.report_json))
    except (json.JSONDecodeError, AttributeError):
        before = {}
    now = comparable_metrics(report.model_dump(mode="json"))
    order = list(Headline.model_fields) + sorted((set(now) | set(before)) - set(Headline.model_fields))
    deltas = []
    for metric in order:
        current, earlier = now.get(metric), before.get(metric)
        if current is None and earlier is None:
            continue
        change = current - earlier if current is not None and earlier is not None else None
        deltas.append(Delta(metric=metric, previous=earlier, current=current, change=change))
    return Comparison(
        previous_run_id=previous.id or 0, previous_created_at=previous.created_at,
        previous_grader={"kind": previous.grader_kind, "model": previous.model,
                         "rubric_version": previous.rubric_version, "prompt_version": previous.prompt_version},
        deltas=deltas,
    )


def record_run(store: Store, report: EvalReport, html_path: Optional[str]) -> int:
    """Append the run to the history; returns its id."""
    return store.add_eval_run(EvalRunRecord(
        sample_set=report.run.sample_set, grader_kind=report.grader.kind or "unknown", model=report.grader.model,
        rubric_version=report.grader.rubric_version, prompt_version=report.grader.prompt_version,
        report_json=report.model_dump_json(), html_path=html_path, gates_passed=report.gates_passed,
    ))


class EvalRunSummary(BaseModel):
    """One row of the eval history, for the UI's trainer tab."""

    id: int
    created_at: Optional[str]
    sample_set: str
    paths: list[str]
    samples_loaded: Optional[int]
    grader_kind: str
    model: Optional[str]
    rubric_version: Optional[str]
    prompt_version: Optional[str]
    gates_passed: Optional[bool]
    failed_gates: list[str]
    html_path: Optional[str]
    headline: dict[str, Optional[float]]


def list_eval_runs(store: Store, limit: int = 50) -> list[EvalRunSummary]:
    """Newest first. Tolerates stored reports of other schema versions (missing parts become empty)."""
    rows = []
    for record in store.eval_runs(limit):
        try:
            report = json.loads(record.report_json)
        except json.JSONDecodeError:
            report = {}
        run = report.get("run") or {}
        rows.append(EvalRunSummary(
            id=record.id or 0, created_at=record.created_at, sample_set=record.sample_set,
            paths=run.get("paths") or [], samples_loaded=run.get("samples_loaded"),
            grader_kind=record.grader_kind, model=record.model, rubric_version=record.rubric_version,
            prompt_version=record.prompt_version, gates_passed=record.gates_passed,
            failed_gates=[gate.get("name", "?") for gate in report.get("gates") or [] if gate.get("status") == "fail"],
            html_path=record.html_path, headline=report.get("headline") or {},
        ))
    return rows
