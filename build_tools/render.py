"""Stage 5 — render: turn annotated documents into Markdown pages for MkDocs.

The text of the edition never passes through the Markdown parser: every
block of a raw text is written as escaped HTML (a raw-HTML block that
Python-Markdown leaves alone), so that ``*``, ``#``, ``<script>`` or ``{{ }}``
in a source are shown literally.  Only headings are Markdown (so that MkDocs
builds the table of contents), and their text is backslash-escaped.
"""

from __future__ import annotations

import bisect
import html
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field

from . import citing
from .clean import rule_by_name
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
    here = page_url(from_src) or "."
    there = page_url(to_src) or "."
    link = posixpath.relpath(there, here)
    if link == ".":
        link = "./"
    elif not link.endswith("/"):
        link += "/"
    return link + (f"#{anchor}" if anchor else "")


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
    priority = {"change": 0, "citation": 1, "term": 2}
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
        ch = span.data
        r = rule_by_name(ch.rule)
        reason = r.label_kk if r else ("Редактор түзетуі" if ch.rule.startswith("emendation") else ch.rule)
        if ch.note:
            reason += f" — {ch.note}"
        title = f"Түпнұсқада: «{ch.before}». {reason}"
        cls = "ed-change ed-del" if not ch.after else "ed-change"
        return (
            f'<span class="{cls}" tabindex="0" data-rule="{esc(ch.rule)}" data-before="{esc(ch.before)}" '
            f'title="{esc(title)}">',
            "</span>",
        )
    if span.kind == "term":
        from .glossary_pages import term_tags

        return term_tags(span, ctx)
    if span.kind == "citation":
        return _citation_tag(span, ctx), "</a>"
    if span.kind == "run_in":
        return '<strong class="run-in">', "</strong>"
    return "", ""


def _citation_tag(span: Span, ctx: RenderContext, source: str = "") -> str:
    """The opening tag of a citation marker, linked to the text's index of cited numbers."""
    numbers = span.data
    first = numbers[0] if numbers else 0
    href = rel_url(ctx.src_uri, ctx.citations_src, f"ref-{first}") if first else "#"
    label = ", ".join(str(n) for n in numbers)
    k = ctx.citation_ids.get((span.start, span.end))
    anchor = f' id="cite-{k}"' if k else ""
    data_source = f' data-source="{esc(source)}"' if source else ""
    return (
        f'<a class="citation"{anchor} href="{esc(href)}" data-cites="{esc(label)}"{data_source} '
        f'title="Дереккөз {esc(label)} (әдебиеттер тізімі түпнұсқада жоқ)">'
    )


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
            source = text[s:e]
            label = citing.uniform_label(source)
            out[-1] = _citation_tag(span, ctx, source if label != source else "")
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
    if block.kind == "list":
        return _render_list(doc, block, spans, ctx)
    if block.kind == "table":
        return _render_table(doc, block, spans, ctx)
    raise ValueError(f"unknown block kind {block.kind!r}")


def _render_list(doc: Document, block: Block, spans: list[Span], ctx: RenderContext) -> str:
    """A list; each item keeps its source marker (data-marker), numbers their value."""
    text = doc.text
    tag = "ol" if block.ordered else "ul"
    markers = list(block.markers) or [""] * len(block.parts)
    items = []
    for (s, e), marker in zip(block.parts, markers):
        attrs = f' data-marker="{esc(marker)}"' if marker else ""
        attrs += _marker_change_attrs(text, s, spans)
        if block.ordered and marker[:-1].isdigit():
            attrs += f' value="{int(marker[:-1])}"'
        items.append(f"<li{attrs}>{render_inline(text, s, e, spans, ctx)}</li>")
    start = ""
    if block.ordered and markers and markers[0][:-1].isdigit() and int(markers[0][:-1]) != 1:
        start = f' start="{int(markers[0][:-1])}"'
    return (
        f'<div class="para para-list" id="p{block.number}">{_pnum(block, doc.meta.id)}'
        f'<{tag} class="src-list"{start}>{"".join(items)}</{tag}></div>\n'
    )


def _marker_change_attrs(text: str, item_start: int, spans: list[Span]) -> str:
    """A list item whose marker a cleaning rule changed says what the source had."""
    line_start = text.rfind("\n", 0, item_start) + 1
    changes = [
        sp for sp in spans_between(spans, max(0, line_start - 1), item_start)
        if sp.kind == "change" and sp.start < item_start and sp.end >= line_start
    ]
    if not changes:
        return ""
    before = "".join(sp.data.before for sp in changes).strip("\n")
    reasons = []
    for sp in changes:
        r = rule_by_name(sp.data.rule)
        reasons.append(r.label_kk if r else sp.data.rule)
    title = f"Түпнұсқада: «{before}». " + "; ".join(dict.fromkeys(reasons))
    return f' class="marker-changed" data-before="{esc(before.strip())}" title="{esc(title)}"'


