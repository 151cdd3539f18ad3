"""Which files a corpus directory holds: documents only, symbolic links kept inside the corpus.

Why (issue 22): a corpus symlink to a file outside the corpus (`/etc/passwd`) was followed and its
text entered the graph, and dangling links, FIFOs and devices were skipped without a word. Walking a
directory here:

* a regular file with a document suffix (.txt, .md, .pdf, .docx) is a document (SOURCES.md and
  README.md are the corpus's own notes);
* a symbolic link is followed only when its target lies inside the corpus directory (or with
  `follow_symlinks`, the command line's `--follow-symlinks`); one that leaves it is listed as refused;
  a linked directory is walked once (no loops);
* a dangling link, a FIFO, a socket or a device with a document suffix is listed as refused, one line
  each, so the summary says what was not read.

Paths named directly on the command line are the user's own choice and are taken as given (the
loader still reads regular files only).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import InputError
from .limits import kind_of

DOC_SUFFIXES = {".txt", ".md", ".pdf", ".docx"}
NOTES = {"SOURCES.MD", "README.MD"}


def _is_document_name(name: str) -> bool:
    return Path(name).suffix.lower() in DOC_SUFFIXES and name.upper() not in NOTES


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def walk_corpus(root: Path, follow_symlinks: bool = False) -> tuple[list[Path], list[InputError]]:
    """The documents under `root` (sorted) and one InputError per entry that was not read."""
    real_root = os.path.realpath(root)
    files: list[Path] = []
    refused: list[InputError] = []
    seen_dirs: set[str] = set()
    pending: list[Path] = [root]
    while pending:
        directory = pending.pop()
        real_dir = os.path.realpath(directory)
        if real_dir in seen_dirs:
            continue
        seen_dirs.add(real_dir)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            refused.append(InputError(str(directory), f"cannot list directory ({exc.strerror or exc})"))
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink():
                target = os.path.realpath(path)
                if not os.path.exists(target):
                    if _is_document_name(entry.name):
                        refused.append(InputError(str(path), "dangling symbolic link: not read"))
                    continue
                if not follow_symlinks and not _inside(target, real_root):
                    if os.path.isdir(target) or _is_document_name(entry.name):
                        refused.append(
                            InputError(
                                str(path),
                                "symbolic link to outside the corpus: not followed (--follow-symlinks)",
                            )
                        )
                    continue
            try:
                mode = os.stat(path).st_mode
            except OSError as exc:
                refused.append(InputError(str(path), f"cannot read ({exc.strerror or exc})"))
                continue
            if stat.S_ISDIR(mode):
                pending.append(path)
            elif not _is_document_name(entry.name):
                continue
            elif stat.S_ISREG(mode):
                files.append(path)
            else:
                refused.append(InputError(str(path), f"not a regular file ({kind_of(mode)}): not read"))
    return sorted(files), refused
