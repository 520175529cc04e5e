"""`coach eval`: metric aggregation over a tiny synthetic sample folder (hand-checked), bounded concurrency,
repeats, crashes and broken files, history comparison, the report schema and an end-to-end offline run
with the real rules grader."""

from __future__ import annotations

import json
import threading

import jsonschema
import pytest

from collection_coach.cli import main
from collection_coach.cli.eval_cmd import finish_report
from collection_coach.eval_history import list_eval_runs
from collection_coach.eval_report import render_html
from collection_coach.eval_report_model import report_json_schema
from collection_coach.evaluation import run_evaluation
from collection_coach.gates import EvalConfig, Gates, Price
from collection_coach.store import Store
from eval_fixtures import (
    GOOD_CALL, PERSONAL_ACCOUNT_CALL, ScriptedGrader, grade, labels, write_sample,
)

CONFIG = EvalConfig(bootstrap={"resamples": 200, "seed": 1})


@pytest.fixture
def three_samples(tmp_path):
    """Labels and scripted grades whose metrics are worked out by hand in the tests below."""
    folder = tmp_path / "samples"
    write_sample(folder, "a.json", GOOD_CALL, labels({"opening": 2, "empathy": 1, "objection_handling": None}))
    write_sample(folder, "b.json", GOOD_CALL, labels({"opening": 1, "empathy": 2, "objection_handling": 1},
                                                      {"improper_payment": [5]}, passed=False))
    write_sample(folder, "c.json", GOOD_CALL, labels({"opening": 0, "empathy": 0, "objection_handling": None},
                                                      {"threat_intimidation": [5]}, passed=False))
    grader = ScriptedGrader({
        "a": grade("a", {"opening": 2, "empathy": 2, "objection_handling": None}),
        "b": grade("b", {"opening": 1, "empathy": 1, "objection_handling": None}, red_lines={"improper_payment": 7},
                   passed=False, unsupported=("empathy",)),
        "c": grade("c", {"opening": 1, "empathy": 0, "objection_handling": 2},
                   red_lines={"third_party_disclosure": 5}, passed=True),
    })
    return folder, grader


def test_metrics_over_a_small_folder_by_hand(three_samples):
    folder, grader = three_samples
    report = run_evaluation([folder], grader, config=CONFIG, progress=False)
    criteria = {row.id: row for row in report.criteria}
    # opening pairs (human, grader): (2,2) (1,1) (0,1)
    assert criteria["opening"].n == 3
    assert criteria["opening"].exact_agreement == pytest.approx(2 / 3)
    assert criteria["opening"].within_one_agreement == 1.0
    assert criteria["opening"].mean_signed_error == pytest.approx(1 / 3)  # lenient on c
    # empathy pairs: (1,2) (2,1) (0,0)
    assert criteria["empathy"].exact_agreement == pytest.approx(1 / 3)
    assert criteria["empathy"].mean_signed_error == pytest.approx(0.0)
    # objection_handling: b human 1 / grader N/A, c human N/A / grader 2 -> nothing compared
    assert (criteria["objection_handling"].n, criteria["objection_handling"].na_mismatch) == (0, 2)
    assert criteria["objection_handling"].weighted_kappa is None
    assert report.headline.overall_exact_agreement == pytest.approx(3 / 6)
    # red lines per (dialogue, id): b improper_payment TP (labelled turn 5, flagged 7: wrong turn),
    # c threat_intimidation FN, c third_party_disclosure FP
    overall = report.red_lines.overall
    assert (overall.tp, overall.fp, overall.fn) == (1, 1, 1)
    assert (overall.turn_checked, overall.turn_correct) == (1, 0)
    per_line = {row.id: row for row in report.red_lines.per_red_line}
    assert per_line["threat_intimidation"].recall == 0.0
    assert per_line["third_party_disclosure"].precision == 0.0
    assert per_line["harassment"].recall is None  # never labelled, never raised
    # pass/fail, "failed" positive: a (F,F), b (T,T) TP, c (T,F) FN
    assert (report.pass_fail.precision, report.pass_fail.recall) == (1.0, 0.5)
    assert report.pass_fail.accuracy == pytest.approx(2 / 3)
    # evidence: cited a 2 + b 2 (empathy dropped) + c 3 = 7, verified 6
    assert (report.evidence.cited, report.evidence.verified) == (7, 6)
    # worst first: c = 1 (opening) + 1 (N/A) + 10 (missed) + 10 (false) + 3 (passed) = 25; b = 1 + 1 + 1; a = 1
    assert [(item.sample_id, item.severity) for item in report.disagreements] == [("c", 25), ("b", 3), ("a", 1)]
    assert report.disagreements[0].path.endswith("c.json")
    assert report.unscored.rate == 0.0
    assert report.consistency is None


