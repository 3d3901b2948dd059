"""The questionnaire model: sections, items, statements, phases and stages, as frozen values."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any, Final

from selfassess.domain.scale import DESCRIPTORS as GENERIC_LEVELS

PHASES: Final[dict[int, str]] = {
    1: "Needs assessment and strategic planning",
    2: "Shaping and managing the market",
    3: "Improving performance, monitoring and evaluating",
}
STAGES: Final = ("understand", "plan", "do", "review")
# Commissioning Support Programme cycle stage -> commissioning phase.
STAGE_PHASES: Final[dict[str, int]] = {"understand": 1, "plan": 1, "do": 2, "review": 3}


class Rating(StrEnum):
    """How a version is answered (docs/scoring.md §1): each statement rated on the scale
    (versions 1 and 2), or each item rated once against its own four level descriptors."""

    STATEMENT = "statement"
    ITEM = "item"


@dataclass(frozen=True)
class Source:
    """Where an item comes from: a source document file name and its section."""

    document: str
    section: str


@dataclass(frozen=True)
class Statement:
    """One statement a respondent rates on the scale; ``source`` cites the section it reads
    from when that is not (only) its item's own section."""

    slug: str
    text: str
    source: str = ""

    def to_dict(self) -> dict[str, str]:
        # The source key is left out when empty, so versions stored before it keep their hash.
        data = {"id": self.slug, "text": self.text}
        return {**data, "source": self.source} if self.source else data


@dataclass(frozen=True)
class Item:
    """A competency, component or principle: the unit that is scored and prioritised.

    ``statements`` are what respondents answer. In an item-rated version (docs/scoring.md
    §1) that is one question, the item itself (its slug, answered with one of its four
    levels), and the file's statements are ``prompts``: "what to look for", shown, not
    answered. Every tally, rate and export then works unchanged, keyed by the item's slug.
    """

    slug: str
    title: str
    summary: str
    phases: tuple[int, ...]
    source: Source
    statements: tuple[Statement, ...]
    stages: tuple[str, ...] = ()
    descriptors: Mapping[int, str] = field(default_factory=dict)
    prompts: tuple[Statement, ...] = ()

    @classmethod
    def rated_once(cls, prompts: tuple[Statement, ...], **fields: Any) -> Item:
        """An item-rated item: its one question is the item, its statements are prompts."""
        question = Statement(fields["slug"], fields["title"])
        return cls(statements=(question,), prompts=prompts, **fields)

    def level_text(self, level: int) -> str:
        """What ``level`` looks like for this item; versions stored before every item had
        its own four levels fall back to the generic line of the scale."""
        return self.descriptors.get(level) or GENERIC_LEVELS[level]


