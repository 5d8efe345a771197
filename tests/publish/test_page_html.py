"""The finishing touches on every page (build_tools/publish/page_html.py)."""

from __future__ import annotations

import re

import pytest

from build_tools.core.language import language
from build_tools.publish.page_html import (
    CAPS_CLASS,
    SCROLL_CLOSE,
    SCROLL_OPEN,
    is_in_capitals,
    mark_capital_headings,
    wrap_tables,
)


def test_a_table_with_a_class_gets_the_scroll_box_once():
    html = '<p>x</p><table class="corpus-table"><tr><td>1</td></tr></table><p>y</p>'
    wrapped = wrap_tables(html)
    assert wrapped == f'<p>x</p>{SCROLL_OPEN}<table class="corpus-table"><tr><td>1</td></tr></table>{SCROLL_CLOSE}<p>y</p>'
    assert wrap_tables(wrapped) == wrapped  # already wrapped: left alone


def test_a_table_without_a_class_is_left_to_material():
    html = '<div class="para para-table"><table id="table-1"><tr><td>1</td></tr></table></div>'
    assert wrap_tables(html) == html


def test_headings_in_capitals_get_the_class_and_keep_their_letters():
    word = "".join(language().kazakh_letters) * 2  # upper-case Kazakh letters only
    html = (
        f'<h1 id="a">1 {word}<a class="headerlink" href="#a" title="Link">&para;</a></h1>'
        f'<h2 id="b" class="x">{word.lower()}</h2>'
        f'<h3>{word[:3]}</h3>'  # an acronym alone is not a heading in capitals
    )
    out = mark_capital_headings(html)
    assert f'<h1 id="a" class="{CAPS_CLASS}">1 {word}<a class="headerlink"' in out
    assert f'<h2 id="b" class="x">{word.lower()}</h2>' in out
    assert f"<h3>{word[:3]}</h3>" in out
    assert re.sub(r' class="caps"', "", out) == html  # nothing else changed
    assert mark_capital_headings('<h2 class="x">ABCDEFG</h2>') == f'<h2 class="{CAPS_CLASS} x">ABCDEFG</h2>'


@pytest.mark.parametrize(
    "text, expected",
    [("КІРІСПЕ", True), ("1.1 ҚОРЫТЫНДЫ", True), ("ШЫҰ", False), ("Кіріспе", False), ("ЕО мен АҚШ", False), ("", False)],
)
def test_is_in_capitals(text, expected):
    assert is_in_capitals(text) is expected


@pytest.mark.site
def test_no_page_nests_a_table_and_every_classed_table_is_wrapped(built_site):
    """wrap_tables relies on tables never being nested; every generated table is in a scroll box."""
    problems = []
    for path in built_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<table\b[^>]*>(.*?)</table>", html, re.S):
            if "<table" in match.group(1):
                problems.append(f"{path}: a table inside a table")
            if 'class="' in match.group(0)[:200].split(">")[0] and not html[: match.start()].endswith(SCROLL_OPEN):
                problems.append(f"{path}: {match.group(0)[:60]} not in a scroll box")
    assert not problems, problems[:10]


@pytest.mark.site
def test_header_and_navigation_show_the_short_name_the_page_title_the_full_one(built_site, root):
    """A phone's header has room for the short name (mkdocs.yml extra.short_name) only."""
    import html as html_lib

    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"))
    short, full = config.extra["short_name"], config.site_name
    assert len(short) < len(full)
    page = html_lib.unescape((built_site / "about" / "index.html").read_text(encoding="utf-8"))
    topic = re.search(r'<div class="md-header__topic">\s*<span class="md-ellipsis" title="([^"]*)">\s*(.*?)\s*</span>', page)
    assert topic and topic.groups() == (full, short)
    nav_title = re.search(r'<label class="md-nav__title" for="__drawer">.*?</a>\s*(.*?)\s*</label>', page, re.S)
    assert nav_title and nav_title.group(1) == short
    assert re.search(r"<title>[^<]*" + re.escape(full) + "</title>", page)
    assert '<dialog class="edition-search__dialog" id="edition-search-dialog" aria-label="' in page  # the search dialog has a name
