"""Editorial commentary and the chronology: notes anchored to passages, dated events.

Data lives in ``source_texts/commentary.yaml`` and ``source_texts/chronology.yaml``.
A note names a text and quotes a passage of its *cleaned* text (the quote must
occur exactly once); it carries Markdown in Kazakh (optionally English), and may
refer to glossary entries, to paragraphs of other texts and to events of the
chronology.  An event has a date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``,
optionally an ``end``), a title in Kazakh and English, glossary entries and
passages.

This module loads and validates both files and attaches the notes to the
documents (stage "annotate", after structure, before render): every note
becomes a span of kind ``note`` in ``Document.spans``.  Nothing here writes
HTML except :func:`markdown_to_html`, which renders a note's Markdown safely.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import EditionError, EditionErrors
from ..core.locale import date_range_kk
from ..core.model import Block, Document, Span
from ..core.yamlio import Mapping
from ..structure.pages import division_src
from .glossary import Glossary

COMMENTARY_FILE = "commentary.yaml"
CHRONOLOGY_FILE = "chronology.yaml"

NOTE_REQUIRED = {"text", "quote", "note"}
NOTE_OPTIONAL = {"glossary", "see_also", "sources", "events"}
EVENT_REQUIRED = {"id", "date", "title"}
EVENT_OPTIONAL = {"end", "glossary", "passages", "description"}
# Glossary entries of these kinds link an event to every passage where they are found.
EVENT_ENTRY_KINDS = {"event", "treaty"}

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_EVENT_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


# --------------------------------------------------------------------------- data


@dataclass
class PassageRef:
    """A place in a text: a paragraph number or an exact quote of the cleaned text."""

    text: str
    paragraph: int = 0
    quote: str = ""
    line: int = 0
    # resolved
    page_src: str = ""

    def label(self) -> str:
        return f"{self.text} ¶ {self.paragraph}"


@dataclass
class Note:
    text: str
    quote: str
    body_kk: str
    body_en: str = ""
    glossary: list[str] = field(default_factory=list)
    see_also: list[PassageRef] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    line: int = 0
    # resolved by attach_commentary
    start: int = -1
    end: int = -1
    number: int = 0  # 1, 2, ... in the order of the text
    paragraph: int = 0  # ¶ number of the block holding the passage
    page_src: str = ""  # the generated page holding the passage
    html_kk: str = ""
    html_en: str = ""
    sources_html: list[str] = field(default_factory=list)
    event_labels: list[tuple[str, str]] = field(default_factory=list)  # (event id, "date — title")

    @property
    def anchor(self) -> str:
        return f"cm-{self.number}"

    @property
    def ref_anchor(self) -> str:
        return f"cm-ref-{self.number}"


@dataclass
class Event:
    id: str
    date: str
    title_kk: str
    title_en: str
    end: str = ""
    description_kk: str = ""
    glossary: list[str] = field(default_factory=list)
    passages: list[PassageRef] = field(default_factory=list)
    line: int = 0
    # resolved: every place that discusses the event, sorted, without duplicates
    places: list[PassageRef] = field(default_factory=list)

    @property
    def year(self) -> int:
        return int(self.date[:4])

    @property
    def end_year(self) -> int:
        return int((self.end or self.date)[:4])


@dataclass
class Commentary:
    notes: list[Note] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


# --------------------------------------------------------------------------- safe Markdown

_SAFE_SCHEMES = ("http://", "https://", "mailto:")


_MARKDOWN = None


def markdown_to_html(text: str) -> str:
    """Render an editor's Markdown with raw HTML switched off and only safe links.

    Raw HTML in the source is shown as text, links keep only http(s), mailto or
    relative targets, and images become their alt text.  The result has no
    newlines, so it can stand inside a one-line raw-HTML block of a page.
    """
    global _MARKDOWN
    if _MARKDOWN is None:
        _MARKDOWN = _make_markdown()
    html = _MARKDOWN.reset().convert(text.strip())
    return " ".join(html.split("\n"))


def _make_markdown():
    """One Python-Markdown instance (building one costs milliseconds; reset() reuses it)."""
    import markdown
    from markdown.treeprocessors import Treeprocessor

    class _Sanitise(Treeprocessor):
        def run(self, root):
            for parent in root.iter():
                for child in list(parent):
                    if child.tag == "img":
                        index = list(parent).index(child)
                        parent.remove(child)
                        alt = child.get("alt", "")
                        if index == 0:
                            parent.text = (parent.text or "") + alt + (child.tail or "")
                        else:
                            prev = parent[index - 1]
                            prev.tail = (prev.tail or "") + alt + (child.tail or "")
            for a in root.iter("a"):
                href = (a.get("href") or "").strip()
                unsafe = ":" in href.split("/")[0] and not href.lower().startswith(_SAFE_SCHEMES)
                if unsafe:
                    del a.attrib["href"]
                elif href.lower().startswith(("http://", "https://")):
                    a.set("rel", "noopener")
            return None

    md = markdown.Markdown(extensions=[])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_Sanitise(md), "sanitise", 0)
    return md


# --------------------------------------------------------------------------- loading


def _error(path, message, line, hint="") -> EditionError:
    return EditionError(path, message, line, hint=hint)


def _str_list(item: Mapping, key: str, path: Path, label: str, errors: list) -> list[str]:
    value = item.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        errors.append(
            _error(path, f"{label}: `{key}` must be a list of strings", item.line_of(key), f"write `{key}: [a, b]`")
        )
        return []
    return [v.strip() for v in value]


def _passage_refs(item: Mapping, key: str, path: Path, label: str, errors: list) -> list[PassageRef]:
    value = item.get(key)
    if value is None:
        return []
    hint = f'write `{key}: [{{text: "002", paragraph: 314}}]` or `{{text: "002", quote: "exact words"}}`'
    if not isinstance(value, list):
        errors.append(_error(path, f"{label}: `{key}` must be a list", item.line_of(key), hint))
        return []
    lines = getattr(value, "item_lines", None) or [item.line_of(key)] * len(value)
    refs = []
    for ref, line in zip(value, lines):
        line = getattr(ref, "line", line)
        if not isinstance(ref, dict) or "text" not in ref or set(ref) - {"text", "paragraph", "quote"}:
            errors.append(_error(path, f"{label}: each `{key}` item needs `text` and `paragraph` or `quote`", line, hint))
            continue
        has_p, has_q = "paragraph" in ref, "quote" in ref
        if has_p == has_q:
            errors.append(_error(path, f"{label}: a `{key}` item needs either `paragraph` or `quote`", line, hint))
            continue
        paragraph = ref.get("paragraph", 0)
        if has_p and (not isinstance(paragraph, int) or isinstance(paragraph, bool) or paragraph < 1):
            errors.append(
                _error(path, f"{label}: paragraph must be a positive whole number, not {paragraph!r}", line, hint)
            )
            continue
        quote = ref.get("quote", "")
        if has_q and (not isinstance(quote, str) or not quote.strip()):
            errors.append(_error(path, f"{label}: `quote` must be a non-empty string", line, hint))
            continue
        refs.append(PassageRef(text=str(ref["text"]), paragraph=paragraph, quote=quote, line=line))
    return refs


def _check_fields(item, required, optional, path, label, errors) -> bool:
    if not isinstance(item, Mapping):
        errors.append(_error(path, f"{label} must be a mapping", getattr(item, "line", 0)))
        return False
    ok = True
    for key in sorted(required - set(item)):
        errors.append(_error(path, f"{label}: missing required field `{key}`", item.line, f"add `{key}:`"))
        ok = False
    for key in sorted(set(item) - required - optional, key=str):
        errors.append(
            _error(
                path,
                f"{label}: unknown field `{key}`",
                item.line_of(key),
                f"known fields: {', '.join(sorted(required | optional))}",
            )
        )
        ok = False
    return ok


def _top_list(data, key: str, path: Path, errors: list) -> list:
    items = data.get(key) if isinstance(data, Mapping) else None
    if not isinstance(items, list):
        errors.append(_error(path, f"expected a top-level `{key}:` list", getattr(data, "line", 0), f"start the file with `{key}:`"))
        return []
    return items


def parse_notes(data, path: Path) -> tuple[list[Note], list[EditionError]]:
    errors: list[EditionError] = []
    notes = []
    for index, item in enumerate(_top_list(data, "notes", path, errors), start=1):
        label = f"note {index}"
        if not _check_fields(item, NOTE_REQUIRED, NOTE_OPTIONAL, path, label, errors):
            continue
        local: list[EditionError] = []
        text_id = item["text"]
        if not isinstance(text_id, str):
            local.append(_error(path, f'{label}: `text` must be a quoted id such as "002"', item.line_of("text")))
        quote = item["quote"]
        if not isinstance(quote, str) or not quote.strip():
            local.append(_error(path, f"{label}: `quote` must be a non-empty string", item.line_of("quote")))
        body = item["note"]
        body_kk = body_en = ""
        if isinstance(body, str):
            body_kk = body
        elif isinstance(body, dict) and isinstance(body.get("kk"), str) and set(body) <= {"kk", "en"}:
            body_kk, body_en = body["kk"], body.get("en") or ""
            if not isinstance(body_en, str):
                body_en = ""
        if not body_kk.strip():
            local.append(
                _error(path, f"{label}: `note` needs Kazakh text (`note: {{kk: ..., en: ...}}`)", item.line_of("note"))
            )
        glossary = _str_list(item, "glossary", path, label, local)
        sources = _str_list(item, "sources", path, label, local)
        events = _str_list(item, "events", path, label, local)
        see_also = _passage_refs(item, "see_also", path, label, local)
        errors.extend(local)
        if local:
            continue
        notes.append(
            Note(
                text=text_id,
                quote=quote,
                body_kk=body_kk,
                body_en=body_en,
                glossary=glossary,
                see_also=see_also,
                sources=sources,
                events=events,
                line=item.line,
            )
        )
    return notes, errors


def parse_date(value) -> str:
    """'1991', '1991-12' or '1991-12-16' (or a YAML date) → the same string; ValueError otherwise."""
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date")
    m = _DATE_RE.match(value.strip())
    if not m:
        raise ValueError(f"{value!r} is not a date")
    year, month, day = m.groups()
    if month:
        if not 1 <= int(month) <= 12:
            raise ValueError(f"{value!r}: there is no month {month}")
        if day:
            _dt.date(int(year), int(month), int(day))  # raises ValueError for 1992-02-30
    return value.strip()


def parse_events(data, path: Path) -> tuple[list[Event], list[EditionError]]:
    errors: list[EditionError] = []
    events: list[Event] = []
    seen: dict[str, int] = {}
    date_hint = "write the date as YYYY, YYYY-MM or YYYY-MM-DD (for example 1991-12-16)"
    for index, item in enumerate(_top_list(data, "events", path, errors), start=1):
        label = f"event {item.get('id', index) if isinstance(item, dict) else index!r}"
        if not _check_fields(item, EVENT_REQUIRED, EVENT_OPTIONAL, path, label, errors):
            continue
        local: list[EditionError] = []
        event_id = item["id"]
        if not isinstance(event_id, str) or not _EVENT_ID_RE.match(event_id):
            local.append(
                _error(path, f"{label}: id must be lower-case letters, digits and hyphens", item.line_of("id"))
            )
        elif event_id in seen:
            local.append(_error(path, f"{label}: duplicate id (first on line {seen[event_id]})", item.line_of("id")))
        else:
            seen[event_id] = item.line
        try:
            date = parse_date(item["date"])
        except ValueError as exc:
            local.append(_error(path, f"{label}: bad date: {exc}", item.line_of("date"), date_hint))
            date = ""
        end = ""
        if "end" in item:
            try:
                end = parse_date(item["end"])
            except ValueError as exc:
                local.append(_error(path, f"{label}: bad end date: {exc}", item.line_of("end"), date_hint))
            if date and end and end < date:
                local.append(_error(path, f"{label}: `end` ({end}) is before `date` ({date})", item.line_of("end")))
        title = item["title"]
        if not isinstance(title, dict) or not isinstance(title.get("kk"), str) or not isinstance(title.get("en"), str):
            local.append(_error(path, f"{label}: `title` needs `kk:` and `en:`", item.line_of("title")))
            title = {"kk": "", "en": ""}
        description = item.get("description") or ""
        if isinstance(description, dict):
            description = description.get("kk", "")
        glossary = _str_list(item, "glossary", path, label, local)
        passages = _passage_refs(item, "passages", path, label, local)
        errors.extend(local)
        if local:
            continue
        events.append(
            Event(
                id=event_id,
                date=date,
                end=end,
                title_kk=title["kk"],
                title_en=title["en"],
                description_kk=str(description),
                glossary=glossary,
                passages=passages,
                line=item.line,
            )
        )
    events.sort(key=lambda e: (e.date, e.end, e.id))
    return events, errors


# --------------------------------------------------------------------------- resolving


def find_quote(text: str, quote: str) -> list[int]:
    """Every start offset of ``quote`` in ``text`` (overlapping matches counted)."""
    found, pos = [], text.find(quote)
    while pos != -1:
        found.append(pos)
        pos = text.find(quote, pos + 1)
    return found


def _block_at(doc: Document, start: int, end: int) -> tuple[str, Block] | None:
    for div in doc.divisions:
        for block in div.blocks:
            if block.number and block.start <= start and end <= block.end:
                return division_src(doc, div), block
    return None


def _paragraph_page(doc: Document, number: int) -> str | None:
    for div, block in doc.paragraphs():
        if block.number == number:
            return division_src(doc, div)
    return None


def _resolve_quote(doc: Document, quote: str, path: Path, line: int, what: str) -> tuple[int, int, str, Block]:
    """(start, end, page, block) of the single occurrence of ``quote``; EditionError otherwise."""
    places = find_quote(doc.text, quote)
    if not places:
        raise _error(
            path,
            f"{what}: the quote {quote!r} is not found in the cleaned text of {doc.meta.id}",
            line,
            f"copy exact words from `python -m build_tools clean source_texts/{doc.meta.file}`",
        )
    if len(places) > 1:
        raise _error(
            path,
            f"{what}: the quote {quote!r} occurs {len(places)} times in the cleaned text of {doc.meta.id}",
            line,
            "quote a few more words so that the passage is unique",
        )
    start, end = places[0], places[0] + len(quote)
    located = _block_at(doc, start, end)
    if located is None:
        raise _error(
            path,
            f"{what}: the quote {quote!r} is not inside one numbered paragraph of {doc.meta.id}",
            line,
            "quote words of a single paragraph (not a heading, not across paragraphs)",
        )
    page, block = located
    return start, end, page, block


def _unknown_text(ref_text: str, known, path: Path, line: int, what: str) -> EditionError:
    return _error(path, f"{what}: unknown text id {ref_text!r}", line, f"use one of {', '.join(sorted(known))}")


def _resolve_ref(ref: PassageRef, doc: Document, path: Path, what: str) -> None:
    """Give a reference into ``doc`` its paragraph and page (EditionError if there is none)."""
    if ref.quote:
        _, _, page, block = _resolve_quote(doc, ref.quote, path, ref.line, what)
        ref.paragraph = block.number
        ref.page_src = page
        return
    page = _paragraph_page(doc, ref.paragraph)
    if page is None:
        last = max((b.number for _, b in doc.paragraphs()), default=0)
        raise _error(
            path,
            f"{what}: text {ref.text} has no paragraph ¶ {ref.paragraph} (it has ¶ 1–{last})",
            ref.line,
            "check the paragraph number on the text's page",
        )
    ref.page_src = page


WORD_INNER_JOINERS = "-\u2010\u2011'\u2019"  # hyphens and apostrophes inside a word: ЕАЭО-ға


def splits_word(text: str, i: int) -> bool:
    """True when position ``i`` falls inside a word, where a note's marker must never go."""
    if i <= 0 or i >= len(text) or not text[i - 1].isalnum():
        return False
    after = text[i]
    if after.isalnum():
        return True
    return after in WORD_INNER_JOINERS and i + 1 < len(text) and text[i + 1].isalnum()


