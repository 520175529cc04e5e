"""Loading the rubric file (rubric/courseware.yaml); the format itself lives in `rubric_model`.

Loading is strict: unknown or duplicate keys, a missing or repeated criterion / red-line id, weights that do
not sum to 100 and regexes that do not compile are all errors naming the file and the field. The rubric
version recorded with every grade is a short sha256 of the file's bytes, so any edit changes it.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Union

import yaml
from pydantic import PrivateAttr, ValidationError

from .errors import InputFileError
from .evasion import Unmasker
from .rubric_model import CRITERION_IDS, RED_LINE_IDS, Rubric
from .rubric_patterns import CompiledPattern, CompiledRedLine, compile_all, pattern_problem
from .strict_yaml import load_strict

DEFAULT_RUBRIC_FILE = "courseware.yaml"
SCHEMA_FILE_NAME = "rubric.schema.json"
WEIGHT_TOTAL = 100.0


class RubricError(InputFileError):
    """The rubric file is unreadable or invalid; str() is `path: field: problem`."""


# The shipped rubric of a source checkout, used when a caller has no rubric at hand.
_SOURCE_RUBRIC_DIR = Path(__file__).resolve().parents[2] / "rubric"


class LoadedRubric(Rubric):
    """A rubric read from a file: remembers its path and version and caches its compiled patterns, so every
    grade reuses the same compiled regexes without any module-level state."""

    _path: Path | None = PrivateAttr(default=None)
    _version: str = PrivateAttr(default="")
    _compiled: dict[str, CompiledRedLine] | None = PrivateAttr(default=None)
    _unmasker: Unmasker | None = PrivateAttr(default=None)

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def version(self) -> str:
        return self._version


def resolve_rubric_path(path_or_dir: Union[Path, str]) -> Path:
    """A rubric folder means its default file (courseware.yaml)."""
    path = Path(path_or_dir)
    return path / DEFAULT_RUBRIC_FILE if path.is_dir() else path


def rubric_version(path: Union[Path, str]) -> str:
    """Short sha256 of the rubric file's bytes (12 hex characters)."""
    path = resolve_rubric_path(path)
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except OSError as error:
        raise RubricError(path, f"cannot read file ({error.strerror or error})") from error


def compiled_red_line(rubric: Rubric, red_line_id: str) -> CompiledRedLine:
    """The compiled patterns, exceptions and context cues of one red line, compiled once per loaded rubric."""
    if isinstance(rubric, LoadedRubric):
        if rubric._compiled is None:
            rubric._compiled = compile_all(rubric)
        return rubric._compiled[red_line_id]
    return compile_all(rubric)[red_line_id]


def compiled_unmasker(rubric: Rubric) -> Unmasker:
    """The rubric's evasion restorer (`evasions`), built once per loaded rubric."""
    if isinstance(rubric, LoadedRubric):
        if rubric._unmasker is None:
            rubric._unmasker = Unmasker(rubric.evasions.pinyin_words, rubric.evasions.aliases)
        return rubric._unmasker
    return Unmasker(rubric.evasions.pinyin_words, rubric.evasions.aliases)


def compiled_patterns(rubric: Rubric, red_line_id: str) -> tuple[list[CompiledPattern], list[CompiledPattern]]:
    """(patterns, exceptions) of one red line."""
    compiled = compiled_red_line(rubric, red_line_id)
    return compiled.patterns, compiled.exceptions


def context_cues(rubric: Rubric) -> list[CompiledPattern]:
    """Every red line's context cues (debtor words showing a third party is on the line), in rubric order."""
    return [cue for red_line in rubric.red_lines for cue in compiled_red_line(rubric, red_line.id).context_cues]


def default_rubric() -> LoadedRubric:
    """The project's own rubric, for callers that have none at hand (the offline debtor asking who is speaking):
    the source checkout's rubric/ folder, else ./rubric. Re-read when the file changes."""
    for directory in (_SOURCE_RUBRIC_DIR, Path("rubric")):
        path = resolve_rubric_path(directory)
        if path.is_file():
            stat = path.stat()
            return _load_cached(path.resolve(), stat.st_mtime_ns, stat.st_size)
    raise RubricError(resolve_rubric_path(_SOURCE_RUBRIC_DIR), "no default rubric file (pass the rubric explicitly)")


@lru_cache(maxsize=4)
def _load_cached(path: Path, mtime_ns: int, size: int) -> LoadedRubric:
    return load_rubric(path)


