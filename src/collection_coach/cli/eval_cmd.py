"""`coach eval PATH... [--out DIR] [--concurrency N] [--repeat K] [--offline] [--gates FILE] [--no-history]`:
measure how well the grader agrees with human labels. Exit code: 0 all gates pass, 1 a gate failed,
2 usage or input error (so cron, systemd and CI can alert). See docs/evaluation.md."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

from .arguments import positive_int
from ..config import Settings, load_settings
from ..eval_history import compare, previous_run, record_run
from ..eval_report import fmt, write_reports
from ..eval_report_model import EvalReport
from ..evaluation import GradeFn, run_evaluation
from ..gates import EXIT_USAGE, EvalConfig, check_gates, exit_code, gates_passed, load_eval_config


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval", help="measure grader agreement with human-labelled samples",
        description="Grade labelled samples and compare with the human labels. "
                    "Exit 0 = all gates pass, 1 = a gate failed, 2 = usage/input error.")
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="sample files or folders (*.json, recursive)")
    parser.add_argument("--out", type=Path, metavar="DIR", help="report folder (default eval-out/<UTC timestamp>)")
    parser.add_argument("--concurrency", type=positive_int, default=4, metavar="N", help="grades in flight (default 4)")
    parser.add_argument("--repeat", type=positive_int, default=1, metavar="K",
                        help="grade every sample K times to measure self-consistency (default 1)")
    parser.add_argument("--offline", action="store_true", help="rules grader only, even if an LLM is configured")
    parser.add_argument("--gates", type=Path, metavar="FILE",
                        help="gates/price config (default COACH_EVAL_GATES_FILE, eval/gates.yaml)")
    parser.add_argument("--no-history", action="store_true", help="do not read or append the run history")
    parser.set_defaults(handler=run)


def build_grade_fn(settings: Settings, offline: bool) -> GradeFn:
    """Offline → the rules grader. Otherwise the combined rules + LLM grader from `grading.build_grader`;
    until that module exists, the rules grader with a warning."""
    if not (offline or settings.engine == "offline"):
        try:
            from ..grading import build_grader
        except ModuleNotFoundError as error:
            if error.name != f"{__package__.rsplit('.', 1)[0]}.grading":
                raise
            print("coach eval: warning: LLM grader not available, using the rules grader", file=sys.stderr)
        else:
            return build_grader(settings).grade
    from ..rubric import load_rubric, rubric_version
    from ..rules_grader import grade_with_rules

    rubric = load_rubric(settings.rubric_dir)
    version = rubric_version(settings.rubric_dir)
    return lambda transcript: grade_with_rules(transcript, rubric, version)


def load_config(explicit: Optional[Path], settings: Settings) -> tuple[EvalConfig, Optional[str]]:
    """An explicit --gates file must exist; the default one is optional (no gates, no prices)."""
    path = explicit or Path(settings.eval_gates_file)
    if explicit is None and not path.is_file():
        print(f"coach eval: note: no gates file at {path}; running without gates", file=sys.stderr)
        return EvalConfig(), None
    return load_eval_config(path), str(path)


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    config, config_file = load_config(args.gates, settings)
    offline = args.offline or settings.engine == "offline"
    settings.check(purpose="grader", offline=offline)
    grade_fn = build_grade_fn(settings, offline)
    report = run_evaluation(args.paths, grade_fn, config=config, repeat=args.repeat, concurrency=args.concurrency,
                            offline=offline, config_file=config_file)
    out_dir = args.out or Path("eval-out") / datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    html_path = out_dir / "report.html"
    if args.no_history:
        finish_report(report, config, store=None, html_path=html_path)
    else:
        from ..store import open_store

        with open_store(settings) as store:
            finish_report(report, config, store=store, html_path=html_path)
    json_path, html_path = write_reports(report, out_dir)
    print(summary(report))
    print(f"report: {json_path}  {html_path}")
    if report.run.samples_loaded == 0:
        print("coach eval: error: no sample could be loaded (see the errors above)", file=sys.stderr)
        return EXIT_USAGE
    return exit_code(report.gates)


def finish_report(report: EvalReport, config: EvalConfig, *, store, html_path: Path) -> None:
    """Compare with the previous run on the same sample set, apply the gates, append to the history."""
    previous = previous_run(store, report) if store is not None else None
    if previous is not None:
        report.comparison = compare(report, previous)
    report.gates = check_gates(config.gates, report)
    report.gates_passed = gates_passed(report.gates)
    if store is not None:
        report.history_run_id = record_run(store, report, str(html_path))


def summary(report: EvalReport) -> str:
    """A short plain-text summary for the terminal or the cron mail."""
    run, grader = report.run, report.grader
    lines = [f"coach eval: {run.samples_loaded}/{run.samples_found} samples, repeat {run.repeat}, "
             f"grader {grader.kind} model={grader.model or '-'} rubric={grader.rubric_version or '-'} "
             f"prompt={grader.prompt_version or '-'}"]
    for error in report.errors:
        lines.append(f"  error [{error.stage}] {error.path}: {error.message}")
    lines.append(f"{'criterion':<22}{'n':>5}{'exact':>8}{'±1':>7}{'w-kappa':>9}{'MAE':>7}{'signed':>8}")
    for row in report.criteria:
        lines.append(f"{row.id:<22}{row.n:>5}{fmt(row.exact_agreement, 2):>8}{fmt(row.within_one_agreement, 2):>7}"
                     f"{fmt(row.weighted_kappa, 2):>9}{fmt(row.mean_absolute_error, 2):>7}"
                     f"{fmt(row.mean_signed_error, 2):>8}")
    red, verdict = report.red_lines.overall, report.pass_fail
    lines.append(f"red lines: precision {fmt(red.precision)} recall {fmt(red.recall)} F1 {fmt(red.f1)} "
                 f"(tp {red.tp} fp {red.fp} fn {red.fn}); flagged turn right {red.turn_correct}/{red.turn_checked}")
    lines.append(f"fail verdicts: precision {fmt(verdict.precision)} recall {fmt(verdict.recall)} (n {verdict.n}); "
                 f"unscored {fmt(report.unscored.rate)}; evidence verified {fmt(report.evidence.rate)}")
    if report.comparison is not None:
        changes = [f"{d.metric} {d.change:+.3f}" for d in report.comparison.deltas[:10] if d.change is not None]
        lines.append(f"vs run #{report.comparison.previous_run_id}: " + (", ".join(changes) or "no comparable metric"))
    if report.gates:
        lines.append("gates:")
        lines += [f"  {gate.status.upper():<8}{gate.name}: {gate.message}" for gate in report.gates]
    return "\n".join(lines)
