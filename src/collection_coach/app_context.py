"""Everything the UI needs, built once per process from Settings: store, prompts, models, content loaders.

Shared, read-only or thread-safe objects only (the OpenAI client is thread-safe; the store locks). Per-user state
lives in gr.State, never here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .config import Settings
from .debtor import Debtor
from .debtor_llm import LLMDebtor
from .llm import ChatModel
from .persona_model import Persona
from .personas import PersonaCatalog, load_personas
from .prompts import PromptLibrary
from .roleplay import CallService
from .store import Store, open_store
from .structured import CapabilityCache


@dataclass
class AppContext:
    settings: Settings
    store: Store
    prompts: PromptLibrary
    roleplay_model: Optional[ChatModel] = None
    grader_model: Optional[ChatModel] = None
    calls: CallService = field(init=False)
    # Which structured-output mode the grader endpoint accepts, remembered for the life of the process.
    capabilities: CapabilityCache = field(default_factory=CapabilityCache)

    def __post_init__(self) -> None:
        self.calls = CallService(self.store, max_message_chars=self.settings.max_message_chars)

    @classmethod
    def create(cls, settings: Settings, *, roleplay_model: Optional[ChatModel] = None,
               grader_model: Optional[ChatModel] = None) -> "AppContext":
        """Models default to what the settings configure; tests pass fakes."""
        if settings.engine == "openai" and roleplay_model is None:
            from .openai_model import build_chat_model

            roleplay_model = build_chat_model(settings, "roleplay")
            grader_model = grader_model or build_chat_model(settings, "grader")
        return cls(settings=settings, store=open_store(settings), prompts=PromptLibrary(settings.prompts_dir),
                   roleplay_model=roleplay_model, grader_model=grader_model)

    @property
    def engine_label(self) -> str:
        return self.settings.engine_label()

    def personas(self) -> PersonaCatalog:
        """Re-read on every call (a page load): trainers' edits show up without a restart."""
        return load_personas(Path(self.settings.personas_dir))

    def rubric(self):
        from .rubric import load_rubric

        return load_rubric(Path(self.settings.rubric_dir))

    def debtor_for(self, persona: Persona) -> Debtor:
        if self.roleplay_model is None:
            from .offline import ScriptedDebtor

            return ScriptedDebtor(persona, self.rubric())
        return LLMDebtor(
            persona, self.roleplay_model, self.prompts,
            temperature=self.settings.roleplay_temperature, token_budget=self.settings.history_token_budget,
        )

    def grader(self):
        """Built per grading so rubric edits apply at once; the capability memory is kept across grades."""
        from .grading import build_grader

        grader = build_grader(self.settings, model=self.grader_model, offline=self.grader_model is None)
        grader.capabilities = self.capabilities
        return grader

    def grade_session(self, session_id: str):
        """Grade a stored call and store the grade with it. An LLM failure yields an *unscored* grade, and the
        transcript stays re-gradable."""
        record = self.store.get_session(session_id)
        persona = self.personas().personas.get(record.persona_id)
        grade = self.grader().grade(self.store.export_transcript(session_id), persona)
        self.store.save_grade(session_id, grade)
        return grade
