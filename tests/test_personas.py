"""Persona files: the shipped set, strict loading with errors naming file and field, the lint CLI, the schema."""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import typing
from pathlib import Path

import jsonschema
import pytest
import yaml

from collection_coach.cli import main
from collection_coach.persona_model import Category, Mood, OfflineIntent, Persona
from collection_coach.personas import case_file_markdown, load_personas, persona_json_schema

ALL_CATEGORIES = set(typing.get_args(Category))
ALL_INTENTS = set(typing.get_args(OfflineIntent))
ALL_MOODS = set(typing.get_args(Mood))
SCHEMA_COMMENT = "# yaml-language-server: $schema=./persona.schema.json"


@pytest.fixture
def shipped_dir(project_root: Path) -> Path:
    return project_root / "personas"


@pytest.fixture
def shipped_data(shipped_dir: Path) -> dict:
    """A shipped persona as plain data, to mutate into invalid files."""
    return yaml.safe_load((shipped_dir / "first_overdue.yaml").read_text(encoding="utf-8"))


def write_yaml(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def copy_shipped(shipped_dir: Path, target: Path) -> Path:
    target.mkdir(exist_ok=True)
    for path in shipped_dir.glob("*.yaml"):
        shutil.copy(path, target / path.name)
    return target


# --- the shipped personas -------------------------------------------------------------------------------------

def test_shipped_personas_load_without_errors_and_cover_every_category(shipped_dir):
    catalog = load_personas(shipped_dir)

    assert catalog.errors == []
    assert len(catalog.personas) == len(list(shipped_dir.glob("*.yaml"))) == 7
    assert {persona.category for persona in catalog.personas.values()} == ALL_CATEGORIES
    assert {persona_id: persona.category for persona_id, persona in catalog.personas.items()} == {
        category: category for category in ALL_CATEGORIES
    }
    assert list(catalog.personas) == sorted(catalog.personas)  # ordered by file name (ids equal file stems here)


def test_shipped_personas_are_distinct_people(shipped_dir):
    personas = list(load_personas(shipped_dir).personas.values())
    for attribute in ("title", "opening_line"):
        assert len({getattr(persona, attribute) for persona in personas}) == len(personas), attribute
    for attribute in ("customer_name", "phone", "amount_due", "product"):
        assert len({getattr(persona.case_file, attribute) for persona in personas}) == len(personas), attribute
    assert len({persona.case_file.institution for persona in personas}) >= 6
    assert {persona.difficulty for persona in personas} >= {1, 2, 3, 4}


def test_third_party_persona_is_not_the_borrower_and_denial_suspects_identity_theft(shipped_dir):
    catalog = load_personas(shipped_dir)
    third_party, denial = catalog.get("third_party"), catalog.get("denial")
    assert third_party.hidden.is_borrower is False and third_party.hidden.relation_to_borrower
    assert all(persona.hidden.is_borrower for persona in catalog.personas.values() if persona is not third_party)
    assert "冒用" in denial.hidden.bottom_line.description and denial.hidden.bottom_line.amount == 0


def test_every_shipped_persona_scripts_every_offline_intent_and_mood(shipped_dir):
    for persona_id, persona in load_personas(shipped_dir).personas.items():
        script = persona.offline
        assert set(script.lines) == ALL_INTENTS, persona_id
        assert all(len(lines) >= 2 for lines in script.lines.values()), persona_id
        assert set(script.mood_lines) == ALL_MOODS, persona_id
        assert script.hang_up_line and script.agree_line, persona_id
        assert persona.hidden.hidden_facts and persona.hidden.bottom_line.description, persona_id


def test_every_shipped_file_points_editors_to_the_schema(shipped_dir):
    for path in shipped_dir.glob("*.yaml"):
        assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_COMMENT, path.name


# --- strict loading: every error names the file and the field ---------------------------------------------------

def _set(path: str, value: object):
    def mutate(data: dict) -> None:
        *parents, last = path.split(".")
        for key in parents:
            data = data[key]
        data[last] = value
    return mutate


def _delete(path: str):
    def mutate(data: dict) -> None:
        *parents, last = path.split(".")
        for key in parents:
            data = data[key]
        del data[last]
    return mutate


INVALID_DATA = [
    pytest.param(_set("titel", "拼错的键"), "titel: unknown key", id="unknown_key_top_level"),
    pytest.param(_set("hidden.bottom_line.amout", 100), "hidden.bottom_line.amout: unknown key", id="unknown_key_nested"),
    pytest.param(_set("offline.lines.greting", ["喂"]), "offline.lines.greting", id="unknown_offline_intent"),
    pytest.param(_delete("hidden.situation"), "hidden.situation: Field required", id="missing_field"),
    pytest.param(_delete("case_file"), "case_file: Field required", id="missing_section"),
    pytest.param(_set("category", "angry_customer"), "category: Input should be", id="bad_category"),
    pytest.param(_set("difficulty", 6), "difficulty: Input should be less than or equal to 5", id="difficulty_6"),
    pytest.param(_set("hidden.bottom_line.amount", "三千"), "hidden.bottom_line.amount: Input should be a valid number",
                 id="amount_not_a_number"),
    pytest.param(_set("case_file.overdue_days", -3), "case_file.overdue_days: Input should be greater than or equal",
                 id="negative_overdue_days"),
    pytest.param(_set("id", "First Overdue"), "id: String should match pattern", id="id_with_spaces"),
    pytest.param(_set("hidden.calms_down_when", []), "hidden.calms_down_when: List should have at least 1 item",
                 id="empty_required_list"),
    pytest.param(_set("offline.agree_line", "好，{date}还{amout}元"), "offline.agree_line: unknown placeholder",
                 id="placeholder_typo"),
    pytest.param(_set("category", "third_party"), "hidden.is_borrower: must be false", id="third_party_answered_by_borrower"),
    pytest.param(_set("hidden.is_borrower", False), "hidden.relation_to_borrower: required", id="not_borrower_without_relation"),
    pytest.param(_set("hidden.bottom_line.amount", 999999), "hidden.bottom_line.amount: 999999 is more than",
                 id="bottom_line_above_amount_due"),
]


@pytest.mark.parametrize("mutate, expected", INVALID_DATA)
def test_invalid_persona_is_reported_with_file_and_field(tmp_path, shipped_data, mutate, expected):
    data = copy.deepcopy(shipped_data)
    mutate(data)
    path = write_yaml(tmp_path / "broken.yaml", data)

    catalog = load_personas(tmp_path)

    assert catalog.personas == {}
    assert len(catalog.errors) == 1
    error = catalog.errors[0]
    assert error.path == path
    assert str(error).startswith(f"{path}: ")
    assert expected in error.message


INVALID_TEXT = [
    pytest.param("id: x\ncategory: [angry\n", "YAML syntax error on line 3", id="yaml_syntax_error"),
    pytest.param("id: x\ndifficulty: 2\ndifficulty: 3\n", "duplicate key 'difficulty'", id="duplicate_yaml_key"),
    pytest.param("- id: x\n- id: y\n", "top level must be a mapping", id="not_a_mapping"),
    pytest.param("just a sentence\n", "top level must be a mapping", id="plain_text"),
    pytest.param("", "file is empty", id="empty_file"),
    pytest.param("# only a comment\n", "file is empty", id="only_comments"),
]


@pytest.mark.parametrize("text, expected", INVALID_TEXT)
def test_unparseable_file_is_reported_with_file_and_reason(tmp_path, text, expected):
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")

    catalog = load_personas(tmp_path)

    assert [error.path for error in catalog.errors] == [path]
    assert expected in catalog.errors[0].message


def test_duplicate_yaml_key_error_names_the_line(tmp_path):
    (tmp_path / "dup.yaml").write_text("id: x\ndifficulty: 2\ndifficulty: 3\n", encoding="utf-8")
    assert "line 3" in load_personas(tmp_path).errors[0].message


def test_file_not_saved_as_utf8_is_reported(tmp_path, shipped_dir):
    text = (shipped_dir / "angry.yaml").read_text(encoding="utf-8")
    (tmp_path / "gbk.yaml").write_bytes(text.encode("gbk"))
    [error] = load_personas(tmp_path).errors
    assert "not UTF-8" in error.message and error.path.name == "gbk.yaml"


def test_unreadable_file_is_reported_and_others_still_load(tmp_path, shipped_dir):
    copy_shipped(shipped_dir, tmp_path)
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "missing-target.yaml")

    catalog = load_personas(tmp_path)

    assert len(catalog.personas) == 7
    [error] = catalog.errors
    assert error.path.name == "dangling.yaml" and "cannot read file" in error.message


