"""`coach export SESSION_ID [-o FILE]` and `coach sessions [--trainee NAME]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..config import load_settings
from ..errors import CoachError
from ..store import open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser(
        "export", help="write a stored session as a transcript JSON (the format `coach grade` reads)",
        description="Write a stored practice call in the contract transcript format (UTF-8 JSON).",
    )
    export.add_argument("session_id", metavar="SESSION_ID", help="session id, as listed by `coach sessions`")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of stdout")
    export.set_defaults(handler=run_export)

    sessions = subparsers.add_parser("sessions", help="list stored practice calls, newest first")
    sessions.add_argument("--trainee", metavar="NAME", help="only this trainee's sessions")
    sessions.add_argument("--limit", type=int, default=100, metavar="N", help="at most N rows (default 100)")
    sessions.set_defaults(handler=run_sessions)


def run_export(args: argparse.Namespace) -> int:
    store = open_store(load_settings())
    try:
        transcript = store.export_transcript(args.session_id)  # unknown id: SessionNotFoundError (a CoachError)
    finally:
        store.close()
    text = json.dumps(transcript.model_dump(exclude_none=True), ensure_ascii=False, indent=2) + "\n"
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise CoachError(f"{args.output}: cannot write ({error.strerror or error})") from error
    print(f"wrote session {args.session_id} ({len(transcript.turns)} turns) to {args.output}", file=sys.stderr)
    return 0


def _cell(value: object) -> str:
    return "-" if value is None else str(value)


def run_sessions(args: argparse.Namespace) -> int:
    store = open_store(load_settings())
    try:
        rows = store.list_sessions(trainee=args.trainee, limit=args.limit)
    finally:
        store.close()
    if not rows:
        who = f" for trainee {args.trainee!r}" if args.trainee else ""
        print(f"no sessions{who}", file=sys.stderr)
        return 0
    print("\t".join(("id", "trainee", "persona", "started_at", "outcome", "turns", "status", "total", "passed")))
    for row in rows:
        total = None if row.total is None else f"{row.total:g}"
        print("\t".join(_cell(value) for value in (
            row.id, row.trainee, row.persona_id, row.started_at, row.outcome, row.n_turns, row.status, total,
            row.passed,
        )))
    return 0
