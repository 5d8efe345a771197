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

pytestmark = pytest.mark.browser

WIDTHS = (390, 1366)

CHECK_TABLES = r"""() => {
    const out = [];
    const px = v => Math.round(v);
    const toc = document.querySelector('.md-sidebar--secondary');
    const tocBox = toc && getComputedStyle(toc).display !== 'none' && toc.getBoundingClientRect().width > 0
        ? toc.getBoundingClientRect() : null;
    const tables = [...document.querySelectorAll('article table')];
    tables.forEach((table, i) => {
        const name = `table ${i + 1} (${table.id ? '#' + table.id : table.className || 'no class'})`;
        // 1. computed styles of the cells and everything in them
        const bad = new Set();
        for (const el of table.querySelectorAll('th, td, th *, td *')) {
            const cs = getComputedStyle(el);
            if (cs.wordBreak !== 'normal' || cs.overflowWrap !== 'normal' || cs.hyphens === 'auto') {
                bad.add(`${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''}: ` +
                        `word-break ${cs.wordBreak}, overflow-wrap ${cs.overflowWrap}, hyphens ${cs.hyphens}`);
            }
        }
        [...bad].slice(0, 3).forEach(b => out.push(`${name}: may break inside a word: ${b}`));
        // 2. no word drawn on two lines
        const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
        const range = document.createRange();
        let split = 0, example = '';
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const re = /[^\s\u00a0]+/g;
            let m;
            while ((m = re.exec(node.textContent))) {
                if (/[-\u2010\u2011\u2013\u2014/]/.test(m[0])) continue;  // may break after a hyphen or slash
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => px(r.top)));
                if (lines.size > 1) { split++; example = example || m[0]; }
            }
        }
        if (split) out.push(`${name}: ${split} word(s) drawn on two lines, e.g. "${example}"`);
        // 3. in a scroll box that scrolls when the table is wider
        const box = table.closest('.md-typeset__scrollwrap');
        if (!box) { out.push(`${name}: not in a scroll box (.md-typeset__scrollwrap)`); return; }
        const t = table.getBoundingClientRect(), b = box.getBoundingClientRect();
        const overflowX = getComputedStyle(box).overflowX;
        if (t.right > b.right + 1) {
            if (!['auto', 'scroll'].includes(overflowX) || box.scrollWidth <= box.clientWidth) {
                out.push(`${name}: runs ${px(t.right - b.right)}px past its box, which does not scroll ` +
                         `(overflow-x ${overflowX}, scrollWidth ${box.scrollWidth}, clientWidth ${box.clientWidth})`);
            }
        }
        // 4. what shows of it stays left of the table of contents
        const visibleRight = Math.min(t.right, b.right);
        if (tocBox && visibleRight > tocBox.left + 1) {
            out.push(`${name}: runs ${px(visibleRight - tocBox.left)}px under the table of contents`);
        }
    });
    return {count: tables.length, problems: out};
}"""


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


def test_tables_break_only_between_words_and_scroll_in_their_own_box(built_site, served_site, table_page):
    """Each page is loaded once and checked at each width (the layout follows the viewport)."""
    pages = _pages_with_tables(built_site)
    assert pages, "no page with a table: the test would prove nothing"
    problems, tables = [], 0
    for rel in pages:
        table_page.set_viewport_size({"width": WIDTHS[-1], "height": 900})
        table_page.goto(served_site + rel, wait_until="domcontentloaded")
        table_page.wait_for_function("document.fonts.status === 'loaded'")
        for width in reversed(WIDTHS):
            table_page.set_viewport_size({"width": width, "height": 900})
            result = table_page.evaluate(CHECK_TABLES)
            tables += result["count"]
            problems += [f"{rel or '/'} at {width}px: {p}" for p in result["problems"]]
    assert tables >= len(pages) * len(WIDTHS)
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
