"""TEI P5 export (build_tools/export/tei.py): every text, the glossary and the chronology.

For every text of the edition (ids from texts.yaml): its TEI is valid against tei_all; it gives
back the raw text and the cleaned text exactly; every logged change is one choice naming
declared rules; every glossary term is a name pointing into the lists file; every ¶ has its p;
every commentary note is there, anchored to its passage. The lists file is valid and holds
every glossary entry and every event. Then negative cases, the schema's checksum, and random
synthetic texts through the cleaner.
"""

from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from build_tools.annotate.glossary import load_glossary
from build_tools.annotate.spans import annotate
from build_tools.clean.emendations import Emendation
from build_tools.clean.engine import clean_text
from build_tools.core.model import Document, EditionInfo, TextMeta
from build_tools.export import tei
from build_tools.export.tei_body import name_element, rule_names
from build_tools.export.tei_xml import TEI_NS, XML_ID, is_ncname, text_file_name, xml_id
from build_tools.read.texts import default_paths, load_texts
from build_tools.structure.blocks import structure_text

NS = {"t": TEI_NS}
TEXT_IDS = [meta.id for meta in load_texts(default_paths())]
NAMES = ("orgName", "persName", "placeName", "eventName", "term")


@pytest.fixture(scope="session")
def files(edition) -> dict[str, bytes]:
    """Every text's TEI by id, and the lists file under "lists"."""
    found = {
        doc.meta.id: tei.text_tei(doc, edition.glossary, edition.commentary, edition.info)
        for doc in edition.documents
    }
    texts, places = [doc.meta for doc in edition.documents], tei.term_places(edition.documents)
    found["lists"] = tei.lists_tei(texts, places, edition.glossary, edition.commentary, edition.info)
    return found


@pytest.fixture(scope="session")
def trees(files) -> dict[str, etree._Element]:
    return {key: etree.fromstring(data, etree.XMLParser(huge_tree=True)) for key, data in files.items()}


@pytest.fixture(scope="session")
def docs(edition) -> dict:
    return {doc.meta.id: doc for doc in edition.documents}


def ids_of(tree) -> dict[str, etree._Element]:
    return {element.get(XML_ID): element for element in tree.iter() if element.get(XML_ID)}


def whole(element, index: dict) -> list:
    """A mark and the pieces that continue it (@next)."""
    pieces = [element]
    while pieces[-1].get("next"):
        pieces.append(index[pieces[-1].get("next")[1:]])
    return pieces


def reading(pieces: list, edited: bool = True) -> str:
    return "".join(tei.element_reading(piece, edited) for piece in pieces)


