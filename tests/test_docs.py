"""The command-line reference (docs/cli.md) against the commands themselves, as sqlite-utils checks its docs.

Every command and subcommand must have help text and a section in docs/cli.md, and docs/cli.md must
be exactly what `scripts/gen_cli_docs.py` generates from `--help` (so options cannot drift).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import gen_cli_docs  # noqa: E402

COMMANDS = list(gen_cli_docs.commands())
DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") if (ROOT / "docs" / "cli.md").exists() else ""


def test_the_walk_finds_every_command() -> None:
    names = {name for name, _c, _x in COMMANDS}
    # what the README and docs/*.md tell people to run
    assert {
        "dkg extract",
        "dkg build",
        "dkg validate",
        "dkg query",
        "dkg queries",
        "dkg neo4j push",
        "dkg cypher",
        "dkg viz",
        "dkg report",
    } <= names


@pytest.mark.parametrize(("name", "command", "ctx"), COMMANDS, ids=[n for n, _c, _x in COMMANDS])
def test_every_command_has_help(name: str, command, ctx) -> None:
    assert (command.help or "").strip(), f"{name} has no help text (its docstring)"
    assert (command.get_short_help_str() or "").strip()
    for param in command.params:
        if param.param_type_name == "option" and not getattr(param, "hidden", False):
            assert param.opts, (name, param)


@pytest.mark.parametrize(("name", "command", "ctx"), COMMANDS, ids=[n for n, _c, _x in COMMANDS])
def test_every_command_has_a_section(name: str, command, ctx) -> None:
    assert f"\n## {name}\n" in DOC, (
        f"docs/cli.md has no section '## {name}': run python scripts/gen_cli_docs.py"
    )


def test_cli_md_is_generated_from_help() -> None:
    res = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_cli_docs.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert res.returncode == 0, res.stderr
