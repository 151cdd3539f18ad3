"""`dkg synth`: generate a synthetic national corpus and say what was written."""

from __future__ import annotations

from pathlib import Path

import click

from .errors import user_errors


@click.command("synth")
@click.option(
    "--provinces", type=int, default=34, show_default=True, help="Provinces (one provincial plan each)."
)
@click.option(
    "--communes",
    type=int,
    default=3321,
    show_default=True,
    help="Commune-level units in all (one plan each), split across the provinces.",
)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Directory to write.")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same bytes.")
@click.option(
    "--central",
    "central_dir",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="Folder with 57-NQ-TW.md and 03-NQ-CP.md (default: the bundled examples).",
)
@click.option(
    "--ocr-share", type=float, default=0.25, show_default=True, help="Share of OCR-damaged documents."
)
@click.option(
    "--defect-share",
    type=float,
    default=0.3,
    show_default=True,
    help="Share of documents with injected defects (see MANIFEST.json).",
)
def command(
    provinces: int,
    communes: int,
    out_dir: str,
    seed: int,
    central_dir: str | None,
    ocr_share: float,
    defect_share: float,
) -> None:
    """Generate a synthetic national corpus: provincial and commune plans built like the real ones."""
    from ..synth import generate

    with user_errors():
        plans = generate(
            Path(out_dir),
            provinces,
            communes,
            seed,
            Path(central_dir) if central_dir else None,
            ocr_share,
            defect_share,
        )
    n_def = sum(1 for p in plans if p.defects)
    n_ocr = sum(1 for p in plans if p.ocr)
    click.echo(
        f"{len(plans)} plan(s) written to {out_dir} ({n_ocr} OCR-damaged, {n_def} with defects); "
        f"see {Path(out_dir) / 'MANIFEST.json'}",
        err=True,
    )
