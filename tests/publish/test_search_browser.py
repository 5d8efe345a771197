"""Search proven in the real browser: every query of tests/search_queries.yaml
is typed into Material's search box of the built site (Debian chromium via
Playwright) and its results are checked.

One browser page serves the whole table (the worker builds its index once).
"""

from __future__ import annotations

import json
import re

import pytest

from benchmarks.search_latency import SearchBox, load_queries
from build_tools.core.locale import t
from build_tools.read.texts import Paths, load_texts
from conftest import ROOT

pytestmark = pytest.mark.browser

QUERIES = load_queries()


@pytest.fixture(scope="module")
def search_box(browser, served_site):
    context = browser.new_context(locale="kk-KZ")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    box = SearchBox(page, served_site)
    box.errors = errors
    yield box
    context.close()


_cache: dict[str, object] = {}


def run(box: SearchBox, query: str, fresh: bool = False):
    """The results of `query` (from a cache, unless the page must show them now)."""
    if fresh or query not in _cache:
        _cache[query] = box.search(query)
    return _cache[query]


def matches(expected: str, page: str) -> bool:
    return page.startswith(expected[:-1]) if expected.endswith("*") else page == expected


def test_the_table_has_at_least_30_queries_in_three_languages():
    assert len(QUERIES) >= 30
    assert {q["lang"] for q in QUERIES} == {"kk", "ru", "en"}
    assert len({q["query"] for q in QUERIES}) == len(QUERIES)
    for q in QUERIES:
        assert q.get("expect") or q.get("first"), f"{q['query']}: asserts nothing"


@pytest.mark.parametrize("case", QUERIES, ids=[q["query"] for q in QUERIES])
def test_query(search_box, case):
    result = run(search_box, case["query"])
    where = f"{case['query']!r} (sent as {result.rewritten!r}) → {result.all_pages}"
    assert result.all_pages, f"no results: {where}"
    assert result.pages == result.all_pages[: len(result.pages)], "the page shows the worker's results in order"
    for expected in case.get("expect", []):
        assert any(matches(expected, p) for p in result.all_pages), f"{expected} missing: {where}"
    if "first" in case:
        assert result.pages[0] == case["first"], where
    for form in case.get("marks", []):
        assert form in result.marks, f"{form!r} not highlighted in the results: {result.marks}"
    if "same_as" in case:
        base = run(search_box, case["same_as"])
        assert sorted(result.all_pages) == sorted(base.all_pages), (
            f"{case['query']!r} and {case['same_as']!r} differ: {result.all_pages} vs {base.all_pages}"
        )
    assert not search_box.errors, search_box.errors


def test_an_ending_is_not_searched_as_a_word_of_its_own(search_box):
    # Material alone splits ШЫҰ-ның at the hyphen and looks for "ның*" too:
    # every page with any word in -ның would be a result.
    result = run(search_box, "ШЫҰ-ның")
    acronym = run(search_box, "ШЫҰ")
    ending = run(search_box, "ның")
    flood = set(acronym.all_pages) | set(ending.all_pages)
    assert result.rewritten == "шыұ"
    assert set(result.all_pages) == set(acronym.all_pages) < flood


def test_results_show_the_text_and_section_they_come_from(search_box):
    result = run(search_box, "Тоқаевтың", fresh=True)
    page = search_box.page
    items = page.locator(".md-search-result__item")
    assert items.count() >= 1
    # the glossary entry of a person may rank first (its title is the name); take the first text result
    shorts = {m.id: m.short_title for m in load_texts(Paths(ROOT))}
    named = re.compile("^(" + "|".join(map(re.escape, shorts.values())) + ")$")
    first = items.filter(has=page.locator(".edition-search-source", has_text=named)).first
    # the text it comes from, by its short title (texts.yaml), from the navigation; never its id
    source = first.locator(".edition-search-source").inner_text()
    assert source == shorts["002"], source
    # the page (h1) and, for matches inside a section, the section heading (h2)
    assert first.locator("article h1").inner_text().strip()
    headings = [h.strip() for h in page.locator(".md-search-result__list article h2").all_inner_texts()]
    assert any(re.match(r"^\d+\.\d+ ", h) for h in headings), headings  # dissertation sections "2.1 …"
    assert all("\\" not in h for h in headings), headings
    assert source in result.sources