@dataclass(frozen=True)
class Section:
    """An ordered group of items (a component letter, or the whole set)."""

    slug: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Questionnaire:
    """One version of a questionnaire; ``version`` is the content hash of its file."""

    slug: str
    title: str
    version: str
    sections: tuple[Section, ...]
    description: str = ""
    notes: str = ""
    rating: Rating = Rating.STATEMENT

    @property
    def item_rated(self) -> bool:
        """True when respondents answer each item once (its statements are prompts)."""
        return self.rating is Rating.ITEM

    @cached_property
    def items(self) -> tuple[Item, ...]:
        """Every item, in questionnaire order (computed once: scoring asks often)."""
        return tuple(item for section in self.sections for item in section.items)

    def statements(self) -> Iterator[tuple[Item, Statement]]:
        """Every statement with its item, in questionnaire order."""
        for item in self.items:
            for statement in item.statements:
                yield item, statement

    @cached_property
    def item_of_statement(self) -> dict[str, str]:
        """Statement slug -> item slug."""
        return {s.slug: i.slug for i, s in self.statements()}

    def item(self, slug: str) -> Item:
        """The item with this slug.

        :raises KeyError: when there is none.
        """
        for item in self.items:
            if item.slug == slug:
                return item
        raise KeyError(slug)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready snapshot, stored with each version so old rounds keep their content.
        ``rating`` is written only for item-rated versions, so statement-rated versions
        stored before it existed keep their hash."""
        rating = {"rating": self.rating.value} if self.item_rated else {}
        return {
            **rating,
            "id": self.slug,
            "title": self.title,
            "version": self.version,
            "description": self.description,
            "notes": self.notes,
            "sections": [
                {
                    "id": s.slug,
                    "title": s.title,
                    "items": [_item_to_dict(i, self.item_rated) for i in s.items],
                }
                for s in self.sections
            ],
        }

    def definition(self) -> dict[str, Any]:
        """The content in the definition-file format (keys as in questionnaires/README.md,
        each item's ``levels`` keyed "1"-"4"), so it can be written out and read back in."""
        top: dict[str, Any] = {"id": self.slug, "title": self.title}
        if self.item_rated:
            top["rating"] = self.rating.value
        if self.description:
            top["description"] = self.description
        if self.notes:
            top["notes"] = self.notes
        top["sections"] = [
            {
                "id": s.slug,
                "title": s.title,
                "items": [_item_definition(i, self.item_rated) for i in s.items],
            }
            for s in self.sections
        ]
        return top

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Questionnaire:
        """Rebuild a questionnaire from :meth:`to_dict` output."""
        rating = Rating(data.get("rating", Rating.STATEMENT.value))
        return cls(
            slug=data["id"],
            title=data["title"],
            version=data["version"],
            description=data.get("description", ""),
            notes=data.get("notes", ""),
            rating=rating,
            sections=tuple(
                Section(
                    slug=s["id"],
                    title=s["title"],
                    items=tuple(_item_from_dict(i, rating) for i in s["items"]),
                )
                for s in data["sections"]
            ),
        )


def _written_statements(item: Item, item_rated: bool) -> list[dict[str, str]]:
    """What a file or snapshot lists under ``statements``: the prompts of an item-rated item
    (its one question is the item itself), else the statements answered."""
    return [s.to_dict() for s in (item.prompts if item_rated else item.statements)]


def _item_to_dict(item: Item, item_rated: bool) -> dict[str, Any]:
    return {
        "id": item.slug,
        "title": item.title,
        "summary": item.summary,
        "phases": list(item.phases),
        "stages": list(item.stages),
        "source": {"document": item.source.document, "section": item.source.section},
        "descriptors": {str(k): v for k, v in item.descriptors.items()},
        "statements": _written_statements(item, item_rated),
    }


def _item_definition(item: Item, item_rated: bool) -> dict[str, Any]:
    # Phases always (derived ones too, so readers need not know the rule); the loader
    # accepts both keys when they agree, and they do for any loaded item.
    when: dict[str, Any] = {"phases": list(item.phases)}
    if item.stages:
        when["stages"] = list(item.stages)
    return {
        "id": item.slug,
        "title": item.title,
        "summary": item.summary,
        "source": {"document": item.source.document, "section": item.source.section},
        **when,
        "levels": {str(k): v for k, v in sorted(item.descriptors.items())},
        "statements": _written_statements(item, item_rated),
    }


def _item_from_dict(data: Mapping[str, Any], rating: Rating) -> Item:
    statements = tuple(
        Statement(s["id"], s["text"], s.get("source", "")) for s in data["statements"]
    )
    fields: dict[str, Any] = {
        "slug": data["id"],
        "title": data["title"],
        "summary": data["summary"],
        "phases": tuple(data["phases"]),
        "stages": tuple(data.get("stages", ())),
        "source": Source(data["source"]["document"], data["source"]["section"]),
        "descriptors": {int(k): v for k, v in data.get("descriptors", {}).items()},
    }
    if rating is Rating.ITEM:
        return Item.rated_once(statements, **fields)
    return Item(statements=statements, **fields)
