"""The built dataset written to disk graph by graph, so a build holds one document's quads at a time.

At national scale (3,357 documents, 3.6 M triples) holding every graph as Python `Quad` objects until
the atomic load took 6 GiB (issue 21). A `Spool` takes each named graph as the builder makes it,
writes it as N-Quads to one file and its triples as N-Triples to another (the merged default graph,
written as text so that the store's bulk loader drops repeated triples itself). A graph may come in
parts (the builder appends the mandate closures last). A store loads the two files with its bulk
loader (`OxigraphStore.replace_all`); a backend that wants quads reads the spool as a mapping of graph
name to quads, one graph parsed back at a time.

>>> from pyoxigraph import NamedNode, Quad
>>> g, s, p = NamedNode("urn:g"), NamedNode("urn:s"), NamedNode("urn:p")
>>> with Spool() as spool:
...     spool.add("urn:g", [Quad(s, p, NamedNode("urn:o"), g)])
...     spool.add("urn:h", [Quad(s, p, NamedNode("urn:o"), NamedNode("urn:h"))])
...     (len(spool), spool.triples, [str(q.object) for q in spool["urn:g"]])
(2, 2, ['<urn:o>'])
"""

from __future__ import annotations

import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, parse, serialize


class Spool(Mapping[str, list[Quad]]):
    """Named graphs spooled to `quads.nq` (as stated) and `merge.nt` (their triples, for the default graph).

    A graph may be added in several parts (the closures come last); each part's byte range is kept so
    that `spool[name]` parses that graph alone. A context manager: the files are deleted on exit.
    """

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="dkg-spool-", dir=directory))
        self.quads_path = self.directory / "quads.nq"
        self.merge_path = self.directory / "merge.nt"
        self._quads = self.quads_path.open("wb")
        self._merge = self.merge_path.open("wb")
        self._parts: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.triples = 0

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Delete the files."""
        for f in (self._quads, self._merge):
            f.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    def add(self, name: str, quads: list[Quad]) -> None:
        """Write one graph (or one more part of it); every quad must be in graph `name`."""
        self.triples += len(quads)
        if not quads:
            self._parts.setdefault(name, [])
            return
        text = serialize(quads, format=RdfFormat.N_QUADS) or b""
        start = self._quads.tell()
        self._quads.write(text)
        self._parts[name].append((start, len(text)))
        # a line ends with ` <graph> .` and a newline (no literal holds a raw newline): cut the name
        suffix = f" <{name}> .\n".encode()
        if text.count(suffix) == len(quads):
            self._merge.write(text.replace(suffix, b" .\n"))
        else:  # a quad of another graph: serialise the triples one by one
            self._merge.write(serialize((q.triple for q in quads), format=RdfFormat.N_TRIPLES) or b"")

    def flush(self) -> None:
        """Make both files complete on disk (before a loader reads them)."""
        self._quads.flush()
        self._merge.flush()

    def __getitem__(self, name: str) -> list[Quad]:
        self.flush()
        out: list[Quad] = []
        with self.quads_path.open("rb") as f:
            for start, size in self._parts[name]:
                f.seek(start)
                out += parse(f.read(size), format=RdfFormat.N_QUADS)
        return out

    def __iter__(self) -> Iterator[str]:
        return iter(self._parts)

    def __len__(self) -> int:
        return len(self._parts)

    def __contains__(self, name: object) -> bool:
        return name in self._parts


def spooled(graphs: Mapping[str, Iterable[Quad]]) -> Spool:
    """A spool of graphs already in memory (the caller closes it)."""
    spool = Spool()
    for name, quads in graphs.items():
        spool.add(name, list(quads))
    return spool
