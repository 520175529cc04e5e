"""Benchmark the hot paths that run on every turn or every grade, as ratios against a baseline in the same run.

    .venv/bin/python benchmarks/bench_core.py [--rounds N]

Absolute times depend on the machine; the ratios (cost of a step relative to simply normalising the same text) are
what to compare across commits. Run it before and after a change to the detectors, the offline engine or trimming.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Callable

from collection_coach.normalize import normalise
from collection_coach.offline import ScriptedDebtor
from collection_coach.personas import load_personas
from collection_coach.rubric import load_rubric, rubric_version
from collection_coach.rules_grader import grade_with_rules
from collection_coach.tokens import trim_history
from collection_coach.transcript import load_transcript

ROOT = Path(__file__).resolve().parents[1]


def best_of(rounds: int, work: Callable[[], object]) -> float:
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds

    transcripts = [load_transcript(path) for path in sorted((ROOT / "samples").rglob("*.json"))]
    rubric = load_rubric(ROOT / "rubric")
    version = rubric_version(ROOT / "rubric")
    persona = load_personas(ROOT / "personas").get("angry")
    debtor = ScriptedDebtor(persona, rubric)
    turns_total = sum(len(t.turns) for t in transcripts)
    history = [{"role": "user" if i % 2 else "assistant", "content": turn.text}
               for t in transcripts for i, turn in enumerate(t.turns)]

    baseline = best_of(rounds, lambda: [normalise(turn.text) for t in transcripts for turn in t.turns])
    cases = {
        "rules grader (all samples)": lambda: [grade_with_rules(t, rubric, version) for t in transcripts],
        "offline debtor reply (replay each call)": lambda: [debtor.reply_text(t.turns[: len(t.turns) - 1] or t.turns)
                                                            for t in transcripts],
        "history trimming (all turns, 3000 tokens)": lambda: trim_history(
            {"role": "system", "content": "x"}, history, 3000, keep_first=1),
    }
    print(f"{len(transcripts)} transcripts, {turns_total} turns; best of {rounds} rounds")
    print(f"{'baseline: normalise every turn':45s} {baseline * 1000:8.1f} ms   1.0x")
    for name, work in cases.items():
        seconds = best_of(rounds, work)
        print(f"{name:45s} {seconds * 1000:8.1f} ms {seconds / baseline:6.1f}x")
    per_grade = best_of(rounds, lambda: grade_with_rules(transcripts[0], rubric, version))
    print(f"one rules grade: {per_grade * 1000:.2f} ms (median turn count "
          f"{statistics.median(len(t.turns) for t in transcripts):g})")


if __name__ == "__main__":
    main()