def _describe(error: ValidationError, data: Any) -> str:
    """One line per problem; list positions are replaced by the item's id where it has one."""
    lines = []
    for problem in error.errors():
        parts: list[str] = []
        node = data
        for part in problem["loc"]:
            if isinstance(part, int) and isinstance(node, list) and part < len(node):
                item = node[part]
                item_id = item.get("id") if isinstance(item, dict) else None
                parts[-1:] = [f"{parts[-1]}[{item_id}]" if item_id else f"{parts[-1]}[{part}]"] if parts else [str(part)]
                node = item
                continue
            parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
        location = ".".join(parts) or "(top level)"
        message = "unknown key (typo?)" if problem["type"] == "extra_forbidden" else problem["msg"]
        lines.append(f"{location}: {message}")
    return "; ".join(lines)


def _levels_keys_as_strings(data: Any) -> None:
    """YAML reads `0:` as an int; the model's level keys are the strings "0", "1", "2"."""
    if isinstance(data, dict) and isinstance(data.get("criteria"), list):
        for criterion in data["criteria"]:
            if isinstance(criterion, dict) and isinstance(criterion.get("levels"), dict):
                criterion["levels"] = {str(key): value for key, value in criterion["levels"].items()}


def _check_ids(path: Path, rubric: Rubric) -> None:
    for field, expected, items in (
        ("criteria", CRITERION_IDS, rubric.criteria), ("red_lines", RED_LINE_IDS, rubric.red_lines),
    ):
        ids = [item.id for item in items]
        repeated = sorted({item_id for item_id in ids if ids.count(item_id) > 1})
        missing = [item_id for item_id in expected if item_id not in ids]
        if repeated:
            raise RubricError(path, f"{field}: id listed more than once: {', '.join(repeated)}")
        if missing:
            raise RubricError(path, f"{field}: missing id(s): {', '.join(missing)}")


def _check_weights(path: Path, rubric: Rubric) -> None:
    total = sum(criterion.weight for criterion in rubric.criteria)
    if abs(total - WEIGHT_TOTAL) > 1e-6:
        listing = ", ".join(f"{c.id}={c.weight:g}" for c in rubric.criteria)
        raise RubricError(path, f"criteria.*.weight: weights must sum to 100, got {total:g} ({listing})")
    for criterion in rubric.criteria:
        if criterion.may_be_na and not criterion.na_when:
            raise RubricError(path, f"criteria[{criterion.id}].na_when: required when may_be_na is true")
        if criterion.na_when and not criterion.may_be_na:
            raise RubricError(path, f"criteria[{criterion.id}].na_when: set but may_be_na is false")


def _check_patterns(path: Path, rubric: Rubric) -> None:
    problem = pattern_problem(rubric)
    if problem:
        raise RubricError(path, problem)


def _check_evasions(path: Path, rubric: Rubric) -> None:
    for index, word in enumerate(rubric.evasions.pinyin_words):
        if len(word) < 2 or not all("\u3400" <= char <= "\u9fff" for char in word):
            raise RubricError(path, f"evasions.pinyin_words[{index}]: {word!r} must be two or more Chinese characters")
    for written, word in rubric.evasions.aliases.items():
        try:
            re.compile(written)
        except re.error as error:
            raise RubricError(path, f"evasions.aliases[{written!r}]: not a valid regex ({error})") from error
        if not word.strip():
            raise RubricError(path, f"evasions.aliases[{written!r}]: the plain word is empty")


def load_rubric(path_or_dir: Union[Path, str]) -> LoadedRubric:
    """Read and validate a rubric file (or `<dir>/courseware.yaml`); raises RubricError naming file and field."""
    path = resolve_rubric_path(path_or_dir)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise RubricError(path, f"cannot read file ({error.strerror or error})") from error
    try:
        data = load_strict(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise RubricError(path, f"not UTF-8 text ({error.reason} at byte {error.start})") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise RubricError(path, f"not valid YAML ({where}{problem})") from error
    if not isinstance(data, dict):
        raise RubricError(path, "(top level): expected a mapping with name, pass_mark, criteria, red_lines")
    _levels_keys_as_strings(data)
    try:
        rubric = LoadedRubric.model_validate(data)
    except ValidationError as error:
        raise RubricError(path, _describe(error, data)) from error
    _check_ids(path, rubric)
    _check_weights(path, rubric)
    _check_patterns(path, rubric)
    _check_evasions(path, rubric)
    rubric._path = path
    rubric._version = hashlib.sha256(raw).hexdigest()[:12]
    return rubric


def rubric_json_schema() -> str:
    """The JSON Schema published as rubric/rubric.schema.json for editors (yaml-language-server)."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **Rubric.model_json_schema(by_alias=True)}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":  # python -m collection_coach.rubric rubric/  → rewrites rubric/rubric.schema.json
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "rubric") / SCHEMA_FILE_NAME
    target.write_text(rubric_json_schema(), encoding="utf-8")
    print(f"wrote {target}")
