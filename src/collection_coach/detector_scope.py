"""Clause-level language rules that excuse a red-line pattern match: negation, quoting, attribution, asking.

These are code, not policy: *what* is a violation and which look-alikes are lawful lives in the rubric file; how
Chinese negates, quotes and attributes words is the same for every rubric. A match does not count when its clause

* negates it just before (我们不会…上门, 没有人会去您家, 不需要您去别处借钱) or just after (坐牢是不会的),
* reports someone else's words or deeds (您刚才说我们是骗子, 如果有人让您…, 谁让您往个人账户转钱…都别信),
* asks about the debtor's fear or question and then denies it (您问会不会上门？不会的),

unless the clause is rhetorical (你以为我们不会上门吗, 信不信…).
"""

from __future__ import annotations

import re
from typing import Optional


class scope:  # noqa: N801 - a namespace of compiled language rules
    """Clause-level language rules that excuse a match (see the module docstring)."""

    NEGATED_BEFORE = re.compile(
        r"(?:不会|不用|不必|不再|不能|不得|不要|不可能|不需要|不建议|不推荐|不鼓励|千万别|千万不要|无需|无须|绝不|绝对不会?|决不|从不|从来不会?|从来没有?|并不是|也不是|(?<!是)不是"
        r"|从没有?|并不会?|并没有|没有|没|别(?!人)|甭|禁止|严禁|杜绝|不存在)"
        r"(?:再|去|来|在|派人|主动|随便|轻易|私自|擅自|也|都|会|人|谁|对外|因此|因为这个|就|故意|用|使用|通过|任何|什么|所谓的?"
        r"|说|讲|骂|觉得|认为|自己|是|当|被|把[你您]当(?:成|作)?|[你您](?:们)?|留|有|产生|造成|带来|影响"
        r"|给[你您]|跟[你您]|和[你您]|对[你您]|向[你您]|到[你您]|把(?:[你您]的?)?(?:情况|事情?|信息|欠款|借款|这件事|这事)?)*$"
        r"|(?:(?<!要)不|没|非|并非|而非)$"
    )
    NEGATED_AFTER = re.compile(
        r"^.{0,8}?(?:这些|这种事|这种情况|这个说法|的说法|这回事)?(?:是|倒是|那是|也|都|肯定|绝对|根本|完全|其实|并|当然)*"
        r"(?:不会|不可能|不至于|没有|不存在|谣言|假的|误传|骗人的|瞎说|不实|无关|不涉及|不准确|不对|不正确|错误的?|不成立|谣传"
        r"|(?:早就|早已|已经|从来)?(?:不做|不搞|不干|取消|停止))(?:的|啦|了|哈|呢|这回事|这种事)*$"
    )
    QUOTING = re.compile(
        r"[你您](?:刚才|刚刚|之前|前面|上次|一直)(?:说|提到|讲|问|反映|担心|怕)|[你您]骂(?:我|我们)|[你您](?:是)?(?:说|提到|讲)的|[你您]的意思是"
        r"|[你您]是(?:说|担心|怕|害怕|觉得|指)|[你您](?:反映|投诉|听说|看到|遇到)|网上(?:说|传|讲)|所谓(?:的)?|传说中的?"
        r"|(?:有人|别人|朋友|亲戚|他们|大家|外面)(?:跟[你您]|对[你您])?(?:说|讲|传|吓唬)"
        # "您说晚上不方便", "您说您每天六点出摊" report the debtor's words ("你说你是不是老赖" is rhetorical, below)
        r"|[你您](?:之前|刚才|刚刚)?说(?:过)?(?!呢|吧|说|什么|啥)"
    )
    ASKING = re.compile(r"[你您](?:是不是|是否)?(?:问|说|担心|害怕|怕|觉得|认为)(?![你您])")
    ATTRIBUTED = re.compile(
        r"(?:有人|别人|其他人|陌生人|对方|任何人|某些人).{0,8}(?:冒充|假冒|冒用|盗用|自称|让|叫|要求|要|跟[你您]说|说|打电话|名义)"
        r"|任何(?:人|机构|个人|要求|让)|凡是|骗子|诈骗分子|不法分子|冒充.{0,6}的|之前有(?:个)?(?:客户|人)"
        r"|有(?:的|些)(?:催收|机构|平台|公司|人)|不正规的?|非法催收|谁(?:让|叫|要求|要)"
    )
    RHETORICAL = re.compile(r"以为|难道|信不信|谁说|真当|还想|敢不敢|试试|不是.{1,8}是什么|不是(?:还)?有.{1,8}吗"
                            r"|[你您]说[你您]?.{0,8}(?:是不是|算不算|配不配|对不对)")
    DENIAL = re.compile(r"不会|不是|没有|不存在|放心|别担心|不用担心|谣言|假的|误会|诈骗|骗子")

    @classmethod
    def excuse(cls, clause: str, start: int, end: int, question: bool, rest: str) -> Optional[str]:
        """Why the clause's own words excuse the match clause[start:end] (None: they do not). `rest` is the
        sentence after the match, where a denial may follow a question about the debtor's fear."""
        before, after = clause[:start], clause[end:]
        if cls.RHETORICAL.search(clause):
            return None
        if cls.NEGATED_BEFORE.search(before):
            return "前面有否定"
        if cls.NEGATED_AFTER.search(after):
            return "后面有否定"
        if cls.QUOTING.search(before):
            return "转述客户或他人的话"
        if cls.ATTRIBUTED.search(before):
            return "说的是别人的行为"
        if cls.ASKING.search(before) and (question or cls.DENIAL.search(rest)):
            return "询问客户的担心"
        return None
