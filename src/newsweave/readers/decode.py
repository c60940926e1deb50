"""Bytes to text: encoding detection, binary rejection and honest warnings.

Order of evidence: a byte-order mark, then UTF-16 without BOM (NUL bytes in every other position), then
strict UTF-8, then UTF-8 with a few bad bytes replaced (warned), then charset-normalizer's guess (warned).
Nothing is silently dropped: every lossy step adds a warning that is stored with the article.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ..errors import BinaryInput, EmptyInput
from ..normalize import strip_escape_sequences
from ..settings import BINARY_CONTROL_SHARE

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
# Magic numbers of formats people drop into a folder of articles by mistake.
_MAGIC = {
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"%PDF": "PDF document",
    b"PK\x03\x04": "ZIP archive (or Office document)",
    b"\x7fELF": "executable",
    b"SQLite format 3": "SQLite database",
}
# Share of invalid bytes up to which we keep UTF-8 and replace them, rather than guess another encoding.
# A UTF-8 file with a stray Latin-1 byte has one bad byte in thousands; a Latin-1/CP1251 file has many.
_UTF8_REPAIR_SHARE = 0.01
# Share of letters at which the script switches between CJK and the rest above which UTF-16/32 decoding is
# taken to have read 8-bit bytes in pairs. Real text switches at word boundaries at most (Chinese news quoting
# "CNN" switches twice in a few hundred letters); pairs of Latin bytes read as UTF-16 switch at ~50% of letters.
_WIDE_SWITCH_SHARE = 0.2
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _utf16_without_bom(head: bytes) -> str | None:
    """Spot UTF-16 without a byte-order mark: the NUL bytes of ASCII characters (spaces, digits, Latin
    letters) all fall on one parity, and the decoded text has spaces in it. Binary data fails one or the other.
    """
    even, odd = head[0::2].count(0), head[1::2].count(0)
    nuls = even + odd
    if nuls < max(2, len(head) // 50) or max(even, odd) < 0.9 * nuls:
        return None
    enc = "utf-16-le" if odd > even else "utf-16-be"
    sample = head[: len(head) // 2 * 2].decode(enc, errors="replace")
    spaces = sum(c.isspace() for c in sample)
    return enc if spaces >= 0.05 * len(sample) and not _CONTROL.search(sample) else None


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format of ``data`` when its first bytes give it away, else ``None``."""
    for magic, name in _MAGIC.items():
        if data.startswith(magic):
            return name
    return None


def decode(data: bytes, source: str, html: bool = False) -> tuple[str, str, list[str]]:
    """Decode ``data`` to text. Returns ``(text, encoding, warnings)``.

    Raises :class:`EmptyInput` for nothing but whitespace and :class:`BinaryInput` for non-text bytes.
    With ``html``, a ``<meta charset>`` declaration is honoured when it decodes cleanly.
    """
    if not data.strip():
        raise EmptyInput(source, "empty input (no text)")
    kind = sniff_binary(data)
    if kind:
        raise BinaryInput(source, f"binary content ({kind}), not an article")
    warnings: list[str] = []
    text, encoding = _decode(data, source, html, warnings)
    if not text.strip():
        raise EmptyInput(source, "empty input (no text)")
    controls = len(_CONTROL.findall(text[:100_000]))
    if controls > BINARY_CONTROL_SHARE * min(len(text), 100_000):
        raise BinaryInput(source, f"binary content ({controls} control characters), not text")
    if controls:  # an escape sequence goes whole, so no "[2J" is left behind in a title or a name
        text = _CONTROL.sub("", strip_escape_sequences(text))
        warnings.append(f"removed {controls} control characters")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding, warnings


def _wide(data: bytes, enc: str, source: str) -> tuple[str, str]:
    """``data`` decoded as UTF-16/32, refused when the result is not text: 8-bit bytes read two at a time (a
    byte-order mark before a file with a NUL every third byte) turn into CJK characters interleaved with Latin
    letters, a switch of script at nearly every letter, which no real text has."""
    text = data.decode(enc, errors="replace")
    letters = [c for c in text[:4000] if c.isalpha()]
    switches = sum((a < "\u3000") != (b < "\u3000") for a, b in zip(letters, letters[1:]))
    if letters and (switches > _WIDE_SWITCH_SHARE * len(letters) or text.count("\ufffd") > 0.1 * len(text)):
        raise BinaryInput(source, f"bytes do not decode as {enc} text (its byte-order mark or NUL bytes say "
                                  f"{enc}; the content does not); not text")
    return text, enc


def _decode(data: bytes, source: str, html: bool, warnings: list[str]) -> tuple[str, str]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            if enc == "utf-8":
                return data[len(bom):].decode(enc, errors="replace"), enc
            return _wide(data[len(bom):], enc, source)
    head = data[:4096]
    enc = _utf16_without_bom(head)
    if enc:
        return _wide(data, enc, source)
    if b"\x00" in head:
        raise BinaryInput(source, "binary content (NUL bytes), not text")
    if html:
        m = _META_CHARSET.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii", "replace").lower()
            try:
                return data.decode(declared), declared
            except (LookupError, UnicodeDecodeError):
                warnings.append(f"declared charset {declared!r} does not decode; detecting")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        first_bad = e.start
    repaired = data.decode("utf-8", errors="replace")
    replaced = repaired.count("\ufffd")
    if replaced <= max(1, _UTF8_REPAIR_SHARE * len(data)):
        warnings.append(f"invalid UTF-8 from byte {first_bad}: {replaced} bytes replaced with U+FFFD")
        return repaired, "utf-8"
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        enc = best.encoding
        warnings.append(f"not UTF-8; decoded as {enc} (detected)")
        return data.decode(enc, errors="replace"), enc
    warnings.append(f"invalid UTF-8 from byte {first_bad}: {replaced} bytes replaced with U+FFFD")
    return repaired, "utf-8"

