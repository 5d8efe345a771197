"""Stage 5 — render: the printed edition, one HTML document per PDF, made from the model.

A printed chapter reads like a book, so it is not the web page printed: it is written here
from the same documents, with the apparatus in the places print gives it.

* The body is the edited text and nothing else: no expansions of abbreviations, no
  original readings, no links. Paragraph numbers (¶) stand in the margin, as on the site.
* A substantive change (an emendation, a corrected misreading, a removed passage: a change
  that is not trivial, see ``apparatus.is_trivial``) is a footnote, keyed by a letter
  placed after the word it changed, never inside it. The footnote gives the edited
  word, the source's reading and the reason, in the manner of a critical apparatus
  ("lemma] түпн. reading").
* Trivial normalisations (spacing, look-alike letters, line ends) and whitespace-only
  changes are not marked: the editorial note at the front counts them by kind.
* The commentary's notes are endnotes, numbered as on the site; their numbers are the calls.
* Every page after the title page names the version and build date at its foot.
* The front matter: a title page (the state of the source, the version and build date, how to
  cite in this version, the licence), a contents list with page numbers when there are several sections, the list
  of abbreviations the PDF uses (from the glossary, in Kazakh alphabetical order) and the
  editorial note.

The layout is CSS Paged Media (``build_tools/data/print/edition.css``); the engine that
turns this document into a PDF is the publish stage's business (``publish/pdf.py``).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from ..annotate.glossary import Glossary
from ..core.kazakh import sort_key
from ..core.locale import t, t_label
from ..core.model import Block, Change, Division, Document, EditionInfo
from . import apparatus
from .base import esc
from .blocks import inline_ranges
from .citing import edition_title, gost_reference, uniform_label
from .names import short_title, siglum

# --------------------------------------------------------------------------- what a PDF holds


@dataclass(frozen=True)
class PrintPlan:
    """One printed document: a text, the divisions it prints and how it is named."""

    doc: Document
    divisions: tuple[Division, ...]
    kind: str  # "text" (a one-page text), "part" (one division) or "full" (every division)
    url: str = ""  # the printed page's address on the published site ("" if unknown)

    @property
    def title(self) -> str:
        if self.kind == "part":
            return self.divisions[0].title
        return self.doc.meta.title


# --------------------------------------------------------------------------- the apparatus


@dataclass(frozen=True)
class Footnote:
    """The substantive changes of one word as a footnote: where its call stands and what it says."""

    anchor: int  # position in the cleaned text after which the call stands (a word's end)
    changes: tuple[Change, ...]
    lemma: str  # the edited word(s)
    reading: str  # the source's word(s)

    def html(self, n: int) -> str:
        """The footnote, the n-th of its document: ``call-n`` marks where its call stands and
        ``fn-n`` the note (publish/pdf.py checks that they share a page)."""
        reason = "; ".join(dict.fromkeys(apparatus.reason(c) for c in self.changes))
        if not self.lemma:  # a passage removed: the source's words are the note
            text = t("print.footnote_removed", reading=esc(self.reading), reason=esc(reason))
        else:
            text = t("print.footnote", lemma=esc(self.lemma), reading=esc(self.reading), reason=esc(reason))
        rules = "+".join(dict.fromkeys(c.rule for c in self.changes))
        return f'<span class="fn-call" id="call-{n}"></span><span class="fn" id="fn-{n}" data-rule="{esc(rules)}">{text}</span>'


def is_substantive(change: Change) -> bool:
    """Whether a change is footnoted (not trivial, and more than white space)."""
    return not apparatus.is_trivial(change) and not apparatus.is_whitespace_only(change)


_TRAILING = ",.;:!?»”\")]…"


def word_end(text: str, pos: int) -> int:
    """Where a call after the word that ``pos`` stands in goes: the end of its run of
    non-space characters, before the punctuation that closes it ("Д.Қ", "СНВ-1-ге,")."""
    start = pos
    while pos < len(text) and not text[pos].isspace():
        pos += 1
    while pos > start and text[pos - 1] in _TRAILING:
        pos -= 1
    return pos


def _one_line(text: str) -> str:
    return " ".join(text.split())


_EDGE = ",.;:!?«»\"“”„()[]"


def _is_removal(locs) -> bool:
    """Whether a footnote's changes only remove words (not a stray mark): it then quotes them."""
    return all(not x.change.after.strip() for x in locs) and any(ch.isalpha() for x in locs for ch in x.change.before)


