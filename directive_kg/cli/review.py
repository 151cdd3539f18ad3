"""`dkg review`: a plan's links and rejected candidates as a workbook to review, and the decisions back.

`--plan ID --out review.xlsx` writes the workbook (directive_kg/review.py); `--apply review.xlsx
--corrections FILE` checks it against the store and writes its decisions into the corrections file's
`reviews:` section, which `dkg build --corrections FILE` applies (method manual). A workbook with
problems (a task that no longer exists, a changed text, an unknown mandate or decision) gets one line per
problem on stderr, exit 2, and nothing is applied.
"""

from __future__ import annotations

import click

from ..errors import EXIT_INPUT, InputError
from .errors import fail, user_errors
from .options import store_option


@click.command("review")
@click.option("--plan", help="The plan to review: its identifier (10/KH-UBND), IRI or source path.")
@click.option("--out", type=click.Path(dir_okay=False), help="Workbook to write (.xlsx), with --plan.")
@click.option(
    "--apply", "apply_path", type=click.Path(dir_okay=False), help="A filled review workbook to apply."
)
@click.option(
    "--corrections",
    type=click.Path(dir_okay=False),
    help="Corrections file (YAML) whose reviews: section --apply writes (created when missing).",
)
@click.option("--reviewer", help="Reviewer's name (default: the workbook's 'người rà soát' cell).")
@store_option
def command(
    plan: str | None,
    out: str | None,
    apply_path: str | None,
    corrections: str | None,
    reviewer: str | None,
    store_spec: str | None,
) -> None:
    """Write a plan's links and best rejected candidates to a workbook (--plan ID --out FILE), or apply a
    reviewed workbook's decisions to the corrections file (--apply FILE --corrections FILE)."""
    from ..review import apply_review, read_review, write_review
    from ..stores import open_store

    with user_errors():
        if apply_path and (plan or out):
            raise InputError("review", "give either --plan ID --out FILE or --apply FILE, not both")
        if apply_path:
            if not corrections:
                raise InputError("review", "--apply needs --corrections FILE (the file dkg build reads)")
            store = open_store(store_spec)
            decisions = read_review(store, apply_path, reviewer)
            if decisions.problems:
                for line in decisions.problems:
                    click.echo(f"error: {line}", err=True)
                fail(f"{apply_path}: {len(decisions.problems)} problem(s); nothing applied", EXIT_INPUT)
            n = apply_review(decisions, corrections)
            click.echo(
                f"{corrections}: reviews of {n} task(s) by {decisions.reviewer} written; rebuild to apply them"
            )
            return
        if not plan or not out:
            raise InputError("review", "give --plan ID --out FILE (write) or --apply FILE --corrections FILE")
        store = open_store(store_spec)
        n = write_review(store, plan, out)
        click.echo(f"{out}: {n} row(s) for {plan}")
