"""Stage 3 — structure: find the blocks of a cleaned text and divide it into pages.

Input is the cleaned text (str); output is a list of :class:`Division` objects
whose blocks hold spans into that text.  Detection works by rules; per-text
overrides come from the ``structure:`` mapping of ``texts.yaml``
(:mod:`build_tools.structure_options`).

The rules, in the order they are tried on each line:

* **table** — a run of cells, each on a line of its own that starts with a tab
  (a Word table flattened to text).  A blank line ends a row; two blank lines,
  or a line that is not a cell, end the table.  A cell whose tab line is empty
  and is followed directly by an untabbed line is a cell split across lines
  (its text is that next line).  A table needs at least two rows of at least
  two cells; otherwise its lines are ordinary paragraphs.  The line just before
  a table that starts with a caption word ("Кесте 3 - ...") is its caption.
* **heading** — КІРІСПЕ / ҚОРЫТЫНДЫ and numbered chapters (``1 ТАРАУ АТЫ``) open
  a new page (level 1); numbered sections (``1.1 ...``) are level 2.
* **list** — consecutive lines opening with a bullet (``·``, ``•``, ``-``, ``—``, ``–``)
  or a number (``1)``, ``1.``); numbers must follow each other.
* **paragraph** — every other line; its opening may be a run-in heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import EditionError
from ..core.language import language
from ..core.locale import t
from ..core.model import Block, Division, TextMeta
from ..read.structure_options import StructureOptions

# Words, letters and endings: build_tools/data/language.yaml.
_LANG = language()

# Top-level divisions of a dissertation, recognised when alone on a line: word -> slug.
INTRO_WORDS = _LANG.divisions["introduction"]
CONCLUSION_WORDS = _LANG.divisions["conclusion"]

UPPER = _LANG.upper_class
LOWER = _LANG.lower_class
# A chapter: a number, then a title in capitals (no lower-case letter at all).
CHAPTER_RE = re.compile(rf"^(\d{{1,2}})\.?\s+(?=[{UPPER}«\"])(?!.*[{LOWER}])(.{{8,}})$")
SECTION_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?\s+\S.{3,300}$")
BULLET_RE = re.compile(r"^[ \t]*([·•\-—–])[ \t\u00a0]*(?=\S)")
NUMBERED_RE = re.compile(r"^[ \t]*(\d{1,2})[).][ \t\u00a0]+(?=\S)")
TABLE_CELL_RE = re.compile(r"^ *\t")
# Bullets that are never anything else; a dash or a number needs a second item.
SURE_BULLETS = {"·", "•"}

# Words that open a table caption, by language (texts.yaml `caption_words` overrides).
CAPTION_WORDS = _LANG.caption_words

# Run-in headings: a short phrase at a paragraph's start, ending in a full stop and
# followed by a capital.  By language: the endings its last word may have (noun
# phrases: possessive or plural) and those it may not (finite verbs).
RUN_IN_MAX_WORDS = 6
RUN_IN_SHAPE = re.compile(
    rf"^([{UPPER}][^.:;,!?\d\t()«»\"“”\[\]/–—]{{2,70}}?\.)(?=[ \t\u00a0]+[{UPPER}«\"])(?![ \t\u00a0]+[{UPPER}]\.)"
)


def _endings_re(endings: tuple[str, ...]) -> re.Pattern:
    return re.compile(f"({'|'.join(map(re.escape, endings))})$")


RUN_IN_ENDINGS = {
    lang: (_endings_re(noun), _endings_re(verb)) for lang, (noun, verb) in _LANG.run_in_endings.items()
}


@dataclass
class Line:
    start: int
    end: int  # end of the line's content (without the newline)
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_lines(text: str) -> list[Line]:
    lines = []
    pos = 0
    for raw_line in text.split("\n"):
        lines.append(Line(pos, pos + len(raw_line), raw_line))
        pos += len(raw_line) + 1
    return lines


def _trimmed(line: Line) -> tuple[int, int]:
    """The span of a line without leading and trailing white space."""
    stripped_left = len(line.text) - len(line.text.lstrip())
    stripped_right = len(line.text) - len(line.text.rstrip())
    if stripped_left == len(line.text):
        return line.start, line.start
    return line.start + stripped_left, line.end - stripped_right


def options_of(meta: TextMeta) -> StructureOptions:
    return StructureOptions.from_items(meta.structure)


def heading_level(line_text: str, meta: TextMeta) -> tuple[int, str]:
    """Return (level, slug) when a line is a heading of a divided text, else (0, "")."""
    options = meta.structure_options()
    if not options.get("divisions", meta.kind == "dissertation"):
        return 0, ""
    stripped = line_text.strip().rstrip(".")
    upper = stripped.upper()
    if upper in INTRO_WORDS and stripped == upper:
        return 1, INTRO_WORDS[upper]
    if upper in CONCLUSION_WORDS and stripped == upper:
        return 1, CONCLUSION_WORDS[upper]
    m = CHAPTER_RE.match(line_text.strip())
    if m:
        return 1, f"{m.group(1)}-tarau"
    if SECTION_RE.match(line_text.strip()) and len(line_text.strip()) < 300:
        return 2, ""
    return 0, ""


# --------------------------------------------------------------------------- tables


def _is_cell_line(line: Line) -> bool:
    return bool(TABLE_CELL_RE.match(line.text))


def _truly_blank(line: Line) -> bool:
    """Blank and not a (possibly empty) table cell."""
    return line.blank and not _is_cell_line(line)


def _read_row(lines: list[Line], i: int) -> tuple[list[tuple[int, int]], int]:
    """Read the cells of one row starting at line i; return (cells, index after the row)."""
    cells: list[tuple[int, int]] = []
    n = len(lines)
    while i < n and _is_cell_line(lines[i]):
        line = lines[i]
        if line.blank and i + 1 < n and not lines[i + 1].blank and not _is_cell_line(lines[i + 1]):
            # a cell split across lines: an empty tab line, its text on the next line
            cells.append(_trimmed(lines[i + 1]))
            i += 2
        else:
            cells.append(_trimmed(line))
            i += 1
    return cells, i


def read_table(lines: list[Line], i: int) -> tuple[list[list[tuple[int, int]]], int] | None:
    """The rows of a table starting at line i, and the index after it; None if it is no table."""
    header, j = _read_row(lines, i)
    if len(header) < 2:
        return None
    rows = [header]
    n = len(lines)
    while j < n and _truly_blank(lines[j]):
        k = j + 1
        if k >= n or not _is_cell_line(lines[k]) or (lines[k].blank and len(_read_row(lines, k)[0]) < 2):
            break  # two blank lines, or what follows is no row of cells: the table has ended
        row, after = _read_row(lines, k)
        if len(row) < 2:
            break
        rows.append(row)
        j = after
    if len(rows) < 2:
        return None
    return rows, j


def _caption_re(meta: TextMeta, options: StructureOptions) -> re.Pattern:
    words = options.caption_words or CAPTION_WORDS.get(meta.language, ())
    if not words:
        return re.compile(r"(?!)")
    alternatives = "|".join(re.escape(w) for w in words)
    return re.compile(rf"^\s*(?:{alternatives})\s*\d+\s*(?:[-–—.:]|$)", re.IGNORECASE)


# --------------------------------------------------------------------------- lists


def _list_marker(line: Line):
    """(ordered, number or marker, item start) if the line opens a list item."""
    m = NUMBERED_RE.match(line.text)
    if m:
        return True, int(m.group(1)), line.start + m.end(), line.text[: m.end()].strip()
    m = BULLET_RE.match(line.text)
    if m:
        return False, m.group(1), line.start + m.end(), m.group(1)
    return None


def read_list(lines: list[Line], i: int):
    """A list starting at line i: (ordered, items, markers, index after it), or None."""
    first = _list_marker(lines[i])
    if first is None:
        return None
    ordered = first[0]
    items, markers = [], []
    expected = first[1] if ordered else None
    j = i
    while j < len(lines) and not lines[j].blank:
        m = _list_marker(lines[j])
        if m is None or m[0] != ordered or (ordered and m[1] != expected):
            break
        end = _trimmed(lines[j])[1]
        items.append((m[2], end))
        markers.append(m[3])
        expected = m[1] + 1 if ordered else None
        j += 1
    if len(items) < 2 and not (not ordered and first[1] in SURE_BULLETS):
        return None
    return ordered, items, markers, j


# --------------------------------------------------------------------------- run-in headings


def run_in_length(paragraph: str, meta: TextMeta, options: StructureOptions) -> int:
    """Length of the run-in heading that opens a paragraph (0 if none)."""
    for phrase in options.run_in_headings:
        # a phrase named in texts.yaml may also stand alone (a heading line of its own)
        if paragraph.startswith(phrase) and (len(paragraph) == len(phrase) or paragraph[len(phrase)].isspace()):
            return len(phrase)
    if not options.run_in or meta.language not in RUN_IN_ENDINGS:
        return 0
    m = RUN_IN_SHAPE.match(paragraph)
    if not m:
        return 0
    phrase = m.group(1)
    if phrase in options.not_run_in:
        return 0
    words = phrase[:-1].split()
    if not words or len(words) > RUN_IN_MAX_WORDS:
        return 0
    allowed, refused = RUN_IN_ENDINGS[meta.language]
    last = words[-1].lower()
    if not allowed.search(last) or refused.search(last):
        return 0
    return len(phrase)


# --------------------------------------------------------------------------- the whole text


def _options_error(meta: TextMeta, yaml_path, message: str, hint: str) -> EditionError:
    return EditionError(
        Path(yaml_path) if yaml_path else Path("source_texts/texts.yaml"),
        f"text {meta.id!r}: {message}",
        meta.structure_line or meta.source_line,
        hint=hint,
    )


def structure_text(text: str, meta: TextMeta, yaml_path=None) -> list[Division]:
    """Split a cleaned text into divisions (pages) of blocks."""
    options = options_of(meta)
    caption_re = _caption_re(meta, options)
    lines = split_lines(text)
    divisions: list[Division] = []
    current = Division(slug="", title=meta.title, title_is_editorial=True)
    divisions.append(current)
    counter = 0
    tables = 0
    run_in_used: set[str] = set()
    not_run_in_seen: set[str] = set()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.blank:
            i += 1
            continue
        # a table, with the caption line that precedes it
        caption = None
        table_at = i
        if caption_re.match(line.text):
            k = i + 1
            while k < len(lines) and _truly_blank(lines[k]):
                k += 1
            if k < len(lines) and _is_cell_line(lines[k]):
                caption, table_at = _trimmed(line), k
        table = read_table(lines, table_at) if _is_cell_line(lines[table_at]) else None
        if table is not None:
            rows, after = table
            counter += 1
            tables += 1
            start = caption[0] if caption else _trimmed(lines[table_at])[0]
            end = rows[-1][-1][1]
            block = Block("table", start, end, number=counter, parts=rows, caption=caption)
            current.blocks.append(block)
            block.anchor = f"table-{tables}"
            i = after
            continue
        level, slug = heading_level(line.text, meta)
        if level == 1:
            start, end = _trimmed(line)
            title = text[start:end]
            if len(divisions) == 1 and not divisions[0].blocks:
                divisions.pop()
            current = Division(slug=slug, title=title)
            divisions.append(current)
            current.blocks.append(Block("heading", start, end, level=1))
            i += 1
            continue
        if level == 2:
            start, end = _trimmed(line)
            current.blocks.append(Block("heading", start, end, level=2))
            i += 1
            continue
        found = read_list(lines, i)
        if found is not None:
            ordered, items, markers, after = found
            counter += 1
            start = _trimmed(lines[i])[0]
            current.blocks.append(
                Block("list", start, items[-1][1], number=counter, parts=items, ordered=ordered, markers=tuple(markers))
            )
            i = after
            continue
        start, end = _trimmed(line)
        counter += 1
        block = Block("paragraph", start, end, number=counter)
        paragraph = text[start:end]
        block.run_in = run_in_length(paragraph, meta, options)
        if block.run_in:
            run_in_used.add(paragraph[: block.run_in])
        for phrase in options.not_run_in:
            if paragraph.startswith(phrase):
                not_run_in_seen.add(phrase)
        current.blocks.append(block)
        i += 1
    _apply_table_captions(divisions, meta, options, yaml_path)
    _apply_nav_titles(divisions, meta, options, yaml_path)
    # every phrase texts.yaml names must open a paragraph (a stale override is an error)
    for phrases, seen, label in (
        (options.run_in_headings, run_in_used, "run-in heading {!r} (structure.run_in_headings)"),
        (options.not_run_in, not_run_in_seen, "{!r} (structure.not_run_in)"),
    ):
        for phrase in phrases:
            if phrase not in seen:
                raise _options_error(
                    meta, yaml_path,
                    f"{label.format(phrase)} opens no paragraph of the text",
                    "copy the phrase exactly as it opens the paragraph (after cleaning), or remove it",
                )
    return divisions


def _apply_nav_titles(divisions: list[Division], meta: TextMeta, options: StructureOptions, yaml_path) -> None:
    """Editorial navigation titles (structure.nav_titles), each for a division the text has."""
    by_slug = {d.slug: d for d in divisions if d.slug}
    for slug, title in options.nav_titles:
        if slug not in by_slug:
            known = ", ".join(by_slug) or "none: the text is one page"
            raise _options_error(
                meta, yaml_path,
                f"structure.nav_titles names division {slug!r}, which the text does not have",
                f"use the page name of one of its divisions ({known})",
            )
        by_slug[slug].nav_title = title


def _apply_table_captions(divisions: list[Division], meta: TextMeta, options: StructureOptions, yaml_path) -> None:
    tables = [b for d in divisions for b in d.blocks if b.kind == "table"]
    for given in options.table_captions:
        if given.table > len(tables):
            raise _options_error(
                meta, yaml_path,
                f"structure.table_captions names table {given.table}, but the text has {len(tables)} tables",
                "count the tables in reading order (1 = the first)",
            )
        block = tables[given.table - 1]
        if block.caption is not None:
            raise _options_error(
                meta, yaml_path,
                f"table {given.table} has a caption in the source; an editorial caption is not needed",
                "remove this item from structure.table_captions (or correct the table's number)",
            )
        block.editorial_caption = given.caption
        block.caption_note = given.note
    for index, block in enumerate(tables, 1):
        if block.caption is None and not block.editorial_caption:
            # never silent: a table without a caption gets a plain editorial one
            block.editorial_caption = t("tables.untitled", n=index)
            block.caption_note = t("tables.untitled_note")
