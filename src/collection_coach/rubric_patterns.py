"""Compiling the rubric's detector patterns: the shared lexicon, `{name}` references, checks and compiled regexes.

A red-line rule is best written as a *family* — concepts combined — rather than as one sentence. The rubric's
`lexicon` names the concepts once (`relatives: 家人|父母|老婆|…`, `judicial: 法院|公安|…`) and any pattern,
exception, context cue, `together_with` part or later lexicon entry writes `{relatives}` to mean
`(?:家人|父母|老婆|…)`. A pattern's `together_with` parts must each also occur (unexcused) in the same agent turn:
how a rule says "a safety warning *and* a demand for money in one turn" without fixing their order or distance.
A pattern's `yields_to` red lines, raised in the same turn, make it not count: one violation, one red line (a bare
"你看我敢不敢" restating a contact-list threat is that threat, not a second one).
A pattern's `debtor_replies` make it count only when the debtor's very next turn matches one of them: words too
common to flag alone (挖苦 such as 真是会过日子) become a violation when the debtor answers "你骂谁呢".
Loading (`rubric.load_rubric`) calls `pattern_problem` and turns its message into an error naming the file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

from .normalize import normalised
from .rubric_model import Rubric

PATTERN_KINDS = ("patterns", "exceptions", "context_cues")
# Which `when` values make sense in which list (see DetectorPattern).
ALLOWED_WHEN = {
    "patterns": ("always", "third_party"), "exceptions": ("always", "third_party"),
    "context_cues": ("always", "unidentified"),
}
# `{name}` in a pattern: a lexicon reference. Lower-case letters only, so regex repeats such as `{0,8}` never clash.
LEXICON_REFERENCE = re.compile(r"\{([a-z][a-z0-9_]*)\}")


class PatternProblem(ValueError):
    """A lexicon entry or pattern that cannot be used; str() is `field: problem`."""


class CompiledPattern:
    """A detector regex with its note and where it came from (for error messages and hit details).

    `source` is the pattern as written in the file, `expanded` the regex after lexicon references were replaced;
    `together` are the compiled `together_with` parts."""

    def __init__(self, red_line_id: str, index: int, source: str, note: str | None, kind: str, when: str = "always",
                 lexicon: Optional[dict[str, str]] = None, together_with: tuple[str, ...] = (),
                 yields_to: tuple[str, ...] = (), debtor_replies: tuple[str, ...] = ()):
        self.red_line_id = red_line_id
        self.index = index
        self.source = source
        self.note = note
        self.kind = kind  # "patterns" | "exceptions" | "context_cues"
        self.when = when  # "always" | "third_party" | "unidentified"
        self.expanded = expand(source, lexicon or {})
        self.regex = re.compile(self.expanded, re.IGNORECASE)
        self.together = tuple(re.compile(expand(part, lexicon or {}), re.IGNORECASE) for part in together_with)
        self.yields_to = yields_to  # red lines that, raised in the same turn, make this match not count
        # the debtor's next turn must match one of these for the match to count (empty: no such condition)
        self.replies = tuple(re.compile(expand(part, lexicon or {}), re.IGNORECASE) for part in debtor_replies)


@dataclass(frozen=True)
class CompiledRedLine:
    """One red line's compiled regexes, by list."""

    patterns: list[CompiledPattern]
    exceptions: list[CompiledPattern]
    context_cues: list[CompiledPattern]


def expand(source: str, lexicon: dict[str, str]) -> str:
    """`source` with every `{name}` replaced by `(?:<the lexicon entry>)`; KeyError names an unknown entry.
    `lexicon` must already be resolved (see `resolve_lexicon`)."""
    return LEXICON_REFERENCE.sub(lambda match: f"(?:{lexicon[match.group(1)]})", source)


def resolve_lexicon(lexicon: dict[str, str]) -> dict[str, str]:
    """Each entry with its own references replaced; an entry may use only entries defined above it (no cycles)."""
    resolved: dict[str, str] = {}
    for name, source in lexicon.items():
        where = f"lexicon.{name}"
        if not LEXICON_REFERENCE.fullmatch(f"{{{name}}}"):
            raise PatternProblem(f"{where}: name must be lower-case letters, digits and _ (starting with a letter)")
        try:
            resolved[name] = expand(source, resolved)
        except KeyError as error:
            raise PatternProblem(f"{where}: {{{error.args[0]}}} is not a lexicon entry defined above it") from None
        _check_regex(where, source, resolved[name])
    return resolved