def _words_around(text: str, lo: int, hi: int) -> tuple[int, int]:
    """[lo, hi) widened by the word before and the word after it."""
    while lo > 0 and text[lo - 1].isspace():
        lo -= 1
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and text[hi].isspace():
        hi += 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return lo, hi


def _trim_common(lemma: str, reading: str) -> tuple[str, str]:
    """The lemma and the reading without the punctuation both share at their edges ("сөз," "сөз,")."""
    while len(lemma) > 1 and len(reading) > 1 and lemma[-1] == reading[-1] and lemma[-1] in _EDGE:
        lemma, reading = lemma[:-1], reading[:-1]
    while len(lemma) > 1 and len(reading) > 1 and lemma[0] == reading[0] and lemma[0] in _EDGE:
        lemma, reading = lemma[1:], reading[1:]
    return lemma, reading


def _stretches(division: Division) -> list[tuple[int, int]]:
    """The printed stretches of a division's text, in reading order (headings included)."""
    out = []
    for block in division.blocks:
        if block.kind == "heading":
            out.append((block.start, block.end))
        else:
            out.extend(inline_ranges(block))
    return out


def footnotes(doc: Document, division: Division, located=None) -> dict[tuple[int, int], list[Footnote]]:
    """The division's substantive changes as footnotes, by the stretch that carries their call.

    Every substantive change the division answers for is in exactly one footnote; the
    changes of one word share it (one call, the source's word once). A change outside every
    stretch (between two blocks) is called at the end of the stretch before it.
    """
    stretches = _stretches(division)
    if not stretches:
        return {}
    starts = [s for s, _ in stretches]
    raw, text = doc.clean.raw, doc.text
    groups: dict[tuple[tuple[int, int], int], list] = {}
    for loc in apparatus.located_changes(doc, division) if located is None else located:
        if not is_substantive(loc.change):
            continue
        out_end = loc.out_start + len(loc.change.after)
        s, e = stretches[max(0, bisect.bisect_right(starts, loc.out_start) - 1)]
        anchor = min(max(word_end(text, out_end), s), e)
        groups.setdefault(((s, e), anchor), []).append(loc)
    result: dict[tuple[int, int], list[Footnote]] = {}
    for (stretch, anchor), locs in groups.items():
        raw_lo = min(x.change.start - len(x.before_left) for x in locs)
        raw_hi = max(x.change.end + len(x.before_right) for x in locs)
        lo = min(x.out_start - len(x.after_left) for x in locs)
        hi = max(x.out_start + len(x.change.after) + len(x.after_right) for x in locs)
        if _is_removal(locs):  # a passage removed: the removed words themselves
            lemma, reading = "", _one_line(" ".join(x.change.before for x in locs))
        else:
            lemma, reading = _trim_common(_one_line(text[lo:hi]), _one_line(raw[raw_lo:raw_hi]))
            if not lemma.strip() or not reading.strip() or len(lemma) < 2:  # a mark between words: show them
                raw_lo, raw_hi = _words_around(raw, raw_lo, raw_hi)
                lo, hi = _words_around(text, lo, hi)
                lemma, reading = _trim_common(_one_line(text[lo:hi]), _one_line(raw[raw_lo:raw_hi]))
        note = Footnote(anchor, tuple(x.change for x in locs), lemma, reading)
        result.setdefault(stretch, []).append(note)
    return result


def counted_changes(located) -> Counter:
    """The changes made without a footnote, by kind (apparatus group), of located changes."""
    return Counter(apparatus.group_of(loc.change) for loc in located if not is_substantive(loc.change))


