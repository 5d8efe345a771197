"""Structure against the real texts: headings, tables, lists, citations, citable paragraphs.

The expectations are derived from the *raw* texts by simple, independent line
scans (not by the code under test), and mapped into the cleaned text through
the change log, so that cleaning rules may change letters and spaces without
making these tests lie.
"""

from __future__ import annotations

import re
from pathlib import Path

from build_tools.core.model import Document

ROOT = Path(__file__).resolve().parents[2]


def doc_of(edition, text_id: str) -> Document:
    return next(d for d in edition.documents if d.meta.id == text_id)


def blocks(doc: Document, kind: str | None = None):
    return [b for div in doc.divisions for b in div.blocks if kind is None or b.kind == kind]


def raw_to_clean(doc: Document):
    """A function mapping a raw-text offset to the cleaned text (through the change log)."""
    placed = doc.clean.placed_changes()

    def mapped(offset: int) -> int:
        delta = 0
        for p in placed:
            ch = p.change
            if ch.end <= offset:
                delta = p.out_end - ch.end
                continue
            if ch.start < offset:
                return p.out_start + min(offset - ch.start, len(ch.after))
            break
        return offset + delta

    return mapped


def raw_lines(doc: Document):
    """(start, end, text) of every line of the raw text."""
    pos = 0
    out = []
    for line in doc.clean.raw.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def clean_of_raw_span(doc: Document, start: int, end: int) -> str:
    """The cleaned text of a raw span, without surrounding white space."""
    m = raw_to_clean(doc)
    return doc.text[m(start) : m(end)].strip()


# --------------------------------------------------------------------------- headings

EXPECTED_HEADINGS = [
    (1, "КІРІСПЕ"),
    (1, "1 КӨПВЕКТОРЛЫ СЫРТҚЫ САЯСАТ"),
    (2, "1.1 Көпвекторлы сыртқы саясат ұғымын"),
    (2, "1.2 Көпвекторлы сыртқы саяси бағыттың"),
    (2, "1.3 Орта держава тұжырымдамасы"),
    (1, "2 ҚАЗАҚСТАН РЕСПУБЛИКАСЫНЫҢ КӨПВЕКТОРЛЫ"),
    (2, "2.1 Тәуелсіз Қазақстанның"),
    (2, "2.2 Қазақстан Республикасы сыртқы"),
    (2, "2.3 Халықаралық қатынастар жүйесіндегі"),
    (1, "3 ҚАЗАҚСТАННЫҢ КӨПВЕКТОРЛЫ САЯСАТЫНЫҢ"),
    (2, "3.1 Қазақстанның көпвекторлы саясатының аймақтық"),
    (2, "3.2 Қазақстанның көпвекторлы сыртқы саясатының жүзеге"),
    (2, "3.3 Көпвекторлы саясаттың «батыстық"),
    (1, "ҚОРЫТЫНДЫ"),
]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_dissertation_has_its_14_main_headings_at_the_right_levels(edition):
    doc = doc_of(edition, "002")
    found = [(b.level, _squash(doc.text[b.start : b.end])) for b in blocks(doc, "heading")]
    assert len(found) == 14
    for (level, text), (want_level, want_prefix) in zip(found, EXPECTED_HEADINGS):
        assert level == want_level and text.startswith(want_prefix), (level, text)
    # one page per top-level division, each opening with its level-1 heading
    assert [d.slug for d in doc.divisions] == ["kirispe", "1-tarau", "2-tarau", "3-tarau", "qorytyndy"]
    for div in doc.divisions:
        assert div.blocks[0].kind == "heading" and div.blocks[0].level == 1
        assert all(b.level == 2 for b in div.blocks[1:] if b.kind == "heading")


def test_the_short_texts_have_no_invented_headings(edition):
    for text_id in ("000", "001", "003", "004"):
        assert not blocks(doc_of(edition, text_id), "heading"), text_id


