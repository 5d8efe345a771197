"""The reader's marks in the browser: the "show all marks" switch, note popovers, glued note markers.

Pages and markers are picked from the edition's data (the texts and the commentary), never by name.
"""

from __future__ import annotations

import pytest

from build_tools.core.locale import t
from build_tools.structure.pages import division_src, page_url

pytestmark = pytest.mark.browser

WIDTHS = (390, 1366)  # the phone and the desktop the edition is looked at with


def _pages_with(edition, kind: str) -> list[str]:
    """URLs (relative to the site) of the text pages that carry spans of ``kind``, in text order."""
    urls = []
    for doc in edition.documents:
        for division in doc.divisions:
            lo = min((b.start for b in division.blocks), default=0)
            hi = max((b.end for b in division.blocks), default=0)
            if any(s.kind == kind and lo <= s.start < hi for s in doc.spans):
                urls.append(page_url(division_src(doc, division)))
    return urls


def _page_with_everything(edition) -> str:
    """A text page with quiet term marks, changes and notes (the first in text order)."""
    common = [u for u in _pages_with(edition, "note") if u in _pages_with(edition, "change")]
    assert common, "no text page has both notes and changes"
    return common[0]


def _style(page, selector: str, prop: str, pseudo: str = "") -> str:
    return page.evaluate(
        "([s, p, ps]) => getComputedStyle(document.querySelector(s), ps || null).getPropertyValue(p)",
        [selector, prop, pseudo],
    )


# --------------------------------------------------------------------------- the switch


def test_the_marks_switch_works_from_the_keyboard_and_is_remembered(served_site, page, edition):
    url = served_site + _page_with_everything(edition)
    page.goto(url)
    switch = page.locator(".marks-toggle input")
    assert switch.count() == 1 and not switch.is_checked()
    assert page.locator(".marks-toggle").inner_text().strip() == t("scripts.marks_toggle")
    quiet = "article span.term[data-term]"
    assert page.locator(quiet).count() > 0
    # the default view: later occurrences and changes are unmarked and take no keyboard focus
    assert _style(page, quiet, "text-decoration-line") == "none"
    assert _style(page, "article .ed-change", "background-color") == "rgba(0, 0, 0, 0)"
    assert _style(page, "article .cm-passage", "content", "::before") in ("none", "normal")
    assert page.locator(f"{quiet}[tabindex], article .ed-change[tabindex]").count() == 0

    switch.focus()
    page.keyboard.press("Space")
    assert switch.is_checked()
    assert page.evaluate("document.body.classList.contains('show-marks')")
    assert "underline" in _style(page, quiet, "text-decoration-line")
    assert _style(page, "article .ed-change", "background-color") != "rgba(0, 0, 0, 0)"
    assert _style(page, "article .cm-passage", "content", "::before") not in ("none", "normal")
    # every quiet mark is now reachable by keyboard
    total = page.locator(f"{quiet}, article .ed-change").count()
    assert page.locator(f'{quiet}[tabindex="0"], article .ed-change[tabindex="0"]').count() == total
    # the three kinds never stack: only terms draw a line, only changes a tint, passages get brackets
    assert _style(page, "article .ed-change", "text-decoration-line") == "none"
    assert _style(page, "article .cm-passage", "text-decoration-line") == "none"
    assert _style(page, "article .cm-passage", "background-color") == "rgba(0, 0, 0, 0)"
    assert _style(page, quiet, "background-color") == "rgba(0, 0, 0, 0)"

    page.reload()
    assert page.locator(".marks-toggle input").is_checked()
    assert "underline" in _style(page, quiet, "text-decoration-line")
    other = next(u for u in _pages_with(edition, "term") if served_site + u != url)
    page.goto(served_site + other)
    assert page.locator(".marks-toggle input").is_checked()
    page.locator(".marks-toggle input").uncheck()
    assert _style(page, quiet, "text-decoration-line") == "none"
    assert page.locator(f"{quiet}[tabindex]").count() == 0
    page.goto(url)
    assert not page.locator(".marks-toggle input").is_checked()


def test_a_quiet_term_shows_its_full_name_on_focus_when_marks_are_shown(served_site, page, edition):
    page.goto(served_site + _pages_with(edition, "term")[0])
    page.locator(".marks-toggle input").check()
    term = page.locator("article span.term[data-term]").first
    entry = edition.glossary.entries[term.get_attribute("data-term")]
    term.focus()
    tooltip = page.locator(".md-tooltip2--active").first
    tooltip.wait_for(timeout=5000)
    assert entry.display_name("kk") in tooltip.inner_text() or entry.name["kk"] in tooltip.inner_text()


