"""Per-red-line precision and recall of the rules detectors against labelled samples.

    python scripts/redline_check.py samples/tune [--rubric rubric] [--verbose]
    python scripts/redline_check.py --text "我们不会上门，但会让你家人知道"   # why a sentence is (not) flagged
    python scripts/redline_check.py --text "真是会过日子。" --reply "你什么态度？"  # with the debtor's next turn

Counts per (dialogue, red-line id): a detected id that the labels list is a true positive, one they do not list
a false positive, a labelled id not detected a false negative. Also reports turn agreement for true positives
and checks that no hit ever lands on a debtor turn.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from collection_coach.detectors import detect_red_lines, explain_text
from collection_coach.rubric import load_rubric
from collection_coach.rubric_model import RED_LINE_IDS
from collection_coach.transcript import AGENT, load_sample


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.2f}" if denominator else "  - "


def _explain(text: str, rubric, reply: str = "") -> None:
    matches = explain_text(text, rubric, reply=reply)
    print(text)
    if not matches:
        print("  no pattern matches")
    for found in matches:
        verdict = f"excused: {found.excused_by}" if found.excused_by else "COUNTS"
        together = "".join(f" + '{words}'" for words in found.together)
        print(f"  {found.red_line_id} patterns[{found.pattern_index}] '{found.matched}'{together} -> {verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", help="folder of labelled samples (*.json)")
    parser.add_argument("--rubric", type=Path, default=Path("rubric"))
    parser.add_argument("--verbose", "-v", action="store_true", help="print every miss and false alarm")
    parser.add_argument("--text", action="append", default=[],
                        help="an agent sentence to explain: every pattern match and what excused it (repeatable)")
    parser.add_argument("--reply", default="",
                        help="the debtor's turn right after each --text (for patterns with debtor_replies)")
    args = parser.parse_args(argv)
    if args.folder is None and not args.text:
        parser.error("give a sample folder, or --text")
    rubric = load_rubric(args.rubric)
    for text in args.text:
        _explain(text, rubric, args.reply)
    if args.folder is None:
        return 0
    counts = {red_line_id: Counter() for red_line_id in RED_LINE_IDS}
    debtor_hits = 0
    turn_counts = Counter()  # per (dialogue, red line, turn), for information
    files = sorted(args.folder.glob("*.json"))
    for path in files:
        sample = load_sample(path)
        hits = detect_red_lines(sample, rubric)
        debtor_hits += sum(1 for hit in hits if sample.turns[hit.turn].role != AGENT)
        found = {hit.id for hit in hits}
        labelled = set(sample.labels.red_lines)
        found_turns = {(hit.id, hit.turn) for hit in hits}
        labelled_turns = {(rid, turn) for rid, turns in sample.labels.red_line_turns.items() for turn in turns}
        turn_counts.update(tp=len(found_turns & labelled_turns), fp=len(found_turns - labelled_turns),
                           fn=len(labelled_turns - found_turns))
        if args.verbose:
            for rid, turn in sorted(labelled_turns - found_turns):
                print(f"turn-miss {path.name} {rid} turn {turn}: {sample.turns[turn].text}")
            for rid, turn in sorted(found_turns - labelled_turns):
                print(f"turn-extra {path.name} {rid} turn {turn}: {sample.turns[turn].text}")
        for red_line_id in RED_LINE_IDS:
            key = ("tp" if red_line_id in labelled else "fp") if red_line_id in found else (
                "fn" if red_line_id in labelled else "tn")
            counts[red_line_id][key] += 1
            if key == "tp":
                turns = {hit.turn for hit in hits if hit.id == red_line_id}
                expected = set(sample.labels.red_line_turns.get(red_line_id, []))
                counts[red_line_id]["turn_match"] += bool(not expected or turns & expected)
            if args.verbose and key in ("fp", "fn"):
                detail = [f"turn {hit.turn}: {hit.quote} ({hit.detail})" for hit in hits if hit.id == red_line_id]
                wanted = sample.labels.red_line_turns.get(red_line_id, [])
                print(f"{key.upper()} {path.name} {red_line_id} labelled turns {wanted} {detail}")
    print(f"{len(files)} dialogues in {args.folder}")
    print(f"{'red line':<24}{'TP':>4}{'FP':>4}{'FN':>4}{'prec':>7}{'recall':>8}{'turn ok':>9}")
    total = Counter()
    for red_line_id, count in counts.items():
        total.update(count)
        print(f"{red_line_id:<24}{count['tp']:>4}{count['fp']:>4}{count['fn']:>4}"
              f"{_ratio(count['tp'], count['tp'] + count['fp']):>7}{_ratio(count['tp'], count['tp'] + count['fn']):>8}"
              f"{_ratio(count['turn_match'], count['tp']):>9}")
    print(f"{'all':<24}{total['tp']:>4}{total['fp']:>4}{total['fn']:>4}"
          f"{_ratio(total['tp'], total['tp'] + total['fp']):>7}{_ratio(total['tp'], total['tp'] + total['fn']):>8}"
          f"{_ratio(total['turn_match'], total['tp']):>9}")
    print(f"per turn (information): TP {turn_counts['tp']} FP {turn_counts['fp']} FN {turn_counts['fn']} "
          f"precision {_ratio(turn_counts['tp'], turn_counts['tp'] + turn_counts['fp'])} "
          f"recall {_ratio(turn_counts['tp'], turn_counts['tp'] + turn_counts['fn'])}")
    print(f"hits on debtor turns: {debtor_hits}")
    return 0 if debtor_hits == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
