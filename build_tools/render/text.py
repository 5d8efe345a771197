"""Stage 5 — render: turn annotated documents into Markdown pages for MkDocs.

The text of the edition never passes through the Markdown parser: every
block of a raw text is written as escaped HTML (a raw-HTML block that
Python-Markdown leaves alone), so that ``*``, ``#``, ``<script>`` or ``{{ }}``
in a source are shown literally.  Only headings are Markdown (so that MkDocs
builds the table of contents), and their text is backslash-escaped.
"""

from __future__ import annotations

import dataclasses

from ..annotate.glossary import Glossary
from ..core.locale import t, t_label
from ..core.model import Block, Division, Document
from ..structure.pages import citations_src, division_src
from . import apparatus
from .base import Page, RenderContext, esc, escape_markdown, front_matter, rel_url
from .blocks import render_block
from .citations import (
    citation_ids,
    citations_note,
    citations_page,
    cite_this_page,
    page_footer,
)
from .terms import linked_terms

# --------------------------------------------------------------------------- inline


# --------------------------------------------------------------------------- blocks


# --------------------------------------------------------------------------- pages


def text_header(doc: Document) -> str:
    meta = doc.meta
    rows = [
        f"<p class=\"edition-editorial-title\"><span class=\"ed-label\">{t('texts.editorial_title')}</span> "
        f"{esc(meta.title)} <span class=\"title-en\" lang=\"en\">({esc(meta.title_en)})</span></p>",
        f"<p>{esc(t_label('texts.kinds', meta.kind))} · {esc(t_label('texts.languages', meta.language))}"
        + (f" · {esc(meta.author)}" if meta.author else "")
        + (f" · {esc(meta.year)}" if meta.year else "")
        + "</p>",
    ]
    if meta.source_notes_kk or meta.source_notes:
        notes = esc(meta.source_notes_kk)
        if meta.source_notes:
            english = f'<span class="title-en" lang="en">{esc(meta.source_notes)}</span>'
            notes = f"{notes} {english}" if notes else english
        rows.append(f"<p class=\"source-notes\"><strong>{t('texts.source_notes')}</strong> {notes}</p>")
    return '<div class="edition-meta" lang="kk">' + "".join(rows) + "</div>\n" + citations_note(doc, f"{meta.url_dir}/index.md")


def editorial_notes(doc: Document, blocks: list[Block]) -> str:
    """The editorial notes of the page that holds ``blocks`` (see ``apparatus.editorial_notes``)."""
    if not blocks:
        return ""
    division = next((d for d in doc.divisions if blocks[0] in d.blocks), None)
    return apparatus.editorial_notes(doc, division) if division is not None else ""


def render_division(doc: Document, division: Division, ctx: RenderContext, toc: str = "") -> str:
    parts = [front_matter(division.title, doc.meta.language)]
    blocks = division.blocks
    ctx = dataclasses.replace(ctx, linked_terms=linked_terms(blocks, doc.spans))  # decided per page, first
    if not blocks or blocks[0].kind != "heading" or blocks[0].level != 1:
        parts.append(f"# {escape_markdown(division.title)}\n")
    if not division.slug:
        parts.append(text_header(doc))
    if toc:
        parts.append(toc)
    spans = doc.spans
    for block in blocks:
        parts.append(render_block(doc, block, spans, ctx))
    parts.append(apparatus.editorial_notes(doc, division))
    return "\n".join(parts)


def render_document(doc: Document, glossary: Glossary) -> list[Page]:
    """The pages of one text: one page, or an index page and one page per division."""
    pages = []
    ids = citation_ids(doc)
    citations = render_citations(doc)
    if citations is not None:
        pages.append(citations)
    divisions = doc.divisions
    if len(divisions) == 1:
        src = division_src(doc, divisions[0])
        ctx = RenderContext(src, glossary, doc.meta.language, citations_src(doc), text=doc.text, citation_ids=ids)
        pages.append(Page(src, doc.meta.title, render_division(doc, divisions[0], ctx) + page_footer(doc, divisions[0], ctx)))
        return pages
    index_src = f"{doc.meta.url_dir}/index.md"
    links = "".join(
        f'<li><a href="{esc(rel_url(index_src, division_src(doc, d)))}">{esc(d.title)}</a></li>' for d in divisions
    )
    index = [
        front_matter(doc.meta.title, doc.meta.language),
        f"# {escape_markdown(doc.meta.title)}\n",
        text_header(doc),
        f'<nav class="text-contents" lang="kk"><h2 id="{t("texts.contents_anchor")}">{t("texts.contents")}</h2>'
        f"<ol>{links}</ol></nav>\n",
    ]
    index.append(cite_this_page(doc, None))
    pages.append(Page(index_src, doc.meta.title, "\n".join(index)))
    for division in divisions:
        src = division_src(doc, division)
        ctx = RenderContext(src, glossary, doc.meta.language, citations_src(doc), text=doc.text, citation_ids=ids)
        pages.append(Page(src, division.title, render_division(doc, division, ctx) + page_footer(doc, division, ctx)))
    return pages


def render_texts_index(docs: list[Document]) -> Page:
    src = "texts/index.md"
    items = []
    for doc in docs:
        href = rel_url(src, f"{doc.meta.url_dir}/index.md")
        items.append(
            f'<li><a href="{esc(href)}">{esc(doc.meta.title)}</a> '
            f'<span class="title-en" lang="en">({esc(doc.meta.title_en)})</span> — '
            f"{esc(t_label('texts.kinds', doc.meta.kind))}, {esc(t_label('texts.languages', doc.meta.language, ''))}, "
            f"{t('texts.paragraphs', n=sum(1 for _ in doc.paragraphs()))}</li>"
        )
    title = t("texts.index_title")
    content = front_matter(title, "kk") + f"# {title}\n\n" + f"<ul class=\"text-list\">{''.join(items)}</ul>\n"
    return Page(src, title, content)


def render_citations(doc: Document) -> Page | None:
    """A text's index of cited numbers, linked to every place each is cited (see render/citations.py)."""
    return citations_page(doc)