def test_bootstrap_intervals_are_reported_and_reproducible(three_samples):
    folder, grader = three_samples
    first = run_evaluation([folder], grader, config=CONFIG, progress=False)
    second = run_evaluation([folder], grader, config=CONFIG, progress=False)
    interval = first.criteria[0].exact_agreement_ci
    assert interval is not None and interval.low <= first.criteria[0].exact_agreement <= interval.high
    assert first.criteria[0].exact_agreement_ci == second.criteria[0].exact_agreement_ci
    big = run_evaluation([folder], grader, config=EvalConfig(bootstrap={"max_samples": 2}), progress=False)
    assert big.criteria[0].exact_agreement_ci is None
    assert "max_samples" in big.run.bootstrap


def test_broken_files_and_crashes_are_reported_while_the_rest_is_graded(three_samples):
    folder, grader = three_samples
    (folder / "broken.json").write_text('{"turns": [', encoding="utf-8")
    write_sample(folder, "typo.json", GOOD_CALL, labels({"openin": 2}))
    write_sample(folder, "crash.json", GOOD_CALL, labels({"opening": 2}))

    def grade_fn(transcript):
        if transcript.id == "crash":
            raise RuntimeError("judge exploded")
        return grader(transcript)

    report = run_evaluation([folder], grade_fn, config=CONFIG, progress=False)
    errors = {error.path.rsplit("/", 1)[-1]: error for error in report.errors}
    assert errors["broken.json"].stage == "load" and "not valid JSON" in errors["broken.json"].message
    assert "labels.criteria.openin: unknown criterion id" in errors["typo.json"].message
    assert errors["crash.json"].stage == "grade" and "judge exploded" in errors["crash.json"].message
    assert (report.run.samples_found, report.run.samples_loaded) == (6, 4)
    assert report.unscored.crashed == 1 and report.unscored.rate == pytest.approx(1 / 4)
    assert report.criteria[0].n == 3, "the three good samples are still compared"


@pytest.mark.parametrize(
    "bad_labels, message",
    [
        pytest.param(labels({"opening": 3}), "labels.criteria.opening: level must be 0, 1, 2 or null", id="level_3"),
        pytest.param(labels({}, {"threat": [5]}), "unknown red-line id 'threat'", id="unknown_red_line"),
        pytest.param(labels({}, {"threat_intimidation": [2]}), "turn 2 is not an agent turn", id="debtor_turn"),
        pytest.param({"criteria": {}, "red_lines": [], "red_line_turns": {"insult_abuse": [1]}},
                     "not listed in labels.red_lines", id="turn_for_unlisted_red_line"),
    ],
)
def test_bad_labels_name_the_field(tmp_path, bad_labels, message):
    write_sample(tmp_path, "bad.json", GOOD_CALL, bad_labels)
    write_sample(tmp_path, "ok.json", GOOD_CALL, labels({"opening": 2}))
    report = run_evaluation([tmp_path], ScriptedGrader({"ok": grade("ok", {"opening": 2})}), config=CONFIG,
                            progress=False)
    assert [error.path.rsplit("/", 1)[-1] for error in report.errors] == ["bad.json"]
    assert message in report.errors[0].message
    assert report.run.samples_loaded == 1


def test_grading_runs_concurrently_but_bounded(tmp_path):
    for index in range(6):
        write_sample(tmp_path, f"s{index}.json", GOOD_CALL, labels({"opening": 2}))
    barrier = threading.Barrier(2, timeout=5)  # proves two grades really overlap with --concurrency 2
    lock = threading.Lock()
    state = {"now": 0, "max": 0}

    def grade_fn(transcript):
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        barrier.wait()
        with lock:
            state["now"] -= 1
        return grade(transcript.id, {"opening": 2})

    report = run_evaluation([tmp_path], grade_fn, config=CONFIG, concurrency=2, progress=False)
    assert report.errors == []
    assert state["max"] == 2
    assert [item for item in report.criteria if item.id == "opening"][0].n == 6


def test_repeat_measures_self_consistency(tmp_path):
    write_sample(tmp_path, "a.json", GOOD_CALL, labels({"opening": 2, "empathy": 2}))
    write_sample(tmp_path, "b.json", GOOD_CALL, labels({"opening": 2, "empathy": 2}))
    grader = ScriptedGrader({
        "a": [grade("a", {"opening": 2, "empathy": 2}), grade("a", {"opening": 0, "empathy": 2}, passed=False)],
        "b": [grade("b", {"opening": 2, "empathy": 1}), grade("b", {"opening": 2, "empathy": 1})],
    })
    report = run_evaluation([tmp_path], grader, config=CONFIG, repeat=2, concurrency=1, progress=False)
    consistency = report.consistency
    assert grader.calls == {"a": 2, "b": 2}
    assert consistency.samples == 2 and consistency.pass_fail_flips == 1
    assert len(consistency.flipped_samples) == 1 and consistency.flipped_samples[0].endswith("a.json")
    # spreads per sample x criterion: a.opening 2, a.empathy 0, b.opening 0, b.empathy 0
    assert consistency.criterion_mean_spread == pytest.approx(0.5)
    assert consistency.criterion_unstable_share == pytest.approx(0.25)
    assert consistency.per_criterion_mean_spread == {"empathy": 0.0, "opening": 1.0}
    assert report.criteria[0].n == 4, "every repeat is a grade"


