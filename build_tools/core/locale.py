"""The interface's words: build_tools/data/locale/kk.yaml, and dates as the interface writes them."""

from __future__ import annotations

import functools
from pathlib import Path

from .errors import EditionError
from .yamlio import Mapping, parse_yaml

LOCALE_FILE = Path(__file__).resolve().parents[1] / "data" / "locale" / "kk.yaml"

# The strings the site's scripts use (docs/assets/*.js read window.EditionData.strings[key]).
JAVASCRIPT_KEYS = (
    "cite_this.url_placeholder",
    "english.toggle",
    "english.toggle_title",
    "notes.marker_label",
    "notes.popover_close",
    "scripts.copied",
    "scripts.copy",
    "scripts.marks_toggle",
    "scripts.marks_toggle_title",
    "scripts.original_toggle",
    "scripts.original_toggle_title",
    "scripts.paragraph_link_copied",
    "scripts.table_scroll",
    # the search dialog (docs/assets/search/edition-search.js)
    "search.hint",
    "search.none",
    "search.count",
    "search.forms",
    "search.error",
    "search.kinds.text",
    "search.kinds.commentary",
    "search.kinds.glossary",
    "search.kinds.chronology",
)


@functools.lru_cache(maxsize=None)
def strings() -> Mapping:
    """The locale file, read once."""
    return parse_yaml(LOCALE_FILE.read_text(encoding="utf-8"), LOCALE_FILE)


def _lookup(key: str):
    """The value at a dotted key; a missing key names the file and the nearest line."""
    node, line = strings(), 0
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise EditionError(
                LOCALE_FILE, f"no interface string {key!r} (missing {part!r})", line or getattr(node, "line", 0),
                hint=f"add `{key}` to the locale file, or correct the key in the code",
            )
        line = node.line_of(part) if isinstance(node, Mapping) else line
        node = node[part]
    return node, line


def _not_strings(key: str, line: int, what: str) -> EditionError:
    return EditionError(LOCALE_FILE, f"interface string {key!r} must be {what}", line, hint="quote the value")


def t(key: str, **values) -> str:
    """The string at ``key``; ``{name}`` placeholders filled from ``values``."""
    text, line = _lookup(key)
    if not isinstance(text, str):
        raise _not_strings(key, line, "a string")
    if not values:
        return text
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        raise EditionError(LOCALE_FILE, f"interface string {key!r}: bad placeholder ({exc})", line) from None


def t_map(key: str) -> dict[str, str]:
    """The mapping of strings at ``key`` (e.g. a label for every kind)."""
    node, line = _lookup(key)
    if not isinstance(node, dict) or not all(isinstance(v, str) for v in node.values()):
        raise _not_strings(key, line, "a mapping of strings")
    return dict(node)


def t_label(key: str, name: str, default: str | None = None) -> str:
    """The label of ``name`` in the mapping at ``key`` (a kind, a language); ``default``
    (``name`` itself unless given) where the locale file has none."""
    return t_map(key).get(name, name if default is None else default)


def t_keys(key: str) -> list[str]:
    """The keys of the mapping at ``key``, in the file's order (e.g. the kinds of change)."""
    node, line = _lookup(key)
    if not isinstance(node, dict):
        raise _not_strings(key, line, "a mapping")
    return list(node)


def t_list(key: str) -> list[str]:
    """The list of strings at ``key`` (e.g. the months)."""
    node, line = _lookup(key)
    if not isinstance(node, list) or not all(isinstance(v, str) for v in node):
        raise _not_strings(key, line, "a list of strings")
    return list(node)


def for_javascript() -> dict[str, str]:
    """The strings the site's scripts use, by dotted key."""
    return {key: t(key) for key in JAVASCRIPT_KEYS}


# --------------------------------------------------------------------------- dates


def format_date_kk(value: str) -> str:
    """'1991-12-16' -> '1991 ж. 16 желтоқсан' (a year, a month or a day)."""
    parts = value.split("-")
    year = parts[0]
    if len(parts) == 1:
        return t("dates.year", year=year)
    month = t_list("dates.months")[int(parts[1]) - 1]
    if len(parts) == 2:
        return t("dates.month", year=year, month=month)
    return t("dates.day", year=year, day=int(parts[2]), month=month)


def date_range_kk(start: str, end: str = "") -> str:
    """A date or a range of dates (two dates joined by an en dash)."""
    if end and end != start:
        return f"{format_date_kk(start)} – {format_date_kk(end)}"
    return format_date_kk(start)
