"""PNG of a page with the system's headless Chromium (Debian package), network off, for slides."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError
from ..outputs import write_output

WINDOW = (1920, 1200)


def chromium() -> str:
    path = (
        os.environ.get("DKG_CHROMIUM", "").strip()
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )
    if not path:
        raise InputError("--png", "needs Chromium (apt-get install chromium, or set DKG_CHROMIUM)")
    return path


def screenshot(html: str, png: Path, window: tuple[int, int] = WINDOW) -> None:
    """Open the page (print mode: no side panel) offline in headless Chromium and save a PNG."""
    with tempfile.TemporaryDirectory(prefix="dkg-viz-") as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(html, encoding="utf-8")
        out = Path(tmp) / "shot.png"
        cmd = [
            chromium(),
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-extensions",
            "--proxy-server=127.0.0.1:9",
            "--proxy-bypass-list=<-loopback>",
            f"--user-data-dir={tmp}/profile",
            f"--window-size={window[0]},{window[1]}",
            "--virtual-time-budget=8000",
            f"--screenshot={out}",
            page.as_uri() + "#print",
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise InputError(str(png), f"Chromium could not take the screenshot ({exc})") from None
        if proc.returncode != 0 or not out.is_file():
            tail = (proc.stderr or "").strip().splitlines()[-1:] or ["no output"]
            raise InputError(str(png), f"Chromium could not take the screenshot ({tail[0]})")
        write_output(png, out.read_bytes())