def test_built_pages_have_the_headings_as_h1_and_h2(built_site):
    pages = {
        "kirispe": (1, 0),
        "1-tarau": (1, 3),
        "2-tarau": (1, 3),
        "3-tarau": (1, 3),
        "qorytyndy": (1, 0),
    }
    total = 0
    for slug, (h1, h2) in pages.items():
        html = (built_site / "texts" / "002" / slug / "index.html").read_text(encoding="utf-8")
        article = html[html.index("<article") :]
        h2_ids = [i for i in re.findall(r'<h2 id="([^"]+)"', article) if re.match(r"\d", i)]
        assert len(re.findall(r"<h1[ >]", article)) == h1, slug
        assert len(h2_ids) == h2, (slug, h2_ids)
        # readable Cyrillic anchors, and the heading text is shown without stray backslashes
        assert all(re.search("[а-яәғқңөұүһі]", i) for i in h2_ids)
        total += h1 + h2
        assert "\\" not in re.sub(r"<[^>]+>", "", " ".join(re.findall(r"<h[12][^>]*>.*?</h[12]>", article)))
    assert total == 14


# --------------------------------------------------------------------------- run-in headings

RUN_IN_EXPECTED = [
    "Жұмыстың жалпы сипаттамасы.",
    "Зерттеу жұмысының өзектілігі.",
    "Зерттеу нысаны.",
    "Тақырыптың хронологиялық шеңбері.",
    "Зерттеудің деректік негізі.",
    "Тақырыптың зерттелу деңгейі.",
    "Батыстық әдебиеттер.",
    "Ресейлік әдебиеттер.",
    "Қазақстандық зерттеушілер.",
    "Зерттеудің ғылыми жаңалығы.",
    "Зерттеуді апробациялау.",  # from texts.yaml: the rule does not see it
    "Диссертация жұмысының құрылымы.",
    "ЕҚЫҰ және еуропалық бағыт.",  # from texts.yaml
    "Ислам әлемі және басқа бағыттар.",
]
NOT_RUN_IN = [
    "Біржақты байланыстарда да ілгерілеу байқалды.",
    "ЕО бұған нақты қадамдармен жауап берді.",
    "Қазақстан осы жағдайда теңгерімді саясат жүргізді.",
    "Арбатов.",
]


def test_run_in_headings_are_found(edition):
    doc = doc_of(edition, "002")
    run_ins = [doc.text[b.start : b.start + b.run_in] for b in blocks(doc, "paragraph") if b.run_in]
    for phrase in RUN_IN_EXPECTED:
        assert phrase in run_ins, phrase
    for phrase in NOT_RUN_IN:
        assert phrase not in run_ins, phrase
    for text_id in ("000", "001", "003", "004"):
        other = doc_of(edition, text_id)
        assert not [other.text[b.start : b.start + b.run_in] for b in blocks(other) if b.run_in], text_id


def test_run_in_headings_are_rendered_as_such(built_site):
    html = (built_site / "texts" / "002" / "kirispe" / "index.html").read_text(encoding="utf-8")
    assert '<strong class="run-in">Зерттеу нысаны.</strong> ' in html
    assert '<strong class="run-in">Зерттеуді апробациялау.</strong>' in html


# --------------------------------------------------------------------------- tables

# (caption prefix or None, rows, columns) of the dissertation's tables in reading order
TABLE_SHAPES = [
    ("Кесте 1-", 6, 4),
    ("Кесте 2-", 3, 5),
    ("Кесте 3-", 6, 5),
    ("Кесте 4 -", 6, 6),
    ("Кесте 5-", 6, 5),
    ("Кесте 6 -", 7, 5),
    (None, 6, 6),  # no caption in the source: the lost Кесте 7
    ("Кесте 8-", 6, 5),
    ("Кесте 9-", 11, 4),
]

