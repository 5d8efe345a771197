"""Stage 5 — render: turn annotated documents into Markdown pages for MkDocs.

The text of the edition never passes through the Markdown parser: every
block of a raw text is written as escaped HTML (a raw-HTML block that
Python-Markdown leaves alone), so that ``*``, ``#``, ``<script>`` or ``{{ }}``
in a source are shown literally.  Only headings are Markdown (so that MkDocs
builds the table of contents), and their text is backslash-escaped.
"""

from __future__ import annotations

import bisect
import functools
import html
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field

from . import apparatus
from .glossary import Glossary
from .model import Block, Division, Document, Span

KIND_LABELS = {"article": "Мақала", "essay": "Эссе (реферат)", "dissertation": "Диссертация"}
LANGUAGE_LABELS = {"kk": "қазақ тілі", "ru": "орыс тілі"}


@dataclass(frozen=True)
class Page:
    """A generated Markdown page: where it goes and what it says."""

    src_uri: str  # path under docs/, e.g. "texts/002/1-tarau.md"
    title: str
    content: str

    @property
    def url(self) -> str:
        return page_url(self.src_uri)


def page_url(src_uri: str) -> str:
    """The site URL (directory style) of a Markdown source path."""
    if src_uri.endswith("index.md"):
        return src_uri[: -len("index.md")]
    return src_uri[: -len(".md")] + "/"


def rel_url(from_src: str, to_src: str, anchor: str = "") -> str:
    """A relative link from one generated page to another (directory URLs)."""
    link = _rel_dir(from_src, to_src)
    return link + (f"#{anchor}" if anchor else "")


@functools.lru_cache(maxsize=65536)
def _rel_dir(from_src: str, to_src: str) -> str:
    """The relative path between two pages' directories (pages link to few others, often)."""
    here = page_url(from_src) or "."
    there = page_url(to_src) or "."
    link = posixpath.relpath(there, here)
    if link == ".":
        return "./"
    return link if link.endswith("/") else link + "/"


def division_src(doc: Document, division: Division) -> str:
    if not division.slug:
        return f"{doc.meta.url_dir}/index.md"
    return f"{doc.meta.url_dir}/{division.slug}.md"


def esc(text: str) -> str:
    return html.escape(text, quote=True)


# Exactly the characters Python-Markdown (with the `tables` extension) unescapes:
# a backslash before any other character (`:`, `~`, `=` ...) would be shown.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def escape_markdown(text: str) -> str:
    """Escape text for a Markdown heading: nothing in it may become markup."""
    text = html.escape(text, quote=False)
    return _MD_SPECIAL.sub(r"\\\1", text)


def html_title(title: str) -> str:
    """A page or navigation title for MkDocs: Material writes titles into pages unescaped."""
    return html.escape(title, quote=False)


# --------------------------------------------------------------------------- inline


@dataclass
class RenderContext:
    """What inline rendering needs to know about the page being written."""

    src_uri: str
    glossary: Glossary
    language: str
    citations_src: str = ""  # the text's index of cited numbers
    text: str = ""  # the document's cleaned text (lets the glossary see the matched words)
    seen_terms: set = field(default_factory=set)  # entries already met on this page
    citation_ids: dict = field(default_factory=dict)  # (start, end) of a citation -> its number in the text


def _nest(spans: list[Span]) -> list[tuple[Span, list]]:
    """Arrange spans into a forest; a span that crosses another's boundary is dropped.

    Changes are placed first so that they are never dropped in favour of a term.
    """
    priority = {"note": -1, "change": 0, "citation": 1, "term": 2}
    ordered = sorted(spans, key=lambda s: (priority.get(s.kind, 9), s.start, -s.end))
    accepted: list[Span] = []
    for s in ordered:
        crossing = any(
            (a.start < s.start < a.end < s.end) or (s.start < a.start < s.end < a.end) for a in accepted
        )
        if not crossing:
            accepted.append(s)
    accepted.sort(key=lambda s: (s.start, -s.end, priority.get(s.kind, 9)))
    roots: list[tuple[Span, list]] = []
    stack: list[tuple[Span, list]] = []
    for s in accepted:
        node = (s, [])
        while stack and not (stack[-1][0].start <= s.start and s.end <= stack[-1][0].end):
            stack.pop()
        (stack[-1][1] if stack else roots).append(node)
        stack.append(node)
    return roots


def _open_tag(span: Span, ctx: RenderContext) -> tuple[str, str]:
    if span.kind == "change":
        return apparatus.change_tag(span.data)
    if span.kind == "term":
        from .glossary_pages import term_tags

        return term_tags(span, ctx)
    if span.kind == "note":  # commentary (render_notes.py)
        from .render_notes import note_tags

        return note_tags(span, ctx)
    if span.kind == "citation":
        from .render_structure import citation_tag

        return citation_tag(span, ctx), "</a>"
    if span.kind == "run_in":
        return '<strong class="run-in">', "</strong>"
    return "", ""


