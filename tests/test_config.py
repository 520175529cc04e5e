import pytest

from collection_coach.config import SettingsError, load_settings


def test_offline_by_default_with_nothing_configured():
    settings = load_settings(_env_file=None)
    assert settings.engine == "offline"
    assert "离线" in settings.engine_label()


@pytest.mark.parametrize("variable, value", [
    pytest.param("OPENAI_API_KEY", "sk-test", id="key_set"),
    pytest.param("OPENAI_BASE_URL", "http://localhost:11434/v1", id="base_url_set"),
])
def test_engine_defaults_to_openai_when_an_endpoint_is_configured(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    assert load_settings(_env_file=None).engine == "openai"


def test_explicit_engine_wins(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("COACH_ENGINE", "offline")
    assert load_settings(_env_file=None).engine == "offline"


def test_grader_model_defaults_to_roleplay_model(monkeypatch):
    monkeypatch.setenv("COACH_ROLEPLAY_MODEL", "deepseek-chat")
    assert load_settings(_env_file=None).grader_model == "deepseek-chat"


def test_malformed_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("COACH_PORT", "seventy")
    with pytest.raises(SettingsError, match="COACH_PORT"):
        load_settings(_env_file=None)


def test_unknown_engine_is_refused(monkeypatch):
    monkeypatch.setenv("COACH_ENGINE", "gpt")
    with pytest.raises(SettingsError, match="COACH_ENGINE"):
        load_settings(_env_file=None)


def test_openai_engine_without_model_fails_at_start_with_a_fix(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret-value")
    with pytest.raises(SettingsError) as raised:
        load_settings(_env_file=None).check()
    assert "COACH_ROLEPLAY_MODEL" in str(raised.value)
    assert "sk-secret-value" not in str(raised.value)


def test_missing_content_folder_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("COACH_PERSONAS_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(SettingsError, match="COACH_PERSONAS_DIR"):
        load_settings(_env_file=None).check()


def test_non_sqlite_database_url_is_refused(monkeypatch):
    monkeypatch.setenv("COACH_DATABASE_URL", "postgresql://db/coach")
    with pytest.raises(SettingsError, match="COACH_DATABASE_URL"):
        load_settings(_env_file=None).check()


def test_engine_label_never_shows_the_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret-value")
    monkeypatch.setenv("COACH_ROLEPLAY_MODEL", "qwen-plus")
    label = load_settings(_env_file=None).engine_label()
    assert "qwen-plus" in label and "sk-secret-value" not in label


def test_dotenv_file_is_read(tmp_path, monkeypatch):
    env_file = tmp_path / ".env"
    env_file.write_text("COACH_PORT=8123\nCOACH_ENGINE=offline\n", encoding="utf-8")
    assert load_settings(_env_file=str(env_file)).port == 8123


def test_blank_model_variable_means_unset(monkeypatch):
    monkeypatch.setenv("COACH_ROLEPLAY_MODEL", "qwen-plus")
    monkeypatch.setenv("COACH_GRADER_MODEL", "")
    assert load_settings(_env_file=None).grader_model == "qwen-plus"


def test_grader_commands_need_only_a_grader_model(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("COACH_GRADER_MODEL", "qwen-max")
    settings = load_settings(_env_file=None)
    assert settings.check(purpose="grader") is settings
    with pytest.raises(SettingsError, match="COACH_ROLEPLAY_MODEL"):
        settings.check(purpose="app")
