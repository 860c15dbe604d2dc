"""YAML front matter: the fields at the top of an article, and the dates and URLs it (and HTML) gives.

A small parser of its own, not a YAML library: front matter written by hand
is often broken (no closing ``---``, an unclosed quote, a rule in the text
taken for the closing line), and each broken line is reported and skipped
instead of losing the whole block.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FrontMatter:
    """What the front matter says about the article (None or () where it says nothing)."""

    title: str | None = None
    date: str | None = None          # ISO date
    source: str | None = None        # an absolute http(s) URL
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


_FM_OPEN = re.compile(r"\A(?:[ \t]*\n)*---[ \t]*\n")
_FM_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
_FM_MAX_LINES = 200
_FM_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*:(?:[ \t]+(.*)|[ \t]*)$")
_DATE = re.compile(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)|\s*(\d{4})(\d{2})(\d{2})(?!\d)")
_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/", "'": "'"}


def shorten(value: str, limit: int = 60) -> str:
    """``value`` stripped and cut to ``limit`` characters (… marks the cut): messages quote it."""
    value = value.strip()
    return value if len(value) <= limit else value[:limit - 1] + "…"


def iso_date(value: str) -> str | None:
    """'2022-01-25 09:36:06 +0800' -> '2022-01-25'; None when ``value`` does not start with a date."""
    m = _DATE.match(value)
    if not m:
        return None
    y, mo, d = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
    try:
        return _dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def _scalar(raw: str) -> str | None:
    """A YAML scalar's value: quotes removed, escapes applied, a plain scalar's ``# comment`` cut."""
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(0)), raw[1:-1])
    if len(raw) >= 2 and raw[0] == raw[-1] == "'":
        return raw[1:-1].replace("''", "'")
    if raw[:1] in ("\"", "'"):
        return None                      # an unclosed quote
    return re.split(r"[ \t]#", raw, maxsplit=1)[0].strip()


def _split_flow(inner: str) -> list[str]:
    """The items of a ``[a, "b, c", d]`` list, commas inside quotes kept."""
    items, buf, quote = [], [], ""
    for c in inner:
        if quote:
            buf.append(c)
            if c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
            buf.append(c)
        elif c in ",，":
            items.append("".join(buf))
            buf = []
        else:
            buf.append(c)
    items.append("".join(buf))
    return [item.strip() for item in items if item.strip()]


def _value(raw: str):
    """str, list of str, or None (empty / cannot parse)."""
    raw = raw.strip()
    if raw.startswith("["):
        if not raw.endswith("]"):
            raise ValueError("unclosed [")
        values = [_scalar(item) for item in _split_flow(raw[1:-1])]
        if any(v is None for v in values):
            raise ValueError("unclosed quote")
        return values
    if raw.startswith("{"):
        raise ValueError("nested mapping")
    value = _scalar(raw)
    if value is None:
        raise ValueError("unclosed quote")
    return value


def _parse_block(lines: list[str], first_line: int) -> tuple[dict, list[str], int]:
    """Parse ``key: value`` lines; returns (fields, warnings, count of lines understood)."""
    fields: dict = {}
    warnings: list[str] = []
    key = None
    understood = 0
    for number, line in enumerate(lines, first_line):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        m = _FM_KEY.match(line)
        if m:
            key = m.group(1).lower()
            raw = (m.group(2) or "").strip()
            if raw[:1] in ("|", ">") and len(raw) <= 2:
                fields[key] = ""             # block scalar: indented lines follow
            elif raw:
                try:
                    fields[key] = _value(raw)
                except ValueError as exc:
                    fields.pop(key, None)
                    warnings.append(f"front matter line {number} not understood ({exc}: {shorten(line)!r}); ignored")
                    continue
            else:
                fields[key] = None
            understood += 1
        elif key is not None and (s.startswith("- ") or s == "-") and (
                fields.get(key) is None or isinstance(fields[key], list)):
            try:
                item = _value(s[1:])
            except ValueError as exc:
                warnings.append(f"front matter line {number} not understood ({exc}: {shorten(line)!r}); ignored")
                continue
            fields[key] = (fields.get(key) or []) + (item if isinstance(item, list) else [item])
            understood += 1
        elif key is not None and line[:1] in (" ", "\t") and isinstance(fields.get(key), (str, type(None))):
            fields[key] = f"{fields[key]} {s}".strip() if fields[key] else s   # a folded long value
            understood += 1
        else:
            warnings.append(f"front matter line {number} not understood ({shorten(line)!r}); ignored")
    return fields, warnings, understood


