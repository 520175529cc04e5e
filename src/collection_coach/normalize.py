"""Text normalisation for rule matching, with a map back to the original text.

Detector patterns in the rubric are written against *normalised* text so that common evasions do not
slip through: spaces or punctuation inside words ("上 门", "上-门"), full-width characters ("上门"
typed with an IME in full-width mode), traditional characters ("債務 上門"), Cantonese characters ("我哋",
"过嚟") and zero-width characters.
Normalised text keeps only letters, digits and currency signs, in simplified Chinese, lower-case.

Every normalised character remembers the index of the original character it came from, so a regex hit
on the normalised text can be quoted in the trainee's own words.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

import zhconv

# Sentence ends used when quoting: the quote is the whole original sentence around a hit.
_SENTENCE_END = re.compile(r"[。！？!?；;\n…]+")
# Clause breaks inside a sentence. The enumeration comma 、 is not one: "拘留、判刑这些都不会" is one clause.
CLAUSE_BREAK = re.compile(r"[，：]|(?<!\d)[,:]|[,:](?!\d)")


# Cantonese characters that ordinary written Mandarin never uses, folded to the Mandarin word they write
# ("我哋同事过嚟睇下你" → 我们同事过来看下你), so one set of patterns covers Cantonese-flavoured speech too.
# Characters that are also ordinary Mandarin (系, 仲, 咪) are left alone; dialect *words* are rubric aliases.
_DIALECT_CHARS = {
    "啲": "点", "哋": "们", "嚟": "来", "睇": "看", "嘅": "的", "唔": "不", "冇": "没", "佢": "他", "喺": "在",
    "咗": "了", "嘢": "东西", "㗎": "的", "嗰": "那", "啱": "对", "攞": "拿", "揾": "找", "畀": "给", "噉": "这样",
    "咩": "什么", "乜": "什么", "咁": "这么", "俾": "给", "嘞": "了", "噃": "啊", "嚿": "块", "冧": "倒",
}


@lru_cache(maxsize=8192)
def _normalise_char(char: str) -> str:
    """One original character → zero or more normalised characters (pure, so safe to memoise)."""
    out = []
    for folded in unicodedata.normalize("NFKC", char):
        # Per-character conversion: phrase-level conversion could change the length and break the offset map.
        simplified = zhconv.convert(folded, "zh-cn") if ord(folded) > 0x2E7F else folded
        simplified = _DIALECT_CHARS.get(simplified, simplified)
        for piece in simplified.lower():
            category = unicodedata.category(piece)
            if category[0] in ("L", "N") or category == "Sc":
                out.append(piece)
    return "".join(out)


@dataclass(frozen=True)
class NormalisedText:
    """`text` is the normalised string; `origin[i]` is the index in `original` that `text[i]` came from."""

    original: str
    text: str
    origin: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) covering normalised [start, end)."""
        if not self.origin or start >= end:
            return (0, 0)
        return (self.origin[start], self.origin[end - 1] + 1)

    def index_of(self, original_index: int) -> int:
        """The first normalised index whose character comes from `original_index` or later."""
        return bisect_left(self.origin, original_index)

    def clause_bounds(self, start: int, end: int) -> tuple[int, int]:
        """Normalised [start, end) of the comma-separated clause(s) around the normalised span [start, end)."""
        if not self.origin or start >= end:
            return (0, len(self.text))
        first, last = self.original_span(start, end)
        clause_start = 0
        for match in CLAUSE_BREAK.finditer(self.original, 0, first):
            clause_start = match.end()
        following = CLAUSE_BREAK.search(self.original, last)
        return self.index_of(clause_start), self.index_of(following.start() if following else len(self.original))

    def original_sentence(self, start: int, end: int) -> str:
        """The original sentence(s) around the normalised span [start, end), stripped."""
        first, last = self.original_span(start, end)
        return sentence_around(self.original, first, last)


def normalise(text: str) -> NormalisedText:
    """NFKC (full-width → half-width), traditional → simplified, lower-case; drop whitespace, punctuation,
    symbols and zero-width/format characters."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in _normalise_char(char):
            chars.append(piece)
            origin.append(index)
    return NormalisedText(original=text, text="".join(chars), origin=tuple(origin))


def normalised(text: str) -> str:
    """Just the normalised string."""
    return normalise(text).text


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) of `text` that contain the original span [start, end)."""
    sentence_start = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        sentence_start = match.end()
    following = _SENTENCE_END.search(text, max(end, start))
    sentence_end = following.end() if following else len(text)
    return text[sentence_start:sentence_end].strip()


def sentences(text: str) -> list[tuple[int, str]]:
    """Split original text into (start offset, sentence) pieces, punctuation kept with its sentence."""
    pieces = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if text[start:match.end()].strip():
            pieces.append((start, text[start:match.end()]))
        start = match.end()
    if text[start:].strip():
        pieces.append((start, text[start:]))
    return pieces


def quote_in_text(quote: str, text: str) -> bool:
    """True when `quote` occurs in `text` once both are normalised (used to verify evidence quotes,
    tolerating differences in spacing, punctuation, width and script). An empty quote never matches."""
    needle = normalised(quote)
    return bool(needle) and needle in normalised(text)
