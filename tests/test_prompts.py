import pytest

from collection_coach.errors import InputFileError
from collection_coach.prompts import PromptLibrary


def test_missing_slot_is_an_error_naming_the_template(tmp_path):
    (tmp_path / "greet.j2").write_text("你好，{{ name }}，欠款 {{ amount }} 元", encoding="utf-8")
    library = PromptLibrary(tmp_path)
    with pytest.raises(InputFileError, match="greet.j2.*amount"):
        library.render("greet", name="王强")


def test_render_fills_slots(tmp_path):
    (tmp_path / "greet.j2").write_text("你好，{{ name }}", encoding="utf-8")
    assert PromptLibrary(tmp_path).render("greet", name="王强") == "你好，王强"


def test_unknown_template_is_named(tmp_path):
    with pytest.raises(InputFileError, match="nothing.j2"):
        PromptLibrary(tmp_path).render("nothing")


def test_version_changes_when_the_template_changes(tmp_path):
    path = tmp_path / "judge.j2"
    path.write_text("A {{ x }}", encoding="utf-8")
    library = PromptLibrary(tmp_path)
    before = library.version("judge")
    path.write_text("B {{ x }}", encoding="utf-8")
    assert library.version("judge") != before


def test_shipped_templates_render_without_missing_slots(project_root):
    from collection_coach.debtor_llm import render_system_prompt
    from collection_coach.personas import load_personas

    catalog = load_personas(project_root / "personas")
    library = PromptLibrary(project_root / "prompts")
    for persona in catalog.personas.values():
        prompt = render_system_prompt(library, persona)
        assert persona.hidden.bottom_line.description in prompt
