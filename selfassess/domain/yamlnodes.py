"""Reading PyYAML node trees strictly: types, keys, slugs and line-numbered errors.

Values are read from the node tree, never constructed, so YAML 1.1 surprises (``yes`` as a
boolean, ``0012`` as octal) are errors, not data; aliases and deep nesting are refused before
a tree is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

import yaml

from selfassess.domain.scale import DESCRIPTORS as GENERIC_LEVELS

MAX_DEPTH: Final = 12
SLUG: Final = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STR_TAG: Final = "tag:yaml.org,2002:str"
INT_TAG: Final = "tag:yaml.org,2002:int"
TAG_NAMES: Final = {
    "tag:yaml.org,2002:bool": "a boolean",
    INT_TAG: "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "a date",
}


@dataclass
class NodeChecker:
    """Walks the node tree of one file, collecting errors instead of stopping at the first."""

    filename: str
    errors: list[str] = field(default_factory=list)
    seen_ids: dict[str, int] = field(default_factory=dict)

    def error(self, node: yaml.Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.errors.append(f"{self.filename}:{line}: {message}")

    def mapping(
        self, node: yaml.Node, keys: tuple[set[str], set[str]], what: str
    ) -> dict[str, yaml.Node]:
        """The fields of a mapping node; reports unknown, duplicate and missing keys."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping of keys to values")
            return {}
        required, optional = keys
        fields: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in fields:
                self.error(key_node, f"duplicate key '{key}' in {what}")
            elif key not in required | optional:
                allowed = ", ".join(sorted(required | optional))
                self.error(key_node, f"unknown key '{key}' in {what} (allowed: {allowed})")
            else:
                fields[key] = value_node
        for key in sorted(required - fields.keys()):
            self.error(node, f"missing key '{key}' in {what}")
        return fields

    def sequence(self, node: yaml.Node | None, what: str) -> list[yaml.Node]:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} must be a list")
            return []
        if not node.value:
            self.error(node, f"{what} must not be empty")
        return list(node.value)

    def text(self, node: yaml.Node | None, what: str) -> str:
        if node is None:
            return ""
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{what} must be text")
            return ""
        if node.tag != STR_TAG:
            seen = TAG_NAMES.get(node.tag, node.tag)
            self.error(
                node,
                f"{what} must be text, but YAML reads {node.value!r} as {seen}; put it in quotes",
            )
            return ""
        value = " ".join(str(node.value).split())
        if not value:
            self.error(node, f"{what} must not be empty")
        return value

    def slug(self, node: yaml.Node | None, what: str) -> str:
        value = self.text(node, what)
        if value and not SLUG.match(value):
            self.error(
                node,
                f"{what} {value!r} must be a slug: lower-case letters, digits and single hyphens",
            )
        elif value and node is not None:
            if value in self.seen_ids:
                first = self.seen_ids[value]
                self.error(node, f"duplicate id '{value}' (first used on line {first})")
            else:
                self.seen_ids[value] = node.start_mark.line + 1
        return value

    def number(self, node: yaml.Node, allowed: range, what: str) -> int | None:
        value = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
        if (
            not isinstance(node, yaml.ScalarNode)
            or node.tag != INT_TAG
            or not re.fullmatch(r"[1-9][0-9]*", value)
            or int(value) not in allowed
        ):
            first, last = allowed[0], allowed[-1]
            self.error(
                node,
                f"{what} must be a whole number from {first} to {last}, "
                f"not {value or 'a list or mapping'!r}",
            )
            return None
        return int(value)

    def levels(self, node: yaml.Node | None, what: str) -> dict[int, str]:
        """What levels 1-4 look like for one item: all four, each different from the others
        and from the generic line of the scale (``generic``), which they exist to replace."""
        if node is None:
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"levels of {what} must map each of 1, 2, 3 and 4 to text")
            return {}
        result: dict[int, str] = {}
        for key_node, value_node in node.value:
            level = str(key_node.value)
            if level not in ("1", "2", "3", "4"):
                self.error(key_node, f"level {level!r} of {what} must be 1, 2, 3 or 4")
            elif int(level) in result:
                self.error(key_node, f"level {level} of {what} is described twice")
            else:
                result[int(level)] = self._level_text(value_node, level, what, result)
        missing = [str(n) for n in (1, 2, 3, 4) if n not in result]
        if missing:
            self.error(
                node,
                f"{what} must describe all four levels; missing level(s) {', '.join(missing)}",
            )
        return result

    def _level_text(self, node: yaml.Node, level: str, what: str, earlier: dict[int, str]) -> str:
        text = self.text(node, f"level {level} of {what}")
        twin = next((n for n, t in earlier.items() if t and t.lower() == text.lower()), None)
        if twin is not None:
            self.error(node, f"level {level} of {what} repeats level {twin}; describe each level")
        elif text and text.lower() == GENERIC_LEVELS[int(level)].lower():
            self.error(
                node,
                f"level {level} of {what} only repeats the generic scale; say what it looks "
                "like for this item",
            )
        return text


def pre_scan(text: str, checker: NodeChecker) -> bool:
    """Reject aliases, anchors and deep nesting before building a node tree (no recursion)."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        mark = event.start_mark
        line = mark.line + 1 if mark is not None else 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            checker.errors.append(f"{checker.filename}:{line}: anchors and aliases are not allowed")
            return False
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                checker.errors.append(
                    f"{checker.filename}:{line}: nesting deeper than {MAX_DEPTH} levels"
                )
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return True
