"""The debtor side of a call: one interface, two engines (offline scripted, LLM role-play)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Protocol, Sequence

from .transcript import Turn


@dataclass
class DebtorReply:
    """A snapshot of the reply so far. The last snapshot of a stream has done=True."""

    text: str = ""
    hung_up: bool = False
    done: bool = False
    notes: list[str] = field(default_factory=list)  # e.g. "role slip detected and regenerated"


class Debtor(Protocol):
    engine: str        # "offline" | "openai"
    model_label: str   # shown in the UI and stored with the session

    def opening(self) -> str:
        """What the debtor says on picking up the phone (turn 0)."""
        ...

    def stream_reply(self, turns: Sequence[Turn]) -> Iterator[DebtorReply]:
        """Reply to the call so far (the last turn is the agent's). Deterministic engines derive all their
        state from `turns`, so the same conversation always gets the same reply. Raises llm.LLMError."""
        ...
