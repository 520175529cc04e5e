"""Assemble the Gradio Blocks app and launch it with offline-safe settings (design.md, "Gradio facts that bite")."""

from __future__ import annotations

import os

import gradio as gr

from ..app_context import AppContext
from .history import build_history_tab
from .practice import build_practice_tab
from .report_view import reports_folder
from .trainer import build_trainer_tab

TITLE = "催收陪练 · Collection Coach"
# Themes since Gradio 6.17 ship local fonts; CJK system fonts come after them so Chinese never falls back to a
# remote web font.
CJK_FONTS = ("Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "sans-serif")
CSS = """
#engine-badge { padding: 6px 12px; border-radius: 8px; background: var(--block-background-fill); }
#case-file { max-height: 520px; overflow-y: auto; }
/* The chart SVG has width="100%": without a cap it scales its text up to the page width. */
.criterion-chart { max-width: 760px; }
"""


def offline_environment() -> None:
    """No phoning home: analytics/version checks off, and launch() must not go through a proxy to itself."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    no_proxy = {part for part in os.environ.get("NO_PROXY", "").split(",") if part}
    os.environ["NO_PROXY"] = ",".join(sorted(no_proxy | {"localhost", "127.0.0.1"}))


def build_app(context: AppContext) -> gr.Blocks:
    offline_environment()
    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        gr.Markdown(f"# {TITLE}")
        gr.Markdown(f"**当前引擎：** {context.engine_label}", elem_id="engine-badge")
        with gr.Tabs():
            with gr.Tab("练习", id="practice"):
                page_load = build_practice_tab(context)
            with gr.Tab("历史记录", id="history"):
                build_history_tab(context)
            with gr.Tab("培训师", id="trainer"):
                trainer_load = build_trainer_tab(context)
        demo.load(**page_load)
        demo.load(**trainer_load)
    demo.queue(default_concurrency_limit=context.settings.concurrency_limit)
    return demo


def theme() -> gr.themes.Base:
    local_latin = gr.themes.LocalFont("Montserrat", weights=(400, 700))  # bundled with Gradio, no download
    return gr.themes.Soft(font=[local_latin, *CJK_FONTS])


def launch(context: AppContext, **overrides) -> gr.Blocks:
    """Launch with the offline-safe options; returns the app so a caller using prevent_thread_lock can close it."""
    demo = build_app(context)
    options = dict(
        server_name=context.settings.host,
        server_port=context.settings.port,
        share=False,
        max_threads=40,
        run_history=False,        # transcripts must not stay in the browser of a shared PC
        enable_monitoring=False,
        footer_links=["settings"],
        theme=theme(),
        css=CSS,
        show_error=False,
        quiet=True,  # `coach serve` prints the local URL itself; Gradio's share-link hint is wrong on an intranet
        # The database (and the reports beside it) may live outside the working directory, e.g. /srv/coach.
        allowed_paths=[str(reports_folder(context.settings))],
    )
    options.update(overrides)
    demo.launch(**options)
    return demo
