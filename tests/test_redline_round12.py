"""Blind round 12 as regression cases (data and provenance in `redline_round12_cases`)."""

from __future__ import annotations

import pytest

from collection_coach.detectors import scan_text

from redline_round12_cases import LAWFUL, VIOLATING


def _raised(text: str, rubric, listener: str = "unknown") -> set[str]:
    return {hit.red_line_id for hit in scan_text(text, rubric, listener)}


def _listener(red_line_id: str) -> str:
    """Disclosure lines are said to a third party (a wife, a landlord), so they are judged with one on the line."""
    return "third_party" if red_line_id == "third_party_disclosure" else "unknown"


@pytest.mark.parametrize(("red_line_id", "text"),
                         [pytest.param(red_line_id, text, id=f"{red_line_id}-{case_id}")
                          for red_line_id, text, case_id in VIOLATING])
def test_round12_violation_raises_its_red_line(rubric, red_line_id: str, text: str) -> None:
    assert red_line_id in _raised(text, rubric, _listener(red_line_id))


@pytest.mark.parametrize(("text", "case_id"), [pytest.param(text, case_id, id=case_id) for text, case_id in LAWFUL])
def test_round12_lawful_line_raises_nothing(rubric, text: str, case_id: str) -> None:
    listener = "third_party" if case_id.startswith("law_3p") else "unknown"
    assert _raised(text, rubric, listener) == set()


def test_round12_tables_cover_every_red_line_and_topic() -> None:
    per_red_line = {red_line_id for red_line_id, _, _ in VIOLATING}
    assert len(per_red_line) == 7 and len(VIOLATING) == 105 and len(LAWFUL) == 150
