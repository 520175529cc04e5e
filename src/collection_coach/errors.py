"""Errors that name the file, field or value that was wrong."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError


class CoachError(Exception):
    """Base class for errors shown to users (CLI, UI)."""


class InputFileError(CoachError):
    """A user-supplied file (persona, rubric, transcript, sample, config) is unreadable or invalid."""

    def __init__(self, path: Path | str, message: str):
        self.path = Path(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


def describe_validation_error(error: ValidationError) -> str:
    """One line per problem, each naming the dotted field path, e.g. `hidden.bottom_line.amount: ...`."""
    lines = []
    for problem in error.errors():
        location = ".".join(str(part) for part in problem["loc"]) or "(top level)"
        if problem["type"] == "extra_forbidden":
            lines.append(f"{location}: unknown key (typo?)")
        else:
            lines.append(f"{location}: {problem['msg']}")
    return "; ".join(lines)