@pytest.mark.parametrize(
    "model, prices, cost, note",
    [
        # 3 grades x (1000 prompt x $1/M + 500 completion x $2/M) = 3 x 0.002
        pytest.param("m1", {"m1": Price(input_per_million=1, output_per_million=2)}, 0.006, None, id="priced_model"),
        pytest.param("m2", {}, None, "m2", id="unknown_model_cost_unknown"),
    ],
)
def test_tokens_and_cost(three_samples, model, prices, cost, note):
    folder, _ = three_samples
    usage = {"prompt_tokens": 1000, "completion_tokens": 500, "latency_s": 1.0}
    grader = ScriptedGrader({key: grade(key, {"opening": 2}, model=model, usage=usage, kind="llm") for key in "abc"})
    report = run_evaluation([folder], grader, config=EvalConfig(prices=prices), progress=False)
    assert (report.usage.prompt_tokens, report.usage.completion_tokens) == (3000, 1500)
    assert report.usage.tokens_per_grade == 1500
    assert report.usage.cost_total == (pytest.approx(cost) if cost is not None else None)
    assert (note in report.usage.cost_note) if note else report.usage.cost_note is None
    assert report.usage.latency_p95_s is not None
    assert report.grader.model == model


def test_history_comparison_shows_deltas_on_the_second_run(three_samples, tmp_path):
    folder, grader = three_samples
    better = ScriptedGrader({key: grade(key, {"opening": level, "empathy": level})
                             for key, level in (("a", 2), ("b", 1), ("c", 0))})
    config = EvalConfig(gates=Gates(max_drop={"overall_exact_agreement": 0.05}))
    with Store(tmp_path / "history.db") as store:
        first = run_evaluation([folder], better, config=config, progress=False)
        finish_report(first, config, store=store, html_path=tmp_path / "1.html")
        assert first.comparison is None and first.gates[0].status == "skipped"
        second = run_evaluation([folder], grader, config=config, progress=False)
        finish_report(second, config, store=store, html_path=tmp_path / "2.html")
        runs = list_eval_runs(store)
    # first run (grader levels 2/1/0 for a/b/c): opening (2,2)(1,1)(0,0) 3 of 3; empathy (1,2)(2,1)(0,0) 1 of 3
    # = 4/6 overall; second run (the three_samples grader): 3/6 (worked out in the first test)
    assert second.comparison.previous_run_id == first.history_run_id
    delta = next(d for d in second.comparison.deltas if d.metric == "overall_exact_agreement")
    assert (delta.previous, delta.current) == (pytest.approx(4 / 6), pytest.approx(3 / 6))
    assert delta.change == pytest.approx(-1 / 6)
    assert [gate.status for gate in second.gates] == ["fail"]
    assert [run.id for run in runs] == [second.history_run_id, first.history_run_id]
    assert runs[0].failed_gates == ["max_drop.overall_exact_agreement"] and runs[0].gates_passed is False
    assert runs[0].headline["overall_exact_agreement"] == pytest.approx(0.5)


def test_a_different_sample_set_is_not_compared(three_samples, tmp_path):
    folder, grader = three_samples
    with Store(tmp_path / "history.db") as store:
        first = run_evaluation([folder], grader, config=CONFIG, progress=False)
        finish_report(first, CONFIG, store=store, html_path=tmp_path / "1.html")
        fewer = run_evaluation([folder / "a.json", folder / "b.json"], grader, config=CONFIG, progress=False)
        finish_report(fewer, CONFIG, store=store, html_path=tmp_path / "2.html")
    assert fewer.run.sample_set != first.run.sample_set
    assert fewer.comparison is None


def test_published_schema_matches_the_models(project_root):
    published = json.loads((project_root / "eval" / "report.schema.json").read_text(encoding="utf-8"))
    assert published == report_json_schema(), "regenerate with eval_report_model.write_report_schema"


def test_html_escapes_sample_text_and_is_self_contained(tmp_path):
    write_sample(tmp_path, "x.json", GOOD_CALL, labels({"opening": 2}), id="<script>alert(1)</script>")
    grader = ScriptedGrader({"<script>alert(1)</script>": grade("x", {"opening": 0})})
    html = render_html(run_evaluation([tmp_path], grader, config=CONFIG, progress=False))
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<svg" in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html