def test_duplicate_id_across_files_reports_the_second_file(tmp_path, shipped_dir):
    shutil.copy(shipped_dir / "angry.yaml", tmp_path / "a_angry.yaml")
    shutil.copy(shipped_dir / "angry.yaml", tmp_path / "b_angry_copy.yaml")

    catalog = load_personas(tmp_path)

    assert list(catalog.personas) == ["angry"]
    assert catalog.paths["angry"].name == "a_angry.yaml"
    [error] = catalog.errors
    assert error.path.name == "b_angry_copy.yaml"
    assert error.message.startswith("id: 'angry' is already used by") and "a_angry.yaml" in error.message


def test_one_bad_file_among_good_ones_does_not_block_them(tmp_path, shipped_dir):
    copy_shipped(shipped_dir, tmp_path)
    broken = tmp_path / "hardship.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("    amount: 500\n", "    amount: 一点点\n"),
                      encoding="utf-8")

    catalog = load_personas(tmp_path)

    assert set(catalog.personas) == {"first_overdue", "repeat_overdue", "angry", "disputing", "third_party", "denial"}
    [error] = catalog.errors
    assert str(error).startswith(f"{broken}: hidden.bottom_line.amount: Input should be a valid number")


@pytest.mark.parametrize("make_folder, expected", [
    pytest.param(lambda path: path.mkdir(), "no persona files", id="empty_folder"),
    pytest.param(lambda path: None, "persona folder not found", id="missing_folder"),
    pytest.param(lambda path: (path.mkdir(), (path / "notes.txt").write_text("x")), "no persona files",
                 id="only_other_files"),
])
def test_folder_without_personas_is_an_error(tmp_path, make_folder, expected):
    folder = tmp_path / "personas"
    make_folder(folder)
    catalog = load_personas(folder)
    assert catalog.personas == {}
    assert [error.path for error in catalog.errors] == [folder] and expected in catalog.errors[0].message


