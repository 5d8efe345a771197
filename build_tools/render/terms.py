"""Stage 5 — render: which glossary term occurrences of a page are links.

Every occurrence of a term stays marked in the HTML (``data-term``, its full name as
``title``), but only the first occurrence of each glossary entry in each *section* of
a page is a visible link; the others are quiet ``<span class="term">`` marks that the
reader's "show all marks" switch makes visible (``docs/assets/marks.css``).

A section is the content between two consecutive headings of a page, of any level
(h1–h6): a heading opens a new section, and the content before the page's first
heading block is a section of its own.  A table stands inside one section, so a term
repeated in its rows is linked at most once.

The decision is made once per page, before anything is written, from the blocks of
the page and the spans the renderer will actually show (:func:`render.inline.rendered_spans`).
"""

from __future__ import annotations

from ..core.model import Block, Span
from .blocks import inline_ranges
from .inline import rendered_spans


def sections(blocks: list[Block]) -> list[list[Block]]:
    """The page's blocks split at its headings; each heading begins the section it titles."""
    result: list[list[Block]] = [[]]
    for block in blocks:
        if block.kind == "heading" and result[-1]:
            result.append([])
        result[-1].append(block)
    return [section for section in result if section]


def linked_terms(blocks: list[Block], spans: list[Span]) -> frozenset[tuple[int, int]]:
    """(start, end) of the term occurrences that are links: the first of each entry in each section.

    ``spans`` are the document's spans sorted by start, as ``annotate`` returns them.
    """
    linked: set[tuple[int, int]] = set()
    for section in sections(blocks):
        seen: set[str] = set()
        for block in section:
            for start, end in inline_ranges(block):
                for span in rendered_spans(spans, start, end):
                    if span.kind == "term" and span.data not in seen:
                        seen.add(span.data)
                        linked.add((span.start, span.end))
    return frozenset(linked)
