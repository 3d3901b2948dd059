"""Questionnaire definition files: strict YAML schema checks and the content-hash version.

Every problem is reported as ``file:line: message`` and all of them are collected, so an
author fixes a file in one pass. Values are read from PyYAML's node tree, never constructed,
so YAML 1.1 surprises (``yes`` as a boolean, ``0012`` as octal) are errors, not data.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import yaml

from selfassess.domain.questionnaire import (
    STAGE_PHASES,
    STAGES,
    Item,
    Questionnaire,
    Section,
    Source,
    Statement,
)

MAX_BYTES: Final = 1_000_000
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

TOP_KEYS: Final = ({"id", "title", "sections"}, {"description", "notes"})
SECTION_KEYS: Final = ({"id", "title", "items"}, set[str]())
ITEM_KEYS: Final = (
    {"id", "title", "summary", "source", "statements"},
    {"phases", "stages", "descriptors"},
)
SOURCE_KEYS: Final = ({"document", "section"}, set[str]())
STATEMENT_KEYS: Final = ({"id", "text"}, set[str]())


class QuestionnaireError(ValueError):
    """A definition file is invalid; ``errors`` lists every problem as file:line: message."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class _Checker:
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

    def phases(
        self, fields: dict[str, yaml.Node], what: str
    ) -> tuple[tuple[int, ...], tuple[str, ...]]:
        """Phases and stages; phases may be derived from stages, and must agree with them."""
        stages: list[str] = []
        for node in self.sequence(fields.get("stages"), f"stages of {what}"):
            stage = self.text(node, "a stage")
            if stage and stage not in STAGES:
                self.error(node, f"unknown stage {stage!r} (allowed: {', '.join(STAGES)})")
            elif stage in stages:
                self.error(node, f"stage {stage!r} listed twice")
            elif stage:
                stages.append(stage)
        given: list[int] = []
        for node in self.sequence(fields.get("phases"), f"phases of {what}"):
            phase = self.number(node, range(1, 4), "a phase")
            if phase in given:
                self.error(node, f"phase {phase} listed twice")
            elif phase is not None:
                given.append(phase)
        derived = sorted({STAGE_PHASES[s] for s in stages})
        if "phases" not in fields and "stages" not in fields:
            self.error(fields.get("id"), f"{what} needs 'phases' or 'stages'")
        if "phases" in fields and stages and sorted(given) != derived:
            self.error(
                fields["phases"],
                f"phases {sorted(given)} of {what} disagree with its stages, which give {derived}",
            )
        phases = tuple(sorted(given)) if "phases" in fields else tuple(derived)
        return phases, tuple(stages)

    def descriptors(self, node: yaml.Node | None) -> dict[int, str]:
        if node is None:
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.error(node, "descriptors must map levels 1-4 to text")
            return {}
        result: dict[int, str] = {}
        for key_node, value_node in node.value:
            level = str(key_node.value)
            if level not in ("1", "2", "3", "4"):
                self.error(key_node, f"descriptor level {level!r} must be 1, 2, 3 or 4")
            elif int(level) in result:
                self.error(key_node, f"duplicate descriptor for level {level}")
            else:
                result[int(level)] = self.text(value_node, f"descriptor for level {level}")
        return result

    def item(self, node: yaml.Node) -> Item:
        fields = self.mapping(node, ITEM_KEYS, "an item")
        slug = self.slug(fields.get("id"), "item id")
        what = f"item '{slug}'"
        source = (
            self.mapping(fields["source"], SOURCE_KEYS, f"source of {what}")
            if "source" in fields
            else {}
        )
        statements = tuple(
            self.statement(s)
            for s in self.sequence(fields.get("statements"), f"statements of {what}")
        )
        phases, stages = self.phases(fields, what)
        return Item(
            slug=slug,
            title=self.text(fields.get("title"), f"title of {what}"),
            summary=self.text(fields.get("summary"), f"summary of {what}"),
            phases=phases,
            stages=stages,
            source=Source(
                self.text(source.get("document"), "source document"),
                self.text(source.get("section"), "source section"),
            ),
            descriptors=self.descriptors(fields.get("descriptors")),
            statements=statements,
        )

    def statement(self, node: yaml.Node) -> Statement:
        fields = self.mapping(node, STATEMENT_KEYS, "a statement")
        return Statement(
            slug=self.slug(fields.get("id"), "statement id"),
            text=self.text(fields.get("text"), "statement text"),
        )

    def section(self, node: yaml.Node) -> Section:
        fields = self.mapping(node, SECTION_KEYS, "a section")
        slug = self.slug(fields.get("id"), "section id")
        items = self.sequence(fields.get("items"), f"items of section '{slug}'")
        return Section(
            slug=slug,
            title=self.text(fields.get("title"), f"title of section '{slug}'"),
            items=tuple(self.item(i) for i in items),
        )

    def questionnaire(self, root: yaml.Node) -> Questionnaire:
        fields = self.mapping(root, TOP_KEYS, "the questionnaire")
        unversioned = Questionnaire(
            slug=self.slug(fields.get("id"), "questionnaire id"),
            title=self.text(fields.get("title"), "questionnaire title"),
            version="",
            description=_block(fields.get("description")),
            notes=_block(fields.get("notes")),
            sections=tuple(
                self.section(s) for s in self.sequence(fields.get("sections"), "sections")
            ),
        )
        return _with_version(unversioned)


def _block(node: yaml.Node | None) -> str:
    """Free text kept as written (paragraphs matter in notes)."""
    return str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""


def _with_version(questionnaire: Questionnaire) -> Questionnaire:
    """Stamp the content hash: same content, same version, whatever the comments or layout."""
    content = questionnaire.to_dict()
    content.pop("version")
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]
    return Questionnaire.from_dict({**questionnaire.to_dict(), "version": digest})


def _pre_scan(text: str, checker: _Checker) -> bool:
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


def _line_number(error: str) -> int:
    """The line of a 'file:line: message' error (file names may contain colons)."""
    return int(error.split(": ", 1)[0].rsplit(":", 1)[1])


def parse_questionnaire(text: str, filename: str) -> Questionnaire:
    """Check and build a questionnaire from the text of a definition file.

    :raises QuestionnaireError: listing every problem found.
    """
    checker = _Checker(filename)
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise QuestionnaireError([f"{filename}:1: file larger than {MAX_BYTES} bytes"])
    try:
        if not _pre_scan(text, checker):
            raise QuestionnaireError(checker.errors)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise QuestionnaireError([f"{filename}:{line}: YAML syntax: {problem}"]) from exc
    except yaml.YAMLError as exc:
        raise QuestionnaireError([f"{filename}:1: YAML: {exc}"]) from exc
    if root is None:
        raise QuestionnaireError([f"{filename}:1: the file is empty"])
    questionnaire = checker.questionnaire(root)
    if checker.errors:
        raise QuestionnaireError(sorted(checker.errors, key=_line_number))
    return questionnaire


def load_questionnaire(path: Path) -> Questionnaire:
    """Read and check one definition file; errors name the file as given."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionnaireError([f"{path}:1: cannot read the file: {exc}"]) from exc
    return parse_questionnaire(text, str(path))
