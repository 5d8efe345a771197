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
from ..core.model import Block, Division, Document, EditionInfo
from ..structure.pages import citations_src, division_src
from . import apparatus
from .base import Page, RenderContext, esc, escape_markdown, front_matter, md_heading, rel_url
from .blocks import render_block
from .corpus import records_of
from .citations import (
    citation_ids,
    citations_note,
    citations_page,
    cite_this_page,
    page_footer,
)
from .names import english_about, short_title, siglum, text_name_html
from .notes import NOTES_MARKER
from .terms import linked_terms

# --------------------------------------------------------------------------- inline


# --------------------------------------------------------------------------- blocks


# --------------------------------------------------------------------------- pages


def text_header(doc: Document) -> str:
    meta = doc.meta
    index = f"{meta.url_dir}/index.md"
    rows = [
        f"<p class=\"edition-editorial-title\"><span class=\"ed-label\">{t('texts.editorial_title')}</span> "
        f"{esc(meta.title)}</p>",
        f'<p class="edition-short-title"><span class="ed-label">{t("texts.short_title_label")}</span> '
        f'{text_name_html(meta, rel_url(index, "texts/index.md", f"siglum-{siglum(meta)}"))}</p>',
        f"<p>{esc(t_label('texts.kinds', meta.kind))} · {esc(t_label('texts.languages', meta.language))}"
        + (f" · {esc(meta.author)}" if meta.author else "")
        + (f" · {esc(meta.year)}" if meta.year else "")
        + "</p>",
    ]
    if meta.source_notes_kk:
        rows.append(f"<p class=\"source-notes\"><strong>{t('texts.source_notes')}</strong> {esc(meta.source_notes_kk)}</p>")
    rows.append(english_about(meta))
    return '<div class="edition-meta" lang="kk">' + "".join(rows) + "</div>\n" + citations_note(doc, f"{meta.url_dir}/index.md")


def editorial_notes(doc: Document, blocks: list[Block]) -> str:
    """The editorial notes of the page that holds ``blocks`` (see ``apparatus.editorial_notes``)."""
    if not blocks:
        return ""
    division = next((d for d in doc.divisions if blocks[0] in d.blocks), None)
    return apparatus.editorial_notes(doc, division) if division is not None else ""


def page_title(doc: Document, division: Division | None = None) -> str:
    """The title of a text's page in the navigation and the browser tab: short, editorial.

    A one-page text and a divided text's index page go by the text's short title; a
    division by its editorial navigation title (texts.yaml structure.nav_titles) or its
    heading.  The page itself shows the full title or the source's heading.
    """
    if division is None or not division.slug:
        return short_title(doc.meta)
    return division.short_title


def body_heading() -> str:
    """The editorial heading where a one-page text begins (the table of contents lists it)."""
    return md_heading(t("texts.body_heading"), t("texts.body_anchor"), "edition-body-heading")


def render_division(doc: Document, division: Division, ctx: RenderContext, toc: str = "") -> str:
    parts = [front_matter(page_title(doc, division), doc.meta.language)]
    blocks = division.blocks
    ctx = dataclasses.replace(ctx, linked_terms=linked_terms(blocks, doc.spans))  # decided per page, first
    if not blocks or blocks[0].kind != "heading" or blocks[0].level != 1:
        parts.append(f"# {escape_markdown(division.title)}\n")
    if not division.slug:
        parts.append(text_header(doc))
    if toc:
        parts.append(toc)
    if not division.slug and blocks:
        parts.append(body_heading())
    spans = doc.spans
    for block in blocks:
        parts.append(render_block(doc, block, spans, ctx))
    parts.append(NOTES_MARKER)  # the commentary's notes (render/notes.py), then the notes on the changes
    parts.append(apparatus.editorial_notes(doc, division))
    return "\n".join(parts)


