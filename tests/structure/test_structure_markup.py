"""Markup safety on the structure side: a synthetic text whose headings, run-in
headings, paragraphs, list items, table captions and cells look like Markdown,
HTML or Jinja goes through structure + render + a real `mkdocs build --strict`,
and every piece is shown literally.
"""

from __future__ import annotations

import html as htmllib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.core.errors import EditionError
from build_tools.publish.pipeline import build_edition
from build_tools.read.texts import Paths

ROOT = Path(__file__).resolve().parents[2]

HEADING_1 = "1 ТАРАУ *ЖҰЛДЫЗ* _АСТЫ_ <I> & {{ X }} [X](Y) | A |"
HEADING_2 = "1.1 Бөлім # *жұлдыз* _асты_ <script>alert(1)</script> [x](http://evil.example) {{ page.title }} \\ `код`"
PARA_1 = "# Тақырып емес *қалың емес* _көлбеу емес_ <b>қалың емес</b> &amp; [x] {{ config.site_name }} | a | b |"
PARA_RUN_IN = "Зерттеу нысаны. Мәтін <i>курсив емес</i> ** және __ және ~~ және ==."
LIST_ITEMS = ["<em>тізім</em> *a*", "[x] | b | {% raw %}", "&lt; &#60; <!-- түсініктеме -->"]
CAPTION = "Кесте 1 - <b>Кесте</b> *атауы* {{ caption }}"
CELLS = [["№", "*Баған*", "<u>баған</u>"], ["1", "<script>alert(2)</script>", "| x | y |"], ["2", "{{ cell }}", "_a_ & b"]]
LAST = "Соңғы абзац [12] & /3/ `code` --- <!-- c --> <style>p{}</style> {#id} {: .cls}"


def synthetic_text() -> str:
    lines = ["КІРІСПЕ", PARA_1, PARA_RUN_IN, *[f"· {item}" for item in LIST_ITEMS], HEADING_1, HEADING_2, CAPTION, ""]
    for row in CELLS:
        lines += [f"\t{cell}" for cell in row] + [""]
    lines += ["", "ҚОРЫТЫНДЫ", LAST, ""]
    return "\n".join(lines)


