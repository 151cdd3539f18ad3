"""Text from scanned PDF pages: render each page, OCR it with Tesseract (Vietnamese), ruled tables cell by cell.

A scanned plan has no text layer, so `decode.py` hands its bytes here. Each page is rendered at
the scan's own resolution (`pdftoppm`), then:

- a page with a ruled table (long horizontal and vertical lines found by numpy projections of
  the ink opened with line-shaped windows) is read **cell by cell**: the grid lines are erased,
  each cell is cropped, and the cells of the page are stacked into one tall image that Tesseract
  reads in a single call (one model load per page instead of one per cell); each word goes back
  to the cell it was cropped from. A row comes out as one line, its cells joined by ` | `, a cell
  merged across columns (a group heading) giving its text to its first column and empty cells
  after it — the shape of `71-NQ-CP.ocr.txt`, so one annex parser reads both. The text above
  and below the table is read as plain lines. Row numbers and deadline figures, where `vie`
  misreads digits most, are read again with Tesseract's English model (`read_page`);
- any other page is read whole (Tesseract's automatic page segmentation).

Pages run in parallel in worker processes (Tesseract itself is held to one thread each, so N
pages use N cores without oversubscription). Results are cached on disk by the file's hash, the
page number and every setting that changes the text (resolution, language, algorithm version,
Tesseract version), so a rebuild reads the cache instead of OCRing again. A page that fails is a
warning naming it; the other pages are kept. Nothing here prints: progress goes to a callback.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

OCR_ENV = "DKG_OCR"  # "0"/"off"/"false": a PDF without text layer is refused (--no-ocr)
CACHE_ENV = "DKG_OCR_CACHE"  # directory of the page cache (default: the user's cache dir)
WORKERS_ENV = "DKG_OCR_WORKERS"  # worker processes (default: every core)
PACKAGES = {"tesseract": "tesseract-ocr", "vie": "tesseract-ocr-vie", "pdftoppm": "poppler-utils"}
ALGORITHM = "scan-6"  # bump when the text this module produces changes: old cache entries are then ignored

Progress = Callable[[int, int], None]  # (pages done, pages in all)


class OcrUnavailable(Exception):
    """Tesseract, its Vietnamese model or pdftoppm is missing; the message names the Debian packages."""


@dataclass(frozen=True)
class OcrSettings:
    """Everything that changes the OCR text of a page; all of it goes into the cache key."""

    lang: str = "vie"
    dpi: int = 200  # the resolution the official scans are made at (pdfimages -list): no resampling
    page_psm: int = 3  # prose page: automatic segmentation
    cell_psm: int = 6  # stacked cells: one uniform block of lines
    ink: int = 160  # grey level below which a pixel is ink
    number_lang: str = "eng"  # model for the row-number column (comes with Debian's tesseract-ocr)


@dataclass
class PageText:
    """One page's text; `error` set when this page could not be read (its text is then empty)."""

    number: int
    text: str = ""
    table_rows: int = 0
    cached: bool = False
    error: str | None = None


@dataclass
class ScanResult:
    """A document's OCR: the text (pages separated by a form feed line) and what it cost."""

    text: str
    pages: list[PageText]
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def cached(self) -> int:
        """Pages read from the cache (Tesseract not run for them)."""
        return sum(p.cached for p in self.pages)

    @property
    def ocred(self) -> int:
        """Pages Tesseract read in this run."""
        return sum(not p.cached and p.error is None for p in self.pages)


# --------------------------------------------------------------- configuration


def ocr_enabled() -> bool:
    """OCR is on unless DKG_OCR says otherwise (the CLI's --no-ocr sets it, so worker processes see it)."""
    return os.environ.get(OCR_ENV, "1").strip().lower() not in {"0", "off", "false", "no", "n", "f"}


def cache_dir() -> Path:
    """DKG_OCR_CACHE, else $XDG_CACHE_HOME/directive-kg/ocr, else ~/.cache/directive-kg/ocr."""
    explicit = os.environ.get(CACHE_ENV, "").strip()
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "directive-kg" / "ocr"


_progress: Progress | None = None


