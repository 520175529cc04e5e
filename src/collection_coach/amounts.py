"""Money amounts and dates in a Chinese sentence: "¥2,013.55", "两千", "三千五", "一万二", "1.2万", "八百块"."""

from __future__ import annotations

import re
import unicodedata

import zhconv

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_NEXT_LOWER = {10_000: 1000, 1000: 100, 100: 10}  # "三千五" = 3500: a trailing digit counts one unit lower

_CN_NUMBER = r"[零〇一二两三四五六七八九十百千万亿]+"
_AR_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER = rf"(?P<ar>{_AR_NUMBER})(?P<armult>[十百千万]|w|k)?|(?P<cn>{_CN_NUMBER})"
_CURRENCY_BEFORE = r"(?P<cur>[¥$]|rmb|人民币)?"
_UNIT_AFTER = r"(?P<unit>元|块|圆|rmb)?"
_AMOUNT = re.compile(_CURRENCY_BEFORE + r"\s*(?:" + _NUMBER + r")\s*" + _UNIT_AFTER, re.IGNORECASE)

# Numbers that are not money: dates, durations, counts, ids, percentages.
_NOT_MONEY_AFTER = re.compile(r"^(?:号|日|月|年|天|期|个|点|分钟|%|％|次|岁|位|周|小时|号码|倍|成|折|页|条|秒|遍|人|家)")
_NOT_MONEY_BEFORE = re.compile(r"(?:工号|尾号|号码|后四位|后4位|编号|卡号|账号|第|星期|周|礼拜)$")
# A bare Arabic number right after a money verb is money ("先还5000", "欠款3200").
_MONEY_VERB_BEFORE = re.compile(r"(?:还|欠|付|转|交|存|差|共|计|额|款|是|到)$")


def fold(text: str) -> str:
    """Width- and script-fold for parsing (keeps punctuation such as "2,013.55")."""
    return zhconv.convert(unicodedata.normalize("NFKC", text), "zh-cn")


def chinese_number(token: str) -> float | None:
    """Parse Chinese numerals incl. colloquial abbreviations: 两千→2000, 三千五→3500, 一万二→12000, 十五→15."""
    if not token or any(char not in _DIGITS and char not in _SMALL_UNITS and char not in _BIG_UNITS for char in token):
        return None
    total, section, digit, last_unit, after_zero = 0, 0, None, None, False
    for char in token:
        if char in "零〇":
            after_zero = True
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[char]
            digit, last_unit = None, _SMALL_UNITS[char]
        else:
            section += digit or 0
            total += (section or 1) * _BIG_UNITS[char]
            section, digit, last_unit = 0, None, _BIG_UNITS[char]
    if digit is not None:
        # A bare trailing digit right after a unit is shorthand ("三千五"), unless a 零 came between.
        if last_unit in _NEXT_LOWER and not after_zero and token[-2:-1] in ("千", "万", "百"):
            section += digit * _NEXT_LOWER[last_unit]
        else:
            section += digit
    return float(total + section)


def _arabic(number: str, multiplier: str | None) -> float:
    value = float(number.replace(",", ""))
    factor = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "w": 10_000, "k": 1000}.get((multiplier or "").lower(), 1)
    return value * factor


def amounts(text: str) -> list[float]:
    """Money amounts mentioned in `text`, in order. A bare number counts as money only when it is clearly
    one: a currency sign or unit (¥, 元, 块), a 千/万 multiplier, thousands separators, or a Chinese
    numeral with a unit (两千, 三千五)."""
    folded = fold(text)
    found: list[float] = []
    for match in _AMOUNT.finditer(folded):
        after = folded[match.end():match.end() + 2]
        before = folded[max(0, match.start() - 4):match.start()]
        if _NOT_MONEY_AFTER.match(after) or _NOT_MONEY_BEFORE.search(before):
            continue
        has_marker = bool(match.group("cur") or match.group("unit"))
        if match.group("ar"):
            number = match.group("ar")
            clearly_money = (has_marker or bool(match.group("armult")) or "," in number
                             or (_MONEY_VERB_BEFORE.search(before) is not None and float(number.replace(",", "")) >= 10))
            if not clearly_money:
                continue
            found.append(_arabic(number, match.group("armult")))
        else:
            token = match.group("cn")
            value = chinese_number(token)
            if value is None:
                continue
            # "一下", "三天" are filtered above; a bare Chinese numeral needs a unit or a 百/千/万 inside.
            if not has_marker and not any(unit in token for unit in "百千万亿"):
                continue
            if value > 0:
                found.append(value)
    return found
