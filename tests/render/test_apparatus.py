"""What the reader sees of the cleaning: marks, the notes at the end of a page, the switches, print."""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from build_tools.clean.engine import RULES, clean_text
from build_tools.core.model import Change, Document, TextMeta
from build_tools.render import apparatus
from build_tools.structure.blocks import structure_text

META = TextMeta(id="t", file="t.txt", language="kk", kind="article", title="Т", title_en="T")


def _doc_pages(edition, doc):
    return [p for p in edition.pages if p.src_uri.startswith(doc.meta.url_dir + "/") and "citations" not in p.src_uri]


def _notes(content: str) -> str:
    start = content.find('<section class="editorial-notes"')
    return content[start : content.index("</section>\n", start)] if start >= 0 else ""


def _accounted(notes: str) -> int:
    """Changes a page's notes account for: each listed entry once, each counted line by its count."""
    listed = notes.count('<li class="ed-entry"')
    counted = sum(int(n) for n in re.findall(r'<li class="ed-tally-item" data-count="(\d+)"', notes))
    return listed + counted


def _synthetic(raw: str) -> Document:
    cleaned = clean_text(raw, META)
    doc = Document(meta=META, clean=cleaned)
    doc.divisions = structure_text(cleaned.text, META)
    return doc


# --------------------------------------------------------------------------- marks


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


# --------------------------------------------------------------------------- naming what differs


@pytest.mark.parametrize(
    "before, after, named",
    [
        ("Cыртқы", "Сыртқы", "латын C → кирилл С"),  # Latin C, Cyrillic Es
        ("жaңа", "жаңа", "латын a → кирилл а"),  # Latin a, Cyrillic a
        ("ХХІ", "XXI", "кирилл Х → латын X, кирилл І → латын I"),  # one name per pair
        ("мəселе", "мәселе", "латын ə → кирилл ә"),  # schwa
        ("бір\u200bекі", "бірекі", "нөлдік ені бар бос орын"),  # an invisible character removed
        ("и\u0306", "й", "қосылатын белгі U+0306"),  # a combining mark
    ],
)
def test_look_alike_and_invisible_characters_are_named(before, after, named):
    assert apparatus.letter_names(before, after) == named


@pytest.mark.parametrize(
    "before, after",
    [("орйда", "орайда"), ("АЫСШК", "АӨСШК"), ('"сөз"', "«сөз»"), ("сөз  сөз", "сөз сөз"), ("ғалым- дарын", "ғалымдарын")],
)
def test_a_difference_plain_to_see_is_not_named(before, after):
    assert apparatus.letter_names(before, after) == ""


def test_whitespace_differences_show_visibly():
    doc = _synthetic("Бірінші сөйлем.\nЕкінші  сөйлем, тараптар , мұнда.\n")
    located = apparatus.located_changes(doc, doc.divisions[0])
    assert located and all(apparatus.is_trivial(loc.change) for loc in located)
    assert apparatus._visible("  ", spaces=True) == "\u00b7\u00b7"
    assert apparatus._visible("\t" * 12) == "\u21e5\u00d712"  # a long run is written once, with its number
    assert apparatus._visible("a\nb") == "a\u21b5b"
    assert apparatus._edges_shown(". ") == ".\u00b7"  # the space that was added or removed is seen
    assert apparatus._edges_shown("Тағы рефераттар") == "Тағы рефераттар"  # a passage reads as a passage


def test_only_the_differing_characters_are_marked():
    loc = apparatus.Located(Change("emendation", 0, 5, "орйда", "орайда", "Әріп түсіп қалған."), 0, 16)
    entry = apparatus._entry(loc, "emendation")
    assert 'ор<mark class="ed-in">а</mark>йда' in entry and "ed-out" not in entry  # a letter added: nothing struck out
    assert 'href="#p16"' in entry and "Әріп түсіп қалған." in entry
    swap = apparatus.Located(Change("latin_in_cyrillic_word", 0, 1, "C", "С"), 0, 1, "", "ыртқы", "", "ыртқы")
    entry = apparatus._entry(swap, "lookalikes")
    assert '<mark class="ed-out">C</mark>ыртқы' in entry and '<mark class="ed-in">С</mark>ыртқы' in entry
    assert "(латын C → кирилл С)" in entry
    space = apparatus.Located(Change("normalize_spaces", 3, 5, "  ", " "), 3, 2, "сөз", "сөз", "сөз", "сөз")
    assert '<mark class="ed-out">\u00b7</mark>' in apparatus._entry(space, "spacing")  # the removed space is seen


