"""Writing output files safely: atomic replace, never through a symlink, never outside the chosen directory.

Policy (docs/reliability.md):

* an output file is written to a temporary file beside it and renamed over it (``os.replace``), so a
  reader or a crash never sees half a file;
* an existing directory, or a symlink, at the output path is refused: the command does not follow a
  link planted in the output directory to somewhere else;
* the output's parent directory must exist (commands do not create trees on a typo);
* only a regular file (or a new path) is replaced: a character device or a FIFO that already exists
  (`/dev/null`, `/dev/full`, a named pipe) is written in place, as a shell redirection would, and
  never replaced by a file; a socket or a block device is refused;
* a command that writes several files into a directory names them with `child_path`, which refuses
  names that are absolute, contain ``..`` or resolve outside that directory.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from pathlib import Path

from .errors import InputError

_UNSAFE = re.compile(r"[\x00-\x1f/\\:*?\"<>|]+")


def check_output(path: str | Path) -> int | None:
    """Refuse `path` now (InputError) if `write_output` would refuse it; its mode (None: a new path).

    Commands call it before long work (a view, a screenshot), so a bad --out fails at once.
    """
    target = Path(path)
    where = str(path)
    try:
        mode: int | None = os.lstat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise InputError(where, f"cannot write ({exc.strerror or exc})") from None
    if mode is not None and stat.S_ISLNK(mode):
        raise InputError(
            where, "refusing to write through a symbolic link (remove it or choose another path)"
        )
    if mode is not None and stat.S_ISDIR(mode):
        raise InputError(where, "is a directory: give a file name")
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        raise InputError(where, "is a socket or a block device: refusing to write to it")
    parent = target.parent if str(target.parent) else Path(".")
    if mode is None and not parent.is_dir():
        raise InputError(where, f"no such directory: {parent} (create it first)")
    return mode


def write_output(path: str | Path, data: str | bytes) -> Path:
    """Write `data` to `path` under the policy above; InputError (one line) when refused or failing."""
    target = Path(path)
    where = str(path)
    mode = check_output(target)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        _write_in_place(target, where, payload)
        return target
    parent = target.parent if str(target.parent) else Path(".")
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


def _write_in_place(target: Path, where: str, payload: bytes) -> None:
    """Write to an existing device or FIFO without replacing it (O_NOFOLLOW: no link swapped in since)."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_NOFOLLOW | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputError(where, f"cannot write ({exc.strerror or exc})") from None
    try:
        view = memoryview(payload)
        while view:
            written = os.write(fd, view[: 1 << 20])
            if written <= 0:
                raise OSError(errno.EIO, "short write")
            view = view[written:]
    except OSError as exc:
        raise InputError(where, f"cannot write ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


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