def loose_end(text: str, i: int) -> bool:
    """True when the passage ending at ``i`` ends with a space or a dash, after which a line may break."""
    return i > 0 and (text[i - 1].isspace() or unicodedata.category(text[i - 1]) == "Pd")


def _widen(start: int, end: int, spans: list[Span]) -> tuple[int, int]:
    """Grow a note's span until no other span crosses it or encloses it.

    A note never cuts a glossary link, a citation or an editorial change in two,
    and it is never nested inside a link (its marker is a link itself).
    """
    changed = True
    while changed:
        changed = False
        for s in spans:
            if s.kind == "note" or s.end <= start or s.start >= end:
                continue
            if s.start < start or s.end > end:
                start, end = min(start, s.start), max(end, s.end)
                changed = True
    return start, end


class CommentaryAttacher:
    """Validate and anchor the commentary one text at a time.

    The pipeline holds one document at a time (publish/pipeline.py): :meth:`attach` is
    called with each text in turn and resolves what concerns it — its notes' passages,
    the paragraphs that notes and events elsewhere refer to, the paragraphs where an
    event's treaty or event entry is found — and numbers its notes; :meth:`finish`
    then reports every error at once and places the events.  :meth:`add_spans` puts a
    text's notes into a document of it (built again for rendering) as ``note`` spans.

    A note reports the first of its problems in the order a reader checks them (its text,
    its passage, its glossary entries, its events, its references), whichever text
    revealed it first.
    """

    def __init__(self, commentary: Commentary, text_ids, glossary: Glossary, commentary_path: Path, chronology_path: Path):
        self.commentary = commentary
        self.glossary = glossary
        self.paths = (Path(commentary_path), Path(chronology_path))
        self.known = list(text_ids)
        known = set(self.known)
        self.events_by_id = {e.id: e for e in commentary.events}
        self._note_errors: dict[int, tuple[int, EditionError]] = {}  # note index -> (step, first error)
        self._event_errors: list[tuple[tuple[int, int], EditionError]] = []
        self._overlaps: list[tuple[int, EditionError]] = []
        self._order = {text_id: i for i, text_id in enumerate(self.known)}
        self.per_doc: dict[str, list[Note]] = {}
        self._notes_of: dict[str, list[tuple[int, Note]]] = {}
        self._refs_into: dict[str, list[tuple[PassageRef, tuple, str]]] = {}  # text -> (ref, owner, what)
        cpath, epath = self.paths
        for index, note in enumerate(commentary.notes, start=1):
            what = f"note {index}"
            if note.text not in known:
                self._note_error(index, 0, _unknown_text(note.text, self.known, cpath, note.line, what))
                continue
            for entry_id in note.glossary:
                if entry_id not in glossary.entries:
                    self._note_error(
                        index, 2,
                        _error(cpath, f"{what}: unknown glossary entry {entry_id!r}", note.line,
                               "use an `id` from source_texts/glossary/*.yaml"),
                    )
                    break
            for event_id in note.events:
                if event_id not in self.events_by_id:
                    self._note_error(
                        index, 3,
                        _error(cpath, f"{what}: unknown event {event_id!r}", note.line,
                               f"use an `id` from source_texts/{CHRONOLOGY_FILE}"),
                    )
                    break
            for step, ref in enumerate(note.see_also, start=4):
                if ref.text not in known:
                    self._note_error(index, step, _unknown_text(ref.text, self.known, cpath, ref.line, what))
                else:
                    self._refs_into.setdefault(ref.text, []).append((ref, ("note", index, step), what))
            self._notes_of.setdefault(note.text, []).append((index, note))
        for e_index, event in enumerate(commentary.events):
            what = f"event {event.id!r}"
            for entry_id in event.glossary:
                if entry_id not in glossary.entries:
                    self._event_errors.append(
                        ((e_index, 0), _error(epath, f"{what}: unknown glossary entry {entry_id!r}", event.line,
                                              "use an `id` from source_texts/glossary/*.yaml"))
                    )
            for r_index, ref in enumerate(event.passages, start=1):
                if ref.text not in known:
                    self._event_errors.append(((e_index, r_index), _unknown_text(ref.text, self.known, epath, ref.line, what)))
                else:
                    self._refs_into.setdefault(ref.text, []).append((ref, ("event", e_index, r_index), what))
        # the entries whose occurrences place an event (treaties and events named by it)
        self._linked = {
            e for event in commentary.events for e in event.glossary
            if e in glossary.entries and glossary.entries[e].kind in EVENT_ENTRY_KINDS
        }
        self._term_places: dict[str, list[tuple[str, int, str]]] = {}  # entry -> (text, ¶, page)

    def _note_error(self, index: int, step: int, error: EditionError) -> None:
        if index not in self._note_errors or step < self._note_errors[index][0]:
            self._note_errors[index] = (step, error)

    def attach(self, doc: Document) -> None:
        """Resolve everything that concerns this text (its notes numbered, references into it)."""
        cpath, epath = self.paths
        text_id = doc.meta.id
        resolved: list[Note] = []
        for index, note in self._notes_of.get(text_id, []):
            if index in self._note_errors:
                continue
            what = f"note {index}"
            try:
                start, end, page, block = _resolve_quote(doc, note.quote, cpath, note.line, what)
                note.start, note.end = _widen(start, end, doc.spans)
                if note.end > block.end or note.start < block.start:
                    note.start, note.end = start, end
                if splits_word(doc.text, note.end) or loose_end(doc.text, note.end):
                    where = "inside a word" if splits_word(doc.text, note.end) else "with a space or a dash"
                    raise _error(
                        cpath,
                        f"{what}: the passage of the quote {note.quote!r} ends {where} in text {doc.meta.id} "
                        f"(…{doc.text[max(note.end - 12, 0):note.end]}|{doc.text[note.end:note.end + 12]}…); "
                        "the note's marker would split the word or could begin a line alone",
                        note.line,
                        "quote up to the end of the word",
                    )
            except EditionError as exc:
                self._note_error(index, 1, exc)
                continue
            note.page_src, note.paragraph = page, block.number
            note.html_kk = markdown_to_html(note.body_kk)
            note.html_en = markdown_to_html(note.body_en) if note.body_en else ""
            note.sources_html = [_inline_markdown(s) for s in note.sources]
            note.event_labels = [(e, _event_label(self.events_by_id[e])) for e in note.events]
            resolved.append(note)
        resolved.sort(key=lambda n: (n.start, n.end))
        for a, b in zip(resolved, resolved[1:]):
            if b.start < a.end:
                self._overlaps.append(
                    (
                        self._order.get(text_id, 0),
                        _error(
                            cpath,
                            f"the passage of the note on line {b.line} overlaps the note on line {a.line} in text {text_id}",
                            b.line,
                            "anchor the two notes to different words",
                        ),
                    )
                )
        for number, note in enumerate(resolved, start=1):  # in text order
            note.number = number
        if resolved:
            self.per_doc[text_id] = resolved
        for ref, owner, what in self._refs_into.get(text_id, []):
            try:
                _resolve_ref(ref, doc, cpath if owner[0] == "note" else epath, what)
            except EditionError as exc:
                if owner[0] == "note":
                    self._note_error(owner[1], owner[2], exc)
                else:
                    self._event_errors.append(((owner[1], owner[2]), exc))
        if self._linked:
            for span in doc.spans:
                if span.kind == "term" and span.data in self._linked:
                    located = _block_at(doc, span.start, span.end)
                    if located:
                        self._term_places.setdefault(span.data, []).append((text_id, located[1].number, located[0]))

    def finish(self) -> None:
        """Report every error found (EditionErrors), then place the events."""
        errors = [error for _, (_, error) in sorted(self._note_errors.items())]
        errors += [error for _, error in sorted(self._overlaps, key=lambda item: item[0])]
        errors += [error for _, error in sorted(self._event_errors, key=lambda item: item[0])]
        if errors:
            raise EditionErrors(errors)
        _place_events(self.commentary, self.glossary, self._term_places)
        self._cited = cited_in(self.commentary)

    def dress(self, doc: Document) -> None:
        """Give a document of a text (after :meth:`finish`) its notes: spans, ``notes`` and ``cited_by``."""
        self.add_spans(doc)
        doc.notes = list(self.per_doc.get(doc.meta.id, []))  # numbered in text order
        for (text_id, number), notes in self._cited.items():
            if text_id == doc.meta.id:
                doc.cited_by[number] = notes

    def add_spans(self, doc: Document) -> None:
        """Put the text's notes into ``doc`` as ``note`` spans (spans stay sorted by (start, -end))."""
        notes = self.per_doc.get(doc.meta.id, [])
        if notes:
            doc.spans = list(doc.spans)
            for n in notes:
                bisect.insort(doc.spans, Span(n.start, n.end, "note", n), key=lambda s: (s.start, -s.end))


