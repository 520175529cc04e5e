"""What a debtor turn reveals, for the criterion detectors: an objection, a refusal, agreement, a hardship.

Only used to decide whether a criterion applies or was met — never to raise a red line (the debtor's words are
never the agent's violation).
"""

from __future__ import annotations

import re

from .normalize import normalised

_FEES = r"(?:利息|利率|罚息|违约金|手续费|滞纳金|费用|年费|分期费)"
_OBJECTION = re.compile("|".join((
    _FEES + r".{0,6}(?:太|这么|那么|怎么|凭什么|不合理|高|多|贵|乱|不对|不认)", r"(?:凭什么|为什么|怎么)(?:要|还)?.{0,6}" + _FEES,
    r"凭什么", r"不合理|乱收费|高利贷|坑人|骗人|霸王条款|吸血",
    r"怎么(?:这么|会)(?:多|高|贵)|金额不对|数(?:目|额)?不对|算错|多收", r"不是我借|我没(?:有)?借|没(?:有)?申请|被(?:人)?冒用|盗刷|不认(?:这|账)?",
    r"我(?:已经|早就?)还(?:过|了)|已经还清|没收到(?:账单|短信|通知)", r"期限太短|时间太短|太急了", r"投诉|举报|我要找(?:你们)?领导",
    r"合同(?:里)?没(?:写|说)", r"为什么要?(?:还|交|收|付)这么",
)))
_REFUSAL = re.compile("|".join((
    r"不还|没钱|还不(?:了|起|上)|不想还|不打算还|以后再说|再说吧|过段时间|等等再|拖|缓(?:几天|一缓|一下|缓)|宽限|晚几天|能不能(?:晚|少|慢)",
    r"没办法|没有办法|拿不出|凑不(?:出|齐|够)", r"随便你们?|爱怎么(?:样|办)|告我(?:啊|吧)?|去起诉|你们去告", r"别(?:再)?打了|别烦我|挂了",
)))
_FLAT_REFUSAL = re.compile(r"(?:就|我)?不还|不想还|不打算还|随便你们?|爱怎么(?:样|办)|告我(?:啊|吧)?|去起诉|你们去告|有本事")
_AGREEMENT = re.compile(
    r"^(?:好|行|可以|嗯|对|没问题|成|ok)|(?:好的|行吧|可以的|没问题|那就这样|就这么定|我尽量|我会还|一定还|保证|答应|按时还|我那天还|到时候还|那我先还)"
)
_HARDSHIP = re.compile(
    r"失业|没(?:了)?工作|裁员|降薪|工资(?:还)?没发|生病|住院|手术|看病|医药费|孩子|老人|父母|离婚|生意|亏|倒闭|疫情|困难|难处|压力|欠薪|车祸|去世"
)
_ANGER = re.compile(r"烦|滚|别打|有病|骗子|投诉|举报|凭什么|什么态度|你们这些|吵|气死|他妈|tmd|妈的|神经")


def _match(pattern: re.Pattern[str], text: str) -> bool:
    return bool(pattern.search(normalised(text)))


def raises_objection(text: str) -> bool:
    """An objection about interest, fees, amount, term or the loan itself (课件 04 常见异议类型)."""
    return _match(_OBJECTION, text)


def refuses_or_delays(text: str) -> bool:
    return _match(_REFUSAL, text)


def refuses_flatly(text: str) -> bool:
    """An outright refusal (不还 / 随便你们 / 去起诉吧), where explaining real consequences is called for."""
    norm = normalised(text)
    return bool(_FLAT_REFUSAL.search(norm)) and not re.search(r"不是不还|没说不还|不还的话", norm)


def agrees(text: str) -> bool:
    norm = normalised(text)
    return bool(_AGREEMENT.search(norm)) and not re.search(r"^(?:好|行)?(?:什么|个屁)|不行|不可以|不好", norm)


def mentions_hardship(text: str) -> bool:
    return _match(_HARDSHIP, text)


def is_upset(text: str) -> bool:
    return _match(_ANGER, text)
