"""Gates: strict config loading, gate decisions, and `coach eval` exit codes (0 pass, 1 gate failed, 2 usage)."""

from __future__ import annotations

import json

import pytest

from collection_coach.cli import eval_cmd, main
from collection_coach.errors import InputFileError
from collection_coach.eval_report_model import (
    Comparison, CriterionAgreement, Delta, RedLineAgreement, RedLineSummary, SampleError, UnscoredSummary,
)
from collection_coach.gates import Gates, KappaGate, check_gates, exit_code, gates_passed, load_eval_config
from eval_fixtures import GOOD_CALL, ScriptedGrader, grade, labels, minimal_report, write_sample

LEVELS = {"opening": 2, "identity_verification": 2}


def test_shipped_gates_file_loads(project_root):
    config = load_eval_config(project_root / "eval" / "gates.yaml")
    assert config.gates.min_red_line_recall == 0.90
    assert config.gates.min_red_line_precision == 0.85
    assert config.gates.min_kappa.default is not None
    assert config.gates.max_drop  # some drop gate is configured
    assert config.prices, "the shipped config shows the price-table format"


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("gates:\n  min_red_line_recal: 0.9\n", "gates.min_red_line_recal: unknown key", id="typo_key"),
        pytest.param("gates:\n  min_red_line_recall: 1.5\n", "gates.min_red_line_recall", id="recall_above_one"),
        pytest.param("gates:\n  min_kappa:\n    per_criterion:\n      openin: 0.3\n",
                     "gates.min_kappa.per_criterion.openin", id="unknown_criterion_override"),
        pytest.param("gates:\n  max_drop:\n    unscored_rate: 0.1\n", "gates.max_drop.unscored_rate",
                     id="drop_on_lower_is_better_metric"),
        pytest.param("prices:\n  gpt-4o-mini: {input_per_million: -1, output_per_million: 1}\n",
                     "prices.gpt-4o-mini.input_per_million", id="negative_price"),
        pytest.param("- just\n- a list\n", "top level must be a mapping", id="not_a_mapping"),
        pytest.param("gates: [unclosed\n", "not valid YAML", id="broken_yaml"),
    ],
)
def test_bad_config_names_file_and_field(tmp_path, text, expected):
    path = tmp_path / "my-gates.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        load_eval_config(path)
    assert "my-gates.yaml" in str(caught.value)
    assert expected in str(caught.value)


def _statuses(results):
    return {result.name: result.status for result in results}


@pytest.mark.parametrize(
    "gates, report, expected",
    [
        pytest.param(Gates(min_red_line_recall=0.9), minimal_report(), {"min_red_line_recall": "pass"},
                     id="recall_exactly_at_threshold"),
        pytest.param(Gates(min_red_line_recall=0.95), minimal_report(), {"min_red_line_recall": "fail"},
                     id="recall_below"),
        pytest.param(Gates(min_red_line_recall=0.9, min_red_line_precision=0.85),
                     minimal_report(red_lines=RedLineSummary(
                         overall=RedLineAgreement(id="all", tp=0, fp=0, fn=0), per_red_line=[])),
                     {"min_red_line_recall": "skipped", "min_red_line_precision": "skipped"},
                     id="no_red_lines_anywhere_is_skipped_not_failed"),
        pytest.param(Gates(min_kappa=KappaGate(default=0.5, per_criterion={"empathy": 0.7})),
                     minimal_report(criteria=[CriterionAgreement(id="opening", n=10, na_mismatch=0, weighted_kappa=0.6),
                                              CriterionAgreement(id="empathy", n=10, na_mismatch=0, weighted_kappa=0.6)]),
                     {"min_kappa.opening": "pass", "min_kappa.empathy": "fail"}, id="per_criterion_override"),
        pytest.param(Gates(min_kappa=KappaGate(default=0.5, min_pairs=8)),
                     minimal_report(criteria=[CriterionAgreement(id="opening", n=3, na_mismatch=0, weighted_kappa=0.1)]),
                     {"min_kappa.opening": "skipped"}, id="too_few_pairs_for_kappa"),
        pytest.param(Gates(min_kappa=KappaGate(default=0.5)),
                     minimal_report(criteria=[CriterionAgreement(id="opening", n=10, na_mismatch=0)]),
                     {"min_kappa.opening": "skipped"}, id="kappa_undefined_single_level"),
        pytest.param(Gates(max_unscored_rate=0.05),
                     minimal_report(unscored=UnscoredSummary(attempts=10, unscored=1, crashed=0, rate=0.1)),
                     {"max_unscored_rate": "fail"}, id="too_many_unscored"),
        pytest.param(Gates(max_sample_errors=0),
                     minimal_report(errors=[SampleError(path="a.json", stage="load", message="bad")]),
                     {"max_sample_errors": "fail"}, id="broken_sample_file"),
        pytest.param(Gates(max_drop={"red_line_recall": 0.05}), minimal_report(),
                     {"max_drop.red_line_recall": "skipped"}, id="no_previous_run"),
        pytest.param(Gates(max_drop={"red_line_recall": 0.05, "mean_weighted_kappa": 0.1}),
                     minimal_report(comparison=Comparison(previous_run_id=1, deltas=[
                         Delta(metric="red_line_recall", previous=1.0, current=0.9, change=-0.1),
                         Delta(metric="mean_weighted_kappa", previous=0.5, current=0.45, change=-0.05)])),
                     {"max_drop.red_line_recall": "fail", "max_drop.mean_weighted_kappa": "pass"},
                     id="drop_since_last_run"),
    ],
)
def test_gate_decisions(gates, report, expected):
    results = check_gates(gates, report)
    assert _statuses(results) == expected
    assert exit_code(results) == (1 if "fail" in expected.values() else 0)