# --------------------------------------------------------------------------- the text


@dataclass
class _Printer:
    """Writes one document's stretches of text with their calls (footnotes, note numbers)."""

    doc: Document
    notes_by_end: dict[int, list] = field(default_factory=dict)
    citations: dict[int, tuple[int, str]] = field(default_factory=dict)  # start -> (end, uniform label)
    note_ends: list[int] = field(default_factory=list)  # sorted keys of notes_by_end
    citation_starts: list[int] = field(default_factory=list)  # sorted keys of citations
    notes_used: list = field(default_factory=list)
    footnotes_written: int = 0

    @classmethod
    def of(cls, doc: Document) -> "_Printer":
        printer = cls(doc)
        for span in doc.spans:
            if span.kind == "note":
                printer.notes_by_end.setdefault(span.end, []).append(span.data)
            elif span.kind == "citation":
                source = doc.text[span.start : span.end]
                label = uniform_label(source)
                if label != source:
                    printer.citations[span.start] = (span.end, label)
        printer.note_ends = sorted(printer.notes_by_end)
        printer.citation_starts = sorted(printer.citations)
        return printer

    def inline(self, start: int, end: int, notes: list[Footnote], run_in: int = 0) -> str:
        """The text of [start, end) with its calls; a run-in heading's first characters bold."""
        text = self.doc.text
        cuts: dict[int, list[str]] = {}
        for note in notes:
            self.footnotes_written += 1
            cuts.setdefault(note.anchor, []).append(note.html(self.footnotes_written))
        for pos in _between(self.note_ends, start + 1, end):
            for note in self.notes_by_end[pos]:
                self.notes_used.append(note)
                cuts.setdefault(pos, []).append(
                    f'<sup class="note-call"><a href="#note-{note.number}">{note.number}</a></sup>'
                )
        replaced = {}
        for s in _between(self.citation_starts, start, end):
            e, label = self.citations[s]
            if e <= end:
                replaced[s] = (e, label)
        points = sorted(set(cuts) | set(replaced) | ({start + run_in} if run_in else set()))
        out = ['<strong class="run-in">' if run_in else ""]
        pos = start
        for i, point in enumerate(points):
            if point < pos:  # inside a replaced citation marker: the calls still stand
                out.extend(cuts.get(point, ()))
                continue
            if point in cuts:
                # the word, its calls and the punctuation after them never part at a line's end
                limit = min(points[i + 1] if i + 1 < len(points) else end, end)
                word_at = max(text.rfind(" ", pos, point), text.rfind("\n", pos, point)) + 1 or pos
                after = point
                while after < limit and text[after] in _TRAILING:
                    after += 1
                out.append(esc(text[pos : max(word_at, pos)]))
                out.append(
                    f'<span class="call-group">{esc(text[max(word_at, pos) : point])}'
                    f'{"".join(cuts[point])}{esc(text[point:after])}</span>'
                )
                pos = after
            else:
                out.append(esc(text[pos:point]))
                pos = point
            if run_in and point == start + run_in:
                out.append("</strong>")
            if point in replaced and pos == point:
                e, label = replaced[point]
                out.append(f'<span class="cite">{esc(label)}</span>')
                pos = e
        out.append(esc(text[pos:end]))
        return "".join(out)


def _between(points: list[int], lo: int, hi: int) -> list[int]:
    """The sorted `points` within [lo, hi]."""
    return points[bisect.bisect_left(points, lo) : bisect.bisect_right(points, hi)]


def _pnum(block: Block) -> str:
    return f'<span class="pnum" aria-hidden="true">¶\u00a0{block.number}</span>'


