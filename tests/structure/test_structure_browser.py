"""Citable paragraphs and pages in the real browser (Debian chromium via Playwright)."""

import datetime
import re

import pytest
from conftest import ROOT

from build_tools.read.texts import Paths, load_texts

pytestmark = pytest.mark.browser


def test_paragraph_number_shows_on_hover_and_focus(served_site, page):
    page.goto(served_site + "texts/002/kirispe/")
    pnum = page.locator("#p5 > a.pnum")
    assert float(pnum.evaluate("e => getComputedStyle(e).opacity")) < 1
    page.locator("#p5").hover()
    page.wait_for_function("() => getComputedStyle(document.querySelector('#p5 > a.pnum')).opacity === '1'")
    page.mouse.move(0, 0)
    page.locator("#p7 > a.pnum").focus()
    page.wait_for_function("() => getComputedStyle(document.querySelector('#p7 > a.pnum')).opacity === '1'")
    # the number itself is shown (CSS content from data-n)
    shown = pnum.evaluate("e => getComputedStyle(e, '::before').content")
    assert "5" in shown


def test_clicking_a_paragraph_number_copies_its_link(served_site, page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    url = served_site + "texts/002/1-tarau/"
    page.goto(url)
    number = page.locator("a.pnum").nth(3)
    n = number.get_attribute("data-n")
    number.click()
    page.wait_for_selector(".pnum-status:not([hidden])")
    assert f"¶ {n}" in page.locator(".pnum-status").inner_text()
    assert page.evaluate("navigator.clipboard.readText()") == f"{url}#p{n}"
    assert page.url == f"{url}#p{n}"


def test_each_page_offers_its_citation_completed_with_address_and_date(served_site, page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    url = served_site + "texts/004/"
    page.goto(url)
    block = page.locator("details.cite-page")
    block.locator("summary").click()
    gost = block.locator(".cite-gost").inner_text()
    # the access date is today's (or yesterday's, when the test runs across midnight)
    m = re.search(r"URL: (\S+) \(қаралған күні: (\d\d)\.(\d\d)\.(\d{4})\)", gost)
    assert m and m.group(1) == url, gost
    today = datetime.date(int(m.group(4)), int(m.group(3)), int(m.group(2)))
    assert 0 <= (datetime.date.today() - today).days <= 1
    assert gost.startswith("[Авторы белгісіз]. Қазақстан мен Ресей")
    bibtex = block.locator(".cite-bibtex").inner_text()
    siglum = next(m.siglum for m in load_texts(Paths(ROOT)) if m.id == "004")
    assert re.search(rf"@misc\{{kzfp-{siglum},", bibtex)  # the key names the text by its siglum
    assert f"url = {{{url}}}" in bibtex and f"urldate = {{{today:%Y-%m-%d}}}" in bibtex
    block.locator(".cite-bibtex-label .cite-copy").click()
    assert page.evaluate("navigator.clipboard.readText()") == bibtex.strip()


def test_search_highlighting_leaves_the_closed_citation_block_alone(served_site, page):
    # the page's own title words are in its ready citation; a closed block must get no marks
    page.goto(served_site + "texts/002/?h=саясат")
    page.locator("article mark[data-search-highlight]").first.wait_for(timeout=10_000)
    assert page.locator("details.cite-page mark").count() == 0
    assert all(t.strip() for t in page.locator("article mark[data-search-highlight]").all_inner_texts())
