"""Tables in Debian chromium, on every page that has one, at a phone's and a laptop's width.

* No cell lets a word break inside: every th/td and everything in it computes
  word-break: normal and overflow-wrap: normal, hyphens not auto; and no word of a cell
  is actually drawn on two lines (except at a hyphen or slash it has).
* A table wider than its column scrolls in its own box: its visible part ends inside the
  box, and if the table is wider, the box scrolls (overflow-x auto, scrollWidth > clientWidth).
* No table runs under the table of contents (.md-sidebar--secondary) on the right.
"""

from __future__ import annotations

import pytest
from site_walk import CHECK_TABLES, TABLE_WIDTHS

pytestmark = pytest.mark.browser


def _pages_with_tables(site) -> list[str]:
    pages = []
    for path in sorted(site.rglob("*.html")):
        if "<table" in path.read_text(encoding="utf-8"):
            rel = path.relative_to(site).as_posix()
            pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


@pytest.fixture(scope="module")
def table_page(browser):
    context = browser.new_context(locale="kk-KZ", service_workers="block")
    context.route(lambda url: not url.startswith("http://127.0.0.1"), lambda route: route.abort())
    yield context.new_page()
    context.close()


def test_tables_break_only_between_words_and_scroll_in_their_own_box(built_site, site_walk):
    """Each page with a table, checked at each width during the walk (conftest.py `site_walk`)."""
    pages = _pages_with_tables(built_site)
    assert pages, "no page with a table: the test would prove nothing"
    assert sorted(rel for rel, record in site_walk.items() if record.tables) == sorted(pages)
    problems, tables = [], 0
    for rel in pages:
        for width in reversed(TABLE_WIDTHS):
            result = site_walk[rel].tables[width]
            tables += result["count"]
            problems += [f"{rel or '/'} at {width}px: {p}" for p in result["problems"]]
    assert tables >= len(pages) * len(TABLE_WIDTHS)
    assert not problems, "\n".join(problems[:40]) + (f"\n... {len(problems) - 40} more" if len(problems) > 40 else "")


def test_the_check_catches_a_broken_word_and_a_table_under_the_contents(table_page):
    """The net itself: a cell that breaks anywhere, a table in no scroll box, a toc over it."""
    table_page.set_viewport_size({"width": 600, "height": 600})
    table_page.set_content(
        '<div class="md-sidebar--secondary" style="position:absolute;left:150px;top:0;width:200px;height:50px"></div>'
        '<article><table style="width:40px"><tr><td style="overflow-wrap:anywhere">'
        "Талдаудың Ельцин</td></tr></table>"
        '<div class="md-typeset__scrollwrap" style="overflow-x:visible;width:200px"><table style="width:400px">'
        "<tr><td>x</td></tr></table></div></article>"
    )
    problems = "\n".join(table_page.evaluate(CHECK_TABLES)["problems"])
    assert "may break inside a word: td: word-break normal, overflow-wrap anywhere" in problems
    assert "word(s) drawn on two lines" in problems
    assert "table 1 (no class): not in a scroll box" in problems
    assert "table 2 (no class): runs 200px past its box, which does not scroll" in problems
    assert "under the table of contents" in problems
