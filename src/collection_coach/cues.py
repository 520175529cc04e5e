"""What one agent utterance does: plain functions over the text of a single agent turn.

Shared by the rules grader's criterion detectors and the offline scripted debtor, so the two always agree
on what "introduced themselves" or "proposed a concrete plan" means. Keyword cues are matched on
normalised text (see `normalize`), so spacing, width and traditional characters do not matter. None of
these judges compliance: red lines live in the rubric file and `detectors`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .amounts import amounts, fold
from .normalize import normalised


def _cue(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


_INTRODUCES_SELF = _cue(
    r"我是(?!说|想|觉得|不是|真的|在)..{0,14}", r"我叫", r"我姓", r"工号", r"这里是", r"这边是", r"我这边是",
    r"我们是.{0,12}(?:银行|中心|公司|金融|平台)",
)
_INSTITUTION = _cue(
    r"银行", r"信用卡中心", r"消费金融", r"小额贷款", r"金融(?:公司|服务|科技)?", r"贷款公司", r"催收", r"资产管理",
    r"(?:客服|贷后|法务)(?:中心|部)", r"(?:借呗|花呗|白条|微粒贷|分期乐|平台)",
)
_ASKS_IDENTITY = _cue(
    r"(?:请问|您好)?(?:您|你)?是.{1,8}(?:先生|女士|小姐|本人)(?:吗|嘛|么|对吧|是吧|对吗)",
    r"是.{0,6}本人(?:吗|嘛|么|对吧|是吧|对吗)?", r"核(?:实|对)(?:一下)?(?:您的?)?(?:身份|信息)",
    r"身份证(?:号)?(?:码)?(?:的)?(?:后(?:四|4|六|6)位|尾号)", r"确认(?:一下)?(?:您的?)?身份", r"验证(?:一下)?(?:您的?)?身份",
    r"(?:请问|您好)(?:您|你)?是.{1,6}(?:吗|嘛|么)", r"您的?(?:全名|姓名)是",
    r"^后(?:四|4|六|6)位", r"后(?:四|4|六|6)位(?:数字|号码)?(?:报|说|是多少|多少|给我|跟我|核)",  # a bare "后四位？"
)
_DATE = _cue(
    r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})(?:月(?:\d{1,2}|[一二三四五六七八九十]{1,3})?(?:号|日)?|号|日)",
    r"(?:下|这|本|上)(?:个)?(?:周|星期|礼拜)(?:[一二三四五六日天1-7])?", r"(?:周|星期|礼拜)[一二三四五六日天1-7]",
    r"(?:本|这个?|下个?)月(?:底|初|中|末)?", r"月(?:底|初|中|末)", r"年(?:底|前|后)", r"(?:今|明|后|大后)天", r"今晚|明早|明晚",
    r"(?:\d+|[一二两三四五六七八九十]+)(?:天|日|周|个?星期|个月)(?:内|之内|以内|后|之后)",
    r"发(?:工资|薪)|工资(?:到账|下来|发了)|(?:春节|过年|国庆|元旦)(?:前|后)",
)
_ASKS_REASON = _cue(
    r"什么原因", r"(?:为什么|为啥)(?:没|还没|一直|逾期|不)", r"(?:遇到|碰到|有)(?:了)?(?:什么|啥)?(?:困难|难处|问题|不便|不方便|情况|事)",
    r"怎么了(?:吗|呢)?", r"说说(?:看)?", r"(?:收入|工作|生意)(?:现在|目前)?(?:怎么样|如何|稳定吗|还好吗)",
    r"是不是(?:遇到|有|出了)", r"方便(?:说|讲|告诉)(?:一下)?", r"发生了什么|出了什么事|怎么回事呢?", r"(?:目前|现在)(?:的)?(?:收入|工作|经济|情况)(?:怎么样|如何)",
    r"什么(?:情况|困难)", r"不便之处",
)
_EMPATHY = _cue(
    r"理解(?:您|你)", r"(?:我|我们|非常|很|完全|能)理解", r"明白(?:您|你)的?", r"体谅", r"不容易", r"辛苦", r"(?:别|不要|不用)(?:着急|担心|急)",
    r"(?:很|非常)?抱歉", r"难为(?:您|你)", r"换位", r"(?:能|可以)感受到", r"确实(?:挺|很|不)", r"放心", r"(?:您|你)的(?:难处|处境|担忧|顾虑|心情)",
    r"一起(?:想|找)(?:办法|解决)", r"^理解|理解理解", r"确实(?:容易|难|难受|辛苦|让人|麻烦|着急)", r"换(?:我|成我|做我|了我)(?:我)?也",
    r"(?:先)?(?:冷静|消消气|别生气)", r"是我们的(?:问题|不对|疏忽|失误)", r"(?:您|你)(?:一定|肯定)?(?:很|挺|会)?(?:生气|着急|难受|委屈|为难)",
)
_INSTALLMENTS = re.compile(r"分(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,3})?(?:期|个月|次)|分期|每(?:个)?月(?:还|付)|每期")
# "分期" offers a plan only with a number of periods, a per-period amount, or an offer word around it; a product
# name ("门店手机分期目前应还…", "您这笔分期已经逾期") describes the debt.
_INSTALLMENT_OFFER = _cue(
    r"分(?:\d{1,2}|[一二两三四五六七八九十]{1,3})(?:期|个月|次)", r"每(?:个)?月(?:还|付)|每期",
    r"(?:可以|能|能不能|要不|建议|申请|办理|办个?|帮[你您]|给[你您]|考虑|或者|改成|转成|分成|做个?|选择|我们)(?:.{0,8})分期",
    r"分期(?:的话|方案|计划|来还|还款的话|也行|可以吗|行吗|怎么样|如何)",
)
_REPAY_VERB = _cue(r"还", r"付", r"转", r"存", r"缴", r"入账", r"打款", r"分期", r"方案", r"可以吗|行吗|能不能|怎么样|好吗")
_PAST_DATE = _cue(r"(?:到期|账单|还款)日(?:是|为)?", r"已经?逾期", r"(?:从|自)(?:\d|[一二三四五六七八九十])")
_LAWFUL_CONSEQUENCE = _cue(
    r"征信", r"信用(?:记录|报告|评分)", r"依法", r"法律(?:途径|程序|手段)", r"起诉", r"诉讼",
    r"(?:违约金|罚息|滞纳金|利息)(?:会|将|也会)?(?:继续|一直)?(?:增加|累积|产生|上涨|越来越多)",
    r"(?:会|将|也会)(?:继续)?产生(?:违约金|罚息|滞纳金|利息)", r"影响(?:您的?)?(?:贷款|信用|房贷|车贷|征信|以后|后续)",
)
_RECAP = _cue(
    r"(?:跟|和|与)您(?:再)?确认(?:一下)?", r"(?:再|最后)确认", r"确认一下", r"总结一下", r"(?:那|就)?(?:我们|咱们)?(?:就)?(?:这么|这样)?(?:说定|约定|约好|定)了?",
    r"也就是说您?", r"(?:到时候?|届时)", r"(?:记得|别忘了|提醒您)", r"您刚才(?:说|答应|承诺)",
)
_CLOSE = _cue(r"感谢", r"谢谢", r"再见", r"祝您", r"(?:有|如有)(?:任何)?(?:问题|疑问).{0,8}(?:联系|打)", r"先这样", r"不打扰")
_PRESSURE = _cue(
    r"(?:你|您)?到底(?:还不还|还不|什么时候|想怎么样|怎么回事)", r"别(?:找|再找|跟我找)?借口", r"少(?:废话|来这套|找借口)", r"别(?:跟我)?(?:扯|装|废话|磨蹭|拖)",
    r"赶(?:紧|快)还", r"马上(?:还|给我还|处理)", r"必须(?:今天|马上|立刻)", r"(?:不要|别)再拖", r"说了多少(?:次|遍)", r"(?:你|您)怎么(?:回事|这样)",
    r"听(?:清楚|好)了", r"我不管", r"那是你的事", r"你自己想办法", r"有钱.{0,4}没钱还",
)


def introduces_self(text: str) -> bool:
    """The agent says who they are (我是…/我叫/工号/这里是…)."""
    return bool(_INTRODUCES_SELF.search(normalised(text)))


def names_institution(text: str, institution: Optional[str] = None) -> bool:
    """The agent names an institution. With `institution` given (from the case file), its name must
    appear; a short form such as "XX银行" for "XX银行信用卡中心" also counts."""
    norm = normalised(text)
    if institution:
        target = normalised(institution)
        if not target:
            return False
        head = re.split(r"(?<=银行)|(?<=金融)|(?<=公司)", target)[0]
        return target in norm or (len(head) >= 3 and head in norm)
    return bool(_INSTITUTION.search(norm))


def asks_identity(text: str) -> bool:
    """The agent checks who is on the phone (请问是X先生本人吗 / 核对身份证后四位)."""
    return bool(_ASKS_IDENTITY.search(normalised(text)))


def mentions_amount(text: str) -> list[float]:
    """Money amounts in the utterance (¥/元/块, 两千/三千五/一万二, 2,013.55)."""
    return amounts(text)


def mentions_date(text: str) -> bool:
    """A date or deadline (本月25号, 下周五, 12月5日, 三天内, 发工资那天)."""
    return bool(_DATE.search(fold(text).replace(" ", "")))


def asks_reason(text: str) -> bool:
    """The agent asks why the payment is late or what happened."""
    return bool(_ASKS_REASON.search(normalised(text)))


def shows_empathy(text: str) -> bool:
    """Understanding and sympathy (我理解您的难处 / 别着急 / 确实不容易)."""
    norm = normalised(text)
    return bool(_EMPATHY.search(norm)) and not re.search(r"(?:我|我们)?不(?:能)?理解|理解不了", norm)


@dataclass(frozen=True)
class Plan:
    """A concrete repayment plan proposed in one utterance."""

    amount: Optional[float]
    has_date: bool
    installments: bool
    periods: Optional[int] = None


def proposes_plan(text: str) -> Optional[Plan]:
    """A concrete plan: an amount with a date, or installments with an amount or number of periods, and a
    repayment verb. "建议您尽快还款" (no amount, no date) is not a plan; "您逾期30天，欠款5000元" is debt
    information, not a plan."""
    folded = fold(text).replace(" ", "")
    norm = normalised(text)
    found_amounts = amounts(text)
    offered = any(_INSTALLMENT_OFFER.search(normalised(clause)) for clause in re.split(r"[，。！？；,.!?;]", folded))
    found = list(_INSTALLMENTS.finditer(folded)) if offered else []
    installment = next((match for match in found if match.group("n")), found[0] if found else None)
    periods = None
    if installment and installment.group("n"):
        raw = installment.group("n")
        from .amounts import chinese_number

        periods = int(raw) if raw.isdigit() else int(chinese_number(raw) or 0) or None
    future_date = mentions_date(text) and not (_PAST_DATE.search(norm) and not re.search(r"(?:前|之前|以前|内)", norm))
    if not _REPAY_VERB.search(norm):
        return None
    amount = found_amounts[-1] if found_amounts else None
    if installment and (amount is not None or periods):
        return Plan(amount=amount, has_date=future_date, installments=True, periods=periods)
    if amount is not None and future_date:
        return Plan(amount=amount, has_date=True, installments=False)
    return None


def lawful_consequence(text: str) -> bool:
    """Mentions a real consequence (征信, 违约金, 依法起诉). Whether it is said lawfully is for `detectors`."""
    return bool(_LAWFUL_CONSEQUENCE.search(normalised(text)))


def recaps(text: str) -> bool:
    """Confirms what was agreed (跟您确认一下 / 那就说定了 / 到时候记得)."""
    return bool(_RECAP.search(normalised(text)))


def closes(text: str) -> bool:
    """A polite close (感谢 / 再见 / 有问题随时联系)."""
    return bool(_CLOSE.search(normalised(text)))


def recaps_or_closes(text: str) -> bool:
    return recaps(text) or closes(text)


def is_pressure(text: str) -> bool:
    """Pushy or rude but not a red line (你到底还不还 / 别找借口)."""
    return bool(_PRESSURE.search(normalised(text)))
