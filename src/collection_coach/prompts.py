"""Prompts as files with named slots (prompts/*.j2). A missing slot is an error, never an empty string."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import jinja2

from .errors import InputFileError


class PromptLibrary:
    def __init__(self, directory: Path | str):
        self.directory = Path(directory)
        self._environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(self.directory)),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            keep_trailing_newline=False,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def path(self, name: str) -> Path:
        return self.directory / f"{name}.j2"

    def render(self, name: str, /, **slots: Any) -> str:
        # `name` is positional-only so that a template may have a slot called "name" too.
        path = self.path(name)
        try:
            template = self._environment.get_template(f"{name}.j2")
        except jinja2.TemplateNotFound as error:
            raise InputFileError(path, "prompt template not found") from error
        except jinja2.TemplateSyntaxError as error:
            raise InputFileError(path, f"template syntax error on line {error.lineno}: {error.message}") from error
        try:
            return template.render(**slots).strip()
        except jinja2.UndefinedError as error:
            raise InputFileError(path, f"missing slot: {error.message}") from error

    def version(self, *names: str) -> str:
        """Content hash of the named templates: recorded with every grade so runs are comparable."""
        digest = hashlib.sha256()
        for name in sorted(names):
            digest.update(name.encode())
            digest.update(self.path(name).read_bytes())
        return digest.hexdigest()[:12]
