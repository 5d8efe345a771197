"""Stage 3 — structure: find the blocks of a cleaned text and divide it into pages.

Input is the cleaned text (str); output is a list of :class:`Division` objects
whose blocks hold spans into that text.  Detection works by rules; per-text
overrides come from the ``structure:`` mapping of ``texts.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Block, Division, TextMeta

# Top-level divisions of a dissertation, recognised when alone on a line.
INTRO_WORDS = {"КІРІСПЕ": "kirispe", "ВВЕДЕНИЕ": "vvedenie"}
CONCLUSION_WORDS = {"ҚОРЫТЫНДЫ": "qorytyndy", "ЗАКЛЮЧЕНИЕ": "zakljuchenie"}

UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
CHAPTER_RE = re.compile(rf"^(\d{{1,2}})\.?\s+[{UPPER}«\"][{UPPER}\W\d\s-]{{8,}}$")
SECTION_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?\s+\S.{3,300}$")
BULLET_RE = re.compile(r"^\s*([·•\-—–])\s*(?=\S)")
NUMBERED_RE = re.compile(r"^\s*(\d{1,2})[).]\s+(?=\S)")
TABLE_CELL_RE = re.compile(r"^\t")


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
    return line.start + stripped_left, line.end - stripped_right


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


def structure_text(text: str, meta: TextMeta) -> list[Division]:
    """Split a cleaned text into divisions (pages) of blocks."""
    lines = split_lines(text)
    divisions: list[Division] = []
    current = Division(slug="", title=meta.title, title_is_editorial=True)
    divisions.append(current)
    counter = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.blank:
            i += 1
            continue
        if TABLE_CELL_RE.match(line.text):
            rows: list[list[tuple[int, int]]] = []
            row: list[tuple[int, int]] = []
            start = line.start
            end = line.end
            while i < len(lines) and (TABLE_CELL_RE.match(lines[i].text) or lines[i].blank):
                if lines[i].blank:
                    # a blank line ends a row; two blank lines in a row may end the table
                    if row:
                        rows.append(row)
                        row = []
                    if i + 1 < len(lines) and not TABLE_CELL_RE.match(lines[i + 1].text) and not lines[i + 1].blank:
                        break
                else:
                    row.append(_trimmed(lines[i]))
                    end = lines[i].end
                i += 1
            if row:
                rows.append(row)
            counter += 1
            current.blocks.append(Block("table", start, end, number=counter, parts=rows))
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
        bullet = BULLET_RE.match(line.text) or NUMBERED_RE.match(line.text)
        if bullet:
            ordered = bool(NUMBERED_RE.match(line.text))
            items = []
            start = line.start
            end = line.end
            pattern = NUMBERED_RE if ordered else BULLET_RE
            while i < len(lines) and not lines[i].blank and pattern.match(lines[i].text):
                m = pattern.match(lines[i].text)
                items.append((lines[i].start + m.end(), _trimmed(lines[i])[1]))
                end = lines[i].end
                i += 1
            counter += 1
            current.blocks.append(Block("list", start, end, number=counter, parts=items, ordered=ordered))
            continue
        start, end = _trimmed(line)
        counter += 1
        current.blocks.append(Block("paragraph", start, end, number=counter))
        i += 1
    return divisions