def _text_after_fields(lines: list[str]) -> bool:
    """Whether the lines after the last ``key:`` line read as paragraphs (a blank line, or 3+ lines)."""
    last_key = max((i for i, line in enumerate(lines) if _FM_KEY.match(line)), default=-1)
    tail = lines[last_key + 1:]
    if not any(line.strip() and line[:1] not in (" ", "\t", "-") for line in tail):
        return False
    return any(not line.strip() for line in tail) or sum(1 for line in tail if line.strip()) >= 3


def front_matter(text: str) -> tuple[FrontMatter, str, list[str]]:
    """Split front matter off the top of ``text``: (what it says, the rest of the text, warnings)."""
    fields, rest, warnings = _split(text)
    raw_date = _first_text(fields.get("date"))
    date = iso_date(raw_date) if raw_date else None
    if raw_date and date is None:
        warnings.append(f"front matter date {shorten(raw_date)!r} is not a date (expected YYYY-MM-DD); ignored")
    return FrontMatter(
        title=_first_text(fields.get("title")),
        date=date,
        source=next((u for u in (absolute_url(_first_text(fields.get(k))) for k in ("source", "url", "link"))
                     if u), None),
        categories=_items(fields.get("categories", fields.get("category"))),
        tags=_items(fields.get("tags", fields.get("tag"))),
    ), rest, warnings


def _split(text: str) -> tuple[dict, str, list[str]]:
    """Split YAML-like front matter off the top: (fields, rest of the text, warnings)."""
    m = _FM_OPEN.match(text)
    if not m:
        return {}, text, []
    first_line = text.count("\n", 0, m.end())          # line number (1-based) of the opening '---'
    start = m.end()
    head_end = start
    for _ in range(_FM_MAX_LINES):                     # the block is small: look at its first lines only
        nl = text.find("\n", head_end)
        if nl < 0:
            head_end = len(text)
            break
        head_end = nl + 1
    close = _FM_CLOSE.search(text, start, head_end)
    if close:
        block = text[start:close.start()]
        rest_at = text.find("\n", close.end())
        rest = text[rest_at + 1:] if rest_at >= 0 else ""
        lines = block.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        fields, warnings, understood = _parse_block(lines, first_line + 1)
        if understood == 0 and lines:
            return {}, block + "\n" + rest, [
                f"front matter (lines {first_line}-{first_line + len(lines) + 1}) has no 'key: value' line; "
                f"kept it as text"]
        if not _text_after_fields(lines):
            return fields, rest, warnings
        # Paragraphs of text after the fields: the '---' found is a rule in the text, the block is not closed.
    # No closing line: the leading 'key: value' lines are the metadata, the rest is text.
    lines = text[start:head_end].split("\n")
    taken = 0
    for line in lines:
        if _FM_KEY.match(line) or (taken and line[:1] in (" ", "\t", "-") and line.strip()):
            taken += 1
        else:
            break
    fields, warnings, _ = _parse_block(lines[:taken], first_line + 1)
    at = start
    for _ in range(taken):
        nl = text.find("\n", at)
        at = nl + 1 if nl >= 0 else len(text)
    rest = text[at:]
    warnings.insert(0, f"front matter has no closing '---' line; read {len(fields)} field(s) from "
                       f"lines {first_line + 1}-{first_line + taken} and kept the rest as text"
                    if taken else "front matter has no closing '---' line and no 'key: value' line; "
                                  "kept it as text")
    return fields, rest, warnings


def _items(value) -> tuple[str, ...]:
    """Categories or tags: a list, or a string split on commas (else on whitespace) as Jekyll does."""
    if value is None:
        return ()
    if isinstance(value, list):
        parts = [str(v).strip() for v in value]
    else:
        parts = re.split(r"[,，]" if re.search(r"[,，]", value) else r"\s+", value)
    seen: dict[str, None] = {}
    for part in parts:
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return tuple(seen)


def _first_text(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None:
        return None
    value = " ".join(str(value).split())
    return value or None


def absolute_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL, else None."""
    return url if url and re.match(r"https?://\S+$", url) else None