# (table index from 1, row, column) -> exact cell text
CELLS = {
    (1, 0, 0): "№",
    (1, 0, 3): "Көпвекторлы саясатпен байланысы",
    (1, 5, 1): "Конструктивизм",
    (2, 0, 1): "Зерттеудің негізгі сұрақтары",  # header cells split across lines
    (2, 0, 2): "Талдаудың негізгі әдістері:",
    (2, 0, 3): "Деректердің негізгі көздері:",
    (2, 0, 4): "Күтілетін негізгі нәтижелер:",
    (2, 2, 2): "Саяси және дискурстық талдау",
    (3, 0, 4): "Ғылыми маңызы",
    (3, 4, 1): "Көпвекторлы саясаттың теориялық негіздері",
    (4, 0, 5): "Қысқаша сипаттама",
    (4, 5, 4): "БҰҰ, ҰҚШҰ, ШЫҰ",
    (5, 0, 0): "Кезең",
    (5, 4, 0): "4-кезең",
    (5, 5, 4): "Хеджирлеу стратегиясы",
    (6, 0, 4): "Мүмкіндіктер",
    (6, 6, 0): "Геосаяси тепе-теңдік",
    (6, 6, 4): "Мәртебелі бітімгер болу",
    (7, 0, 0): "№",
    (7, 0, 5): "Қоғамдық қабылдау",
    (7, 3, 1): "АҚШ",
    (7, 5, 1): "Орталық Азия",
    (8, 0, 2): "Сипаттамасы",
    (8, 5, 3): "Жаңа технологиялар",
    (9, 0, 3): "Ықтимал әсері мен тәуекелдері",
    (9, 10, 0): "10",
    (9, 10, 1): "Мүмкіндіктер",
}


def cell_texts(doc: Document, block) -> list[list[str]]:
    return [[doc.text[s:e] for s, e in row] for row in block.parts]


def test_every_table_of_the_dissertation_has_its_shape_and_caption(edition):
    doc = doc_of(edition, "002")
    tables = blocks(doc, "table")
    assert len(tables) == len(TABLE_SHAPES) == 9
    for index, (block, (caption, rows, cols)) in enumerate(zip(tables, TABLE_SHAPES), 1):
        assert len(block.parts) == rows, index
        assert all(len(row) == cols for row in block.parts), (index, [len(r) for r in block.parts])
        if caption is None:
            assert block.caption is None
            assert block.editorial_caption.startswith("Кесте 7 ")
            assert "6" in block.caption_note and "8" in block.caption_note
        else:
            assert doc.text[block.caption[0] : block.caption[1]].startswith(caption), index


def test_table_cells_checked_one_by_one(edition):
    tables = blocks(doc_of(edition, "002"), "table")
    doc = doc_of(edition, "002")
    for (t, r, c), want in CELLS.items():
        assert _squash(cell_texts(doc, tables[t - 1])[r][c]) == want, (t, r, c)
    # the number column counts rows without gaps
    for t in (1, 2, 3, 4, 7, 8, 9):
        numbers = [row[0] for row in cell_texts(doc, tables[t - 1])[1:]]
        assert numbers == [str(n) for n in range(1, len(numbers) + 1)], t


def raw_table_cells(doc: Document):
    """Tables read from the raw text by a plain scan: [[[(raw start, raw end), ...] rows] tables].

    A cell line starts with a tab (maybe after spaces) and has a cell line or a blank
    line next to it; an empty tab line followed by an untabbed line inside a table
    holds that line's text.  Blank lines separate rows; two of them, or any other
    line, separate tables.
    """
    lines = raw_lines(doc)
    tab = [bool(re.match(r"^ *\t", t)) for _, _, t in lines]
    blank = [not t.strip() and not tab[i] for i, (_, _, t) in enumerate(lines)]
    tables, rows, row = [], [], []
    i = 0
    blanks = 0

    def close_table():
        nonlocal rows
        if row:
            rows.append(list(row))
        if len(rows) >= 2:
            tables.append(rows)
        rows = []

    while i < len(lines):
        s, e, t = lines[i]
        neighbour = (i > 0 and (tab[i - 1] or blank[i - 1])) or (i + 1 < len(lines) and (tab[i + 1] or blank[i + 1]))
        if tab[i] and (row or rows or (neighbour and t.strip())):
            if not t.strip() and i + 1 < len(lines) and not tab[i + 1] and not blank[i + 1]:
                if not row and blanks >= 1:  # a lone empty tab line after a table: not a cell
                    close_table()
                    row = []
                    i += 1
                    continue
                row.append((lines[i + 1][0], lines[i + 1][1]))
                i += 2
            else:
                row.append((s, e))
                i += 1
            blanks = 0
            continue
        if blank[i]:
            blanks += 1
            if row:
                rows.append(row)
                row = []
            if blanks >= 2:
                close_table()
            i += 1
            continue
        close_table()
        row = []
        blanks = 0
        i += 1
    close_table()
    return tables


