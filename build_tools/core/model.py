"""The document model shared by every stage of the pipeline.

All offsets are code-point offsets into a Python ``str``.  ``Change`` offsets
point into the *raw* text (as decoded by :mod:`build_tools.read.sources`); every other
span (blocks, annotations) points into the *cleaned* text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# --------------------------------------------------------------------------- metadata


@dataclass(frozen=True)
class TextMeta:
    """One entry of ``source_texts/texts.yaml``."""

    id: str
    file: str
    language: str  # "kk" or "ru"
    kind: str  # "article", "essay", "dissertation"
    title: str  # editorial title in the text's language
    title_en: str  # editorial title in English
    short_title: str = ""  # a few words naming the text wherever space is short (nav, lists, charts)
    siglum: str = ""  # one or two Latin capitals standing for the text in tight places ("C ¶ 12")
    source_notes: str = ""  # in English
    source_notes_kk: str = ""  # in Kazakh, shown to the reader first
    author: str = ""
    year: str = ""
    encoding: str = "utf-8"
    # Passages that are not part of the work (website trailers, empty
    # bibliography headings).  Each is an exact string of the raw text.
    not_part_of_work: tuple[str, ...] = ()
    # Per-text switches for cleaning rules: {rule_name: False} disables one.
    rules: tuple[tuple[str, bool], ...] = ()
    # Per-text structure overrides (see structure/blocks.py); kept as plain data.
    structure: tuple[tuple[str, object], ...] = ()
    # Manual emendations for this text (build_tools.clean.emendations.Emendation),
    # attached by the pipeline from source_texts/emendations.yaml.
    emendations: tuple = ()
    # Fields whose value is still provisional (`todo:` in texts.yaml, written by `add-text`):
    # editorial to-dos that `check` reports, and `check --strict` fails on.
    todo: tuple[str, ...] = ()
    todo_line: int = 0
    source_line: int = 0  # line of the entry in texts.yaml, for messages
    structure_line: int = 0  # line of its `structure:` key (or of the entry), for messages

    @property
    def url_dir(self) -> str:
        return f"texts/{self.id}"

    def nav_titles(self) -> dict[str, str]:
        """Editorial navigation titles of divisions, by division slug (``structure.nav_titles``)."""
        return dict(self.structure_options().get("nav_titles", ()))

    def rule_switches(self) -> dict[str, bool]:
        return dict(self.rules)

    def structure_options(self) -> dict[str, object]:
        return dict(self.structure)


# --------------------------------------------------------------------------- cleaning


@dataclass(frozen=True)
class Change:
    """One automatic or manual change: ``raw[start:end] == before`` becomes ``after``."""

    rule: str
    start: int
    end: int
    before: str
    after: str
    note: str = ""

    def to_json(self) -> dict:
        data = {
            "rule": self.rule,
            "start": self.start,
            "end": self.end,
            "before": self.before,
            "after": self.after,
        }
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True)
class PlacedChange:
    """A change together with where its ``after`` stands in the cleaned text."""

    change: Change
    out_start: int
    out_end: int


@dataclass
class CleanResult:
    raw: str
    text: str
    changes: list[Change] = field(default_factory=list)
    # Doubtful places reported to the editor, not changed: (offset, message).
    doubts: list[tuple[int, str]] = field(default_factory=list)

    def placed_changes(self) -> list[PlacedChange]:
        """Locate each change's replacement in the cleaned text."""
        placed = []
        delta = 0
        for ch in self.changes:
            out_start = ch.start + delta
            out_end = out_start + len(ch.after)
            placed.append(PlacedChange(ch, out_start, out_end))
            delta += len(ch.after) - (ch.end - ch.start)
        return placed


# --------------------------------------------------------------------------- structure


