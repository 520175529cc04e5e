"""Turn / Transcript / LabelledSample: the interchange format (design.md, contract)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, Optional, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import InputFileError, describe_validation_error

Role = Literal["agent", "debtor"]
AGENT: Role = "agent"
DEBTOR: Role = "debtor"


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role
    text: str


class Transcript(BaseModel):
    """A call. `role` agent = the trainee collector (graded); debtor = whoever answered the phone."""

    model_config = ConfigDict(extra="forbid")

    id: Optional[str] = None
    persona: Optional[str] = None
    turns: list[Turn] = Field(default_factory=list)
    call_note: Optional[str] = None

    def agent_turns(self) -> list[tuple[int, Turn]]:
        """(index, turn) for every agent turn; indexes are 0-based positions in `turns`."""
        return [(index, turn) for index, turn in enumerate(self.turns) if turn.role == AGENT]


class Labels(BaseModel):
    """Human labels of a sample. Levels: 2 fully met, 1 partly, 0 absent/bad, None not applicable."""

    model_config = ConfigDict(extra="forbid")

    criteria: dict[str, Optional[int]] = Field(default_factory=dict)
    red_lines: list[str] = Field(default_factory=list)
    red_line_turns: dict[str, list[int]] = Field(default_factory=dict)
    passed: Optional[bool] = None
    notes: Optional[str] = None


class LabelledSample(Transcript):
    labels: Labels


T = TypeVar("T", bound=Transcript)


def _read_json(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputFileError(path, f"cannot read file ({error.strerror or error})") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputFileError(path, f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})") from error


def _load(path: Path | str, model: type[T], *, ignore: tuple[str, ...] = ()) -> T:
    path = Path(path)
    data = _read_json(path)
    if isinstance(data, dict) and ignore:
        data = {key: value for key, value in data.items() if key not in ignore}
    try:
        loaded = model.model_validate(data)
    except ValidationError as error:
        raise InputFileError(path, describe_validation_error(error)) from error
    if loaded.id is None:
        loaded = loaded.model_copy(update={"id": path.stem})
    return loaded


def load_transcript(path: Path | str) -> Transcript:
    """Read a contract-format transcript; errors name the file and the field. Extra keys such as
    `labels` are allowed here so that a labelled sample can be graded as a transcript."""
    return _load(path, Transcript, ignore=("labels",))


def load_sample(path: Path | str) -> LabelledSample:
    return _load(path, LabelledSample)
