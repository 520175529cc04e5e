"""`coach serve`: start the web UI (same as `python app.py`)."""

from __future__ import annotations

import argparse

from ..config import load_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="start the practice web UI")
    parser.add_argument("--host", help="override COACH_HOST")
    parser.add_argument("--port", type=int, help="override COACH_PORT")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..app_context import AppContext
    from ..ui.app import launch

    overrides = {key: value for key, value in (("host", args.host), ("port", args.port)) if value is not None}
    settings = load_settings(**overrides).check()
    context = AppContext.create(settings)
    print(f"Collection Coach on http://{settings.host}:{settings.port} — {settings.engine_label()}")
    launch(context)
    return 0