def test_the_term_is_highlighted_on_the_page_opened_from_a_result(search_box, served_site):
    run(search_box, "саясаттың", fresh=True)
    page = search_box.page
    link = page.locator(".md-search-result__item > a.md-search-result__link").first
    href = link.get_attribute("href")
    assert "h=" in href, href  # search.highlight passes the searched terms on
    link.click()
    page.wait_for_load_state()
    marks = page.locator("article mark[data-md-highlight]")
    marks.first.wait_for(timeout=10_000)
    texts = {t.lower() for t in marks.all_inner_texts()}
    assert texts and all(t.startswith("саясат") for t in texts), texts
    page.goto(served_site)  # back to a page with the search box for the next tests
    page.wait_for_function("() => window.EditionSearch && window.EditionSearch.state")


def test_search_index_configuration(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    config = index["config"]
    assert config["pipeline"] == []  # no trimmer (it would drop Latin words), no stemmer
    assert "«" in config["separator"] and "—" in config["separator"]
    titles = [doc["title"] for doc in index["docs"]]
    assert all(t.strip() for t in titles)
    assert not [t for t in titles if re.search(r"\\[:~^=$]", t)], "stray Markdown escapes in titles"
    boosts = {doc["location"]: doc.get("boost") for doc in index["docs"] if "#" not in doc["location"]}
    assert boosts["glossary/sco/"] and boosts["glossary/sco/"] > 1


def test_results_show_text_not_table_headings_or_timeline_digits(search_box):
    """Snippets show the words of a page, not its furniture: a table's column headings, the
    labels of a glossary entry's names, the years under the chronology's axis."""
    headings = [t(f"glossary.columns.{c}") for c in ("name", "acronym", "variants")]
    for query in ("ШЫҰ", "1991", "Назарбаев"):
        run(search_box, query, fresh=True)
        shown = " ".join(search_box.page.locator(".md-search-result__list").inner_text().split())
        assert " ".join(headings) not in shown, (query, shown[:300])
        assert not re.search(r"1995\s*2000\s*2005", shown), (query, shown[:300])
        ids = "|".join(re.escape(m.id) for m in load_texts(Paths(ROOT)))
        assert not re.search(rf"(?<![\w.,/])({ids})(?![\w/])", shown), (query, shown[:300])  # texts by name


@pytest.mark.site
def test_the_index_leaves_out_headings_of_tables_and_the_axis(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    headings = " ".join(t(f"glossary.columns.{c}") for c in ("name", "acronym", "variants"))
    for doc in index["docs"]:
        assert headings not in doc["text"], doc["location"]
        assert not re.search(r"1995\s*2000\s*2005", doc["text"]), doc["location"]
    # the corpus overview's count cells are left out: its snippets are the names, not runs of digits
    corpus = [doc["text"] for doc in index["docs"] if doc["location"].startswith("glossary/corpus/#")]
    assert corpus and not [text for text in corpus if re.search(r"\)\s*\d+\s+\d+", text)], corpus
    # a glossary entry's own acronyms are its tags (ranked above every mention), nobody else's
    tags = {doc["location"]: doc.get("tags") for doc in index["docs"] if "#" not in doc["location"]}
    assert tags["glossary/sco/"] == ["ШЫҰ", "ШОС", "SCO"]
    assert "ШЫҰ" not in (tags["glossary/sco-rats/"] or [])
    assert not [loc for loc, tag in tags.items() if tag and not loc.startswith("glossary/")]
    assert not [doc["location"] for doc in index["docs"] if "#" in doc["location"] and doc.get("tags")]