@dataclass
class Block:
    """A block of the cleaned text.

    ``kind`` is one of ``heading``, ``paragraph``, ``list``, ``table``.
    ``start``/``end`` is the block's span in the cleaned text.  ``parts`` holds
    sub-spans: list items, or table rows as lists of cell spans.
    """

    kind: str
    start: int
    end: int
    level: int = 0  # heading level (1 = page title, 2 = section, 3 = subsection)
    number: int = 0  # paragraph number within the text (¶), 0 if none
    parts: list = field(default_factory=list)
    ordered: bool = False  # for lists
    markers: tuple = ()  # for lists: each item's marker as in the source ("·", "-", "1)")
    caption: tuple[int, int] | None = None  # for tables: span of the caption
    editorial_caption: str = ""  # for tables without a caption in the source
    caption_note: str = ""  # why the editor gave the caption (texts.yaml)
    run_in: int = 0  # paragraph: length of a run-in heading at its start
    anchor: str = ""


@dataclass
class Division:
    """A page of a text: the whole of a short text or one top-level division."""

    slug: str  # URL segment under texts/<id>/ ("" for the text's index page)
    title: str
    blocks: list[Block] = field(default_factory=list)
    title_is_editorial: bool = False
    # Editorial title for the navigation and the browser tab (texts.yaml structure.nav_titles),
    # where the source's heading is long or in capitals; "" = the title itself.
    nav_title: str = ""

    @property
    def short_title(self) -> str:
        return self.nav_title or self.title


@dataclass(frozen=True)
class Span:
    """An inline annotation in cleaned-text coordinates.

    ``kind`` is ``change``, ``term`` or ``citation``; ``data`` carries what the
    renderer needs (the change, the glossary entry id, the cited numbers).
    """

    start: int
    end: int
    kind: str
    data: object = None


@dataclass
class Document:
    meta: TextMeta
    clean: CleanResult
    divisions: list[Division] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    # Commentary (see annotate/commentary.py): the text's notes in order, and for a ¶
    # number the notes elsewhere that cite it ("see also").
    notes: list = field(default_factory=list)
    cited_by: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.clean.text

    def paragraphs(self):
        for div in self.divisions:
            for block in div.blocks:
                if block.number:
                    yield div, block


@dataclass(frozen=True)
class Source:
    """A raw text as read from disk."""

    meta: TextMeta
    path: Path
    raw: str


@dataclass(frozen=True)
class VersionChange:
    """One editorial change a version made (source_texts/changelog.yaml), in Kazakh and English."""

    kk: str
    en: str
    kind: str = ""  # text, apparatus, glossary, commentary or software ("" when not said)
    line: int = 0


@dataclass(frozen=True)
class VersionEntry:
    """A numbered version of the edition: when it was made and what it changed."""

    version: str  # "0.1", "1.2.3"
    date: str  # ISO, e.g. "2026-12-02"
    changes: tuple[VersionChange, ...]
    line: int = 0


@dataclass(frozen=True)
class EditionInfo:
    """The edition as a publication (source_texts/edition.yaml): what a title page states."""

    version: str
    licence_name: str
    licence_url: str
    licence_kk: str
    date: str = ""  # the build's date (ISO), set by the build, not by the file
    changelog: tuple[VersionEntry, ...] = ()  # source_texts/changelog.yaml, newest first

    @property
    def current(self) -> VersionEntry | None:
        """The changelog's entry of this version (the newest), or None for an unversioned edition."""
        return next((e for e in self.changelog if e.version == self.version), None)


@dataclass(frozen=True)
class AcceptedForm:
    """A form the proofreading worklist flagged and the editor found right (accepted_forms.yaml)."""

    form: str  # as the cleaned text has it (compared in lower case)
    note: str  # why it is right, in Kazakh
    text: str = "*"  # the text's id, or "*" for every text
    line: int = 0


@dataclass(frozen=True)
class Proofreading:
    """The record of the proofreading pass: the forms accepted, and the texts reviewed to the end."""

    accepted: tuple[AcceptedForm, ...] = ()
    proofread: tuple[str, ...] = ()  # text ids whose worklist (`suspects`) the editor went through

    def accepted_by_text(self) -> dict[str, set[str]]:
        """Accepted forms (lower case) by text id ("*" for every text)."""
        result: dict[str, set[str]] = {}
        for a in self.accepted:
            result.setdefault(a.text, set()).add(a.form.lower())
        return result

