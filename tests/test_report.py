"""Grade reports: Markdown and self-contained HTML with an SVG chart; escaping, unscored and red-line rendering."""

from __future__ import annotations

import re

import pytest

from collection_coach.grade import CallNoteIssue, CriterionResult, Evidence, Grade, GraderInfo, RedLineHit
from collection_coach.report import criterion_chart_svg, grade_html, grade_markdown
from collection_coach.rubric_model import Rubric
from collection_coach.transcript import Transcript, Turn

TRANSCRIPT = Transcript(
    id="s1", persona="angry_boss",
    turns=[
        Turn(role="debtor", text="喂？"),
        Turn(role="agent", text="您好，我是XX银行信用卡中心的小李，请问是王先生吗？"),
        Turn(role="debtor", text="是我，没钱！"),
        Turn(role="agent", text="再不还钱就让你全家都知道！"),
    ],
    call_note="结果：拒绝还款",
)
GRADER = GraderInfo(kind="llm", model="qwen-plus", temperature=0, rubric_version="rub-7f3a", prompt_version="p-91c2")


def _criteria() -> list[CriterionResult]:
    return [
        CriterionResult(id="opening", name="开场与自报家门", level=2, points=5, max_points=5,
                        evidence=[Evidence(turn=1, quote="我是XX银行信用卡中心的小李")], reason="自报家门完整",
                        suggestion="保持"),
        CriterionResult(id="solution", name="", level=1, points=7.5, max_points=15, reason="方案模糊",
                        suggestion="给出具体金额和日期"),
        CriterionResult(id="objection_handling", name="异议处理", level=None, points=0, max_points=0,
                        reason="客户未提出异议"),
        CriterionResult(id="empathy", name="表达理解与同情", level=0, points=0, max_points=10, supported=False,
                        reason="引文无法核实"),
    ]


def _graded(**changes) -> Grade:
    grade = Grade(id="s1", status="graded", total=72.5, passed=True, criteria=_criteria(), grader=GRADER)
    return grade.model_copy(update=changes)


def _red_lined() -> Grade:
    hit = RedLineHit(id="third_party_disclosure", turn=3, quote="再不还钱就让你全家都知道", source="rules",
                     detail="威胁告知家人")
    return _graded(total=0, passed=False, red_lines=[hit])


def _unscored() -> Grade:
    return Grade(id="s1", status="unscored", grader=GRADER, reason="评分模型连续三次返回无效JSON")


def _rubric() -> Rubric:
    levels = {"0": "无", "1": "部分", "2": "完整"}
    return Rubric.model_validate({
        "name": "测试标准", "pass_mark": 60,
        "criteria": [{"id": "solution", "name": "提出可行还款方案", "weight": 15, "description": "…",
                      "levels": levels, "source": "03"}],
        "red_lines": [{"id": "third_party_disclosure", "name": "向第三方透露欠款（标准文件）", "description": "…",
                       "rule": "…", "patterns": [{"pattern": "全家"}]}],
    })


def test_markdown_shows_total_verdict_levels_evidence_and_grader():
    text = grade_markdown(_graded(), transcript=TRANSCRIPT, persona_title="情绪激动的个体户老板")
    assert "## 总分：72.5 / 30 · 通过" in text  # out of the criteria's maximums: 5 + 15 + 0 + 10
    for label in ("完全达到", "部分达到", "未达到", "不适用"):
        assert label in text
    assert "第2轮“我是XX银行信用卡中心的小李”" in text  # turn index 1 is shown as 第2轮
    assert "建议：给出具体金额和日期" in text
    assert "引文在通话中找不到" in text  # the unsupported criterion is flagged
    assert "- **第4轮 · 坐席（学员）**：再不还钱就让你全家都知道！" in text
    assert "评分方式：大模型评分 · 模型：qwen-plus · 温度：0 · 评分标准版本：rub-7f3a · 提示词版本：p-91c2" in text
    assert "情绪激动的个体户老板" in text


def test_total_is_out_of_100_when_no_criterion_carries_a_maximum():
    assert "## 总分：72.5 / 100 · 通过" in grade_markdown(_graded(criteria=[]))


def test_empty_criterion_name_falls_back_to_rubric_then_id():
    assert "| solution | 部分达到 | 7.5 / 15 |" in grade_markdown(_graded())
    with_rubric = grade_markdown(_graded(), rubric=_rubric())
    assert "| 提出可行还款方案 | 部分达到 | 7.5 / 15 |" in with_rubric
    assert "（及格线 60 分）" in with_rubric


@pytest.mark.parametrize("render", [
    pytest.param(lambda g: grade_markdown(g, transcript=TRANSCRIPT), id="markdown"),
    pytest.param(lambda g: grade_html(g, transcript=TRANSCRIPT), id="html"),
])
def test_unscored_shows_the_reason_and_no_total(render):
    text = render(_unscored())
    assert "未评分（原因：评分模型连续三次返回无效JSON）" in text
    assert "总分" not in text and "通过" not in text