def compile_all(rubric: Rubric) -> dict[str, CompiledRedLine]:
    lexicon = resolve_lexicon(rubric.lexicon)
    compiled = {}
    for red_line in rubric.red_lines:
        lists = {
            kind: [CompiledPattern(red_line.id, index, item.pattern, item.note, kind, item.when, lexicon,
                                   tuple(item.together_with), tuple(item.yields_to), tuple(item.debtor_replies))
                   for index, item in enumerate(getattr(red_line, kind))]
            for kind in PATTERN_KINDS
        }
        compiled[red_line.id] = CompiledRedLine(**lists)
    return compiled


def pattern_problem(rubric: Rubric) -> Optional[str]:
    """The first lexicon entry or pattern that cannot be used, as `field: problem` (None: all are fine)."""
    try:
        lexicon = resolve_lexicon(rubric.lexicon)
        for red_line in rubric.red_lines:
            for kind in PATTERN_KINDS:
                for index, item in enumerate(getattr(red_line, kind)):
                    _check_item(f"red_lines[{red_line.id}].{kind}[{index}]", kind, item, lexicon)
    except PatternProblem as problem:
        return str(problem)
    return None


def _check_item(where: str, kind: str, item, lexicon: dict[str, str]) -> None:
    if item.when not in ALLOWED_WHEN[kind]:
        allowed = " or ".join(ALLOWED_WHEN[kind])
        raise PatternProblem(f"{where}.when: {item.when!r} is not used in {kind} (use {allowed})")
    if item.together_with and kind != "patterns":
        raise PatternProblem(f"{where}.together_with: only `patterns` may require other words in the turn")
    if item.yields_to and kind != "patterns":
        raise PatternProblem(f"{where}.yields_to: only `patterns` may yield to another red line")
    if item.debtor_replies and kind != "patterns":
        raise PatternProblem(f"{where}.debtor_replies: only `patterns` may wait for the debtor's reply")
    own = where.split("[", 1)[1].split("]", 1)[0] if "[" in where else ""
    if own in item.yields_to:
        raise PatternProblem(f"{where}.yields_to: a pattern cannot yield to its own red line {own!r}")
    parts = [(where, item.pattern)]
    parts += [(f"{where}.together_with[{number}]", part) for number, part in enumerate(item.together_with)]
    parts += [(f"{where}.debtor_replies[{number}]", part) for number, part in enumerate(item.debtor_replies)]
    for field, source in parts:
        try:
            regex = expand(source, lexicon)
        except KeyError as error:
            known = ", ".join(lexicon) or "none"
            raise PatternProblem(f"{field}: {{{error.args[0]}}} is not a lexicon entry (defined: {known})") from None
        _check_regex(field, source, regex)


def _check_regex(where: str, source: str, regex: str) -> None:
    try:
        compiled = re.compile(regex, re.IGNORECASE)
    except re.error as error:
        raise PatternProblem(f"{where}: bad regex {source!r}: {error}") from error
    if compiled.search(""):
        raise PatternProblem(f"{where}: regex {source!r} matches empty text (it would flag every turn)")
    unmatchable = _unmatchable_chars(source)
    if unmatchable:
        raise PatternProblem(
            f"{where}: regex {source!r} contains {unmatchable!r}, which never occur in normalised text "
            "(write simplified Chinese without spaces or punctuation)"
        )


def _unmatchable_chars(pattern: str) -> str:
    """Literal characters that normalisation removes or rewrites (spaces, Chinese punctuation, traditional or
    full-width characters): a pattern containing them could never match."""
    bad = []
    for char in pattern:
        if char == " " or (ord(char) > 0x7F and normalised(char) != char and unicodedata.category(char) != "Sc"):
            bad.append(char)
    return "".join(dict.fromkeys(bad))
