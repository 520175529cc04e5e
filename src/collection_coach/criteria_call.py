"""The call as the criterion rules see it, and how they report a level (evidence, reason, suggestion)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Optional

from . import cues
from .grade import CriterionResult, Evidence
from .normalize import sentences
from .rubric_model import Rubric
from .third_party import PartyAtTurn, parties
from .transcript import AGENT, DEBTOR, Transcript

OVERDUE_DAYS = re.compile(r"逾期(?:了)?(?:已经)?(\d+|[一二两三四五六七八九十百]+)(?:天|日)")


@dataclass
class Call:
    """The call seen by the criterion rules: agent and debtor turns with indexes, plus the case file."""

    transcript: Transcript
    case: dict
    hits: tuple = ()  # red-line hits the rules found in this call
    rubric: Optional[Rubric] = None  # for who is on the phone (the rubric's third-party cues)

    @cached_property
    def listener(self) -> PartyAtTurn:
        """Who the agent was talking to at each turn (borrower, third party, not known yet)."""
        return parties(self.transcript.turns, self.rubric)

    @property
    def red_lines(self) -> frozenset:
        return frozenset(hit.id for hit in self.hits)

    def agent(self) -> list[tuple[int, str]]:
        return [(index, turn.text) for index, turn in enumerate(self.transcript.turns) if turn.role == AGENT]

    def debtor(self) -> list[tuple[int, str]]:
        return [(index, turn.text) for index, turn in enumerate(self.transcript.turns) if turn.role == DEBTOR]

    def first(self, test: Callable[[str], object], after: int = -1) -> Optional[tuple[int, str]]:
        """First agent turn after `after` where `test` is truthy, quoted at the sentence that triggered it."""
        for index, text in self.agent():
            if index > after and test(text):
                return index, quote_of(text, test)
        return None

    @property
    def institution(self) -> str:
        return str(self.case.get("institution") or "XX银行信用卡中心")


def quote_of(text: str, test: Callable[[str], object]) -> str:
    for _, sentence in sentences(text):
        if test(sentence):
            return sentence.strip()
    return text.strip()


def result(criterion_id: str, level: Optional[int], evidence: list[tuple[int, str]], reason: str, suggestion: str):
    return CriterionResult(
        id=criterion_id, level=level, evidence=[Evidence(turn=turn, quote=quote) for turn, quote in evidence],
        reason=reason, suggestion=suggestion if level != 2 else "", source="rules",
    )


def discloses_details(text: str) -> bool:
    return bool(cues.mentions_amount(text)) or bool(OVERDUE_DAYS.search(text))