def render_document(doc: Document, glossary: Glossary, edition: EditionInfo | None = None) -> list[Page]:
    """The pages of one text: one page, or an index page and one page per division.

    ``edition`` (version and build date) is named by each page's citation."""
    pages = []
    ids = citation_ids(doc)
    citations = render_citations(doc)
    if citations is not None:
        pages.append(citations)
    divisions = doc.divisions
    if len(divisions) == 1:
        src = division_src(doc, divisions[0])
        ctx = RenderContext(
            src, glossary, doc.meta.language, citations_src(doc), text=doc.text, citation_ids=ids, edition=edition
        )
        content = render_division(doc, divisions[0], ctx) + page_footer(doc, divisions[0], ctx)
        pages.append(Page(src, page_title(doc, divisions[0]), content))
        return pages
    index_src = f"{doc.meta.url_dir}/index.md"
    index = [
        front_matter(page_title(doc), doc.meta.language),
        f"# {escape_markdown(doc.meta.title)}\n",
        text_header(doc),
        contents_list(doc, index_src),
    ]
    index.append(cite_this_page(doc, None, edition))
    pages.append(Page(index_src, page_title(doc), "\n".join(index)))
    for division in divisions:
        src = division_src(doc, division)
        ctx = RenderContext(
            src, glossary, doc.meta.language, citations_src(doc), text=doc.text, citation_ids=ids, edition=edition
        )
        content = render_division(doc, division, ctx) + page_footer(doc, division, ctx)
        pages.append(Page(src, page_title(doc, division), content))
    return pages


def contents_list(doc: Document, index_src: str) -> str:
    """A divided text's contents: each division by its navigation title, the source's heading beneath.

    The heading is Markdown, so that the table of contents lists it.
    """
    items = []
    for d in doc.divisions:
        href = esc(rel_url(index_src, division_src(doc, d)))
        heading = ""
        if d.nav_title and d.nav_title != d.title:
            heading = f'<span class="text-contents-heading">{esc(d.title)}</span>'
        items.append(f'<li><a href="{href}">{esc(d.short_title)}</a>{heading}</li>')
    return (
        md_heading(t("texts.contents"), t("texts.contents_anchor"))
        + f'<nav class="text-contents" lang="kk" aria-labelledby="{t("texts.contents_anchor")}"><ol>{"".join(items)}</ol></nav>\n'
    )


def render_texts_index(texts) -> Page:
    """The list of texts: what each text's siglum and short title stand for.

    One row per text: siglum; short title (a link) with the full editorial title beneath;
    kind, language and size; the state of the source.  On a phone each row is a card.
    ``texts``: the texts' records (render/corpus.py) or documents.
    """
    records = records_of(texts)
    src = "texts/index.md"
    columns = ("siglum", "names", "about", "source")
    head = "".join(f'<th scope="col" class="texts-{c}">{t(f"texts.columns.{c}")}</th>' for c in columns)
    rows = []
    for record in records:
        meta = record.meta
        href = esc(rel_url(src, f"{meta.url_dir}/index.md"))
        lang = f' lang="{esc(meta.language)}"' if meta.language != "kk" else ""
        notes = esc(meta.source_notes_kk)
        english = english_about(meta)
        about = " · ".join(
            (
                esc(t_label("texts.kinds", meta.kind)),
                esc(t_label("texts.languages", meta.language)),
                t("texts.paragraphs", n=record.paragraphs),
            )
        )
        rows.append(
            f'<tr id="siglum-{esc(siglum(meta))}">'
            f'<th scope="row" class="texts-siglum"><span class="siglum">{esc(siglum(meta))}</span></th>'
            f'<td class="texts-names"><a class="texts-short" href="{href}"{lang}>{esc(short_title(meta))}</a>'
            f'<span class="texts-title"{lang}>{esc(meta.title)}</span></td>'
            f'<td class="texts-about">{about}</td>'
            f'<td class="texts-source" data-label="{t("texts.columns.source")}">{notes}{english}</td></tr>'
        )
    title = t("texts.index_title")
    content = (
        front_matter(title, "kk")
        + f"# {title}\n\n"
        + f'<p class="texts-intro">{t("texts.index_intro", n=len(records))}</p>\n\n'
        + f'<table class="texts-table" lang="kk"><thead><tr data-pagefind-ignore>{head}</tr></thead>'
        + f'<tbody>{"".join(rows)}</tbody></table>\n'
    )
    return Page(src, title, content)


def render_citations(doc: Document) -> Page | None:
    """A text's index of cited numbers, linked to every place each is cited (see render/citations.py)."""
    return citations_page(doc)
