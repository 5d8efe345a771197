"""The ``structure:`` mapping of a texts.yaml entry: per-text structure overrides.

Structure is found by rules (:mod:`build_tools.structure.blocks`); what the rules
cannot know about one text is said here, as data, and validated with messages
that name texts.yaml and the line::

    structure:
      divisions: true                 # split into pages at КІРІСПЕ, chapters, ҚОРЫТЫНДЫ
      caption_words: [Кесте]          # words that open a table caption ("Кесте 3 - ...")
      run_in: true                    # detect run-in headings by rule ("Зерттеу нысаны. ...")
      run_in_headings:                # run-in headings the rule misses (exact, with the full stop)
        - "Зерттеуді апробациялау."
      not_run_in:                     # paragraph openings the rule must not take for headings
        - "Біржақты байланыстарда да ілгерілеу байқалды."
      table_captions:                 # editorial captions for tables that have none in the source
        - table: 7                    # the table's place among the text's tables (1 = first)
          caption: "Кесте 7 - ..."
          note: "why the editor gives it"
      nav_titles:                     # editorial titles for the navigation and the browser tab,
        1-tarau: "1. Теориялық негіздер"  # by division (its page name); the page keeps the source's heading
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.errors import EditionError

KNOWN_KEYS = {"divisions", "caption_words", "run_in", "run_in_headings", "not_run_in", "table_captions", "nav_titles"}
NAV_TITLE_MAX = 60  # characters: a navigation title fits two lines of the sidebar
CAPTION_KEYS = {"table", "caption", "note"}


@dataclass(frozen=True)
class TableCaption:
    table: int  # 1-based place among the text's tables
    caption: str
    note: str = ""


@dataclass(frozen=True)
class StructureOptions:
    divisions: bool | None = None  # None: the default for the text's kind
    caption_words: tuple[str, ...] = ()  # () : the defaults of structure/blocks.py
    run_in: bool = True
    run_in_headings: tuple[str, ...] = ()
    not_run_in: tuple[str, ...] = ()
    table_captions: tuple[TableCaption, ...] = ()
    nav_titles: tuple[tuple[str, str], ...] = ()  # (division slug, editorial navigation title)

    @classmethod
    def from_items(cls, items) -> "StructureOptions":
        """From TextMeta.structure (already validated by :func:`parse_structure`)."""
        data = dict(items)
        return cls(
            divisions=data.get("divisions"),
            caption_words=tuple(data.get("caption_words", ())),
            run_in=data.get("run_in", True),
            run_in_headings=tuple(data.get("run_in_headings", ())),
            not_run_in=tuple(data.get("not_run_in", ())),
            table_captions=tuple(TableCaption(*c) for c in data.get("table_captions", ())),
            nav_titles=tuple(data.get("nav_titles", ())),
        )


def _line(mapping, key) -> int:
    line_of = getattr(mapping, "line_of", None)
    return line_of(key) if line_of else getattr(mapping, "line", 0)


def _string_list(value, key: str, mapping, path: Path, label: str, errors: list) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        errors.append(
            EditionError(
                path,
                f"{label}: `structure.{key}` must be a list of non-empty strings",
                _line(mapping, key),
                hint=f'write for example `{key}: ["..."]`',
            )
        )
        return ()
    return tuple(v.strip() for v in value)


def parse_structure(structure, path: Path, label: str, line: int = 0) -> tuple[tuple, list[EditionError]]:
    """Validate a ``structure:`` mapping; return (items for TextMeta.structure, errors)."""
    errors: list[EditionError] = []
    if structure is None:
        return (), []
    if not isinstance(structure, dict):
        return (), [EditionError(path, f"{label}: `structure` must be a mapping", line, hint="see README, 'Structure'")]
    for key in sorted(set(structure) - KNOWN_KEYS, key=str):
        errors.append(
            EditionError(
                path,
                f"{label}: unknown structure option `{key}`",
                _line(structure, key),
                hint="known options: " + ", ".join(sorted(KNOWN_KEYS)),
            )
        )
    items: dict = {}
    for key in ("divisions", "run_in"):
        if key in structure:
            if not isinstance(structure[key], bool):
                errors.append(
                    EditionError(
                        path, f"{label}: `structure.{key}` must be true or false", _line(structure, key),
                        hint=f"write `{key}: true` or `{key}: false`",
                    )
                )
            else:
                items[key] = structure[key]
    for key in ("caption_words", "run_in_headings", "not_run_in"):
        if key in structure:
            items[key] = _string_list(structure[key], key, structure, path, label, errors)
    for phrase in items.get("run_in_headings", ()):
        if not phrase.endswith((".", ":")):
            errors.append(
                EditionError(
                    path,
                    f"{label}: run-in heading {phrase!r} must end with its full stop (or colon) as in the text",
                    _line(structure, "run_in_headings"),
                    hint="copy the heading phrase from the text including the final '.'",
                )
            )
    if "table_captions" in structure:
        captions = []
        value = structure["table_captions"]
        if not isinstance(value, list):
            errors.append(
                EditionError(
                    path, f"{label}: `structure.table_captions` must be a list", _line(structure, "table_captions"),
                    hint="write items like `- {table: 7, caption: \"<the caption>\", note: \"...\"}`",
                )
            )
            value = []
        seen: set[int] = set()
        for item in value:
            item_line = getattr(item, "line", 0) or _line(structure, "table_captions")
            if not isinstance(item, dict):
                errors.append(EditionError(path, f"{label}: a table caption must be a mapping", item_line))
                continue
            unknown = sorted(set(item) - CAPTION_KEYS, key=str)
            if unknown:
                errors.append(
                    EditionError(
                        path, f"{label}: unknown table caption field `{unknown[0]}`", _line(item, unknown[0]),
                        hint="known fields: caption, note, table",
                    )
                )
            table = item.get("table")
            caption = item.get("caption")
            note = item.get("note", "")
            if not isinstance(table, int) or isinstance(table, bool) or table < 1:
                errors.append(
                    EditionError(
                        path, f"{label}: `table` must be a positive whole number (1 = the text's first table)",
                        _line(item, "table"), hint="count the tables of the text in reading order",
                    )
                )
                continue
            if table in seen:
                errors.append(
                    EditionError(path, f"{label}: table {table} is given two captions", _line(item, "table"),
                                 hint="keep one caption per table")
                )
                continue
            if not isinstance(caption, str) or not caption.strip():
                errors.append(
                    EditionError(path, f"{label}: table {table}: `caption` must be a non-empty string",
                                 _line(item, "caption") if "caption" in item else item_line, hint="add `caption:`")
                )
                continue
            if not isinstance(note, str):
                errors.append(EditionError(path, f"{label}: table {table}: `note` must be a string", _line(item, "note")))
                continue
            seen.add(table)
            captions.append((table, caption.strip(), note.strip()))
        items["table_captions"] = tuple(sorted(captions))
    if "nav_titles" in structure:
        items["nav_titles"] = _nav_titles(structure["nav_titles"], structure, path, label, errors)
    return tuple(sorted(items.items())), errors


def _nav_titles(value, structure, path: Path, label: str, errors: list) -> tuple[tuple[str, str], ...]:
    """``nav_titles: {division slug: title}``; whether each division exists is checked by the structure stage."""
    hint = 'write for example `nav_titles: {1-tarau: "1. <a few words>"}` (the division\'s page name: the end of its address)'
    if not isinstance(value, dict):
        errors.append(
            EditionError(path, f"{label}: `structure.nav_titles` must map divisions to titles", _line(structure, "nav_titles"), hint=hint)
        )
        return ()
    titles = []
    for slug, title in value.items():
        line = _line(value, slug)
        if not isinstance(slug, str) or not slug.strip():
            errors.append(EditionError(path, f"{label}: nav title for {slug!r}: name the division by its page name", line, hint=hint))
            continue
        if not isinstance(title, str) or not title.strip():
            errors.append(
                EditionError(path, f"{label}: nav title of division {slug!r} must be a non-empty string", line, hint=hint)
            )
            continue
        if len(title.strip()) > NAV_TITLE_MAX:
            errors.append(
                EditionError(
                    path,
                    f"{label}: nav title of division {slug!r} has {len(title.strip())} characters; at most {NAV_TITLE_MAX} fit the navigation",
                    line,
                    hint="shorten it: the page keeps the source's full heading",
                )
            )
            continue
        titles.append((slug.strip(), title.strip()))
    return tuple(titles)
