"""Bytes to text: the encoding found, then the characters kg keeps.

A byte order mark decides first; then binary files (by magic number, NUL or
control bytes) are refused, UTF-16 without a byte order mark is recognised,
and UTF-8, GBK/GB18030 and charset-normalizer's guess are tried in that order.
A file cut inside its last character loses that character, with a warning.
"""
from __future__ import annotations

import codecs
import re


class SkipFile(Exception):
    """The file is not turned into a document, for ``reason`` (``read_file`` reports it as skipped)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = (
    (b"%PDF-", "PDF"), (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Office document"), (b"\x89PNG\r\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"), (b"GIF87a", "GIF image"), (b"GIF89a", "GIF image"),
    (b"\x1f\x8b", "gzip archive"), (b"7z\xbc\xaf\x27\x1c", "7z archive"), (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "program"), (b"SQLite format 3\x00", "SQLite database"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0b\x0c\x1b")
_SAMPLE = 1 << 16


def _decode_with_unit(data: bytes, encoding: str, unit: int) -> tuple[str, list[str]]:
    """Decode UTF-16/32 strictly; an incomplete last code unit is dropped with a warning."""
    extra = len(data) % unit
    warnings = []
    if extra:
        data = data[:-extra]
        warnings.append(f"file ends in the middle of a {encoding} character; dropped the last {extra} byte(s)")
    return data.decode(encoding), warnings


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the NUL bytes fall on one side of the code units (ASCII in UTF-16)."""
    n = len(sample) - len(sample) % 2
    even, odd = sample[0:n:2].count(0), sample[1:n:2].count(0)
    if odd >= 8 and odd >= 4 * even:
        return "utf-16-le"
    if even >= 8 and even >= 4 * odd:
        return "utf-16-be"
    return None


