"""The outside attack run of issue 22, replayed: real files, real processes, real servers.

Each test is one attack that succeeded before (data lost, an injection, a traceback, a stall) and
checks the guarantee documented in docs/reliability.md. Nothing is mocked: device nodes, FIFOs and
sockets are made with mknod/mkfifo/bind, builds run as separate `dkg` processes, servers are the real
Fuseki or a real local HTTP server.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from listener import Listener

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/hostile_inputs.py, tests/services.py
sys.path.insert(0, str(ROOT))  # bench/
CORPUS = ROOT / "examples/corpus"


def dkg(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """Run this checkout's `dkg` in its own process (never the installed one)."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "directive_kg.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=full_env,
        timeout=timeout,
    )


def one_error_line(proc: subprocess.CompletedProcess[str], code: int = 2) -> str:
    """The one `error:` line of a refused command (exit `code`, no traceback)."""
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of examples/corpus built by a real `dkg build`."""
    path = tmp_path_factory.mktemp("attacks") / "store"
    proc = dkg("build", str(CORPUS), "--store", str(path), "--format", "json", "--no-validate")
    assert proc.returncode == 0, proc.stderr
    return path


# ------------------------------------------------------------------ 1. outputs: devices, FIFOs, links


def test_out_on_a_full_device_says_no_space_and_keeps_the_device(built: Path, tmp_path: Path) -> None:
    full = tmp_path / "full"
    try:
        os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # the same device as /dev/full
    except PermissionError:
        full = Path("/dev/full")
    proc = dkg("export", "--store", str(built), "--out", str(full))
    line = one_error_line(proc)
    assert "No space left" in line
    assert stat.S_ISCHR(os.lstat(full).st_mode), "the device node was replaced by a file"


def test_out_on_dev_full_itself(built: Path) -> None:
    line = one_error_line(dkg("export", "--store", str(built), "--out", "/dev/full"))
    assert "No space left" in line
    assert stat.S_ISCHR(os.lstat("/dev/full").st_mode)


def test_out_on_a_fifo_writes_into_the_pipe(built: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    proc = dkg("export", "--store", str(built), "--out", str(fifo))
    thread.join(30)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a file"
    assert received and received[0].count(b"\n") > 100  # the N-Quads went through the pipe


def test_out_on_a_socket_is_refused(built: Path, tmp_path: Path) -> None:
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        line = one_error_line(dkg("export", "--store", str(built), "--out", str(path)))
        assert "socket" in line
        assert stat.S_ISSOCK(os.lstat(path).st_mode)
    finally:
        server.close()


def test_viz_default_name_planted_symlink_is_not_followed(built: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    (work / "dkg-coverage.html").symlink_to(victim)
    proc = dkg("viz", "coverage", "--store", str(built), "--no-findings", cwd=work)
    assert "symbolic link" in one_error_line(proc)
    assert victim.read_text(encoding="utf-8") == "precious\n"


def test_viz_svg_symlink_and_missing_folders(built: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.svg"
    victim.write_text("precious\n", encoding="utf-8")
    (tmp_path / "cov.svg").symlink_to(victim)
    out = tmp_path / "ok.html"
    proc = dkg(
        "viz",
        "coverage",
        "--store",
        str(built),
        "--no-findings",
        "--out",
        str(out),
        "--svg",
        str(tmp_path / "cov.svg"),
    )
    assert "symbolic link" in one_error_line(proc)
    assert victim.read_text(encoding="utf-8") == "precious\n"
    for option in ("--out", "--svg", "--png"):
        missing = tmp_path / f"no-such{option}" / "deeper" / "view.out"
        extra = [] if option == "--out" else ["--out", str(out)]
        proc = dkg("viz", "coverage", "--store", str(built), "--no-findings", *extra, option, str(missing))
        assert "no such directory" in one_error_line(proc)
        assert not missing.parent.parent.exists(), "a folder was created silently"


def test_synth_does_not_create_missing_parents(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "corpus"
    proc = dkg("synth", "--provinces", "1", "--communes", "0", "--out", str(target))
    one_error_line(proc)
    assert not (tmp_path / "a").exists()


# ------------------------------------------------------------------ 2. one build at a time, own files only

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _count(store: Path) -> int:
    proc = dkg("sparql", COUNT, "--store", str(store), "--format", "json")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    import json

    return int(json.loads(proc.stdout)[0]["n"])


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second corpus (two plans and the central documents): a different state of the store."""
    import shutil

    root = tmp_path_factory.mktemp("small") / "corpus"
    shutil.copytree(CORPUS / "central", root / "central")
    for path in sorted(CORPUS.glob("*.txt"))[:2]:
        shutil.copy(path, root / path.name)
    return root