@contextmanager
def reporting(callback: Progress | None) -> Iterator[None]:
    """Send page progress of the scans run inside this block to `callback` (the CLI draws a bar)."""
    global _progress
    previous, _progress = _progress, callback
    try:
        yield
    finally:
        _progress = previous


def check_tools(lang: str = "vie") -> str:
    """The Tesseract version; OcrUnavailable naming the Debian packages when a tool or the model is missing."""
    model = PACKAGES.get(lang, f"tesseract-ocr-{lang}")
    binary = shutil.which("tesseract")
    missing = [] if binary else [PACKAGES["tesseract"], model]
    if binary and lang not in _languages(binary):
        missing.append(model)
    if shutil.which("pdftoppm") is None:
        missing.append(PACKAGES["pdftoppm"])
    python = [
        name
        for name, module in (("pytesseract", "pytesseract"), ("Pillow", "PIL"), ("numpy", "numpy"))
        if importlib.util.find_spec(module) is None
    ]
    if python:
        raise OcrUnavailable(
            f"OCR needs the Python package(s) {', '.join(python)} (pip install {' '.join(python)})"
        )
    if missing:
        raise OcrUnavailable(
            f"OCR needs {', '.join(missing)} (Debian: apt-get install {' '.join(missing)}); "
            "or run with --no-ocr to refuse scanned PDFs"
        )
    return _version(shutil.which("tesseract") or "tesseract")


@lru_cache(maxsize=4)
def _languages(binary: str) -> frozenset[str]:
    try:
        out = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in out.splitlines()[1:] if line.strip())


@lru_cache(maxsize=4)
def _version(binary: str) -> str:
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    first = (out.stdout or out.stderr).splitlines()
    return first[0].strip() if first else "unknown"


# ---------------------------------------------------------------------- driver


def scan_pdf(
    data: bytes,
    page_count: int,
    *,
    settings: OcrSettings | None = None,
    pages: list[int] | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> ScanResult:
    """OCR `pages` (1-based; default all) of the PDF in `data`, from the cache where it has them.

    Raises OcrUnavailable when a page needs OCR and a tool is missing; a page that fails
    otherwise is a warning and an empty page.
    """
    settings = settings or OcrSettings()
    started = time.perf_counter()
    numbers = pages or list(range(1, page_count + 1))
    progress = progress or _progress
    digest = hashlib.sha256(data).hexdigest()
    cache = cache_dir()
    results: dict[int, PageText] = {}
    todo: list[int] = []
    version = None
    for number in numbers:
        hit = _cache_read(cache, digest, number, settings)
        if hit is not None:
            results[number] = hit
        else:
            todo.append(number)
    done = len(results)
    if progress:
        progress(done, len(numbers))
    if todo:
        version = check_tools(settings.lang)
        with tempfile.TemporaryDirectory(prefix="dkg-ocr-") as tmp:
            pdf = Path(tmp) / "doc.pdf"
            pdf.write_bytes(data)
            for page in _run_pages(str(pdf), todo, settings, workers):
                results[page.number] = page
                if page.error is None:
                    _cache_write(cache, digest, page, settings, version)
                done += 1
                if progress:
                    progress(done, len(numbers))
    ordered = [results[n] for n in numbers]
    warnings = [f"page {p.number}: OCR failed ({p.error}); page left out" for p in ordered if p.error]
    text = "\n\f\n".join(p.text.strip("\n") for p in ordered) + "\n"
    return ScanResult(text, ordered, warnings, time.perf_counter() - started)


def _run_pages(
    pdf: str, numbers: list[int], settings: OcrSettings, workers: int | None
) -> Iterator[PageText]:
    count = workers or int(os.environ.get(WORKERS_ENV, "0") or 0) or os.cpu_count() or 1
    count = min(count, len(numbers))
    if count <= 1 or multiprocessing.current_process().daemon:
        _one_thread()
        for number in numbers:
            yield _page_job(pdf, number, settings)
        return
    with ProcessPoolExecutor(max_workers=count, initializer=_one_thread) as pool:
        futures = [pool.submit(_page_job, pdf, number, settings) for number in numbers]
        for future in as_completed(futures):
            yield future.result()


def _one_thread() -> None:
    """Tesseract's OpenMP threads would fight the other pages' processes for the same cores."""
    os.environ["OMP_THREAD_LIMIT"] = "1"


def _page_job(pdf: str, number: int, settings: OcrSettings) -> PageText:
    """Render and read one page; any failure is this page's error, never the document's."""
    try:
        image = render_page(pdf, number, settings.dpi)
        text, rows = read_page(image, settings)
        return PageText(number, text, rows)
    except Exception as exc:  # noqa: BLE001 - a page that fails is reported and the rest kept
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return PageText(number, error=reason[:200])


def render_page(pdf: str, number: int, dpi: int) -> Any:
    """The page as a greyscale numpy array (pdftoppm: the scan's pixels at its own resolution)."""
    import numpy as np
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="dkg-page-") as tmp:
        root = Path(tmp) / "page"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(dpi),
                "-gray",
                "-f",
                str(number),
                "-l",
                str(number),
                "-singlefile",
                pdf,
                root,
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        with Image.open(root.with_suffix(".pgm")) as img:
            return np.asarray(img.convert("L"))


