"""Every text page read with JavaScript disabled: the text, its notes as endnotes, its apparatus, its links.

A long-lived edition must not depend on its scripts: the note popovers, the marks switch and the
search are conveniences. With JavaScript off in chromium, each page of each text (taken from the
data, never by name) must show every ¶ of its division with its words, every note marker must be a
link to its note in the page's notes section (which links back), and every change of the division
must be listed in the apparatus with a working link to its ¶.
"""

from __future__ import annotations

import re

import pytest

from build_tools.structure.pages import division_src, page_url

pytestmark = pytest.mark.browser

READ_PAGE = r"""() => {
    const visible = el => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const article = document.querySelector('article');
    const paras = {};
    for (const el of article.querySelectorAll('[id^="p"]')) {
        if (/^p\d+$/.test(el.id)) paras[el.id] = {text: el.innerText, visible: visible(el)};
    }
    const markers = [...article.querySelectorAll('a.cm-marker')].map(a => {
        const target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
        const back = target ? [...target.querySelectorAll('a')].map(b => b.hash) : [];
        return {id: a.id, href: a.getAttribute('href'), visible: visible(a),
                target: !!target, targetVisible: visible(target),
                targetText: target ? target.innerText.trim() : '', back: back};
    });
    const apparatus = article.querySelector('section.editorial-notes');
    const entries = apparatus ? [...apparatus.querySelectorAll('a.ed-note-ref')].map(a => ({
        href: a.getAttribute('href'),
        target: !!document.getElementById(decodeURIComponent(a.hash.slice(1))),
    })) : [];
    const inPage = [...article.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href'))
        .filter(h => h.length > 1 && !document.getElementById(decodeURIComponent(h.slice(1))));
    return {
        scripts: !!window.EditionData,
        paras, markers, entries, brokenInPage: inPage,
        apparatus: apparatus ? {visible: visible(apparatus), changes: +apparatus.dataset.changes} : null,
    };
}"""


def _words(text: str, n: int = 4) -> list[str]:
    """The first ``n`` words of a passage (letters only), as a reader would find them on the page."""
    return re.findall(r"\w{3,}", text)[:n]


def _text_pages(edition):
    """(url, document, division, ¶ blocks, note spans, change spans) for every page of every text."""
    for doc in edition.documents:
        for division in doc.divisions:
            lo = min((b.start for b in division.blocks), default=0)
            hi = max((b.end for b in division.blocks), default=0)
            paras = [b for b in division.blocks if b.number]
            notes = [s for s in doc.spans if s.kind == "note" and lo <= s.start < hi]
            changes = [s for s in doc.spans if s.kind == "change" and lo <= s.start < hi]
            yield page_url(division_src(doc, division)), doc, division, paras, notes, changes


@pytest.fixture(scope="module")
def pages_without_js(browser, served_site, edition):
    """Each text page loaded once in chromium with JavaScript disabled: what a reader sees."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    records = []
    for url, doc, division, paras, notes, changes in _text_pages(edition):
        response = page.goto(served_site + url)
        assert response is not None and response.ok, f"{url}: {response and response.status}"
        records.append((url, doc, division, paras, notes, changes, page.evaluate(READ_PAGE)))
    # following a note marker without scripts lands on the note
    first = next(((url, r) for url, *_, r in records if r["markers"]), None)
    if first is not None:
        url, record = first
        page.goto(served_site + url)
        page.click(f"#{record['markers'][0]['id']}")
        landed = page.evaluate(
            "() => { const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));"
            " if (!el) return null; const r = el.getBoundingClientRect();"
            " return {hash: location.hash, top: r.top, height: innerHeight}; }"
        )
    else:
        landed = None
    context.close()
    return records, first, landed


def test_the_scripts_really_are_off(pages_without_js):
    records, _, _ = pages_without_js
    assert records, "the edition has no text page"
    assert not any(r["scripts"] for *_, r in records), "JavaScript ran although it was disabled"


def test_every_paragraph_is_there_and_readable_without_javascript(pages_without_js):
    problems = []
    for url, doc, division, paras, _, _, record in pages_without_js[0]:
        for block in paras:
            shown = record["paras"].get(f"p{block.number}")
            if shown is None:
                problems.append(f"{url}: ¶ {block.number} is missing")
                continue
            if not shown["visible"]:
                problems.append(f"{url}: ¶ {block.number} is not visible")
            source = doc.text[block.start : block.end]
            missing = [w for w in _words(source) if w not in shown["text"]]
            if missing:
                problems.append(f"{url}: ¶ {block.number} does not show {missing}")
    assert not problems, "\n".join(problems[:20])


def test_notes_are_endnotes_linked_both_ways_without_javascript(pages_without_js):
    problems = []
    noted = 0
    for url, _, _, _, notes, _, record in pages_without_js[0]:
        markers = record["markers"]
        if len(markers) != len(notes):
            problems.append(f"{url}: {len(markers)} note markers for {len(notes)} notes in the data")
        for m in markers:
            noted += 1
            if not (m["visible"] and m["target"] and m["targetVisible"]):
                problems.append(f"{url}: marker {m['href']} does not lead to a visible note")
            elif not m["targetText"]:
                problems.append(f"{url}: the note {m['href']} is empty")
            elif f"#{m['id']}" not in m["back"]:
                problems.append(f"{url}: the note {m['href']} has no link back to its passage")
    assert not problems, "\n".join(problems[:20])
    assert noted == sum(len(notes) for _, _, _, _, notes, _, _ in pages_without_js[0])


def test_following_a_note_marker_without_javascript_shows_the_note(pages_without_js):
    records, first, landed = pages_without_js
    notes = sum(len(notes) for _, _, _, _, notes, _, _ in records)
    # never skipped: an edition with notes must have a marker to follow (this one has notes)
    assert (first is not None) == (notes > 0), f"{notes} notes in the data, marker found: {first is not None}"
    if first is None:
        return
    assert landed is not None, "the marker's link leads nowhere"
    assert landed["hash"] == first[1]["markers"][0]["href"]
    assert 0 <= landed["top"] < landed["height"], "the note is not scrolled into view"


def test_the_apparatus_lists_every_change_without_javascript(pages_without_js):
    """Each page's apparatus is visible where its division has changes; over a text's pages every
    logged change is counted once, and every entry links to a ¶ on its page."""
    problems = []
    counted: dict[str, int] = {}
    documents = {}
    for url, doc, _, _, _, changes, record in pages_without_js[0]:
        documents[doc.meta.id] = doc
        apparatus = record["apparatus"]
        if changes and (apparatus is None or not apparatus["visible"]):
            problems.append(f"{url}: {len(changes)} changes but no visible apparatus")
            continue
        counted[doc.meta.id] = counted.get(doc.meta.id, 0) + (apparatus["changes"] if apparatus else 0)
        broken = [e["href"] for e in record["entries"] if not e["target"]]
        if broken:
            problems.append(f"{url}: apparatus links to missing ¶ {broken[:5]}")
    for text_id, doc in documents.items():
        if counted.get(text_id, 0) != len(doc.clean.changes):
            problems.append(f"text {text_id}: its pages list {counted.get(text_id, 0)} changes of {len(doc.clean.changes)}")
    assert not problems, "\n".join(problems[:20])


def test_no_in_page_link_is_broken_without_javascript(pages_without_js):
    broken = {url: r["brokenInPage"][:5] for url, *_, r in pages_without_js[0] if r["brokenInPage"]}
    assert not broken, broken
