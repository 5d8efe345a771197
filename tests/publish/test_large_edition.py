"""A large edition (more than ``MANY_TEXTS`` texts): the navigation and the pages that speak of
other texts show what a reader can use, and grow with one text, not with the edition.

A synthetic project of small texts (tests/project_util.py ``large_texts``) is built with
`mkdocs build --strict`; the real edition (five texts) is checked to be as it always was.
"""

from __future__ import annotations

import re

import pytest
from project_util import large_texts, make_project, run_mkdocs

from build_tools.render.names import MANY_TEXTS

pytestmark = pytest.mark.site

COUNT = MANY_TEXTS + 6


@pytest.fixture(scope="module")
def large_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("large")
    project = make_project(base / "project", large_texts(COUNT))
    site = base / "site"
    result = run_mkdocs(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not list((project / "build").glob(".pages-*")), "the build's page folder is removed"
    return site


def primary_nav(page: str) -> str:
    """The site navigation of a page (Material's primary sidebar), without the table of contents."""
    start = page.index("md-sidebar--primary")
    return page[start : page.index("md-sidebar--secondary", start)]


def nav_titles(page: str) -> list[str]:
    return [" ".join(t.split()) for t in re.findall(r'<span class="md-ellipsis">(.*?)</span>', primary_nav(page), re.S)]


def read(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_the_navigation_lists_the_texts_on_the_list_of_texts_only(large_site):
    for path in ("", "glossary", "glossary/sco", "texts"):
        titles = nav_titles(read(large_site, path))
        assert "Мәтіндер" in titles, path
        assert not [t for t in titles if t.startswith("Мәтін ")], (path, titles)
    index = read(large_site, "texts")
    assert len(re.findall(r'<tr id="siglum-', index)) == COUNT  # the list names every text


def test_a_texts_pages_show_that_text_and_its_divisions(large_site):
    one_page = nav_titles(read(large_site, "texts/700"))
    assert {t for t in one_page if t.startswith("Мәтін ")} == {"Мәтін 1"}
    divided = nav_titles(read(large_site, "texts/704/1-tarau"))
    assert {t for t in divided if t.startswith("Мәтін ")} == {"Мәтін 5"}
    for division in ("Кіріспе", "1 ТАРАУ БІРІНШІ ТАРАУ", "2 ТАРАУ ЕКІНШІ ТАРАУ", "Қорытынды"):
        assert any(division.casefold() in t.casefold() for t in divided), (division, divided)
    nav = primary_nav(read(large_site, "texts/704/1-tarau"))
    assert 'md-nav__link--active' in nav  # the page is marked where it stands


def test_previous_and_next_read_through_every_text(large_site):
    page = read(large_site, "texts/705")  # the article after the divided text 704
    footer = page[page.index('class="md-footer"') :]
    assert 'href="../704/qorytyndy/"' in footer and 'href="../706/"' in footer


def test_a_texts_terms_count_the_other_texts_instead_of_naming_them(large_site):
    page = read(large_site, "texts/700")
    terms = page[page.index('class="text-terms"') :]
    terms = terms[: terms.index("</section>")]
    assert f"{COUNT - 1} мәтін" in terms  # every other text names the SCO
    assert 'class="siglum"' not in terms and "sigla-key" not in terms


def test_an_entrys_chart_lists_the_texts_that_use_it(large_site):
    chart = read(large_site, "glossary/sco")
    chart = chart[chart.index('class="term-chart"') :]
    chart = chart[: chart.index("</table>")]
    assert chart.count("<tr>") == COUNT


def test_the_real_edition_lists_every_text_on_every_page(built_site, edition):
    for path in ("", "glossary", "texts/002/1-tarau"):
        titles = nav_titles(read(built_site, path))
        for meta in edition.texts:
            assert meta.short_title in titles, (path, meta.short_title)


def test_the_404_page_shows_the_list_of_texts_only(large_site):
    page = (large_site / "404.html").read_text(encoding="utf-8")
    titles = nav_titles(page) if "md-sidebar--secondary" in page else re.findall(r'<span class="md-ellipsis">(.*?)</span>', page, re.S)
    titles = [" ".join(t.split()) for t in titles]
    assert "Мәтіндер" in titles and not [t for t in titles if t.startswith("Мәтін ")]


def test_the_corpus_overview_counts_the_texts_of_each_term(large_site, built_site):
    """A table of every term in every text would grow as the texts times the terms: in a large
    edition a term's row counts its texts, the count a link to the entry; the real edition's
    table has a column for each text, as before."""
    page = read(large_site, "glossary/corpus")
    tables = page[page.index('class="corpus-table"') :]
    assert 'class="siglum"' not in page and "sigla-key" not in page
    assert f'<a href="../sco/">{COUNT} мәтін</a>' in tables  # every text names the SCO
    assert not re.search(r'class="heat heat-\d"', tables)
    real = read(built_site, "glossary/corpus")
    assert 'class="siglum"' in real and re.search(r'class="heat heat-\d"', real)
