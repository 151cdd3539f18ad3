"""The embedded store's directory rules: its marker file, its build lock, and which entries are its own.

Why (issue 22): two builds on one store deleted each other's generations, and `--store DIR` on a
user's folder deleted every `gen-*` in it. So:

* a store directory carries a marker `dkg-store.json` with a format version; a directory that holds
  other files and no marker is refused (one line), an empty or new one is marked, and a store made
  before the marker existed (only `current`, generations and their companions) is adopted;
* a build holds an exclusive `flock` on `DIR/.lock` from before it reads the previous graphs until
  the new generation is published and the old ones collected: a second build waits (or, with
  `--no-wait`, exits 2 at once); the kernel drops the lock when a build dies, even by SIGKILL;
* clean-up removes only entries named exactly like a generation this code makes
  (`gen-YYYYmmddHHMMSS-xxxxxxxx`, or a companion `gen-….NAME`), never the one `current` names.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import InputError

MARKER = "dkg-store.json"
LOCK = ".lock"
FORMAT = "directive-kg embedded store"
VERSION = 1
GENERATION = re.compile(r"gen-\d{14}-[0-9a-f]{8}")


def is_own_entry(name: str) -> bool:
    """Whether `name` is a generation (or a companion of one) that the store itself made."""
    return GENERATION.fullmatch(name.partition(".")[0]) is not None


def _is_store_entry(name: str) -> bool:
    return name in {MARKER, LOCK, "current"} or name.startswith(".current-") or is_own_entry(name)


def ensure_store_dir(path: Path) -> None:
    """Make `path` a marked store directory, or refuse it (InputError) when it is someone else's folder."""
    where = str(path)
    if path.is_symlink() and not path.is_dir():
        raise InputError(where, "is a dangling symbolic link: not a store directory")
    if path.exists() and not path.is_dir():
        raise InputError(where, "is a file, not a store directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
        marker = path / MARKER
        if marker.exists():
            check_marker(path)
            return
        others = sorted(child.name for child in path.iterdir() if not _is_store_entry(child.name))
        if others:
            shown = ", ".join(repr(name) for name in others[:3]) + (" …" if len(others) > 3 else "")
            raise InputError(
                where,
                f"not a dkg store: it holds other files ({shown}) and no {MARKER}; "
                "give a new or empty directory",
            )
        tmp = path / f".{MARKER}.{os.getpid()}"
        tmp.write_text(json.dumps({"format": FORMAT, "version": VERSION}) + "\n", encoding="utf-8")
        os.replace(tmp, marker)
    except OSError as exc:
        raise InputError(where, f"cannot use as a store ({exc.strerror or exc})") from None


def check_marker(path: Path) -> None:
    """Refuse a store whose marker is unreadable or from a newer format."""
    marker = path / MARKER
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
        version = int(data["version"]) if data.get("format") == FORMAT else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        version = None
    if version is None:
        raise InputError(str(marker), "damaged store marker: not a dkg store marker")
    if version > VERSION:
        raise InputError(
            str(marker), f"store format version {version} is newer than this dkg reads ({VERSION})"
        )


@contextlib.contextmanager
def build_lock(path: Path, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the store's exclusive build lock; `wait=False` refuses at once when another build holds it."""
    ensure_store_dir(path)
    lock = path / LOCK
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666)
    except OSError as exc:
        raise InputError(str(path), f"cannot lock the store ({exc.strerror or exc})") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise InputError(str(path), f"cannot lock the store ({exc.strerror or exc})") from None
            holder = _holder(fd)
            if not wait:
                raise InputError(
                    str(path), f"another build is writing this store{holder}: try again later"
                ) from None
            if on_wait is not None:
                on_wait(f"{path}: another build is writing this store{holder}; waiting for it to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def damaged_store(path: Path, exc: BaseException) -> InputError:
    """The one line for a store that cannot be opened or read (a missing CURRENT, `current` → a file…)."""
    current = path / "current"
    if current.exists() and not current.is_dir():
        why = "'current' is not a generation directory"
    else:
        detail = getattr(exc, "strerror", None) or " ".join(str(exc).split())[:160] or type(exc).__name__
        why = f"cannot open or read the store ({detail})"
    return InputError(str(path), f"damaged store: {why}; rebuild it with dkg build")


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        pid = int(os.pread(fd, 32, 0).decode().strip())
        return f" (process {pid})"
    return ""