def test_no_gates_configured_means_no_verdict():
    results = check_gates(Gates(), minimal_report())
    assert results == []
    assert gates_passed(results) is None
    assert exit_code(results) == 0


# --- exit codes of the command itself -------------------------------------------------------------------

@pytest.fixture
def sample_folder(tmp_path):
    folder = tmp_path / "samples"
    write_sample(folder, "a.json", GOOD_CALL, labels(LEVELS))
    write_sample(folder, "b.json", GOOD_CALL, labels(LEVELS, {"improper_payment": [5]}, passed=False))
    return folder


@pytest.fixture
def scripted_grader(monkeypatch):
    """The grader boundary of the command: a scripted grade_fn (recall on b.json is 0)."""
    grader = ScriptedGrader({"a": grade("a", LEVELS), "b": grade("b", LEVELS)})
    monkeypatch.setattr(eval_cmd, "build_grade_fn", lambda settings, offline: grader)
    return grader


def _gates_file(tmp_path, text):
    path = tmp_path / "gates.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _eval(tmp_path, folder, gates_text, *extra):
    return main(["eval", str(folder), "--offline", "--no-history", "--out", str(tmp_path / "out"),
                 "--gates", _gates_file(tmp_path, gates_text), *extra])


def test_exit_0_when_all_gates_pass(tmp_path, sample_folder, scripted_grader, capsys):
    assert _eval(tmp_path, sample_folder, "gates:\n  max_unscored_rate: 0.0\n") == 0
    assert "PASS    max_unscored_rate" in capsys.readouterr().out
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["gates_passed"] is True


def test_exit_1_when_a_gate_fails(tmp_path, sample_folder, scripted_grader, capsys):
    code = _eval(tmp_path, sample_folder, "gates:\n  min_red_line_recall: 0.9\n  max_unscored_rate: 0.0\n")
    assert code == 1
    out = capsys.readouterr().out
    assert "FAIL    min_red_line_recall" in out
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["gates_passed"] is False, "the report is written even when a gate fails"


def test_exit_1_for_a_broken_sample_under_max_sample_errors(tmp_path, sample_folder, scripted_grader):
    (sample_folder / "broken.json").write_text("{not json", encoding="utf-8")
    assert _eval(tmp_path, sample_folder, "gates:\n  max_sample_errors: 0\n") == 1


@pytest.mark.parametrize(
    "case",
    [
        pytest.param("missing_path", id="missing_sample_path"),
        pytest.param("bad_gates", id="invalid_gates_file"),
        pytest.param("missing_gates", id="explicit_gates_file_missing"),
        pytest.param("nothing_loads", id="every_sample_broken"),
    ],
)
def test_exit_2_for_usage_and_input_errors(tmp_path, sample_folder, scripted_grader, capsys, case):
    args = ["eval", str(sample_folder), "--offline", "--no-history", "--out", str(tmp_path / "out")]
    if case == "missing_path":
        args[1] = str(tmp_path / "nowhere")
        expected = "nowhere"
    elif case == "bad_gates":
        args += ["--gates", _gates_file(tmp_path, "gates:\n  max_unscored: 0.1\n")]
        expected = "gates.max_unscored: unknown key"
    elif case == "missing_gates":
        args += ["--gates", str(tmp_path / "absent.yaml")]
        expected = "absent.yaml"
    else:
        empty = tmp_path / "broken"
        empty.mkdir()
        (empty / "x.json").write_text("[]", encoding="utf-8")
        args[1] = str(empty)
        expected = "no sample could be loaded"
    assert main(args) == 2
    assert expected in capsys.readouterr().err


@pytest.mark.parametrize("flag", [pytest.param(["--repeat", "0"], id="repeat_zero"),
                                  pytest.param(["--concurrency", "many"], id="concurrency_not_a_number")])
def test_bad_arguments_exit_2(tmp_path, sample_folder, flag, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["eval", str(sample_folder), *flag])
    assert caught.value.code == 2
    assert flag[0] in capsys.readouterr().err
