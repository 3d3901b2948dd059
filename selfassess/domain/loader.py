"""Questionnaire definition files: the schema, the content-hash version, load and check.

Every problem is reported as ``file:line: message`` and all of them are collected, so an
author fixes a file in one pass (node-level checks live in :mod:`yamlnodes`).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Final

import yaml

from selfassess.domain.questionnaire import (
    STAGE_PHASES,
    STAGES,
    Item,
    Questionnaire,
    Rating,
    Section,
    Source,
    Statement,
)
from selfassess.domain.yamlnodes import STR_TAG, NodeChecker, pre_scan

# An item-rated level is an answer option read on its own: it may not lean on another level
# ("As 2, and ...", "level 3 plus ...", "as above"), and it stays short enough to read on a phone.
LEVEL_REFERENCE: Final = re.compile(
    r"\bas\s+(?:in\s+)?(?:level\s+)?[1-4]\b|\blevels?\s+[1-4]\b"
    r"|\bas\s+(?:above|before|previous)\b|\bprevious\s+level\b",
    re.IGNORECASE,
)
MAX_LEVEL_WORDS: Final = 35
PROMPTS_PER_ITEM: Final = range(3, 7)

MAX_BYTES: Final = 1_000_000
TOP_KEYS: Final = ({"id", "title", "sections"}, {"description", "notes", "rating"})
SECTION_KEYS: Final = ({"id", "title", "items"}, set[str]())
ITEM_KEYS: Final = (
    {"id", "title", "summary", "source", "levels", "statements"},
    {"phases", "stages"},
)
SOURCE_KEYS: Final = ({"document", "section"}, set[str]())
STATEMENT_KEYS: Final = ({"id", "text"}, {"source"})


class QuestionnaireError(ValueError):
    """A definition file is invalid; ``errors`` lists every problem as file:line: message."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


class _Builder(NodeChecker):
    """Builds the questionnaire while the node checks collect errors."""

    rating: Rating = Rating.STATEMENT

    def rating_of(self, node: yaml.Node | None) -> Rating:
        """The ``rating`` key: "statement" (the default) or "item"."""
        if node is None:
            return Rating.STATEMENT
        value = self.text(node, "rating")
        if value not in {r.value for r in Rating}:
            self.error(node, f"rating must be 'statement' or 'item', not {value!r}")
            return Rating.STATEMENT
        return Rating(value)

    def item_rated_rules(self, fields: dict[str, yaml.Node], item: Item, what: str) -> None:
        """docs/scoring.md §1: an item-rated item's four levels are its answer options, so each
        must stand alone; its statements are 3 to 6 "what to look for" prompts."""
        if "levels" not in fields:
            self.error(fields.get("id"), f"{what} is item-rated and needs its four levels")
        levels = fields.get("levels")
        if isinstance(levels, yaml.MappingNode):
            for key_node, value_node in levels.value:
                text = str(value_node.value)
                if LEVEL_REFERENCE.search(text):
                    self.error(
                        value_node,
                        f"level {key_node.value} of {what} refers to another level; "
                        "describe it on its own",
                    )
                if len(text.split()) > MAX_LEVEL_WORDS:
                    self.error(
                        value_node,
                        f"level {key_node.value} of {what} has {len(text.split())} words "
                        f"(at most {MAX_LEVEL_WORDS})",
                    )
        if len(item.prompts) not in PROMPTS_PER_ITEM:
            self.error(
                fields.get("statements") or fields.get("id"),
                f"{what} has {len(item.prompts)} prompts (item-rated items need 3 to 6)",
            )

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
        parts: dict[str, Any] = {
            "slug": slug,
            "title": self.text(fields.get("title"), f"title of {what}"),
            "summary": self.text(fields.get("summary"), f"summary of {what}"),
            "phases": phases,
            "stages": stages,
            "source": Source(
                self.text(source.get("document"), "source document"),
                self.text(source.get("section"), "source section"),
            ),
            "descriptors": self.levels(fields.get("levels"), what),
        }
        if self.rating is Rating.ITEM:
            item = Item.rated_once(statements, **parts)
            self.item_rated_rules(fields, item, what)
            return item
        return Item(statements=statements, **parts)

    def statement(self, node: yaml.Node) -> Statement:
        fields = self.mapping(node, STATEMENT_KEYS, "a statement")
        return Statement(
            slug=self.slug(fields.get("id"), "statement id"),
            text=self.text(fields.get("text"), "statement text"),
            source=self.text(fields.get("source"), "statement source"),
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
        self.rating = self.rating_of(fields.get("rating"))
        unversioned = Questionnaire(
            slug=self.slug(fields.get("id"), "questionnaire id"),
            title=self.text(fields.get("title"), "questionnaire title"),
            version="",
            description=_block(fields.get("description")),
            notes=_block(fields.get("notes")),
            rating=self.rating,
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


def _line_number(error: str) -> int:
    """The line of a 'file:line: message' error (file names may contain colons)."""
    return int(error.split(": ", 1)[0].rsplit(":", 1)[1])


def parse_questionnaire(text: str, filename: str) -> Questionnaire:
    """Check and build a questionnaire from the text of a definition file.

    :raises QuestionnaireError: listing every problem found.
    """
    checker = _Builder(filename)
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise QuestionnaireError([f"{filename}:1: file larger than {MAX_BYTES} bytes"])
    try:
        if not pre_scan(text, checker):
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


class _Dumper(yaml.SafeDumper):
    """Writes the layout of the shipped files: nested lists indented, short lists of
    phases or stages on one line, multi-line text (notes) as literal blocks kept as written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_list(dumper: yaml.SafeDumper, value: list[object]) -> yaml.SequenceNode:
    flat = all(isinstance(v, int | str) and len(str(v)) < 20 for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flat)


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar(STR_TAG, value, style=style)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(list, _represent_list)


def dump_questionnaire(questionnaire: Questionnaire) -> str:
    """A definition file for this version: ``check`` passes it and it loads as the same
    version (the header comment does not count towards the content hash)."""
    body = yaml.dump(
        questionnaire.definition(),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=96,
        default_flow_style=False,
    )
    return f"# {questionnaire.slug} version {questionnaire.version}\n{body}"


def load_questionnaire(path: Path) -> Questionnaire:
    """Read and check one definition file; errors name the file as given."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionnaireError([f"{path}:1: cannot read the file: {exc}"]) from exc
    return parse_questionnaire(text, str(path))
