"""The `coach eval` runner: load labelled samples, grade each one (K times, concurrently, bounded) with an
injected `grade_fn`, and assemble the report. The grader is a parameter, so the rules grader, the combined
rules + LLM grader and test fakes all run through the same code.

Comparison with the previous run and the gates are applied afterwards (`eval_history`, `gates`), because
they need the store and the config.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Optional, Sequence

from tqdm import tqdm

from .eval_agreement import (
    Bootstrapper, all_criterion_pairs, criterion_agreement, pass_fail_agreement, red_line_agreement,
)
from .eval_diagnostics import consistency, evidence_summary, unscored_summary, usage_summary, worst_disagreements
from .eval_report_model import EvalReport, GraderSummary, Headline, RunInfo, SampleError
from .eval_samples import (
    Attempt, GradedSample, LoadedSample, collect_sample_paths, load_samples, sample_set_id,
)
from .gates import EvalConfig
from .grade import Grade
from .metrics import exact_agreement, within_one_agreement
from .transcript import Transcript

GradeFn = Callable[[Transcript], Grade]


def run_evaluation(
    paths: Sequence[Path | str],
    grade_fn: GradeFn,
    *,
    config: EvalConfig,
    repeat: int = 1,
    concurrency: int = 4,
    offline: bool = False,
    progress: Optional[bool] = None,
    config_file: Optional[str] = None,
) -> EvalReport:
    """Grade every sample under `paths` and measure agreement with the labels. `progress=None` shows the
    bar only on a terminal (cron logs stay clean). Raises InputFileError when a PATH does not exist."""
    if repeat < 1 or concurrency < 1:
        raise ValueError(f"repeat and concurrency must be >= 1, got repeat={repeat}, concurrency={concurrency}")
    started = datetime.now(timezone.utc)
    clock = time.perf_counter()
    found = collect_sample_paths(paths)
    loaded, errors = load_samples(found)
    graded = grade_all(loaded, grade_fn, repeat=repeat, concurrency=concurrency, progress=progress)
    errors = errors + [
        SampleError(path=sample.path, stage="grade", message=attempt.error, repeat=attempt.repeat)
        for sample in graded for attempt in sample.attempts if attempt.error
    ]
    bootstrap, bootstrap_note = _bootstrapper(config, len(loaded))
    criteria = criterion_agreement(graded, bootstrap)
    red_lines = red_line_agreement(graded, bootstrap)
    pass_fail = pass_fail_agreement(graded, bootstrap)
    evidence = evidence_summary(graded)
    unscored = unscored_summary(graded)
    pairs = all_criterion_pairs(graded)
    kappas = [row.weighted_kappa for row in criteria if row.weighted_kappa is not None]
    headline = Headline(
        overall_exact_agreement=exact_agreement(pairs), overall_within_one_agreement=within_one_agreement(pairs),
        mean_weighted_kappa=sum(kappas) / len(kappas) if kappas else None,
        red_line_recall=red_lines.overall.recall, red_line_precision=red_lines.overall.precision,
        red_line_f1=red_lines.overall.f1, pass_fail_precision=pass_fail.precision, pass_fail_recall=pass_fail.recall,
        evidence_verification_rate=evidence.rate, unscored_rate=unscored.rate,
    )
    run = RunInfo(
        started_at=started.isoformat(timespec="seconds"), duration_s=round(time.perf_counter() - clock, 3),
        paths=[str(path) for path in paths], sample_set=sample_set_id(found), samples_found=len(found),
        samples_loaded=len(loaded), repeat=repeat, concurrency=concurrency, offline=offline,
        config_file=config_file, bootstrap=bootstrap_note,
    )
    return EvalReport(
        run=run, grader=grader_summary(graded), headline=headline, criteria=criteria, red_lines=red_lines,
        pass_fail=pass_fail, evidence=evidence, unscored=unscored, consistency=consistency(graded, repeat),
        usage=usage_summary(graded, config.prices),
        disagreements=worst_disagreements(graded, config.worst_disagreements), errors=errors,
    )


def _bootstrapper(config: EvalConfig, sample_count: int) -> tuple[Bootstrapper, str]:
    settings = config.bootstrap
    if settings.resamples == 0:
        return Bootstrapper(settings, enabled=False), "disabled (bootstrap.resamples is 0)"
    if sample_count > settings.max_samples:
        return Bootstrapper(settings, enabled=False), (
            f"not computed: {sample_count} samples > bootstrap.max_samples {settings.max_samples}")
    return Bootstrapper(settings, enabled=True), (
        f"{settings.confidence:.0%} percentile bootstrap, {settings.resamples} resamples of sample dialogues, "
        f"seed {settings.seed}")


def grade_all(
    loaded: Sequence[LoadedSample], grade_fn: GradeFn, *, repeat: int, concurrency: int, progress: Optional[bool],
) -> list[GradedSample]:
    """Every sample `repeat` times on at most `concurrency` threads; results in sample and repeat order
    whatever order they finish in."""
    jobs = [(index, attempt) for index in range(len(loaded)) for attempt in range(repeat)]
    results: dict[tuple[int, int], Attempt] = {}
    with ThreadPoolExecutor(max_workers=concurrency) as pool, tqdm(
        total=len(jobs), desc="coach eval", unit="grade", file=sys.stderr, disable=None if progress is None
        else not progress,
    ) as bar:
        futures = {pool.submit(_grade_once, grade_fn, loaded[index], attempt): (index, attempt)
                   for index, attempt in jobs}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            bar.update(1)
    return [GradedSample(item, [results[(index, attempt)] for attempt in range(repeat)])
            for index, item in enumerate(loaded)]


def _grade_once(grade_fn: GradeFn, item: LoadedSample, repeat: int) -> Attempt:
    # The grader sees the transcript only, never the labels.
    transcript = Transcript.model_validate(item.sample.model_dump(exclude={"labels"}))
    started = time.perf_counter()
    try:
        grade = grade_fn(transcript)
    except Exception as error:  # noqa: BLE001 - one crashing grade is reported; the run goes on
        return Attempt(repeat, None, time.perf_counter() - started, f"grader raised {type(error).__name__}: {error}")
    return Attempt(repeat, grade, time.perf_counter() - started)


def grader_summary(samples: Sequence[GradedSample]) -> GraderSummary:
    """The grader's identity as recorded in the grades (most common value; `mixed` lists disagreements)."""
    grades = [attempt.grade for sample in samples for attempt in sample.attempts if attempt.grade is not None]
    values = {}
    mixed = []
    for field in ("kind", "model", "rubric_version", "prompt_version", "temperature"):
        counts = Counter(getattr(grade.grader, field) for grade in grades)
        values[field] = counts.most_common(1)[0][0] if counts else None
        if len(counts) > 1:
            mixed.append(field)
    return GraderSummary(**values, mixed=mixed)
