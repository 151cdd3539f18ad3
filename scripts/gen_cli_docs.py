"""Write docs/cli.md from the `--help` of every dkg command (the reference cannot drift from the code).

    python scripts/gen_cli_docs.py          # rewrite docs/cli.md
    python scripts/gen_cli_docs.py --check  # exit 1 if docs/cli.md is not what the commands say

tests/test_docs.py runs the check, as sqlite-utils does for its CLI reference.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from directive_kg.cli import main  # noqa: E402

TARGET = ROOT / "docs" / "cli.md"
WIDTH = 100
HEADER = """# Command-line reference

Generated from `dkg COMMAND --help` by `scripts/gen_cli_docs.py`; do not edit by hand
(tests/test_docs.py fails when this file and the commands disagree). Exit codes: 0 ok,
1 findings at or above `--fail-on` (`dkg validate`), 2 bad input or usage, 3 a server failed.
"""


def commands(
    group: click.Group = main, parent: click.Context | None = None, prefix: str = "dkg"
) -> Iterator[tuple[str, click.Command, click.Context]]:
    """Every command and subcommand with its full name and a help context, in name order."""
    ctx = parent or click.Context(
        group, info_name=prefix, terminal_width=WIDTH, max_content_width=WIDTH, **group.context_settings
    )
    for name in sorted(group.commands):
        command = group.commands[name]
        sub = click.Context(
            command, info_name=name, parent=ctx, terminal_width=WIDTH, max_content_width=WIDTH
        )
        yield f"{prefix} {name}", command, sub
        if isinstance(command, click.Group):
            yield from commands(command, sub, f"{prefix} {name}")


def render() -> str:
    parts = [HEADER]
    root = click.Context(
        main, info_name="dkg", terminal_width=WIDTH, max_content_width=WIDTH, **main.context_settings
    )
    parts.append(f"\n## dkg\n\n```\n{main.get_help(root).rstrip()}\n```\n")
    for full_name, command, ctx in commands():
        parts.append(f"\n## {full_name}\n\n```\n{command.get_help(ctx).rstrip()}\n```\n")
    return "".join(parts)


def run(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(
                f"{TARGET.relative_to(ROOT)} is out of date: run python scripts/gen_cli_docs.py",
                file=sys.stderr,
            )
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