def _block_html(printer: _Printer, block: Block, notes: dict, heading_id: str = "", level_shift: int = 0) -> str:
    doc = printer.doc
    text = doc.text

    def span(s: int, e: int, run_in: int = 0) -> str:
        return printer.inline(s, e, notes.get((s, e), []), run_in)

    if block.kind == "heading":
        level = min(6, block.level + level_shift)
        label = esc(_one_line(text[block.start : block.end]))
        return f'<h{level} id="{heading_id}" data-bookmark="{label}">{span(block.start, block.end)}</h{level}>\n'
    anchor = f' id="p{block.number}"' if block.number else ""
    if block.kind == "paragraph":
        return f'<p class="para"{anchor}>{_pnum(block)}{span(block.start, block.end, block.run_in)}</p>\n'
    if block.kind == "list":
        tag = "ol" if block.ordered else "ul"
        markers = list(block.markers) or [""] * len(block.parts)
        items = "".join(
            f'<li><span class="marker">{esc(m)}</span> {span(s, e)}</li>' if m else f"<li>{span(s, e)}</li>"
            for (s, e), m in zip(block.parts, markers)
        )
        return f'<div class="para para-list"{anchor}>{_pnum(block)}<{tag}>{items}</{tag}></div>\n'
    if block.kind == "table":
        head, *body = block.parts
        caption = ""
        if block.caption:
            caption = f"<caption>{span(*block.caption)}</caption>"
        elif block.editorial_caption:
            caption = f'<caption class="editorial">[{esc(block.editorial_caption)}]</caption>'
        thead = "".join(f'<th scope="col">{span(s, e)}</th>' for s, e in head)
        rows = "".join("<tr>" + "".join(f"<td>{span(s, e)}</td>" for s, e in row) + "</tr>" for row in body)
        return (
            f'<div class="para para-table"{anchor}>{_pnum(block)}<table>{caption}'
            f"<thead><tr>{thead}</tr></thead><tbody>{rows}</tbody></table></div>\n"
        )
    raise ValueError(f"unknown block kind {block.kind!r}")


# --------------------------------------------------------------------------- front matter


def abbreviations(doc: Document, divisions, glossary: Glossary) -> list[tuple[str, str]]:
    """The glossary's abbreviations (its entries' ``acronym`` forms) the printed divisions use:
    (abbreviation, full name), in Kazakh order.

    The full name is given in the text's language when the glossary has it, else in Kazakh.
    """
    ranges = [(d.blocks[0].start, d.blocks[-1].end) for d in divisions if d.blocks]
    found: dict[str, str] = {}
    for span in doc.spans:
        if span.kind != "term" or not any(lo <= span.start < hi for lo, hi in ranges):
            continue
        entry = glossary.entries.get(span.data)
        form = glossary.form_of(doc.text[span.start : span.end], span.data)
        if entry is None or form is None or form.form not in entry.acronyms():
            continue  # a full name, or a variant spelt in capitals («Нұр-Сұлтан»): not an abbreviation
        name = entry.display_name(doc.meta.language)
        if name != form.form:  # «ЭКСПО-2017» is its own name: nothing to explain
            found.setdefault(form.form, name)
    return sorted(found.items(), key=lambda item: sort_key(item[0]))