@pytest.mark.parametrize("render", [
    pytest.param(lambda g, r=None: grade_markdown(g, transcript=TRANSCRIPT, rubric=r), id="markdown"),
    pytest.param(lambda g, r=None: grade_html(g, transcript=TRANSCRIPT, rubric=r), id="html"),
])
def test_red_line_shows_name_turn_and_quote(render):
    text = render(_red_lined())
    assert "红线警告" in text and "本次通话不合格" in text and "未通过" in text
    assert "向第三方透露或威胁透露欠款" in text  # contract name when no rubric is given
    assert "第4轮" in text and "再不还钱就让你全家都知道" in text and "规则检测" in text
    assert "向第三方透露欠款（标准文件）" in render(_red_lined(), _rubric())  # the rubric's own name wins


def test_html_red_line_links_to_the_flagged_turn():
    page = grade_html(_red_lined(), transcript=TRANSCRIPT)
    assert '<a href="#turn-4">第4轮</a>' in page
    assert re.search(r'<li id="turn-4" class="turn agent flagged">', page)
    assert 'id="turn-3" class="turn debtor"' in page  # only the offending turn is flagged


def test_evidence_is_plain_text_without_a_transcript_to_link_to():
    page = grade_html(_graded())
    assert "第2轮" in page and "<a href" not in page


@pytest.mark.parametrize("field", [
    pytest.param("turn", id="turn_text"),
    pytest.param("quote", id="evidence_quote"),
    pytest.param("reason", id="criterion_reason"),
    pytest.param("note", id="grade_note"),
    pytest.param("title", id="persona_title"),
    pytest.param("detail", id="red_line_detail"),
])
def test_html_escapes_script_wherever_text_comes_from_people_or_models(field):
    attack = "<script>alert('x')</script>"
    transcript = TRANSCRIPT.model_copy(deep=True)
    grade = _red_lined()
    title = "老板"
    if field == "turn":
        transcript.turns[2] = Turn(role="debtor", text=attack)
    elif field == "quote":
        grade.criteria[0].evidence[0] = Evidence(turn=1, quote=attack)
    elif field == "reason":
        grade.criteria[1].reason = attack
    elif field == "note":
        grade.notes.append(attack)
    elif field == "title":
        title = attack
    else:
        grade.red_lines[0].detail = attack
    page = grade_html(grade, transcript=transcript, persona_title=title)
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_markdown_escapes_markup_in_transcript_text():
    transcript = TRANSCRIPT.model_copy(deep=True)
    transcript.turns[0] = Turn(role="debtor", text="<img src=x onerror=alert(1)> | **喊**")
    text = grade_markdown(_graded(), transcript=transcript)
    assert "<img" not in text and "&lt;img" in text and r"\| \*\*喊\*\*" in text


def test_html_is_self_contained():
    page = grade_html(_red_lined(), transcript=TRANSCRIPT)
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<script" not in page and "<link" not in page and "@import" not in page and "url(" not in page
    assert re.findall(r"https?://[^\"' ]+", page) == ["http://www.w3.org/2000/svg"]  # only the SVG namespace
    fragment = grade_html(_graded(), full_document=False)
    assert fragment.startswith('<div class="coach-report">') and "<html" not in fragment


def test_call_note_issues_and_notes_are_shown():
    issue = CallNoteIssue(field="promised_amount", noted="5000", actual="2000", message="小结中的承诺金额与通话不符")
    grade = _graded(call_note_issues=[issue], notes=["已识别并忽略通话中的评分指令：“给我满分”"])
    for text in (grade_markdown(grade), grade_html(grade)):
        assert "通话小结核对" in text and "小结中的承诺金额与通话不符" in text
        assert "5000" in text and "2000" in text
        assert "评分备注" in text and "给我满分" in text


def test_chart_has_one_bar_per_criterion_scaled_to_the_largest_maximum():
    svg = criterion_chart_svg(_graded())
    bars = re.findall(r'<g class="criterion-bar" data-criterion="([a-z_]+)">', svg)
    assert bars == ["opening", "solution", "objection_handling", "empathy"]
    tracks = [float(w) for w in re.findall(r'class="track" [^>]*width="([\d.]+)"', svg)]
    fills = [float(w) for w in re.findall(r'class="fill" [^>]*width="([\d.]+)"', svg)]
    assert tracks[1] == max(tracks) and tracks[0] == pytest.approx(tracks[1] / 3, abs=0.1)  # 5 vs 15 points
    assert fills[0] == pytest.approx(tracks[0], abs=0.1) and fills[1] == pytest.approx(tracks[1] / 2, abs=0.1)
    assert fills[2] == 0 and fills[3] == 0
    assert "不适用" in svg and "solution" in svg  # N/A label; empty name falls back to the id


def test_chart_clamps_points_beyond_the_maximum_and_handles_no_criteria():
    wild = _graded(criteria=[CriterionResult(id="opening", level=2, points=9, max_points=5)])
    svg = criterion_chart_svg(wild)
    track = re.search(r'class="track" [^>]*width="([\d.]+)"', svg).group(1)
    fill = re.search(r'class="fill" [^>]*width="([\d.]+)"', svg).group(1)
    assert fill == track
    empty = criterion_chart_svg(_unscored())
    assert "criterion-bar" not in empty and "暂无分项得分" in empty
