"""Undoing evasions that normalisation cannot: words spelled in pinyin ("zuo牢", "lao lai", "ruo智",
"shang men"), written as a homophone or a dialect word ("尚门", "威信", "屋企"). Collectors use them to slip past
keyword QA; the red-line patterns are written for the plain words, so the words are restored first.

What is restored is policy and lives in the rubric file (`evasions`): `pinyin_words` are restored wherever they
are spelled with latin letters, wholly or partly; `aliases` map a written form (a regex) to the plain word. Pure
hanzi homophones are *not* guessed from pinyin: "若只" and "弱智" sound alike and both are ordinary Chinese, so only
the aliases a trainer lists are rewritten. Latin letters inside a Chinese word, by contrast, are never ordinary.

Works on `NormalisedText` and keeps its map back to the original, so quotes stay in the trainee's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from pypinyin import Style, lazy_pinyin, pinyin

from .normalize import NormalisedText

_LATIN = re.compile(r"[a-z]")


@lru_cache(maxsize=16384)
def _readings(char: str) -> frozenset[str]:
    """Every toneless reading of one hanzi (heteronyms included); empty for anything else."""
    if not ("\u3400" <= char <= "\u9fff"):
        return frozenset()
    return frozenset(pinyin(char, style=Style.NORMAL, heteronym=True)[0])


def _is_latin(char: str) -> bool:
    return "a" <= char <= "z"


@dataclass(frozen=True)
class _Rewrite:
    start: int
    end: int
    word: str


class Unmasker:
    """Restores the rubric's evasion words in normalised text (see the module docstring)."""

    def __init__(self, pinyin_words: Iterable[str] = (), aliases: dict[str, str] | None = None):
        # Every reading of every character ("还" is huan and hai), the phrase reading first.
        spelled = {word: tuple((spoken, *sorted(_readings(char) - {spoken}))
                               for char, spoken in zip(word, lazy_pinyin(word, style=Style.NORMAL)))
                   for word in pinyin_words}
        # Longest first, so "借钱不还" wins over "借钱" at the same place.
        self._words = sorted(spelled.items(), key=lambda item: -len(item[1]))
        self._aliases = [(re.compile(written, re.IGNORECASE), word) for written, word in (aliases or {}).items()]

    def unmask(self, text: NormalisedText) -> NormalisedText:
        """`text` with every evasion replaced by its plain word; the same object when there is none."""
        found = self._alias_rewrites(text.text)
        if _LATIN.search(text.text):
            found += self._pinyin_rewrites(text.text)
        chosen = _non_overlapping(found)
        return _apply(text, chosen) if chosen else text

    def _alias_rewrites(self, text: str) -> list[_Rewrite]:
        return [_Rewrite(match.start(), match.end(), word)
                for regex, word in self._aliases for match in regex.finditer(text) if match.group() != word]

    def _pinyin_rewrites(self, text: str) -> list[_Rewrite]:
        rewrites = []
        for start in range(len(text)):
            if start > 0 and _is_latin(text[start - 1]) and _is_latin(text[start]):
                continue  # never start inside a run of latin letters
            for word, syllables in self._words:
                end = _spelled_at(text, start, syllables)
                if end is not None and text[start:end] != word:
                    rewrites.append(_Rewrite(start, end, word))
                    break
        return rewrites


def _spelled_at(text: str, start: int, syllables: tuple[tuple[str, ...], ...]) -> int | None:
    """The end of the word whose characters read `syllables` (each a tuple of readings), spelled at `start`
    with at least one character in latin letters (the rest as hanzi with that reading), not ending inside a
    run of latin letters; None if it is not spelled there."""
    position, used_latin = start, False
    for readings in syllables:
        if position >= len(text):
            return None
        if _is_latin(text[position]):
            spelled = next((reading for reading in readings if text.startswith(reading, position)), None)
            if spelled is None:
                return None
            position += len(spelled)
            used_latin = True
        elif _readings(text[position]) & set(readings):
            position += 1
        else:
            return None
    if not used_latin or (position < len(text) and _is_latin(text[position]) and _is_latin(text[position - 1])):
        return None
    return position


def _non_overlapping(rewrites: list[_Rewrite]) -> list[_Rewrite]:
    """Leftmost first, the longest at the same place; later overlapping ones are dropped."""
    chosen: list[_Rewrite] = []
    for rewrite in sorted(rewrites, key=lambda item: (item.start, -(item.end - item.start))):
        if not chosen or rewrite.start >= chosen[-1].end:
            chosen.append(rewrite)
    return chosen


def _apply(text: NormalisedText, rewrites: list[_Rewrite]) -> NormalisedText:
    chars: list[str] = []
    origin: list[int] = []
    position = 0
    for rewrite in rewrites:
        chars.extend(text.text[position:rewrite.start])
        origin.extend(text.origin[position:rewrite.start])
        last, count = rewrite.end - rewrite.start - 1, len(rewrite.word)
        for index, char in enumerate(rewrite.word):
            # The first and last restored characters point at the span's ends, so a quote covers all of it.
            chars.append(char)
            origin.append(text.origin[rewrite.start + (index * last // (count - 1) if count > 1 else 0)])
        position = rewrite.end
    chars.extend(text.text[position:])
    origin.extend(text.origin[position:])
    return NormalisedText(original=text.original, text="".join(chars), origin=tuple(origin))


__all__ = ["Unmasker"]