def _render_table(doc: Document, block: Block, spans: list[Span], ctx: RenderContext) -> str:
    """A table: caption (from the source or editorial, marked), a header row and body rows."""
    text = doc.text

    def cells(row, tag):
        scope = ' scope="col"' if tag == "th" else ""
        return "".join(f"<{tag}{scope}>{render_inline(text, s, e, spans, ctx)}</{tag}>" for s, e in row)

    head, *body = block.parts
    caption = ""
    if block.caption:
        caption = f"<caption>{render_inline(text, block.caption[0], block.caption[1], spans, ctx)}</caption>"
    elif block.editorial_caption:
        caption = (
            f'<caption class="editorial"><span class="ed-label">[ред.]</span> {esc(block.editorial_caption)}'
            + (f'<span class="caption-note">{esc(block.caption_note)}</span>' if block.caption_note else "")
            + "</caption>"
        )
    rows = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in body)
    table_id = f' id="{esc(block.anchor)}"' if block.anchor else ""
    if head and text[head[0][0] : head[0][1]] == "№":
        table_id += " data-numbered"  # a narrow first column (CSS)
    return (
        f'<div class="para para-table" id="p{block.number}">{_pnum(block, doc.meta.id)}'
        f'<table{table_id}>{caption}<thead><tr>{cells(head, "th")}</tr></thead><tbody>{rows}</tbody></table></div>\n'
    )


# --------------------------------------------------------------------------- pages


def front_matter(title: str, language: str, extra: dict | None = None) -> str:
    lines = ["---", f"title: {_yaml_str(title)}"]
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
    if meta.source_notes:
        rows.append(f"<p class=\"source-notes\"><strong>Дереккөздің күйі.</strong> {esc(meta.source_notes)}</p>")
    return '<div class="edition-meta" lang="kk">' + "".join(rows) + "</div>\n" + citations_note(doc, f"{meta.url_dir}/index.md")


def has_citations(doc: Document) -> bool:
    return any(s.kind == "citation" for s in doc.spans)


def citations_note(doc: Document, src_uri: str) -> str:
    """The editorial note on a text that cites sources it does not list."""
    if not has_citations(doc):
        return ""
    count = sum(1 for s in doc.spans if s.kind == "citation")
    href = rel_url(src_uri, citations_src(doc))
    return (
        '<div class="admonition note editorial-note citations-note" lang="kk">'
        '<p class="admonition-title">Редакция ескертпесі: сілтемелер</p>'
        f"<p>Мәтін дереккөздерге нөмір бойынша {count} рет сілтейді ([12], [96–98] түрінде), бірақ "
        "қолда бар нұсқада әдебиеттер тізімі жоқ: нөмірлерді нақты еңбекке апару мүмкін емес. "
        "Басылымда сілтемелер бір түрге келтірілген ([N], [N–M]); түпнұсқадағы түрі сілтеменің "
        f'үстіне апарғанда көрінеді. <a href="{esc(href)}">Сілтемелер көрсеткіші</a> әр нөмірдің '
        "мәтінде қай жерде келтірілгенін көрсетеді.</p></div>\n"
    )


def division_url_path(doc: Document, division: Division) -> str:
    return page_url(division_src(doc, division))


def cite_this_page(doc: Document, division: Division | None) -> str:
    """A collapsible block at the end of a page: how to cite it (GOST 7.1 and BibTeX)."""
    part = division.title if division is not None and division.slug else ""
    slug = division.slug if division is not None else ""
    path = page_url(division_src(doc, division)) if division is not None else page_url(f"{doc.meta.url_dir}/index.md")
    gost = citing.gost_reference(doc.meta, part)
    bibtex = citing.bibtex_entry(doc.meta, part, slug)
    return (
        f'<details class="cite-page" lang="kk" data-path="{esc(path)}">'
        "<summary>Осы бетке сілтеме жасау (МЕМСТ 7.1, BibTeX)</summary>"
        "<p class=\"cite-explain\">Автор мен жыл дереккөзде көрсетілмеген, сондықтан сипаттамада "
        "олардың орнында «белгісіз» деп тұр. Жеке абзацқа сілтеу үшін абзац нөміріне (¶) басыңыз: "
        "оның сілтемесі көшіріледі.</p>"
        f'<p class="cite-gost-label">МЕМСТ 7.1-2003:</p><p class="cite-gost">{esc(gost)}</p>'
        f'<p class="cite-bibtex-label">BibTeX:</p><pre class="cite-bibtex"><code>{esc(bibtex)}</code></pre>'
        "</details>\n"
    )


