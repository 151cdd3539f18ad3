"""What the synthetic generator learns from the real central documents (03/NQ-CP, 57-NQ/TW)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError


@dataclass(frozen=True)
class CentralTask:
    group: int  # 1…7, the 57-NQ/TW group the 03/NQ-CP task serves
    text: str
    output: str


@dataclass(frozen=True)
class CentralIndicator:
    name: str
    unit: str
    year: int
    comparator: str
    value: float


@dataclass(frozen=True)
class Central:
    groups: list[str]  # the seven 57-NQ/TW group headings
    tasks: list[CentralTask]
    indicators: list[CentralIndicator]
    files: list[Path]


ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7}


def _short(text: str, words: int = 40) -> str:
    """The first sentence (at most `words` words) of a central task, as local plans copy it."""
    text = " ".join(text.split())
    head = text.split(". ")[0].rstrip(" .;:")
    parts = head.split()
    if len(parts) <= words:
        return head
    cut = " ".join(parts[:words])
    return cut[: cut.rfind(",")] if "," in cut else cut


def learn(central_dir: Path) -> Central:
    """Extract the central documents with the project's own loaders and keep what plans reuse."""
    from ..loaders import extract_file

    p03, p57 = central_dir / "03-NQ-CP.md", central_dir / "57-NQ-TW.md"
    for p in (p03, p57):
        if not p.is_file():
            raise InputError(
                str(p), "central document not found (give --central DIR with 03-NQ-CP.md, 57-NQ-TW.md)"
            )
    e03, e57 = extract_file(p03), extract_file(p57)
    groups = [" ".join(g.title.split()) for g in e57.groups][:7]
    tasks = [
        CentralTask(ROMAN.get(t.group or "", 1), _short(t.text), (t.output or "").strip())
        for t in e03.tasks
        if t.group in ROMAN and len(t.text.split()) >= 6
    ]
    indicators = []
    seen = set()
    for ind in e03.indicators:
        for tg in ind.targets:
            if (
                (ind.unit or "").strip() == "%"
                and tg.year == 2030
                and tg.value is not None
                and tg.comparator
                and tg.comparator in (">=", ">", "=")
                and 5 <= tg.value <= 100
                and ind.name not in seen
            ):
                seen.add(ind.name)
                indicators.append(
                    CentralIndicator(" ".join(ind.name.split()), "%", 2030, tg.comparator, tg.value)
                )
    if len(groups) != 7 or len(tasks) < 50 or len(indicators) < 5:
        raise InputError(
            str(central_dir), "the central documents did not give 7 groups, 50 tasks and 5 indicators"
        )
    return Central(groups, tasks, indicators, [p57, p03])


def default_central_dir() -> Path | None:
    """The bundled central documents (examples/corpus/central in a source checkout, or ../shared)."""
    here = Path(__file__).resolve().parents[2]
    for cand in (
        here / "examples" / "corpus" / "central",
        here.parent / "shared" / "corpus" / "central",
        Path.cwd() / "examples" / "corpus" / "central",
    ):
        if (cand / "03-NQ-CP.md").is_file():
            return cand
    return None