# What Chinese prose is made of: ASCII, general and CJK punctuation, CJK ideographs, full-width forms.
_CHINESE_TEXT = re.compile(r"[\t\n\r -~\u00b7\u2000-\u206f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_UTF16_MIN_IDEOGRAPHS = 16


def _utf16_chinese(raw: bytes) -> tuple[str, str, list[str]] | None:
    """(text, encoding, warnings) for Chinese in UTF-16 without a byte order mark, else None.

    ``_utf16_without_bom`` needs the NUL bytes of ASCII, which an all-Chinese text lacks. Read in
    the right byte order such a text is ideographs and punctuation only; read in the wrong one, or
    read from GBK, UTF-8 or random bytes, a third to two thirds of its characters are of other
    scripts. At least ``_UTF16_MIN_IDEOGRAPHS`` ideographs and 95% of such characters are asked for
    (random bytes pass with a chance below 1e-6).
    """
    sample = raw[:_SAMPLE]
    sample = sample[:len(sample) - len(sample) % 2]
    for encoding in ("utf-16-le", "utf-16-be"):
        text = sample.decode(encoding, "replace")
        if (len(_IDEOGRAPH.findall(text)) >= _UTF16_MIN_IDEOGRAPHS
                and len(_CHINESE_TEXT.findall(text)) >= 0.95 * len(text)):
            try:
                text, warnings = _decode_with_unit(raw, encoding, 2)
            except UnicodeDecodeError:
                return None
            return text, encoding, warnings
    return None


def _plausible_ratio(text: str) -> float:
    """Share of characters that text in Chinese or a Latin script is made of (for UTF-16 guesses)."""
    if not text:
        return 1.0
    bad = sum(1 for c in text if (c < " " and c not in "\t\n\r") or "\ue000" <= c <= "\uf8ff"
              or "\ud800" <= c <= "\udfff" or c == "\ufffd")
    return 1 - bad / len(text)


def decode(raw: bytes) -> tuple[str, str, list[str]]:
    """(text, encoding, warnings); raises ``SkipFile`` for binary or undecodable bytes."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom):]
            if encoding == "utf-8-sig":
                try:
                    return body.decode("utf-8"), encoding, []
                except UnicodeDecodeError:
                    text = body.decode("utf-8", "replace")
                    return text, encoding, [f"{text.count(chr(0xFFFD))} undecodable byte(s) replaced with U+FFFD"]
            unit = 4 if encoding.startswith("utf-32") else 2
            try:
                text, warnings = _decode_with_unit(body, encoding, unit)
            except UnicodeDecodeError:
                raise SkipFile(f"cannot decode: starts with a {encoding} byte order mark "
                            f"but is not {encoding}") from None
            return text, encoding, warnings

    head = raw[:64]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise SkipFile(f"binary file ({kind}), not text")
    sample = raw[:_SAMPLE]
    if sample.count(0) > len(sample) // 1000:     # NULs: UTF-16 or binary (a stray one is dropped)
        encoding = _utf16_without_bom(sample)
        if encoding:
            try:
                text, warnings = _decode_with_unit(raw, encoding, 2)
            except UnicodeDecodeError:
                text = None
            if text is not None and _plausible_ratio(text[:_SAMPLE]) > 0.95:
                return text, encoding, warnings
        chinese = _utf16_chinese(raw)
        if chinese:
            return chinese
        raise SkipFile("binary file (NUL bytes), not text")
    controls = sum(sample.count(b) for b in _CONTROL_BYTES)
    if controls > len(sample) * 0.05:
        chinese = _utf16_chinese(raw)
        if chinese:
            return chinese
        raise SkipFile("binary file (control characters), not text")

    decoded = _strict(raw, "utf-8")
    if decoded:
        return decoded
    # UTF-8 with a few damaged bytes is still UTF-8 (GBK read as UTF-8 fails on most characters).
    text = raw.decode("utf-8", "replace")
    replaced = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if replaced * 20 <= non_ascii:
        return text, "utf-8", [f"{replaced} undecodable byte(s) replaced with U+FFFD"]
    del text
    for encoding in ("gbk", "gb18030"):
        decoded = _strict(raw, encoding)
        if decoded:
            if _gb2312_share(decoded[0]) < 0.75:
                # GB18030 decodes most double-byte text (Big5, Shift-JIS, UTF-16) into rare characters:
                # ask for better.
                guessed = _utf16_chinese(raw) or _guess(raw)
                if guessed and guessed[1].replace("_", "").lower() not in _GB_FAMILY:
                    return guessed
            return decoded
    guessed = _utf16_chinese(raw) or _guess(raw)
    if guessed:
        return guessed
    raise SkipFile("cannot decode: not UTF-8, GBK/GB18030 or UTF-16, and no other text encoding fits")


def _strict(raw: bytes, encoding: str) -> tuple[str, str, list[str]] | None:
    """Decode strictly; a file cut inside its last character loses that character, with a warning."""
    try:
        return raw.decode(encoding), encoding, []
    except UnicodeDecodeError as exc:
        if exc.start < len(raw) - 3 or exc.end != len(raw):
            return None
        try:
            text = raw[:exc.start].decode(encoding)
        except UnicodeDecodeError:
            return None
        return text, encoding, [f"file ends in the middle of a {encoding} character; "
                                f"dropped the last {len(raw) - exc.start} byte(s)"]


_GB_FAMILY = frozenset(("gb2312", "gbk", "gb18030", "cp936", "hz", "hzgb2312"))


def _gb2312_share(text: str) -> float:
    """Share of the non-ASCII characters (of a sample) that GB2312, the common simplified set, has."""
    sample = text[:_SAMPLE]
    non_ascii = len(sample) - len(sample.encode("ascii", "ignore"))
    if not non_ascii:
        return 1.0
    missing = sample.encode("gb2312", "replace").count(b"?") - sample.count("?")
    return 1 - missing / non_ascii


def _guess(raw: bytes) -> tuple[str, str, list[str]] | None:
    """charset-normalizer's best guess as (text, encoding, warnings), or None."""
    from charset_normalizer import from_bytes   # heavy, and only needed for odd files
    best = from_bytes(raw).best()
    if best is None:
        return None
    return str(best), best.encoding, [f"encoding not UTF-8 or GB18030; {best.encoding} guessed by charset-normalizer"]


# --------------------------------------------------------------------------- characters

_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b-\u200d\u2060\ufeff]")


def plain_text(text: str) -> str:
    """Decoded text as the reader works on it: one kind of line break (``\\n``), no byte order
    mark, control or zero-width characters (see ``clean_text``)."""
    text = text.lstrip("\ufeff")
    if _NEWLINES.search(text):
        text = _NEWLINES.sub("\n", text)
    return clean_text(text)


def clean_text(text: str) -> str:
    """Control and zero-width characters removed; tabs and no-break spaces made plain spaces."""
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    if "\t" in text:
        text = text.replace("\t", " ")
    if "\xa0" in text:
        text = text.replace("\xa0", " ")
    return text

