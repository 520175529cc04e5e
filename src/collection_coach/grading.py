"""The grader: rules always, the LLM judge when configured — "the model scores, the code decides".

Red lines = rule hits ∪ LLM hits that quote an agent turn verbatim. Every evidence quote is checked against the
transcript; a criterion whose quotes are all missing is marked unsupported and falls back to the rules level.
Points, total and pass/fail come from `scoring`, never from the model. A judge that fails after retries gives an
*unscored* grade with the reason (unless the rules already found a red line: that fails the call regardless).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from .callnote_check import check_call_note
from .grade import CriterionResult, Evidence, Grade, GraderInfo, RedLineHit
from .judge import JUDGE_TEMPLATES, JudgeRun, run_judge
from .judge_models import JudgeCriterion
from .llm import ChatModel, LLMError
from .normalize import quote_in_text
from .persona_model import Persona
from .prompts import PromptLibrary
from .rubric import load_rubric, rubric_version
from .rubric_model import Rubric
from .rules_grader import grade_with_rules
from .scoring import score
from .structured import CapabilityCache
from .transcript import AGENT, Transcript

# Where a deterministic fact caps the judge: disclosing the amount before verifying identity is never "fully met".
RULES_CAP = ("identity_verification",)


def locate_quote(transcript: Transcript, turn: int, quote: str, *, agent_only: bool) -> Optional[int]:
    """The turn that really contains `quote`: the claimed one if it does, else the first that does, else None."""
    candidates = [turn] + [index for index in range(len(transcript.turns)) if index != turn]
    for index in candidates:
        if not 0 <= index < len(transcript.turns):
            continue
        candidate = transcript.turns[index]
        if agent_only and candidate.role != AGENT:
            continue
        if quote.strip() and quote_in_text(quote, candidate.text):
            return index
    return None


class Grader:
    def __init__(self, rubric: Rubric, rubric_version: str, *, model: Optional[ChatModel] = None,
                 prompts: Optional[PromptLibrary] = None, temperature: float = 0.0,
                 capabilities: Optional[CapabilityCache] = None):
        if model is not None and prompts is None:
            raise ValueError("an LLM grader needs the prompt library")
        self.rubric = rubric
        self.rubric_version = rubric_version
        self.model = model
        self.prompts = prompts
        self.temperature = temperature
        self.capabilities = capabilities or CapabilityCache()

    @property
    def kind(self) -> str:
        return "llm" if self.model else "rules"

    def info(self) -> GraderInfo:
        if self.model is None:
            return GraderInfo(kind="rules", rubric_version=self.rubric_version)
        return GraderInfo(kind="llm", model=self.model.model_name, temperature=self.temperature,
                          rubric_version=self.rubric_version, prompt_version=self.prompts.version(*JUDGE_TEMPLATES))

    def grade(self, transcript: Transcript, persona: Optional[Persona] = None) -> Grade:
        if not transcript.agent_turns():
            # Silence earns nothing, but it is not a zero either: there is no behaviour to grade.
            return Grade(id=transcript.id, status="unscored", grader=self.info(),
                         reason="通话中学员（坐席）没有发言，无法评分。")
        case = persona.case_file.model_dump() if persona else None  # lets rules check amounts and the institution
        rules = grade_with_rules(transcript, self.rubric, self.rubric_version, persona_case=case)
        issues = check_call_note(transcript)
        if self.model is None:
            return rules.model_copy(update={"call_note_issues": issues, "id": transcript.id})
        try:
            run = run_judge(self.model, self.prompts, transcript, self.rubric, temperature=self.temperature,
                            capabilities=self.capabilities, persona=persona)
        except LLMError as error:
            return self._judge_failed(transcript, rules, error, issues)
        return self._combine(transcript, rules, run, issues)

    def _judge_failed(self, transcript: Transcript, rules: Grade, error: LLMError, issues) -> Grade:
        reason = f"LLM 评审失败：{error.user_message}（{error.kind}: {error.detail[:300]}）"
        if rules.red_lines:
            return rules.model_copy(update={"id": transcript.id, "grader": self.info(), "call_note_issues": issues,
                                            "notes": [*rules.notes, reason + "；红线由规则判定，本次通话不合格"]})
        return Grade(id=transcript.id, status="unscored", grader=self.info(), reason=reason,
                     call_note_issues=issues)

    def _combine(self, transcript: Transcript, rules: Grade, run: JudgeRun, issues) -> Grade:
        notes: list[str] = []
        red_lines = {(hit.id, hit.turn): hit for hit in rules.red_lines}
        for claim in run.output.red_lines:
            turn = locate_quote(transcript, claim.turn, claim.quote, agent_only=True)
            if turn is None:
                notes.append(f"LLM 提出的红线 {claim.id}（第{claim.turn + 1}轮）引文不在坐席发言中，已忽略")
                continue
            red_lines.setdefault((claim.id, turn), RedLineHit(id=claim.id, turn=turn, quote=claim.quote,
                                                             source="llm", detail=claim.reason))
        judged = {criterion.id: criterion for criterion in run.output.criteria}
        rule_levels = {criterion.id: criterion for criterion in rules.criteria}
        criteria = []
        for criterion in self.rubric.criteria:
            claim = judged.get(criterion.id)
            fallback = rule_levels.get(criterion.id)
            criteria.append(self._criterion(transcript, criterion, claim, fallback, notes))
        for index, kind in run.rendered.injections:
            notes.append(f"第{index + 1}轮含疑似注入内容（{kind}），已作为普通发言处理")
        for attempt in run.output.injection_attempts:
            notes.append(f"评审模型识别到第{attempt.turn + 1}轮的注入企图：{attempt.quote[:60]}")
        scored, total, passed = score(criteria, list(red_lines.values()), self.rubric)
        return Grade(
            id=transcript.id, status="graded", total=total, passed=passed,
            red_lines=sorted(red_lines.values(), key=lambda hit: (hit.turn, hit.id)), criteria=scored,
            grader=self.info(), notes=list(dict.fromkeys(notes)), call_note_issues=issues,
            usage={"prompt_tokens": run.prompt_tokens, "completion_tokens": run.completion_tokens,
                   "latency_s": round(run.latency_s, 3)},
        )

    def _criterion(self, transcript, criterion, claim: Optional[JudgeCriterion], fallback, notes) -> CriterionResult:
        if claim is None:
            notes.append(f"评审模型漏评 {criterion.id}，采用规则评分")
            return fallback.model_copy(update={"supported": True})
        evidence = []
        for quote in claim.evidence:
            turn = locate_quote(transcript, quote.turn, quote.quote, agent_only=False)
            if turn is not None:
                evidence.append(Evidence(turn=turn, quote=quote.quote))
        supported = not claim.evidence or bool(evidence)
        level = claim.level
        if level is None and not criterion.may_be_na:
            level, supported = fallback.level, False
        if not supported:
            notes.append(f"{criterion.id} 的证据引文在通话中找不到，已删除，等级改用规则评分")
            level = fallback.level
        if criterion.id in RULES_CAP and level is not None and fallback is not None and fallback.level is not None:
            level = min(level, fallback.level)
        return CriterionResult(id=criterion.id, name=criterion.name, level=level, evidence=evidence,
                               reason=claim.reason, suggestion=claim.suggestion, supported=supported, source="llm")


def build_grader(settings, *, model: Optional[ChatModel] = None, offline: bool = False) -> Grader:
    """The grader the settings configure: rules only offline, rules + LLM judge otherwise."""
    rubric_path = Path(settings.rubric_dir)
    rubric = load_rubric(rubric_path)
    version = rubric_version(rubric_path)
    if offline or settings.engine == "offline":
        return Grader(rubric, version)
    if model is None:
        from .openai_model import build_chat_model

        model = build_chat_model(settings, "grader")
    return Grader(rubric, version, model=model, prompts=PromptLibrary(settings.prompts_dir),
                  temperature=settings.grader_temperature)
