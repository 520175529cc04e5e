"""Built-in debtor lines for the offline engine (short spoken Chinese, phone style).

A persona file may script its own lines per intent (`offline.lines`, `offline.mood_lines`, `hang_up_line`,
`agree_line`); whatever it leaves out falls back to these, first per category, then generic. Besides the
trainee-facing intents of `persona_model.OfflineIntent`, the engine uses a few situations of its own
(`SITUATIONS`) that a persona file cannot script: they depend on state, not on what the agent said.
Lines with {amount} / {date} are formatted with the plan under discussion.
"""

from __future__ import annotations

from typing import Mapping, Sequence

# Engine-only situations (not persona-scriptable). Someone who is not the borrower always falls back to the
# third_party category's lines, whatever the persona's category.
SITUATIONS = (
    "agree",                 # accepts the plan: the persona's agree_line, else its plan_acceptable lines
    "cagey_identity",        # the denial persona dodges the first identity check
    "debt_before_identity",  # amount stated before the person was verified
    "plan_hesitant",         # acceptable plan, but not enough trust yet
    "counter_offer",         # plan too high, trust built: counter near the bottom line
    "plan_repeat",           # a plan was already agreed
    "closing_agreed",        # goodbye that confirms the agreed plan
)

GENERIC_LINES: dict[str, list[str]] = {
    "no_introduction": ["你哪位？", "你谁啊？先说你是哪里的。", "喂？你是干什么的？"],
    "greeting": ["嗯，什么事？", "哦，银行的啊……有什么事你说。", "嗯，你说吧。"],
    "identity_check": ["嗯，是我。什么事？", "对，我就是。你说。", "是我，怎么了？"],
    "debt_info": ["嗯……我知道欠着呢。", "这个数我知道，最近确实没顾上。", "知道了知道了。"],
    "ask_reason": ["最近手头确实紧，钱都周转不开。", "唉，最近事情多，一时半会儿拿不出来。"],
    "empathy": ["嗯……你这么说我心里好受点。", "谢谢你能理解。", "唉，也不是我故意不还。"],
    "plan_acceptable": ["行吧，那就{date}还{amount}元。"],
    "agree": ["行，那我{date}先还{amount}元。"],
    "plan_too_high": ["这么多我真拿不出来。", "你这个数太高了，我还不上。", "不行，这么多我没有。"],
    "plan_vague": ["你让我还，我也得有钱啊。", "你光说还，具体怎么还？", "我现在没钱，你说怎么办吧。"],
    "lawful_consequence": ["啊？会影响征信吗……那我得想想办法。", "这个……我也不想弄到起诉那一步。"],
    "pressure": ["你这什么态度？", "你别催了行不行？", "你再这么说话我挂了。"],
    "red_line": ["你这是威胁我？我要投诉你！", "你怎么说话的？我录音了啊！"],
    "closing": ["嗯，好，再见。", "行，知道了，挂了啊。", "好的，再见。"],
    "small_talk": ["嗯。", "然后呢？", "你接着说。"],
    "cagey_identity": ["你先说你是哪里的，我再告诉你。", "你问这个干嘛？你哪位？"],
    "debt_before_identity": ["你谁啊？上来就跟我说钱？", "你搞清楚我是谁了吗就说欠钱？", "什么欠款？你先说清楚你是谁。"],
    "plan_hesitant": ["这个……我再考虑考虑吧。", "先别急，我得想想。", "我现在不好说，回头再说吧。"],
    "counter_offer": ["这么多真没有。我最多能先还{amount}元，{date}。再多真不行了。",
                      "你说的我还不起。这样，我先还{amount}元，{date}，行不行？"],
    "plan_repeat": ["刚才不是说好了吗？{amount}元，{date}。", "说好了{amount}元，{date}，我记着呢。"],
    "closing_agreed": ["好，{amount}元，{date}，我记住了。再见。", "行，那就这么说定了，{amount}元，{date}。再见。"],
}

GENERIC_MOOD_LINES: dict[str, list[str]] = {
    "calm": ["嗯，你说，我听着。", "好的，我明白。", "嗯，还有什么事吗？"],
    "neutral": ["嗯。", "然后呢？", "你到底想说什么？"],
    "upset": ["你烦不烦啊？", "我现在没心情跟你说这些。", "有话快说！"],
}

GENERIC_HANG_UP = "你再这样我就报警了！（挂断）"

