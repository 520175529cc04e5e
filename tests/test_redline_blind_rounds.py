"""Blind rounds 11–13 as regression cases. Each round's sentences were written by an independent author who saw only
the shared rules and the labelling policy, measured once before the rule changes they led to (figures in each case
module's docstring), then kept here: every violation must raise its red line, every lawful text must raise nothing.
"""

from __future__ import annotations

from types import ModuleType

import pytest

from redline_cases import raised as _raised

import redline_round11_cases
import redline_round12_cases
import redline_round13_cases

# (round, case module, id prefixes of texts said to a third party, violations, lawful texts)
ROUNDS: list[tuple[str, ModuleType, tuple[str, ...], int, int]] = [
    ("round11", redline_round11_cases, ("lawful_3p",), 140, 160),
    ("round12", redline_round12_cases, ("law_3p",), 105, 150),
    ("round13", redline_round13_cases, ("tpd_to_", "law_to_3p_"), 130, 120),
]


def _listener(red_line_id: str, case_id: str, third_party_ids: tuple[str, ...], round_name: str) -> str:
    """Who is on the line. Rounds 11 and 12 wrote every disclosure as said to a third party; round 13 marks them."""
    if case_id.startswith(third_party_ids):
        return "third_party"
    if red_line_id == "third_party_disclosure" and round_name != "round13":
        return "third_party"
    return "unknown"


VIOLATIONS = [pytest.param(red_line_id, text, _listener(red_line_id, case_id, prefixes, name),
                           id=f"{name}-{red_line_id}-{case_id}")
              for name, module, prefixes, _, _ in ROUNDS for red_line_id, text, case_id in module.VIOLATING]
LAWFUL = [pytest.param(text, _listener("", case_id, prefixes, name), id=f"{name}-{case_id}")
          for name, module, prefixes, _, _ in ROUNDS for text, case_id in module.LAWFUL]


@pytest.mark.parametrize(("red_line_id", "text", "listener"), VIOLATIONS)
def test_blind_violation_raises_its_red_line(rubric, red_line_id: str, text: str, listener: str) -> None:
    assert red_line_id in _raised(text, rubric, listener)


@pytest.mark.parametrize(("text", "listener"), LAWFUL)
def test_blind_lawful_text_raises_nothing(rubric, text: str, listener: str) -> None:
    assert _raised(text, rubric, listener) == set()


@pytest.mark.parametrize(("name", "module", "violations", "lawful"),
                         [pytest.param(name, module, violations, lawful, id=name)
                          for name, module, _, violations, lawful in ROUNDS])
def test_each_round_is_complete(name: str, module: ModuleType, violations: int, lawful: int) -> None:
    assert {red_line_id for red_line_id, _, _ in module.VIOLATING} == {
        "threat_intimidation", "insult_abuse", "impersonation", "false_consequence",
        "third_party_disclosure", "improper_payment", "harassment"}
    assert (len(module.VIOLATING), len(module.LAWFUL)) == (violations, lawful)
