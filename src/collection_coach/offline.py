"""The offline scripted debtor: the default engine when no LLM is configured.

Stateless per call: every reply replays the agent turns through `offline_state.advance`, so the same
conversation always gets the same reply (a retry is identical) and there is no per-user state to keep.
Lines come from the persona file (`offline.lines`, `mood_lines`, `agree_line`, `hang_up_line`) and fall back
to `offline_lines`; among variants the choice is a stable sha256 hash of (persona, turn index, line key),
skipping lines already said in this call.
"""

from __future__ import annotations

import hashlib
import re
from typing import Callable, Iterator, Optional, Sequence

from .debtor import DebtorReply
from .normalize import normalised
from .offline_intents import read_cues
from .offline_lines import GENERIC_HANG_UP, SITUATIONS, builtin_lines, builtin_mood_lines, fill
from .offline_state import DebtorState, TurnOutcome, advance, initial_state
from .persona_model import Persona
from .rubric_model import Rubric
from .third_party import debtor_party_cue
from .transcript import AGENT, DEBTOR, Turn

ENGINE = "offline"
MODEL_LABEL = "离线脚本引擎"
_PIECE_END = re.compile(r"(?<=[，。！？；…,.!?;])")


def format_amount(amount: Optional[float]) -> str:
    if amount is None:
        return ""
    return str(int(round(amount))) if abs(amount - round(amount)) < 0.005 else f"{amount:.2f}"


def stable_index(seed: str, size: int) -> int:
    """Deterministic across processes (Python's hash() is randomised per process)."""
    return int(hashlib.sha256(seed.encode("utf-8")).hexdigest()[:12], 16) % size


def replay(persona: Persona, rubric: Rubric, turns: Sequence[Turn]) -> list[tuple[int, TurnOutcome]]:
    """(turn index, outcome) for every agent turn, in order; turns after a hang-up change nothing."""
    state = initial_state(persona)
    outcomes = []
    for index, turn in enumerate(turns):
        if turn.role != AGENT:
            continue
        outcome = advance(state, read_cues(turn.text, persona, rubric), persona)
        outcomes.append((index, outcome))
        state = outcome.state
    return outcomes


class LinePicker:
    """Chooses the debtor's words for one reply."""

    def __init__(self, persona: Persona, turn_index: int, said: Sequence[str], slots: dict[str, str]):
        self.persona = persona
        self.turn_index = turn_index
        self.said = "\n".join(normalised(text) for text in said)
        self.slots = slots
        # Whoever is not the borrower talks like a relative, whatever the persona's category.
        self.category = persona.category if persona.hidden.is_borrower else "third_party"

    def _scripted(self, key: str) -> Sequence[str]:
        offline = self.persona.offline
        if key == "agree":
            if offline.agree_line:
                return [offline.agree_line]
            return offline.lines.get("plan_acceptable") or builtin_lines(self.category, key)
        if key in SITUATIONS:
            return builtin_lines(self.category, key)
        return offline.lines.get(key) or builtin_lines(self.category, key)  # type: ignore[call-overload]

    def fresh(self, line: str) -> bool:
        """Not said yet in this call."""
        return normalised(fill(line, self.slots)) not in self.said

    def choose(self, key: str, options: Sequence[str], keep: Optional[Callable[[str], bool]] = None) -> str:
        lines = [fill(option, self.slots) for option in options]
        if keep is not None:
            lines = [line for line in lines if keep(line)] or lines
        fresh = [line for line in lines if self.fresh(line)] or lines
        return fresh[stable_index(f"{self.persona.id}|{self.turn_index}|{key}", len(fresh))]

    def line(self, key: str, keep: Optional[Callable[[str], bool]] = None, fallback: Optional[str] = None) -> str:
        """A line for `key`; with `keep`, only lines of the kind needed, else the built-in `fallback` lines."""
        options = self._scripted(key)
        if keep is not None and not any(keep(fill(option, self.slots)) for option in options):
            options = builtin_lines(self.category, fallback or key) or options
        return self.choose(key, options, keep)

    def mood_line(self, mood: str) -> str:
        """Nothing specific to answer: a line for the mood, or any small talk once those are used up."""
        offline = self.persona.offline
        for_mood = list(offline.mood_lines.get(mood, ()))  # type: ignore[call-overload]
        if not any(self.fresh(line) for line in for_mood):
            for_mood += offline.lines.get("small_talk", ())
        return self.choose(f"mood:{mood}", for_mood or builtin_mood_lines(mood))


