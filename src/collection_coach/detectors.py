"""Rule-based red-line detectors over agent turns (patterns from the rubric file), plus the entry point for
criterion detectors. Shared by the rules grader, the LLM grader (as a deterministic floor) and the offline
scripted debtor (which reacts to threats and insults).

Only agent turns are ever checked: the debtor cursing or threatening is not the agent's violation. Matching runs
on normalised text (see `normalize`) with the rubric's evasions restored (see `evasion`: "zuo牢" → 坐牢), sentence
by sentence, and every hit quotes the agent's original sentence.
A pattern match does not count when

* an `exceptions` pattern of the same red line overlaps it (不会上门, 如实上报征信 — an exception excuses only the
  words it covers, so "我们不收手续费，只收一点加急费" still counts),
* the clause negates it just before (我们不会…上门, 没有人会去您家) or just after (坐牢是不会的),
* the clause reports someone else's words or deeds (您刚才说我们是骗子, 如果有人让您转到个人账户…),

unless the clause is rhetorical (你以为我们不会上门吗). `detector_scope` holds these language rules; policy — what
is a violation and which look-alikes are lawful — stays in the rubric file. A pattern with `together_with` parts
counts only when each part also occurs, unexcused, in the same agent turn (a safety warning *and* a demand for
money). A pattern with `debtor_replies` counts only when the debtor's very next turn matches one of them: the
debtor's reaction ("你骂谁呢？", "你别给我单位打电话！") corroborates words too common to flag alone. The hit is
still the agent's turn and quotes the agent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Optional

from .grade import CriterionResult, RedLineHit
from .detector_scope import scope
from .normalize import NormalisedText, normalise, sentences
from .evasion import Unmasker
from .rubric import CompiledPattern, compiled_red_line, compiled_unmasker
from .rubric_model import Rubric
from .third_party import Party, confirms_debt_question, parties
from .transcript import AGENT, Transcript

THIRD_PARTY = "third_party_disclosure"
# A sentence end inside a word ("坐。牢") is an evasion: a match may cross it when the pieces on both sides of the
# break are this short.
_SPLIT_WORD_PIECE = 2


@dataclass(frozen=True)
class TextHit:
    """One red line found in one text: which pattern, and the original sentence around it."""

    red_line_id: str
    quote: str
    note: str


def _units(text: str, unmasker: Unmasker) -> list[tuple[NormalisedText, tuple[int, ...]]]:
    """The sentences of `text`, normalised and with evasions restored, each with no inner breaks; then every run
    of two or three adjacent sentences, with the normalised positions of the breaks between them ("坐。牢")."""
    pieces = [(start, sentence) for start, sentence in sentences(text)]
    units: list[tuple[NormalisedText, tuple[int, ...]]] = [
        (unmasker.unmask(normalise(sentence)), ()) for _, sentence in pieces]
    for size in (2, 3):
        for first in range(len(pieces) - size + 1):
            run = pieces[first:first + size]
            start, end = run[0][0], run[-1][0] + len(run[-1][1])
            merged = unmasker.unmask(normalise(text[start:end]))
            breaks = tuple(merged.index_of(offset - start) for offset, _ in run[1:])
            units.append((merged, breaks))
    return units


def _plain(text: str, rubric: Rubric) -> str:
    """Normalised text with the rubric's evasions restored (the context a pattern match is judged in)."""
    return compiled_unmasker(rubric).unmask(normalise(text)).text


def _splits_a_word(breaks: tuple[int, ...], start: int, end: int) -> bool:
    """In a merged unit, a match counts only if it crosses a break and every crossed break cuts a short word."""
    crossed = [position for position in breaks if start < position < end]
    if not crossed:
        return False
    edges = [start, *crossed, end]
    return all(edges[i] - edges[i - 1] <= _SPLIT_WORD_PIECE and edges[i + 1] - edges[i] <= _SPLIT_WORD_PIECE
               for i in range(1, len(edges) - 1))


def _applies(item: CompiledPattern, listener: Party) -> bool:
    return item.when == "always" or (item.when == "third_party" and listener == "third_party")


_SWAPPED_PRONOUNS = str.maketrans({"你": "我", "您": "我"})


