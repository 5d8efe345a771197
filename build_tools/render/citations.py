"""Stage 5 — render: citation markers, the citations index and the "cite this page" box."""

from __future__ import annotations

from ..core.locale import t
from ..core.model import Division, Document, EditionInfo, Span
from ..read.sources import ENCODING_NAMES
from ..structure.pages import DATA_DIR, citations_src, division_src, page_url, text_data_paths
from . import citing
from .base import Page, RenderContext, esc, front_matter, md_heading, rel_url


def has_citations(doc: Document) -> bool:
    return any(s.kind == "citation" for s in doc.spans)


def citations_note(doc: Document, src_uri: str) -> str:
    """The editorial note on a text that cites sources it does not list."""
    if not has_citations(doc):
        return ""
    count = sum(1 for s in doc.spans if s.kind == "citation")
    href = rel_url(src_uri, citations_src(doc))
    link = f'<a href="{esc(href)}">{t("citations.index_link_text")}</a>'
    return (
        '<div class="admonition note editorial-note citations-note" lang="kk">'
        f'<p class="admonition-title">{t("citations.note_title")}</p>'
        f"<p>{t('citations.note', n=count, index_link=link)}</p></div>\n"
    )


def citation_tag(span: Span, ctx: RenderContext, source: str = "") -> str:
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
        f'title="{t("citations.marker_title", numbers=esc(label))}">'
    )


def cite_this_page(doc: Document, division: Division | None, edition: EditionInfo | None = None) -> str:
    """A collapsible block at the end of a page: how to cite it (GOST 7.1 and BibTeX), in this version."""
    part = division.title if division is not None and division.slug else ""
    slug = division.slug if division is not None else ""
    src = division_src(doc, division) if division is not None else f"{doc.meta.url_dir}/index.md"
    path = page_url(src)
    gost = citing.gost_reference(doc.meta, part, info=edition)
    unknown = _unknown_fields(doc)
    bibtex = citing.bibtex_entry(doc.meta, part, slug, info=edition)
    return (
        # boilerplate of every page: kept out of the search index (Pagefind's data-pagefind-ignore)
        f'<details class="cite-page" lang="kk" data-path="{esc(path)}" data-pagefind-ignore>'
        f"<summary>{t('cite_this.summary')}</summary>"
        f'<p class="cite-explain">{esc(unknown)}{t("cite_this.explain")}</p>'
        f'<p class="cite-gost-label">{t("cite_this.gost_label")}</p><p class="cite-gost">{esc(gost)}</p>'
        f'<p class="cite-bibtex-label">BibTeX:</p><pre class="cite-bibtex"><code>{esc(bibtex)}</code></pre>'
        f"{text_data_links(doc, src)}"
        "</details>\n"
    )


def text_data_links(doc: Document, src_uri: str) -> str:
    """The text's own data files (TEI, source, cleaned text, change log), one step from its page."""
    base = rel_url(src_uri, f"{DATA_DIR}.md")  # the data page, data/: its files are under it
    links = []
    for kind, path in text_data_paths(doc.meta.id).items():
        label = t(f"data.links.{kind}", encoding=ENCODING_NAMES.get(doc.meta.encoding, (doc.meta.encoding,))[0])
        links.append(f'<a href="{esc(base + path)}">{esc(label)}</a>')
    data_page = esc(base)
    return (
        f'<p class="cite-data">{t("cite_this.data", data_page=data_page)} '
        + " · ".join(links)
        + "</p>"
    )


def _unknown_fields(doc: Document) -> str:
    """The sentence saying which of author and year the source does not give ("" if none)."""
    missing = []
    if not doc.meta.author:
        missing.append(t("cite_this.missing_author"))
    if not doc.meta.year:
        missing.append(t("cite_this.missing_year"))
    if not missing:
        return ""
    pronoun = t("cite_this.pronoun_many") if len(missing) > 1 else t("cite_this.pronoun_one")
    sentence = t("cite_this.missing", fields=t("cite_this.missing_and").join(missing), pronoun=pronoun) + " "
    return sentence[0].upper() + sentence[1:]


def page_footer(doc: Document, division: Division | None, ctx: RenderContext) -> str:
    """The end of a text page: the note on citations (on division pages) and how to cite the page.

    Under a heading of their own, so that the table of contents leads to them.
    """
    parts = [md_heading(t("cite_this.heading"), t("cite_this.anchor"), "cite-heading")]
    if division is not None and division.slug and has_citations(doc):
        blocks = division.blocks
        lo, hi = (blocks[0].start, blocks[-1].end) if blocks else (0, 0)
        if any(s.kind == "citation" and lo <= s.start < hi for s in doc.spans):
            link = f'<a href="{esc(rel_url(ctx.src_uri, citations_src(doc)))}">{t("citations.short_link_text")}</a>'
            parts.append(
                '<p class="citations-note-short" lang="kk" data-pagefind-ignore>'
                f'<span class="ed-label">{t("citations.short_label")}</span> '
                f"{t('citations.short_note', index_link=link)}</p>\n"
            )
    parts.append(cite_this_page(doc, division, ctx.edition))
    return "\n" + "\n".join(parts)


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


def citations_page(doc: Document) -> Page | None:
    """A text's index of cited numbers, linked to every place each is cited.

    The sources as supplied have no reference lists, which the page says.
    """
    src = citations_src(doc)
    places = citation_places(doc)
    if not places:
        return None
    title = t("citations.index_title")
    markers = len(citation_ids(doc))
    numbers = sorted(places)
    missing = sorted(set(range(1, numbers[-1] + 1)) - set(numbers))
    content = [
        front_matter(title, "kk"),
        f"# {title}\n",
        '<div class="admonition note editorial-note" lang="kk">'
        f'<p class="admonition-title">{t("citations.index_note_title")}</p>'
        f"<p>{t('citations.index_note')}</p></div>\n",
        '<p class="citation-summary" lang="kk">'
        + t("citations.summary", markers=markers, numbers=len(numbers), largest=numbers[-1])
        + (t("citations.summary_missing", missing=esc(_ranges(missing))) if missing else "")
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