def _party_is(wanted: str, rubric: Optional[Rubric]) -> Callable[[str], bool]:
    # The trainer's rubric decides who a line says is speaking (its context cues), not the project's default.
    return lambda line: debtor_party_cue(line, rubric=rubric) == wanted


def compose_reply(persona: Persona, outcome: TurnOutcome, picker: LinePicker, rubric: Optional[Rubric] = None) -> str:
    """The debtor's words for one outcome: the intent's (or situation's) line plus any revealed fact. `rubric`
    supplies the context cues that tell which scripted lines come from a relative (default: the project's)."""
    state = outcome.state
    if state.hung_up:
        last_words = [picker.line("red_line")] if outcome.intent == "red_line" else []
        return "".join(last_words + [persona.offline.hang_up_line or GENERIC_HANG_UP])
    facts = [persona.hidden.hidden_facts[index].fact for index in outcome.facts]
    if facts and outcome.intent in ("ask_reason", "small_talk"):
        return "".join(facts)  # the answer to "what happened?" is the fact itself
    key = outcome.situation or outcome.intent
    if key == "small_talk":
        line = picker.mood_line(state.mood(persona))
    elif key == "identity_check":
        line = picker.line(key, _party_is(state.party, rubric))  # a line that says who is really on the phone
    elif key == "cagey_identity":  # the persona's own dodge if it scripted one
        line = picker.line("identity_check", _party_is("unknown", rubric), fallback=key)
    else:
        line = picker.line(key)
    return "".join([line, *facts])


def _pieces(text: str) -> list[str]:
    """2–4 growing chunks, cut after punctuation where possible, to look like a streamed reply."""
    parts = [part for part in _PIECE_END.split(text) if part]
    if len(parts) < 2:
        middle = max(1, len(text) // 2)
        parts = [text[:middle], text[middle:]] if len(text) > 1 else [text]
    while len(parts) > 4:
        shortest = min(range(len(parts) - 1), key=lambda i: len(parts[i]) + len(parts[i + 1]))
        parts[shortest:shortest + 2] = [parts[shortest] + parts[shortest + 1]]
    return parts


class ScriptedDebtor:
    """Implements `debtor.Debtor` without any model: a persona-driven, deterministic state machine."""

    engine = ENGINE
    model_label = MODEL_LABEL

    def __init__(self, persona: Persona, rubric: Rubric):
        self.persona = persona
        self.rubric = rubric

    def opening(self) -> str:
        return self.persona.opening_line

    def state_after(self, turns: Sequence[Turn]) -> DebtorState:
        """Anger, trust, revealed facts, agreed plan and hang-up after these turns (for tests and trainers)."""
        outcomes = replay(self.persona, self.rubric, turns)
        return outcomes[-1][1].state if outcomes else initial_state(self.persona)

    def reply_text(self, turns: Sequence[Turn]) -> tuple[str, bool]:
        """The full reply to the last agent turn and whether the debtor hangs up with it."""
        outcomes = replay(self.persona, self.rubric, turns)
        if not outcomes:
            return self.persona.opening_line, False
        if len(outcomes) > 1 and outcomes[-2][1].state.hung_up:
            return "", True  # the line is already dead
        index, outcome = outcomes[-1]
        bottom = self.persona.hidden.bottom_line
        slots = {
            "amount": format_amount(outcome.amount if outcome.amount is not None else bottom.amount),
            "date": outcome.date or bottom.date,
            "relation": self.persona.hidden.relation_to_borrower or "家里人",
        }
        said = [turn.text for turn in turns[:index] if turn.role == DEBTOR]
        picker = LinePicker(self.persona, index, said, slots)
        return compose_reply(self.persona, outcome, picker, self.rubric), outcome.state.hung_up

    def stream_reply(self, turns: Sequence[Turn]) -> Iterator[DebtorReply]:
        text, hung_up = self.reply_text(turns)
        shown = ""
        for piece in _pieces(text)[:-1]:
            shown += piece
            yield DebtorReply(text=shown, hung_up=False, done=False)
        yield DebtorReply(text=text, hung_up=hung_up, done=True)