def _echoes(matched: str, heard: str) -> bool:
    """`matched` repeats the debtor's last words (its characters appear in order in them): "一天八遍？" after
    "你们一天打八遍", "抓您？" after "你们要抓我？" (the agent's 你/您 is the debtor's 我)."""
    if len(matched) < 2:
        return False
    for said in (matched, matched.translate(_SWAPPED_PRONOUNS)):
        remaining = iter(heard)
        if all(char in remaining for char in said):
            return True
    return False


def _excuse(unit: NormalisedText, start: int, end: int, exceptions: list[CompiledPattern], context: "_Context") -> Optional[str]:
    """Why the match unit.text[start:end] does not count (None: it counts)."""
    for exception in exceptions:
        if _applies(exception, context.listener) and any(
                match.start() < end and start < match.end() for match in exception.regex.finditer(unit.text)):
            return f"exceptions[{exception.index}] {exception.note or ''}".strip()
    clause_start, clause_end = unit.clause_bounds(start, end)
    clause = unit.text[clause_start:clause_end]
    question = bool(re.search(r"[？?]\s*$", unit.original)) or clause.endswith(("吗", "么"))
    if question and _echoes(unit.text[start:end], context.heard):
        return "反问客户刚说的话"
    position = context.turn.find(unit.text)
    following = context.turn[position + len(unit.text):] if position >= 0 else ""
    return scope.excuse(clause, start - clause_start, end - clause_start, question, unit.text[end:], following,
                        unit.text[:clause_start]) or \
        scope.reported_scam(unit.text, start, end)


@dataclass(frozen=True)
class _Context:
    listener: Party = "unknown"
    heard: str = ""  # the debtor's turn just before, normalised
    turn: str = ""  # the whole agent turn, normalised (what follows a sentence)
    reply: str = ""  # the debtor's turn just after, normalised ("" when the call ends or the agent goes on)


@dataclass(frozen=True)
class Match:
    """One pattern match and whether (and why) it was excused; `explain_text` lists them for trainers.
    `together` holds the words that met the pattern's `together_with` parts in the same turn."""

    red_line_id: str
    pattern_index: int
    matched: str  # normalised
    sentence: str  # original
    excused_by: Optional[str]
    together: tuple[str, ...] = ()


def _found_in_turn(part: re.Pattern[str], units, exceptions: list[CompiledPattern], context: _Context) -> Optional[str]:
    """The first words of the turn that meet a `together_with` part without being excused (negated, quoted, an
    exception), or None."""
    for unit, breaks in units:
        if breaks:
            continue  # parts are looked for sentence by sentence
        for match in part.finditer(unit.text):
            if _excuse(unit, match.start(), match.end(), exceptions, context) is None:
                return match.group()
    return None


def _matches(units, red_line_id: str, rubric: Rubric, context: _Context,
             raised: Optional[frozenset[str]] = None) -> Iterator[Match]:
    """Every match of the red line's patterns. `raised` are the red lines the turn already raises without any
    yielding pattern; None: yielding patterns are left out (the first pass)."""
    compiled = compiled_red_line(rubric, red_line_id)
    for unit, breaks in units:
        for pattern in compiled.patterns:
            if not _applies(pattern, context.listener) or (pattern.yields_to and raised is None):
                continue
            for match in pattern.regex.finditer(unit.text):
                if breaks and not _splits_a_word(breaks, match.start(), match.end()):
                    continue  # already judged within its own sentence
                excuse = _excuse(unit, match.start(), match.end(), compiled.exceptions, context)
                together: tuple[str, ...] = ()
                if excuse is None and pattern.together:
                    found = [_found_in_turn(part, units, compiled.exceptions, context) for part in pattern.together]
                    missing = [number for number, words in enumerate(found) if words is None]
                    if missing:
                        excuse = f"同一轮里没有 together_with[{missing[0]}] 要求的话"
                    together = tuple(words for words in found if words is not None)
                if excuse is None and pattern.replies and not any(part.search(context.reply) for part in pattern.replies):
                    excuse = "客户紧接着的回话没有印证（debtor_replies）"
                yielded = [other for other in pattern.yields_to if raised and other in raised]
                if excuse is None and yielded:
                    excuse = f"同一轮已记 {yielded[0]}（一个违规只记一条红线）"
                yield Match(red_line_id, pattern.index, match.group(), unit.original.strip(), excuse, together)


def _first_hit(units, red_line_id: str, rubric: Rubric, context: _Context,
               raised: Optional[frozenset[str]] = None) -> Optional[TextHit]:
    for found in _matches(units, red_line_id, rubric, context, raised):
        if found.excused_by is None:
            note = compiled_red_line(rubric, red_line_id).patterns[found.pattern_index].note
            return TextHit(red_line_id, found.sentence, note or f"patterns[{found.pattern_index}]")
    return None


