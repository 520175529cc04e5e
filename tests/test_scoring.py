"""Points, total and pass/fail are computed in code; figures below are worked out by hand.

Default weights: opening 5, identity_verification 10, debt_information 10, empathy 10, active_listening 10,
objection_handling 15 (may be N/A), solution 15, consequences 5 (may be N/A), emotion_control 5, closing 15.
"""

from __future__ import annotations

import pytest

from collection_coach.grade import CriterionResult, RedLineHit
from collection_coach.rubric import load_rubric
from collection_coach.rules_grader import grade_with_rules
from collection_coach.scoring import applicable_weights, score
from collection_coach.transcript import Transcript


@pytest.fixture(scope="module")
def rubric():
    from pathlib import Path

    return load_rubric(Path(__file__).resolve().parents[1] / "rubric")


def levels(rubric, default, **overrides):
    return [CriterionResult(id=c.id, level=overrides.get(c.id, default)) for c in rubric.criteria]


def test_all_fully_met_is_100(rubric) -> None:
    scored, total, passed = score(levels(rubric, 2), [], rubric)
    assert (total, passed) == (100.0, True)
    assert [c.points for c in scored] == [c.weight for c in rubric.criteria]


def test_not_applicable_weight_is_redistributed(rubric) -> None:
    # objection_handling (15) and consequences (5) N/A: 80 weight left, scale 100/80 = 1.25.
    # closing 15 → 18.75 max, level 1 → 9.375 points; everything else full: 100 - 9.375 = 90.625 → 90.6.
    criteria = levels(rubric, 2, objection_handling=None, consequences=None, closing=1)
    scored, total, passed = score(criteria, [], rubric)
    by_id = {c.id: c for c in scored}
    assert by_id["opening"].max_points == 6.25
    assert by_id["closing"].max_points == 18.75
    assert by_id["closing"].points == 9.38  # 9.375 shown with two decimals
    assert by_id["objection_handling"].max_points == 0.0 and by_id["objection_handling"].level is None
    assert total == 90.6
    assert passed is True
    weights = applicable_weights(criteria, rubric)
    assert sum(weights.values()) == pytest.approx(100.0)


def test_half_marks_fail(rubric) -> None:
    _, total, passed = score(levels(rubric, 1), [], rubric)
    assert (total, passed) == (50.0, False)


def test_exactly_pass_mark_passes(rubric) -> None:
    # all level 1 = 50; opening +2.5, identity_verification +5, consequences +2.5 → 60.0
    criteria = levels(rubric, 1, opening=2, identity_verification=2, consequences=2)
    _, total, passed = score(criteria, [], rubric)
    assert (total, passed) == (60.0, True)


def test_any_red_line_fails_with_total_zero(rubric) -> None:
    hit = RedLineHit(id="insult_abuse", turn=3, quote="你这个老赖", source="rules")
    scored, total, passed = score(levels(rubric, 2), [hit], rubric)
    assert (total, passed) == (0.0, False)
    assert scored[0].points == 5.0, "criteria keep their points so the trainee sees what went well"


def test_none_level_on_a_criterion_that_cannot_be_na_counts_as_zero(rubric) -> None:
    # solution (15) may not be N/A: None → level 0, no redistribution → 85.
    scored, total, _ = score(levels(rubric, 2, solution=None), [], rubric)
    assert total == 85.0
    assert next(c for c in scored if c.id == "solution").level == 0


def test_missing_criterion_scores_zero_with_a_reason(rubric) -> None:
    criteria = [c for c in levels(rubric, 2) if c.id != "closing"]
    scored, total, _ = score(criteria, [], rubric)
    closing = next(c for c in scored if c.id == "closing")
    assert (closing.level, total) == (0, 85.0)
    assert "缺少" in closing.reason


def test_invalid_level_is_rejected(rubric) -> None:
    with pytest.raises(ValueError, match="opening"):
        score(levels(rubric, 2, opening=3), [], rubric)


def test_score_does_not_modify_its_input(rubric) -> None:
    criteria = levels(rubric, 2)
    score(criteria, [], rubric)
    assert all(c.points == 0.0 and c.max_points == 0.0 for c in criteria)


def _call(*lines: tuple[str, str]) -> Transcript:
    return Transcript(id="t", turns=[{"role": role, "text": text} for role, text in lines])


def test_rules_grader_good_call_passes(rubric) -> None:
    transcript = _call(
        ("debtor", "喂？"),
        ("agent", "您好，我是XX银行信用卡中心的客服小李，工号1023。请问是张三先生本人吗？"),
        ("debtor", "是我，什么事？"),
        ("agent", "张先生，您的信用卡欠款5000元，已经逾期30天了，是遇到什么困难了吗？"),
        ("debtor", "最近失业了，没钱还。"),
        ("agent", "我理解您的难处，失业确实不容易。您看本月25号前先还1500元可以吗？"),
        ("debtor", "好吧，我尽量。"),
        ("agent", "好的，跟您确认一下，您25号前还1500元。感谢您的配合，再见！"),
    )
    grade = grade_with_rules(transcript, rubric, "abc123")
    assert grade.status == "graded" and grade.grader.kind == "rules" and grade.grader.rubric_version == "abc123"
    assert grade.red_lines == []
    assert grade.passed is True and grade.total >= 60
    assert [c.id for c in grade.criteria] == [c.id for c in rubric.criteria]
    assert sum(c.max_points for c in grade.criteria) == pytest.approx(100.0, abs=0.05)


def test_rules_grader_red_line_means_zero(rubric) -> None:
    transcript = _call(("debtor", "喂？"), ("agent", "你这个老赖，再不还我们就上门找你。"))
    grade = grade_with_rules(transcript, rubric, "abc123")
    assert (grade.total, grade.passed) == (0.0, False)
    assert {hit.id for hit in grade.red_lines} == {"insult_abuse", "threat_intimidation"}
    assert all(hit.turn == 1 and hit.source == "rules" for hit in grade.red_lines)
