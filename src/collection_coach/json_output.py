"""JSON out of model replies: extracting the first object from prose, and schemas for OpenAI strict mode."""

from __future__ import annotations

import json
import re
from itertools import chain
from copy import deepcopy
from typing import Any, Optional

from pydantic import BaseModel


_THINKING = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"```[ \t]*(?:json|JSON)?[ \t]*\n?(.*?)```", re.DOTALL)


def extract_json_object(text: str) -> dict[str, Any]:
    """The first JSON object in a reply: the whole text, a ```json fence, or a balanced {...} amid prose."""
    text = _THINKING.sub("", text).strip()  # reasoning models (DeepSeek-R1, Qwen3) may think aloud first
    whole_and_fenced = [text] + [block.strip() for block in _FENCE.findall(text)]
    for candidate in chain(whole_and_fenced, _balanced_objects(text)):  # lazily: the brace scan is the slow part
        try:
            data = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(data, dict):
            return data
    raise ValueError("回复中没有找到完整有效的 JSON 对象")


def _balanced_objects(text: str):
    """Every balanced {...} span, in order of its opening brace; braces inside JSON strings don't count."""
    for start, char in enumerate(text):
        if char != "{":
            continue
        depth, in_string, escaped = 0, False, False
        for end in range(start, len(text)):
            current = text[end]
            if in_string:
                if escaped:
                    escaped = False
                elif current == "\\":
                    escaped = True
                elif current == '"':
                    in_string = False
            elif current == '"':
                in_string = True
            elif current == "{":
                depth += 1
            elif current == "}":
                depth -= 1
                if depth == 0:
                    yield text[start:end + 1]
                    break


def strict_json_schema(schema: type[BaseModel]) -> Optional[dict[str, Any]]:
    """The pydantic schema rewritten for OpenAI strict mode, or None when strict mode cannot express it.

    Strict mode wants every object closed (additionalProperties false) with all properties required (optional
    fields stay nullable), no defaults, and no $ref with sibling keywords. An open mapping (dict[str, X]) has no
    strict form, so such schemas start at json_object instead.
    """
    root = deepcopy(schema.model_json_schema())

    def resolve(ref: str) -> dict[str, Any]:
        node: Any = root
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        return node

    def fix(node: dict[str, Any]) -> dict[str, Any]:
        if "$ref" in node and len(node) > 1:
            node = {**resolve(node["$ref"]), **{k: v for k, v in node.items() if k != "$ref"}}
        node = {key: value for key, value in node.items() if key != "default"}
        for key in ("properties", "$defs"):  # maps of name -> schema
            if key in node:
                node[key] = {name: fix(sub) for name, sub in node[key].items()}
        for key in ("anyOf", "allOf", "oneOf", "prefixItems"):  # lists of schemas
            if key in node:
                node[key] = [fix(sub) for sub in node[key]]
        if isinstance(node.get("items"), dict):
            node["items"] = fix(node["items"])
        if node.get("type") == "object":
            if node.get("additionalProperties") not in (None, False) or "properties" not in node:
                raise _NotStrict
            node["additionalProperties"] = False
            node["required"] = list(node["properties"])
        return node

    try:
        return fix(root)
    except _NotStrict:
        return None


class _NotStrict(Exception):
    pass
