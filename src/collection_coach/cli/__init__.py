"""`coach` command line: a thin dispatcher; each subcommand lives in its own module with `register()`."""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Optional, Sequence

from ..errors import CoachError

# Each module defines register(subparsers) that adds one subcommand and sets `handler` (args -> exit code).
COMMAND_MODULES = (
    "serve_cmd",
    "personas_cmd",
    "export_cmd",
    "grade_cmd",
    "eval_cmd",
    "simulate_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coach", description="Collection Coach 催收陪练")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{module_name}")
        except ModuleNotFoundError as error:
            if error.name == f"{__name__}.{module_name}":
                continue  # subcommand not built yet
            raise
        module.register(subparsers)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except CoachError as error:
        print(f"coach {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
