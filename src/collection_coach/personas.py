"""Loading and linting persona files (personas/*.yaml); the format itself lives in `persona_model`.

Loading is strict (unknown keys, duplicate keys and duplicate ids are errors), every error names the file and
the field, and one broken file never blocks the others: the catalog carries both the personas and the errors.
Calling `load_personas` again is the reload; parsed files are cached by content hash, so a page load re-parses
only the files that changed.
"""

from __future__ import annotations

import hashlib
import json
import string
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional, Union

import yaml
from pydantic import ValidationError

from .errors import InputFileError, describe_validation_error
from .persona_model import Persona
from .strict_yaml import load_strict

PERSONA_SUFFIXES = (".yaml", ".yml")
SCHEMA_FILE_NAME = "persona.schema.json"
LINE_PLACEHOLDERS = {"amount", "date", "relation"}  # what the offline engine fills in


class PersonaLoadError(InputFileError):
    """One file (or the folder) that could not be loaded; str() is `path: field: problem`."""


@dataclass
class PersonaCatalog:
    directory: Path
    personas: dict[str, Persona] = field(default_factory=dict)  # ordered by file name
    errors: list[PersonaLoadError] = field(default_factory=list)
    paths: dict[str, Path] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)

    def get(self, persona_id: str) -> Persona:
        if persona_id not in self.personas:
            raise KeyError(f"unknown persona {persona_id!r}; loaded: {', '.join(self.personas) or 'none'}")
        return self.personas[persona_id]

    def file_hash(self, persona_id: str) -> str:
        """Short sha256 of the persona's file bytes, stored with each session so edits are traceable."""
        self.get(persona_id)
        return self.hashes[persona_id]


def read_yaml(path: Path, raw: bytes) -> object:
    """Parse YAML bytes with the strict loader; errors name the file and the line."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputFileError(path, f"not UTF-8 text (byte {error.start}); save the file as UTF-8") from error
    try:
        return load_strict(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = " ".join(part for part in (error.context, error.problem) if part)
        raise InputFileError(path, f"YAML syntax error on {where}{problem}") from error
    except yaml.YAMLError as error:
        raise InputFileError(path, f"YAML syntax error: {error}") from error


def _placeholder_problems(persona: Persona) -> list[str]:
    """A typo such as {amout} in a scripted line would otherwise be spoken literally by the offline engine."""
    script, problems = persona.offline, []
    texts = [(f"lines.{key}", line) for key, lines in script.lines.items() for line in lines]
    texts += [(f"mood_lines.{key}", line) for key, lines in script.mood_lines.items() for line in lines]
    texts += [(name, line) for name, line in (("hang_up_line", script.hang_up_line), ("agree_line", script.agree_line))]
    for where, text in texts:
        try:
            unknown = {name for _, name, _, _ in string.Formatter().parse(text or "") if name is not None}
            unknown -= LINE_PLACEHOLDERS
        except ValueError as error:  # a lone { or }
            unknown = {f"?: {error}"}
        if unknown:
            problems.append(f"offline.{where}: unknown placeholder {sorted(unknown)} in {text!r}; "
                            "use {amount} {date} {relation}")
    return problems


def _consistency_problems(persona: Persona) -> list[str]:
    """Cross-field rules the model cannot express; each names the field."""
    problems = []
    hidden, case_file = persona.hidden, persona.case_file
    if persona.category == "third_party" and hidden.is_borrower:
        problems.append("hidden.is_borrower: must be false for category third_party (someone else answers)")
    if not hidden.is_borrower and not hidden.relation_to_borrower:
        problems.append("hidden.relation_to_borrower: required when hidden.is_borrower is false")
    if hidden.bottom_line.amount > case_file.amount_due:
        problems.append(f"hidden.bottom_line.amount: {hidden.bottom_line.amount:g} is more than "
                        f"case_file.amount_due {case_file.amount_due:g}")
    return problems + _placeholder_problems(persona)


@lru_cache(maxsize=256)
def _parse(path: Path, raw: bytes) -> Union[Persona, InputFileError]:
    """Parse one file's bytes; cached on (path, bytes), so an unchanged file is never re-validated."""
    try:
        data = read_yaml(path, raw)
    except InputFileError as error:
        return error
    if data is None:
        return InputFileError(path, "file is empty")
    if not isinstance(data, dict):
        return InputFileError(path, f"top level must be a mapping (id: ..., category: ...), got {type(data).__name__}")
    try:
        persona = Persona.model_validate(data)
    except ValidationError as error:
        return InputFileError(path, describe_validation_error(error))
    problems = _consistency_problems(persona)
    return InputFileError(path, "; ".join(problems)) if problems else persona


