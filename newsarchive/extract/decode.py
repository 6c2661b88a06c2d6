"""Bytes to text: explicit encoding, BOM, HTTP/meta charset, then detection."""
from __future__ import annotations

import codecs
import re

from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

from ..exceptions import DecodeError, EmptyDocumentError, NotHTMLError

__all__ = ["decode_html", "normalize_encoding"]

# Labels that browsers treat as a superset: a GB2312 page routinely holds GBK
# characters, and GBK pages hold GB18030 ones.
_SUPERSETS = {
    "gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030",
    "euc-cn": "gb18030", "cp936": "gb18030", "hz-gb-2312": "gb18030",
    "big5": "big5hkscs", "big5-hkscs": "big5hkscs", "cp950": "big5hkscs",
    "ascii": "utf-8", "us-ascii": "utf-8", "iso-8859-1": "cp1252", "latin-1": "cp1252",
}
_TAGISH = re.compile(r"<\s*(?:!doctype|html|head|body|meta|title|div|p|a|span|table|script|br)\b", re.IGNORECASE)
# C0 control bytes other than tab, newlines, form feed: rare in text, common in binary data
_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)


def normalize_encoding(label: str | None) -> str | None:
    """Map a charset label to the codec Python should decode it with, or None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _SUPERSETS:
        return _SUPERSETS[label]
    resolved = resolve_encoding(label)
    if not resolved:
        try:
            resolved = codecs.lookup(label).name
        except LookupError:
            return None
    resolved = resolved.lower()
    return _SUPERSETS.get(resolved, resolved)


_SINGLE_BYTE = frozenset(("cp1252", "iso8859-1", "latin-1", "iso8859-15", "windows-1252", "cp1251", "koi8-r"))


def _mostly_cjk(text: str) -> bool:
    high = [c for c in text if ord(c) > 127]
    if not high:
        return False
    cjk = sum(1 for c in high if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef")
    return cjk >= 0.8 * len(high)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return control > len(head) * 0.05


def decode_html(
    data: bytes | str,
    *,
    encoding: str | None = None,
    content_type: str | None = None,
    where: str = "<input>",
) -> tuple[str, str, list[str]]:
    """Return (text, encoding used, warnings). Raises for empty, binary or non-HTML input."""
    warnings: list[str] = []
    if isinstance(data, str):
        text = data
        used = "unicode"
    else:
        if not data.strip():
            raise EmptyDocumentError(f"{where}: empty document ({len(data)} bytes)")
        if _looks_binary(data):  # before decoding: detection on binary data is wasted work
            raise NotHTMLError(f"{where}: binary data, not HTML (first bytes {data[:8]!r})")
        text, used = _decode_bytes(data, encoding, content_type, where, warnings)
    if not text.strip():
        raise EmptyDocumentError(f"{where}: empty document")
    if not _TAGISH.search(text, 0, 200000):
        raise NotHTMLError(f"{where}: no HTML markup found in {len(text)} characters of text")
    return text, used, warnings


def _decode_bytes(
    data: bytes, encoding: str | None, content_type: str | None, where: str, warnings: list[str]
) -> tuple[str, str]:
    if encoding:
        codec = normalize_encoding(encoding)
        if codec is None:
            raise DecodeError(f"{where}: unknown encoding {encoding!r}")
        return data.decode(codec, errors="replace"), codec
    bom_encoding, bom = read_bom(data)
    if bom_encoding and bom:
        codec = normalize_encoding(bom_encoding) or "utf-8"
        return data[len(bom):].decode(codec, errors="replace"), codec
    declared = []
    if content_type:
        declared.append(normalize_encoding(http_content_type_encoding(content_type)))
    declared.append(normalize_encoding(html_body_declared_encoding(data[:16384])))
    declared_codecs = [d for d in declared if d]
    # Valid UTF-8 with non-ASCII bytes is almost never an accident, while GB18030
    # accepts nearly any byte string: so UTF-8 is tried first whatever the label says.
    utf8 = _strict(data, "utf-8")
    if utf8 is not None:
        if declared_codecs and declared_codecs[0] not in ("utf-8", "cp1252") and not data.isascii():
            warnings.append(f"declared charset {declared_codecs[0]} is wrong; decoded as utf-8")
        return utf8, "utf-8"
    for codec in declared_codecs:
        if codec in _SINGLE_BYTE:
            # Servers default to Latin-1; a page whose high bytes read as Chinese is Chinese.
            gb = _strict(data, "gb18030")
            if gb is not None and _mostly_cjk(gb):
                warnings.append(f"declared charset {codec} is wrong; decoded as gb18030")
                return gb, "gb18030"
        text = _strict(data, codec)
        if text is not None:
            return text, codec
    for codec in ("gb18030", "big5hkscs"):
        text = _strict(data, codec)
        if text is not None:
            if declared_codecs:
                warnings.append(f"declared charset {declared_codecs[0]} is wrong; decoded as {codec}")
            return text, codec
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200000]).best()
    except Exception:  # detection is a best effort
        best = None
    codec = normalize_encoding(best.encoding) if best is not None else None
    if codec is None:
        codec = declared_codecs[0] if declared_codecs else "utf-8"
    warnings.append(f"undecodable bytes replaced while decoding as {codec}")
    return data.decode(codec, errors="replace"), codec