# ----------------------------------------------------------------------- cache


def _cache_path(cache: Path, digest: str, number: int, settings: OcrSettings) -> Path:
    key = json.dumps([ALGORITHM, asdict(settings)], sort_keys=True)
    tag = hashlib.sha256(key.encode()).hexdigest()[:16]
    return cache / digest[:2] / f"{digest}-p{number:04d}-{tag}.json"


def _cache_read(cache: Path, digest: str, number: int, settings: OcrSettings) -> PageText | None:
    path = _cache_path(cache, digest, number, settings)
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
        return None
    if entry.get("tesseract") not in (None, _version(shutil.which("tesseract") or "tesseract")):
        return None  # another Tesseract reads differently: read the page again
    return PageText(number, entry["text"], int(entry.get("table_rows", 0)), cached=True)


def _cache_write(cache: Path, digest: str, page: PageText, settings: OcrSettings, version: str) -> None:
    """Atomic (a temporary file renamed), so two builds sharing a cache never see half an entry."""
    path = _cache_path(cache, digest, page.number, settings)
    entry = {"text": page.text, "table_rows": page.table_rows, "tesseract": version, "page": page.number}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as handle:
            json.dump(entry, handle, ensure_ascii=False)
        os.replace(handle.name, path)
    except OSError:
        pass  # a read-only or full cache costs time on the next run, never the result


# ---------------------------------------------------------------- page reading


@dataclass
class Grid:
    """A ruled table: y of its horizontal lines, x of its vertical lines, and the line pixels."""

    rows: list[tuple[int, int]]  # (top, bottom) of each horizontal line, top to bottom
    cols: list[tuple[int, int]]  # (left, right) of each vertical line, left to right
    lines: Any  # bool array: pixels that belong to grid lines (erased before OCR)


