"""Marks in the running text: which term occurrences are links, note markers glued to their words."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from build_tools.annotate.commentary import loose_end, splits_word
from build_tools.core.model import Block, Change, Span
from build_tools.render import terms
from build_tools.render.blocks import inline_ranges
from build_tools.structure.pages import division_src

TERM_TAG = re.compile(r'<(a|span) class="term" data-term="([\w-]+)"')


# --------------------------------------------------------------------------- the rule, on a made-up page


def _page():
    """A heading, a paragraph, a table, a subheading, a paragraph; terms a and b (offsets are made up)."""
    blocks = [
        Block("heading", 0, 10, level=1),
        Block("paragraph", 11, 40, number=1),
        Block("table", 41, 90, number=2, parts=[[(41, 50), (51, 60)], [(61, 70), (71, 80)]], caption=(82, 90)),
        Block("heading", 91, 100, level=3),
        Block("paragraph", 101, 130, number=3),
    ]
    spans = [
        Span(12, 15, "term", "a"),
        Span(20, 23, "term", "a"),
        Span(42, 45, "term", "b"),  # table head
        Span(62, 65, "term", "b"),  # table body, same section
        Span(72, 75, "term", "a"),
        Span(83, 86, "term", "b"),  # caption
        Span(102, 105, "term", "a"),  # after a heading of another level: a new section
        Span(110, 113, "term", "a"),
    ]
    return blocks, spans


def test_sections_begin_at_every_heading_whatever_its_level():
    blocks, _ = _page()
    sections = terms.sections(blocks)
    assert [[b.kind for b in s] for s in sections] == [["heading", "paragraph", "table"], ["heading", "paragraph"]]
    assert terms.sections(blocks[1:3]) == [blocks[1:3]]  # content before the first heading is a section too


def test_only_the_first_occurrence_of_an_entry_in_a_section_is_linked():
    blocks, spans = _page()
    linked = terms.linked_terms(blocks, spans)
    # a: first in ¶1, then first after the subheading; b: the table's caption comes first in reading order
    assert linked == {(12, 15), (83, 86), (102, 105)}
    assert inline_ranges(blocks[2])[0] == (82, 90)  # the caption is read before the cells


def test_a_term_the_renderer_drops_is_never_the_chosen_link():
    blocks = [Block("paragraph", 0, 40, number=1)]
    # the change crosses the first term, so the renderer keeps the change and drops that term
    change = Change("emendation", 5, 12, "abc", "abd")
    spans = [Span(2, 8, "term", "a"), Span(5, 12, "change", change), Span(20, 25, "term", "a")]
    assert terms.linked_terms(blocks, spans) == {(20, 25)}


@pytest.mark.parametrize(
    "text, i, inside",
    [("бастамасы, сол", 9, False), ("Азияда", 5, True), ("ЕАЭО-ға", 4, True), ("в 1995", 1, False), ("«әріптестік»", 11, False)],
)
def test_a_position_inside_a_word_is_recognised(text, i, inside):
    assert splits_word(text, i) is inside


# --------------------------------------------------------------------------- the rule, on the edition's pages


def _text_pages(edition):
    by_src = {p.src_uri: p for p in edition.pages}
    for doc in edition.documents:
        for division in doc.divisions:
            yield doc, division, by_src[division_src(doc, division)]


def test_every_occurrence_is_marked_and_one_per_entry_and_section_is_a_link(edition):
    checked = 0
    for doc, division, page in _text_pages(edition):
        starts = {(b.start, b.end) for b in division.blocks}
        expected = Counter(
            s.data for s in doc.spans if s.kind == "term" and any(a <= s.start < b for a, b in starts)
        )
        tags = TERM_TAG.findall(page.content)
        assert Counter(entry for _, entry in tags) == expected, page.src_uri  # nothing dropped
        sections = terms.sections(division.blocks)
        pairs = {
            (i, s.data)
            for i, section in enumerate(sections)
            for s in doc.spans
            if s.kind == "term" and any(b.start <= s.start < b.end for b in section)
        }
        assert sum(1 for tag, _ in tags if tag == "a") == len(pairs), page.src_uri
        checked += sum(expected.values())
    assert checked == sum(1 for d in edition.documents for s in d.spans if s.kind == "term")


@pytest.mark.parametrize("text, loose", [("бастамасы", False), ("г.", False), ("Декларация »", False), ("сөз ", True), ("сөз –", True)])
def test_a_passage_ending_where_a_line_may_break_is_recognised(text, loose):
    assert loose_end(text, len(text)) is loose


def test_note_markers_follow_whole_words_with_nothing_between(edition):
    notes = [(doc, s.data) for doc in edition.documents for s in doc.spans if s.kind == "note"]
    assert notes
    for doc, note in notes:
        assert not splits_word(doc.text, note.end), (doc.meta.id, note.number)
        assert not loose_end(doc.text, note.end), (doc.meta.id, note.number)
    for _, _, page in _text_pages(edition):
        # the marker follows the passage's last character directly: nothing a line could break at
        assert page.content.count('<sup class="cm-ref"><a class="cm-marker"') == page.content.count('class="cm-marker"')
        assert "</span><sup class=\"cm-ref\">" in page.content or 'class="cm-marker"' not in page.content


@pytest.mark.parametrize(
    "new_quote, complaint",
    [("кеңесті шақыру жөніндегі Қазақстанның бастам", "ends inside a word"), ("Біріншіден, бұл -", "with a space or a dash")],
)
def test_a_quote_whose_marker_could_be_cut_from_its_word_is_refused(tmp_path, root, new_quote, complaint):
    import shutil

    from build_tools.core.errors import EditionError
    from build_tools.publish.pipeline import build_edition
    from build_tools.read.texts import Paths

    sources = tmp_path / "source_texts"
    shutil.copytree(root / "source_texts", sources)
    commentary = sources / "commentary.yaml"
    text = commentary.read_text(encoding="utf-8")
    quote = "quote: кеңесті шақыру жөніндегі Қазақстанның бастамасы\n"
    assert quote in text
    commentary.write_text(text.replace(quote, f'quote: "{new_quote}"\n', 1), encoding="utf-8")
    with pytest.raises(EditionError) as caught:
        build_edition(Paths(tmp_path))
    message = caught.value.format()
    assert "commentary.yaml" in message and complaint in message and "end of the word" in message
