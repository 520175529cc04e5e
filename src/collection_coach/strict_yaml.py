"""Strict YAML for trainer-owned files (personas, rubric): safe loading, plus two rules PyYAML does not have.

* A repeated key is an error naming the key and its line (PyYAML would silently keep the last one, so a
  typo'd copy of a field would win without anyone noticing).
* Dates stay text: `due_date: 2025-03-15` is the string the models expect, not a `datetime.date`.

Each loader formats the error for its own file kind; this module only parses.
"""

from __future__ import annotations

import yaml


class StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate keys and does not turn dates into `datetime.date`."""

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, (str, int, float, bool)):
                continue  # unhashable keys are reported by PyYAML itself
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_strict(text: str) -> object:
    """Parse YAML text with `StrictLoader`; raises `yaml.YAMLError` (with a problem mark where PyYAML has one)."""
    return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - a SafeLoader subclass


__all__ = ["StrictLoader", "load_strict"]