def test_only_yaml_files_are_read_and_yml_works_too(tmp_path, shipped_dir):
    shutil.copy(shipped_dir / "angry.yaml", tmp_path / "angry.yml")
    (tmp_path / "README.md").write_text("# 说明\n", encoding="utf-8")
    (tmp_path / "persona.schema.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".angry.yaml.swp").write_text("garbage: [", encoding="utf-8")
    (tmp_path / "drafts.yaml").mkdir()

    catalog = load_personas(tmp_path)

    assert list(catalog.personas) == ["angry"] and catalog.errors == []


def test_unquoted_date_is_read_as_text(tmp_path, shipped_data):
    """Trainers write `due_date: 2025-03-15`; plain YAML would turn it into a date and fail the string field."""
    path = tmp_path / "dated.yaml"
    text = yaml.safe_dump(shipped_data, allow_unicode=True, sort_keys=False)
    path.write_text(text.replace("due_date: 每月 8 日（本期账单应还款日已过）", "due_date: 2025-03-15"), encoding="utf-8")
    assert "due_date: 2025-03-15\n" in path.read_text(encoding="utf-8")

    catalog = load_personas(tmp_path)

    assert catalog.errors == []
    assert catalog.get("first_overdue").case_file.due_date == "2025-03-15"


# --- hashes and reloading ----------------------------------------------------------------------------------------

def test_file_hash_is_a_short_sha256_of_the_file_bytes(shipped_dir):
    catalog = load_personas(shipped_dir)
    expected = hashlib.sha256((shipped_dir / "denial.yaml").read_bytes()).hexdigest()[:12]
    assert catalog.file_hash("denial") == expected
    with pytest.raises(KeyError, match="nobody"):
        catalog.file_hash("nobody")


def test_reloading_picks_up_an_edit_even_of_the_same_size(tmp_path, shipped_dir):
    path = copy_shipped(shipped_dir, tmp_path) / "first_overdue.yaml"
    before = load_personas(tmp_path)
    assert before.get("first_overdue").difficulty == 1

    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("difficulty: 1\n", "difficulty: 2\n"), encoding="utf-8")  # same size, maybe same mtime
    after = load_personas(tmp_path)

    assert after.get("first_overdue").difficulty == 2
    assert after.file_hash("first_overdue") != before.file_hash("first_overdue")
    assert after.get("angry") is before.get("angry")  # unchanged files are not re-parsed

    path.write_text(text.replace("difficulty: 1\n", "difficulty: 9\n"), encoding="utf-8")
    broken = load_personas(tmp_path)
    assert "first_overdue" not in broken.personas and "difficulty" in broken.errors[0].message


# --- the CLI -----------------------------------------------------------------------------------------------------

def test_cli_check_lists_every_persona_and_exits_0(shipped_dir, capsys):
    assert main(["personas", "check", str(shipped_dir)]) == 0
    out = capsys.readouterr().out
    for category in ALL_CATEGORIES:
        assert f"id={category}" in out
    assert "7 persona(s) loaded, 0 error(s)" in out


def test_cli_check_exits_1_and_names_file_and_field(tmp_path, shipped_dir, capsys):
    copy_shipped(shipped_dir, tmp_path)
    broken = tmp_path / "angry.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("difficulty: 4", "difficulty: 6"), encoding="utf-8")

    assert main(["personas", "check", str(tmp_path)]) == 1

    out = capsys.readouterr().out
    assert f"error  {broken}: difficulty: Input should be less than or equal to 5" in out
    assert "id=denial" in out and "id=angry" not in out


def test_cli_check_missing_folder_exits_1(tmp_path, capsys):
    assert main(["personas", "check", str(tmp_path / "nope")]) == 1
    assert "persona folder not found" in capsys.readouterr().out


def test_cli_check_defaults_to_the_configured_folder(tmp_path, shipped_dir, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("COACH_PERSONAS_DIR", str(shipped_dir))
    assert main(["personas", "check"]) == 0
    assert f"in {shipped_dir}" in capsys.readouterr().out


def test_cli_schema_prints_the_schema_and_write_updates_the_file(tmp_path, monkeypatch, capsys):
    assert main(["personas", "schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(persona_json_schema())

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COACH_PERSONAS_DIR", str(tmp_path))
    assert main(["personas", "schema", "--write"]) == 0
    assert (tmp_path / "persona.schema.json").read_text(encoding="utf-8") == persona_json_schema()


# --- the JSON Schema for editors ---------------------------------------------------------------------------------

def test_committed_schema_is_up_to_date(shipped_dir):
    committed = (shipped_dir / "persona.schema.json").read_text(encoding="utf-8")
    assert committed == persona_json_schema(), (
        "personas/persona.schema.json is out of date: run `coach personas schema --write`"
    )


def test_shipped_personas_validate_against_the_published_schema(shipped_dir):
    schema = json.loads((shipped_dir / "persona.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in shipped_dir.glob("*.yaml"):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_schema_rejects_a_typo_like_the_loader(shipped_data):
    data = copy.deepcopy(shipped_data)
    data["hidden"]["bottom_line"]["amout"] = 1
    with pytest.raises(jsonschema.ValidationError, match="amout"):
        jsonschema.validate(data, json.loads(persona_json_schema()))


# --- the case file the trainee sees ------------------------------------------------------------------------------

def test_case_file_markdown_shows_the_public_facts(shipped_dir):
    markdown = case_file_markdown(load_personas(shipped_dir).get("angry"))
    for expected in ("王*强", "45岁", "138****5621", "XX商业银行信用卡中心", "¥45,000.00", "¥49,876.35",
                     "¥4,987.64", "65 天", "每月 25 日", "情绪激动", "★★★★☆", "再打我就投诉"):
        assert expected in markdown, expected


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in _strings(key) + _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def _mark_every_string(value: object, counter: list[int]) -> object:
    """Replace every string leaf with a unique marker (keys stay: they are field names / intents)."""
    if isinstance(value, str):
        counter[0] += 1
        return f"〔隐藏{counter[0]}〕"
    if isinstance(value, dict):
        return {key: _mark_every_string(item, counter) for key, item in value.items()}
    if isinstance(value, list):
        return [_mark_every_string(item, counter) for item in value]
    return value


@pytest.mark.parametrize("persona_id", sorted(ALL_CATEGORIES))
def test_case_file_never_shows_hidden_or_offline_content(shipped_dir, persona_id):
    persona = load_personas(shipped_dir).get(persona_id)
    data = persona.model_dump()
    counter = [0]
    data["hidden"] = _mark_every_string(data["hidden"], counter)
    data["hidden"]["bottom_line"]["amount"] = 1234.56  # a number that appears nowhere in the case file
    data["offline"] = _mark_every_string(data["offline"], counter)
    markdown = case_file_markdown(Persona.model_validate(data))
    assert counter[0] > 50
    assert "隐藏" not in markdown and "1,234.56" not in markdown and "1234.56" not in markdown

    # And with the real content: no hidden sentence shows up, unless the public fields say the same thing.
    public = " ".join(_strings(persona.case_file.model_dump()) + [persona.category_label])
    real_markdown = case_file_markdown(persona)
    hidden = _strings(persona.hidden.model_dump()) + _strings(persona.offline.model_dump())
    leaked = [text for text in hidden if len(text) >= 4 and text in real_markdown and text not in public]
    assert leaked == []