def test_without_javascript_the_text_reads_and_the_switch_is_absent(served_site, browser, edition):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served_site + _page_with_everything(edition))
        assert page.locator(".marks-toggle, .original-toggle").count() == 0
        assert page.locator("article a.term[data-term]").first.is_visible()
        assert page.locator("article p.para").first.is_visible()
        assert page.locator("article a.cm-marker").first.is_visible()  # a plain link to the note
    finally:
        context.close()


# --------------------------------------------------------------------------- note markers and popovers


def test_a_popover_opened_at_the_edge_of_the_screen_stays_inside_it(served_site, browser, edition):
    url = served_site + _pages_with(edition, "note")[0]
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="kk-KZ")
        try:
            page = context.new_page()
            page.goto(url)
            markers = page.locator("article a.cm-marker")
            assert markers.count() > 0
            for i in range(markers.count()):
                marker = markers.nth(i)
                marker.scroll_into_view_if_needed()
                # bring the marker to the very bottom of the viewport, then open its note
                page.evaluate(
                    "m => window.scrollBy(0, m.getBoundingClientRect().bottom - window.innerHeight + 2)",
                    marker.element_handle(),
                )
                box = marker.bounding_box()
                page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                popover = page.locator(".cm-popover")
                popover.wait_for(state="visible")
                inside = page.evaluate(
                    """p => { const r = p.getBoundingClientRect();
                       return [r.top >= 0, r.left >= 0, r.bottom <= window.innerHeight,
                               r.right <= document.documentElement.clientWidth]; }""",
                    popover.element_handle(),
                )
                assert inside == [True, True, True, True], (width, marker.get_attribute("data-note"), inside)
                page.keyboard.press("Escape")
                assert popover.is_hidden()
        finally:
            context.close()


def test_a_marker_opens_by_keyboard_and_by_touch_and_escape_closes_it(served_site, browser, edition):
    url = served_site + _pages_with(edition, "note")[0]
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(url)
        marker = page.locator("article a.cm-marker").first
        marker.tap()
        popover = page.locator(".cm-popover")
        popover.wait_for(state="visible")
        page.keyboard.press("Escape")
        assert popover.is_hidden()
        page.locator("article a.cm-marker").nth(1 if page.locator("article a.cm-marker").count() > 1 else 0).focus()
        popover.wait_for(state="visible")
        page.keyboard.press("Escape")
        assert popover.is_hidden()
        assert page.evaluate("document.activeElement.classList.contains('cm-marker')")
    finally:
        context.close()


GLUED = """() => {
  // Each note marker against the last visible character before it: the same line, to its right.
  const article = document.querySelector("article");
  const out = [];
  for (const marker of article.querySelectorAll("a.cm-marker")) {
    const sup = marker.closest("sup") || marker;
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    let last = null, node;
    while ((node = walker.nextNode())) {
      if (sup.contains(node) || (sup.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
      if (!node.parentElement.getClientRects().length) continue;  // not shown (print-only)
      if (node.textContent.replace(/[\\s\\u2060]/g, "")) last = node;
    }
    let i = last.textContent.length;
    while (i > 0 && /[\\s\\u2060]/.test(last.textContent[i - 1])) i--;
    const range = document.createRange();
    range.setStart(last, i - 1);
    range.setEnd(last, i);
    const c = range.getBoundingClientRect();
    const m = marker.getBoundingClientRect();
    if (!(m.top < c.bottom && m.bottom > c.top && m.left >= c.left)) {
      out.push([marker.dataset.note, last.textContent.slice(Math.max(0, i - 12), i)]);
    }
  }
  return out;
}"""


# every line breaks wherever a break is allowed (and only there: no emergency breaks inside words)
NARROWEST = (
    "article .para { width: 0 !important; }"
    " article .para, article .para * { overflow-wrap: normal !important; word-break: normal !important; }"
)


def test_a_note_marker_never_starts_a_line_alone(served_site, browser, edition):
    """Every marker sits on the line of the word before it: at the phone's and the desktop's
    width, and in a paragraph so narrow that each line breaks at every place a break is allowed
    (so a break allowed before a marker would show at once, whatever the width)."""
    context = browser.new_context(viewport={"width": WIDTHS[-1], "height": 800})
    try:
        page = context.new_page()
        for url in _pages_with(edition, "note"):
            page.goto(served_site + url)
            assert page.locator("article a.cm-marker").count() > 0, url
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                assert page.evaluate(GLUED) == [], (url, width)
            page.add_style_tag(content=NARROWEST)
            assert page.evaluate(GLUED) == [], (url, "narrowest")
    finally:
        context.close()
