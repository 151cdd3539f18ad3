"""Text that goes into a one-line message: control characters escaped, URL credentials hidden.

Why (issue 22): a file (or a DOCX part) named `bad\\nerror: good.txt:-: FORGED` printed a forged
second error line, and escape codes in names reached the terminal; a SPARQL URL with
`user:password@` was printed whole in error messages. `one_line` writes every control character
(C0, DEL, C1, and the Unicode line and paragraph separators) as a Python-style escape (`\\n`, `\\x1b`,
`\\u2028`), so one error is always one line; `redact` replaces the user information of any URL with
`***`. `errors.InputError` and `cli/errors.fail` apply both, so no command needs to remember.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_USERINFO = re.compile(r"\b([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]+@")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """`text` with every control character escaped: it prints as exactly one line."""
    return _CONTROL.sub(lambda m: _NAMED.get(m.group()) or _escape(m.group()), text)


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def redact(text: str) -> str:
    """`text` with the `user:password@` part of every URL replaced by `***@`."""
    return _USERINFO.sub(r"\1***@", text)


def clean(text: str) -> str:
    """Both: what an error line may print."""
    return one_line(redact(text))
