"""The Extraction dataclasses (what the loaders understood from one document) and the closed vocabularies.

Levels, bodies, relations, task sources and severities are `StrEnum`s: each member *is* its string,
so JSON output and comparisons with plain strings stay as they were.

The dataclasses are the boundary between loaders and everything downstream (graph
builder, `dkg extract --format json`); `to_dict` gives exactly the JSON of
`docs/extraction.md` (the extract contract).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Level(StrEnum):
    """Where an issuer sits in the hierarchy."""

    CENTRAL = "central"
    PROVINCE = "province"
    COMMUNE = "commune"


class Body(StrEnum):
    """Which branch issued a document: the Party, the State, the Fatherland Front, or another body."""

    PARTY = "party"
    STATE = "state"
    FRONT = "front"
    OTHER = "other"


class Relation(StrEnum):
    """How a document cites another: carries it out, takes it as legal basis, or only mentions it."""

    IMPLEMENTS = "implements"
    BASIS = "basis"
    MENTIONS = "mentions"


class TaskSource(StrEnum):
    """Where a plan states a task: its body, an annex, or both."""

    BODY = "body"
    ANNEX = "annex"
    BOTH = "both"


class Severity(StrEnum):
    """How serious a validation finding is (SHACL sh:Violation, sh:Warning, sh:Info)."""

    INFO = "info"
    WARNING = "warning"
    VIOLATION = "violation"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for violation: `--fail-on` compares ranks."""
        return list(Severity).index(self)


@dataclass
class SourceInfo:
    path: str
    sha256: str
    encoding: str
    ocr_suspect: bool = False
    format: str = "txt"
    line_count: int = 0


@dataclass
class Issuer:
    name: str | None
    level: Level | None
    body: Body | None
    # the issuer's area in the official register of 2025 units (loaders/places.py): its code (two digits
    # for a province, five for a commune) and its name as the register spells it; None when not resolved
    code: str | None = None
    area: str | None = None


@dataclass
class DocumentInfo:
    identifier: str | None
    kind: str
    title: str | None
    issuer: Issuer
    province: str | None
    date: str | None
    number: str | None = None
    province_code: str | None = None  # the province's official code in the 2025 register
    symbol: str | None = None
    lines: tuple[int, int] | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Reference:
    identifier: str
    kind: str | None
    issuer: str | None
    date: str | None
    relation: Relation
    resolved: bool
    note: str | None = None
    raw: str | None = None
    lines: list[int] = field(default_factory=list)
    intended: str | None = None  # the identifier a mistaken citation most likely meant


@dataclass
class Task:
    id: str
    text: str
    group: str | None
    lead_unit: str | None
    coordinating_units: list[str]
    deadline: str | None
    output: str | None
    lines: list[int]
    raw_text: str | None = None
    source: TaskSource = TaskSource.BODY
    number: str | None = None  # the number printed in the plan or annex ("20", "1.2", "a")
    recurring: bool = False
    kind: str = "task"  # task | duty (an item "Tổ chức thực hiện" assigns to the unit it stands under)
    # the deadline as a period (loaders/dates.normalise_deadline): date | quarter | interval | recurring | event,
    # its first and last day (ISO); an event has no period and is never overdue
    deadline_kind: str | None = None
    deadline_start: str | None = None
    deadline_end: str | None = None
    recurring_from: int | None = None  # "Năm 2025 và các năm tiếp theo" → 2025


@dataclass
class TaskGroup:
    id: str
    label: str  # the plan's own label: "I", "1", "III"
    title: str
    lines: list[int]


@dataclass
class Target:
    year: int | None
    comparator: str | None
    value: float | None
    raw: str | None = None


@dataclass
class Indicator:
    name: str
    unit: str | None
    responsible_unit: str | None
    targets: list[Target]
    lines: list[int]
    number: str | None = None


@dataclass
class Unit:
    name: str
    roles: list[str]
    aliases: list[str] = field(default_factory=list)


@dataclass
class Responsibility:
    unit: str
    text: str
    lines: list[int]


@dataclass
class Extraction:
    source: SourceInfo
    document: DocumentInfo
    references: list[Reference] = field(default_factory=list)
    groups: list[TaskGroup] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    responsibilities: list[Responsibility] = field(default_factory=list)
    duties: list[Task] = field(default_factory=list)  # kind "duty", from "Tổ chức thực hiện"
    annexes_cited: list[str] = field(default_factory=list)
    annexes_present: list[str] = field(default_factory=list)
    district_mentions: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        doc = data["document"]
        if doc.get("lines") is not None:
            doc["lines"] = list(doc["lines"])
        return data


@dataclass(frozen=True)
class UnresolvedCitation:
    """A citation of a document the graph does not hold: the cited identifier and who cites it.

    `citing` is the citing document's identifier, or its source path when it has none. The build's
    JSON summary keeps the string form `IDENTIFIER (in CITING)` (`str`), which `parse` reads back.
    """

    identifier: str
    citing: str | None = None

    def __str__(self) -> str:
        return self.identifier if self.citing is None else f"{self.identifier} (in {self.citing})"

    @classmethod
    def parse(cls, entry: str) -> UnresolvedCitation:
        """The citation an `IDENTIFIER (in CITING)` string names; any other string is an identifier."""
        identifier, sep, citing = entry.partition(" (in ")
        if not sep:
            return cls(entry)
        return cls(identifier, citing[:-1] if citing.endswith(")") else None)
