"""Writing output files safely: atomic replace, never through a symlink, never outside the chosen directory.

Policy (docs/reliability.md):

* an output file is written to a temporary file beside it and renamed over it (``os.replace``), so a
  reader or a crash never sees half a file;
* an existing directory, or a symlink, at the output path is refused: the command does not follow a
  link planted in the output directory to somewhere else;
* the output's parent directory must exist (commands do not create trees on a typo);
* a command that writes several files into a directory names them with `child_path`, which refuses
  names that are absolute, contain ``..`` or resolve outside that directory.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from .errors import InputError

_UNSAFE = re.compile(r"[\x00-\x1f/\\:*?\"<>|]+")


def write_output(path: str | Path, data: str | bytes) -> Path:
    """Write `data` to `path` atomically under the policy above; InputError when refused."""
    target = Path(path)
    where = str(path)
    if target.is_symlink():
        raise InputError(
            where, "refusing to write through a symbolic link (remove it or choose another path)"
        )
    if target.is_dir():
        raise InputError(where, "is a directory: give a file name")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(where, f"no such directory: {parent}")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(where, f"cannot write here ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise InputError(where, f"cannot write ({exc.strerror or exc})") from None
    return target


def safe_name(text: str, fallback: str = "item") -> str:
    """A file name made from a document string (10/KH-UBND → 10_KH-UBND): no separators, no leading dot."""
    name = _UNSAFE.sub("_", text).strip(" .") or fallback
    return name[:120]


def child_path(root: str | Path, name: str) -> Path:
    """`root/name`, refused (InputError) when `name` would land outside `root`."""
    base = Path(root).resolve()
    candidate = Path(name)
    if candidate.is_absolute() or ".." in candidate.parts or not name.strip():
        raise InputError(str(root), f"refusing an output name that leaves the directory: {name!r}")
    full = (base / candidate).resolve()
    if full != base and base not in full.parents:
        raise InputError(str(root), f"refusing an output name that leaves the directory: {name!r}")
    return base / candidate