def test_end_to_end_offline_with_the_rules_grader(tmp_path, project_root, monkeypatch, capsys):
    monkeypatch.setenv("COACH_RUBRIC_DIR", str(project_root / "rubric"))
    folder = tmp_path / "samples"
    write_sample(folder, "good.json", GOOD_CALL, labels({"opening": 2, "identity_verification": 2}))
    write_sample(folder, "personal_account.json", PERSONAL_ACCOUNT_CALL,
                 labels({"opening": 2, "identity_verification": 2}, {"improper_payment": [5]}, passed=False))
    (folder / "broken.json").write_text("not json at all", encoding="utf-8")
    gates = tmp_path / "gates.yaml"
    gates.write_text("gates:\n  min_red_line_recall: 0.9\n  max_sample_errors: 1\n  max_unscored_rate: 0\n"
                     "  max_drop:\n    red_line_recall: 0.0\n", encoding="utf-8")
    args = ["eval", str(folder), "--offline", "--gates", str(gates), "--repeat", "2", "--concurrency", "2"]

    assert main([*args, "--out", str(tmp_path / "run1")]) == 0
    assert main([*args, "--out", str(tmp_path / "run2")]) == 0

    out = capsys.readouterr().out
    assert "broken.json" in out and "vs run #1" in out
    schema = json.loads((project_root / "eval" / "report.schema.json").read_text(encoding="utf-8"))
    first = json.loads((tmp_path / "run1" / "report.json").read_text(encoding="utf-8"))
    second = json.loads((tmp_path / "run2" / "report.json").read_text(encoding="utf-8"))
    jsonschema.validate(second, schema)
    jsonschema.validate(first, schema)
    assert second["schema_version"] == 1
    assert (second["run"]["samples_found"], second["run"]["samples_loaded"]) == (3, 2)
    assert [error["path"].rsplit("/", 1)[-1] for error in second["errors"]] == ["broken.json"]
    assert second["grader"]["kind"] == "rules" and second["grader"]["rubric_version"]
    assert second["red_lines"]["overall"]["tp"] == 2, "improper_payment found in both repeats"
    assert second["usage"]["cost_total"] == 0
    assert second["consistency"]["pass_fail_flips"] == 0, "the rules grader is deterministic"
    assert first["comparison"] is None
    assert second["comparison"]["previous_run_id"] == first["history_run_id"]
    assert {d["metric"]: d["change"] for d in second["comparison"]["deltas"]}["red_line_recall"] == 0
    assert second["gates_passed"] is True
    html = (tmp_path / "run2" / "report.html").read_text(encoding="utf-8")
    assert "<svg" in html and "broken.json" in html


def test_duplicate_sample_ids_are_errors_not_silently_merged(tmp_path):
    write_sample(tmp_path / "one", "a.json", GOOD_CALL, labels({"opening": 2}))
    write_sample(tmp_path / "two", "a.json", GOOD_CALL, labels({"opening": 1}))
    write_sample(tmp_path, "b.json", GOOD_CALL, labels({"opening": 2}))
    report = run_evaluation([tmp_path], ScriptedGrader({"b": grade("b", {"opening": 2})}), config=CONFIG,
                            progress=False)
    assert sorted(error.message for error in report.errors) == ["id: 'a' is used by more than one sample"] * 2
    assert report.run.samples_loaded == 1


@pytest.mark.parametrize(
    "environment, offline, expected_kind",
    [
        pytest.param({"COACH_ENGINE": "openai", "COACH_ROLEPLAY_MODEL": "m"}, False, "combined", id="llm_configured"),
        pytest.param({"COACH_ENGINE": "openai", "COACH_ROLEPLAY_MODEL": "m"}, True, "rules", id="offline_flag_wins"),
        pytest.param({"COACH_ENGINE": "offline"}, False, "rules", id="offline_engine"),
    ],
)
def test_grader_factory_picks_rules_or_combined(monkeypatch, project_root, environment, offline, expected_kind):
    from collection_coach import grading
    from collection_coach.cli.eval_cmd import build_grade_fn
    from collection_coach.config import load_settings
    from collection_coach.transcript import Transcript

    class CombinedStub:
        def grade(self, transcript):
            return grade(transcript.id, {"opening": 2}, kind="llm", model="combined")

    monkeypatch.setattr(grading, "build_grader", lambda settings: CombinedStub())
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    settings = load_settings(_env_file=None, rubric_dir=project_root / "rubric")
    result = build_grade_fn(settings, offline)(Transcript(id="t", turns=[{"role": "agent", "text": "您好"}]))
    assert (result.grader.model == "combined") == (expected_kind == "combined")
    assert result.grader.kind == ("llm" if expected_kind == "combined" else "rules")