def editorial_notes(doc: Document, blocks: list[Block]) -> str:
    """Counts of the changes made on this page, by kind."""
    if not blocks:
        return ""
    lo, hi = min(b.start for b in blocks), max(b.end for b in blocks)
    counts: Counter = Counter()
    for p in doc.clean.placed_changes():
        if lo <= p.out_start <= hi:
            r = rule_by_name(p.change.rule)
            counts[r.label_kk if r else p.change.rule] += 1
    if not counts:
        return ""
    items = "".join(f"<li>{esc(label)}: {n}</li>" for label, n in sorted(counts.items()))
    return (
        '<section class="editorial-notes" lang="kk"><h2 id="редакциялық-ескертпелер">Редакциялық ескертпелер</h2>'
        f"<ul>{items}</ul></section>\n"
    )


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
    if division.slug and has_citations(doc):
        lo, hi = (blocks[0].start, blocks[-1].end) if blocks else (0, 0)
        if any(s.kind == "citation" and lo <= s.start < hi for s in spans):
            parts.append(
                '<p class="citations-note-short" lang="kk"><span class="ed-label">Ред.</span> '
                "Дереккөздің әдебиеттер тізімі жоқ; "
                f'<a href="{esc(rel_url(ctx.src_uri, citations_src(doc)))}">сілтемелер көрсеткішін</a> қараңыз.</p>\n'
            )
    for block in blocks:
        parts.append(render_block(doc, block, spans, ctx))
    parts.append(editorial_notes(doc, [b for b in blocks if b.kind != "heading"]))
    parts.append(cite_this_page(doc, division))
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
        pages.append(Page(src, doc.meta.title, render_division(doc, divisions[0], ctx)))
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
        pages.append(Page(src, division.title, render_division(doc, division, ctx)))
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


def citation_ids(doc: Document) -> dict:
    """Each citation marker's number in reading order (its anchor is ``cite-<k>``)."""
    spans = sorted((s for s in doc.spans if s.kind == "citation"), key=lambda s: (s.start, s.end))
    return {(s.start, s.end): k for k, s in enumerate(spans, 1)}


def citation_places(doc: Document) -> dict[int, list[tuple[str, int, int, str]]]:
    """Cited number -> [(page src, ¶ number, marker number, marker as in the source)]."""
    ids = citation_ids(doc)
    places: dict[int, list] = {}
    for div in doc.divisions:
        src_div = division_src(doc, div)
        blocks = [b for b in div.blocks if b.number]
        for span in doc.spans:
            if span.kind != "citation":
                continue
            block = next((b for b in blocks if b.start <= span.start < b.end), None)
            if block is None:
                continue
            for n in span.data:
                places.setdefault(n, []).append((src_div, block.number, ids[(span.start, span.end)], doc.text[span.start:span.end]))
    return places


def render_citations(doc: Document) -> Page | None:
    """A text's index of cited numbers, linked to every place each is cited.

    The sources as supplied have no reference lists, which the page says.
    """
    src = citations_src(doc)
    places = citation_places(doc)
    if not places:
        return None
    title = "Сілтемелер көрсеткіші"
    markers = len(citation_ids(doc))
    numbers = sorted(places)
    missing = sorted(set(range(1, numbers[-1] + 1)) - set(numbers))
    content = [
        front_matter(title, "kk"),
        f"# {title}\n",
        '<div class="admonition note editorial-note" lang="kk"><p class="admonition-title">Редакция ескертпесі</p>'
        "<p>Мәтіннің қолда бар нұсқасында әдебиеттер тізімі жоқ, сондықтан сілтеме нөмірлерін "
        "дереккөзге апару мүмкін емес. Бұл көрсеткіш әр нөмірдің мәтінде қай жерде келтірілгенін көрсетеді.</p></div>\n",
        f'<p class="citation-summary" lang="kk">{markers} сілтеме белгісі, {len(numbers)} түрлі нөмір '
        f"(ең үлкені — {numbers[-1]})"
        + (f"; мәтінде келтірілмеген нөмірлер: {esc(_ranges(missing))}" if missing else "")
        + ".</p>\n",
    ]
    for n in numbers:
        links = ", ".join(
            f'<a href="{esc(rel_url(src, s, f"cite-{k}"))}" title="{esc(source)}">¶ {num}</a>'
            for s, num, k, source in places[n]
        )
        content.append(f'<p class="citation-entry" id="ref-{n}"><strong>[{n}]</strong> {links}</p>\n')
    return Page(src, title, "\n".join(content))


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] -> '1–3, 7'."""
    out, run = [], []
    for n in numbers:
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [n]
    if run:
        out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
    return ", ".join(out)