def attach_commentary(
    commentary: Commentary,
    documents: list[Document],
    glossary: Glossary,
    commentary_path: Path,
    chronology_path: Path,
    dress: bool = False,
) -> CommentaryAttacher:
    """Validate notes and events against the texts and glossary; add note spans to the documents
    (with ``dress``, their notes and back-links too: :meth:`CommentaryAttacher.dress`)."""
    attacher = CommentaryAttacher(commentary, [d.meta.id for d in documents], glossary, commentary_path, chronology_path)
    for doc in documents:
        attacher.attach(doc)
    attacher.finish()
    for doc in documents:
        if dress:
            attacher.dress(doc)
        else:
            attacher.add_spans(doc)
    return attacher


def _event_label(event: Event) -> str:
    return f"{date_range_kk(event.date, event.end)} — {event.title_kk}"


def _inline_markdown(text: str) -> str:
    html = markdown_to_html(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


def _place_events(commentary: Commentary, glossary: Glossary, term_places: dict[str, list[tuple[str, int, str]]]) -> None:
    """Every paragraph that discusses each event: passages, notes and glossary terms.

    ``term_places`` holds, for each treaty or event entry an event names, the places
    (text, ¶, page) where the entry is found (gathered text by text by the attacher).
    """
    notes_by_event: dict[str, list[Note]] = {}
    for note in commentary.notes:
        for event_id in note.events:
            notes_by_event.setdefault(event_id, []).append(note)
    for event in commentary.events:
        places: dict[tuple[str, int], PassageRef] = {}

        def add(text_id: str, number: int, page: str) -> None:
            places.setdefault((text_id, number), PassageRef(text=text_id, paragraph=number, page_src=page))

        for ref in event.passages:
            add(ref.text, ref.paragraph, ref.page_src)
        linked_entries = {
            e for e in event.glossary if glossary.entries[e].kind in EVENT_ENTRY_KINDS
        }
        for note in notes_by_event.get(event.id, []):
            add(note.text, note.paragraph, note.page_src)
        for note in commentary.notes:
            if linked_entries & set(note.glossary):
                add(note.text, note.paragraph, note.page_src)
        for entry_id in sorted(linked_entries):
            for text_id, number, page in term_places.get(entry_id, []):
                add(text_id, number, page)
        event.places = sorted(places.values(), key=lambda r: (r.text, r.paragraph))


def cited_in(commentary: Commentary) -> dict[tuple[str, int], list[Note]]:
    """(text id, ¶) → the notes whose "see also" points there."""
    result: dict[tuple[str, int], list[Note]] = {}
    for note in commentary.notes:
        for ref in note.see_also:
            result.setdefault((ref.text, ref.paragraph), [])
            if note not in result[(ref.text, ref.paragraph)]:
                result[(ref.text, ref.paragraph)].append(note)
    return result


def _fast_loader():
    """The project's strict YAML constructors on libyaml's C parser, when PyYAML has it."""
    import yaml

    from ..core.yamlio import _StrictLoader

    base = getattr(yaml, "CSafeLoader", None)
    if base is None:
        return None
    loader = type("_FastStrictLoader", (base,), {})
    for tag in (yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG):
        loader.add_constructor(tag, _StrictLoader.yaml_constructors[tag])
    return loader


def _load(path: Path):
    """Parse a commentary file quickly; on any problem, parse again the ordinary way.

    The ordinary (pure-Python) parse reports errors with the same wording as every
    other YAML file of the edition, so only valid files take the fast path.
    """
    import yaml

    from ..core.yamlio import parse_yaml
    from ..read.sources import decode_bytes

    text = decode_bytes(Path(path).read_bytes(), path, "utf-8")
    loader = _fast_loader()
    if loader is not None:
        try:
            return yaml.load(text, Loader=loader)  # noqa: S506 - SafeLoader subclass
        except yaml.YAMLError:
            pass
    return parse_yaml(text, path)


def load_commentary(sources: Path) -> Commentary:
    """Read and check the shape of both files (missing files mean no notes, no events)."""
    sources = Path(sources)
    errors: list[EditionError] = []
    notes: list[Note] = []
    events: list[Event] = []
    cpath, epath = sources / COMMENTARY_FILE, sources / CHRONOLOGY_FILE
    if cpath.exists():
        notes, errs = parse_notes(_load(cpath), cpath)
        errors.extend(errs)
    if epath.exists():
        events, errs = parse_events(_load(epath), epath)
        errors.extend(errs)
    if errors:
        raise EditionErrors(errors)
    return Commentary(notes=notes, events=events)


def attach_notes(paths, documents: list[Document], glossary: Glossary) -> Commentary:
    """The pipeline's commentary stage: notes become spans of kind `note`; back-links are recorded."""
    commentary = load_commentary(paths.sources)
    sources = Path(paths.sources)
    attach_commentary(commentary, documents, glossary, sources / COMMENTARY_FILE, sources / CHRONOLOGY_FILE, dress=True)
    return commentary


__all__ = [
    "Commentary",
    "CommentaryAttacher",
    "Event",
    "Note",
    "PassageRef",
    "attach_commentary",
    "attach_notes",
    "cited_in",
    "find_quote",
    "load_commentary",
    "markdown_to_html",
    "parse_date",
]
