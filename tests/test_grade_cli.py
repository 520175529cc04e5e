"""`coach grade`: contract JSON out, exit 0 even for failing calls, non-zero naming the file on bad input."""

import json

import pytest

from collection_coach.cli import main

GOOD = {"id": "c1", "persona": "first_overdue", "turns": [
    {"role": "debtor", "text": "喂？"},
    {"role": "agent", "text": "您好，我是招商银行信用卡中心的客服小李，请问是王强先生本人吗？"},
    {"role": "debtor", "text": "是我。"},
]}
THREAT = {"id": "c2", "turns": [
    {"role": "debtor", "text": "喂？"},
    {"role": "agent", "text": "再不还钱，我们就派人上门找你老婆孩子，你看着办！"},
]}


def write(folder, name, data):
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False) if isinstance(data, dict) else data, encoding="utf-8")
    return path


def test_json_output_has_the_contract_fields_one_line_per_transcript(tmp_path, capsys):
    write(tmp_path, "a.json", GOOD)
    write(tmp_path, "b.json", THREAT)
    assert main(["grade", str(tmp_path), "--json", "--offline"]) == 0  # a failing call is not a failing command
    lines = capsys.readouterr().out.strip().splitlines()
    grades = [json.loads(line) for line in lines]
    assert [grade["id"] for grade in grades] == ["c1", "c2"]
    for grade in grades:
        assert {"id", "status", "total", "passed", "red_lines", "criteria", "grader"} <= grade.keys()
        assert all({"id", "level"} <= criterion.keys() for criterion in grade["criteria"])
    threat = grades[1]
    assert threat["passed"] is False and threat["total"] == 0
    assert {"id", "turn", "quote", "source"} <= threat["red_lines"][0].keys() and threat["red_lines"][0]["turn"] == 1


def test_text_output_names_each_file(tmp_path, capsys):
    path = write(tmp_path, "b.json", THREAT)
    assert main(["grade", str(path), "--offline"]) == 0
    out = capsys.readouterr().out
    assert "b.json" in out and "未通过" in out


@pytest.mark.parametrize("content, expected", [
    pytest.param("{broken", "not valid JSON", id="invalid_json"),
    pytest.param({"turns": [{"role": "boss", "text": "x"}]}, "turns.0.role", id="invalid_role"),
])
def test_invalid_input_exits_non_zero_naming_the_file(tmp_path, capsys, content, expected):
    write(tmp_path, "good.json", GOOD)
    write(tmp_path, "zz_bad.json", content)
    assert main(["grade", str(tmp_path), "--offline", "--json"]) == 2
    err = capsys.readouterr().err
    assert "zz_bad.json" in err and expected in err


def test_missing_path_is_named(tmp_path, capsys):
    assert main(["grade", str(tmp_path / "nope.json"), "--offline"]) == 2
    assert "nope.json" in capsys.readouterr().err


def test_run_outside_the_project_names_the_missing_rubric_folder(tmp_path, monkeypatch, capsys):
    path = write(tmp_path, "a.json", GOOD)
    monkeypatch.chdir(tmp_path)
    assert main(["grade", str(path), "--offline"]) == 2
    assert "COACH_RUBRIC_DIR" in capsys.readouterr().err
