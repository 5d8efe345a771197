"""Stage 5 — render: inline spans (changes, terms, notes, citations) as nested HTML."""

from __future__ import annotations

import bisect

from ..core.model import Span
from . import apparatus
from .base import RenderContext, esc
from .citations import citation_tag
from .citing import uniform_label
from .glossary import term_tags
from .notes import note_tags


PRIORITY = {"note": -1, "change": 0, "citation": 1, "term": 2}  # who wins when two spans cross


def _accepted(spans: list[Span]) -> list[Span]:
    """The spans that can be nested, in reading order; a span that crosses another's boundary is dropped.

    Notes and changes are placed first so that they are never dropped in favour of a term.
    """
    ordered = sorted(spans, key=lambda s: (PRIORITY.get(s.kind, 9), s.start, -s.end))
    accepted: list[Span] = []
    for s in ordered:
        crossing = any(
            (a.start < s.start < a.end < s.end) or (s.start < a.start < s.end < a.end) for a in accepted
        )
        if not crossing:
            accepted.append(s)
    accepted.sort(key=lambda s: (s.start, -s.end, PRIORITY.get(s.kind, 9)))
    return accepted


def _nest(spans: list[Span]) -> list[tuple[Span, list]]:
    """Arrange the accepted spans into a forest (each span holds the spans inside it)."""
    accepted = _accepted(spans)
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
        return term_tags(span, ctx)
    if span.kind == "note":  # commentary (render/notes.py)
        return note_tags(span, ctx)
    if span.kind == "citation":
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
    return _render_nodes(text, start, end, _nest(_inside(spans, start, end)), ctx)


def _inside(spans: list[Span], start: int, end: int) -> list[Span]:
    """The spans a stretch of text shows: those within it, whitespace-only changes left out."""
    return [
        s
        for s in spans_between(spans, start, end)
        if (s.end <= end and (s.start < s.end or start < s.start < end))
        and not (s.kind == "change" and not s.data.before.strip() and not s.data.after.strip())
    ]


def rendered_spans(spans: list[Span], start: int, end: int) -> list[Span]:
    """Exactly the spans ``render_inline`` marks up in text[start:end], in reading order."""
    return _accepted(_inside(spans, start, end))