# --------------------------------------------------------------------------- the notes


def test_synthetic_notes_list_the_substantive_and_count_the_trivial():
    raw = "Cыртқы саясат  туралы. Интеграциялық .бірлестік ХХІ ғасырда құрылды.\n"
    doc = _synthetic(raw)
    division = doc.divisions[0]
    located = apparatus.located_changes(doc, division)
    kinds = Counter(apparatus.group_of(loc.change) for loc in located)
    assert {"lookalikes", "spacing", "punctuation"} <= set(kinds)
    notes = apparatus.editorial_notes(doc, division)
    assert f'data-changes="{len(located)}"' in notes
    assert _accounted(notes) == len(located) == len(doc.clean.changes)
    listed = [loc for loc in located if not apparatus.is_trivial(loc.change)]
    assert notes.count('<li class="ed-entry"') == len(listed) > 0  # the stray full stop
    assert "латын C → кирилл С" in notes and "кирилл Х → латын X, кирилл І → латын I" in notes
    for group, n in kinds.items():  # one section per kind, with its count and its explanation, once
        section = re.search(rf'<section class="ed-group [^"]*" data-kind="{group}">(.*?)</section>', notes).group(1)
        assert f'<span class="ed-count">{n}</span>' in section
        assert notes.count(html.escape(apparatus.group_text(group), quote=True)) == 1
    for r in RULES:
        assert not re.search(rf"(?<![\w\"]){r.name}(?![\w\"])", notes), r.name  # names only in attributes


def test_every_change_of_every_page_is_listed_or_counted(edition):
    for doc in edition.documents:
        total = 0
        for division in doc.divisions:
            located = apparatus.located_changes(doc, division)
            notes = apparatus.editorial_notes(doc, division)
            assert _accounted(notes) == len(located), (doc.meta.id, division.title)
            total += len(located)
        assert total == len(doc.clean.changes), doc.meta.id
        # and the pages as published carry the same notes
        published = sum(_accounted(_notes(p.content)) for p in _doc_pages(edition, doc))
        assert published == len(doc.clean.changes), doc.meta.id


def test_kinds_and_counts_come_from_the_change_log(edition):
    for doc in edition.documents:
        for division in doc.divisions:
            located = apparatus.located_changes(doc, division)
            notes = apparatus.editorial_notes(doc, division)
            expected = Counter(apparatus.group_of(loc.change) for loc in located)
            found = {
                kind: int(n)
                for kind, n in re.findall(
                    r'<section class="ed-group [^"]*" data-kind="(\w+)"><h[34] class="ed-group-title">[^<]*<span class="ed-count">(\d+)</span>',
                    notes,
                )
            }
            assert found == dict(expected), (doc.meta.id, division.title)
            trivial = sum(n for kind, n in expected.items() if apparatus.group_is_trivial(kind))
            assert notes.count('<li class="ed-entry"') == len(located) - trivial


def test_trivial_changes_are_counted_not_listed(edition):
    doc = next(d for d in edition.documents if d.meta.id == "002")
    blank = [c for c in doc.clean.changes if apparatus.is_whitespace_only(c)]
    assert sum(apparatus.is_trivial(c) for c in blank) > 500  # spacing (a restored paragraph break is listed)
    content = "".join(p.content for p in _doc_pages(edition, doc))
    assert 'data-before=" "' not in content and 'data-before="  "' not in content  # not marked inline
    notes = "".join(_notes(p.content) for p in _doc_pages(edition, doc))
    assert notes.count('<li class="ed-entry"') == sum(1 for c in doc.clean.changes if not apparatus.is_trivial(c))


