"""How texts and persons are named on the pages: sigla and short titles (render/names.py),
the concordance's lines (one per passage), persons surname first in every index."""

from __future__ import annotations

import re
from collections import Counter

from build_tools.annotate.glossary import Entry
from build_tools.core.kazakh import sorted_kk
from build_tools.core.model import TextMeta
from build_tools.render import glossary as glossary_pages
from build_tools.render.names import place_label, sigla_key, siglum_html, text_name_html

META = TextMeta(
    id="905", file="t.txt", language="ru", kind="article", title='Полное <название> "текста"', title_en="T",
    short_title="Короткое & название", siglum="F",
)


def test_a_text_is_named_by_siglum_and_short_title_never_by_id():
    name = text_name_html(META, "../905/")
    assert ">F</span>" in name and "Короткое &amp; название" in name and 'lang="ru"' in name
    assert 'title="Полное &lt;название&gt; &quot;текста&quot;"' in name  # the full title as tooltip
    assert "905" not in re.sub(r'href="[^"]*"', "", name)
    tight = siglum_html(META)
    assert tight == '<span class="siglum" title="Короткое &amp; название">F</span>'
    assert place_label(META, 12) == "F ¶ 12"
    key = sigla_key([META], "glossary/persons.md")
    assert "F</span> — <span lang=\"ru\">Короткое &amp; название</span>" in key
    assert 'href="../../texts/905/"' in key and 'href="../../texts/"' in key


def test_a_text_without_names_falls_back_to_its_title():
    bare = TextMeta(id="906", file="t.txt", language="kk", kind="article", title="Атау", title_en="T")
    assert ">Атау</span>" in text_name_html(bare) and "906" not in text_name_html(bare)


# --------------------------------------------------------------------------- the concordance


def test_a_passage_is_listed_once_however_many_forms_of_the_entry_it_holds(edition):
    """"Шанхай ынтымақтастық ұйымы (ШЫҰ)": the full name and the acronym beside it are one
    line of the concordance, with both marked; separate mentions stay separate lines."""
    occ = glossary_pages.occurrences(edition.documents)
    merged = 0
    for entry_id, items in occ.items():
        page = next(p.content for p in edition.pages if p.src_uri == f"glossary/{entry_id}.md")
        lines = re.findall(r'<tr class="kwic-line" data-text="[^"]+" lang="\w+">(.*?)</tr>', page)
        passages = glossary_pages.passages(items)
        assert len(lines) == len(passages), entry_id
        assert sum(line.count("<mark>") for line in lines) == len(items), entry_id
        for passage in passages:
            for a, b in zip(passage, passage[1:]):
                gap = a.doc.text[a.end : b.start]
                assert not any(c.isalnum() for c in gap) and "\n" not in gap, (entry_id, gap)
        for a, b in zip(items, items[1:]):  # apposed forms are never on two lines
            if a.doc is b.doc and a.block_start == b.block_start and b.start >= a.end:
                gap = a.doc.text[a.end : b.start]
                if glossary_pages.APPOSITION_GAP.fullmatch(gap):
                    assert any(a in p and b in p for p in passages), (entry_id, a.surface, b.surface)
        merged += len(items) - len(passages)
    assert merged > 20  # the texts write "name (acronym)" often
    sco = next(p.content for p in edition.pages if p.src_uri == "glossary/sco.md")
    assert re.search(r"<mark>Шанхай ынтымақтастық ұйымы</mark> \(<mark>ШЫҰ</mark>", sco)


def test_concordance_context_is_cut_between_words(edition):
    """A cut context starts and ends with a whole word of the text ("…2001 жылы", never "…001 жылы")."""
    occ = glossary_pages.occurrences(edition.documents)
    checked = 0
    for entry_id in ("central-asia", "sco", "kazakhstan"):
        for o in occ.get(entry_id, []):
            block = o.doc.text[o.block_start : o.block_end]
            left, _, right = glossary_pages.kwic(o)
            words = []
            if left.startswith("…") and left[1:].strip():
                words.append(left[1:].split()[0])
            if right.endswith("…") and right[:-1].strip():
                words.append(right[:-1].split()[-1])
            for word in words:
                assert re.search(r"(?<!\S)" + re.escape(word) + r"(?!\S)", block), (entry_id, left, right)
                checked += 1
    assert checked > 100


# --------------------------------------------------------------------------- persons


def test_a_person_is_indexed_surname_first_unless_the_glossary_says_otherwise():
    person = Entry(id="x", kind="person", name={"kk": "Нұрсұлтан Назарбаев"})
    assert person.index_label() == "Назарбаев, Нұрсұлтан"
    chinese = Entry(id="y", kind="person", name={"kk": "Си Цзиньпин"}, index_name="Си Цзиньпин")
    assert chinese.index_label() == "Си Цзиньпин"
    place = Entry(id="z", kind="place", name={"kk": "Каспий теңізі"})
    assert place.index_label() == "Каспий теңізі"


def test_persons_sort_by_surname_in_the_index_and_on_the_persons_page_alike(edition):
    by_src = {p.src_uri: p.content for p in edition.pages}
    persons = [e for e in edition.glossary.entries.values() if e.kind == "person"]
    expected = [e.index_label() for e in sorted_kk(persons, lambda e: e.index_label())]
    page = by_src["glossary/persons.md"]
    on_page = re.findall(r'<tr><td><a href="\.\./[\w-]+/">([^<]+)</a> ?</td>', page)
    assert on_page == expected
    index = by_src["glossary/index.md"].split("## Орысша және ағылшынша атаулар")[0]
    in_index = re.findall(r'<li class="gl-item" data-kind="person"><a href="[\w-]+/">([^<]+)</a>', index)
    assert in_index == expected
    assert "Назарбаев, Нұрсұлтан" in expected and "Си Цзиньпин" in expected
    assert not any(name.startswith("Цзиньпин") for name in expected)


def test_the_persons_page_names_texts_by_siglum_with_a_key(edition):
    page = next(p.content for p in edition.pages if p.src_uri == "glossary/persons.md")
    assert '<div class="sigla-key"' in page
    counts = Counter(re.findall(r'<a class="siglum" href="\.\./\.\./texts/(\w+)/"', page))
    assert set(counts) <= {d.meta.id for d in edition.documents} and counts
