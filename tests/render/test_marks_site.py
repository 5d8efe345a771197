"""Glossary term marks on the built site: one link per entry and section, every occurrence marked."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest

from build_tools.structure.pages import division_src, page_url

pytestmark = pytest.mark.site

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _TermMarks(HTMLParser):
    """The article's term marks, in order, each with the number of the section it stands in.

    A section is what lies between two consecutive headings (h1–h6), as the edition defines it.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_article = False
        self.section = 0
        self.marks: list[tuple[int, str, str]] = []  # (section, tag, entry id)

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.in_article = True
        if not self.in_article:
            return
        if tag in HEADINGS:
            self.section += 1
        attrs = dict(attrs)
        if "data-term" in attrs:
            self.marks.append((self.section, tag, attrs["data-term"]))

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article = False


def _marks(path) -> list[tuple[int, str, str]]:
    parser = _TermMarks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.marks


def _text_pages(edition):
    for doc in edition.documents:
        for division in doc.divisions:
            yield doc, division, division_src(doc, division)


def test_no_entry_is_linked_twice_in_a_section_and_every_occurrence_is_marked(built_site, edition):
    pages = list(_text_pages(edition))
    assert len(pages) >= len(edition.documents)
    for doc, division, src in pages:
        marks = _marks(built_site / page_url(src) / "index.html")
        ranges = [(b.start, b.end) for b in division.blocks]
        occurrences = Counter(
            s.data for s in doc.spans if s.kind == "term" and any(a <= s.start < b for a, b in ranges)
        )
        assert Counter(entry for _, _, entry in marks) == occurrences, src  # every occurrence keeps data-term
        links = Counter((section, entry) for section, tag, entry in marks if tag == "a")
        assert not [k for k, n in links.items() if n > 1], src  # never linked twice in one section
        first = {}
        for section, tag, entry in marks:
            first.setdefault((section, entry), tag)
        assert set(first.values()) <= {"a"}, src  # the first occurrence in each section is the link
        assert set(links) == set(first), src


def test_the_dissertation_chapters_link_far_fewer_terms_than_they_mark(built_site, edition):
    """The reading text is calm: on a long page most occurrences are quiet marks, not links."""
    longest = max(_text_pages(edition), key=lambda page: len(_marks(built_site / page_url(page[2]) / "index.html")))
    marks = _marks(built_site / page_url(longest[2]) / "index.html")
    links = sum(1 for _, tag, _ in marks if tag == "a")
    assert links < len(marks) / 2, (longest[2], links, len(marks))