def test_two_builds_and_readers_on_one_store_lose_nothing(tmp_path: Path, small_corpus: Path) -> None:
    store = tmp_path / "store"
    states = {}
    for corpus in (CORPUS, small_corpus):
        one = tmp_path / f"ref-{corpus.name}-{len(states)}"
        assert dkg("build", str(corpus), "--store", str(one), "--no-validate", "--no-answers").returncode == 0
        states[corpus] = _count(one)
    assert len(set(states.values())) == 2
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _round in range(int(os.environ.get("DKG_RACE_ROUNDS", "3"))):
        builds = [
            subprocess.Popen(
                [sys.executable, "-m", "directive_kg.cli", "build", str(c), "--store", str(store)]
                + ["--no-validate", "--no-answers"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
                cwd=ROOT,
            )
            for c in (CORPUS, small_corpus)
        ]
        while any(b.poll() is None for b in builds):
            if (store / "current").exists():
                assert _count(store) in states.values()
        for b in builds:
            out, err = b.communicate()
            assert b.returncode == 0, err
            assert "Traceback" not in err
        assert (store / "current").resolve().is_dir(), "current names a deleted generation"
        assert _count(store) in states.values()
        generations = [p for p in store.iterdir() if p.name.startswith("gen-") and p.is_dir()]
        assert len(generations) <= 2


def test_second_build_waits_or_fails_at_once_with_no_wait(tmp_path: Path, small_corpus: Path) -> None:
    import fcntl
    import time

    store = tmp_path / "store"
    assert dkg("build", str(small_corpus), "--store", str(store), "--no-validate").returncode == 0
    with open(store / ".lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        line = one_error_line(dkg("build", str(small_corpus), "--store", str(store), "--no-wait"))
        assert "another build is writing this store" in line
        waiting = subprocess.Popen(
            [sys.executable, "-m", "directive_kg.cli", "build", str(small_corpus), "--store", str(store)]
            + ["--no-validate"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            cwd=ROOT,
        )
        told = waiting.stderr.readline()  # blocks until the build reaches the lock and says so
        assert "another build is writing this store" in told and "waiting for it to finish" in told, told
        time.sleep(1)
        assert waiting.poll() is None, waiting.communicate()  # still waiting while the lock is held
    out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, told + err


def test_store_on_a_foreign_directory_is_refused_and_untouched(tmp_path: Path, small_corpus: Path) -> None:
    folder = tmp_path / "photos"
    (folder / "gen-2019").mkdir(parents=True)
    (folder / "gen-2019" / "beach.jpg").write_bytes(b"\xff\xd8 not really")
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
    line = one_error_line(dkg("build", str(small_corpus), "--store", str(folder)))
    assert "not a dkg store" in line
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) == before


def test_clean_up_removes_only_the_stores_own_generations(tmp_path: Path, small_corpus: Path) -> None:
    store = tmp_path / "store"
    assert dkg("build", str(small_corpus), "--store", str(store), "--no-validate").returncode == 0
    assert (store / "dkg-store.json").is_file()
    (store / "gen-keepsake").mkdir()
    (store / "gen-keepsake" / "letter.txt").write_text("mine\n", encoding="utf-8")
    for _ in range(3):
        assert dkg("build", str(small_corpus), "--store", str(store), "--no-validate").returncode == 0
    assert (store / "gen-keepsake" / "letter.txt").read_text(encoding="utf-8") == "mine\n"


# ------------------------------------------------------------------ 3. graph names per source path


def test_keep_previous_keeps_the_right_document_when_names_fold_together(tmp_path: Path) -> None:
    from hostile_inputs import plan

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan A.txt").write_text(plan("11-KH/ĐU", "Hưng Nguyên"), encoding="utf-8")
    (corpus / "plan-a.txt").write_text(plan("12-KH/ĐU", "Nam Đàn"), encoding="utf-8")
    store = tmp_path / "store"
    assert dkg("build", str(corpus), "--store", str(store), "--no-validate").returncode == 0
    before = dkg("export", "--store", str(store)).stdout
    assert "11-KH/ĐU" in before and "12-KH/ĐU" in before
    (corpus / "plan A.txt").write_bytes(b"")  # a bad upload of the first plan
    proc = dkg("build", str(corpus), "--store", str(store), "--no-validate", "--format", "json")
    assert proc.returncode == 2, proc.stderr
    import json

    assert json.loads(proc.stdout)["kept_previous"] == ["plan A.txt"]
    after = dkg("export", "--store", str(store)).stdout
    assert "11-KH/ĐU" in after, "the previously loaded plan A was lost"
    assert "12-KH/ĐU" in after
    assert sorted(before.splitlines()) == sorted(after.splitlines())


# ------------------------------------------------------------------ 4. CSV formulas


HOSTILE_CELLS = [
    '=HYPERLINK("http://127.0.0.1:9/x","Số hóa hồ sơ")',
    "+1+2",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]


def _soffice_cells(csv_path: Path, tmp_path: Path) -> list[list[tuple[object, str]]]:
    """Open the CSV in LibreOffice (headless, UTF-8, default options: formulas evaluated), save as XLSX."""
    import shutil

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice not installed (apt-get install libreoffice-calc)")
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}"]
        + ["--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(tmp_path), str(csv_path)],
        capture_output=True,
        timeout=180,
        check=True,
    )
    import openpyxl

    sheet = openpyxl.load_workbook(tmp_path / (csv_path.stem + ".xlsx")).active
    return [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]


def test_csv_cells_never_become_formulas_in_libreoffice(built: Path, tmp_path: Path) -> None:
    import json

    values = " ".join(json.dumps(v) for v in HOSTILE_CELLS)
    query = f"SELECT ?text ?n WHERE {{ VALUES ?text {{ {values} }} BIND(-5 AS ?n) }}"
    proc = dkg("sparql", query, "--store", str(built), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    csv_path = tmp_path / "out.csv"
    csv_path.write_text(proc.stdout, encoding="utf-8")
    cells = _soffice_cells(csv_path, tmp_path)
    assert cells[0] == [("text", "s"), ("n", "s")]
    body = cells[1:]
    assert len(body) == len(HOSTILE_CELLS)
    assert all(kind != "f" for row in body for _, kind in row), body
    texts = {row[0][0] for row in body}
    assert "'" + HOSTILE_CELLS[0] in texts  # shown as the text it is, apostrophe and all
    assert all(row[1] == (-5, "n") for row in body)  # a number stays a number


# ------------------------------------------------------------------ 5. SERVICE (server-side request forgery)


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


def _service_query(port: int) -> str:
    return f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}"


def test_service_refused_on_the_embedded_store(built: Path, tmp_path: Path, listener: Listener) -> None:
    query = _service_query(listener.port)
    line = one_error_line(dkg("sparql", query, "--store", str(built)))
    assert "SERVICE" in line and "--allow-service" in line
    escaped = query.replace("SERVICE", "\\u0053ERVICE")
    one_error_line(dkg("sparql", escaped, "--store", str(built)))
    qfile = tmp_path / "q.rq"
    qfile.write_text("# federated\n" + query.lower().replace("select", "SELECT"), encoding="utf-8")
    one_error_line(dkg("sparql", "-f", str(qfile), "--store", str(built)))
    assert listener.connections == 0


def test_service_word_in_strings_iris_and_variables_is_not_refused(built: Path) -> None:
    query = 'SELECT ?service WHERE { BIND("SERVICE <http://x>" AS ?service) } # SERVICE'
    proc = dkg("sparql", query, "--store", str(built), "--format", "json")
    assert proc.returncode == 0, proc.stderr


def test_service_refused_before_reaching_a_sparql_server(listener: Listener) -> None:
    from services import fuseki_url_or_skip

    url = fuseki_url_or_skip()
    line = one_error_line(dkg("sparql", _service_query(listener.port), "--store", url))
    assert "SERVICE" in line
    time.sleep(0.5)
    assert listener.connections == 0


def test_allow_service_opts_in(built: Path, listener: Listener) -> None:
    proc = dkg("sparql", _service_query(listener.port), "--store", str(built), "--allow-service")
    assert proc.returncode == 0, proc.stderr
    time.sleep(0.5)
    assert listener.connections >= 1  # the user asked for it: the store does connect


# ------------------------------------------------------------------ 6. forged error lines, credentials

FORGING_NAMES = ["bad\nerror: good.txt:-: FORGED.txt", "red\x1b[31mALERT\x1b[0m.txt", "sep\u2028error: x.txt"]


@pytest.mark.parametrize("command", ["build", "extract"])
def test_names_in_messages_cannot_forge_lines(tmp_path: Path, command: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in FORGING_NAMES:
        (corpus / name).write_bytes(b"")  # empty: refused, so its name is printed in an error line
    args = [str(corpus / n) for n in FORGING_NAMES] if command == "extract" else [str(corpus)]
    extra = ["--store", str(tmp_path / "store")] if command == "build" else []
    proc = dkg(command, *args, *extra)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "\x1b" not in proc.stderr and "\u2028" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == len(FORGING_NAMES), proc.stderr
    assert not any(line.startswith("error: good.txt") for line in proc.stderr.splitlines())
    assert any("bad\\nerror: good.txt" in line for line in errors)


def test_sparql_url_credentials_are_redacted() -> None:
    url = "http://auditor:s3cret-pw@127.0.0.1:9/dkg"
    proc = dkg("sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--store", url)
    line = one_error_line(proc, code=3)
    assert "s3cret-pw" not in proc.stderr + proc.stdout
    assert "***@127.0.0.1:9" in line


# ------------------------------------------------------------------ 7. linear extraction


@pytest.mark.parametrize("one_line", [False, True], ids=["citations", "one-line"])
def test_extraction_time_grows_linearly(tmp_path: Path, one_line: bool) -> None:
    """8x the input must not take anywhere near 64x the time (it took that: 800 KB, 44 s)."""
    from bench.extract_size import document
    from directive_kg.loaders import extract_file

    times = []
    for size in (10_000, 100_000, 800_000):
        path = tmp_path / f"doc-{size}.txt"
        path.write_text(document(size, one_line), encoding="utf-8")
        began = time.perf_counter()
        extract_file(path)
        times.append(time.perf_counter() - began)
    assert times[2] / times[1] < 20, times  # quadratic: ~64; linear: ~8 (and a loaded machine)


# ------------------------------------------------------------------ 8. per-file limits


def _pdf_with_pages(n: int) -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(n):
        writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_page_limit(tmp_path: Path) -> None:
    path = tmp_path / "many.pdf"
    path.write_bytes(_pdf_with_pages(30))
    line = one_error_line(dkg("extract", str(path), env={"DKG_MAX_PDF_PAGES": "20"}))
    assert "30 pages" in line and "DKG_MAX_PDF_PAGES" in line


def test_docx_xml_limit(tmp_path: Path) -> None:
    from hostile_inputs import plan, plan_docx

    words = " ".join(f"nhiệm vụ {k} chuyển đổi số {k * 7919 % 10007}" for k in range(40_000))
    path = tmp_path / "big.docx"
    path.write_bytes(plan_docx(plan("12-KH/ĐU", "Hưng Nguyên") + words))
    line = one_error_line(dkg("extract", str(path), env={"DKG_MAX_DOCX_XML": str(1024 * 1024)}))
    assert "DOCX XML too large" in line and "word/document.xml" in line
    assert dkg("extract", str(path), "--format", "json").returncode == 0  # the default limit reads it


def test_absurd_max_bytes_is_not_a_memory_error(tmp_path: Path) -> None:
    from hostile_inputs import plan

    path = tmp_path / "plan.txt"
    path.write_text(plan("12-KH/ĐU", "Hưng Nguyên"), encoding="utf-8")
    proc = dkg("extract", str(path), "--format", "json", env={"DKG_MAX_BYTES": str(10**18)})
    assert proc.returncode == 0, proc.stderr


def test_slow_file_is_reported_and_the_batch_loads(tmp_path: Path) -> None:
    from hostile_inputs import plan

    from bench.extract_size import document

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # 12 MB reads in about 10 s here (bench.extract_size: ~1 MB/s, linear); the limit is 2 s, so a
    # machine several times faster still trips it. A 3 MB file read in under 2 s on CI's machine.
    (corpus / "slow.txt").write_text(document(12_000_000, False), encoding="utf-8")
    (corpus / "plan.txt").write_text(plan("12-KH/ĐU", "Hưng Nguyên"), encoding="utf-8")
    store = tmp_path / "store"
    proc = dkg(
        "build",
        str(corpus),
        "--store",
        str(store),
        "--no-validate",
        "--format",
        "json",
        env={"DKG_FILE_TIMEOUT": "2"},
    )
    assert proc.returncode == 2, proc.stderr
    import json

    summary = json.loads(proc.stdout)
    assert summary["documents"] == 1
    assert len(summary["failed"]) == 1 and "too slow" in summary["failed"][0]
    assert "slow.txt" in summary["failed"][0] and "DKG_FILE_TIMEOUT" in summary["failed"][0]


# ------------------------------------------------------------------ 10. only regular files are read


def test_fifo_and_dev_zero_as_inputs_get_one_line(built: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "plan.txt"
    os.mkfifo(fifo)
    for command in (["extract", str(fifo)], ["extract", "/dev/zero"], ["sparql", "-f", str(fifo)]):
        extra = ["--store", str(built)] if command[0] == "sparql" else []
        proc = dkg(*command, *extra, timeout=60)
        line = one_error_line(proc)
        assert "not a regular file" in line or "unsupported file type" in line, line
    line = one_error_line(dkg("sparql", "-f", "/dev/zero", "--store", str(built), timeout=60))
    assert "character device" in line


def test_query_file_not_utf8_is_one_line(built: Path, tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_bytes(b'SELECT * WHERE { ?s ?p "H\xe0 N\xf4i" }')  # Latin-1 bytes, not UTF-8
    line = one_error_line(dkg("sparql", "-f", str(path), "--store", str(built)))
    assert "not UTF-8" in line


# ------------------------------------------------------------------ 9, 10, 11. timeouts and server replies


def test_timeout_enforced_on_the_embedded_store(built: Path) -> None:
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    began = time.monotonic()
    line = one_error_line(dkg("sparql", heavy, "--store", str(built), "--timeout", "2", timeout=120))
    assert "timed out after 2 s" in line
    assert time.monotonic() - began < 40  # the query alone runs for minutes


class BadServer:
    """A real HTTP server answering every SPARQL request with one chosen bad reply; counts requests."""

    def __init__(self, mode: str) -> None:
        import http.server

        outer = self
        self.mode = mode
        self.requests = 0

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                outer.requests += 1
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.answer(self)

            do_GET = do_POST  # noqa: N815

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/ds"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, h) -> None:  # noqa: ANN001
        mode = self.mode
        if mode == "slow":
            time.sleep(6)
            return self._send(h, 200, b'{"head":{"vars":[]},"results":{"bindings":[]}}')
        if mode == "html":
            return self._send(h, 200, b"<html><body>Welcome to nginx</body></html>", "text/html")
        if mode == "malformed":
            return self._send(h, 200, b'{"head": {}, "results": 3}')
        if mode == "401":
            return self._send(h, 401, b"Unauthorized\nerror: forged", "text/plain")
        if mode == "500":
            return self._send(h, 500, b"java.lang.NullPointerException", "text/plain")
        if mode == "redirect":
            h.send_response(302)
            h.send_header("Location", "/login.html")
            h.send_header("Content-Length", "0")
            h.end_headers()
            return None
        if mode == "huge":
            h.send_response(200)
            h.send_header("Content-Type", "application/sparql-results+json")
            h.end_headers()
            chunk = b" " * (1024 * 1024)
            for _ in range(64):
                try:
                    h.wfile.write(chunk)
                except OSError:
                    return None
            return None
        raise AssertionError(mode)

    @staticmethod
    def _send(h, code: int, body: bytes, kind: str = "application/sparql-results+json") -> None:  # noqa: ANN001
        try:
            h.send_response(code)
            h.send_header("Content-Type", kind)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)
        except OSError:  # the client gave up first (its timeout): nothing to answer
            pass

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("mode", ["html", "malformed", "401", "500", "redirect", "huge"])
def test_bad_server_replies_are_one_line(mode: str) -> None:
    server = BadServer(mode)
    try:
        proc = dkg(
            "sparql",
            "SELECT * WHERE { ?s ?p ?o }",
            "--store",
            server.url,
            env={"DKG_MAX_REPLY_BYTES": str(4 * 1024 * 1024)},
            timeout=120,
        )
        line = one_error_line(proc, code=3)
        if mode == "huge":
            assert "larger than 4 MiB" in line
        if mode == "401":
            assert "HTTP 401" in line
    finally:
        server.close()


def test_server_timeout_is_a_timeout_and_not_retried() -> None:
    server = BadServer("slow")
    try:
        proc = dkg("sparql", "SELECT * WHERE { ?s ?p ?o }", "--store", server.url, "--timeout", "1")
        line = one_error_line(proc, code=3)
        assert "timeout" in line and "cannot reach" not in line
        assert server.requests == 1
    finally:
        server.close()


def test_construct_on_a_sparql_server_is_one_line() -> None:
    from services import fuseki_url_or_skip

    url = fuseki_url_or_skip()
    for form in ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "PREFIX ex: <http://x/> DESCRIBE ex:a"):
        line = one_error_line(dkg("sparql", form, "--store", url))
        assert "not supported on a SPARQL server" in line


# ------------------------------------------------------------------ 11. tracebacks that became one line


def _fresh_store(tmp_path: Path, corpus: Path) -> Path:
    store = tmp_path / "store"
    assert dkg("build", str(corpus), "--store", str(store), "--no-validate").returncode == 0
    return store


def test_missing_current_file_in_the_store(tmp_path: Path, small_corpus: Path) -> None:
    store = _fresh_store(tmp_path, small_corpus)
    (store / "current" / "CURRENT").unlink()
    line = one_error_line(dkg("export", "--store", str(store)))
    assert "damaged store" in line


def test_current_pointing_at_a_file(tmp_path: Path, small_corpus: Path) -> None:
    store = _fresh_store(tmp_path, small_corpus)
    (store / "current").unlink()
    (store / "current").write_text("not a generation\n", encoding="utf-8")
    for command in (["export"], ["sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"]):
        line = one_error_line(dkg(*command, "--store", str(store)))
        assert "damaged store" in line


def test_corrupted_store_on_export(tmp_path: Path, small_corpus: Path) -> None:
    store = _fresh_store(tmp_path, small_corpus)
    for table in (store / "current").resolve().glob("*.sst"):
        data = bytearray(table.read_bytes())
        for k in range(0, len(data), 97):
            data[k] ^= 0xFF
        table.write_bytes(bytes(data))
    proc = dkg("export", "--store", str(store))
    assert "Traceback" not in proc.stderr
    if proc.returncode != 0:  # RocksDB may or may not notice, depending on which blocks it reads
        assert "damaged store" in one_error_line(proc)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 2 MiB tmpfs (root only): the disk fills during the store write."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)]).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_disk_full_during_a_build(small_disk: Path) -> None:
    line = one_error_line(dkg("build", str(CORPUS), "--store", str(small_disk / "store"), "--no-validate"))
    assert "No space left" in line


def test_read_only_store_during_a_build(tmp_path: Path, small_corpus: Path) -> None:
    mount = tmp_path / "ro"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)]).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        _fresh_store(mount, small_corpus)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        line = one_error_line(dkg("build", str(small_corpus), "--store", str(mount / "store")))
        assert "Read-only file system" in line
        assert dkg("export", "--store", str(mount / "store")).returncode == 0  # readers still read
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("units: " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
        ('alignments:\n  "12-KH/ĐU#t1": "nope"\n', "no such task or mandate"),
        ('alignments:\n  "12-KH/ĐU#t1": "03/NQ-CP#999"\n', "no such task or mandate"),
        (
            'alignments:\n  "x#t1": "https://w3id.org/directive-kg/doc/vn/2025/03_nq-cp/task/999"\n',
            "no such central task or group",
        ),
    ],
    ids=["nested", "not-a-mandate", "no-such-programme-task", "no-such-iri"],
)
def test_bad_corrections_are_one_line(tmp_path: Path, text: str, expected: str) -> None:
    import shutil

    from hostile_inputs import plan

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS / "central", corpus / "central")
    (corpus / "plan.txt").write_text(plan("12-KH/ĐU", "Hưng Nguyên"), encoding="utf-8")
    fixes = tmp_path / "fixes.yaml"
    fixes.write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    line = one_error_line(dkg("build", str(corpus), "--store", str(store), "--corrections", str(fixes)))
    assert expected in line
    assert not (store / "current").exists()  # nothing written


