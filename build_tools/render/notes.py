"""Render the commentary (note markers, the notes of a page, back-links) and the chronology page.

Called by :mod:`build_tools.render.text`; everything here is escaped HTML on one line,
a raw-HTML block that Python-Markdown leaves alone.  Note bodies were rendered
from Markdown safely by :func:`build_tools.annotate.commentary.markdown_to_html`.
"""

from __future__ import annotations

import dataclasses

from ..annotate.commentary import Commentary, Event, Note
from ..annotate.glossary import Glossary
from ..core.locale import date_range_kk, t
from ..core.model import Block, Document, Span, TextMeta
from ..structure.pages import division_src
from .base import Page, RenderContext, english_version, esc, front_matter, md_heading, rel_url
from .names import text_name_html

CHRONOLOGY_SRC = "chronology.md"



# --------------------------------------------------------------------------- in the text


def note_tags(span: Span, ctx: RenderContext) -> tuple[str, str]:
    """The passage is marked, and a numbered marker follows it (a link to the note).

    The marker is a plain inline ``sup`` right after the passage's last character, which
    is a letter, a digit or punctuation (annotate/commentary.py refuses a quote ending in a
    space or a dash), so no line break is allowed between the word and its marker.
    """
    note: Note = span.data
    n = note.number
    opening = f'<span class="cm-passage" data-note="{n}">'
    closing = (
        f'</span><sup class="cm-ref"><a class="cm-marker" id="{note.ref_anchor}" href="#{note.anchor}" '
        f'role="doc-noteref" data-note="{n}" aria-label="{t("notes.marker_label", n=n)}">{n}</a></sup>'
    )
    return opening, closing


def _text_name(text_id: str, metas: dict[str, TextMeta]) -> str:
    """A text as the reader knows it (siglum and short title); its id only if unknown (never, once validated)."""
    meta = metas.get(text_id)
    return text_name_html(meta) if meta is not None else esc(text_id)


def cited_html(doc: Document, block: Block, ctx: RenderContext, metas: dict[str, TextMeta] | None = None) -> str:
    """Back-links at a paragraph that notes of the commentary point to."""
    notes = doc.cited_by.get(block.number, []) if block.number else []
    if not notes:
        return ""
    metas = metas if metas is not None else {doc.meta.id: doc.meta}
    links = ", ".join(
        f'<a href="{esc(rel_url(ctx.src_uri, n.page_src, n.anchor))}">'
        f'{t("notes.cited_link", text=_text_name(n.text, metas), n=n.number)}</a>'
        for n in notes
    )
    return f' <span class="cm-cited" lang="kk">[{t("notes.cited_by")}: {links}]</span>'


# Where a text page's notes go: after its last block, before the editorial notes on the
# changes (render/text.py writes it; add_commentary fills or removes it).
NOTES_MARKER = "<!-- edition:notes -->\n"


def add_commentary(
    pages: list[Page], documents: list[Document], glossary: Glossary, metas: dict[str, TextMeta] | None = None
) -> list[Page]:
    """Add the commentary to the rendered text pages: back-links and each page's notes.

    Every block of a page is one line of HTML (see render/text.py), so a cited paragraph's
    back-links go just before the closing tag of the line that holds ``id="p<N>"``.
    The page's notes follow its last block (at ``NOTES_MARKER``).  ``metas`` names the
    texts that notes refer to (by id; default: the texts of ``documents``).
    """
    by_src = {p.src_uri: i for i, p in enumerate(pages)}
    result = list(pages)
    metas = metas if metas is not None else {d.meta.id: d.meta for d in documents}
    for doc in documents:
        if not doc.notes and not doc.cited_by:
            continue
        for division in doc.divisions:
            src = division_src(doc, division)
            if src not in by_src:
                continue
            page = result[by_src[src]]
            ctx = RenderContext(src, glossary, doc.meta.language)
            content = page.content
            for block in division.blocks:
                if block.number and block.number in doc.cited_by:
                    content = _insert_in_block(content, block.number, cited_html(doc, block, ctx, metas))
            section = notes_section(doc, division.blocks, ctx, metas)
            if section and NOTES_MARKER in content:
                content = content.replace(NOTES_MARKER, "\n" + section + "\n", 1)
            elif section:
                content = content.rstrip("\n") + "\n\n" + section
            if content != page.content:
                result[by_src[src]] = dataclasses.replace(page, content=content)
    return [dataclasses.replace(p, content=p.content.replace(NOTES_MARKER, "")) if NOTES_MARKER in p.content else p for p in result]