def test_no_listed_pair_looks_identical(edition):
    """"XX → XX": wherever the two readings look the same, the letters are named."""
    for page in edition.pages:
        for entry in re.findall(r'<li class="ed-entry".*?</li>', _notes(page.content)):
            before = re.search(r'<span class="ed-before">(.*?)</span> \u2192', entry).group(1)
            after = re.search(r'<span class="ed-after">(.*?)</span>', entry).group(1)
            plain = [html.unescape(re.sub(r"<[^>]+>", "", x)) for x in (before, after)]
            if plain[0] == plain[1]:
                assert 'class="ed-letters"' in entry, entry


def test_notes_name_the_kinds_of_change_in_kazakh(edition):
    doc = next(d for d in edition.documents if d.meta.id == "004")
    (page,) = _doc_pages(edition, doc)
    notes = re.sub(r"<[^>]+>", "", _notes(page.content))  # the readings as read, marks aside
    assert "Редактор түзетулері" in notes and "Шығармаға жатпайтын мәтін" in notes
    assert "Перзиденттері" in notes and "Президенттері" in notes
    assert "Тағы рефераттар" in notes  # the removed trailer is named in the notes


def test_pages_stay_under_one_megabyte(edition):
    for page in edition.pages:
        assert len(page.content.encode("utf-8")) < 1_000_000, page.src_uri


# --------------------------------------------------------------------------- English behind a switch


def test_english_prose_is_behind_a_closed_details(edition):
    """Source notes, commentary, event titles and glossary descriptions: English only in
    <details lang="en"> (reachable without JavaScript, closed by default), never in the open."""
    by_src = {p.src_uri: p.content for p in edition.pages}
    for doc in edition.documents:
        page = by_src[f"{doc.meta.url_dir}/index.md"]
        english = re.findall(r'<details class="en-version" lang="en">(.*?)</details>', page)
        assert any(html.escape(doc.meta.title_en, quote=True) in e for e in english), doc.meta.id
        if doc.meta.source_notes:
            assert any(html.escape(doc.meta.source_notes, quote=True) in e for e in english)
    for src, content in by_src.items():
        assert '<details class="en-version" lang="en" open' not in content, src
        assert 'class="cm-en"' not in content and 'class="tl-title-en" lang="en"' not in content, src


# --------------------------------------------------------------------------- the about page


def test_about_page_counts_every_change_by_kind_and_by_text(edition):
    from build_tools.render import about

    summary = about.changes_summary(edition.documents)
    changes = [c for d in edition.documents for c in d.clean.changes]
    kinds = {k: int(n) for k, n in re.findall(r'<li data-kind="(\w+)" data-count="(\d+)">', summary)}
    assert kinds == dict(Counter(apparatus.group_of(c) for c in changes))
    per_text = {k: int(n) for k, n in re.findall(r'<li data-text="([^"]+)" data-count="(\d+)">', summary)}
    assert per_text == {d.meta.id: len(d.clean.changes) for d in edition.documents}
    assert about.number(len(changes)) in summary
    for group in kinds:
        assert html.escape(apparatus.group_title(group), quote=True) in summary
    sources = about.sources_list(edition.documents)
    for doc in edition.documents:
        assert html.escape(doc.meta.source_notes_kk, quote=True) in sources


def test_about_page_reports_the_proofreading_pass(edition):
    """Texts read through, readings emended in them, forms found right: all from the data, every note shown."""
    from build_tools.core.model import AcceptedForm, Proofreading
    from build_tools.render import about

    record = edition.proofreading
    assert record.proofread and record.accepted, "source_texts/accepted_forms.yaml records the pass"
    summary = about.proofreading_summary(edition.documents, record)
    read = [d for d in edition.documents if d.meta.id in record.proofread]
    emended = sum(1 for d in read for c in d.clean.changes if apparatus.group_of(c) == "emendation")
    assert f'data-proofread="{len(read)}" data-accepted="{len(record.accepted)}"' in summary
    for n in (len(read), len(edition.documents), emended, len(record.accepted)):
        assert about.number(n) in summary
    for form in record.accepted:
        assert html.escape(form.form, quote=True) in summary and html.escape(form.note, quote=True) in summary
    for doc in read:
        assert f'href="../{doc.meta.url_dir}/"' in summary or doc.meta.url_dir in summary
    # an edition not yet proofread says so, and lists nothing
    empty = about.proofreading_summary(edition.documents, Proofreading())
    assert 'data-proofread="0" data-accepted="0"' in empty and "about-accepted" not in empty
    one = Proofreading(accepted=(AcceptedForm(form="<x>", note="a & b"),))
    assert "&lt;x&gt;" in about.proofreading_summary(edition.documents, one)


