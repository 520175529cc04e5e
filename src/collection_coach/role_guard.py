"""Keep the simulated debtor in character.

LLMs asked to play a debtor drift: they answer as an assistant ("作为一个AI…"), start speaking as the collector
("您好，我是XX银行的…请问您什么时候还款"), or prefix speaker labels. We detect that on the reply text and let the
caller regenerate; speaker labels are simply stripped.
"""

from __future__ import annotations

import re
from typing import Optional

HANG_UP_MARKER = "[挂断]"

_ASSISTANT_PATTERNS = (
    r"作为(一个|一名)?(AI|人工智能|语言模型|助手)",
    r"我(是|只是)(一个)?(AI|人工智能|语言模型|智能助手|虚拟助手)",
    r"(很抱歉|抱歉)，?我(无法|不能)(扮演|继续扮演|提供)",
    r"(以下|下面)是.{0,10}(回复|回答|建议)",
    r"(建议|你可以)(坐席|催收员)",
    r"(角色扮演|扮演的角色)",
)
_COLLECTOR_PATTERNS = (
    r"^(您好|你好)?[，,]?我是.{0,20}(银行|金融|催收|客服|贷后)",
    r"(请问)?您(打算|准备)?什么时候(能)?(把钱)?还(款|上)",
    r"(我们|我这边)(需要|要求)您(尽快)?(还款|还清)",
    r"请您(尽快)?(还款|处理欠款|把欠款还上)",
)
_SPEAKER_LABEL = re.compile(r"^\s*(债务人|客户|借款人|我|回答|回复|[\u4e00-\u9fa5]{2,4})\s*[:：]\s*")
_COLLECTOR_LABEL = re.compile(r"^\s*(坐席|催收员|客服|学员|agent|collector)\s*[:：]", re.IGNORECASE)


def strip_speaker_label(text: str) -> str:
    """Remove a leading "债务人：" style label the model sometimes adds (never the collector's label)."""
    if _COLLECTOR_LABEL.match(text):
        return text
    return _SPEAKER_LABEL.sub("", text, count=1)


def role_slip_reason(text: str) -> Optional[str]:
    """Why this reply is out of character, or None if it is fine."""
    stripped = text.strip()
    if not stripped:
        return None
    if _COLLECTOR_LABEL.match(stripped):
        return "以坐席身份发言"
    for pattern in _ASSISTANT_PATTERNS:
        if re.search(pattern, stripped, re.IGNORECASE):
            return "以AI助手身份发言"
    for pattern in _COLLECTOR_PATTERNS:
        if re.search(pattern, stripped):
            return "以催收坐席身份发言"
    return None


def split_hang_up(text: str) -> tuple[str, bool]:
    """(visible text, hung_up). Text after the marker is dropped: the line is dead."""
    index = text.find(HANG_UP_MARKER)
    if index < 0:
        return text, False
    return text[:index].rstrip(), True


def visible_while_streaming(text: str) -> str:
    """Hide a marker that may be only partly streamed so far (e.g. a trailing "[挂")."""
    visible, _ = split_hang_up(text)
    for length in range(len(HANG_UP_MARKER) - 1, 0, -1):
        if visible.endswith(HANG_UP_MARKER[:length]):
            return visible[:-length].rstrip()
    return visible