def _insert_in_block(content: str, number: int, extra: str) -> str:
    start = content.find(f' id="p{number}"')
    if start < 0 or not extra:
        return content
    end = content.find("\n", start)
    end = len(content) if end < 0 else end
    close = content.rfind("</", start, end)
    if close < 0:
        return content
    return content[:close] + extra + content[close:]


def _note_item(note: Note, ctx: RenderContext, glossary: Glossary, metas: dict[str, TextMeta] | None = None) -> str:
    parts = [f'<div class="cm-body">{note.html_kk}']
    if note.html_en:
        parts.append(english_version(note.html_en))
    extras = []
    if note.glossary:
        links = ", ".join(
            f'<a href="{esc(rel_url(ctx.src_uri, f"glossary/{e}.md"))}">{esc(glossary.entries[e].display_name("kk"))}</a>'
            for e in note.glossary
            if e in glossary.entries
        )
        extras.append(f'<p class="cm-gloss">{t("notes.glossary")} {links}</p>')
    if note.see_also:
        metas = metas or {}
        links = ", ".join(
            f'<a class="cm-see" href="{esc(rel_url(ctx.src_uri, r.page_src, f"p{r.paragraph}"))}">'
            + ("" if r.text == note.text else _text_name(r.text, metas) + " ")
            + f"¶&nbsp;{r.paragraph}</a>"
            for r in note.see_also
        )
        extras.append(f'<p class="cm-seealso">{t("notes.see_also")} {links}</p>')
    if note.event_labels:
        links = "; ".join(
            f'<a href="{esc(rel_url(ctx.src_uri, CHRONOLOGY_SRC, f"ev-{e}"))}">{esc(label)}</a>'
            for e, label in note.event_labels
        )
        extras.append(f'<p class="cm-events">{t("notes.events")} {links}</p>')
    if note.sources_html:
        extras.append(f'<p class="cm-sources">{t("notes.sources")} ' + "; ".join(note.sources_html) + "</p>")
    parts.extend(extras)
    parts.append("</div>")
    back = (
        f' <a class="cm-back" href="#{note.ref_anchor}" aria-label="{t("notes.back_label", n=note.number)}" '
        f'title="{t("notes.back")}">↩</a>'
    )
    return (
        f'<li id="{note.anchor}" value="{note.number}" class="cm-note" data-note="{note.number}">'
        f'<span class="cm-where">¶ {note.paragraph}</span>{"".join(parts)}{back}</li>'
    )


def notes_section(doc: Document, blocks: list[Block], ctx: RenderContext, metas: dict[str, TextMeta] | None = None) -> str:
    """The page's notes, as endnotes: on screen with back-links, in print as real notes.

    The heading is Markdown (before the notes' HTML), so that the table of contents lists it.
    """
    numbers = {b.number for b in blocks if b.number}
    notes = [n for n in doc.notes if n.paragraph in numbers]
    if not notes:
        return ""
    items = "".join(_note_item(n, ctx, ctx.glossary, metas) for n in notes)
    anchor = t("notes.anchor")
    return (
        md_heading(t("notes.heading"), anchor, "cm-notes-heading")
        + f'<section class="cm-notes" lang="kk" role="doc-endnotes" aria-labelledby="{anchor}">'
        f"<ol>{items}</ol></section>\n"
    )


# --------------------------------------------------------------------------- chronology


def event_date_kk(event: Event) -> str:
    return date_range_kk(event.date, event.end)


