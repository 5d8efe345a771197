"""Glossary pages: entry pages with a concordance, indexes, and cross-references.

Everything is computed from the annotated documents (their ``term`` spans), so
an entry page lists exactly the occurrences the matcher found.  The pipeline holds one
document at a time: it takes each text's part of every concordance
(``concordance_groups``) and its counts (render/corpus.py) as it goes, and writes the
pages from those.

Pages written here:

- ``glossary/index.md`` — every entry in Kazakh alphabetical order, with its
  Russian and English names and acronyms (so that they are searchable);
- ``glossary/<id>.md`` — one page per entry: names in three languages,
  description, dates, link, a bar chart of counts per text (inline SVG drawn
  at build time) and a keyword-in-context concordance of every occurrence;
- ``glossary/persons.md``, ``glossary/places.md`` — indexes of persons and places;
- ``glossary/corpus.md`` — which texts discuss which organisations (tables);
- on each text's first page, a section listing the terms the text uses and
  the other texts that discuss each.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from ..annotate.glossary import Entry, Glossary
from ..core.kazakh import first_letter, sort_key, sorted_kk
from ..core.locale import t, t_label, t_map
from ..core.model import Document, TextMeta
from ..structure.pages import division_src
from .base import Page, _yaml_str, english_version, esc, escape_markdown, front_matter, md_heading, rel_url
from .names import MANY_TEXTS, place_label, sigla_key, siglum_html, text_name_html

INDEX_SRC = "glossary/index.md"
PERSONS_SRC = "glossary/persons.md"
PLACES_SRC = "glossary/places.md"
CORPUS_SRC = "glossary/corpus.md"
CONTEXT = 70  # characters of context on each side in the concordance


def entry_src(entry_id: str) -> str:
    return f"glossary/{entry_id}.md"


# An entry's concordance is cut into pages of about this much HTML (whole texts' parts: a
# page of a large edition's most frequent entry would otherwise hold every line of every text,
# megabytes a phone cannot open); the real edition's largest fits in one page.
CONCORDANCE_PAGE_CHARS = 400_000


def concordance_src(entry_id: str, number: int) -> str:
    """Where page ``number`` of an entry's concordance is: the entry's own page, then glossary/<id>--<n>/.

    Beside the entry's page, at its depth, so the lines' links (made for the entry's page) hold;
    an entry id has no double hyphen (annotate/glossary.py ``ID_RE``), so no entry is named so."""
    return entry_src(entry_id) if number == 1 else f"glossary/{entry_id}--{number}.md"


def _th(key: str) -> str:
    """A column heading of the glossary's tables."""
    return t(f"glossary.columns.{key}")


# --------------------------------------------------------------------------- occurrences


@dataclass(frozen=True)
class Occurrence:
    """One place where a term occurs: the text, its page and paragraph, and the words."""

    doc: Document
    page_src: str
    paragraph: int  # ¶ number (anchor p<N>), 0 if the block has none
    start: int
    end: int
    block_start: int = 0  # the block the occurrence stands in (context never crosses it)
    block_end: int = 0

    @property
    def surface(self) -> str:
        return self.doc.text[self.start : self.end]


def occurrences(documents: list[Document]) -> dict[str, list[Occurrence]]:
    """Every term span of every document, by entry id, in reading order."""
    result: dict[str, list[Occurrence]] = {}
    for doc in documents:
        blocks = sorted(
            ((b.start, b.end, b.number, division_src(doc, div)) for div in doc.divisions for b in div.blocks),
        )
        starts = [b[0] for b in blocks]
        for span in doc.spans:
            if span.kind != "term":
                continue
            i = bisect.bisect_right(starts, span.start) - 1
            if i >= 0 and blocks[i][0] <= span.start < blocks[i][1]:
                lo, hi, number, src = blocks[i]
            else:  # outside every block: link to the text's first page
                lo, hi = 0, len(doc.text)
                number, src = 0, division_src(doc, doc.divisions[0]) if doc.divisions else f"{doc.meta.url_dir}/index.md"
            result.setdefault(span.data, []).append(Occurrence(doc, src, number, span.start, span.end, lo, hi))
    return result


def counts_by_text(occ: dict[str, list[Occurrence]]) -> dict[str, Counter]:
    return {entry_id: Counter(o.doc.meta.id for o in items) for entry_id, items in occ.items()}


def kwic(o: Occurrence, width: int = CONTEXT) -> tuple[str, str, str]:
    """Left context, the term, right context: one line, white space collapsed."""
    text = o.doc.text
    lo, hi = (o.block_start, o.block_end) if o.block_end else (0, len(text))
    left_start = max(lo, o.start - width)
    right_end = min(hi, o.end + width)
    # a cut context starts and ends with whole words ("…2001 жылы", never "…001 жылы")
    if left_start > lo and not text[left_start - 1].isspace():
        space = _next_space(text, left_start, o.start)
        left_start = space + 1 if space >= 0 else o.start
    if right_end < hi and not text[right_end].isspace():
        space = _prev_space(text, o.end, right_end)
        right_end = space if space >= 0 else o.end
    left = " ".join(text[left_start : o.start].split())
    right = " ".join(text[o.end : right_end].split())
    if text[o.start - 1 : o.start].isspace() and left:
        left += " "
    if text[o.end : o.end + 1].isspace() and right:
        right = " " + right
    if left_start > lo:
        left = "…" + left
    if right_end < hi:
        right += "…"
    return left, " ".join(o.surface.split()), right


def _next_space(text: str, start: int, end: int) -> int:
    """The first white-space character in text[start:end], or -1."""
    for i in range(start, end):
        if text[i].isspace():
            return i
    return -1


def _prev_space(text: str, start: int, end: int) -> int:
    """The last white-space character in text[start:end], or -1."""
    for i in range(end - 1, start - 1, -1):
        if text[i].isspace():
            return i
    return -1


# Between two occurrences of one entry, only this: the same mention written twice, a name
# and its acronym in apposition ("Шанхай ынтымақтастық ұйымы (ШЫҰ)", "Еуропалық Одақ, ЕО-ға",
# "ШОС/SCO"). Such occurrences are one passage, one line of the concordance.
APPOSITION_GAP = re.compile(r"[ \u00a0()\[\],;:/\u2013\u2014\-\u00ab\u00bb\"']{0,6}")


def passages(occ: list[Occurrence]) -> list[list[Occurrence]]:
    """An entry's occurrences in reading order, grouped into passages (see ``APPOSITION_GAP``)."""
    groups: list[list[Occurrence]] = []
    for o in occ:
        if groups:
            last = groups[-1][-1]
            same_block = last.doc is o.doc and last.block_start == o.block_start and last.end <= o.start
            if same_block and APPOSITION_GAP.fullmatch(o.doc.text[last.end : o.start]):
                groups[-1].append(o)
                continue
        groups.append([o])
    return groups


def kwic_passage(items: list[Occurrence], width: int = CONTEXT) -> tuple[str, str, str]:
    """Left context, the passage with each occurrence in <mark> (HTML), right context."""
    first, last = items[0], items[-1]
    left, _, _ = kwic(first, width)
    _, _, right = kwic(last, width)
    text = first.doc.text
    middle, pos = [], first.start
    for o in items:
        if o.start > pos:
            middle.append(esc(re.sub(r"\s+", " ", text[pos : o.start])))
        middle.append(f"<mark>{esc(' '.join(o.surface.split()))}</mark>")
        pos = o.end
    return left, "".join(middle), right


def concordance_group(meta: TextMeta, items: list[Occurrence], src: str) -> str:
    """One text's part of an entry's concordance: a ``<tbody>`` headed by the text's name."""
    rows = [
        f'<tr class="kwic-group"><th colspan="4" scope="rowgroup">'
        f'{text_name_html(meta, rel_url(src, f"{meta.url_dir}/index.md"))} '
        f'<span class="kwic-count">({len(items)})</span></th></tr>'
    ]
    for passage in passages(items):
        o = passage[0]
        left, middle, right = kwic_passage(passage)
        href = rel_url(src, o.page_src, f"p{o.paragraph}" if o.paragraph else "")
        where = f"¶&nbsp;{o.paragraph}" if o.paragraph else "¶"
        rows.append(
            f'<tr class="kwic-line" data-text="{esc(meta.id)}" lang="{meta.language}">'
            f'<td class="kwic-where" lang="kk"><a href="{esc(href)}" title="{esc(place_label(meta, o.paragraph))}">{where}</a></td>'
            f'<td class="kwic-left"><span>{esc(left)}</span></td><td class="kwic-term">{middle}</td>'
            f'<td class="kwic-right">{esc(right)}</td></tr>'
        )
    return f'<tbody data-text="{esc(meta.id)}">{"".join(rows)}</tbody>'


def concordance_groups(doc: Document) -> dict[str, str]:
    """Entry id -> this text's part of the entry's concordance (see ``concordance_group``)."""
    return {
        entry_id: concordance_group(doc.meta, items, entry_src(entry_id))
        for entry_id, items in occurrences([doc]).items()
    }


def concordance_plan(sizes: list[int], limit: int | None = None) -> list[int]:
    """How many texts' parts go on each page of a concordance (``sizes``: each part's length):
    whole parts, in order, a page closed before a part would take it past ``limit``
    (``CONCORDANCE_PAGE_CHARS``); a part longer than that has a page of its own."""
    limit = CONCORDANCE_PAGE_CHARS if limit is None else limit
    plan: list[int] = []
    filled = 0
    for size in sizes:
        if plan and filled + size <= limit:
            plan[-1] += 1
            filled += size
        else:
            plan.append(1)
            filled = size
    return plan


PAGER_AROUND = 2  # a long concordance's pager links this many pages on each side of the current one


def pager_numbers(current: int, pages: int) -> list[int]:
    """The pages a pager names: the first two, the last two, and those around ``current`` (all of
    them when there are few), so that a pager of 50 pages is one line on a phone."""
    if pages <= 2 * PAGER_AROUND + 5:
        return list(range(1, pages + 1))
    shown = {1, 2, pages - 1, pages, *range(current - PAGER_AROUND, current + PAGER_AROUND + 1)}
    return sorted(n for n in shown if 1 <= n <= pages)


def concordance_pager(entry_id: str, current: int, pages: int) -> str:
    """Links between the pages of a concordance ("" when it has one): previous, the pages
    :func:`pager_numbers` names (a gap marked …), next."""
    if pages < 2:
        return ""
    src = concordance_src(entry_id, current)

    def link(number: int, label: str, rel: str = "") -> str:
        attrs = f' rel="{rel}"' if rel else ""
        return f'<a href="{esc(rel_url(src, concordance_src(entry_id, number)))}"{attrs}>{esc(label)}</a>'

    numbers, last = [], 0
    for n in pager_numbers(current, pages):
        if n > last + 1:
            numbers.append('<span class="kwic-pager-gap">\u2026</span>')
        numbers.append(f'<span aria-current="page">{n}</span>' if n == current else link(n, str(n)))
        last = n
    prev = link(current - 1, t("glossary.concordance_prev"), "prev") if current > 1 else ""
    after = link(current + 1, t("glossary.concordance_next"), "next") if current < pages else ""
    label = t("glossary.concordance_pages", n=pages)
    return (
        f'<nav class="kwic-pager" aria-label="{esc(label)}" data-pagefind-ignore>'
        f'<p>{esc(t("glossary.concordance_page", page=current, pages=pages))}</p>'
        f'<p>{prev} {" ".join(numbers)} {after}</p></nav>'
    )


def concordance_table(groups: str, count: int) -> str:
    """The concordance: the texts' parts (``<tbody>`` each, in the order of the texts) in one table."""
    cols = "".join(f'<col class="{c}">' for c in ("kwic-where", "kwic-left", "kwic-term", "kwic-right"))
    return (
        f'<table class="kwic" data-pagefind-ignore data-count="{count}">'
        f'<colgroup>{cols}</colgroup>{groups}</table>'
    )


# --------------------------------------------------------------------------- inline (reader)


def tooltip(entry: Entry, language: str = "kk") -> str:
    """The full name in the page's language first, then the other two."""
    order = [language] + [lang for lang in ("kk", "ru", "en") if lang != language]
    parts = []
    for lang in order:
        name = entry.name.get(lang)
        if name and name not in parts:
            parts.append(name)
    return " · ".join(parts)


def term_tags(span, ctx) -> tuple[str, str]:
    """Opening and closing HTML of a term occurrence (called by render._open_tag).

    Every occurrence carries ``data-term`` and the full name as ``title`` (a Material
    tooltip).  Only the occurrences ``ctx.linked_terms`` names (the first of each entry
    in each section, see render/terms.py) are links to the entry; the others are quiet
    ``<span class="term">`` marks.  An abbreviation is never expanded in the text: the
    tooltip and the entry explain it on screen, the PDFs' list of abbreviations in print.
    """
    entry = ctx.glossary.entries.get(span.data)
    if entry is None:
        return "", ""
    title = tooltip(entry, ctx.language)
    if ctx.linked_terms is not None and (span.start, span.end) not in ctx.linked_terms:
        return f'<span class="term" data-term="{esc(entry.id)}" title="{esc(title)}">', "</span>"
    href = rel_url(ctx.src_uri, entry_src(entry.id))
    return f'<a class="term" data-term="{esc(entry.id)}" href="{esc(href)}" title="{esc(title)}">', "</a>"


# --------------------------------------------------------------------------- entry pages


def _chart(counts: Counter, metas: list[TextMeta], from_src: str) -> str:
    """Counts per text as a small bar chart: a table (text, count, bar), the bars drawn at build time.

    The texts are named by siglum and short title; each bar is an inline SVG that stretches
    with its cell, so the chart fits a phone as well as a desktop.  Every text has a row; in a
    large edition (more than ``MANY_TEXTS`` texts) only the texts that use the entry.
    """
    rows = [(meta, counts.get(meta.id, 0)) for meta in metas]
    if len(metas) > MANY_TEXTS:
        rows = [(meta, n) for meta, n in rows if n]
    top = max((n for _, n in rows), default=0) or 1
    body = []
    for meta, n in rows:
        width = round(100 * n / top, 1)
        href = rel_url(from_src, f"{meta.url_dir}/index.md")
        bar = (
            '<svg class="term-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">'
            f'<rect width="{width}" height="10"></rect></svg>'
        )
        body.append(
            f'<tr><th scope="row">{text_name_html(meta, href)}</th>'
            f'<td class="term-count">{n}</td><td class="term-bar-cell">{bar}</td></tr>'
        )
    return (
        f'<table class="term-chart" data-pagefind-ignore><caption>{t("glossary.chart_caption")}</caption>'
        f'<tbody>{"".join(body)}</tbody></table>'
    )


def _names_table(entry: Entry) -> str:
    rows = []
    languages = t_map("glossary.languages")
    for lang in ("kk", "ru", "en"):
        name = entry.name.get(lang, "")
        acr = ", ".join(entry.acronym.get(lang, []))
        variants = ", ".join(entry.variants.get(lang, []))
        if not (name or acr or variants):
            continue
        # The spaces keep the words apart in the search index, which drops the cell borders;
        # the row and column headings are left out of it (a result shows the names, not the table).
        rows.append(
            f'<tr><th data-pagefind-ignore>{languages[lang]} </th><td lang="{lang}"> {esc(name)} </td>'
            f'<td lang="{lang}"> {esc(acr)} </td><td lang="{lang}"> {esc(variants)} </td></tr>'
        )
    head = f"<tr data-pagefind-ignore><th></th><th>{_th('name')} </th><th>{_th('acronym')} </th><th>{_th('variants')} </th></tr>"
    return f'<table class="entry-names">{head}{"".join(rows)}</table>\n'


def render_entry(
    entry: Entry, counts: Counter, metas: list[TextMeta], concordance_html: str = "", concordance_pages: int = 1
) -> Page:
    """An entry's page; ``counts``: its occurrences per text id; ``concordance_html``: the texts' parts of
    its concordance (``concordance_group``), in the order of the texts, on the first of its
    ``concordance_pages`` (the others: :func:`render_concordance_page`)."""
    src = entry_src(entry.id)
    title = entry.label("kk")
    # Entry pages rank above the texts in search; their concordance is left out
    # of the search index (the texts themselves are indexed).
    # The entry's own acronyms (ШЫҰ, ШОС, SCO): publish/search_hooks.py makes them a field
    # of the page's search metadata that ranks it first for them.
    acronyms = "".join(f"\n  - {_yaml_str(a)}" for a in entry.acronyms())
    extra = f"\nacronyms:{acronyms}" if acronyms else ""
    matter = front_matter(title, "kk").replace("\n---\n", extra + "\n---\n", 1)
    body = [
        matter,
        f"# {escape_markdown(title)}\n",
        f'<p class="entry-kind">{esc(t_label("glossary.kinds", entry.kind))}'
        + (f" · {esc(entry.dates)}" if entry.dates else "")
        + "</p>\n",
        _names_table(entry),
        f'<p class="entry-description">{esc(entry.description.get("kk", ""))}</p>\n',
    ]
    if entry.description.get("en"):
        body.append(english_version(f'<p class="entry-description">{esc(entry.description["en"])}</p>') + "\n")
    if entry.link:
        link = f'<a href="{esc(entry.link)}">{esc(entry.link)}</a>'
        body.append(f'<p class="entry-link">{t("glossary.official_site")} {link}</p>\n')
    body.append(f"## {t('glossary.usage_heading')}\n")
    total = sum(counts.values())
    texts = sum(1 for n in counts.values() if n)
    body.append(f'<p class="entry-total">{t("glossary.usage_total", occurrences=total, texts=texts)}</p>\n')
    body.append(_chart(counts, metas, src) + "\n")
    if total:
        body.append(f"## {t('glossary.concordance_heading')}\n")
        pager = concordance_pager(entry.id, 1, concordance_pages)
        body.append(concordance_table(concordance_html, total) + "\n")
        if pager:
            body.append(pager + "\n")
    return Page(src, title, "\n".join(body))


_PART_COUNT = re.compile(r'<span class="kwic-count">\((\d+)\)</span>')  # a text's part's heading (concordance_group)


def render_concordance_page(entry: Entry, number: int, pages: int, concordance_html: str) -> Page:
    """Page ``number`` (from 2) of an entry's concordance: its texts' parts between two pagers.

    The page is left out of the search index (``data-edition-unindexed``): its lines are the
    texts' own words, which the texts' pages are found by."""
    src = concordance_src(entry.id, number)
    label = entry.label("kk")
    title = t("glossary.concordance_page_title", entry=label, page=number)
    back = f'<a href="{esc(rel_url(src, entry_src(entry.id)))}">{esc(label)}</a>'
    pager = concordance_pager(entry.id, number, pages)
    count = sum(int(n) for n in _PART_COUNT.findall(concordance_html))
    body = [
        front_matter(title, "kk"),
        f"# {escape_markdown(title)}\n",
        f'<p class="kwic-continued" data-edition-unindexed>{t("glossary.concordance_of", entry=back)}</p>\n',
        pager + "\n",
        concordance_table(concordance_html, count) + "\n",
        pager + "\n",
    ]
    return Page(src, title, "\n".join(body))


def render_entry_pages(entry: Entry, counts: Counter, metas: list[TextMeta], parts, sizes: list[int]) -> Iterator[Page]:
    """An entry's page and, if its concordance is long, the further pages of it, one at a time.

    ``parts``: the texts' parts of its concordance, in order (an iterator: publish/spool.py reads
    them back one at a time), ``sizes`` their lengths, which plan the pages."""
    plan = concordance_plan(sizes)
    parts = iter(parts)
    for number, n_parts in enumerate(plan or [0], 1):
        html = "".join(next(parts) for _ in range(n_parts))
        if number == 1:
            yield render_entry(entry, counts, metas, html, len(plan))
        else:
            yield render_concordance_page(entry, number, len(plan), html)


# --------------------------------------------------------------------------- indexes


def _entry_item(entry: Entry, from_src: str, counts: Counter) -> str:
    href = rel_url(from_src, entry_src(entry.id))
    others = []
    for lang in ("ru", "en"):
        name = entry.name.get(lang)
        acr = entry.acronym.get(lang) or []
        if name or acr:
            label = esc(name or "") + (f" ({esc(', '.join(acr))})" if acr else "")
            others.append(f'<span class="gl-other" lang="{lang}">{label}</span>')
    variants = [v for lang in ("kk", "ru", "en") for v in entry.variants.get(lang, [])]
    total = sum(counts.values())
    return (
        f'<li class="gl-item" data-kind="{esc(entry.kind)}"><a href="{esc(href)}">{esc(_index_entry_label(entry))}</a> '
        f'<span class="gl-kind">{esc(t_label("glossary.kinds", entry.kind))}</span> '
        + " · ".join(others)
        + (f' <span class="gl-variants">({esc(", ".join(variants))})</span>' if variants else "")
        + f' <span class="gl-count" title="{t("glossary.count_title")}">{total}</span></li>'
    )


def _spaced(table: str) -> str:
    """Keep the words of adjacent cells apart in the search index (it drops the cell borders)."""
    return table.replace("</td>", " </td>").replace("</th>", " </th>")


def _letter_groups(entries: list[Entry], key) -> list[tuple[str, list[Entry]]]:
    groups: list[tuple[str, list[Entry]]] = []
    for entry in sorted_kk(entries, key):
        letter = first_letter(key(entry))
        if not groups or groups[-1][0] != letter:
            groups.append((letter, []))
        groups[-1][1].append(entry)
    return groups


def render_index(glossary: Glossary, counts: dict[str, Counter]) -> Page:
    src = INDEX_SRC
    entries = list(glossary.entries.values())
    links = " · ".join(f'<a href="{esc(rel_url(src, s))}">{label}</a>' for label, s in _index_links())
    title = t("glossary.index_title")
    parts = [
        front_matter(title, "kk"),
        f"# {title}\n",
        f'<p class="gl-intro">{t("glossary.index_intro", n=len(entries))}</p>\n',
        f'<p class="gl-links">{links}</p>\n',
    ]
    for letter, group in _letter_groups(entries, lambda e: e.index_label()):
        parts.append(f"## {escape_markdown(letter)}\n")
        items = "".join(_entry_item(e, src, counts.get(e.id, Counter())) for e in group)
        parts.append(f'<ul class="glossary-index">{items}</ul>\n')
    # Every Russian and English form, so that a reader who knows only those finds the entry.
    parts.append(f"## {t('glossary.foreign_heading')}\n")
    forms = []
    for e in entries:
        for lang in ("ru", "en"):
            for form in [e.name.get(lang, ""), *e.acronym.get(lang, []), *e.variants.get(lang, [])]:
                if form:
                    forms.append((form, lang, e))
    forms = sorted(set((f, lang, e.id) for f, lang, e in forms), key=lambda t: (t[0].casefold(), t[1]))
    items = "".join(
        f'<li lang="{lang}"><a href="{esc(rel_url(src, entry_src(eid)))}">{esc(form)}</a> → '
        f'<span lang="kk">{esc(glossary.entries[eid].display_name("kk"))}</span></li>'
        for form, lang, eid in forms
    )
    parts.append(f'<ul class="glossary-foreign">{items}</ul>\n')
    return Page(src, title, "\n".join(parts))


def _index_entry_label(entry: Entry) -> str:
    """An entry as the indexes list it: persons surname first, the Kazakh acronym after the name."""
    acr = entry.acronym.get("kk") or []
    return f"{entry.index_label()} ({acr[0]})" if acr else entry.index_label()


def _texts_cell(c: Counter, metas: list[TextMeta], src: str) -> str:
    """The texts an entry occurs in, by siglum (linked), each with its count: "A (1), C (12)"."""
    return ", ".join(
        f'<span class="text-count">{siglum_html(m, rel_url(src, f"{m.url_dir}/index.md"))}&nbsp;({c[m.id]})</span>'
        for m in metas
        if c.get(m.id)
    )


def render_kind_index(
    glossary: Glossary, counts: dict[str, Counter], kind: str, src: str, title: str, intro: str, metas: list[TextMeta]
) -> Page:
    """An index of one kind of entry (persons, places), in the order of the glossary's index."""
    entries = [e for e in glossary.entries.values() if e.kind == kind]
    rows = []
    for e in sorted_kk(entries, lambda e: e.index_label()):
        c = counts.get(e.id, Counter())
        rows.append(
            f'<tr><td><a href="{esc(rel_url(src, entry_src(e.id)))}">{esc(e.index_label())}</a></td>'
            f'<td lang="ru">{esc(e.name.get("ru", ""))}</td><td lang="en">{esc(e.name.get("en", ""))}</td>'
            f"<td>{esc(e.dates)}</td><td>{esc(e.description.get('kk', ''))}</td><td>{_texts_cell(c, metas, src)}</td></tr>"
        )
    languages = t_map("glossary.languages")
    head = (
        f"<tr data-pagefind-ignore><th>{_th('name')}</th><th>{languages['ru']}</th><th>{languages['en']}</th>"
        f"<th>{_th('dates')}</th><th>{_th('description')}</th><th>{_th('texts')}</th></tr>"
    )
    content = (
        front_matter(title, "kk")
        + f"# {escape_markdown(title)}\n\n"
        + f"<p>{esc(intro)}</p>\n\n"
        + sigla_key(metas, src)
        + "\n"
        + _spaced(f'<table class="gl-kind-index">{head}{"".join(rows)}</table>') + "\n"
    )
    return Page(src, title, content)


def _heat_cell(n: int, top: int) -> str:
    """A term's count in a text, shaded by its share of the largest count (for the eye, not for
    search: a snippet of bare digits says nothing)."""
    level = 0 if not n else 1 + min(3, int(4 * n / (top + 1)))
    return f'<td class="heat heat-{level}" data-pagefind-ignore>{n or ""}</td>'


def render_corpus(glossary: Glossary, counts: dict[str, Counter], metas: list[TextMeta]) -> Page:
    """Which texts discuss which terms: a table of every term's count in every text.

    In a large edition (more than ``MANY_TEXTS`` texts) a term's row counts the texts that use
    it instead, the count a link to the entry, whose chart names them: a table of hundreds of
    columns says nothing to a reader, and would grow as the texts times the terms (2.8 MB for
    500 texts)."""
    src = CORPUS_SRC
    title = t("glossary.corpus_title")
    many = len(metas) > MANY_TEXTS
    parts = [
        front_matter(title, "kk"),
        f"# {title}\n",
        f"<p>{t('glossary.corpus_intro_many') if many else t('glossary.corpus_intro')}</p>\n",
    ]
    if many:
        head = f"<tr data-pagefind-ignore><th>{_th('term')}</th><th>{_th('texts')}</th><th>{_th('total')}</th></tr>"
    else:
        parts.append(sigla_key(metas, src))
        head = f"<tr data-pagefind-ignore><th>{_th('term')}</th>" + "".join(
            f'<th scope="col">{siglum_html(m, rel_url(src, f"{m.url_dir}/index.md"))}</th>' for m in metas
        ) + f"<th>{_th('total')}</th></tr>"
    for kind in ("organisation", "treaty", "programme", "event", "state", "concept"):
        entries = [e for e in glossary.entries.values() if e.kind == kind and counts.get(e.id)]
        if not entries:
            continue
        entries.sort(key=lambda e: (-sum(counts[e.id].values()), sort_key(e.display_name("kk"))))
        top = max(max(counts[e.id].values()) for e in entries)
        rows = []
        for e in entries:
            c = counts[e.id]
            href = esc(rel_url(src, entry_src(e.id)))
            if many:
                used = sum(1 for n in c.values() if n)
                cells = [f'<td data-pagefind-ignore><a href="{href}">{t("glossary.other_texts_count", n=used)}</a></td>']
            else:
                cells = [_heat_cell(c.get(m.id, 0), top) for m in metas]
            rows.append(
                f'<tr><th><a href="{href}">{esc(e.label("kk"))}</a></th>'
                + "".join(cells)
                + f"<td data-pagefind-ignore>{sum(c.values())}</td></tr>"
            )
        parts.append(f"## {escape_markdown(t_map('glossary.kinds_plural')[kind])}\n")
        parts.append(_spaced(f'<table class="corpus-table">{head}{"".join(rows)}</table>') + "\n")
    return Page(src, title, "\n".join(parts))


def text_terms_section(meta: TextMeta, metas: list[TextMeta], glossary: Glossary, counts: dict[str, Counter]) -> str:
    """The terms a text uses and, for each, the other texts that discuss it (by siglum, with a key).

    In a large edition (more than ``MANY_TEXTS`` texts) the other texts are counted, the count a
    link to the entry, whose chart names them: a row naming hundreds of texts would say nothing
    to a reader, and every text naming every other would make the edition grow as its square.
    """
    src = f"{meta.url_dir}/index.md"
    used = [(eid, c[meta.id]) for eid, c in counts.items() if c.get(meta.id) and eid in glossary.entries]
    if not used:
        return ""
    used.sort(key=lambda t: sort_key(glossary.entries[t[0]].display_name("kk")))
    many = len(metas) > MANY_TEXTS
    rows = []
    named: set[str] = set()
    for eid, n in used:
        entry = glossary.entries[eid]
        if many:
            k = sum(1 for text_id, m in counts[eid].items() if m and text_id != meta.id)
            href = rel_url(src, entry_src(eid))
            cell = f'<a href="{esc(href)}">{t("glossary.other_texts_count", n=k)}</a>' if k else "—"
        else:
            others = []
            for m in metas:
                if m.id != meta.id and counts[eid].get(m.id):
                    named.add(m.id)
                    href = rel_url(src, f"{m.url_dir}/index.md")
                    others.append(f'<span class="text-count">{siglum_html(m, href)}&nbsp;({counts[eid][m.id]})</span>')
            cell = ", ".join(others) or "—"
        rows.append(
            f'<tr><td><a href="{esc(rel_url(src, entry_src(eid)))}">{esc(entry.label("kk"))}</a></td>'
            f"<td>{esc(t_label('glossary.kinds', entry.kind))}</td><td>{n}</td>"
            f"<td>{cell}</td></tr>"
        )
    head = (
        f"<tr><th>{_th('term')}</th><th>{_th('kind')}</th>"
        f"<th>{_th('in_this_text')}</th><th>{_th('in_other_texts')}</th></tr>"
    )
    others_metas = [m for m in metas if m.id in named]
    anchor = t("glossary.text_terms_anchor")
    key = sigla_key(others_metas, src) if others_metas else ""
    return (
        md_heading(t("glossary.text_terms_heading"), anchor, "text-terms-heading")
        + f'<section class="text-terms" lang="kk" aria-labelledby="{anchor}" data-pagefind-ignore>'
        f'<table class="text-terms-table">{head}{"".join(rows)}</table>{key}</section>\n'
    )


# --------------------------------------------------------------------------- all of it


def render_indexes(glossary: Glossary, counts: dict[str, Counter], metas: list[TextMeta]) -> list[Page]:
    """The glossary index, the kind indexes and the corpus overview."""
    return [
        render_index(glossary, counts),
        render_kind_index(
            glossary, counts, "person", PERSONS_SRC, t("glossary.persons_title"), t("glossary.persons_intro"), metas,
        ),
        render_kind_index(
            glossary, counts, "place", PLACES_SRC, t("glossary.places_title"), t("glossary.places_intro"), metas,
        ),
        render_corpus(glossary, counts, metas),
    ]


def entries_in_order(glossary: Glossary) -> list[Entry]:
    """The entries in the order their pages are written (Kazakh alphabetical order)."""
    return sorted_kk(glossary.entries.values(), lambda e: e.display_name("kk"))


def add_text_terms(pages: list[Page], metas: list[TextMeta], glossary: Glossary, counts: dict[str, Counter]) -> list[Page]:
    """Append the "terms of this text" section to each text's first page (``counts``: see ``corpus.term_counts``)."""
    by_src = {f"{m.url_dir}/index.md": m for m in metas}
    result = []
    for page in pages:
        meta = by_src.get(page.src_uri)
        extra = text_terms_section(meta, metas, glossary, counts) if meta is not None else ""
        if extra:
            page = Page(page.src_uri, page.title, page.content.rstrip("\n") + "\n\n" + extra)
        result.append(page)
    return result


def _index_links() -> list[tuple[str, str]]:
    """(label, page) of the glossary's indexes besides its main one."""
    return [
        (t("glossary.persons_nav"), PERSONS_SRC),
        (t("glossary.places_nav"), PLACES_SRC),
        (t("glossary.corpus_title"), CORPUS_SRC),
    ]


def nav_items() -> list:
    """The glossary's part of the site navigation."""
    return [INDEX_SRC, *({label: src} for label, src in _index_links())]

