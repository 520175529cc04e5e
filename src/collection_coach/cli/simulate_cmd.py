"""`coach simulate --persona ID|all --agent good|careless|violating|all [--turns N] [--out DIR] [--offline]
[--strict]`: self-play — agent policies call the personas, every call is graded, and design checks tell whether
the personas behave as designed. Exit 0 when every call ran (design checks are observations), 1 when a call
crashed or, with --strict, a design check failed; 2 on a usage or input error. See docs/simulate.md."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from datetime import datetime, timezone
from pathlib import Path

from .arguments import positive_int
from ..config import load_settings
from ..llm_agent import AGENT_POLICIES

DEFAULT_TURNS = 16
POLICY_NAMES = {"good": "规范", "careless": "敷衍", "violating": "违规"}
CHECK_NAMES = {
    "good_beats_careless": "规范坐席得分高于敷衍坐席",
    "violating_fails": "违规坐席不通过",
    "hangs_up_on_threat": "被威胁时挂断",
}
STATUS_MARKS = {"passed": "PASS", "failed": "FAIL", "skipped": "SKIP"}


def _id_list(text: str) -> list[str]:
    items = [item.strip() for item in text.split(",") if item.strip()]
    if not items:
        raise argparse.ArgumentTypeError("expected an id or 'all'")
    return items


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "simulate", help="self-play: agent policies call the personas, calls are graded",
        description="Scripted (offline) or LLM agents call the personas; transcripts are saved and graded, and "
                    "design checks show whether each persona behaves as designed. Exit 0 = every call ran, "
                    "1 = a call crashed (or a design check failed with --strict), 2 = usage/input error.")
    parser.add_argument("--persona", type=_id_list, default=["all"], metavar="ID|all",
                        help="persona id, comma-separated ids, or all (default all)")
    parser.add_argument("--agent", type=_id_list, default=["all"], metavar="POLICY|all",
                        help=f"agent policy: {'|'.join(AGENT_POLICIES)}|all, comma-separated (default all)")
    parser.add_argument("--turns", type=positive_int, default=DEFAULT_TURNS, metavar="N",
                        help=f"most agent turns per call (default {DEFAULT_TURNS})")
    parser.add_argument("--out", type=Path, metavar="DIR", help="output folder (default sim-out/<UTC timestamp>)")
    parser.add_argument("--offline", action="store_true",
                        help="scripted agent, scripted debtor and rules grader, even if an LLM is configured")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a design check fails")
    parser.set_defaults(handler=run)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def table(rows) -> str:
    header = ["persona", "agent", "turns", "挂断?", "total", "通过?", "red lines"]
    body = []
    for row in rows:
        total = "错误" if row.status == "error" else ("未评分" if row.total is None else f"{row.total:g}")
        passed = "—" if row.passed is None else ("是" if row.passed else "否")
        body.append([row.persona, f"{row.policy}（{POLICY_NAMES.get(row.policy, '')}）", str(row.turns),
                     "是" if row.hung_up else "否", total, passed, ",".join(row.red_lines) or "—"])
    widths = [max(_width(line[column]) for line in [header, *body]) for column in range(len(header))]
    return "\n".join("  ".join(_pad(cell, width) for cell, width in zip(line, widths)).rstrip()
                     for line in [header, *body])


def checks_text(report) -> str:
    if not report.checks:
        return "design checks: none (run at least two policies, e.g. --agent all)"
    lines = ["design checks:"]
    for check in report.checks:
        lines.append(f"  {STATUS_MARKS[check.status]}  {check.persona:<16} {CHECK_NAMES[check.id]}：{check.detail}")
    failed = len(report.failed_checks)
    lines.append(f"{len(report.checks)} check(s), {failed} failed" + (" — see docs/simulate.md" if failed else ""))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from ..simulate import run_simulation

    settings = load_settings()
    offline = args.offline or settings.engine == "offline"
    if not offline:
        settings.check()
    out_dir = args.out or Path("sim-out") / datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")

    def progress(row) -> None:
        if row.status == "error":
            print(f"coach simulate: {row.persona} × {row.policy}: call failed: {row.error}", file=sys.stderr)

    report = run_simulation(settings, args.persona, args.agent, max_turns=args.turns, out_dir=out_dir,
                            offline=offline, progress=progress)
    for error in report.persona_errors:
        print(f"coach simulate: warning: persona file skipped: {error}", file=sys.stderr)
    print(f"coach simulate: engine {report.engine} · agent {report.agent} · debtor {report.debtor} · "
          f"grader {report.grader.kind if report.grader else '-'} · max {report.max_turns} agent turns")
    print(table(report.rows))
    print(checks_text(report))
    print(f"transcripts and summary.json: {out_dir}")
    if report.crashed_rows:
        return 1
    if args.strict and report.failed_checks:
        return 1
    return 0