def _fraction(value: str) -> float:
    parts = [int(p) for p in value.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 1
    day = parts[2] if len(parts) > 2 else 1
    return year + (month - 1) / 12 + (day - 1) / 365


def timeline_svg(events: list[Event], src: str = CHRONOLOGY_SRC) -> str:
    """An overview axis drawn at build time: one mark per event, each a link to its entry."""
    if not events:
        return ""
    first = min(e.year for e in events)
    last = max(e.end_year for e in events) + 1
    width, left, right = 960, 20, 20
    span_years = max(last - first, 1)

    def x(value: float) -> float:
        return round(left + (value - first) / span_years * (width - left - right), 1)

    per_year: dict[int, int] = {}
    marks = []
    for e in events:
        row = per_year.get(e.year, 0)
        per_year[e.year] = row + 1
        y = 22 + (row % 5) * 9
        x0 = x(_fraction(e.date))
        title = f"{event_date_kk(e)}: {e.title_kk}"
        if e.end and e.end != e.date:
            x1 = max(x(_fraction(e.end)), x0 + 3)
            shape = f'<rect x="{x0}" y="{y - 3}" width="{round(x1 - x0, 1)}" height="6" rx="3"/>'
        else:
            shape = f'<circle cx="{x0}" cy="{y}" r="4"/>'
        marks.append(f'<a href="#ev-{esc(e.id)}" class="tl-mark"><title>{esc(title)}</title>{shape}</a>')
    ticks = []
    for year in range(first, last + 1):
        tx = x(year)
        major = year % 5 == 0 or year == first
        ticks.append(f'<line x1="{tx}" y1="68" x2="{tx}" y2="{74 if major else 71}"/>')
        if major:
            ticks.append(f'<text x="{tx}" y="86" text-anchor="middle">{year}</text>')
    return (
        # the axis's marks and years are drawing, not text: kept out of the search index;
        # role "group", not "img": the marks inside are links (an image may hold no link)
        f'<figure class="tl-overview" data-pagefind-ignore><svg viewBox="0 0 {width} 92" role="group" '
        f'aria-label="{t("chronology.timeline_label", first=first, last=last - 1)}" xmlns="http://www.w3.org/2000/svg">'
        f'<line class="tl-axis" x1="{left}" y1="68" x2="{width - right}" y2="68"/>'
        f'<g class="tl-ticks">{"".join(ticks)}</g><g class="tl-marks">{"".join(marks)}</g></svg>'
        f"<figcaption>{t('chronology.timeline_caption')}</figcaption></figure>\n"
    )


def _places_html(event: Event, src: str, metas: dict[str, TextMeta]) -> str:
    """Where the texts discuss an event: each text by siglum and short title, then its paragraphs."""
    if not event.places:
        return ""
    by_text: dict[str, list] = {}
    for ref in event.places:
        by_text.setdefault(ref.text, []).append(ref)
    groups = []
    for text_id, refs in by_text.items():
        links = ", ".join(
            f'<a class="tl-place" href="{esc(rel_url(src, r.page_src, f"p{r.paragraph}"))}">¶&nbsp;{r.paragraph}</a>'
            for r in refs
        )
        groups.append(f"<li>{_text_name(text_id, metas)} {links}</li>")
    return (
        f'<div class="tl-where"><span class="tl-label">{t("chronology.in_texts_label")}</span> '
        f'<ul class="tl-places" aria-label="{t("chronology.in_texts")}">{"".join(groups)}</ul></div>'
    )


def _event_html(e: Event, src: str, glossary: Glossary, metas: dict[str, TextMeta]) -> str:
    gloss = ""
    if e.glossary:
        gloss = f'<p class="tl-gloss">{t("chronology.glossary")} ' + ", ".join(
            f'<a class="term" href="{esc(rel_url(src, f"glossary/{g}.md"))}">{esc(glossary.entries[g].display_name("kk"))}</a>'
            for g in e.glossary
        ) + "</p>"
    desc = f'<p class="tl-desc">{esc(e.description_kk)}</p>' if e.description_kk else ""
    english = english_version(f'<p class="tl-title-en">{esc(e.title_en)}</p>')
    return (
        f'<li class="tl-event" id="ev-{esc(e.id)}" data-date="{esc(e.date)}">'
        f'<time class="tl-date" datetime="{esc(e.date)}">{esc(event_date_kk(e))}</time>'
        f'<div class="tl-card"><p class="tl-title">{esc(e.title_kk)}</p>'
        f"{desc}{gloss}{_places_html(e, src, metas)}"
        f"{english}</div></li>"
    )


def render_chronology(commentary: Commentary, metas: list[TextMeta], glossary: Glossary) -> Page:
    """The chronology: the overview axis, then the events by decade and year.

    Decades (h2) and years (h3) are Markdown headings, so that the table of contents lists
    them; each year's events are one line of HTML, an ``<ol>`` (the timeline's line runs
    down the left of headings and lists alike, commentary.css).
    """
    src = CHRONOLOGY_SRC
    metas = {m.id: m for m in metas}
    events = commentary.events
    title = t("chronology.title")
    parts = [
        front_matter(title, "kk"),
        f"# {title}\n",
        f'<p class="tl-intro" lang="kk">{t("chronology.intro")}</p>\n',
        timeline_svg(events, src),
    ]
    by_year: dict[int, list[Event]] = {}
    for e in events:
        by_year.setdefault(e.year, []).append(e)
    body = []
    decade = None
    for year, items in by_year.items():
        if year // 10 != decade:
            decade = year // 10
            body.append(md_heading(t("chronology.decade", decade=decade * 10), f"d{decade * 10}", "tl-decade"))
        body.append(md_heading(str(year), f"y{year}", "tl-year-label", level=3))
        body.append('<ol class="tl-events" lang="kk">' + "".join(_event_html(e, src, glossary, metas) for e in items) + "</ol>\n\n")
    if by_year:
        parts.append("".join(body))
    return Page(src, title, "\n".join(parts))
