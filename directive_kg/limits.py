"""Per-file limits of the loaders, read from the environment at each use, and the one way to read an input.

Why (issue 22): a 4 MB DOCX expanding to 155 MiB of XML ran past 600 s at 3.3 GB, a 0.5 MB PDF
repeating one page 80,000 times had no bound, one slow file held a whole build, `DKG_MAX_BYTES` set
absurdly high ended in `MemoryError` (the reader asked for a buffer of the limit's size), and a FIFO
or `/dev/zero` given as a document hung the build. So:

| limit | variable | default |
|---|---|---|
| bytes of a source file | `DKG_MAX_BYTES` | 20 MiB |
| decompressed XML of a DOCX (all its XML parts) | `DKG_MAX_DOCX_XML` | 64 MiB |
| pages of a PDF | `DKG_MAX_PDF_PAGES` | 2,000 |
| seconds to extract one file during a build (OCR time not counted) | `DKG_FILE_TIMEOUT` | 300 (0: none) |

and `read_regular` reads a source only when it is a regular file (one line otherwise), at most
`min(limit, size) + 1` bytes (a file growing under us is still caught).
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import stat
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

from .errors import InputError

MIB = 1024 * 1024
DOCX_XML_ENV, DEFAULT_DOCX_XML = "DKG_MAX_DOCX_XML", 64 * MIB
PDF_PAGES_ENV, DEFAULT_PDF_PAGES = "DKG_MAX_PDF_PAGES", 2000
FILE_TIMEOUT_ENV, DEFAULT_FILE_TIMEOUT = "DKG_FILE_TIMEOUT", 300.0


def _number(name: str, default: float, where: str, whole: bool = True, zero_ok: bool = False) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        value = -1
    if not math.isfinite(value) or value < 0 or (value == 0 and not zero_ok):
        kind = "whole number" if whole else "number"
        raise InputError(where, f"{name} must be a positive {kind}, got {raw!r}")
    return value


def docx_xml_limit(where: str = "-") -> int:
    return int(_number(DOCX_XML_ENV, DEFAULT_DOCX_XML, where))


def pdf_pages_limit(where: str = "-") -> int:
    return int(_number(PDF_PAGES_ENV, DEFAULT_PDF_PAGES, where))


def file_timeout(where: str = "-") -> float:
    """Seconds one file may take to extract during a build (0: no limit)."""
    return _number(FILE_TIMEOUT_ENV, DEFAULT_FILE_TIMEOUT, where, whole=False, zero_ok=True)


def _mib(n: int) -> str:
    return f"{n / MIB:.1f}"


def read_regular(path: Path, where: str, limit: int) -> bytes:
    """The bytes of `path` when it is a regular file of at most `limit` bytes; InputError otherwise.

    Opened without blocking (a FIFO with no writer would wait forever) and checked with fstat on the
    open descriptor, so what is checked is what is read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError(where, "no such file") from None
    except OSError as exc:
        raise InputError(where, f"cannot read file ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise InputError(where, f"not a regular file ({kind_of(info.st_mode)}): only files are read")
            if info.st_size > limit:
                raise InputError(
                    where, f"file too large ({_mib(info.st_size)} MiB > limit {_mib(limit)} MiB)"
                )
            data = handle.read(min(limit, info.st_size) + 1)
            if len(data) > limit:
                raise InputError(where, f"file too large (> limit {_mib(limit)} MiB)")
            return data
        except OSError as exc:
            raise InputError(where, f"cannot read file ({exc.strerror or exc})") from None


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "not a regular file"


def check_docx_xml(archive: zipfile.ZipFile, where: str) -> None:
    """Refuse a DOCX whose XML parts inflate beyond the limit (sizes from the zip headers, which bind)."""
    limit = docx_xml_limit(where)
    total = 0
    for info in archive.infolist():
        if info.filename.lower().endswith((".xml", ".rels")):
            total += info.file_size
            if total > limit:
                raise InputError(
                    where,
                    f"DOCX XML too large (inflates to more than {_mib(limit)} MiB; limit {DOCX_XML_ENV})",
                    info.filename,
                )


def check_pdf_pages(pages: int, where: str) -> None:
    limit = pdf_pages_limit(where)
    if pages > limit:
        raise InputError(where, f"PDF has {pages} pages (limit {limit}, {PDF_PAGES_ENV})")


class FileTooSlow(BaseException):
    """Raised inside an extraction that ran out of its time (not an Exception: no loader swallows it)."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block with FileTooSlow after `seconds` (SIGALRM; main thread only, else no limit)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise FileTooSlow

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def paused_time_limit() -> Iterator[None]:
    """Stop the clock of `time_limit` for this block (OCR: a long scan takes minutes by design).

    The time left is restored afterwards, so what the file spends outside the block still counts.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    left, _ = signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        yield
    finally:
        if left > 0:
            signal.setitimer(signal.ITIMER_REAL, left)


QUERY_FILE_LIMIT = 16 * MIB


def read_query_file(path: str) -> str:
    """A query file (`sparql -f`, `cypher -f`): a regular UTF-8 file of at most 16 MiB, else one line."""
    data = read_regular(Path(path), path, QUERY_FILE_LIMIT)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, "not UTF-8 text", f"byte {exc.start}") from None
