"""The one `NAME=VALUE` parser of the command line (`dkg query --param`, `dkg cypher --param`)."""

from __future__ import annotations

import json
import re

from ..errors import InputError

PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def parse_param(text: str, typed: bool = True) -> tuple[str, object]:
    """`k=v` → (k, value), split at the first '='; the name must be an identifier.

    `typed`: v is read as JSON when it is JSON (42, 1.5, true, null, "42", [1, 2]), otherwise it is
    the string itself (57-NQ/TW) — Cypher parameters are typed values. Untyped: v is kept as written,
    for the named queries, whose binders check and convert each of their parameters themselves.
    """
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not PARAM_NAME.match(key):
        raise InputError("--param", f"expected NAME=VALUE, got {text!r}")
    if not typed:
        return key, raw
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    return key, value


def parse_params(texts: tuple[str, ...] | list[str], typed: bool = True) -> dict[str, object]:
    """Every `--param` of a command (a later NAME wins)."""
    return dict(parse_param(t, typed) for t in texts)
