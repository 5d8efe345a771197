"""The print documents (render/printed.py): the edited text only, the apparatus where print puts it.

Checked on every text and division of the edition, and on small synthetic cases.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from build_tools.core.kazakh import sort_key
from build_tools.core.model import EditionInfo
from build_tools.render import apparatus
from build_tools.render.printed import PrintPlan, abbreviations, footnotes, is_substantive, print_document, word_end

INFO = EditionInfo(version="9.9", licence_name="CC BY 4.0", licence_url="https://example.org/l", licence_kk="Еркін.", date="2026-01-01")


def plans(edition):
    for doc in edition.documents:
        if len(doc.divisions) == 1:
            yield PrintPlan(doc, tuple(doc.divisions), "text")
        else:
            yield from (PrintPlan(doc, (d,), "part") for d in doc.divisions)
            yield PrintPlan(doc, tuple(doc.divisions), "full")


@pytest.mark.parametrize(
    "text, pos, expected",
    [
        ("СНВ-1-ге, және", 3, "СНВ-1-ге"),  # before the comma that closes the word
        ("Жекенов Д.Қ [94]", 9, "Жекенов Д.Қ"),  # initials are one word: never "Д|.Қ"
        ("«саясат» деп", 2, "«саясат"),  # before the closing quote
        ("бар ие.", 7, "бар ие."),  # at the end of the text
        ("бір екі", 3, "бір"),  # between words: stays
    ],
)
def test_a_call_goes_after_the_word_never_inside_it(text, pos, expected):
    assert text[: word_end(text, pos)] == expected


def test_every_substantive_change_is_in_exactly_one_footnote_called_after_its_word(edition):
    seen = 0
    for doc in edition.documents:
        text = doc.text
        for division in doc.divisions:
            notes = [n for ns in footnotes(doc, division).values() for n in ns]
            changes = [loc.change for loc in apparatus.located_changes(doc, division) if is_substantive(loc.change)]
            assert sorted(id(c) for n in notes for c in n.changes) == sorted(id(c) for c in changes), division.title
            for note in notes:
                a = note.anchor
                assert not (0 < a < len(text) and text[a - 1].isalnum() and text[a].isalnum()), (division.title, text[a - 10 : a + 10])
                assert note.reading and (note.lemma or all(not c.after.strip() for c in note.changes))
            seen += len(changes)
    assert seen > 0


def test_trivial_and_whitespace_changes_are_never_footnoted(edition):
    for doc in edition.documents:
        for division in doc.divisions:
            for ns in footnotes(doc, division).values():
                for note in ns:
                    assert all(not apparatus.is_trivial(c) and not apparatus.is_whitespace_only(c) for c in note.changes)


def test_the_body_holds_the_edited_text_and_nothing_interactive(edition):
    for plan in plans(edition):
        page = print_document(plan, edition.glossary, INFO, [])
        body = page[page.index("<main") : page.index("</main>")]
        for unwanted in ("term-expansion", "[түпн", "data-before", "<details", 'class="term"', "<script", "<button"):
            assert unwanted not in page, (plan.title, unwanted)
        words = re.sub(r"<span class=\"fn\".*?</span>|<sup.*?</sup>|<[^>]+>", "", body)
        assert "(" not in words or words.count("(") <= plan.doc.text.count("("), plan.title


def test_every_commentary_note_of_the_printed_text_is_an_endnote_with_its_call(edition):
    for plan in plans(edition):
        page = print_document(plan, edition.glossary, INFO, [])
        numbers = {b.number for d in plan.divisions for b in d.blocks if b.number}
        expected = sorted(n.number for n in plan.doc.notes if n.paragraph in numbers)
        listed = sorted(int(x) for x in re.findall(r'<li id="note-(\d+)">', page))
        called = sorted(int(x) for x in re.findall(r'<a href="#note-(\d+)">', page))
        assert listed == expected == called, plan.title


def test_abbreviations_are_the_glossary_short_forms_used_in_kazakh_order(edition):
    glossary = edition.glossary
    for plan in plans(edition):
        items = abbreviations(plan.doc, plan.divisions, glossary)
        assert [a for a, _ in items] == sorted((a for a, _ in items), key=sort_key), plan.title
        assert len({a for a, _ in items}) == len(items)
        for abbreviation, name in items:
            form = glossary.form_of(abbreviation)
            assert form is not None and abbreviation in glossary.entries[form.entry_id].acronyms(), abbreviation
            assert name != abbreviation
    divided = next(d for d in edition.documents if len(d.divisions) > 1)
    listed = dict(abbreviations(divided, tuple(divided.divisions), glossary))
    assert listed and all(glossary.form_of(a) for a in listed)


def test_kazakh_letters_sort_in_the_kazakh_alphabet(edition):
    """Ә after А, Ө after О, Ү/Ұ after У, І after Ы — not in code-point order."""
    keys = ["ӨЫҰ", "ОА", "АӨСШК", "АҚШ", "ІІМ", "ЫҚ", "ҰҚШҰ", "УЕФА"]
    assert sorted(keys, key=sort_key) == ["АҚШ", "АӨСШК", "ОА", "ӨЫҰ", "УЕФА", "ҰҚШҰ", "ЫҚ", "ІІМ"]


def test_title_page_escapes_the_data_and_states_version_and_licence(edition):
    doc = edition.documents[0]
    hostile = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, title="<b>Т</b> & «x»", source_notes_kk="<script>"))
    page = print_document(PrintPlan(hostile, tuple(hostile.divisions[:1]), "text"), edition.glossary, INFO, ["a.css"])
    assert "<b>Т</b>" not in page and "&lt;b&gt;Т&lt;/b&gt; &amp; «x»" in page and "<script>" not in page
    assert '<p class="tp-en" lang="en">' in page and doc.meta.title_en.split()[0] in page
    assert "9.9 · 2026-01-01" in page and "CC BY 4.0" in page
    assert "01.01.2026" in page and "__.__.____" not in page  # a printed reference is accessed on the edition's date and '<link rel="stylesheet" href="a.css">' in page
    unlicensed = dataclasses.replace(INFO, licence_name="")
    assert "edition.yaml" in print_document(PrintPlan(hostile, tuple(hostile.divisions[:1]), "text"), edition.glossary, unlicensed, [])


def test_editorial_note_counts_every_unmarked_change(edition):
    for plan in plans(edition):
        page = print_document(plan, edition.glossary, INFO, [])
        unmarked = [
            loc for d in plan.divisions for loc in apparatus.located_changes(plan.doc, d) if not is_substantive(loc.change)
        ]
        if unmarked:
            assert f"барлығы {len(unmarked)}:" in page, plan.title


def test_every_print_document_names_its_version_on_the_title_page_in_the_citation_and_at_every_foot(edition):
    """The edition's own version and build date: the colophon, the reference, and the running
    footer's string (data-stamp, which edition.css's string-set carries to every page's foot)."""
    from build_tools.core.locale import t
    from build_tools.render.citing import gost_date

    info = edition.info
    stamp = t("changelog.running_footer", version=info.version, date=info.date)
    for plan in plans(edition):
        page = print_document(plan, edition.glossary, info, [])
        colophon = re.search(r'<div class="tp-colophon">.*?</div>', page).group(0)
        assert t("print.version", version=info.version, date=info.date) in colophon, plan.title
        assert f"— Нұсқа {info.version} ({gost_date(info.date)})." in colophon, plan.title
        assert page.count(f'data-stamp="{stamp}"') == 1, plan.title


def test_the_running_footer_is_set_from_the_front_matter(root):
    css = (root / "build_tools" / "data" / "print" / "edition.css").read_text(encoding="utf-8")
    assert re.search(r"\.front-matter\s*\{\s*string-set:\s*edition-stamp attr\(data-stamp\)", css)
    assert re.search(r"@bottom-right\s*\{\s*content:\s*string\(edition-stamp\)", css)