def _title_page(plan: PrintPlan, edition: EditionInfo) -> str:
    meta = plan.doc.meta
    part = plan.divisions[0].title if plan.kind == "part" else ""
    facts = " · ".join(
        x
        for x in (
            esc(meta.author),
            esc(meta.year),
            esc(t_label("texts.kinds", meta.kind)),
            esc(t_label("texts.languages", meta.language)),
        )
        if x
    )
    reference = gost_reference(meta, part, plan.url, accessed=edition.date, info=edition)
    rows = [
        f'<p class="tp-edition">{esc(edition_title())}</p>',
        f'<p class="tp-siglum">{esc(siglum(meta))} · {esc(short_title(meta))}</p>',
    ]
    english = f'<p class="tp-en" lang="en">{esc(meta.title_en)}</p>' if meta.title_en else ""
    if part:  # the text's title and its English, then the chapter's
        rows.append(f'<p class="tp-text" lang="{esc(meta.language)}">{esc(meta.title)}</p>{english}')
        rows.append(f'<h1 class="tp-title" lang="{esc(meta.language)}">{esc(part)}</h1>')
    else:
        # a one-page text's title is its first bookmark (a divided text's divisions have their own)
        rows.append(f'<h1 class="tp-title tp-bookmark" lang="{esc(meta.language)}">{esc(meta.title)}</h1>{english}')
    rows.append(f'<p class="tp-facts">{facts}</p>')
    if meta.source_notes_kk:
        rows.append(f'<p class="tp-source"><strong>{t("texts.source_notes")}</strong> {esc(meta.source_notes_kk)}</p>')
    rows.append(
        '<div class="tp-colophon">'
        f'<p class="tp-version">{t("print.version", version=esc(edition.version), date=esc(edition.date))}</p>'
        f'<p class="tp-cite"><strong>{t("print.cite")}</strong> {esc(reference)}</p>'
        + (
            f'<p class="tp-licence"><strong>{t("print.licence")}</strong> {esc(edition.licence_kk)} '
            f"({esc(edition.licence_name)}: {esc(edition.licence_url)})</p>"
            if edition.licence_name
            else f'<p class="tp-licence"><strong>{t("print.licence")}</strong> {t("print.no_licence")}</p>'
        )
        + "</div>"
    )
    head = esc(f"{siglum(meta)} · {short_title(meta)}")
    return f'<section class="title-page" lang="kk" data-head="{head}">{"".join(rows)}</section>\n'


def _contents(entries: list[tuple[int, str, str]]) -> str:
    items = "".join(
        f'<li class="toc-{level}"><a href="#{hid}"><span class="toc-title">{esc(title)}</span></a></li>'
        for level, hid, title in entries
    )
    return (
        f'<nav class="contents" lang="kk"><h2 class="front-heading" id="contents">{t("print.contents")}</h2>'
        f"<ol>{items}</ol></nav>\n"
    )


def _abbreviations(items: list[tuple[str, str]], language: str) -> str:
    if not items:
        return ""
    rows = "".join(f'<dt>{esc(a)}</dt><dd lang="{esc(language)}">{esc(name)}</dd>' for a, name in items)
    return (
        f'<section class="abbreviations" lang="kk"><h2 class="front-heading" id="abbreviations">'
        f'{t("print.abbreviations")}</h2><dl>{rows}</dl></section>\n'
    )


def _editorial_note(counts: Counter, n_footnotes: int, n_notes: int) -> str:
    kinds = [
        t("print.counted_kind", kind=esc(apparatus.group_title(g)).lower(), n=counts[g])
        for g in apparatus.sort_groups(counts)
    ]
    parts = [t("print.note_intro")]
    parts.append(t("print.note_footnotes", n=n_footnotes) if n_footnotes else t("print.note_no_footnotes"))
    if kinds:
        parts.append(t("print.note_counted", kinds="; ".join(kinds), n=sum(counts.values())))
    if n_notes:
        parts.append(t("print.note_commentary", n=n_notes))
    return (
        f'<section class="editorial-note" lang="kk"><h2 class="front-heading" id="editorial-note">'
        f'{t("print.editorial_note")}</h2><p>{" ".join(parts)}</p></section>\n'
    )


_LINK = re.compile(r"<a\b[^>]*>|</a>")


def _endnotes(notes: list) -> str:
    if not notes:
        return ""
    items = []
    for note in notes:
        body = _LINK.sub("", note.html_kk)
        sources = ""
        if note.sources_html:
            sources = f'<p class="note-sources">{t("notes.sources")} {_LINK.sub("", "; ".join(note.sources_html))}</p>'
        items.append(
            f'<li id="note-{note.number}"><span class="note-number">{note.number}.</span> '
            f'<a class="note-where" href="#p{note.paragraph}">¶\u00a0{note.paragraph}.</a> '
            f"{body}{sources}</li>"
        )
    return (
        f'<section class="endnotes" lang="kk"><h2 id="endnotes" data-bookmark="{t("notes.heading")}">'
        f'{t("notes.heading")}</h2><ol>{"".join(items)}</ol></section>\n'
    )