def read_page(image: Any, settings: OcrSettings) -> tuple[str, int]:
    """(text, table rows) of one page image: a ruled table cell by cell, anything else as a page."""
    ink = image < settings.ink
    grid = find_grid(ink)
    if grid is None:
        return _ocr_text(image, settings.page_psm, settings.lang), 0
    clean = image.copy()
    clean[grid.lines] = 255
    top, bottom = grid.rows[0][0], grid.rows[-1][1]
    pieces: list[tuple[str, Any]] = []  # (slot, image): "above", "below" or "r{row}c{first column}"
    margin = 4
    if ink[:top].sum() > 50:
        pieces.append(("above", clean[: max(top - margin, 1)]))
    layout: list[list[tuple[int, int]]] = []  # per row: (first column, last column) of each cell
    for r in range(len(grid.rows) - 1):
        y0, y1 = grid.rows[r][1] + 1, grid.rows[r + 1][0]
        if y1 - y0 < 8:
            continue
        cells = _row_cells(grid, ink, y0, y1)
        layout.append(cells)
        for first, last in cells:
            x0, x1 = grid.cols[first][1] + 1, grid.cols[last + 1][0]
            crop = _trim(clean[y0:y1, x0:x1], settings.ink)
            if crop is not None:
                pieces.append((f"r{len(layout) - 1}c{first}", crop))
    if ink[bottom + 1 :].sum() > 50:
        pieces.append(("below", clean[min(bottom + margin, clean.shape[0] - 1) :]))
    ncols = len(grid.cols) - 1
    width = grid.cols[-1][0] - grid.cols[0][1]

    def column(k: int) -> Callable[[str], bool]:
        return lambda slot: slot.startswith("r") and slot.endswith(f"c{k}")

    def narrow(k: int, share: float) -> bool:
        return grid.cols[k + 1][0] - grid.cols[k][1] < share * width

    # A narrow first column holds the row numbers (TT): "3.", "II.", "11.1". Stacked, a lone "4"
    # comes out as "¿" or nothing; side by side on one line Tesseract reads them as a sequence.
    numbered = narrow(0, 0.08)
    is_number = column(0) if numbered else (lambda slot: False)
    texts = _ocr_pieces([p for p in pieces if not is_number(p[0])], settings)
    if numbered:
        texts.update(_read_numbers([(s, _main_blob(p)) for s, p in pieces if is_number(s)], settings))
    # A narrow last column of six or more holds the deadlines ("Tháng 5/2025"): their figures are
    # read again with the English model, which confuses 5 and 3 less than `vie`.
    if ncols >= 6 and narrow(ncols - 1, 0.12):
        in_last = column(ncols - 1)
        _recheck_figures(texts, [p for p in pieces if in_last(p[0])], settings)
    return _assemble(texts, layout, ncols, numbered), sum(1 for cells in layout if cells)


def _assemble(texts: dict[str, str], layout: list[list[tuple[int, int]]], ncols: int, numbered: bool) -> str:
    """The page's lines: text above the table, one ` | ` row per table row, text below."""
    lines: list[str] = [texts["above"]] if texts.get("above") else []
    for r, cells in enumerate(layout):
        row = [""] * ncols
        for first, _last in cells:
            row[first] = texts.get(f"r{r}c{first}", "")
        if numbered and row[0]:
            # a heading row (roman number) has text in its second cell only, merged across or not
            row[0] = row_number(row[0], group=not any(row[2:]))
        if any(row):
            lines.append(" | ".join(row))
    if texts.get("below"):
        lines.append(texts["below"])
    return "\n".join(lines)


_FIGURE = re.compile(r"\d+(?:[/.,]\d+)*")


def _shape(figure: str) -> str:
    return re.sub(r"\d", "9", figure)


def _recheck_figures(texts: dict[str, str], pieces: list[tuple[str, Any]], settings: OcrSettings) -> None:
    """Figures of these cells taken from the English model's reading when it finds the same shapes.

    Only the figures change: the words keep the Vietnamese reading (the English model drops the
    diacritics of "Tháng"). Without the English model nothing changes.
    """
    if not pieces or settings.number_lang not in _languages(shutil.which("tesseract") or "tesseract"):
        return
    english = _ocr_pieces(pieces, replace(settings, lang=settings.number_lang))
    for slot, _ in pieces:
        texts[slot] = swap_figures(texts.get(slot, ""), english.get(slot, ""))


def swap_figures(mine: str, theirs: str) -> str:
    """`mine` with its figures taken from `theirs` when both hold the same figures in shape.

    "Tháng 3/2025" + "Thang 5/2025" → "Tháng 5/2025"; "Tháng 5/2025" + "Thang 2025" is kept.
    """
    figures = _FIGURE.findall(theirs)
    if not figures or [_shape(f) for f in _FIGURE.findall(mine)] != [_shape(f) for f in figures]:
        return mine
    parts = _FIGURE.split(mine)  # the words around the figures, one more than the figures
    return "".join(part + figure for part, figure in zip(parts, [*figures, ""], strict=True))


