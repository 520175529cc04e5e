"""`coach grade FILE_OR_DIR... [--json] [--offline]`: grade contract-format transcripts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..config import load_settings
from ..errors import InputFileError
from ..transcript import load_transcript


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("grade", help="grade transcripts (contract JSON format)")
    parser.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR")
    parser.add_argument("--json", action="store_true", help="print one grade JSON object per line")
    parser.add_argument("--offline", action="store_true", help="rules grader only, even if an LLM is configured")
    parser.set_defaults(handler=run)


def transcript_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.rglob("*.json"))
            if not found:
                raise InputFileError(path, "folder contains no *.json transcripts")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputFileError(path, "no such file or folder")
    return files


def summary_line(path: Path, grade) -> str:
    if grade.status == "unscored":
        return f"{path}: 未评分 — {grade.reason}"
    verdict = "通过" if grade.passed else "未通过"
    red = "；".join(f"红线 {hit.id}（第{hit.turn + 1}轮：{hit.quote[:30]}）" for hit in grade.red_lines)
    return f"{path}: {grade.total:g} 分，{verdict}" + (f"；{red}" if red else "")


def run(args: argparse.Namespace) -> int:
    from ..grading import build_grader

    settings = load_settings()
    settings.check(purpose="grader", offline=args.offline)
    files = transcript_files(args.paths)
    transcripts = [(path, load_transcript(path)) for path in files]  # all input is validated before grading
    grader = build_grader(settings, offline=args.offline)
    for path, transcript in transcripts:
        grade = grader.grade(transcript)
        if args.json:
            sys.stdout.write(grade.model_dump_json() + "\n")
        else:
            print(summary_line(path, grade))
        sys.stdout.flush()
    return 0
