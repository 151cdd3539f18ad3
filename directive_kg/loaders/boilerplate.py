"""Find the site boilerplate around a document copied from a web page, so that it yields no fact.

A legal-database page wraps the document in text of its own: a metadata block
("Số hiệu: | 624/TB-VPCP | Ngày ban hành: …") and a copyright notice before the
header, a list of related documents, contact details, login notices and a
privacy-policy text (which cites decrees of its own) after the signature, and
"Lưu trữ / Ghi chú / Ý kiến" buttons. None of it is the document: its dates,
numbers and citations must not become facts. The lines are blanked for
matching (the raw lines stay for provenance); line numbers do not move.
"""

from __future__ import annotations

import re

from .ocr import fold_aligned

# A line (folded, markup removed) that only a website prints. Anchored, so that running text that
# happens to contain "ý kiến" or "lưu trữ" is never taken for boilerplate.
_SITE_LINE = re.compile(
    r"^(?:"
    r"thu vien phap luat\b.*|.*\bthu ?vien ?phap ?luat(?:\.vn)?\b.*"
    r"|ban dich nay thuoc quyen so huu.*|.*\bcopyright\b.*|.*\bban quyen\b.*"
    r"|van ban nay chua cap nhat.*|#*\s*van ban lien quan.*|noi dung sua doi, huong dan.*"
    r"|cac noi dung duoc sua doi, huong dan.*|dang tai van ban.*|click (?:vao|trai|phai).*"
    r"|file (?:duoc )?dinh kem theo van ban.*|file attached to document.*"
    r"|(?:so hieu|loai van ban|noi ban hanh|nguoi ky|ngay ban hanh|ngay hieu luc|ngay cong bao"
    r"|so cong bao|tinh trang|dia chi|dien thoai|e-?mail|ma so thue|hieu luc|cap nhat|ban hanh):\s*.{0,40}"
    r"|.*\bbi dang xuat\b.*|.*\bdang nhap (?:vao|qua nhieu)\b.*|.*\btai khoan (?:cua (?:ban|quy khach)|hien da)\b.*"
    r"|.*\bquy (?:khach|thanh vien)\b.*|.*\bchinh sach (?:bao mat|rieng tu)\b.*"
    r"|.*\bthoa thuan bao ve du lieu ca nhan\b.*|cam on da dung.*"
    r"|luu tru|ghi chu|y kien|chu thich:?|theo doi van ban|tai ve|in van ban|chia se"
    r")$"
)
# The opening of the document's own header: the national motto or the Party's name.
_MOTTO = re.compile(r"cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia\s+viet\s+nam|dang\s+cong\s+san\s+viet\s+nam")
_MARKUP = re.compile(r"[*_#|]+")


def _clean(folded: str) -> str:
    return " ".join(_MARKUP.sub(" ", folded).split())


def site_lines(lines: list[str]) -> set[int]:
    """0-based indexes of the lines that belong to the website, not to the document.

    Three parts: every line that only a site prints (anchored patterns above); everything before
    the document's header block when the page puts site text there; and everything from the first
    site line after the document's last words to the end (a trailing block of related documents,
    contacts and notices, whatever its lines say).
    """
    folded = [_clean(fold_aligned(line)) for line in lines]
    marked = {i for i, f in enumerate(folded) if f and _SITE_LINE.match(f)}
    if not marked:
        return set()
    start = _header_start(folded)
    if start is not None and any(i < start for i in marked):
        marked.update(range(start))
    tail = _trailing_start(folded, marked, start or 0)
    if tail is not None:
        marked.update(range(tail, len(lines)))
    return marked


def _header_start(folded: list[str]) -> int | None:
    """Index of the first line of the issuer block that stands before the national motto."""
    joined, owners = "", []
    limit = min(len(folded), 400)
    for i in range(limit):
        joined += folded[i] + " "
        owners.extend([i] * (len(folded[i]) + 1))
    m = _MOTTO.search(joined)
    if not m:
        return None
    motto_line = owners[m.start()]
    # the issuer block: the non-empty lines just above the motto, up to a cell break ("|") or a blank
    start = motto_line
    for i in range(motto_line - 1, max(-1, motto_line - 8), -1):
        f = folded[i]
        if not f or re.fullmatch(r"-{3,}", f):
            if start < motto_line:
                break
            continue
        start = i
    return start


def _trailing_start(folded: list[str], marked: set[int], start: int) -> int | None:
    """First line of the trailing site block: a site line after which no document text follows.

    The document ends with its signature or its last annex; a site block there holds mostly
    site lines and short metadata. The first site line from which site lines outnumber the
    document-like lines (longer than six words, not a site line) starts the block.
    """
    for i in sorted(marked):
        if i <= start + 5:
            continue
        rest = range(i, len(folded))
        site = sum(1 for j in rest if j in marked)
        prose = sum(1 for j in rest if j not in marked and len(folded[j].split()) > 6)
        if site >= 3 and site * 2 >= prose:
            # a site title line just above ("Thông báo 624/TB-VPCP năm 2025 … do … ban hành")
            k = i
            while k - 1 > start and folded[k - 1].endswith("ban hanh") and len(folded[k - 1].split()) > 6:
                k -= 1
            return k
    return None
