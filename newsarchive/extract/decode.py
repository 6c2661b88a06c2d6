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
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "x-gbk": "gb18030",
    "euc-cn": "gb18030",
    "cp936": "gb18030",
    "hz-gb-2312": "gb18030",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "cp950": "big5hkscs",
    "ascii": "utf-8",
    "us-ascii": "utf-8",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
}
_TAGISH = re.compile(
    r"<\s*(?:!doctype|html|head|body|meta|title|div|p|a|span|table|script|br)\b", re.IGNORECASE
)
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


_SINGLE_BYTE = frozenset(
    ("cp1252", "iso8859-1", "latin-1", "iso8859-15", "windows-1252", "cp1251", "koi8-r")
)


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
    """Over 5% control bytes in the first 8 KB (one stray NUL in a page is not binary)."""
    head = data[:8192]
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return control > len(head) * 0.05


def _sniff_wide(data: bytes) -> str | None:
    """UTF-16/32 without a BOM: ASCII markup leaves NUL bytes in fixed positions of each unit."""
    head = data[:4096]
    head = head[: len(head) - len(head) % 4]
    if len(head) < 16 or 0 not in head:  # every wide reading needs NUL bytes
        return None
    units4 = [head[i::4] for i in range(4)]
    zero = [u.count(0) / len(u) for u in units4]
    if zero[2] > 0.9 and zero[3] > 0.9 and zero[0] < 0.1:  # BMP code points: two zero bytes each
        return "utf-32-le"
    if zero[0] > 0.9 and zero[1] > 0.9 and zero[3] < 0.1:
        return "utf-32-be"
    odd, even = (zero[1] + zero[3]) / 2, (zero[0] + zero[2]) / 2
    if odd > 0.6 and even < 0.1:
        return "utf-16-le"
    if even > 0.6 and odd < 0.1:
        return "utf-16-be"
    return None


def decode_html(
    data: bytes | str,
    *,
    encoding: str | None = None,
    content_type: str | None = None,
    where: str = "<input>",
    template_encoding: str | None = None,
) -> tuple[str, str, list[str]]:
    """Return (text, encoding used, warnings). Raises for empty, binary or non-HTML input.

    ``template_encoding`` is the codec a profile names for the page's template (an induced
    profile: the codec every page it was learned from decoded in without a doubt). A page
    that decodes cleanly in it is not checked again for Big5 bytes under a GB label: that
    check reads up to 5,000 ideographs of every page, and the template's pages share one
    charset.
    """
    warnings: list[str] = []
    if isinstance(data, str):
        text = data
        used = "unicode"
    else:
        if not data.strip():
            raise EmptyDocumentError(f"{where}: empty document ({len(data)} bytes)")
        forced = normalize_encoding(encoding) if encoding else None
        wide = (_wide_bom(data) or _sniff_wide(data)) if not encoding else None
        if forced and forced.startswith(("utf-16", "utf-32")):
            wide = forced
        if wide is None and _looks_binary(
            data
        ):  # before decoding: detection on binary data is wasted work
            raise NotHTMLError(f"{where}: binary data, not HTML (first bytes {data[:8]!r})")
        if wide is not None:  # UTF-16/32 text is half or more NUL bytes: not binary
            text, used = data.decode(wide, errors="replace").lstrip("\ufeff"), wide
        else:
            text, used = _decode_bytes(
                data, encoding, content_type, where, warnings, normalize_encoding(template_encoding)
            )
    if not text.strip():
        raise EmptyDocumentError(f"{where}: empty document")
    if not _TAGISH.search(text):  # anywhere: a page may open with 200k characters of text
        raise NotHTMLError(f"{where}: no HTML markup found in {len(text)} characters of text")
    return text, used, warnings


