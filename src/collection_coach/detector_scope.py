"""Clause-level language rules that excuse a red-line pattern match: negation, quoting, attribution, asking.

These are code, not policy: *what* is a violation and which look-alikes are lawful lives in the rubric file; how
Chinese negates, quotes and attributes words is the same for every rubric. A match does not count when its clause

* negates it just before (我们不会…上门, 没有人会去您家, 不需要您去别处借钱) or just after (坐牢是不会的),
* reports someone else's words or deeds (您刚才说我们是骗子, 如果有人让您…, 谁让您往个人账户转钱…都别信),
* asks about the debtor's fear or question and then denies it (您问会不会上门？不会的),
* names what the debtor suffers and how it feels (被一直催确实让人窝火),
* is followed by the agent's advice against it (借别的平台的钱来还，我们不建议),
* reports, for a complaint the agent is recording, what someone said or did (说了上门、坐牢，我都记下了),

unless the clause is rhetorical (你以为我们不会上门吗, 信不信…).
"""

from __future__ import annotations

import re
from typing import Optional


class scope:  # noqa: N801 - a namespace of compiled language rules
    """Clause-level language rules that excuse a match (see the module docstring)."""

    NEGATED_BEFORE = re.compile(
        r"(?:不会|不用|不必|不再|不能|不得|(?<!要)不要|不可能|不需要|不建议|不推荐|不鼓励|千万别|千万不要|无需|无须|绝不|绝对不会?|决不|从不|从来不会?|从来没有?|并不是|也不是|(?<!是)不是"
        r"|不做|不搞|不干|不派|不采取|不安排"
        r"|从没有?|并不会?|并没有|没有|没|别(?!人)|甭|禁止|严禁|杜绝|不存在|不等于|不代表|不意味着|算不上|谈不上|称不上"
        r"|不影响|不涉及|不牵连|不连累|不波及)"
        r"(?:再|去|来|在|派人|主动|随便|轻易|私自|擅自|也|都|会|人|谁|对外|因此|因为这个|就|故意|用|使用|通过|任何|什么|所谓的?"
        r"|勉强|硬着头皮|非得|急着|为了还(?:钱|款|我们)?|专门|让|叫|使|因为[^，]{0,8}?(?:就|而)?|(?:不还|没还|还不上|欠钱|欠款|欠了|欠债|逾期|一逾期)(?:钱|款)?就|发|交|缴|客户|任何人|把钱|把款|打电话|来电|权力|权利|资格|能力|往|向|微信|支付宝|短信|拨打|拨|转(?:钱|账)?(?:到|给)|为了[^，]{0,6}?|全国|全网|担心|害怕|怕|操心|我们|要求|建议|劝|鼓励|逼|强迫"
        r"|说|讲|骂|觉得|认为|自己|是|当|被|把[你您]当(?:成|作)?|[你您](?:们)?|留|有|产生|造成|带来|影响"
        r"|给[你您]|跟[你您]|和[你您]|对[你您]|向[你您]|到[你您]|把(?:[你您]的?)?(?:[一-鿿]{0,4}?)(?:情况|事情?|信息|欠款|借款|这件事|这事)?)*$"
        r"|(?:(?<!要)不|没|非|并非|而非)$"
    )
    NEGATED_AFTER = re.compile(
        r"^.{0,8}?(?:这些|这种事|这种情况|这个说法|的说法|这回事)?(?:是|倒是|那是|也|都|肯定|绝对|根本|完全|其实|并|当然)*"
        r"(?:不会|不可能|不至于|谈不上|算不上|没有|不存在|谣言|假的|误传|骗人的|瞎说|不实|无关|不涉及|不准确|不对|不正确|错误的?|不成立|谣传"
        r"|(?:早就|早已|已经|从来)?(?:不做|不搞|不干|取消|停止))"
        r"(?:联系|去|找|打扰|上门|打电话|打|做|这样做|这么做|影响|告诉|透露|说|通知|骚扰|过去|涉及|牵连|管|扣|停)?"
        r"(?:的|啦|了|哈|呢|这回事|这种事)*$"
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
        r"|有(?:的|些)(?:催收|机构|平台|公司|人)|有的(?:还|会|甚至)?(?=诱导|让|要|叫|说|收)|不正规的?|非法催收|谁(?:让|叫|要求|要)"
    )
    # "凡是欠钱不还的都是老赖，你也一样": the general statement is applied to the debtor.
    INCLUDES_YOU = re.compile(r"[你您](?:也|同样)(?:一样|是|算)|[你您]就是(?:这种|其中|一个|个)|包括[你您]|[你您]也?(?:逃不了|跑不了)")
    # "您说“你们敢上门试试”": the debtor's words to us, quoted back; their rhetoric is not the agent's.
    QUOTING_DEBTOR = re.compile(r"[你您](?:刚才|刚刚|之前)?(?:是)?(?:说|讲|骂)(?:过)?(?:的)?(?:[你您]们|以为|怕|担心|觉得|听说|之前|有人|那个|那位)")
    # "要是有人上门找您要钱，您可以直接报警": a hypothetical stranger, and advice on what to do about them.
    SOMEONE_ELSE = re.compile(r"(?:要是|如果|万一|假如|若)(?:有)?(?:人|谁|陌生人|别人|其他人)?$")
    STRANGER = re.compile(r"^(?:有人|别人|陌生人|其他人|谁)")
    ADVICE = re.compile(r"报警|别信|不要信|不要理|别理|挂掉|挂断|核实|警惕|不要转|别转")
    RHETORICAL = re.compile(r"以为|难道|信不信|谁说|真当|还想|敢不敢|试试|不(?:是|算).{1,8}(?:是|算)什么|不是(?:还)?有.{1,8}吗"
                            r"|[你您]说[你您]?.{0,8}(?:是不是|算不算|配不配|对不对)")
    DENIAL = re.compile(r"不会|不是|没有|不存在|放心|别担心|不用担心|谣言|假的|误会|诈骗|骗子|不能(?:跟[你您])?(?:确认|透露|说)|无法(?:确认|透露)|不方便(?:透露|说)")
    # "您担心被加收手续费，我理解": the agent names the debtor's worry and acknowledges it.
    WORRY = re.compile(r"[你您](?:的)?(?:是不是|是否|可能|也|很|最)?(?:担心|害怕|怕|顾虑|担忧)(?:的)?(?:是)?(?:怕)?(?![你您])")
    # "您怕我们派人上门，其实我们只是电话沟通": the worry is answered with what the agent really does.
    WORRY_ANSWERED = re.compile(r"其实|只(?:是|会|通过|用)?(?:跟[你您](?:本人)?)?(?:电话|短信|线上|联系)|仅(?:通过)?(?:电话|短信)"
                                r"|不收|免费|不(?:用|需要)(?:交|付)|不允许|不合规|违规|保密")
    # "被一直催确实让人窝火": the debtor is the one suffering the act; the agent acknowledges how it feels.
    SUFFERED = re.compile(r"被(?:人|别人|你们|我们|催收|各家|好几家)?$")
    FEELING = re.compile(r"窝火|烦|难受|崩溃|不舒服|焦虑|压力|着急|生气|火大|委屈|心累|受不了|理解")
    # "借别的平台的钱来还，我们不建议": the agent's own advice against it follows in the sentence.
    ADVISED_AGAINST = re.compile(r"^.{0,12}?(?:我们|我)?(?:是|也|都)?(?:不建议|不推荐|不鼓励|不提倡|不允许|不支持|不赞成|不能让[你您]这么做)"
                                 r"|^.{0,4}?[你您]?(?:千万|可千万|最好|可)?(?:别|不要|甭)(?:理|信|碰|搭理|上当|相信)")
    # "威胁上门、联系孩子学校都是违规的": the agent names practices in order to call them violations.
    CALLED_VIOLATION = re.compile(r"^.{0,16}?(?:都是|也是|这都是|都|是)(?:违规|违法|不合规|不允许|不合法)的?"
                                  r"|^.{0,12}?(?:这)?(?:本来)?(?:就)?(?:不应该|是不对的)"
                                  r"|^.{0,10}?(?:这个|这种|这样)(?:确实|的确|真的)?(?:不应该|不该)")
    # "之前有人说要上门…这种说法不符合我们的规定": someone else's violation, reported and then disowned.
    REPORTED = re.compile(r"之前|以前|上次|有人|那位|那个人|有的|催收员|催收人员|同事|(?<![跟和对给向])[你您](?:刚才|刚刚)?(?:是)?说|[你您]的意思是|复述|骗子|冒充|短信(?:里)?说|网上(?:说|传)")
    DISOWNED = re.compile(r"跟进|客服|登记|记下|记录(?:下来|一下|了)|做个?记录|不符合|违规|不合规|(?<!对)不对|道歉|投诉|不允许|是假的|(?:是|都是|那是|属于)(?:.{0,2})诈骗|别信|不要信|千万别|直接挂|官方(?:渠道|客服|电话)|核实")
    # "说了爆通讯录、上门、坐牢，我都记下了": the agent records what the debtor reports, for a complaint.
    RECORDED = re.compile(r"记下|记录(?:下来|一下|了)|做个?记录|登记|备注(?:一下|了)|(?:报|反馈|提交)上去|(?:转|提交|反馈|上报)(?:给|到)?(?:投诉|核查|质检|监察|合规)")
    # "不会让您转账到个人账户，或者交什么手续费": a clause joined by 或者 continues the denial before it.
    COORDINATED = re.compile(r"^(?:或者|或是|或|以及|还有|也不|更不|和)")
    DENIED_EARLIER = re.compile(r"(?:不会|不能|不可能|从来不|从不|不要|别|没有|不让|不用)[^。！？]{0,30}$")
    # "不会有什么爆通讯录、找您家里人这种事": a denied list, closed by 这种事 after the last item.
    DENIED_LIST_OPENS = re.compile(r"(?:不会|没有|不存在|哪有|哪来)(?:有)?(?:什么)?[一-鿿]{1,10}$")
    DENIED_LIST_CLOSES = re.compile(r"^(?:这种|这些|这类|这样的?)(?:事|说法|情况|做法)")
    # "至于坐牢，…根本不存在坐牢这一说": the scary word as a topic, denied afterwards.
    TOPIC = re.compile(r"(?:至于|关于|说到|提到)$")
    # "上门、找您家人、打您单位，这些我们都不会做": a list of acts, then one denial for all of them.
    LIST_DENIED = re.compile(r"^[^就才]{0,16}?(?:这些|这几样|这几种|这类|这种)(?:.{0,4}的)?(?:事情?|做法|情况)?(?:[你您]放心)?(?:我们)?"
                             r"(?:都|也|全都|一概|统统|绝对|从来)*(?:不会|不做|不干|不可能|没有|不存在)(?!少|落下|停|断|放过|手软|客气|缺)")
    ACKNOWLEDGED = re.compile(r"^.{0,4}(?:我|我们|这个|这点|这些)?(?:都|也|很|完全|非常)?(?:能|可以)?(?:理解|明白|懂|体会)")
    FEAR_CONFIRMED = re.compile(r"^(?:(?!不|没|别).){0,6}(?:就该(?:担心|怕)|怕就对了|担心就对了|就对了|会的|没错|当然会|真的会|肯定会|就是要|算[你您]聪明|那就看[你您]|就看[你您])")
    # "我们不会不告诉你领导的", "我们不是不能上门": two negations affirm.
    DOUBLE_NEGATIVE = re.compile(r"(?:不会|不能|不得|不可能|不是|没有|绝不会?|决不会?)不(?:能)?$")
    # "进去踩两年缝纫机的也不是没有": a denial of the denial after the match affirms it.
    DOUBLE_NEGATIVE_AFTER = re.compile(r"^.{0,8}?不是(?:没有|没可能|不(?:会|可能))(?!.{0,4}(?:说法|一说|传言))")
    # "我们不会不打招呼就上门": what is negated is the lack of notice; the visit itself would be announced.
    WITHOUT_NOTICE = re.compile(
        r"(?:不会|不能|绝不会?|决不会?|从不|从来不会?|不可能)(?:随便|轻易)?"
        r"(?:不打招呼|没打招呼|不预约|没(?:有)?预约|不提前(?:告知|通知|联系|预约|说)|不通知[你您]?|不经(?:过)?[你您]?(?:的)?同意"
        r"|未经[你您]?(?:的)?(?:同意|允许)|在?[你您]?(?:不同意|没(?:有)?同意|不知情|不知道))(?:的情况下)?就?(?:直接|贸然|突然)?$")
    # "更不会去您单位或者找您家里人", "既不会起诉您坐牢": a negating modal reaches over a short verb phrase, or over a
    # coordinated one; a condition (就, 才, 否则) ends its reach ("你不还就去你单位或者找你家人" still counts).
    NEGATED_COORDINATION = re.compile(
        r"(?:(?<!会)不会|(?<!能)不能|不可能|绝不会?|决不会?|从不|从来不会?|并不会|也不会|更不会|既不会|没有人会|没人会|不影响|不涉及|不牵连"
        r"|不建议|千万别)"
        r"(?:(?:[^就才否那但却而要再让会]{0,4})|(?:[^就才否那但却而要再]{1,14}(?:或者|或是|还是|或|以及|和|跟)(?:什么|任何|其他|别的)?))$")
    # "最近有骗子冒充催收，说不还就坐牢，您千万别信": someone else's words, dismissed after them.
    SCAM_SOURCE = re.compile(r"只要|但凡|骗子|冒充|假冒|自称|有人|凡是|任何人|陌生人|别人|谁|那些|(?:这种|那种|这类)(?:说|讲)|(?:短信|网上|电话里)(?:说|讲)")
    SCAM_DISMISSED = re.compile(r"警惕|提防|别上当|不要上当|注意(?:辨别|防范)|防范|别信|不要信|别相信|不要相信|千万别|别理|不要理|不用理|都是诈骗|是诈骗|是骗子|是骗人|骗人的|(?<!不)是假的|吓唬(?:人|[你您])|别怕")

    @classmethod
    def excuse(cls, clause: str, start: int, end: int, question: bool, rest: str, following: str = "",
               earlier: str = "") -> Optional[str]:
        """Why the clause's own words excuse the match clause[start:end] (None: they do not). `rest` is the
        sentence after the match, where a denial may follow a question about the debtor's fear; `following` is
        the rest of the turn after that sentence, where the agent may confirm the fear instead ("那您就该担心");
        `earlier` is the sentence before the clause (where "之前有人…" may introduce a reported violation)."""
        before, after = clause[:start], clause[end:]
        if cls.QUOTING_DEBTOR.search(before):
            return "转述客户对我们说的话"
        stranger = before.endswith(("人", "谁")) or cls.STRANGER.search(clause[start:end])
        if stranger and cls.SOMEONE_ELSE.search(before) and cls.ADVICE.search(rest + following):
            return "提醒客户防范他人的行为"
        if cls.RHETORICAL.search(clause):
            return None
        if cls.DOUBLE_NEGATIVE.search(before):
            return None
        if cls.WITHOUT_NOTICE.search(before):
            return "否定的是不打招呼（会提前约好）"
        if cls.NEGATED_BEFORE.search(before) or cls.NEGATED_COORDINATION.search(before):
            return "前面有否定"
        if cls.NEGATED_AFTER.search(after) and not cls.DOUBLE_NEGATIVE_AFTER.search(after):
            return "后面有否定"
        if cls.COORDINATED.search(clause) and cls.DENIED_EARLIER.search(earlier):
            return "并列在前面的否定里"
        if cls.CALLED_VIOLATION.search(rest):
            return "说明这些做法违规"
        if cls.ADVISED_AGAINST.search(rest):
            return "后面劝客户别这样做"
        if re.search(r"(?:希望|想让|要求|请求|请)(?:我们|我)", before) and cls.QUOTING.search(earlier + before):
            return "复述客户自己的请求"
        if (cls.REPORTED.search(earlier + before) or rest.startswith("的事")) and cls.DISOWNED.search(rest + following):
            return "复述并否定别人的违规说法"
        if (cls.RECORDED.search(rest) and re.search(r"说(?:了|过)|提到|有人|联系|(?:之前|上次|那位|那个)(?:.{0,6})说", before)) or \
                (cls.RECORDED.search(earlier) and cls.REPORTED.search(earlier + before)):
            return "记录客户反映的情况（投诉）"
        if cls.TOPIC.search(before) and cls.DENIAL.search(rest + following):
            return "先点出话题再否定（至于坐牢，不存在）"
        if cls.SUFFERED.search(before) and cls.FEELING.search(rest):
            return "说的是客户被催的感受"
        if cls.QUOTING.search(before):
            return "转述客户或他人的话"
        if cls.ATTRIBUTED.search(before) and not cls.INCLUDES_YOU.search(rest):
            return "说的是别人的行为"
        if cls.WORRY.search(before) and (cls.FEAR_CONFIRMED.search(rest) or (len(rest) <= 3 and cls.FEAR_CONFIRMED.search(following))):
            return None  # "您担心我们上门？那您就该担心": the worry is confirmed, not dispelled
        if cls.ASKING.search(before) and (question or cls.DENIAL.search(rest)):
            return "询问客户的担心"
        if cls.DENIED_LIST_OPENS.search(before) and cls.DENIED_LIST_CLOSES.search(rest):
            return "否定的列举（不会有什么…这种事）"
        if cls.LIST_DENIED.search(rest):
            return "后面有否定（列举后一并否定）"
        if cls.WORRY.search(before) and (cls.DENIAL.search(rest) or cls.ACKNOWLEDGED.search(rest)
                                         or cls.WORRY_ANSWERED.search(rest)):
            return "复述客户的担心"
        if cls.ASKING.search(before) and cls.ACKNOWLEDGED.search(rest):
            return "复述客户的担心"
        return None

    @classmethod
    def reported_scam(cls, sentence: str, start: int, end: int) -> Optional[str]:
        """Why the match sentence[start:end] is a scammer's words the agent warns about (None: it is not)."""
        if cls.SCAM_SOURCE.search(sentence[:start]) and cls.SCAM_DISMISSED.search(sentence[end:]):
            return "提醒客户防范诈骗（转述骗子的话）"
        return None