# --------------------------------------------------------------------------- the document


@dataclass
class PrintedBody:
    """The text of a print document and what its front matter says about it."""

    html: str
    contents: list[tuple[int, str, str]]  # (level, id, title) of the headings the contents list
    footnoted: int  # substantive changes, in footnotes
    counted: Counter  # the other changes, by kind
    notes: list  # the commentary's notes called in the text, each once, in order


def print_body(plan: PrintPlan) -> PrintedBody:
    """The body's HTML and what the front matter needs to know of it."""
    doc = plan.doc
    printer = _Printer.of(doc)
    parts, contents = [], []
    footnoted, counted = 0, Counter()
    k = 0
    full = plan.kind == "full"
    for division in plan.divisions:
        located = apparatus.located_changes(doc, division)
        notes = footnotes(doc, division, located)
        footnoted += sum(len(n.changes) for v in notes.values() for n in v)
        counted += counted_changes(located)
        blocks = division.blocks
        head = esc(division.short_title if plan.kind != "text" else "")
        section = [f'<section class="division" data-head="{head}">']
        if not blocks or blocks[0].kind != "heading" or blocks[0].level != 1:
            if plan.kind != "text":
                k += 1
                hid = f"h{k}"
                section.append(f'<h1 id="{hid}" data-bookmark="{esc(division.title)}">{esc(division.title)}</h1>\n')
                contents.append((1, hid, division.title))
        for block in blocks:
            hid = ""
            if block.kind == "heading":
                k += 1
                hid = f"h{k}"
                if block.level <= (2 if full else 3):
                    title = division.short_title if full and block.level == 1 else _one_line(doc.text[block.start : block.end])
                    contents.append((block.level, hid, title))
            section.append(_block_html(printer, block, notes, hid))
        section.append("</section>\n")
        parts.append("".join(section))
    called = list({n.number: n for n in printer.notes_used}.values())
    return PrintedBody("".join(parts), contents, footnoted, counted, called)


def running_footer(edition: EditionInfo) -> str:
    """What the foot of every page but the title page says: the version and the build date
    (the stylesheet takes it from the front matter's ``data-stamp``, string-set edition-stamp)."""
    if not edition.date:
        return t("changelog.version", version=edition.version)
    return t("changelog.running_footer", version=edition.version, date=edition.date)


def print_document(plan: PrintPlan, glossary: Glossary, edition: EditionInfo, stylesheets: list[str]) -> str:
    """The whole print document of one PDF (HTML, styled by ``stylesheets``)."""
    doc = plan.doc
    body = print_body(plan)
    front = [_title_page(plan, edition)]
    if len(body.contents) > 1:
        front.append(_contents(body.contents))
    front.append(_abbreviations(abbreviations(doc, plan.divisions, glossary), doc.meta.language))
    front.append(_editorial_note(body.counted, body.footnoted, len(body.notes)))
    meta = doc.meta
    subject = meta.title if plan.kind == "part" else edition_title()  # the whole text, or the edition
    head = [
        '<meta charset="utf-8">',
        f"<title>{esc(plan.title)}</title>",  # the PDF's title, subject, creator and dates
        f'<meta name="description" content="{esc(subject)}">',
        f'<meta name="generator" content="{esc(edition_title())} (build_tools)">',
        *(f'<meta name="dcterms.{k}" content="{esc(edition.date)}">' for k in ("created", "modified") if edition.date),
        *(f'<link rel="stylesheet" href="{esc(href)}">' for href in stylesheets),
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(meta.language)}"><head>{"".join(head)}</head>\n<body>\n'
        f'<div class="front-matter" data-stamp="{esc(running_footer(edition))}">{"".join(front)}</div>\n'
        f'<main class="text" lang="{esc(meta.language)}">{body.html}</main>\n'
        f"{_endnotes(body.notes)}"
        "</body></html>\n"
    )
