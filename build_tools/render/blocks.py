"""Stage 5 — render: one block of a text (paragraph, list, table) as escaped HTML."""

from __future__ import annotations

import bisect

from ..clean.engine import rule_by_name
from ..core.locale import t
from ..core.model import Block, Document, Span
from .base import RenderContext, esc, escape_markdown
from .inline import render_inline, spans_between
from .names import siglum


def render_list(doc: Document, block: Block, spans: list[Span], ctx: RenderContext) -> str:
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
        f'<div class="para para-list" id="p{block.number}">{_pnum(block, siglum(doc.meta))}'
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
    title = t("apparatus.original", before=before, reason="; ".join(dict.fromkeys(reasons)))
    return f' class="marker-changed" data-before="{esc(before.strip())}" title="{esc(title)}"'


def render_table(doc: Document, block: Block, spans: list[Span], ctx: RenderContext) -> str:
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
            f'<caption class="editorial"><span class="ed-label">{t("apparatus.editorial_caption")}</span> '
            f"{esc(block.editorial_caption)}"
            + (f'<span class="caption-note">{esc(block.caption_note)}</span>' if block.caption_note else "")
            + "</caption>"
        )
    rows = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in body)
    table_id = f' id="{esc(block.anchor)}"' if block.anchor else ""
    if head and text[head[0][0] : head[0][1]] == "№":
        table_id += " data-numbered"  # a narrow first column (CSS)
    return (
        f'<div class="para para-table" id="p{block.number}">{_pnum(block, siglum(doc.meta))}'
        f'<table{table_id}>{caption}<thead><tr>{cells(head, "th")}</tr></thead><tbody>{rows}</tbody></table></div>\n'
    )


def inline_ranges(block: Block) -> list[tuple[int, int]]:
    """The stretches of a block rendered as running text, in reading order.

    A paragraph is one stretch, a list one per item, a table its caption and then its
    cells row by row; a heading has none (it stays plain Markdown).
    """
    if block.kind == "paragraph":
        return [(block.start, block.end)]
    if block.kind == "list":
        return list(block.parts)
    if block.kind == "table":
        caption = [block.caption] if block.caption else []
        return caption + [cell for row in block.parts for cell in row]
    return []


def _pnum(block: Block, text_siglum: str) -> str:
    anchor = f"p{block.number}"
    return (
        f'<a class="pnum" href="#{anchor}" data-n="{block.number}" '
        f'aria-label="¶ {block.number}" title="{esc(text_siglum)} ¶ {block.number}"></a>'
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
        return f'<p class="para" id="{anchor}">{_pnum(block, siglum(doc.meta))}{body}</p>\n'
    if block.kind in ("list", "table"):
        return (render_list if block.kind == "list" else render_table)(doc, block, spans, ctx)
    raise ValueError(f"unknown block kind {block.kind!r}")