def _row_cells(grid: Grid, ink: Any, y0: int, y1: int) -> list[tuple[int, int]]:
    """The cells of one row band: a vertical line absent over the band merges the cells beside it."""
    inner = ink[y0 + 3 : max(y1 - 3, y0 + 4)]
    cells: list[tuple[int, int]] = []
    first = 0
    for k in range(1, len(grid.cols) - 1):
        left, right = grid.cols[k]
        strip = inner[:, max(left - 2, 0) : right + 3].any(axis=1)
        # a line runs unbroken down the band; the text of a merged cell crossing here does not
        if strip.size and _longest_run(strip) >= 0.85 * strip.size:
            cells.append((first, k - 1))
            first = k
    cells.append((first, len(grid.cols) - 2))
    return cells


def _longest_run(mask: Any) -> int:
    runs = _groups(mask, gap=1)
    return max((b - a + 1 for a, b in runs), default=0)


def _trim(crop: Any, level: int) -> Any:
    """The crop cut to its ink with a white border, or None when the cell is empty (or only specks)."""
    import numpy as np

    ink = crop < level
    if ink.sum() < 15:
        return None
    ys = np.flatnonzero(ink.any(axis=1))
    xs = np.flatnonzero(ink.any(axis=0))
    body = crop[ys[0] : ys[-1] + 1, xs[0] : xs[-1] + 1]
    return np.pad(body, 10, constant_values=255)


def _main_blob(crop: Any) -> Any:
    """A number cell cut to its one word: the band of rows, then of columns, holding the most ink.

    Specks and dashes left by the scan around a lone "93." would otherwise make a tall piece that
    Tesseract reads as ": |".
    """
    import numpy as np

    ink = crop < 160
    rows = max(_groups(ink.sum(axis=1) > 0, gap=6), key=lambda g: ink[g[0] : g[1] + 1].sum())
    band = ink[rows[0] : rows[1] + 1]
    cols = max(_groups(band.sum(axis=0) > 0, gap=20), key=lambda g: band[:, g[0] : g[1] + 1].sum())
    body = crop[rows[0] : rows[1] + 1, cols[0] : cols[1] + 1]
    return np.pad(body, 10, constant_values=255)


def _opened(ink: Any, length: int, axis: int) -> Any:
    """Morphological opening with a 1 × `length` line: the pixels lying on a straight run that long."""
    import numpy as np

    a = ink if axis == 1 else ink.T
    h, w = a.shape
    if w < length:
        return np.zeros_like(ink)
    cs = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(a, axis=1, out=cs[:, 1:])
    full = (cs[:, length:] - cs[:, :-length]) == length  # full[:, s]: a run of `length` starts at s
    starts = np.zeros((h, full.shape[1] + 1), dtype=np.int32)
    np.cumsum(full, axis=1, out=starts[:, 1:])
    x = np.arange(w)
    hi = np.minimum(x + 1, full.shape[1])
    lo = np.maximum(x - length + 1, 0)
    covered = (starts[:, hi] - starts[:, lo]) > 0  # some run starts within `length` pixels up to x
    return covered if axis == 1 else covered.T


def _groups(mask: Any, gap: int = 3) -> list[tuple[int, int]]:
    """Runs of True in a 1-D mask, runs closer than `gap` merged."""
    import numpy as np

    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return []
    out: list[tuple[int, int]] = []
    start = prev = int(idx[0])
    for i in idx[1:]:
        i = int(i)
        if i - prev > gap:
            out.append((start, prev))
            start = i
        prev = i
    out.append((start, prev))
    return out


