"""Refuse a DTD or an entity declaration in an XML part whatever encoding it is written in.

Why (issue 22): the DOCX XXE check parsed each part with defusedxml, and a `document.xml` written in
UTF-16 but declared as UTF-8 failed that parse, so it was taken for harmless malformed XML and
skipped — while lxml (python-docx's parser) reads UTF-16 from its byte order mark. The check must
parse what python-docx parses: so lxml itself, with entities, DTD loading and network off, is asked
whether the part has a DOCTYPE; and, whatever any parser makes of it, the bytes are searched for
`<!DOCTYPE` / `<!ENTITY` as UTF-8, UTF-16 and UTF-32 (both byte orders).
"""

from __future__ import annotations

import re

from lxml import etree

_DECLARATION = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.I)
_ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")


def declares_dtd(part: bytes) -> bool:
    """Whether the XML bytes carry a DOCTYPE or an ENTITY declaration, in any encoding."""
    for encoding in _ENCODINGS:
        if _DECLARATION.search(part.decode(encoding, "ignore")):
            return True
    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, dtd_validation=False, huge_tree=False
    )
    try:
        tree = etree.fromstring(part, parser).getroottree()
    except (etree.XMLSyntaxError, ValueError):
        return False  # lxml cannot read it: python-docx cannot either, and reports it
    info = tree.docinfo
    return bool(info.doctype or info.internalDTD is not None or info.system_url)
