"""The command-line package: click only there, one NAME=VALUE parser, one set of Neo4j variables for every command."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import click
import pytest

from directive_kg.cli import COMMANDS, main
from directive_kg.cli.options import NEO4J_ENV
from directive_kg.cli.params import parse_param, parse_params
from directive_kg.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "directive_kg"


def test_no_module_outside_cli_imports_click() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in PACKAGE.rglob("*.py")
        if "cli" not in p.relative_to(PACKAGE).parts[:1]
        and re.search(r"^\s*(import click|from click\b)", p.read_text(encoding="utf-8"), re.M)
    ]
    assert offenders == []


def test_every_registered_command_is_on_the_group() -> None:
    assert len(COMMANDS) == len(set(COMMANDS))
    names = set(main.commands)
    assert {
        "extract",
        "build",
        "export",
        "sparql",
        "validate",
        "queries",
        "query",
        "trace",
        "analyze",
        "neo4j",
        "cypher",
        "viz",
        "report",
        "synth",
        "review",
    } <= names
    assert len(names) == len(COMMANDS)


def test_param_parser_typed_for_cypher_and_text_for_named_queries() -> None:
    assert parse_param("year=2030") == ("year", 2030)
    assert parse_param("year=2030", typed=False) == ("year", "2030")
    assert parse_param("flag=true", typed=False) == ("flag", "true")
    assert parse_param(" mandate =57-NQ/TW#3", typed=False) == ("mandate", "57-NQ/TW#3")
    assert parse_params(["a=1", "a=2"]) == {"a": 2}  # the later one wins
    for bad in ("no-equals", "=1", "bad key=1", "1x=2"):
        with pytest.raises(InputError, match="expected NAME=VALUE"):
            parse_param(bad, typed=False)


def _neo4j_commands() -> list[tuple[str, click.Command]]:
    out = []
    for name, command in main.commands.items():
        for sub_name, sub in getattr(command, "commands", {name: command}).items():
            if any("--uri" in getattr(p, "opts", []) for p in sub.params):
                out.append((f"{name} {sub_name}" if sub is not command else name, sub))
    return out


def test_every_neo4j_command_reads_the_same_variables() -> None:
    found = _neo4j_commands()
    assert {n for n, _ in found} == {"neo4j push", "cypher", "query"}
    for name, command in found:
        envvars = {p.name: p.envvar for p in command.params if isinstance(p, click.Option)}
        assert envvars["uri"] == "DKG_NEO4J_URI", name
        assert envvars["user"] == "DKG_NEO4J_USER", name
        assert envvars["database"] == "DKG_NEO4J_DATABASE", name
        assert "ask_password" in envvars, name
    assert NEO4J_ENV["password"] == "DKG_NEO4J_PASSWORD"


def test_services_env_prints_what_dkg_reads() -> None:
    res = subprocess.run(
        [str(ROOT / "scripts" / "services.sh"), "env"], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert res.returncode == 0, res.stderr
    printed = dict(re.findall(r"^export (\w+)=(\S+)$", res.stdout, re.M))
    assert set(printed) == {"DKG_NEO4J_URI", "DKG_FUSEKI_URL"}
    assert NEO4J_ENV["uri"] in printed  # the name dkg reads, not one only the tests know
    assert printed["DKG_NEO4J_URI"].startswith("bolt://")