def explain_text(text: str, rubric: Rubric, listener: Party = "unknown", heard: str = "",
                 reply: str = "") -> list[Match]:
    """Every pattern match in `text`, excused or not, in rubric order: what a trainer needs to see why a
    sentence was (not) flagged."""
    units = [(unit, breaks) for unit, breaks in _units(text, compiled_unmasker(rubric)) if unit.text]
    context = _Context(listener, _plain(heard, rubric), _plain(text, rubric), _plain(reply, rubric))
    raised = _raised_without_yielding(units, rubric, context)
    return [found for red_line in rubric.red_lines for found in _matches(units, red_line.id, rubric, context, raised)]


def _raised_without_yielding(units, rubric: Rubric, context: _Context) -> frozenset[str]:
    return frozenset(red_line.id for red_line in rubric.red_lines
                     if _first_hit(units, red_line.id, rubric, context) is not None)


def scan_text(text: str, rubric: Rubric, listener: Party = "unknown", heard: str = "",
              reply: str = "") -> list[TextHit]:
    """Every red line whose patterns match `text` (at most one hit per red line, quoting the first matching
    sentence), in rubric order. `when: third_party` patterns and exceptions count only when `listener` is
    "third_party"; `heard` is the debtor's turn just before, so that asking back ("上门？") is not a threat;
    `reply` is the debtor's turn just after, which `debtor_replies` patterns need."""
    units = [(unit, breaks) for unit, breaks in _units(text, compiled_unmasker(rubric)) if unit.text]
    context = _Context(listener, _plain(heard, rubric), _plain(text, rubric), _plain(reply, rubric))
    first = {red_line.id: _first_hit(units, red_line.id, rubric, context) for red_line in rubric.red_lines}
    raised = frozenset(red_line_id for red_line_id, hit in first.items() if hit is not None)
    hits = []
    for red_line in rubric.red_lines:  # second pass: patterns that yield to what the turn already raises
        hit = first[red_line.id]
        if hit is None and any(pattern.yields_to for pattern in compiled_red_line(rubric, red_line.id).patterns):
            hit = _first_hit(units, red_line.id, rubric, context, raised)
        if hit is not None:
            hits.append(hit)
    return hits


def red_line_hits_in_text(text: str, rubric: Rubric) -> list[tuple[str, str]]:
    """(red_line_id, note) for one agent utterance without conversation context. Used by the offline debtor
    to react to threats and insults."""
    return [(hit.red_line_id, hit.note) for hit in scan_text(text, rubric)]


def detect_red_lines(transcript: Transcript, rubric: Rubric) -> list[RedLineHit]:
    """Red-line hits from the rules, one per (red line, agent turn), in turn order."""
    turns = transcript.turns
    listener = parties(turns, rubric)
    hits: list[RedLineHit] = []
    for index, turn in transcript.agent_turns():
        asked = turns[index - 1].text if index > 0 and turns[index - 1].role != AGENT else ""
        reply = turns[index + 1].text if index + 1 < len(turns) and turns[index + 1].role != AGENT else ""
        found = {hit.red_line_id: hit for hit in scan_text(turn.text, rubric, listener.at(index), asked, reply)}
        if THIRD_PARTY not in found and listener.at(index) == "third_party" and confirms_debt_question(asked, turn.text):
            found[THIRD_PARTY] = TextHit(THIRD_PARTY, sentences(turn.text)[0][1].strip(), "向第三方证实了借款人欠款")
        for red_line in rubric.red_lines:  # rubric order, so reports are stable
            hit = found.get(red_line.id)
            if hit is not None:
                hits.append(RedLineHit(id=hit.red_line_id, turn=index, quote=hit.quote, source="rules", detail=hit.note))
    return hits


def detect_criteria(
    transcript: Transcript, rubric: Rubric, persona_case: Optional[dict] = None
) -> list[CriterionResult]:
    """Criterion levels where rules can judge; see `criteria_rules`."""
    from .criteria_rules import judge_criteria  # imported here: the criterion rules use the red-line detectors

    return judge_criteria(transcript, rubric, persona_case)


__all__ = ["Match", "TextHit", "detect_criteria", "detect_red_lines", "explain_text", "red_line_hits_in_text", "scan_text"]