def test_a_second_validator_jing_agrees_that_every_file_is_valid(files, tmp_path):
    """Cross-check with jing (Debian; the TEI's reference RELAX NG validator): a second
    implementation accepts every file lxml accepts, and rejects a file with a stray element."""
    import shutil
    import subprocess

    jing = shutil.which("jing")
    assert jing, "jing is missing: run `make system-deps`"
    paths = []
    for name, data in files.items():
        path = tmp_path / ("glossary.xml" if name == "lists" else text_file_name(name))
        path.write_bytes(data)
        paths.append(str(path))
    result = subprocess.run([jing, str(tei.SCHEMA), *paths], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[:2000]
    bad = tmp_path / "bad.xml"
    bad.write_bytes(next(iter(files.values())).replace(b"<body>", b"<body><bogus/>", 1))
    rejected = subprocess.run([jing, str(tei.SCHEMA), str(bad)], capture_output=True, text=True)
    assert rejected.returncode == 1 and 'element "bogus" not allowed' in rejected.stdout


# A text's TEI changed in one place, and whether tei_all accepts it (jing says so too).
MUTATIONS = {
    "as made": (lambda body: None, True),
    "an element our files never use, where TEI allows it (hi in p)": (
        lambda body: body.find(".//t:p", NS).insert(0, etree.Element(f"{{{TEI_NS}}}hi")), True),
    "a paragraph inside a paragraph": (
        lambda body: body.find(".//t:p", NS).append(etree.Element(f"{{{TEI_NS}}}p")), False),
    "a header in the body": (
        lambda body: body.find(".//t:div", NS).insert(0, etree.Element(f"{{{TEI_NS}}}teiHeader")), False),
    "an element TEI does not have": (
        lambda body: body.find(".//t:p", NS).append(etree.Element(f"{{{TEI_NS}}}bogus")), False),
    "an empty division (TEI allows it)": (
        lambda body: body.append(etree.Element(f"{{{TEI_NS}}}div")), True),
    "an attribute TEI does not have": (
        lambda body: body.find(".//t:p", NS).set("colour", "red"), False),
}


def test_the_grammar_cut_to_a_documents_elements_judges_as_tei_all(files, tmp_path):
    """validate_tei compiles tei_all cut to the document's own elements (seconds less per
    `check`): it accepts and rejects what jing, with the whole of tei_all, does."""
    import shutil
    import subprocess

    jing = shutil.which("jing")
    assert jing, "jing is missing: run `make system-deps`"
    paths, verdicts = [], {}
    for i, (name, (change, valid)) in enumerate(MUTATIONS.items()):
        tree = etree.fromstring(files[TEXT_IDS[0]])
        change(tree.find(".//t:body", NS))
        data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
        verdicts[name] = tei.validate_tei(data) == []
        paths.append(tmp_path / f"case-{i}.xml")
        paths[-1].write_bytes(data)
    result = subprocess.run([jing, str(tei.SCHEMA), *map(str, paths)], capture_output=True, text=True)
    rejected = {name for i, name in enumerate(MUTATIONS) if f"case-{i}.xml:" in result.stdout}
    expected = {name: valid for name, (_, valid) in MUTATIONS.items()}
    assert {name: name not in rejected for name in MUTATIONS} == expected, result.stdout[:2000]
    assert verdicts == expected


def test_every_text_of_the_data_has_a_file(files, docs):
    assert TEXT_IDS and set(TEXT_IDS) == set(docs) and set(TEXT_IDS) <= set(files)


# --------------------------------------------------------------------------- per text


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_text_is_valid_tei(text_id, files):
    assert tei.validate_tei(files[text_id]) == []


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_source_reading_is_the_raw_text(text_id, files, docs):
    assert tei.source_reading(files[text_id]) == docs[text_id].clean.raw


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_edited_reading_is_the_cleaned_text(text_id, files, docs):
    assert tei.edited_reading(files[text_id]) == docs[text_id].text


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_every_change_is_one_choice_naming_declared_rules(text_id, trees, docs):
    tree, doc = trees[text_id], docs[text_id]
    index = ids_of(tree)
    choices = [c for c in tree.iterfind(".//t:text//t:choice", NS) if not c.get("prev")]
    assert len(choices) == len(doc.clean.changes)
    declared = {e.get(XML_ID) for e in tree.iterfind(".//t:editorialDecl/*", NS) if e.get(XML_ID)}
    for choice, change in zip(choices, doc.clean.changes):
        pointers = choice.get("ana").split()
        assert [p[1:] for p in pointers] == [f"rule-{name}" for name in rule_names(change.rule)]
        assert set(p[1:] for p in pointers) <= declared, change
        manual = "emendation" in rule_names(change.rule)
        assert [etree.QName(c).localname for c in choice] == (["sic", "corr"] if manual else ["orig", "reg"])
        pieces = whole(choice, index)
        assert reading(pieces, edited=False) == change.before
        assert reading(pieces, edited=True) == change.after
        if change.note:
            reasons = tree.xpath(".//t:note[@type='change'][@target=$t]", namespaces=NS, t=f"#{choice.get(XML_ID)}")
            assert [r.text for r in reasons] == [change.note]
    # every declared rule changed something here, and says how often
    used = {name for change in doc.clean.changes for name in rule_names(change.rule)}
    assert {d[len("rule-"):] for d in declared} == used


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_every_term_is_a_name_pointing_into_the_lists_file(text_id, trees, docs, edition):
    tree, doc = trees[text_id], docs[text_id]
    index = ids_of(tree)
    listed = set(ids_of(trees["lists"]))
    names = [
        e for e in tree.iterfind(".//t:text//*[@ref]", NS)
        if etree.QName(e).localname in NAMES and not e.get("prev")
    ]
    spans = [s for s in doc.spans if s.kind == "term"]
    assert len(names) == len(spans)
    for element, span in zip(names, spans):
        file, _, target = element.get("ref").partition("#")
        assert file == tei.LISTS_FILE and target == xml_id(span.data) and target in listed
        assert etree.QName(element).localname == name_element(edition.glossary.entries[span.data].kind)
        assert reading(whole(element, index)) == doc.text[span.start : span.end]


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_every_citation_is_a_ref(text_id, trees, docs):
    tree, doc = trees[text_id], docs[text_id]
    refs = [r for r in tree.iterfind(".//t:text//t:ref[@type='citation']", NS) if not r.get("prev")]
    spans = [s for s in doc.spans if s.kind == "citation"]
    assert [(reading([r]), r.get("n")) for r in refs] == [
        (doc.text[s.start : s.end], " ".join(map(str, s.data))) for s in spans
    ]


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_every_paragraph_of_the_site_has_its_p(text_id, trees, docs):
    tree, doc = trees[text_id], docs[text_id]
    numbered = {p.get("n"): p for p in tree.iterfind(".//t:text//t:p[@n]", NS)}
    blocks = [block for _, block in doc.paragraphs()]
    assert list(numbered) == [str(b.number) for b in blocks]
    for block in blocks:
        p = numbered[str(block.number)]
        assert p.get(XML_ID) == f"p{block.number}" and is_ncname(p.get(XML_ID))
        if block.kind == "paragraph":
            assert tei.element_reading(p).strip() == doc.text[block.start : block.end]
        else:
            inner = etree.QName(p[0]).localname
            assert inner == block.kind and len(p) == 1


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_divisions_and_headings(text_id, trees, docs):
    tree, doc = trees[text_id], docs[text_id]
    top = tree.findall(".//t:body/t:div", NS)
    divisions = [d for d in doc.divisions if d.blocks]
    assert [d.get("n") or "" for d in top] == [d.slug for d in divisions]
    heads = [h for h in tree.iterfind(".//t:body//t:div/t:head", NS)]
    headings = [b for d in divisions for b in d.blocks if b.kind == "heading"]
    assert [tei.element_reading(h).strip() for h in heads] == [doc.text[b.start : b.end] for b in headings]


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_every_note_is_present_and_anchored(text_id, trees, docs):
    tree, doc = trees[text_id], docs[text_id]
    index = ids_of(tree)
    notes = tree.findall(".//t:text//t:note[@type='commentary']", NS)
    assert [n.get(XML_ID) for n in notes] == [f"cm-{note.number}" for note in doc.notes]
    for element, note in zip(notes, doc.notes):
        segs = [index[target[1:]] for target in element.get("target").split()]
        assert all(etree.QName(s).localname == "seg" for s in segs)
        assert reading(segs) == doc.text[note.start : note.end]
        said = " ".join("".join(element.itertext()).split())
        body = " ".join(etree.HTML(note.html_kk).xpath("string()").split())
        assert body in said


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_the_header_states_the_text_and_its_source(text_id, trees, docs, root):
    tree, meta = trees[text_id], docs[text_id].meta
    header = tree.find("t:teiHeader", NS)
    titles = {(t.get("type"), t.get("{http://www.w3.org/XML/1998/namespace}lang")): t.text
              for t in header.iterfind(".//t:titleStmt/t:title", NS)}
    assert titles[("main", meta.language)] == meta.title and titles[("main", "en")] == meta.title_en
    idnos = {i.get("type"): i.text for i in header.iterfind(".//t:idno", NS)}
    sums = tei.checksums(root / "source_texts" / "SHA256SUMS")
    assert idnos["siglum"] == meta.siglum and idnos["text"] == meta.id and idnos["file"] == meta.file
    assert idnos["sha256"] == sums[meta.file] == hashlib.sha256((root / "source_texts" / meta.file).read_bytes()).hexdigest()
    assert header.find(".//t:langUsage/t:language", NS).get("ident") == meta.language
    assert header.find(".//t:licence", NS) is not None


def test_anchors_are_ncnames_and_unique(trees):
    for key, tree in trees.items():
        values = [e.get(XML_ID) for e in tree.iter() if e.get(XML_ID)]
        assert len(values) == len(set(values)), key
        assert all(is_ncname(v) for v in values), key


# --------------------------------------------------------------------------- the lists file


def test_lists_file_is_valid_tei(files):
    assert tei.validate_tei(files["lists"]) == []


def test_lists_file_holds_every_entry_and_event(trees, edition):
    index = ids_of(trees["lists"])
    for entry in edition.glossary.entries.values():
        element = index[xml_id(entry.id)]
        names = {(n.get("type"), n.get("{http://www.w3.org/XML/1998/namespace}lang"), n.text) for n in element}
        for lang, name in entry.name.items():
            assert ("full", lang, name) in names, entry.id
        for lang, forms in entry.acronym.items():
            assert {("acronym", lang, form) for form in forms} <= names, entry.id
        text = " ".join(element.itertext())
        assert all(d in text for d in entry.description.values()), entry.id
    events = edition.commentary.events
    assert events
    for event in events:
        element = index[f"ev-{event.id}"]
        assert (element.get("when") or element.get("from")) == event.date
        labels = [label.text for label in element.iterfind("t:label", NS)]
        assert labels == [event.title_kk, event.title_en]


def test_text_files_point_at_paragraphs_that_exist(trees):
    """The lists file's occurrences and passages, and notes' "see also", point at real ¶s."""
    anchors = {text_file_name(key): set(ids_of(tree)) for key, tree in trees.items() if key != "lists"}
    for tree in trees.values():
        for element in tree.iter():
            for value in (element.get("target") or "").split():
                file, _, anchor = value.partition("#")
                if file in anchors:
                    assert anchor in anchors[file], value


def test_files_without_commentary_edition_info_or_glossary_entries_are_valid(edition):
    from build_tools.annotate.glossary import Glossary

    doc = edition.documents[0]
    data = tei.text_tei(doc, edition.glossary, None, None)
    assert tei.validate_tei(data) == [] and tei.edited_reading(data) == doc.text
    assert b'<edition n="0.0">' in data
    texts = [doc.meta for doc in edition.documents]
    assert tei.validate_tei(tei.lists_tei(texts, {}, Glossary([]), None, None)) == []


# --------------------------------------------------------------------------- negative cases and the schema


def test_an_invalid_document_is_reported_with_its_line(files):
    lines = files["lists"].decode("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if "<listOrg" in line)
    lines.insert(at, "<wrongElement/>")
    messages = tei.validate_tei("\n".join(lines).encode("utf-8"))
    assert messages and messages[0].startswith(f"line {at + 1}:"), messages


def test_malformed_xml_and_dangling_pointers_are_reported(files):
    assert tei.validate_tei(b"<TEI>\n<p>\n</TEI>")[0].startswith("line 3:")
    data = files["lists"].replace(b'<ref target="#', b'<ref target="#missing-', 1)
    messages = tei.validate_tei(data)
    assert any("#missing-" in m and re.match(r"line \d+: ", m) for m in messages), messages
    first = re.search(rb'xml:id="([^"]+)"', files["lists"]).group(1)
    twice = files["lists"].replace(b"</listOrg>", b'<org xml:id="' + first + b'"/></listOrg>', 1)
    assert any("already defined" in m for m in tei.validate_tei(twice))


def test_schema_file_is_the_one_its_readme_names(root):
    folder = root / "build_tools" / "data" / "tei"
    named = re.search(r"sha256 ([0-9a-f]{64})", (folder / "README.md").read_text(encoding="utf-8")).group(1)
    assert hashlib.sha256((folder / "tei_all.rng").read_bytes()).hexdigest() == named


# --------------------------------------------------------------------------- synthetic texts

GLOSSARY = None
WORDS = "Қазақстан саясат ұйымы Әлем өңір ШЫҰ ЕАЭО-ға abc policy 12 1991 Внешняя політика".split()
PIECES = [
    *WORDS, " ", "  ", "\t", "\t\t\t", "\u00a0", "\u200b", "\x0c", "\x01", "..", " ,", "Cыртқы", "тəуелсіз",
    "Шанхай ынтымақтастық ұйымы", "[12]", "[3, 5-7]", "\"сөз\"", "<&>", "]]>", "\ufeff", "и\u0306",
]
STARTS = ["", "", "• ", "- ", "1) ", "2) ", "\t", "Кесте 1 - ", "12", "КІРІСПЕ", "1 ТАРАУ ТЕСТ ТАРАУЫ", "1.1 Бөлім"]
ENDS = ["\n", "\n", "\n\n", "\r\n", "\r", "\u2028", "\n \n", "\n\t\n"]
SWITCHABLE = ["normalize_spaces", "remove_control_characters", "remove_invisible_characters", "strip_line_ends",
              "normalize_line_ends", "tabs_as_paragraph_breaks"]


CHUNKS = [  # whole passages the rules and the structure treat specially
    "Кесте 1 - Атауы\n\tа\n\tб ШЫҰ\n\n\tв\n\t[12]\n",  # a table with its caption
    "\tа\n\tб\n\n\tв  \n\t\n\tг\n\n",  # a table without one; a cell split across lines
    "сөйлемнің бірінші\n12\nжартысы.\n",  # a page number between the halves of a sentence
    "Зерттеу нысаны. Қазақстанның саясаты.\n",  # a run-in heading
    "Бұл сөй-\nлем.\n",  # a word broken at a line end
    "Мәтін.\t\t\tКелесі абзац.\n",  # a lost paragraph break
]


@st.composite
def synthetic(draw):
    line = st.tuples(st.sampled_from(STARTS), st.lists(st.sampled_from(PIECES), max_size=8), st.sampled_from(ENDS))
    parts = draw(st.lists(st.one_of(line.map(lambda t: t[0] + "".join(t[1]) + t[2]), st.sampled_from(CHUNKS)),
                          min_size=1, max_size=12))
    off = draw(st.lists(st.sampled_from(SWITCHABLE), unique=True, max_size=3))
    kind = draw(st.sampled_from(["article", "dissertation"]))
    return "".join(parts), off, kind


def synthetic_document(raw: str, kind: str = "article", off=(), emendations=()) -> Document:
    global GLOSSARY
    if GLOSSARY is None:
        GLOSSARY = load_glossary(default_paths().sources / "glossary")
    meta = TextMeta(id="900", file="t.txt", language="kk", kind=kind, title="Т", title_en="T", siglum="Z",
                    rules=tuple((name, False) for name in off), emendations=tuple(emendations))
    doc = Document(meta=meta, clean=clean_text(raw, meta))
    doc.divisions = structure_text(doc.text, meta)
    doc.spans = annotate(doc, GLOSSARY)
    return doc


def check_synthetic(doc: Document) -> None:
    info = EditionInfo(version="0.1", licence_name="CC BY 4.0", licence_url="https://example.org", licence_kk="x",
                       date="2026-12-01")
    data = tei.text_tei(doc, GLOSSARY, None, info, checksum="0" * 64)
    assert tei.validate_tei(data) == []
    assert tei.source_reading(data) == doc.clean.raw
    assert tei.edited_reading(data) == doc.text
    tree = etree.fromstring(data)
    assert len([c for c in tree.iterfind(".//t:choice", NS) if not c.get("prev")]) == len(doc.clean.changes)
    names = [e for e in tree.iterfind(".//t:text//*[@ref]", NS) if etree.QName(e).localname in NAMES]
    assert len([e for e in names if not e.get("prev")]) == len([s for s in doc.spans if s.kind == "term"])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(synthetic())
@example(("абв.\x0c\n\u00a0\nгде\n", ["remove_control_characters", "normalize_spaces"], "article"))
@example(("\t\tКесте 1 - а\n\tб\tв\n\n\tг\n\tд\n\n\tе\n\tж\nз\r\n", [], "article"))
@example(("КІРІСПЕ\n• бір\n• екі  \n\n1 ТАРАУ ТЕСТ ТАРАУЫ\n1.1 Бөлім\nШЫҰ..Сөз\n", [], "dissertation"))
def test_synthetic_texts_round_trip_and_validate(case):
    raw, off, kind = case
    check_synthetic(synthetic_document(raw, kind, off))


def test_a_change_across_two_paragraphs_is_cut_and_linked():
    """An emendation that makes one line two paragraphs: one choice in each, linked, nothing lost."""
    raw = "Бірінші сөйлем аб вг соңы.\nЕкінші жол.\n"
    doc = synthetic_document(raw, emendations=[Emendation("900", "аб вг", "ах.\n\nХг")])
    assert len(doc.clean.changes) == 1 and [b.kind for _, b in doc.paragraphs()].count("paragraph") == 3
    check_synthetic(doc)
    tree = etree.fromstring(tei.text_tei(doc, GLOSSARY, None, None, checksum=""))
    pieces = tree.findall(".//t:choice", NS)
    assert len(pieces) == 2 and pieces[0].get("next") == f"#{pieces[1].get(XML_ID)}"
    assert pieces[1].get("prev") == f"#{pieces[0].get(XML_ID)}"


def test_a_term_across_a_change_is_cut_into_linked_pieces():
    """A glossary name whose last word an emendation changed together with the next mark."""
    raw = "Мәтін Шанхай ынтымақтастық ұйымң-мен бар.\n"
    doc = synthetic_document(raw, emendations=[Emendation("900", "ұйымң-мен", "ұйымы—мен")])
    term = next(s for s in doc.spans if s.kind == "term")
    change = doc.clean.placed_changes()[0]
    assert term.start < change.out_start < term.end < change.out_end  # they cross
    check_synthetic(doc)
    tree = etree.fromstring(tei.text_tei(doc, GLOSSARY, None, None, checksum=""))
    first, second = tree.findall(".//t:orgName", NS)
    assert first.get("next") == f"#{second.get(XML_ID)}" and etree.QName(second.getparent()).localname == "corr"
    assert reading([first, second]) == doc.text[term.start : term.end]


def test_a_note_across_a_run_in_heading_keeps_its_passage_whole():
    """A commentary passage that crosses a run-in heading: the heading is cut, the passage kept."""
    from build_tools.annotate.commentary import Note
    from build_tools.core.model import Span

    doc = synthetic_document("Зерттеу нысаны. Қазақстанның саясаты.\n")
    block = next(b for _, b in doc.paragraphs())
    assert block.run_in
    start = doc.text.index("нысаны")
    end = doc.text.index("саясаты") + len("саясаты")
    note = Note(text="900", quote=doc.text[start:end], body_kk="Түсінік **қысқа**.", start=start, end=end, number=1)
    doc.notes = [note]
    doc.spans = sorted([*doc.spans, Span(start, end, "note", note)], key=lambda s: (s.start, -s.end))
    check_synthetic(doc)
    tree = etree.fromstring(tei.text_tei(doc, GLOSSARY, None, None, checksum=""))
    (element,) = tree.findall(".//t:note[@type='commentary']", NS)
    (seg,) = [ids_of(tree)[t[1:]] for t in element.get("target").split()]
    assert reading([seg]) == doc.text[start:end] and "Түсінік" in "".join(element.itertext())
    labels = tree.findall(".//t:label[@type='run-in']", NS)
    assert len(labels) == 2 and labels[0].get("next") and reading(labels) == doc.text[: block.run_in]


def _stray_runs_by_reading_all(text, start, end, covered):
    """stray_runs as it was first written: every range read for every run (the reference)."""
    runs = []
    for m in re.compile(r"[^ \t\n\r]+").finditer(text, start, max(start, end)):
        pos = m.start()
        for s, e in sorted((s, e) for s, e in covered if s < m.end() and m.start() < e):
            if pos < s:
                runs.append((pos, s))
            pos = max(pos, e)
        if pos < m.end():
            runs.append((pos, m.end()))
    return runs


@st.composite
def text_and_changes(draw):
    text = draw(st.text(alphabet="аә қ\n\t", max_size=40))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12)))
    covered = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]  # in order, none overlapping
    start = draw(st.integers(0, len(text)))
    return text, start, draw(st.integers(start, len(text))), covered


@given(text_and_changes())
@example(("аа ққ", 0, 5, [(1, 1), (1, 4)]))  # a deletion inside a run, a change on the same place
def test_stray_runs_finds_what_reading_every_range_finds(case):
    from build_tools.export.tei_body import stray_runs

    text, start, end, covered = case
    assert stray_runs(text, start, end, covered) == _stray_runs_by_reading_all(text, start, end, covered)
