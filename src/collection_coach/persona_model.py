"""The persona file format (personas/*.yaml). Loading and linting live in `personas`.

Top-level `id`, `category`, `difficulty` are a contract (design.md); the rest is ours. Every model forbids
unknown keys so that a trainer's typo fails loudly instead of being silently ignored.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

Category = Literal[
    "first_overdue", "repeat_overdue", "angry", "disputing", "hardship", "third_party", "denial",
]

CATEGORY_LABELS: dict[str, str] = {
    "first_overdue": "初次逾期",
    "repeat_overdue": "多次逾期/屡次失约",
    "angry": "情绪激动",
    "disputing": "对利率/费用/金额/期限有异议",
    "hardship": "真实困难（失业/疾病）",
    "third_party": "家属接听",
    "denial": "否认借款/疑似被冒用",
}

# What the offline engine recognises in an agent turn; persona files may script a reply for each.
OfflineIntent = Literal[
    "no_introduction",      # agent talks without saying who they are / which institution
    "greeting",             # agent introduced self and institution
    "identity_check",       # agent asks to confirm the person (name, ID digits)
    "debt_info",            # agent states the amount / overdue days
    "ask_reason",           # agent asks why payment is late / what happened
    "empathy",              # agent shows understanding
    "plan_acceptable",      # agent proposes a plan within the debtor's bottom line
    "plan_too_high",        # agent proposes a plan beyond the bottom line
    "plan_vague",           # agent demands payment without amount/date
    "lawful_consequence",   # calm, lawful statement of consequences (征信, 依法起诉)
    "pressure",             # rude or pushy but not a red line
    "red_line",             # threat, insult, impersonation, disclosure... → offence
    "closing",              # recap / goodbye
    "small_talk",           # anything else
]

Mood = Literal["calm", "neutral", "upset"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CaseFile(_Strict):
    """客户档案: everything the trainee may see before and during the call."""

    customer_name: str = Field(description="客户姓名（可脱敏，如 王*强）")
    gender: Optional[str] = None
    age: Optional[int] = Field(default=None, ge=16, le=100)
    phone: str = Field(description="脱敏手机号，如 138****5621")
    institution: str = Field(description="坐席所代表的机构，如 XX银行信用卡中心")
    product: str = Field(description="产品，如 信用卡 / 个人消费贷")
    principal: float = Field(ge=0, description="欠款本金（元）")
    amount_due: float = Field(ge=0, description="当前应还总额（元），含利息和违约金")
    minimum_payment: Optional[float] = Field(default=None, ge=0, description="最低还款额（元）")
    overdue_days: int = Field(ge=0)
    due_date: Optional[str] = Field(default=None, description="原到期还款日")
    repayment_history: str = Field(description="过往还款记录")
    contact_notes: list[str] = Field(default_factory=list, description="以往沟通记录，每条一行")
    remarks: Optional[str] = Field(default=None, description="其他提示（如：客户曾投诉）")


class BottomLine(_Strict):
    """What the debtor can really pay — the negotiation target the trainee has to find."""

    amount: float = Field(ge=0, description="最多能先还的金额（元）")
    date: str = Field(description="最早能还的时间，如 本月25号发工资后")
    installments: bool = Field(default=False, description="是否接受分期")
    description: str = Field(description="底线的完整说明，只给扮演模型看")


class HiddenFact(_Strict):
    """A fact the debtor reveals only when the trainee asks about its topic."""

    topic: str = Field(description="话题，如 收入、家庭、借款用途")
    keywords: list[str] = Field(min_length=1, description="坐席问到这些词时才透露（离线引擎据此判断）")
    fact: str = Field(description="事实本身（扮演模型的口吻可自由发挥）")


class HiddenProfile(_Strict):
    """Only the debtor model sees this; never shown to the trainee."""

    is_borrower: bool = Field(default=True, description="接电话的人是否就是借款人本人")
    relation_to_borrower: Optional[str] = Field(default=None, description="非本人时与借款人的关系，如 妻子")
    situation: str = Field(description="真实处境（为什么逾期、现在的生活），只给扮演模型看")
    personality: str = Field(description="性格")
    speaking_style: str = Field(description="说话风格（口头禅、方言味、语速），电话里的样子")
    bottom_line: BottomLine
    hidden_facts: list[HiddenFact] = Field(default_factory=list, description="被问到才透露的事实")
    calms_down_when: list[str] = Field(min_length=1, description="什么让对方缓和")
    escalates_when: list[str] = Field(min_length=1, description="什么让对方更激动")
    hangs_up_when: list[str] = Field(min_length=1, description="什么情况下挂电话")


class OfflineMood(_Strict):
    anger: int = Field(default=30, ge=0, le=100)
    trust: int = Field(default=30, ge=0, le=100)


class OfflineScript(_Strict):
    """Optional scripted lines for the offline engine; it falls back to built-in lines per category."""

    start_mood: OfflineMood = Field(default_factory=OfflineMood)
    hang_up_anger: int = Field(default=90, ge=1, le=100, description="怒气达到该值即挂断")
    lines: dict[OfflineIntent, list[str]] = Field(default_factory=dict)
    mood_lines: dict[Mood, list[str]] = Field(default_factory=dict, description="无特定意图时按情绪选用")
    hang_up_line: Optional[str] = None
    agree_line: Optional[str] = Field(default=None, description="接受方案时的台词，可用 {amount} {date} {relation}")


class Persona(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$")
    category: Category
    difficulty: int = Field(ge=1, le=5)
    title: str = Field(description="选择列表里显示的标题，如 情绪激动的个体户老板")
    summary: str = Field(description="一句话介绍（给学员看，不泄露隐藏信息）")
    case_file: CaseFile
    hidden: HiddenProfile
    opening_line: str = Field(description="接起电话的第一句")
    offline: OfflineScript = Field(default_factory=OfflineScript)

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS[self.category]