def find_grid(ink: Any) -> Grid | None:
    """The ruled table on a page, or None: at least 3 long horizontal and 3 long vertical lines.

    Horizontal lines: the ink opened with a window of 1/25 of the page width, rows grouped, a
    line when the group's union covers 40 % of the width (a slightly skewed scan spreads one
    line over a few rows; the union still covers it). Vertical lines: the same down the
    columns, between the first and last horizontal line, covering 40 % of that height.
    """
    import numpy as np

    h, w = ink.shape
    horiz = _opened(ink, max(w // 25, 30), axis=1)
    rows = [
        (a, b)
        for a, b in _groups(horiz.sum(axis=1) > w // 50)
        if horiz[a : b + 1].any(axis=0).sum() >= 0.4 * w and b - a < 40
    ]
    if len(rows) < 3:
        return None
    top, bottom = rows[0][0], rows[-1][1]
    band = ink[top : bottom + 1]
    vert = _opened(band, max((bottom - top) // 40, 40), axis=0)
    height = bottom - top + 1
    cols = [
        (a, b)
        for a, b in _groups(vert.sum(axis=0) > height // 20)
        if vert[:, a : b + 1].any(axis=1).sum() >= 0.4 * height and b - a < 40
    ]
    if len(cols) < 3:
        return None
    lines = horiz.copy()
    lines[top : bottom + 1] |= vert
    # grid lines are a few pixels thick and jagged: widen the mask by one pixel each way
    grown = lines.copy()
    grown[1:] |= lines[:-1]
    grown[:-1] |= lines[1:]
    grown[:, 1:] |= lines[:, :-1]
    grown[:, :-1] |= lines[:, 1:]
    del np
    return Grid(rows, cols, grown)


# -------------------------------------------------------------------- tesseract

_GAP = 40  # white pixels between stacked pieces: more than any line spacing inside a cell


def _ocr_text(image: Any, psm: int, lang: str) -> str:
    import pytesseract

    text = pytesseract.image_to_string(_pil(image), lang=lang, config=f"--psm {psm}")
    return _nfc(text).strip("\n")


def _ocr_pieces(pieces: list[tuple[str, Any]], settings: OcrSettings) -> dict[str, str]:
    """Read every piece in one Tesseract call: stacked top to bottom, words sent back by their y."""
    if not pieces:
        return {}
    import numpy as np
    import pytesseract

    width = max(p.shape[1] for _, p in pieces) + 2 * _GAP
    height = sum(p.shape[0] for _, p in pieces) + _GAP * (len(pieces) + 1)
    sheet = np.full((height, width), 255, dtype=np.uint8)
    spans: list[tuple[int, int, str]] = []
    y = _GAP
    for slot, piece in pieces:
        sheet[y : y + piece.shape[0], _GAP : _GAP + piece.shape[1]] = piece
        spans.append((y, y + piece.shape[0], slot))
        y += piece.shape[0] + _GAP
    data = pytesseract.image_to_data(
        _pil(sheet),
        lang=settings.lang,
        config=f"--psm {settings.cell_psm}",
        output_type=pytesseract.Output.DICT,
    )
    words: dict[str, list[tuple[int, int, int, str]]] = {}
    for i, word in enumerate(data["text"]):
        if not word or not word.strip() or int(float(data["conf"][i])) < 0:
            continue
        middle = data["top"][i] + data["height"][i] // 2
        target = next((s for a, b, s in spans if a - _GAP // 2 <= middle < b + _GAP // 2), None)
        if target is None:
            continue
        line = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        words.setdefault(target, []).append((hash(line), data["top"][i], data["left"][i], word))
    out: dict[str, str] = {}
    for slot, found in words.items():
        lines: dict[int, list[tuple[int, int, str]]] = {}
        for key, top, left, word in found:
            lines.setdefault(key, []).append((top, left, word))
        ordered = sorted(lines.values(), key=lambda ws: min(t for t, _, _ in ws))
        texts = [" ".join(w for _, _, w in sorted(ws, key=lambda x: x[1])) for ws in ordered]
        joiner = "\n" if slot in ("above", "below") else " "
        out[slot] = _nfc(joiner.join(texts))
    del np
    return out


_ARABIC = str.maketrans({"l": "1", "I": "1", "|": "1", "O": "0", "o": "0"})
_ROMAN = str.maketrans({"l": "I", "1": "I", "|": "I", "H": "II"})
_ARABIC_LIKE = re.compile(r"[\dlI|Oo]+(?:[.,][\dlI|Oo]+)*[.,]?")
_ROMAN_LIKE = re.compile(r"(?:[IVXl1|]|H)+[.,]?")


def row_number(text: str, group: bool) -> str:
    """A row-number cell read back into what it can be: arabic in a task row, roman in a group row.

    A group heading row is one with text in its second cell only; its number is
    roman ("I.", "II."), which OCR reads as "1.", "l." or "H."; a task's number is arabic, which
    OCR reads with "l", "I" or "|" for 1 and "O" for 0. Anything else is left as read.
    """
    if group and _ROMAN_LIKE.fullmatch(text) and not re.search(r"\d\d", text):
        return text.translate(_ROMAN)
    if not group and _ARABIC_LIKE.fullmatch(text) and any(ch.isdigit() for ch in text):  # "l1.1", "2O."
        return text.translate(_ARABIC)
    if not group and text in ("l", "l.", "|"):
        return text.translate(_ARABIC)
    return text


_NUMBER_SHAPE = re.compile(r"\(\d{1,3}\)\.?|(?:\d{1,3}(?:\.\d{1,2})?|[IVX]{1,5})[.,]?\.?")


def _read_numbers(pieces: list[tuple[str, Any]], settings: OcrSettings) -> dict[str, str]:
    """Row numbers, each checked against the shape of a row number ("12.", "11.1", "(78)", "IV.").

    The cells are read side by side on one line, once with Tesseract's English model (it reads
    digits better: "10." that `vie` reads "19.") and once with `vie`; the first reading with the
    shape of a number wins. A cell neither reading gets right (a run of "(79)", "(80)" that one
    pass glued into one word) is read alone. Anything else (the header's "TT") keeps the `vie`
    reading.
    """
    english = settings.number_lang in _languages(shutil.which("tesseract") or "tesseract")
    langs = [settings.number_lang, settings.lang] if english and settings.number_lang else [settings.lang]
    readings = [_ocr_strip(pieces, lang) for lang in langs]
    texts: dict[str, str] = {}
    for slot, piece in pieces:
        found = [r[slot] for r in readings if _NUMBER_SHAPE.fullmatch(r.get(slot, ""))]
        if not found:
            alone = [_ocr_strip([(slot, piece)], lang).get(slot, "") for lang in langs]
            found = [t for t in alone if _NUMBER_SHAPE.fullmatch(t)]
        text = found[0] if found else readings[-1].get(slot, "")
        if text:
            texts[slot] = text
    return texts


def _ocr_strip(pieces: list[tuple[str, Any]], lang: str) -> dict[str, str]:
    """Cells read in one line, left to right; each word sent back to the cell under it.

    A word lying over two cells means Tesseract glued them: those cells get nothing here.
    """
    import numpy as np
    import pytesseract

    height = max(p.shape[0] for _, p in pieces) + 2 * _GAP
    width = sum(p.shape[1] for _, p in pieces) + 2 * _GAP * (len(pieces) + 1)
    sheet = np.full((height, width), 255, dtype=np.uint8)
    spans: list[tuple[int, int, str]] = []
    x = 2 * _GAP
    for slot, piece in pieces:
        top = (height - piece.shape[0]) // 2
        sheet[top : top + piece.shape[0], x : x + piece.shape[1]] = piece
        spans.append((x, x + piece.shape[1], slot))
        x += piece.shape[1] + 2 * _GAP
    data = pytesseract.image_to_data(
        _pil(sheet), lang=lang, config="--psm 7", output_type=pytesseract.Output.DICT
    )
    found: dict[str, list[tuple[int, str]]] = {}
    glued: set[str] = set()
    for i, word in enumerate(data["text"]):
        if not word or not word.strip() or int(float(data["conf"][i])) < 0:
            continue
        left, right = data["left"][i], data["left"][i] + data["width"][i]
        under = [s for a, b, s in spans if left < b and right > a]
        if len(under) > 1:
            glued.update(under)
        elif under:
            found.setdefault(under[0], []).append((left, word))
    del np
    return {
        slot: _nfc(" ".join(w for _, w in sorted(words)))
        for slot, words in found.items()
        if slot not in glued
    }


def _pil(array: Any) -> Any:
    from PIL import Image

    return Image.fromarray(array)


_SPACES = re.compile(r"[ \t]+")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text))
