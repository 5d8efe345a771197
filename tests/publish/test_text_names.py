"""Texts are named to the reader by short title and siglum, never by id; the navigation is
short; every text page and the chronology have a table of contents that reaches their back
matter.  The ids, sigla and short titles are taken from source_texts/texts.yaml."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from build_tools.core.locale import t
from build_tools.read.structure_options import NAV_TITLE_MAX
from build_tools.read.texts import Paths, load_texts
from build_tools.structure.pages import division_src, page_url

ROOT = Path(__file__).resolve().parents[2]
METAS = load_texts(Paths(ROOT))

# --------------------------------------------------------------------------- what a reader sees


class VisibleText(HTMLParser):
    """The text a reader sees on a page: text nodes (and the <title> of the tab and of SVG
    tooltips); not scripts, styles or templates, not attributes."""

    SKIP = {"script", "style", "template", "noscript"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if not self.SKIP.intersection(self.stack):
            self.parts.append(data)


# Addresses may keep the ids (texts/002/…): a URL written out as text is not a name.
URL = re.compile(r"\S*(?:://|\btexts/)\S*")


def visible_text(path: Path) -> str:
    parser = VisibleText()
    parser.feed(path.read_text(encoding="utf-8"))
    return URL.sub(" ", " ".join(" ".join(parser.parts).split()))


def test_the_visible_text_parser_sees_text_not_markup():
    html = (
        '<html><head><title>A 000 tab</title><style>.x{content:"001"}</style></head><body>'
        '<a href="../texts/002/" title="003">¶ 12</a><script>var a = "004";</script>'
        "<p>see https://example.org/texts/000/ and texts/001/</p><svg><title>002</title></svg></body></html>"
    )
    parser = VisibleText()
    parser.feed(html)
    text = URL.sub(" ", " ".join(parser.parts))
    assert re.findall(r"\b00\d\b", text) == ["000", "002"]  # the tab's and the SVG's titles are seen


@pytest.mark.site
def test_no_page_shows_a_bare_text_id(built_site):
    ids = [m.id for m in METAS]
    assert ids, "texts.yaml lists no text"
    # the id as a word of its own ("002", "kzfp-002", "002-тарау"), not a part of a number ("2001", "3.002")
    pattern = re.compile(r"(?<![\w.,/])(" + "|".join(map(re.escape, ids)) + r")(?![\w/]|[.,]\d)")
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > len(ids) * 3
    found = []
    for path in pages:
        text = visible_text(path)
        for m in pattern.finditer(text):
            context = text[max(0, m.start() - 50) : m.end() + 50]
            found.append(f"{path.relative_to(built_site)}: text id {m.group(1)!r} shown in «…{context}…»")
    assert not found, (
        f"{len(found)} places show a reader a bare text id; name the text by its short title or "
        "siglum (build_tools/render/names.py):\n" + "\n".join(found[:40])
    )


# --------------------------------------------------------------------------- the list of texts


@pytest.mark.site
def test_the_list_of_texts_explains_every_siglum_and_short_title(built_site):
    page = (built_site / "texts" / "index.html").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(2) for m in re.finditer(r'<tr id="siglum-(\w+)">(.*?)</tr>', page)}
    assert list(rows) == [m.siglum for m in METAS]  # one row per text, in the edition's order
    for meta in METAS:
        row = rows[meta.siglum]
        assert f'<span class="siglum">{meta.siglum}</span>' in row
        assert f">{html.escape(meta.short_title)}</a>" in row and f'href="{meta.id}/"' in row
        assert html.escape(meta.title, quote=False) in row
        assert t(f"texts.kinds.{meta.kind}") in row and t(f"texts.languages.{meta.language}") in row
        assert meta.source_notes_kk[:40] in row
    # the intro says what the sigla and short titles are for
    assert t("texts.index_intro", n=len(METAS)) in page


def test_the_texts_yaml_names_are_unique_and_short():
    sigla = [m.siglum for m in METAS]
    shorts = [m.short_title.casefold() for m in METAS]
    assert len(set(sigla)) == len(sigla) and len(set(shorts)) == len(shorts)
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]?", s) for s in sigla)


# --------------------------------------------------------------------------- navigation


def _nav_labels(items, found):
    for item in items:
        if isinstance(item, dict):
            for label, value in item.items():
                found.append(label)
                if isinstance(value, list):
                    _nav_labels(value, found)
    return found


def test_the_navigation_names_texts_by_short_title_and_divisions_briefly(edition):
    nav = edition.nav()
    labels = _nav_labels(nav, [])
    for meta in METAS:
        assert meta.short_title in labels, meta.short_title
        assert meta.title not in labels or meta.title == meta.short_title
    for label in labels:
        letters = [c for c in label if c.isalpha()]
        assert len(label) <= NAV_TITLE_MAX, f"navigation label too long: {label!r}"
        assert not (len(letters) > 12 and all(c.isupper() for c in letters)), (
            f"navigation label in capitals: {label!r}; give the division an editorial title "
            "in texts.yaml (structure.nav_titles)"
        )


@pytest.mark.site
def test_a_chapter_keeps_its_heading_and_takes_its_nav_title_in_sidebar_and_tab(built_site, edition):
    divided = [d for d in edition.documents if any(div.nav_title for div in d.divisions)]
    assert divided
    for doc in divided:
        for division in doc.divisions:
            if not division.nav_title:
                continue
            html = (built_site / page_url(division_src(doc, division)) / "index.html").read_text(encoding="utf-8")
            tab = re.search(r"<title>(.*?)</title>", html).group(1)
            assert tab.startswith(division.nav_title.replace("&", "&amp;")), tab
            h1 = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", html, re.S)
            assert h1 and h1.group(1).strip() == division.title  # the source's heading, unchanged
            sidebar = nav_block(html, 'class="md-nav md-nav--primary"')
            sidebar = sidebar.replace(nav_block(sidebar, 'class="md-nav md-nav--secondary"'), "")  # the page's toc
            labels = [" ".join(x.split()) for x in re.findall(r'<span class="md-ellipsis">(.*?)</span>', sidebar, re.S)]
            assert division.nav_title in labels, labels
            assert division.title not in labels or division.title == division.nav_title, labels


# --------------------------------------------------------------------------- tables of contents


def nav_block(html: str, marker: str) -> str:
    """The whole <nav> element whose opening tag holds ``marker`` ("" if none), nested navs included."""
    start = html.find(marker)
    if start < 0:
        return ""
    start = html.rfind("<nav", 0, start)
    depth, pos = 0, start
    for m in re.finditer(r"<(/?)nav\b", html[start:]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            pos = start + m.end()
            break
    return html[start:pos]


def toc_ids(html: str) -> list[str]:
    """The anchors the page's table of contents (Material's right-hand column) links to."""
    toc = nav_block(html, 'class="md-nav md-nav--secondary"')
    return re.findall(r'<a href="#([^"]+)" class="md-nav__link">', toc)


@pytest.mark.site
def test_every_text_page_has_a_table_of_contents_with_its_back_matter(built_site, edition):
    notes_anchor, changes_anchor = t("notes.anchor"), t("apparatus.anchor")
    cite_anchor, terms_anchor = t("cite_this.anchor"), t("glossary.text_terms_anchor")
    checked = 0
    for doc in edition.documents:
        for division in doc.divisions:
            html = (built_site / page_url(division_src(doc, division)) / "index.html").read_text(encoding="utf-8")
            ids = toc_ids(html)
            where = f"{division_src(doc, division)}: {ids}"
            assert ids, f"empty table of contents: {where}"
            for anchor in (notes_anchor, changes_anchor, cite_anchor):
                if f'id="{anchor}"' in html:
                    assert anchor in ids, f"{anchor} is on the page but not in its table of contents: {where}"
            assert cite_anchor in ids, where
            if len(doc.divisions) == 1:  # a one-page text: where the text begins, its notes, its terms
                assert ids[0] == t("texts.body_anchor") and terms_anchor in ids, where
            checked += 1
    assert checked >= len(edition.documents)


@pytest.mark.site
def test_the_chronology_has_a_table_of_contents_by_decade_and_year(built_site, edition):
    html = (built_site / "chronology" / "index.html").read_text(encoding="utf-8")
    ids = toc_ids(html)
    years = sorted({e.year for e in edition.commentary.events})
    assert [i for i in ids if i.startswith("y")] == [f"y{y}" for y in years]
    assert [i for i in ids if i.startswith("d")] == [f"d{d}" for d in sorted({y // 10 * 10 for y in years})]
