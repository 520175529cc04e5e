"""Render a transcript for the judge so that trainee text cannot forge turns, speakers or instructions.

Speaker labels come from the data (`role`), never from the text. Each turn sits on one line after a label with
its index; line breaks inside a turn are folded, so a fake "债务人：…" line cannot become a turn. The whole transcript
is wrapped in delimiters carrying a nonce derived from the content: text that imitates a closing tag cannot
know it, and any delimiter-like text inside a turn is defanged anyway.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .transcript import AGENT, Transcript

SPEAKER = {"agent": "坐席", "debtor": "接听方"}

# Text in a turn that talks to the grader or imitates structure; neutralised in the rendering and noted in the grade.
_INJECTION_PATTERNS = (
    (re.compile(r"忽略.{0,12}(规则|标准|指令|提示|要求|以上|上面)"), "要求忽略评分规则"),
    (re.compile(r"(给|打)(我|他|坐席)?.{0,4}(满分|100分|高分)"), "索要满分"),
    (re.compile(r"(评分|打分)(员|模型|系统|AI)"), "对评分方说话"),
    (re.compile(r"</?\s*(transcript|system|assistant|user|通话记录)[^>]*>", re.IGNORECASE), "伪造标签"),
    (re.compile(r"(^|\n)\s*(债务人|接听方|客户|坐席|system|assistant)\s*[:：]", re.IGNORECASE), "伪造说话人"),
    (re.compile(r"\[第\s*\d+\s*轮"), "伪造轮次标记"),
)
_TAG_CHARS = str.maketrans({"<": "‹", ">": "›", "[": "［", "]": "］"})


@dataclass
class RenderedTranscript:
    text: str
    open_tag: str
    close_tag: str
    injections: list[tuple[int, str]] = field(default_factory=list)  # (turn, kind)


def _nonce(transcript: Transcript) -> str:
    digest = hashlib.sha256()
    for turn in transcript.turns:
        digest.update(f"{turn.role}\x1f{turn.text}\x1e".encode())
    return digest.hexdigest()[:10]


def neutralise(text: str) -> str:
    """One line, no structural characters: the turn's words survive, its power to imitate structure does not."""
    return re.sub(r"\s*[\r\n]+\s*", " / ", text.translate(_TAG_CHARS)).strip()


def injection_kinds(text: str) -> list[str]:
    return [kind for pattern, kind in _INJECTION_PATTERNS if pattern.search(text)]


def render_for_judge(transcript: Transcript) -> RenderedTranscript:
    nonce = _nonce(transcript)
    open_tag, close_tag = f"<transcript-{nonce}>", f"</transcript-{nonce}>"
    lines, injections = [open_tag], []
    for index, turn in enumerate(transcript.turns):
        for kind in injection_kinds(turn.text):
            injections.append((index, kind))
        lines.append(f"[第{index}轮|{SPEAKER[turn.role]}] {neutralise(turn.text)}")
    lines.append(close_tag)
    return RenderedTranscript("\n".join(lines), open_tag, close_tag, injections)


def agent_turn_indexes(transcript: Transcript) -> set[int]:
    return {index for index, turn in enumerate(transcript.turns) if turn.role == AGENT}
