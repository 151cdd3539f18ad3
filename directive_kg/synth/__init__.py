"""Synthetic national corpus generator (`dkg synth`): one plan per province and per commune, with a MANIFEST."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

from ..errors import InputError
from ..outputs import child_path, write_output
from .damage import damage
from .model import Central, default_central_dir, learn
from .names import commune_kind, commune_names, split_counts
from .plans import CENTRAL_CITES, DEFECT_RULES, Parent, Plan, render

DEFECTS = tuple(DEFECT_RULES)


def _rng(seed: int, *key: object) -> random.Random:
    """An independent, reproducible random stream per document (no dependence on generation order)."""
    digest = hashlib.sha256(repr((seed, *key)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _date(rng: random.Random, start: tuple[int, int], end: tuple[int, int]) -> tuple[int, int, int]:
    months = [(y, m) for y in range(start[0], end[0] + 1) for m in range(1, 13) if start <= (y, m) <= end]
    y, m = rng.choice(months)
    return y, m, rng.randint(1, 28)


def _defects(rng: random.Random, share: float) -> list[str]:
    if rng.random() >= share:
        return []
    return sorted(rng.sample(DEFECTS, rng.choice([1, 1, 2])))


def _display(p: dict) -> str:
    name = p["name"]
    return name if name.lower().startswith("thành phố") else f"{p.get('kind', 'tỉnh')} {name}"


def generate(
    out: Path,
    provinces: int = 34,
    communes: int = 3321,
    seed: int = 0,
    central_dir: Path | None = None,
    ocr_share: float = 0.25,
    defect_share: float = 0.3,
) -> list[Plan]:
    """Write the corpus under `out` (central documents, one folder per province) and MANIFEST.json."""
    from ..catalog import load_catalog
    from ..graph.iris import slug

    catalog = load_catalog()
    all_provinces = catalog.provinces
    if not 1 <= provinces <= len(all_provinces):
        raise InputError("--provinces", f"must be between 1 and {len(all_provinces)}")
    if communes < 0:
        raise InputError("--communes", "must be 0 or more")
    central_dir = central_dir or default_central_dir()
    if central_dir is None:
        raise InputError(
            "--central", "central documents not found: give --central DIR (03-NQ-CP.md, 57-NQ-TW.md)"
        )
    central: Central = learn(central_dir)
    _make_dir(out)  # its parent must exist: no tree created on a typo
    _make_dir(out / "central")
    for f in central.files:
        write_output(child_path(out, f"central/{f.name}"), f.read_bytes())
    chosen = (
        sorted(_rng(seed, "provinces").sample(all_provinces, provinces), key=lambda p: p["name"])
        if provinces < len(all_provinces)
        else list(all_provinces)
    )
    counts = split_counts(communes, len(chosen), _rng(seed, "split"))
    taken = {d.identifier for d in catalog.documents}
    plans: list[Plan] = []
    for p, n_communes in zip(chosen, counts, strict=True):
        pslug = slug(p["name"])
        prng = _rng(seed, "province", p["name"])
        number = prng.randint(100, 450)
        while f"{number}/KH-UBND" in taken:
            number += 1
        pdate = _date(prng, (2025, 4), (2025, 6))
        parents = [c for c in CENTRAL_CITES if c.date <= pdate]
        defects = _defects(prng, defect_share)
        plan = render(
            prng,
            central,
            level="province",
            province=p["name"],
            province_display=_display(p),
            area_word=p.get("kind", "tỉnh"),
            area_name=p["name"],
            number=number,
            date=pdate,
            parents=parents,
            defects=defects,
            path=f"{pslug}/{pslug}-ke-hoach.txt",
        )
        plans.append(_finish(plan, prng, ocr_share, out))
        parent = Parent(f"{number}/KH-UBND", pdate, f"UBND {_display(p)}")
        names = commune_names(n_communes, _rng(seed, "names", p["name"]))
        for i, name in enumerate(names):
            crng = _rng(seed, "commune", p["name"], i)
            kind = commune_kind(crng)
            cparents = [CENTRAL_CITES[0]] + ([CENTRAL_CITES[2]] if crng.random() < 0.5 else []) + [parent]
            plan = render(
                crng,
                central,
                level="commune",
                province=p["name"],
                province_display=_display(p),
                area_word=kind,
                area_name=name,
                number=crng.randint(1, 300),
                date=_date(crng, (2025, 7), (2025, 11)),
                parents=cparents,
                defects=_defects(crng, defect_share),
                path=f"{pslug}/{slug(kind + ' ' + name)}.txt",
            )
            plans.append(_finish(plan, crng, ocr_share, out))
    manifest = {
        "generator": "dkg synth",
        "seed": seed,
        "provinces": len(chosen),
        "communes": communes,
        "per_province": {p["name"]: c for p, c in zip(chosen, counts, strict=True)},
        "central": [f"central/{f.name}" for f in central.files],
        "documents": [pl.manifest() for pl in plans],
    }
    write_output(out / "MANIFEST.json", json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    return plans


def _finish(plan: Plan, rng: random.Random, ocr_share: float, out: Path) -> Plan:
    text = plan.text
    if rng.random() < ocr_share:
        text, plan.ocr = damage(text, rng)
    target = child_path(out, plan.path)
    _make_dir(target.parent)
    write_output(target, text)
    plan.text = ""
    return plan


def _make_dir(path: Path) -> None:
    """Create one level of the corpus's own layout; a symlink or a file in its place is refused."""
    try:
        path.mkdir(exist_ok=True)
    except OSError as exc:
        raise InputError(str(path), f"cannot create the directory ({exc.strerror or exc})") from None
    if path.is_symlink() or not path.is_dir():
        raise InputError(str(path), "is not a directory (or is a symbolic link): refusing to write into it")


__all__ = ["generate"]
