"""Persona choices and the case-file panel (the hidden profile is never shown)."""

from __future__ import annotations

from ..personas import PersonaCatalog, case_file_markdown


def persona_choices(catalog: PersonaCatalog) -> list[tuple[str, str]]:
    return [
        (f"{persona.category_label} · {'★' * persona.difficulty} · {persona.title}", persona_id)
        for persona_id, persona in catalog.personas.items()
    ]


def load_errors_markdown(catalog: PersonaCatalog) -> str:
    if not catalog.errors:
        return ""
    lines = ["**以下客户文件加载失败（其余已正常加载）：**"]
    lines += [f"- `{error}`" for error in catalog.errors]
    return "\n".join(lines)


def case_file_panel(catalog: PersonaCatalog, persona_id: str | None) -> str:
    if not persona_id or persona_id not in catalog.personas:
        return "请选择一位客户，查看客户档案。"
    persona = catalog.personas[persona_id]
    return f"_{persona.summary}_\n\n" + case_file_markdown(persona)
