"""One Settings object, read from the environment and `.env` (names in design.md are a contract)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Optional

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .errors import CoachError

EngineName = Literal["offline", "openai"]


class SettingsError(CoachError):
    """A wrong setting, with how to fix it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="COACH_", env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True,
    )

    # The SDK's own names, without our prefix.
    openai_api_key: Optional[SecretStr] = Field(default=None, validation_alias=AliasChoices("OPENAI_API_KEY"))
    openai_base_url: Optional[str] = Field(default=None, validation_alias=AliasChoices("OPENAI_BASE_URL"))

    engine: Optional[EngineName] = Field(
        default=None, description="offline | openai; default openai when a key or base URL is set, else offline"
    )
    roleplay_model: Optional[str] = None
    grader_model: Optional[str] = Field(default=None, description="defaults to the role-play model")
    roleplay_temperature: float = Field(default=0.8, ge=0, le=2)
    grader_temperature: float = Field(default=0.0, ge=0, le=2)
    request_timeout: float = Field(default=60.0, gt=0, description="seconds per LLM request")
    max_retries: int = Field(default=2, ge=0, le=10, description="SDK retries on connection errors, 408/409/429/5xx")
    history_token_budget: int = Field(default=3000, ge=200, description="tokens of call history sent to the debtor model")
    max_message_chars: int = Field(default=1000, ge=10, description="longest trainee message accepted")

    database_url: str = "sqlite:///data/coach.db"
    personas_dir: Path = Path("personas")
    rubric_dir: Path = Path("rubric")
    prompts_dir: Path = Path("prompts")
    eval_gates_file: Path = Path("eval/gates.yaml")

    host: str = "127.0.0.1"
    port: int = Field(default=7860, ge=1, le=65535)
    concurrency_limit: int = Field(default=16, ge=1, description="simultaneous LLM-bound events in the UI")

    @field_validator("openai_base_url", "roleplay_model", "grader_model", "engine", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # `FOO=` in a .env file or an empty CI variable means "not set", not "the empty string".
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _resolve_engine(self) -> "Settings":
        if self.engine is None:
            configured = bool(self.openai_base_url) or bool(self.openai_api_key and self.openai_api_key.get_secret_value())
            self.engine = "openai" if configured else "offline"
        if self.grader_model is None:
            self.grader_model = self.roleplay_model
        return self

    @property
    def database_path(self) -> Path:
        prefix = "sqlite:///"
        if not self.database_url.startswith(prefix):
            raise SettingsError(
                f"COACH_DATABASE_URL={self.database_url!r}: only SQLite is supported; use sqlite:///path/to/coach.db"
            )
        return Path(self.database_url[len(prefix):])

    def check(self, *, purpose: Literal["app", "grader"] = "app", offline: bool = False) -> "Settings":
        """Start-up checks that a wrong setting fails early, with a message saying how to fix it. The grader-only
        commands (`coach grade`, `coach eval`) need a grader model, not a role-play model, and no personas;
        `offline` skips the LLM checks (--offline)."""
        problems = []
        if self.engine == "openai" and not offline:
            if purpose == "grader" and not self.grader_model:
                problems.append(
                    "COACH_ENGINE=openai needs COACH_GRADER_MODEL (or COACH_ROLEPLAY_MODEL) for grading; "
                    "see .env.example, or pass --offline"
                )
            if purpose == "app" and not self.roleplay_model:
                problems.append(
                    "COACH_ENGINE=openai needs COACH_ROLEPLAY_MODEL (e.g. gpt-4o-mini, deepseek-chat, qwen-plus, "
                    "qwen2.5:7b for Ollama); see .env.example"
                )
            if not self.openai_api_key and not self.openai_base_url:
                problems.append(
                    "COACH_ENGINE=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server such as "
                    "Ollama/vLLM); or set COACH_ENGINE=offline"
                )
            if self.openai_base_url and not self.openai_base_url.startswith(("http://", "https://")):
                problems.append(f"OPENAI_BASE_URL={self.openai_base_url!r} must start with http:// or https://")
        folders = [("COACH_RUBRIC_DIR", self.rubric_dir), ("COACH_PROMPTS_DIR", self.prompts_dir)]
        if purpose == "app":
            folders.insert(0, ("COACH_PERSONAS_DIR", self.personas_dir))
        for name, directory in folders:
            if not Path(directory).is_dir():
                problems.append(
                    f"{name}={directory}: folder not found (relative to {Path.cwd()}); run from the project "
                    f"folder or set {name}"
                )
        try:
            self.database_path
        except SettingsError as error:
            problems.append(str(error))
        if problems:
            raise SettingsError("Invalid settings:\n  - " + "\n  - ".join(problems))
        return self

    def engine_label(self) -> str:
        """For the UI: which engine and model are active. Never includes the key."""
        if self.engine == "offline":
            return "离线脚本引擎（未配置大模型，陪练对象为规则脚本，评分为规则评分）"
        where = self.openai_base_url or "api.openai.com"
        return f"OpenAI 兼容接口 · 陪练模型 {self.roleplay_model} · 评分模型 {self.grader_model} · {where}"


def load_settings(**overrides: object) -> Settings:
    """Read settings; a malformed value raises SettingsError naming the variable."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        lines = []
        for problem in error.errors():
            field = str(problem["loc"][0]) if problem["loc"] else "?"
            env_name = field.upper() if field.startswith("OPENAI_") else f"COACH_{field.upper()}"
            lines.append(f"{env_name}: {problem['msg']} (got {problem.get('input')!r})")
        raise SettingsError("Invalid settings:\n  - " + "\n  - ".join(lines)) from error