@pytest.mark.site
def test_about_page_speaks_to_readers(built_site, edition):
    page = (built_site / "about" / "index.html").read_text(encoding="utf-8")
    assert "edition:changes" not in page and "edition:sources" not in page and "edition:cite" not in page
    assert "edition:proofreading" not in page and "about-proofreading" in page
    text = _visible_text(page)
    for developer in ("source_texts/", "texts.yaml", "emendations.yaml", "python -m", "build_tools"):
        assert developer not in text, developer
    assert "<table" not in page.split('class="md-content"', 1)[1]  # lists, which read on a phone
    total = about_number(sum(len(d.clean.changes) for d in edition.documents))
    assert total in text


def about_number(n: int) -> str:
    from build_tools.render.about import number

    return number(n)


# --------------------------------------------------------------------------- what a reader sees, site-wide


class _Visible(HTMLParser):
    """The text a reader sees: no script, style or template, no attributes."""

    SKIP = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def _visible_text(page_html: str) -> str:
    parser = _Visible()
    parser.feed(page_html)
    return " ".join(parser.parts)


@pytest.mark.site
def test_no_page_shows_a_rule_name(built_site):
    names = [r.name for r in RULES]  # the registered rules, whatever they are
    pattern = re.compile(r"(?<![\w])(" + "|".join(map(re.escape, names)) + r")(?![\w])")
    pages = sorted(Path(built_site).rglob("*.html"))
    assert len(pages) > 10
    shown = {}
    for path in pages:
        found = pattern.findall(_visible_text(path.read_text(encoding="utf-8")))
        if found:
            shown[str(path.relative_to(built_site))] = sorted(set(found))
    assert shown == {}


# --------------------------------------------------------------------------- in the browser


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

    page.emulate_media(media="print")  # the text as edited, no bracket in or after a word; the notes list the change
    after = page.evaluate("getComputedStyle(document.querySelector('.ed-change[data-before=\"министлігі\"]'), '::after').content")
    assert after in ("none", "normal", '""'), after
    assert page.locator('.ed-change[data-before="министлігі"]').inner_text() == "министрлігі"
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


_SHOWN_ENGLISH = """() => [...document.querySelectorAll('.md-content [lang="en"]')]
    .filter(el => !el.matches('details.en-version, .english-toggle span'))
    .filter(el => el.checkVisibility())
    .map(el => el.textContent.trim().slice(0, 60))"""


@pytest.mark.browser
def test_english_is_hidden_until_the_reader_asks(served_site, page, edition):
    doc = next(d for d in edition.documents if d.notes)
    page.goto(served_site + f"{doc.meta.url_dir}/")
    versions = page.locator("details.en-version")
    assert versions.count() >= 2  # the notes on the source and the commentary
    assert page.evaluate(_SHOWN_ENGLISH) == []  # present, lang="en", but closed
    body = page.locator("details.en-version .en-body").first
    assert body.is_hidden()
    page.locator("details.en-version > summary").first.click()  # one block opens by itself
    assert body.is_visible()
    page.locator("details.en-version > summary").first.click()

    switch = page.locator(".english-toggle input")
    assert switch.count() == 1
    switch.check()  # the reader's switch opens every English version
    assert page.evaluate("[...document.querySelectorAll('details.en-version')].every(d => d.open)")
    page.reload()  # and is remembered from page to page
    assert page.locator(".english-toggle input").is_checked()
    assert page.locator("details.en-version .en-body").first.is_visible()
    page.locator(".english-toggle input").uncheck()
    assert page.evaluate(_SHOWN_ENGLISH) == []
