"""The glossary on the built site: entry pages, tooltips, print expansions, search."""

import re

import pytest


@pytest.mark.site
def test_entry_and_index_pages_are_built_with_links_that_resolve(built_site):
    for path in ("glossary/index.html", "glossary/sco/index.html", "glossary/persons/index.html",
                 "glossary/places/index.html", "glossary/corpus/index.html"):
        assert (built_site / path).is_file(), path
    page = (built_site / "glossary" / "sco" / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<td class="kwic-where" lang="kk"><a href="([^"#]+)#(p\d+)"', page)
    assert hrefs
    for href, anchor in hrefs:
        target = (built_site / "glossary" / "sco" / href / "index.html").resolve()
        assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), (href, anchor)


@pytest.mark.browser
def test_term_shows_full_name_on_screen_and_prints_as_written(served_site, page):
    page.goto(served_site + "texts/000/")
    term = page.locator('a.term[data-term="un"]').first
    term.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.first.wait_for(timeout=5000)
    assert "Біріккен Ұлттар Ұйымы" in tooltip.first.inner_text()
    assert "Организация Объединённых Наций" in tooltip.first.inner_text()
    paragraph = term.locator("xpath=ancestor::p[1]")
    on_screen = paragraph.inner_text()
    page.emulate_media(media="print")  # the browser's own print: the sentence as the author wrote it
    assert paragraph.inner_text() == on_screen and "Біріккен Ұлттар Ұйымы" not in paragraph.inner_text()
    page.emulate_media(media="screen")
    term.click()
    page.wait_for_url(re.compile(r".*/glossary/un/$"))
    assert "Біріккен Ұлттар Ұйымы" in page.locator("h1").first.inner_text()


@pytest.mark.browser
@pytest.mark.parametrize("query, entry_id", [("ОДКБ", "csto"), ("CSTO", "csto"), ("ШОС", "sco")])
def test_search_in_any_language_finds_the_entry_page(served_site, page, query, entry_id):
    page.goto(served_site + "glossary/")
    page.locator(".edition-search__open").click()
    box = page.locator("input.edition-search__input")
    box.fill(query)
    results = page.locator(".edition-search__link")
    results.first.wait_for(timeout=15000)
    first = results.first.get_attribute("href") or ""
    assert f"glossary/{entry_id}/" in first, first  # the entry page is the best result


@pytest.mark.browser
def test_keyboard_focus_shows_the_full_name_in_the_page_language(served_site, page):
    """On the Russian text the tooltip and the print expansion give the Russian name first."""
    page.goto(served_site + "texts/003/")
    term = page.locator('a.term[data-term="csto"]').first
    term.focus()
    tooltip = page.locator(".md-tooltip2--active").first
    tooltip.wait_for(timeout=5000)
    assert tooltip.inner_text().startswith("Организация Договора о коллективной безопасности")
    assert "Ұжымдық қауіпсіздік туралы шарт ұйымы" in tooltip.inner_text()