def test_tables_match_the_raw_text_cell_by_cell(edition):
    """Every tab-prefixed cell of the raw text is in the right table, row and column."""
    doc = doc_of(edition, "002")
    expected = raw_table_cells(doc)
    tables = blocks(doc, "table")
    assert len(expected) == len(tables) == 9
    for t, (raw_rows, block) in enumerate(zip(expected, tables), 1):
        assert [len(r) for r in raw_rows] == [len(r) for r in block.parts], t
        for r, (raw_row, row) in enumerate(zip(raw_rows, block.parts)):
            for c, ((rs, re_), (cs, ce)) in enumerate(zip(raw_row, row)):
                assert clean_of_raw_span(doc, rs, re_) == doc.text[cs:ce], (t, r, c)


def test_no_tab_prefixed_cell_text_is_lost(edition):
    """All text on tab-prefixed lines next to other cells appears in some cell."""
    doc = doc_of(edition, "002")
    cells = {_squash(doc.text[s:e]) for b in blocks(doc, "table") for row in b.parts for s, e in row}
    lines = raw_lines(doc)
    missing = []
    for i, (s, e, t) in enumerate(lines):
        if not re.match(r"^ *\t", t) or not t.strip():
            continue
        near = [lines[j][2] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
        if not any(re.match(r"^ *\t", n) or not n.strip() for n in near):
            continue  # an indented paragraph, not a cell
        if _squash(clean_of_raw_span(doc, s, e)) not in cells:
            missing.append((i + 1, t[:60]))
    assert not missing, missing


def test_tables_are_rendered_with_caption_header_and_cells(built_site):
    html = (built_site / "texts" / "002" / "3-tarau" / "index.html").read_text(encoding="utf-8")
    table = html[html.index('<table id="table-7"') :]
    table = table[: table.index("</table>")]
    assert '<caption class="editorial"><span class="ed-label">[ред.]</span> Кесте 7 - ' in table
    assert table.count("<th ") == 6 and table.count("<tr>") == 6
    page1 = (built_site / "texts" / "002" / "1-tarau" / "index.html").read_text(encoding="utf-8")
    assert '<th scope="col">Зерттеудің негізгі сұрақтары</th>' in page1
    assert "<caption>Кесте 2- Зерттеу құрылымы.</caption>" in page1


# --------------------------------------------------------------------------- lists

LIST_LINE = re.compile(r"^ *(?:[·•]|[-—–](?=\s*\S)|\d{1,2}[.)]\s)")


def test_list_lines_of_every_text_are_list_items(edition, finished):
    total = 0
    for doc in edition.documents:
        items = [(s, e) for b in blocks(doc, "list") for s, e in b.parts]
        m = raw_to_clean(doc)
        removed = [(c.start, c.end) for c in doc.clean.changes if not c.after.strip() and c.before.strip()]
        for s, e, t in raw_lines(doc):
            if not LIST_LINE.match(t) or not t.strip().rstrip(".") or re.match(r"^\d{1,2}\.\d", t.strip()):
                continue
            if any(a <= s and e <= b for a, b in removed):
                continue  # removed from the text (page furniture such as «– 13 –»): listed in the notes
            total += 1
            start, end = m(s), m(e)
            assert any(start <= a and b <= end for a, b in items), (doc.meta.id, t[:60])
    # and the other way round: every list item comes from such a line
    assert total == sum(len(b.parts) for doc in edition.documents for b in blocks(doc, "list"))
    assert sum(len(b.parts) for doc in edition.documents if doc.meta.id in finished for b in blocks(doc, "list")) == 75


def test_list_kinds_and_markers(edition):
    d001 = doc_of(edition, "001")
    (lst,) = blocks(d001, "list")
    assert not lst.ordered and len(lst.parts) == 5
    # each item's marker is the one the (cleaned) text has in front of it
    for (s, _), marker in zip(lst.parts, lst.markers):
        assert d001.text[d001.text.rfind("\n", 0, s) + 1 : s].strip() == marker
    assert d001.text[lst.parts[1][0] : lst.parts[1][1]].startswith("елімізде экономикалық")
    d002 = doc_of(edition, "002")
    ordered = [b for b in blocks(d002, "list") if b.ordered]
    assert [len(b.parts) for b in ordered] == [7, 3]
    assert ordered[0].markers[0] == "1)" and ordered[1].markers[-1] == "3."
    bullets = [b for b in blocks(d002, "list") if not b.ordered]
    assert sum(len(b.parts) for b in bullets if b.markers[0] in ("·", "•")) >= 40


def test_lists_are_html_lists(built_site):
    html = (built_site / "texts" / "001" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<ul class="src-list"><li data-marker="[—•-]"[^>]*>мемлекеттік мүддені қорғау;</li>', html)
    html = (built_site / "texts" / "002" / "kirispe" / "index.html").read_text(encoding="utf-8")
    assert '<ol class="src-list"><li data-marker="1)" value="1">' in html


# --------------------------------------------------------------------------- citations

RAW_CITATION = re.compile(r"\[\d{1,3}(?:\s*[-–]\s*\d{1,3})?\]|(?<![\w/])/\d{1,3}/(?![\w/])")


def test_every_citation_marker_is_found(edition):
    for doc in edition.documents:
        raw = RAW_CITATION.findall(doc.clean.raw)
        spans = [s for s in doc.spans if s.kind == "citation"]
        assert len(spans) == len(raw), doc.meta.id
    assert len(RAW_CITATION.findall(doc_of(edition, "002").clean.raw)) == 235


def _page_files(built_site, text_id):
    return sorted((built_site / "texts" / text_id).rglob("index.html"))


def test_every_citation_marker_is_linked_and_uniform(built_site, edition):
    for doc in edition.documents:
        raw = len(RAW_CITATION.findall(doc.clean.raw))
        markers = []
        for path in _page_files(built_site, doc.meta.id):
            if path.parent.name == "citations":
                continue
            html = path.read_text(encoding="utf-8")
            found = re.findall(r'<a class="citation" id="cite-\d+" href="([^"]+)"[^>]*>(.*?)</a>', html)
            # a change mark may stand inside a marker: the reader sees its text
            markers += [(path, (href, re.sub(r"<[^>]+>", "", inner))) for href, inner in found]
        assert len(markers) == raw, doc.meta.id
        for path, (href, label) in markers:
            assert re.fullmatch(r"\[\d+(–\d+)?\]", label), label
            target, anchor = href.split("#")
            target_html = (path.parent / target / "index.html").resolve().read_text(encoding="utf-8")
            assert f'id="{anchor}"' in target_html, href
    # the source's own form is kept for the reader
    html = (built_site / "texts" / "004" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'data-source="/\d+/"', html)


def test_citation_index_and_editorial_note(built_site, edition):
    for doc in edition.documents:
        index = (built_site / "texts" / doc.meta.id / "index.html").read_text(encoding="utf-8")
        cites = bool(RAW_CITATION.search(doc.clean.raw))
        assert ("citations-note" in index) == cites, doc.meta.id
        assert (built_site / "texts" / doc.meta.id / "citations" / "index.html").is_file() == cites
    html = (built_site / "texts" / "002" / "citations" / "index.html").read_text(encoding="utf-8")
    assert "әдебиеттер тізімі жоқ" in html
    assert "235 сілтеме белгісі" in html
    # [96-98] in the source is indexed under 96, 97 and 98
    for n in (96, 97, 98):
        assert f'id="ref-{n}"' in html
    # every place listed in the index leads to its marker on the text's page
    links = re.findall(r'<a href="([^"#]+)#(cite-\d+)"', html)
    assert len({a for _, a in links}) == 235
    base = built_site / "texts" / "002" / "citations"
    pages = {}
    for target, anchor in links:
        if target not in pages:
            pages[target] = (base / target / "index.html").resolve().read_text(encoding="utf-8")
        assert f'id="{anchor}"' in pages[target], (target, anchor)


# --------------------------------------------------------------------------- citable paragraphs


def test_every_block_of_every_text_has_a_number(edition):
    for doc in edition.documents:
        numbered = [b for b in blocks(doc) if b.kind != "heading"]
        assert numbered and all(b.number for b in numbered)
        assert [b.number for b in numbered] == list(range(1, len(numbered) + 1)), doc.meta.id


def test_nothing_of_the_cleaned_text_falls_outside_the_blocks(edition):
    for doc in edition.documents:
        covered = bytearray(len(doc.text))

        def cover(s, e):
            covered[s:e] = b"\x01" * (e - s)

        for b in blocks(doc):
            if b.kind == "table":
                for row in b.parts:
                    for s, e in row:
                        cover(s, e)
                if b.caption:
                    cover(*b.caption)
            elif b.kind == "list":
                line_start = b.start
                for s, e in b.parts:
                    line_start = doc.text.rfind("\n", 0, s) + 1
                    cover(line_start, e)
            else:
                cover(b.start, b.end)
        lost = [i for i, ch in enumerate(doc.text) if not covered[i] and not ch.isspace()]
        assert not lost, (doc.meta.id, [doc.text[i - 20 : i + 20] for i in lost[:3]])


def test_every_paragraph_has_an_anchor_and_a_number_on_the_site(built_site, edition):
    for doc in edition.documents:
        count = sum(1 for b in blocks(doc) if b.number)
        found = set()
        for path in _page_files(built_site, doc.meta.id):
            html = path.read_text(encoding="utf-8")
            for n, inner in re.findall(r'id="p(\d+)"><a class="pnum" href="#p(\d+)"', html):
                assert n == inner
                found.add(int(n))
        assert found == set(range(1, count + 1)), doc.meta.id


def test_every_text_page_offers_a_citation_of_itself(built_site):
    for text_id in ("000", "001", "002", "003", "004"):
        for path in _page_files(built_site, text_id):
            if path.parent.name == "citations":
                continue
            html = path.read_text(encoding="utf-8")
            assert '<details class="cite-page"' in html, path
            assert "[Авторы белгісіз]" in html and "@misc{kzfp-" in html, path


def test_a_list_marker_changed_by_cleaning_says_what_the_source_had(tmp_path):
    from build_tools.annotate.glossary import load_glossary
    from build_tools.annotate.spans import annotate
    from build_tools.clean.edits import Rule, regex_rule
    from build_tools.clean.engine import clean_text
    from build_tools.core.model import TextMeta
    from build_tools.render.base import RenderContext
    from build_tools.render.blocks import render_block
    from build_tools.structure.blocks import structure_text

    meta = TextMeta(id="t", file="t.txt", language="kk", kind="article", title="Т", title_en="T")
    bullets = Rule("test_bullets", "lists", "Тізім белгісі түзетілді", "Bullet normalised", regex_rule(r"(?m)^-", "•"))
    cleaned = clean_text("Кіріспе:\n-бір;\n-екі.\n", meta, extra_rules=[bullets])
    doc = Document(meta=meta, clean=cleaned)
    doc.divisions = structure_text(cleaned.text, meta)
    glossary = load_glossary(tmp_path)
    doc.spans = annotate(doc, glossary)
    (lst,) = blocks(doc, "list")
    html = render_block(doc, lst, doc.spans, RenderContext("texts/t/index.md", glossary, "kk"))
    assert lst.markers == ("•", "•")  # the cleaned text's marker
    assert html.count('class="marker-changed" data-before="-"') == 2
    # the reason names the rule (an unregistered rule by its name; other rules may join it)
    assert len(re.findall(r'title="Түпнұсқада: «-»\. [^"]*test_bullets', html)) == 2
    assert "<li data-marker=\"•\"" in html and ">бір;</li>" in html