def _wide_bom(data: bytes) -> str | None:
    """The UTF-16/32 codec a byte-order mark names (UTF-32 first: its LE mark starts like UTF-16's)."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return codec
    return None


def _decode_bytes(
    data: bytes,
    encoding: str | None,
    content_type: str | None,
    where: str,
    warnings: list[str],
    checked: str | None = None,
) -> tuple[str, str]:
    if encoding:
        codec = normalize_encoding(encoding)
        if codec is None:
            raise DecodeError(f"{where}: unknown encoding {encoding!r}")
        return data.decode(codec, errors="replace"), codec
    bom_encoding, bom = read_bom(data)
    if bom_encoding and bom:
        codec = normalize_encoding(bom_encoding) or "utf-8"
        return data[len(bom) :].decode(codec, errors="replace"), codec
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
    found = _by_label(data, declared_codecs, warnings, checked)
    if found is not None:
        return found
    for codec in ("gb18030", "big5hkscs"):
        text = _strict(data, codec)
        if text is not None:
            if codec == "gb18030" and checked != codec:
                text, codec = _gb_or_big5(data, text, [])
            if declared_codecs:
                warnings.append(
                    f"declared charset {declared_codecs[0]} is wrong; decoded as {codec}"
                )
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


def _by_label(
    data: bytes, declared_codecs: list[str], warnings: list[str], checked: str | None = None
) -> tuple[str, str] | None:
    """The first declared codec the bytes decode with, or None."""
    for codec in declared_codecs:
        if codec in _SINGLE_BYTE:
            # Servers default to Latin-1; a page whose high bytes read as Chinese is Chinese.
            gb = _strict(data, "gb18030")
            if gb is not None and _mostly_cjk(gb):
                warnings.append(f"declared charset {codec} is wrong; decoded as gb18030")
                return gb, "gb18030"
        text = _strict(data, codec)
        if text is not None:
            if codec == "gb18030" and checked != codec:
                return _gb_or_big5(data, text, warnings)
            return text, codec
    return None


_NOT_IDEOGRAPH = re.compile(r"[^\u4e00-\u9fff]+")
_CJK_TEXT = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _common_share(text: str) -> tuple[float, int]:
    """Share of the (first 5,000) ideographs that are in GB2312's 6,763 common ones, and how many."""
    # everything else cut out, 20k characters at a time until 5,000 are found: the same first
    # 5,000 as one findall over 200k characters, without a string per ideograph
    kept: list[str] = []
    found = 0
    end = min(len(text), 200_000)
    for start in range(0, end, 20_000):
        kept.append(_NOT_IDEOGRAPH.sub("", text[start : min(start + 20_000, end)]))
        found += len(kept[-1])
        if found >= 5000:
            break
    ideographs = "".join(kept)[:5000]
    if not ideographs:
        return 1.0, 0
    common = len(ideographs.encode("gb2312", errors="ignore")) // 2
    return common / len(ideographs), len(ideographs)


def _cjk_share(text: str) -> float:
    """Share of the non-ASCII characters that are ideographs or CJK punctuation (mojibake has kana, symbols)."""
    sample = text[:200_000]
    high = sum(1 for c in sample if c > "\x7f")
    return len(_CJK_TEXT.findall(sample)) / high if high else 1.0


def _gb_or_big5(data: bytes, gb: str, warnings: list[str]) -> tuple[str, str]:
    """GB18030 accepts Big5 bytes, turning traditional Chinese into rare characters and kana.

    Genuine GB pages keep 97%+ of their ideographs in GB2312; under 90% with Big5 bytes
    that read as cleaner Chinese means the label is wrong.
    """
    share, count = _common_share(gb)
    if count < 20 or share >= 0.9:
        return gb, "gb18030"
    big5 = _strict(data, "big5hkscs")
    if big5 is not None and _cjk_share(big5) > _cjk_share(gb) + 0.05:
        warnings.append(
            "declared charset gb18030 is wrong: the bytes are Big5; decoded as big5hkscs"
        )
        return big5, "big5hkscs"
    warnings.append(
        f"decoded as gb18030, but only {share:.0%} of {count} ideographs are common ones: "
        "the page may be in another encoding"
    )
    return gb, "gb18030"
