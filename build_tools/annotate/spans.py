"""Stage 4 — annotate: find inline spans (changes, glossary terms, citations).

Works on the cleaned text of a document whose structure is known, and returns
spans in cleaned-text coordinates.  Nothing here writes HTML.
"""

from __future__ import annotations

import re

from ..core.errors import EditionError
from ..core.model import Document, Span
from .glossary import Glossary

# [12], [96-98], [96–98], [12, 14], /3/
CITATION_RE = re.compile(r"\[(\d{1,3}(?:\s*[-–]\s*\d{1,3})?(?:\s*[,;]\s*\d{1,3}(?:\s*[-–]\s*\d{1,3})?)*)\]|(?<![\w/])/(\d{1,3})/(?![\w/])")


def parse_citation_numbers(body: str) -> list[int]:
    """'12, 96-98' -> [12, 96, 97, 98] (ranges expanded, at most 200 numbers)."""
    numbers: list[int] = []
    for part in re.split(r"\s*[,;]\s*", body.strip()):
        m = re.match(r"(\d+)\s*[-–]\s*(\d+)$", part)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if a <= b and b - a < 200:
                numbers.extend(range(a, b + 1))
            else:
                numbers.extend([a, b])
        elif part.isdigit():
            numbers.append(int(part))
    return numbers


def change_spans(doc: Document) -> list[Span]:
    return [Span(p.out_start, p.out_end, "change", p.change) for p in doc.clean.placed_changes()]


def citation_spans(text: str) -> list[Span]:
    spans = []
    for m in CITATION_RE.finditer(text):
        body = m.group(1) if m.group(1) is not None else m.group(2)
        spans.append(Span(m.start(), m.end(), "citation", tuple(parse_citation_numbers(body))))
    return spans


def term_spans(text: str, glossary: Glossary, language: str) -> list[Span]:
    return [Span(s, e, "term", entry_id) for s, e, entry_id in glossary.find(text, language)]


def block_ranges(doc: Document) -> list[tuple[int, int, str]]:
    """Spans of the text that may carry annotations, with their block kind."""
    return [(b.start, b.end, b.kind) for div in doc.divisions for b in div.blocks]


def unlinked_ranges(doc: Document, glossary: Glossary) -> dict[str, list[tuple[int, int]]]:
    """Per entry id, the passages of this text where its forms name something else.

    Declared in source_texts/term_exceptions.yaml; a quote must occur exactly once.
    """
    ranges: dict[str, list[tuple[int, int]]] = {}
    for entry in glossary.entries.values():
        for text_id, quote, path, line in entry.not_linked_in:
            if text_id != doc.meta.id:
                continue
            count = doc.text.count(quote)
            if count != 1:
                raise EditionError(
                    path,
                    f"entry {entry.id!r}: quote {quote!r} occurs {count} times in text {text_id!r}",
                    line,
                    hint="quote exact words of the cleaned text (`python -m build_tools clean`), enough to be unique",
                )
            start = doc.text.index(quote)
            ranges.setdefault(entry.id, []).append((start, start + len(quote)))
    return ranges


def annotate(doc: Document, glossary: Glossary) -> list[Span]:
    """All inline spans of a document, sorted by position."""
    text = doc.text
    spans = change_spans(doc) + citation_spans(text)
    ranges = block_ranges(doc)
    unlinked = unlinked_ranges(doc, glossary)
    for start, end, kind in ranges:
        if kind == "heading":
            continue  # terms are never linked inside a heading (its anchor must stay plain)
        for s in term_spans(text[start:end], glossary, doc.meta.language):
            s_start, s_end = s.start + start, s.end + start
            if any(a <= s_start and s_end <= b for a, b in unlinked.get(s.data, ())):
                continue
            spans.append(Span(s_start, s_end, s.kind, s.data))
    spans.sort(key=lambda s: (s.start, -s.end))
    return spans
