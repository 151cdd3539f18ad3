"""Extraction time against input size (0.1–10 MB): linear code keeps the throughput flat.

Why (issue 22): the citation clause scan and the header parser rescanned from the start of the text
for every citation / every position, so an 800 KB file of repeated citations took 44 s and a 20 MiB
one-line file 8 minutes. This benchmark writes two kinds of document of each size and times
`extract_file` on each, in this process, one run each:

* `citations`: a real plan shape whose body repeats citation paragraphs ("Thực hiện Kế hoạch số …
  ngày … của …; Căn cứ …"), one paragraph per line;
* `one-line`: the same words with no line break at all (the header parser's worst case).

Usage: `python -m bench.extract_size [--sizes 0.1,0.3,1,3,10] [--kinds citations,one-line]`; prints a
Markdown table (seconds, MB/s, and documents/s counted in 100 KB documents, which should stay flat).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

HEAD = (
    "ĐẢNG BỘ TỈNH NGHỆ AN                 ĐẢNG CỘNG SẢN VIỆT NAM\n"
    "ĐẢNG ỦY XÃ HƯNG NGUYÊN\n*\n"
    "Số 12-KH/ĐU                          Hưng Nguyên, ngày 05 tháng 8 năm 2025\n\n"
    "KẾ HOẠCH\nthực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị\n\n"
)
PARAGRAPH = (
    "Thực hiện Kế hoạch số {n}-KH/TU ngày 24/4/2025 của Ban Chấp hành Đảng bộ tỉnh; căn cứ Nghị quyết "
    "số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị và Quyết định số {n}/QĐ-UBND ngày 03/6/2025 của "
    "UBND tỉnh, Văn phòng Đảng ủy chủ trì triển khai nhiệm vụ chuyển đổi số nội dung {n}"
)


def document(size: int, one_line: bool) -> str:
    """A plan of about `size` bytes (UTF-8) whose body is citation paragraphs."""
    parts = [HEAD, "II. NHIỆM VỤ, GIẢI PHÁP\n"]
    total = sum(len(p.encode()) for p in parts)
    n = 1
    sep = " " if one_line else ".\n"
    while total < size:
        text = PARAGRAPH.format(n=100 + n % 800) + sep
        parts.append(text)
        total += len(text.encode())
        n += 1
    text = "".join(parts)
    return text.replace("\n", " ") if one_line else text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.1,0.3,1,3,10", help="MB (10^6 bytes), comma-separated")
    parser.add_argument("--kinds", default="citations,one-line")
    args = parser.parse_args()
    import os

    os.environ.setdefault("DKG_MAX_BYTES", str(64 * 1024 * 1024))
    from directive_kg.loaders import extract_file

    print("| kind | size (MB) | seconds | MB/s | documents/s (100 KB documents) |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="dkg-size-") as tmp:
        warm = Path(tmp) / "warm-up.txt"  # imports, catalog and lexicon loads are not timed
        warm.write_text(document(10_000, False), encoding="utf-8")
        extract_file(warm)
        for kind in args.kinds.split(","):
            for mb in (float(s) for s in args.sizes.split(",")):
                path = Path(tmp) / f"{kind}-{mb}.txt"
                path.write_text(document(int(mb * 1e6), kind == "one-line"), encoding="utf-8")
                began = time.perf_counter()
                extract_file(path)
                seconds = time.perf_counter() - began
                rate = mb / seconds
                print(f"| {kind} | {mb:g} | {seconds:.2f} | {rate:.2f} | {rate * 10:.1f} |", flush=True)


if __name__ == "__main__":
    main()