def _render_nodes(text: str, start: int, end: int, nodes, ctx: RenderContext) -> str:
    out = []
    pos = start
    for span, children in nodes:
        s, e = max(span.start, start), min(span.end, end)
        if s < pos or s > end:
            continue
        out.append(esc(text[pos:s]))
        opening, closing = _open_tag(span, ctx)
        out.append(opening)
        if span.kind == "citation" and not children:
            # the edition's one form of citation marker; the source's form stays in data-source
            from .citing import uniform_label
            from .render_structure import citation_tag

            source = text[s:e]
            label = uniform_label(source)
            out[-1] = citation_tag(span, ctx, source if label != source else "")
            out.append(esc(label))
        else:
            out.append(_render_nodes(text, s, e, children, ctx))
        out.append(closing)
        pos = e
    out.append(esc(text[pos:end]))
    return "".join(out)


def spans_between(spans: list[Span], start: int, end: int) -> list[Span]:
    """The spans (sorted by start) that begin within [start, end], found by bisection."""
    lo = bisect.bisect_left(spans, start, key=lambda s: s.start)
    hi = bisect.bisect_right(spans, end, key=lambda s: s.start)
    return spans[lo:hi]


def render_inline(text: str, start: int, end: int, spans: list[Span], ctx: RenderContext) -> str:
    """Escaped HTML for text[start:end] with the spans inside it marked up.

    ``spans`` must be sorted by start (``annotate`` returns them so).
    """
    inside = [
        s
        for s in spans_between(spans, start, end)
        if (s.end <= end and (s.start < s.end or start < s.start < end))
        and not (s.kind == "change" and not s.data.before.strip() and not s.data.after.strip())
    ]
    return _render_nodes(text, start, end, _nest(inside), ctx)


# --------------------------------------------------------------------------- blocks


def _pnum(block: Block, text_id: str) -> str:
    anchor = f"p{block.number}"
    return (
        f'<a class="pnum" href="#{anchor}" data-n="{block.number}" '
        f'aria-label="¶ {block.number}" title="{text_id} ¶ {block.number}"></a>'
    )


def render_block(doc: Document, block: Block, spans: list[Span], ctx: RenderContext) -> str:
    text = doc.text
    if block.kind == "heading":
        return f"{'#' * block.level} {escape_markdown(text[block.start:block.end])}\n"
    anchor = f"p{block.number}"
    if block.kind == "paragraph":
        if block.run_in:
            spans = list(spans)  # kept sorted by start: render_inline bisects it
            bisect.insort(spans, Span(block.start, block.start + block.run_in, "run_in"), key=lambda s: s.start)
        body = render_inline(text, block.start, block.end, spans, ctx)
        return f'<p class="para" id="{anchor}">{_pnum(block, doc.meta.id)}{body}</p>\n'
    if block.kind in ("list", "table"):
        from .render_structure import render_list, render_table

        return (render_list if block.kind == "list" else render_table)(doc, block, spans, ctx)
    raise ValueError(f"unknown block kind {block.kind!r}")


# --------------------------------------------------------------------------- pages


def front_matter(title: str, language: str, extra: dict | None = None) -> str:
    lines = ["---", f"title: {_yaml_str(html_title(title))}"]
    if language != "kk":
        lines.append(f"lang: {language}")
    for key, value in (extra or {}).items():
        lines.append(f"{key}: {_yaml_str(str(value))}")
    lines.append("---\n")
    return "\n".join(lines) + "\n"


def _yaml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def text_header(doc: Document) -> str:
    meta = doc.meta
    rows = [
        f"<p class=\"edition-editorial-title\"><span class=\"ed-label\">Редакциялық атау</span> "
        f"{esc(meta.title)} <span class=\"title-en\" lang=\"en\">({esc(meta.title_en)})</span></p>",
        f"<p>{esc(KIND_LABELS.get(meta.kind, meta.kind))} · {esc(LANGUAGE_LABELS.get(meta.language, meta.language))}"
        + (f" · {esc(meta.author)}" if meta.author else "")
        + (f" · {esc(meta.year)}" if meta.year else "")
        + "</p>",
    ]
    if meta.source_notes_kk or meta.source_notes:
        notes = esc(meta.source_notes_kk)
        if meta.source_notes:
            english = f'<span class="title-en" lang="en">{esc(meta.source_notes)}</span>'
            notes = f"{notes} {english}" if notes else english
        rows.append(f"<p class=\"source-notes\"><strong>Дереккөздің күйі.</strong> {notes}</p>")
    from .render_structure import citations_note

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
    from .render_structure import cite_this_page, citation_ids, page_footer

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
        f'<nav class="text-contents" lang="kk"><h2 id="мазмұны">Мазмұны</h2><ol>{links}</ol></nav>\n',
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
            f"{esc(KIND_LABELS.get(doc.meta.kind, doc.meta.kind))}, {esc(LANGUAGE_LABELS.get(doc.meta.language, ''))}, "
            f"{sum(1 for _ in doc.paragraphs())} абзац</li>"
        )
    content = front_matter("Мәтіндер", "kk") + "# Мәтіндер\n\n" + f"<ul class=\"text-list\">{''.join(items)}</ul>\n"
    return Page(src, "Мәтіндер", content)


def citations_src(doc: Document) -> str:
    return f"{doc.meta.url_dir}/citations.md"


def render_citations(doc: Document) -> Page | None:
    """A text's index of cited numbers, linked to every place each is cited (see render_structure)."""
    from .render_structure import citations_page

    return citations_page(doc)
