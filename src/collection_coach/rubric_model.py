"""The rubric file format (rubric/*.yaml). Loading lives in `rubric`.

Criterion and red-line ids are a contract (design.md). Red-line detector patterns live in the file so that
trainers can extend them without code.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

CRITERION_IDS = (
    "opening", "identity_verification", "debt_information", "empathy", "active_listening",
    "objection_handling", "solution", "consequences", "emotion_control", "closing",
)
RED_LINE_IDS = (
    "threat_intimidation", "insult_abuse", "impersonation", "false_consequence",
    "third_party_disclosure", "improper_payment", "harassment",
)

CriterionId = Literal[
    "opening", "identity_verification", "debt_information", "empathy", "active_listening",
    "objection_handling", "solution", "consequences", "emotion_control", "closing",
]
RedLineId = Literal[
    "threat_intimidation", "insult_abuse", "impersonation", "false_consequence",
    "third_party_disclosure", "improper_payment", "harassment",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LevelAnchors(_Strict):
    """Anchored descriptions of each level (0 absent/bad, 1 partly, 2 fully met)."""

    level_0: str = Field(alias="0")
    level_1: str = Field(alias="1")
    level_2: str = Field(alias="2")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def for_level(self, level: int) -> str:
        return (self.level_0, self.level_1, self.level_2)[level]


class Criterion(_Strict):
    id: CriterionId
    name: str
    weight: float = Field(gt=0)
    description: str
    levels: LevelAnchors
    may_be_na: bool = False
    na_when: Optional[str] = Field(default=None, description="何时不适用（may_be_na 为真时必填）")
    source: str = Field(description="出自课件哪一节")


PatternWhen = Literal["always", "third_party", "unidentified"]


class DetectorPattern(_Strict):
    """A regex matched against the *normalised* text (no spaces/punctuation, simplified, half-width).

    `{name}` stands for the rubric's lexicon entry `name` (see `rubric_patterns`). `when` says in which
    conversation context the pattern counts. In `patterns` and `exceptions`: "always", or
    "third_party" (only while someone other than the borrower is on the line). In `context_cues` (debtor words):
    "always" (the cue holds even after the borrower was verified: 我是他老婆), or "unidentified" (only while
    nobody on the line has been identified yet: 他不在, which the borrower may also say about someone else).
    """

    pattern: str
    note: Optional[str] = Field(default=None, description="这条规则抓的是什么，报告里展示")
    when: PatternWhen = Field(
        default="always",
        description="何时生效：always 总是；third_party 仅当接电话的是第三方（patterns/exceptions 用）；"
                    "unidentified 仅当还没确认对方身份（context_cues 用）",
    )
    together_with: list[str] = Field(
        default_factory=list,
        description="仅 patterns 用：这些正则也都要在同一轮坐席话语里出现（且没有被否定、转述或例外豁免）才算命中，"
                    "如“注意安全”要和催款的话同时出现",
    )
    yields_to: list[RedLineId] = Field(
        default_factory=list,
        description="仅 patterns 用：同一轮坐席话语已经命中这些红线时，本条不再另记一条红线（一个违规只记一条），"
                    "如一句“你看我敢不敢”重申的是同一轮里爆通讯录的威胁",
    )
    debtor_replies: list[str] = Field(
        default_factory=list,
        description="仅 patterns 用：客户紧接着的回话要匹配其中之一，本条才算命中——客户当场的反应印证了这句话"
                    "（坐席话里有挖苦的字眼，客户马上回“你骂谁呢”）。命中的仍是坐席的话，客户的话本身从不算违规",
    )


class RedLine(_Strict):
    id: RedLineId
    name: str
    description: str
    rule: str = Field(description="依据的规定（见 compliance-rules.md）")
    patterns: list[DetectorPattern] = Field(min_length=1)
    exceptions: list[DetectorPattern] = Field(
        default_factory=list, description="合法表述：与命中部分重叠的例外不算违规（如 如实上报征信、不会上门）"
    )
    context_cues: list[DetectorPattern] = Field(
        default_factory=list,
        description="客户（接电话的人）说的、表明对方不是借款人本人的话（如 我是他老婆、他不在、我是他同事）；"
                    "只有这时 when: third_party 的规则才生效",
    )


class Evasions(_Strict):
    """Spellings collectors use to dodge keyword QA, restored to the plain word before red-line patterns run."""

    pinyin_words: list[str] = Field(
        default_factory=list,
        description="写成拼音或半拼音（zuo牢、lao lai、shang men）时要还原的词，只写汉字；纯汉字的谐音不会自动猜",
    )
    aliases: dict[str, str] = Field(
        default_factory=dict,
        description="写法（正则）→ 还原成的词：谐音（尚门 → 上门）、缩写（txl → 通讯录）、方言词（屋企 → 家）",
    )


class Rubric(_Strict):
    name: str
    description: Optional[str] = None
    pass_mark: float = Field(ge=0, le=100)
    criteria: list[Criterion]
    lexicon: dict[str, str] = Field(
        default_factory=dict,
        description="词族：名字 → 正则。规则里写 {名字} 即代表这一族词（如 {relatives} 代表 家人|父母|老婆…）；"
                    "名字用小写英文字母、数字和下划线，词族之间只能引用写在前面的词族",
    )
    evasions: Evasions = Field(default_factory=Evasions, description="规避写法：先还原成原词，再匹配红线规则")
    red_lines: list[RedLine]

    def criterion(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)

    def red_line(self, red_line_id: str) -> RedLine:
        for red_line in self.red_lines:
            if red_line.id == red_line_id:
                return red_line
        raise KeyError(red_line_id)