TEXTS_YAML = """texts:
  - id: "009"
    file: synthetic.txt
    language: kk
    kind: dissertation
    title: "Синтетикалық <мәтін> *сынақ* {{ x }}"
    title_en: "Synthetic text"
    short_title: "Синтетикалық <мәтін>"
    siglum: S
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("markup")
    src = root / "source_texts"
    src.mkdir()
    (src / "synthetic.txt").write_text(synthetic_text(), encoding="utf-8")
    (src / "texts.yaml").write_text(TEXTS_YAML, encoding="utf-8")
    shutil.copytree(ROOT / "source_texts" / "glossary", src / "glossary")
    for name in ("build_tools", "docs", "overrides"):
        (root / name).symlink_to(ROOT / name, target_is_directory=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture(scope="module")
def site(project) -> Path:
    out = project / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1767225600")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=project, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    return out


def visible(fragment: str) -> str:
    """The text a reader sees in an HTML fragment (tags dropped, entities decoded)."""
    fragment = re.sub(r'<a class="(?:headerlink|pnum)"[^>]*>.*?</a>', "", fragment, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", "", fragment))


def element(page: str, pattern: str) -> str:
    m = re.search(pattern, page, flags=re.S)
    assert m, pattern
    return m.group(0)


@pytest.fixture(scope="module")
def doc(project):
    """The synthetic text through the pipeline: its cleaned text is what readers must see."""
    (document,) = build_edition(Paths(project)).documents
    return document


def block_texts(doc, kind):
    return [doc.text[b.start : b.end] for d in doc.divisions for b in d.blocks if b.kind == kind]


# Pieces that must reach the reader unchanged (cleaning has no business with them).
HOSTILE = [
    "<script>alert(1)</script>", "*жұлдыз*", "_асты_", "{{ page.title }}", "[x](http://evil.example)",
    "<b>қалың емес</b>", "&amp;", "{{ config.site_name }}", "| a | b |", "<i>курсив емес</i>",
    "<em>тізім</em>", "{% raw %}", "<!-- түсініктеме -->", "<b>Кесте</b>", "<script>alert(2)</script>",
    "{{ cell }}", "<style>p{}</style>", "`code`",
]


def test_the_synthetic_text_has_the_expected_structure(doc):
    kinds = [(b.kind, b.level) for d in doc.divisions for b in d.blocks]
    assert kinds == [
        ("heading", 1), ("paragraph", 0), ("paragraph", 0), ("list", 0),
        ("heading", 1), ("heading", 2), ("table", 0),
        ("heading", 1), ("paragraph", 0),
    ]
    table = next(b for d in doc.divisions for b in d.blocks if b.kind == "table")
    assert [[_squash(doc.text[s:e]) for s, e in row] for row in table.parts] == [
        [_squash(c) for c in row] for row in CELLS
    ]
    for piece in HOSTILE:  # the test below is about these: they are still in the cleaned text
        assert piece in doc.text, piece


def _squash(text):
    return re.sub(r"\s+", " ", text).strip()


def test_headings_show_markup_literally(site, doc):
    page = (site / "texts" / "009" / "1-tarau" / "index.html").read_text(encoding="utf-8")
    article = page[page.index("<article") :]
    headings = block_texts(doc, "heading")
    assert visible(element(article, r"<h1[^>]*>.*?</h1>")) == headings[1]
    assert visible(element(article, r"<h2 id=[^>]*>.*?</h2>")) == headings[2]
    assert "*ЖҰЛДЫЗ*" in headings[1] and "<script>alert(1)</script>" in headings[2]
    assert "<script>alert(1)" not in page and "<I>" not in article


def test_paragraphs_lists_and_run_in_headings_show_markup_literally(site, doc):
    page = (site / "texts" / "009" / "kirispe" / "index.html").read_text(encoding="utf-8")
    paragraphs = block_texts(doc, "paragraph")
    assert visible(element(page, r'<p class="para" id="p1">.*?</p>')) == paragraphs[0]
    run_in = element(page, r'<p class="para" id="p2">.*?</p>')
    assert visible(run_in) == paragraphs[1]
    assert '<strong class="run-in">Зерттеу нысаны.</strong>' in run_in
    (lst,) = [b for d in doc.divisions for b in d.blocks if b.kind == "list"]
    items = re.findall(r"<li[^>]*>(.*?)</li>", element(page, r'<div class="para para-list" id="p3">.*?</div>'))
    assert [visible(i) for i in items] == [doc.text[s:e] for s, e in lst.parts]
    assert "<em>тізім" not in page and "<!-- түсініктеме" not in page
    assert "{% raw %}" in visible(page)


def test_table_caption_and_cells_show_markup_literally(site, doc):
    page = (site / "texts" / "009" / "1-tarau" / "index.html").read_text(encoding="utf-8")
    table = element(page, r"<table.*?</table>")
    (block,) = [b for d in doc.divisions for b in d.blocks if b.kind == "table"]
    assert visible(element(table, r"<caption>.*?</caption>")) == doc.text[block.caption[0] : block.caption[1]]
    rows = re.findall(r"<tr>(.*?)</tr>", table)
    shown = [[visible(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)] for r in rows]
    assert shown == [[doc.text[s:e] for s, e in row] for row in block.parts]
    assert "<script>alert(2)" not in page and "<u>" not in table


def test_last_paragraph_citations_and_title_stay_literal(site, doc):
    page = (site / "texts" / "009" / "qorytyndy" / "index.html").read_text(encoding="utf-8")
    shown = visible(element(page, r'<p class="para" id="p\d+">.*?</p>'))
    # citation markers take the edition's one form; everything else is the text as it stands
    assert shown == block_texts(doc, "paragraph")[-1].replace("/3/", "[3]")
    assert "<style>p{}" not in page
    index = (site / "texts" / "009" / "index.html").read_text(encoding="utf-8")
    assert "Синтетикалық &lt;мәтін&gt; *сынақ* {{ x }}" in index


def _project_with_structure(tmp_path, structure_yaml: str) -> Paths:
    src = tmp_path / "source_texts"
    src.mkdir(parents=True)
    (src / "synthetic.txt").write_text(synthetic_text(), encoding="utf-8")
    (src / "texts.yaml").write_text(TEXTS_YAML + structure_yaml, encoding="utf-8")
    return Paths(tmp_path)


@pytest.mark.parametrize(
    "structure, message, line",
    [
        ("    structure:\n      colour: red\n", "unknown structure option `colour`", 11),
        ("    structure:\n      run_in: maybe\n", "`structure.run_in` must be true or false", 11),
        ("    structure:\n      run_in_headings: Зерттеу\n", "must be a list of non-empty strings", 11),
        ("    structure:\n      run_in_headings: [Зерттеу нысаны]\n", "must end with its full stop", 11),
        ("    structure:\n      table_captions:\n        - {table: 0, caption: x}\n", "positive whole number", 12),
        ("    structure:\n      table_captions:\n        - {table: 1}\n", "`caption` must be a non-empty string", 12),
        ("    structure:\n      table_captions:\n        - {table: 1, caption: x, size: 2}\n", "unknown table caption field `size`", 12),
        ("    structure:\n      nav_titles: [Кіріспе]\n", "`structure.nav_titles` must map divisions to titles", 11),
        ("    structure:\n      nav_titles:\n        kirispe: ''\n", "nav title of division 'kirispe' must be a non-empty string", 12),
        ("    structure:\n      nav_titles:\n        kirispe: " + "өте ұзын " * 8 + "\n", "at most 60 fit the navigation", 12),
    ],
)
def test_bad_structure_options_are_reported_with_their_line(tmp_path, structure, message, line):
    with pytest.raises(EditionError) as info:
        build_edition(_project_with_structure(tmp_path, structure))
    text = str(info.value)
    assert message in text and f"texts.yaml:{line}:" in text, text
    assert "what to do" in text or "known" in text or "write" in text


@pytest.mark.parametrize(
    "structure, message",
    [
        ("    structure:\n      run_in_headings: [Жоқ тақырып.]\n", "opens no paragraph"),
        ("    structure:\n      not_run_in: [Жоқ сөйлем.]\n", "opens no paragraph"),
        ("    structure:\n      table_captions:\n        - {table: 2, caption: x}\n", "the text has 1 tables"),
        ("    structure:\n      table_captions:\n        - {table: 1, caption: x}\n", "has a caption in the source"),
        ("    structure:\n      nav_titles: {2-tarau: Екінші}\n", "names division '2-tarau', which the text does not have"),
    ],
)
def test_structure_options_that_do_not_fit_the_text_are_errors(tmp_path, structure, message):
    with pytest.raises(EditionError) as info:
        build_edition(_project_with_structure(tmp_path, structure))
    text = str(info.value)
    structure_line = TEXTS_YAML.count("\n") + 1
    assert message in text and f"texts.yaml:{structure_line}:" in text and "what to do" in text, text


def test_nav_titles_name_divisions_in_the_navigation_and_the_tab_only(tmp_path):
    from build_tools.render.base import escape_markdown

    """An editorial navigation title replaces a division's heading in the navigation and the
    page title; the page keeps the source's heading."""
    paths = _project_with_structure(tmp_path, "    structure:\n      nav_titles:\n        1-tarau: \"1. Бірінші <тарау>\"\n")
    edition = build_edition(paths)
    (doc,) = edition.documents
    (chapter,) = [d for d in doc.divisions if d.slug == "1-tarau"]
    assert chapter.nav_title == "1. Бірінші <тарау>" and chapter.title != chapter.nav_title
    page = next(p for p in edition.pages if p.src_uri == "texts/009/1-tarau.md")
    assert page.title == "1. Бірінші <тарау>"
    assert 'title: "1. Бірінші &lt;тарау&gt;"' in page.content  # the front matter: the browser tab
    assert f"# {escape_markdown(chapter.title)}\n" in page.content  # the source's heading stays
    nav = edition.nav()
    texts = next(item for item in nav if "Мәтіндер" in item)["Мәтіндер"]
    (children,) = [list(item.values())[0] for item in texts[1:]]
    assert {"1. Бірінші &lt;тарау&gt;": "texts/009/1-tarau.md"} in children
    # the text's contents list names the division by it, the source's heading beneath
    index = next(p for p in edition.pages if p.src_uri == "texts/009/index.md").content
    assert "1. Бірінші &lt;тарау&gt;</a><span class=\"text-contents-heading\">" in index


def test_structure_overrides_take_effect(tmp_path):
    paths = _project_with_structure(tmp_path, "    structure:\n      not_run_in: [Зерттеу нысаны.]\n")
    (doc,) = build_edition(paths).documents
    assert not any(b.run_in for d in doc.divisions for b in d.blocks)
    paths = _project_with_structure(tmp_path / "b", "    structure:\n      caption_words: [Сурет]\n")
    (doc,) = build_edition(paths).documents
    (table,) = [b for d in doc.divisions for b in d.blocks if b.kind == "table"]
    assert table.caption is None and table.editorial_caption  # "Кесте" is no caption word now
