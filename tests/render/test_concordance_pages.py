"""A long concordance is cut into pages: whole texts' parts, every line once, linked both ways.

The real edition's concordances fit on their entries' pages; a large edition's most frequent
entries would hold megabytes.  Here the page size is made small, so that a synthetic edition of
a few dozen texts (tests/project_util.py ``large_texts``) has concordances of several pages.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from project_util import large_texts, make_project

from build_tools.publish import pipeline
from build_tools.publish.search_index import UNINDEXED
from build_tools.read.texts import Paths
from build_tools.render import glossary as glossary_pages
from build_tools.render.glossary import concordance_plan, concordance_src, entry_src
from build_tools.structure.pages import page_url

LINE = re.compile(r'<tr class="kwic-line" data-text="[^"]+" lang="\w+">.*?</tr>', re.S)
GROUP = re.compile(r'<tbody data-text="([^"]+)">')


@pytest.mark.parametrize(
    "sizes, limit, plan",
    [
        ([], 100, []),  # no occurrence: no concordance
        ([10, 20, 30], 100, [3]),  # all on the entry's page
        ([60, 40, 1], 100, [2, 1]),  # a page filled to the limit exactly, then the next
        ([30, 250, 30, 30], 100, [1, 1, 2]),  # a part longer than a page: a page of its own
        ([101], 100, [1]),
    ],
)
def test_the_pages_hold_whole_texts_parts_in_order(sizes, limit, plan):
    assert concordance_plan(sizes, limit) == plan
    assert sum(plan) == len(sizes)


def test_an_entry_with_one_page_has_no_pager():
    assert glossary_pages.concordance_pager("sco", 1, 1) == ""


@pytest.mark.parametrize(
    "current, pages, shown",
    [
        (1, 1, [1]),
        (2, 9, list(range(1, 10))),  # few pages: every one
        (1, 50, [1, 2, 3, 49, 50]),
        (2, 50, [1, 2, 3, 4, 49, 50]),
        (25, 50, [1, 2, 23, 24, 25, 26, 27, 49, 50]),
        (50, 50, [1, 2, 48, 49, 50]),
    ],
)
def test_a_long_pager_names_the_ends_and_the_pages_around_this_one(current, pages, shown):
    assert glossary_pages.pager_numbers(current, pages) == shown
    pager = glossary_pages.concordance_pager("sco", current, pages)
    gaps = sum(1 for a, b in zip(shown, shown[1:]) if b > a + 1)
    assert pager.count("kwic-pager-gap") == gaps


def test_the_pager_links_every_page_and_marks_this_one():
    pager = glossary_pages.concordance_pager("sco", 2, 3)
    hrefs = re.findall(r'href="([^"]+)"', pager)
    assert hrefs == ["../sco/", "../sco/", "../sco--3/", "../sco--3/"]  # previous, 1, 3, next
    assert '<span aria-current="page">2</span>' in pager
    assert 'rel="prev"' in pager and 'rel="next"' in pager


@pytest.fixture(scope="module")
def paged(tmp_path_factory):
    """A large synthetic edition built twice: concordances whole, and cut into small pages."""
    project = make_project(tmp_path_factory.mktemp("paged") / "project", large_texts(30))
    whole = pipeline.build_edition(Paths(project))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(glossary_pages, "CONCORDANCE_PAGE_CHARS", 3000)
        cut = pipeline.build_edition(Paths(project))
    return whole, cut


def _entry_pages(edition, entry_id: str) -> list:
    by_src = {p.src_uri: p for p in edition.pages}
    pages, n = [], 1
    while concordance_src(entry_id, n) in by_src:
        pages.append(by_src[concordance_src(entry_id, n)])
        n += 1
    return pages


def test_every_line_of_a_concordance_is_on_exactly_one_of_its_pages(paged):
    whole, cut = paged
    counts = Counter()
    for record in whole.records:
        counts.update(record.terms)
    paged_entries = 0
    for entry_id in counts:
        (alone,) = _entry_pages(whole, entry_id)
        pages = _entry_pages(cut, entry_id)
        assert LINE.findall(alone.content) == [line for p in pages for line in LINE.findall(p.content)], entry_id
        texts = [text for p in pages for text in GROUP.findall(p.content)]
        assert texts == GROUP.findall(alone.content) and len(texts) == len(set(texts)), "each text's part whole, once"
        if len(pages) > 1:
            paged_entries += 1
            for page in pages[1:]:
                assert UNINDEXED in page.content  # the lines are found by the texts' own pages
                table_count = int(re.search(r'<table class="kwic" data-pagefind-ignore data-count="(\d+)"', page.content)[1])
                counted = sum(int(n) for n in re.findall(r'class="kwic-count">\((\d+)\)', page.content))
                assert table_count == counted > 0
            assert UNINDEXED not in pages[0].content
    assert paged_entries, "the small page size cuts some concordance"


def test_the_pages_of_a_concordance_link_each_other(paged):
    _, cut = paged
    srcs = {p.src_uri for p in cut.pages}
    urls = {page_url(src): src for src in srcs}
    checked = 0
    for page in cut.pages:
        for href in re.findall(r'<nav class="kwic-pager".*?</nav>', page.content, re.S):
            for link in re.findall(r'href="([^"]+)"', href):
                base = page_url(page.src_uri)
                target = re.sub(r"[^/]+/\.\./", "", base + link)
                assert target in urls, (page.src_uri, link)
                checked += 1
    assert checked
    # every further page is in the build's index of pages, after its entry's page
    order = [p.src_uri for p in cut.page_index]
    for src in srcs:
        if "--" in src:
            entry_id = src.split("/")[1].split("--")[0]
            assert order.index(entry_src(entry_id)) < order.index(src)
