"""TCVN 5712:1993 VN3 ("TCVN3", "ABC") byte-to-Unicode table, kept as data.

Python ships no codec for the pre-Unicode Vietnamese national encoding, yet
provincial offices still circulate plans typed in ABC fonts (.VnTime and
friends). The table below is the standard's, written out once so the decoder
can use the C-speed ``codecs.charmap_decode`` and tests can check every entry
against an independent implementation (glibc's TCVN5712-1).

What the table covers, and why:

* VN3 proper: ASCII unchanged, the no-break space, 67 lower-case Vietnamese
  letters and the seven tone-less capitals Ă Â Ê Ô Ơ Ư Đ. VN3 has no capital
  vowel *with* a tone: ABC users switched to an all-capital font (.VnTimeH)
  and typed the lower-case codes, so "ỦY BAN" comes back as "ủY BAN". The
  case is lost in the bytes and cannot be recovered from them.
* VN2 extras in the same high half (the five combining tone marks at
  0xB0-0xB4 and the capitals VN2 places in the gaps of VN3): a superset costs
  nothing, since no VN3 text uses those bytes otherwise.
* 0x80-0x9F: VN3 leaves the C1 range alone, but TCVN3 text files were saved
  by Windows programs through the Western code page, so the curly quotes,
  dashes and ellipsis there follow Windows-1252. Bytes that Windows-1252
  leaves undefined stay undefined.
"""

from __future__ import annotations

import codecs

# High half (0x80-0xFF) of the table; ASCII maps to itself. Laid out in the
# standard's groups (one vowel and its five tones a line), hence fmt: off.
# fmt: off
TCVN3_HIGH: dict[int, str] = {
    # 0x80-0x9F: Windows-1252 punctuation (see module docstring)
    0x80: "€", 0x82: "‚", 0x83: "ƒ", 0x84: "„", 0x85: "…", 0x86: "†", 0x87: "‡",
    0x88: "ˆ", 0x89: "‰", 0x8A: "Š", 0x8B: "‹", 0x8C: "Œ", 0x8E: "Ž",
    0x91: "‘", 0x92: "’", 0x93: "“", 0x94: "”", 0x95: "•", 0x96: "–", 0x97: "—",
    0x98: "˜", 0x99: "™", 0x9A: "š", 0x9B: "›", 0x9C: "œ", 0x9E: "ž", 0x9F: "Ÿ",
    # VN3: no-break space and the seven tone-less capitals
    0xA0: "\u00a0",
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    # VN3: tone-less lower-case letters
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    # VN2: capital in a VN3 gap
    0xAF: "Ằ",
    # VN2: combining tone marks (grave, hook above, tilde, acute, dot below)
    0xB0: "\u0300", 0xB1: "\u0309", 0xB2: "\u0303", 0xB3: "\u0301", 0xB4: "\u0323",
    # VN3: a with tones
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBA: "Ẳ",  # VN2
    # VN3: ă with tones
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ",
    # VN2 capitals
    0xBF: "Ẵ", 0xC0: "Ắ", 0xC1: "Ầ", 0xC2: "Ẩ", 0xC3: "Ẫ", 0xC4: "Ấ", 0xC5: "Ề",
    0xC6: "ặ",
    # VN3: â with tones
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    # VN3: e with tones
    0xCC: "è",
    0xCD: "Ể",  # VN2
    0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    # VN3: ê with tones
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    # VN3: i with tones (ĩ í ị after the VN2 capitals)
    0xD7: "ì", 0xD8: "ỉ",
    0xD9: "Ễ", 0xDA: "Ế", 0xDB: "Ồ",  # VN2
    0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    # VN3: o with tones
    0xDF: "ò",
    0xE0: "Ổ",  # VN2
    0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    # VN3: ô with tones
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    # VN3: ơ with tones
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    # VN3: u with tones
    0xEF: "ù",
    0xF0: "Ỗ",  # VN2
    0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    # VN3: ư with tones
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    # VN3: y with tones
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
    0xFF: "Ố",  # VN2
}
# fmt: on

# Bytes left undefined decode to U+FFFE, which charmap_decode treats as an error.
DECODING_TABLE: str = "".join(chr(b) if b < 0x80 else TCVN3_HIGH.get(b, "\ufffe") for b in range(256))


def decode_tcvn3(data: bytes) -> str:
    """Raises UnicodeDecodeError on a byte the table leaves undefined, like any codec."""
    return codecs.charmap_decode(data, "strict", DECODING_TABLE)[0]
