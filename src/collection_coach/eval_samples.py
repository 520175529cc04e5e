"""Finding and loading labelled samples for `coach eval`. One bad file is reported and skipped; the
others still run. Labels are checked against the contract ids so a typo cannot silently drop a criterion."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

from .errors import InputFileError
from .grade import Grade
from .eval_report_model import SampleError
from .rubric_model import CRITERION_IDS, RED_LINE_IDS
from .transcript import AGENT, LabelledSample, Labels, load_sample


@dataclass(frozen=True)
class LoadedSample:
    path: Path
    sample: LabelledSample

    @property
    def sample_id(self) -> str:
        return self.sample.id or self.path.stem


@dataclass(frozen=True)
class Attempt:
    """One grading of one sample. `grade` is None when the grader raised (`error` says what)."""

    repeat: int
    grade: Optional[Grade]
    latency_s: float
    error: Optional[str] = None

    @property
    def scored(self) -> Optional[Grade]:
        """The grade when it was scored; agreement metrics use only these."""
        return self.grade if self.grade is not None and self.grade.status == "graded" else None


@dataclass
class GradedSample:
    loaded: LoadedSample
    attempts: list[Attempt] = field(default_factory=list)  # in repeat order

    @property
    def path(self) -> str:
        return str(self.loaded.path)

    @property
    def labels(self) -> Labels:
        return self.loaded.sample.labels

    def scored_grades(self) -> list[tuple[int, Grade]]:
        return [(attempt.repeat, attempt.scored) for attempt in self.attempts if attempt.scored is not None]


def collect_sample_paths(paths: Sequence[Path | str]) -> list[Path]:
    """Files as given plus every *.json under folders (recursive), sorted, without duplicates.
    A missing path or an empty selection is a usage error (InputFileError)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(candidate for candidate in path.rglob("*.json") if candidate.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise InputFileError(path, "no such sample file or folder")
    unique = list(dict.fromkeys(path.resolve() for path in found))
    if not unique:
        raise InputFileError(Path(paths[0]) if paths else Path("."), "no *.json sample files found")
    return [_display_path(path) for path in unique]


def _display_path(path: Path) -> Path:
    """Relative to the working directory when possible: shorter in reports, same across machines."""
    try:
        return path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def load_samples(paths: Sequence[Path]) -> tuple[list[LoadedSample], list[SampleError]]:
    loaded, errors = [], []
    for path in paths:
        try:
            sample = load_sample(path)
            problems = label_problems(sample)
            if problems:
                raise InputFileError(path, "; ".join(problems))
        except InputFileError as error:
            errors.append(SampleError(path=str(path), stage="load", message=error.message))
            continue
        loaded.append(LoadedSample(path=path, sample=sample))
    duplicates = _duplicate_ids(loaded)
    for item in loaded:
        if item.sample_id in duplicates:
            errors.append(SampleError(path=str(item.path), stage="load",
                                      message=f"id: {item.sample_id!r} is used by more than one sample"))
    return [item for item in loaded if item.sample_id not in duplicates], errors


def _duplicate_ids(loaded: list[LoadedSample]) -> set[str]:
    seen: set[str] = set()
    duplicates: set[str] = set()
    for item in loaded:
        (duplicates if item.sample_id in seen else seen).add(item.sample_id)
    return duplicates


def label_problems(sample: LabelledSample) -> list[str]:
    """What is wrong with a sample's labels, each naming the field (empty when fine)."""
    labels = sample.labels
    problems = []
    for criterion_id, level in labels.criteria.items():
        if criterion_id not in CRITERION_IDS:
            problems.append(f"labels.criteria.{criterion_id}: unknown criterion id")
        elif level is not None and level not in (0, 1, 2):
            problems.append(f"labels.criteria.{criterion_id}: level must be 0, 1, 2 or null, got {level}")
    for red_line_id in labels.red_lines:
        if red_line_id not in RED_LINE_IDS:
            problems.append(f"labels.red_lines: unknown red-line id {red_line_id!r}")
    agent_turns = {index for index, turn in enumerate(sample.turns) if turn.role == AGENT}
    for red_line_id, turns in labels.red_line_turns.items():
        if red_line_id not in labels.red_lines:
            problems.append(f"labels.red_line_turns.{red_line_id}: not listed in labels.red_lines")
        for turn in turns:
            if turn not in agent_turns:
                problems.append(f"labels.red_line_turns.{red_line_id}: turn {turn} is not an agent turn")
    return problems


def sample_set_id(paths: Sequence[Path]) -> str:
    """Identity of a sample set: the sorted file names of every sample found (loadable or not), so runs on
    the same files compare with each other wherever the folder lives, and a file that broke does not
    change the set."""
    digest = hashlib.sha256("\n".join(sorted(Path(path).name for path in paths)).encode("utf-8")).hexdigest()
    return f"samples-{digest[:16]}"
