"""What the reader sees of the cleaning: marks, notes, the switch, print, the table of changes."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from build_tools.core.model import Change
from build_tools.render import apparatus


def _doc_pages(edition, doc):
    return [p for p in edition.pages if p.src_uri.startswith(doc.meta.url_dir + "/") and "citations" not in p.src_uri]


def test_a_mark_carries_the_original_reading_and_the_reason():
    ch = Change("emendation", 10, 20, "министлігі", "министрлігі", "Әріп түсіп қалған.")
    opening, closing = apparatus.change_tag(ch)
    assert 'data-before="министлігі"' in opening
    assert "tabindex" not in opening  # focusable only while shown (edition.js): no hidden tab stops
    assert "Түпнұсқада: «министлігі»" in opening and "Әріп түсіп қалған." in opening
    assert closing == "</span>"
    deletion = apparatus.change_tag(Change("remove_not_part_of_work", 0, 3, "abc", ""))[0]
    assert "ed-del" in deletion
    merged = Change("latin_in_cyrillic_word+missing_space_after_punctuation", 0, 1, "C", " С")
    assert apparatus.reason(merged).count(";") == 1  # both rules explain themselves


def test_every_change_is_listed_once_in_the_notes(edition):
    for doc in edition.documents:
        listed = 0
        for page in _doc_pages(edition, doc):
            listed += sum(int(n) for n in re.findall(r'<span class="ed-count">\((\d+)\)</span>', page.content))
        assert listed == len(doc.clean.changes), doc.meta.id


def test_every_visible_change_inside_a_block_is_marked_inline(edition):
    for doc in edition.documents:
        marks = sum(page.content.count('class="ed-change') for page in _doc_pages(edition, doc))
        spans = [b for d in doc.divisions for b in d.blocks]
        expected = 0
        for p in doc.clean.placed_changes():
            if apparatus.is_whitespace_only(p.change):
                continue
            for b in spans:
                # headings stay plain Markdown (their anchors); their changes are listed in the notes
                parts = [(b.start, b.end)] if b.kind == "paragraph" else []
                if b.kind == "list":
                    parts = list(b.parts)
                if b.kind == "table":
                    parts = [cell for row in b.parts for cell in row] + ([b.caption] if b.caption else [])
                if any(s <= p.out_start and p.out_end <= e and (p.out_start < p.out_end or s < p.out_start < e) for s, e in parts):
                    expected += 1
                    break
        assert marks == expected, doc.meta.id
        assert marks > 0 or doc.meta.id == "003"


def test_whitespace_changes_are_counted_and_listed_not_marked(edition):
    doc = next(d for d in edition.documents if d.meta.id == "002")
    blank = [c for c in doc.clean.changes if apparatus.is_whitespace_only(c)]
    assert len(blank) > 500
    content = "".join(p.content for p in _doc_pages(edition, doc))
    assert 'data-before=" "' not in content and 'data-before="  "' not in content
    listed = sum(int(n) for n in re.findall(r'<li class="ed-whitespace">[^<]*\((\d+), мәтінде белгіленбейді\)', content))
    assert listed == len(blank)


def test_notes_name_the_kinds_of_change_in_kazakh(edition):
    doc = next(d for d in edition.documents if d.meta.id == "004")
    (page,) = _doc_pages(edition, doc)
    notes = page.content[page.content.index('class="editorial-notes"') :]
    assert "Редактор түзетулері" in notes and "Шығармаға жатпайтын мәтін" in notes
    assert "Перзиденттері" in notes and "Президенттері" in notes
    assert "Тағы рефераттар" in notes  # the removed trailer is named in the notes


def test_pages_stay_under_one_megabyte(edition):
    for page in edition.pages:
        assert len(page.content.encode("utf-8")) < 1_000_000, page.src_uri


def test_changes_table_counts_every_change(edition):
    table = apparatus.changes_table(edition.documents)
    total_row = table.strip().splitlines()[-1]
    totals = [int(n) for n in re.findall(r"\*\*(\d+)\*\*", total_row)]
    assert totals[:-1] == [len(d.clean.changes) for d in edition.documents]
    assert totals[-1] == sum(totals[:-1])
    for kind in Counter(apparatus.group_of(c) for d in edition.documents for c in d.clean.changes):
        assert apparatus.group_title(kind) in table


@pytest.mark.site
def test_about_page_has_the_generated_tables(built_site, edition):
    html = (built_site / "about" / "index.html").read_text(encoding="utf-8")
    assert "edition:changes-table" not in html and "edition:rules-table" not in html
    assert "<table>" in html
    for doc in edition.documents:
        assert f"<th>{doc.meta.id}</th>" in html or f'<th style="text-align: right;">{doc.meta.id}</th>' in html
    assert "normalize_quotes" in html and "Редактор түзетулері" in html
    assert str(sum(len(d.clean.changes) for d in edition.documents)) in html


@pytest.mark.browser
def test_hover_focus_switch_and_print_in_the_browser(served_site, page):
    page.goto(served_site + "texts/001/")
    mark = page.locator('.ed-change[data-before="министлігі"]')
    assert mark.inner_text() == "министрлігі"
    assert mark.get_attribute("tabindex") is None  # quiet in the default view
    page.locator(".marks-toggle input").check()  # the marks shown: every change takes focus
    mark.focus()
    tooltip = page.get_by_text("Түпнұсқада: «министлігі»").filter(visible=True)
    tooltip.first.wait_for(state="visible", timeout=5000)
    assert "Әріп түсіп қалған" in tooltip.first.inner_text()

    toggle = page.locator(".original-toggle input")
    assert toggle.count() == 1
    toggle.check()
    assert mark.inner_text() == "министлігі"
    assert page.locator('.ed-change[data-before="“"]').first.inner_text() == "“"
    page.reload()  # the choice is remembered from page to page
    assert page.locator(".original-toggle input").is_checked()
    assert page.locator('.ed-change[data-before="министлігі"]').inner_text() == "министлігі"
    page.locator(".original-toggle input").uncheck()
    assert page.locator('.ed-change[data-before="министлігі"]').inner_text() == "министрлігі"
    page.locator(".marks-toggle input").uncheck()

    page.emulate_media(media="print")
    after = page.evaluate("getComputedStyle(document.querySelector('.ed-change[data-before=\"министлігі\"]'), '::after').content")
    assert "министлігі" in after
    assert page.locator(".original-toggle").is_hidden()
    page.emulate_media(media="screen")


@pytest.mark.browser
def test_switch_keeps_glossary_links_inside_a_changed_reading(served_site, page):
    page.goto(served_site + "texts/002/kirispe/")
    marks = page.locator(".ed-change")
    assert marks.count() > 10
    before_html = page.locator("#p1").inner_html()
    page.locator(".original-toggle input").check()
    page.locator(".original-toggle input").uncheck()
    assert page.locator("#p1").inner_html() == before_html