# ------------------------------------------------------------------ 12. encrypted PDFs, XXE in UTF-16, corpus links


def _encrypted_pdf(password: str, algorithm: str) -> bytes:
    import io

    from hostile_inputs import text_pdf
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(["So: 12/KH-UBND", "KE HOACH"]))))
    writer.encrypt(user_password=password, owner_password="owner", algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_encrypted_pdfs(tmp_path: Path, algorithm: str) -> None:
    import json

    opened = tmp_path / "empty-password.pdf"
    opened.write_bytes(_encrypted_pdf("", algorithm))
    proc = dkg("extract", str(opened), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["document"]["identifier"] == "12/KH-UBND"
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(_encrypted_pdf("secret", algorithm))
    line = one_error_line(dkg("extract", str(locked)))
    assert "encrypted PDF" in line and "corrupt" not in line


def test_xxe_in_utf16_declared_as_utf8_is_refused(tmp_path: Path, listener: Listener) -> None:
    import io
    import zipfile

    from hostile_inputs import plan, plan_docx

    src = zipfile.ZipFile(io.BytesIO(plan_docx(plan("12-KH/ĐU", "Hưng Nguyên"))))
    xml = src.read("word/document.xml").decode("utf-8")
    head, sep, rest = xml.partition("?>")
    url = f"http://127.0.0.1:{listener.port}/evil.dtd"
    evil = head + sep + f'<!DOCTYPE w:document SYSTEM "{url}" [<!ENTITY e SYSTEM "{url}">]>' + rest
    evil = evil.replace("<w:t>", "<w:t>&e;", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = evil.encode("utf-16")  # a BOM and UTF-16 text, still declared UTF-8
            dst.writestr(info.filename, data)
    path = tmp_path / "utf16.docx"
    path.write_bytes(out.getvalue())
    line = one_error_line(dkg("extract", str(path)))
    assert "XXE" in line and "word/document.xml" in line
    assert listener.connections == 0


def test_corpus_symlinks_stay_inside_and_odd_entries_are_listed(tmp_path: Path) -> None:
    import json

    from hostile_inputs import plan

    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(plan("99-KH/ĐU", "Nam Đàn"), encoding="utf-8")
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "plan.txt").write_text(plan("12-KH/ĐU", "Hưng Nguyên"), encoding="utf-8")
    (corpus / "inside-link.txt").symlink_to(corpus / "sub" / "plan.txt")
    (corpus / "passwd.txt").symlink_to(secret)
    (corpus / "outdir").symlink_to(secret.parent)
    (corpus / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (corpus / "loop").symlink_to(corpus)
    os.mkfifo(corpus / "pipe.txt")
    store = tmp_path / "store"
    proc = dkg("build", str(corpus), "--store", str(store), "--no-validate", "--format", "json", timeout=300)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    failed = json.loads(proc.stdout)["failed"]
    reasons = {Path(line.split(":", 1)[0]).name: line for line in failed}
    assert "outside the corpus" in reasons["passwd.txt"]
    assert "outside the corpus" in reasons["outdir"]
    assert "dangling" in reasons["dangling.txt"]
    assert "FIFO" in reasons["pipe.txt"]
    exported = dkg("export", "--store", str(store)).stdout
    assert "12-KH/ĐU" in exported and "99-KH/ĐU" not in exported
    followed = tmp_path / "store2"
    proc = dkg("build", str(corpus), "--store", str(followed), "--no-validate", "--follow-symlinks")
    assert "99-KH/ĐU" in dkg("export", "--store", str(followed)).stdout


def test_ocr_time_is_not_counted_in_the_file_time_limit() -> None:
    """`decode` pauses the per-file clock around OCR (a cold 83-page scan takes ~16 minutes)."""
    from directive_kg.limits import FileTooSlow, paused_time_limit, time_limit

    with pytest.raises(FileTooSlow), time_limit(1.0):
        with paused_time_limit():
            time.sleep(1.5)  # OCR: not counted
        reached = True
        time.sleep(1.5)  # anything else: counted
    assert reached


@pytest.mark.parametrize("view", ["board", "flow"])
def test_board_and_flow_pages_go_through_the_writer(built: Path, tmp_path: Path, view: str) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    (work / f"dkg-{view}.html").symlink_to(victim)
    extra = ["--mandate", "57-NQ/TW"] if view == "flow" else []
    proc = dkg("viz", view, "--store", str(built), *extra, cwd=work)
    assert "symbolic link" in one_error_line(proc)
    assert victim.read_text(encoding="utf-8") == "precious\n"
