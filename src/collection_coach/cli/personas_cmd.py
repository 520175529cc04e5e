"""`coach personas check [DIR]` lints a persona folder; `coach personas schema` prints (or writes) the JSON Schema."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..config import load_settings
from ..personas import SCHEMA_FILE_NAME, load_personas, persona_json_schema


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("personas", help="check persona files or print their JSON Schema")
    actions = parser.add_subparsers(dest="personas_command", required=True)

    check = actions.add_parser("check", help="lint a persona folder; exit 1 if any file fails to load")
    check.add_argument("directory", nargs="?", type=Path, help="default: COACH_PERSONAS_DIR (personas)")
    check.set_defaults(handler=check_command)

    schema = actions.add_parser("schema", help="print the persona JSON Schema (for editors)")
    schema.add_argument(
        "--write", action="store_true",
        help=f"write it to <COACH_PERSONAS_DIR>/{SCHEMA_FILE_NAME} instead of printing it",
    )
    schema.set_defaults(handler=schema_command)


def check_command(args: argparse.Namespace) -> int:
    directory = args.directory if args.directory is not None else load_settings().personas_dir
    catalog = load_personas(directory)
    for persona_id, persona in catalog.personas.items():
        print(f"ok     {catalog.paths[persona_id]}  id={persona_id}  {persona.category} "
              f"({persona.category_label})  difficulty={persona.difficulty}  {persona.title}")
    for error in catalog.errors:
        print(f"error  {error}")
    print(f"{len(catalog.personas)} persona(s) loaded, {len(catalog.errors)} error(s) in {directory}")
    return 1 if catalog.errors else 0


def schema_command(args: argparse.Namespace) -> int:
    schema = persona_json_schema()
    if not args.write:
        print(schema, end="")
        return 0
    target = Path(load_settings().personas_dir) / SCHEMA_FILE_NAME
    target.write_text(schema, encoding="utf-8")  # explicit UTF-8: shell redirection on Windows is not
    print(f"wrote {target}")
    return 0