CATEGORY_LINES: dict[str, dict[str, list[str]]] = {
    "first_overdue": {
        "debt_info": ["哎呀，真不好意思，我这个月忘了。", "啊，逾期了？我还以为自动扣款了。"],
        "ask_reason": ["最近太忙，真是给忘了，不是故意的。", "卡里钱不够，没扣上吧。"],
        "lawful_consequence": ["会上征信啊？那可不行，我尽快还。", "这么严重啊，那我得赶紧处理。"],
    },
    "repeat_overdue": {
        "debt_info": ["知道知道，每次都是这些话。", "这个月真的紧，下个月一起还。"],
        "ask_reason": ["生意不好做，钱压在货上了。", "别人欠我的钱还没回来，我也没办法。"],
        "plan_vague": ["下个月，下个月一定还。", "过几天吧，过几天有钱了就还。"],
        "lawful_consequence": ["你们每次都这么说……行吧，我想想办法。"],
    },
    "angry": {
        "no_introduction": ["你谁啊？又是催债的？", "哪位？不说清楚我挂了！"],
        "greeting": ["又是你们！一天打多少遍？", "有完没完？又什么事？"],
        "identity_check": ["是我，怎么了？又催？", "是我！有话快说！"],
        "debt_info": ["我知道欠钱！用不着你天天提醒！", "欠多少我心里有数！"],
        "ask_reason": ["原因？生意赔了，钱都被人拖着，你说我能怎么办？"],
        "empathy": ["……你说话倒还像个人。", "哼，你们也知道我难啊？", "行，你好好说，我就好好听。"],
        "pressure": ["你凶什么凶？", "再这么说话我马上挂！", "你什么态度？我要投诉你！"],
        "plan_vague": ["还还还，拿什么还？", "你光让我还，钱从哪来？"],
    },
    "disputing": {
        "debt_info": ["这个数不对吧？怎么比我借的多这么多？", "利息和违约金加起来也太离谱了。"],
        "ask_reason": ["不是不还，是你们这个费用我不认。", "本金我认，这些乱七八糟的费用我得弄清楚。"],
        "plan_too_high": ["费用都没说清楚，这个数我不认。", "先把费用给我解释清楚再说还多少。"],
    },
    "hardship": {
        "debt_info": ["我知道……可我现在真的一分钱都没有。", "我也想还，可是……唉。"],
        "ask_reason": ["我上个月被裁员了，一家人就靠我。", "家里有人生病住院，钱全花在医院了。"],
        "empathy": ["谢谢你……好久没人这么跟我说话了。", "你能理解就好，我不是赖账的人。"],
        "plan_too_high": ["这么多我真的拿不出来，你就是逼死我也没有。"],
    },
    "third_party": {
        "identity_check": ["我不是他，我是他{relation}。你找他什么事？", "他不在，我是他{relation}。什么事啊？"],
        "debt_info": ["他欠钱？他怎么没跟我说过？欠了多少？", "欠钱跟我有什么关系？你跟我说这些干嘛？"],
        "ask_reason": ["他的事我不太清楚，你直接找他吧。", "我不知道，你自己问他。"],
        "plan_acceptable": ["这个我做不了主，我让他给你回电话吧。"],
        "plan_too_high": ["我又不是借钱的人，你跟我说这些干什么？"],
        "plan_vague": ["他欠的你找他，别找我。"],
        "closing": ["行，我会转告他的，再见。", "好，我让他回你电话。"],
    },
    "denial": {
        "identity_check": ["你先说你是哪里的，我再告诉你。", "你问这个干嘛？"],
        "debt_info": ["我从来没借过这个钱！", "什么贷款？我根本不知道这回事。"],
        "ask_reason": ["我都没借过，哪来的原因？", "是不是有人冒用我的身份？"],
        "plan_acceptable": ["钱都不是我借的，我凭什么还？你们先查清楚。"],
        "plan_too_high": ["我没借过，一分都不会还。"],
        "plan_vague": ["不是我借的，我还什么？"],
    },
}


def builtin_lines(category: str, key: str) -> Sequence[str]:
    """The built-in lines for `key` (an intent or a situation) in this category, or the generic ones."""
    return CATEGORY_LINES.get(category, {}).get(key) or GENERIC_LINES.get(key, ())


def builtin_mood_lines(mood: str) -> Sequence[str]:
    return GENERIC_MOOD_LINES.get(mood, GENERIC_MOOD_LINES["neutral"])


class _Slots(dict):
    def __missing__(self, key: str) -> str:
        return ""  # a trainer's unknown {placeholder} must not show up as braces in the call


def fill(line: str, slots: Mapping[str, str]) -> str:
    """Format {amount}/{date}/{relation}; a malformed line (stray brace) is used as written."""
    try:
        return line.format_map(_Slots(slots))
    except (IndexError, ValueError, AttributeError):
        return line
