"""Commentary and chronology on the built site: markers at their passages, notes, links, popover, print."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from build_tools.structure.pages import page_url

pytestmark = pytest.mark.site


class _Collect(HTMLParser):
    """Text inside elements matching (tag, attribute, value), and every id on the page."""

    def __init__(self, attr: str, value_re: str):
        super().__init__(convert_charrefs=True)
        self.attr, self.value_re = attr, re.compile(value_re)
        self.depth = 0  # >0 while inside a matching element
        self.key = None
        self.found: dict[str, str] = {}
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (href, inside id of the nearest li)
        self._li_ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "li":
            self._li_ids.append(attrs.get("id", ""))
        if tag == "a" and "href" in attrs:
            self.links.append((attrs["href"], next((i for i in reversed(self._li_ids) if i), "")))
        if self.depth:
            self.depth += 1
        elif self.value_re.fullmatch(attrs.get(self.attr, "") or ""):
            self.depth = 1
            self.key = attrs.get("data-note") if self.attr == "class" else attrs.get(self.attr)
            self.found[self.key] = ""

    def handle_endtag(self, tag):
        if tag == "li" and self._li_ids:
            self._li_ids.pop()
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.found[self.key] += data


def _parse(path: Path, attr: str = "class", value_re: str = "cm-passage") -> _Collect:
    parser = _Collect(attr, value_re)
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _html_path(site: Path, src_uri: str) -> Path:
    return site / page_url(src_uri) / "index.html"


def test_notes_appear_at_their_passages(built_site, edition):
    by_page: dict[str, list] = {}
    for note in edition.commentary.notes:
        by_page.setdefault(note.page_src, []).append(note)
    for src, notes in by_page.items():
        page = _parse(_html_path(built_site, src))
        for note in notes:
            passage = page.found.get(str(note.number))
            assert passage is not None, (src, note.number)
            assert note.quote in passage, (src, note.number, passage)
            # the marker follows the passage and points to the note; the note points back
            assert f"cm-ref-{note.number}" in page.ids and f"cm-{note.number}" in page.ids
            assert any(h == f"#cm-{note.number}" for h, _ in page.links)
            assert (f"#cm-ref-{note.number}", f"cm-{note.number}") in page.links


def test_notes_section_holds_each_note_of_the_page(built_site, edition):
    for note in edition.commentary.notes:
        page = _parse(_html_path(built_site, note.page_src), "id", r"cm-\d+")
        text = page.found[f"cm-{note.number}"]
        first_words = " ".join(note.body_kk.split()[:4]).replace("**", "")
        assert first_words in " ".join(text.split()), (note.line, first_words)


def _resolve(site: Path, from_src: str, href: str) -> tuple[Path, str]:
    base = "http://x/" + page_url(from_src)
    url = urlparse(urljoin(base, href))
    path = site / url.path.lstrip("/")
    return (path / "index.html" if url.path.endswith("/") else path), url.fragment


def test_cross_references_and_cited_in_back_links(built_site, edition):
    for note in edition.commentary.notes:
        for ref in note.see_also:
            page = _parse(_html_path(built_site, note.page_src))
            targets = [h for h, li in page.links if li == note.anchor and h.endswith(f"#p{ref.paragraph}")]
            assert targets, (note.line, ref.label())
            path, anchor = _resolve(built_site, note.page_src, targets[0])
            target_page = _parse(path, "id", anchor)
            assert anchor in target_page.ids
            assert "Түсініктемеде аталған" in target_page.found[anchor]
            back = [h for h, _ in target_page.links if h.endswith(f"#{note.anchor}")]
            assert back, (note.line, ref.label())


def test_chronology_links_every_event_to_its_passages(built_site, edition):
    path = built_site / "chronology" / "index.html"
    page = _parse(path)
    html = path.read_text(encoding="utf-8")
    # the timeline is drawn at build time: an inline SVG, and no script of its own
    assert re.search(r'<figure class="tl-overview"[^>]*><svg', html)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert all("assets/" in s for s in scripts), scripts
    for event in edition.commentary.events:
        assert f"ev-{event.id}" in page.ids
        links = [h for h, li in page.links if li == f"ev-{event.id}" and "#p" in h]
        assert len(links) == len(event.places) > 0, event.id
        for href, ref in zip(links, event.places):
            target, anchor = _resolve(built_site, "chronology.md", href)
            assert anchor == f"p{ref.paragraph}"
            assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), (event.id, href)


@pytest.mark.browser
def test_marker_opens_the_note_on_click_and_on_focus(served_site, page, edition):
    note = next(n for n in edition.commentary.notes if n.text == "001")
    page.goto(served_site + page_url(note.page_src))
    marker = page.locator(f"#{note.ref_anchor}")
    marker.click()
    popover = page.locator(".cm-popover")
    popover.wait_for(state="visible")
    first_words = " ".join(note.body_kk.split()[:3]).replace("**", "")
    assert first_words in " ".join(popover.inner_text().split())
    assert page.url.endswith(page_url(note.page_src)), "the click opens the popover instead of jumping"
    page.keyboard.press("Escape")
    popover.wait_for(state="hidden")
    # keyboard: focusing the next marker shows its note
    other = next(n for n in edition.commentary.notes if n.text == "001" and n.number == note.number + 1)
    page.locator(f"#{other.ref_anchor}").focus()
    popover.wait_for(state="visible")
    assert page.locator(f"#{other.ref_anchor}").get_attribute("aria-expanded") == "true"
    # Enter moves into the note (its links can be reached); Escape returns to the marker
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.closest('.cm-popover') !== null")
    page.keyboard.press("Escape")
    popover.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.id") == other.ref_anchor


@pytest.mark.browser
def test_notes_print_as_endnotes(served_site, page, edition):
    note = next(n for n in edition.commentary.notes if n.text == "000")
    page.goto(served_site + page_url(note.page_src))
    page.locator(f"#{note.ref_anchor}").click()
    page.emulate_media(media="print")
    assert page.locator(".cm-notes").is_visible()
    assert page.locator(f"#{note.anchor}").is_visible()
    assert not page.locator(".cm-popover").is_visible()
    assert page.locator(f"#{note.ref_anchor}").is_visible()


@pytest.mark.browser
def test_chronology_page_renders_a_timeline(served_site, page, edition):
    page.goto(served_site + "chronology/")
    events = page.locator("li.tl-event")
    assert events.count() == len(edition.commentary.events)
    first = edition.commentary.events[0]
    page.locator(f'svg a[href="#ev-{first.id}"]').first.click()
    assert page.url.endswith(f"#ev-{first.id}")


@pytest.mark.pdf
def test_printed_page_has_the_notes_as_endnotes(served_site, browser, edition, tmp_path):
    """A real PDF (chromium) checked with pdftotext: markers in the text, the notes at the end."""
    import subprocess

    note = next(n for n in edition.commentary.notes if n.text == "003")
    context = browser.new_context(locale="kk-KZ")
    try:
        pg = context.new_page()
        pg.goto(served_site + page_url(note.page_src))
        pdf = tmp_path / "page.pdf"
        pg.pdf(path=str(pdf), format="A4")
    finally:
        context.close()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Түсініктемелер" in flat
    notes = [n for n in edition.commentary.notes if n.page_src == note.page_src]
    for n in notes:
        first_words = " ".join(n.body_kk.split()[:3]).replace("**", "")
        assert first_words in flat, (n.number, first_words)
    # the notes come after the text they annotate
    assert flat.index("Түсініктемелер") > flat.index(" ".join(notes[-1].quote.split()[:2]))
