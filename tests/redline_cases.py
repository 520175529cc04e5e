"""What the red-line rules raise for a test case: one agent sentence, or a short call whose last agent turn is
judged (shared by the challenge, blind-round and retired-holdout tests)."""

from __future__ import annotations

from typing import Union

from collection_coach.detectors import detect_red_lines, scan_text
from collection_coach.transcript import Transcript

Lines = tuple[tuple[str, str], ...]
Case = Union[str, Lines]


def raised(case: Case, rubric, listener: str = "unknown") -> set[str]:
    """Red lines raised by the sentence (said to `listener`), or by the last agent turn of the call (the listener
    then comes from the call itself)."""
    if isinstance(case, str):
        return {hit.red_line_id for hit in scan_text(case, rubric, listener)}
    transcript = Transcript(id="case", turns=[{"role": role, "text": text} for role, text in case])
    last_agent = max(index for index, (role, _) in enumerate(case) if role == "agent")
    return {hit.id for hit in detect_red_lines(transcript, rubric) if hit.turn == last_agent}
