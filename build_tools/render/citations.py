"""Stage 5 — render: citation markers, the citations index and the "cite this page" box."""

from __future__ import annotations

from ..core.model import Division, Document, Span
from ..structure.pages import citations_src, division_src, page_url
from . import citing
from .base import Page, RenderContext, esc, front_matter, rel_url


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
        f'title="Дереккөз {esc(label)} (әдебиеттер тізімі түпнұсқада жоқ)">'
    )


def cite_this_page(doc: Document, division: Division | None) -> str:
    """A collapsible block at the end of a page: how to cite it (GOST 7.1 and BibTeX)."""
    part = division.title if division is not None and division.slug else ""
    slug = division.slug if division is not None else ""
    path = page_url(division_src(doc, division)) if division is not None else page_url(f"{doc.meta.url_dir}/index.md")
    gost = citing.gost_reference(doc.meta, part)
    missing = [name for name, value in (("Автор", doc.meta.author), ("жыл", doc.meta.year)) if not value]
    unknown = ""
    if missing:
        unknown = (
            " мен ".join(missing) + " дереккөзде көрсетілмеген, сондықтан сипаттамада "
            + ("олардың" if len(missing) > 1 else "оның") + " орнында «белгісіз» деп тұр. "
        )
        unknown = unknown[0].upper() + unknown[1:]
    bibtex = citing.bibtex_entry(doc.meta, part, slug)
    return (
        # boilerplate of every page: kept out of the search index (Material's data-search-exclude)
        f'<details class="cite-page" lang="kk" data-path="{esc(path)}" data-search-exclude>'
        "<summary>Осы бетке сілтеме жасау (МЕМСТ 7.1, BibTeX)</summary>"
        f'<p class="cite-explain">{esc(unknown)}Жеке абзацқа сілтеу үшін абзац нөміріне (¶) басыңыз: '
        "оның сілтемесі көшіріледі.</p>"
        f'<p class="cite-gost-label">МЕМСТ 7.1-2003:</p><p class="cite-gost">{esc(gost)}</p>'
        f'<p class="cite-bibtex-label">BibTeX:</p><pre class="cite-bibtex"><code>{esc(bibtex)}</code></pre>'
        "</details>\n"
    )


def page_footer(doc: Document, division: Division | None, ctx: RenderContext) -> str:
    """The end of a text page: the note on citations (on division pages) and how to cite the page."""
    parts = []
    if division is not None and division.slug and has_citations(doc):
        blocks = division.blocks
        lo, hi = (blocks[0].start, blocks[-1].end) if blocks else (0, 0)
        if any(s.kind == "citation" and lo <= s.start < hi for s in doc.spans):
            parts.append(
                '<p class="citations-note-short" lang="kk" data-search-exclude><span class="ed-label">Ред.</span> '
                "Бұл беттегі [N] сілтемелері дереккөздің әдебиеттер тізіміне апарады, бірақ ол тізім "
                "түпнұсқада жоқ; "
                f'<a href="{esc(rel_url(ctx.src_uri, citations_src(doc)))}">сілтемелер көрсеткішін</a> қараңыз.</p>\n'
            )
    parts.append(cite_this_page(doc, division))
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