def load_persona_file(path: Path) -> tuple[Persona, bytes]:
    """One persona and its file bytes, or InputFileError naming the file and the field."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputFileError(path, f"cannot read file ({error.strerror or error})") from error
    result = _parse(path, raw)
    if isinstance(result, InputFileError):
        raise InputFileError(result.path, result.message)  # a fresh error: the cached one stays pristine
    return result, raw


def load_personas(directory: Path | str) -> PersonaCatalog:
    """Load every persona in the folder; never raises for bad files, collects them in `errors`."""
    catalog = PersonaCatalog(directory=Path(directory))
    if not catalog.directory.is_dir():
        where = "" if catalog.directory.is_absolute() else f" (relative to {Path.cwd()})"
        catalog.errors.append(PersonaLoadError(catalog.directory, f"persona folder not found{where}"))
        return catalog
    # Not recursive; directories and hidden files (editor swap files) are skipped, a broken link is reported.
    paths = sorted((path for path in catalog.directory.iterdir() if path.suffix.lower() in PERSONA_SUFFIXES
                    and not path.name.startswith(".") and not path.is_dir()), key=lambda path: path.name)
    if not paths:
        catalog.errors.append(PersonaLoadError(catalog.directory, "no persona files (*.yaml, *.yml) in this folder"))
    for path in paths:
        try:
            persona, raw = load_persona_file(path)
        except InputFileError as error:
            catalog.errors.append(PersonaLoadError(path, error.message))
            continue
        if persona.id in catalog.personas:
            catalog.errors.append(PersonaLoadError(
                path, f"id: {persona.id!r} is already used by {catalog.paths[persona.id]}"))
            continue
        catalog.personas[persona.id] = persona
        catalog.paths[persona.id] = path
        catalog.hashes[persona.id] = hashlib.sha256(raw).hexdigest()[:12]
    return catalog


def persona_json_schema() -> str:
    """The JSON Schema published as personas/persona.schema.json for editors (yaml-language-server)."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **Persona.model_json_schema()}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def _money(value: Optional[float]) -> str:
    return "—" if value is None else f"¥{value:,.2f}"


def _cell(text: object) -> str:
    """Table cells: a pipe or a line break from the file must not break the Markdown table."""
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def case_file_markdown(persona: Persona) -> str:
    """The 客户档案 the trainee sees, as Chinese Markdown. Reads only public fields: never `hidden`/`offline`."""
    case = persona.case_file
    about = "，".join(part for part in (case.gender, f"{case.age}岁" if case.age else None) if part)
    stars = "★" * persona.difficulty + "☆" * (5 - persona.difficulty)
    rows = [
        ("客户姓名", case.customer_name + (f"（{about}）" if about else "")),
        ("联系电话", case.phone),
        ("所属机构", case.institution),
        ("产品", case.product),
        ("欠款本金", _money(case.principal)),
        ("当前应还总额", _money(case.amount_due)),
        ("最低还款额", _money(case.minimum_payment)),
        ("逾期天数", f"{case.overdue_days} 天"),
        ("原到期还款日", case.due_date or "—"),
        ("客户类型", persona.category_label),
        ("难度", f"{stars}（{persona.difficulty}/5）"),
    ]
    lines = [f"### 客户档案：{_cell(case.customer_name)}", "", "| 项目 | 内容 |", "| --- | --- |"]
    lines += [f"| {label} | {_cell(value)} |" for label, value in rows]
    lines += ["", f"**还款记录**：{case.repayment_history.strip()}"]
    if case.contact_notes:
        lines += ["", "**以往沟通记录**："] + [f"- {note.strip()}" for note in case.contact_notes]
    if case.remarks:
        lines += ["", f"**备注**：{case.remarks.strip()}"]
    return "\n".join(lines) + "\n"
