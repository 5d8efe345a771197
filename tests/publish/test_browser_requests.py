"""Every page, opened in Debian chromium under a sub-path, loads only from 127.0.0.1 and logs no error.

Requests to any other host are recorded and aborted (nothing leaves the machine), then the
test fails if there was any. Every page is loaded once for all the checks that need every
page (tests/site_walk.py); the tests below load the pages they need themselves.
"""

from __future__ import annotations

import pytest
from site_walk import _is_local, make_visitor

from build_tools.publish.linkcheck import serve, site_url_path

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def visitor(browser):
    """A page in one context that blocks and records every request leaving 127.0.0.1."""
    context = browser.new_context(locale="kk-KZ", service_workers="block")
    yield make_visitor(context)
    context.close()


def test_every_page_loads_only_from_127_0_0_1_without_console_errors(built_site, served_site, site_walk):
    """Every page of the walk (conftest.py `site_walk`: each page loaded once for all its checks)."""
    problems = [p for rel, record in site_walk.items() for p in record.visit.problems(served_site + rel)]
    assert not problems, "\n".join(problems[:40])
    assert len(site_walk) == len(list(built_site.rglob("*.html"))) - 1
    requests = sum(len(record.visit.requests) for record in site_walk.values())
    assert requests > len(site_walk) * 3  # each page loaded its styles and scripts, all from 127.0.0.1


def test_search_loads_its_index_and_stemmer_locally_and_only_the_chunks_it_needs(built_site, served_site, visitor):
    """Search makes the most requests (Pagefind's script, worker and WebAssembly, the index's
    metadata, the chunks of the query's words, the results' fragments, the Russian stemmer):
    all local, all found, none of the theme's search (its worker, a whole-site index)."""
    visit = visitor(served_site)
    page = visitor.page
    page.locator(".edition-search__open").click()
    page.locator(".edition-search__input").press_sequentially("Қазақстан")
    page.wait_for_function(
        "() => { const s = window.EditionSearch.state; return s.typed === 'Қазақстан' && s.completed === s.started; }",
        timeout=60_000,
    )
    page.locator(".edition-search__result").first.wait_for()
    visitor.leave()
    loaded = " ".join(visit.requests)
    for part in ("/pagefind/pagefind.js", ".pf_meta", "/pagefind/index/", "/pagefind/fragment/",
                 "/assets/search/lunr/lunr.ru.min.js"):
        assert part in loaded, (part, visit.requests)
    assert "wasm.unknown.pagefind" in loaded, visit.requests
    for part in ("search_index.json", "/workers/search.", "/javascripts/lunr/"):
        assert part not in loaded, (part, visit.requests)
    chunks = [u for u in visit.requests if "/pagefind/index/" in u]
    total = len(list((built_site / "pagefind" / "index").iterdir()))
    assert chunks and len(set(chunks)) < total, (chunks, total)  # the chunks of its words, not the index
    assert not visit.problems(served_site), visit.problems(served_site)


def test_the_repository_link_fetches_nothing(served_site, visitor):
    visit = visitor(served_site)
    page = visitor.page
    assert page.locator("a.md-source").first.get_attribute("href").startswith("http")
    page.wait_for_timeout(300)  # Material would start the GitHub API request right after load
    assert page.locator(".md-source__facts").count() == 0
    visitor.leave()
    assert not visit.outside, visit.outside


def test_the_fonts_come_from_the_site_itself(served_site, visitor):
    """A Kazakh page draws with the self-hosted woff2 files (assets/fonts/), none from outside;
    the Kazakh letters Ә Ғ Қ Ң Ө Ү Һ need the cyrillic-ext subsets, so those are fetched too."""
    visit = visitor(served_site + "texts/002/1-tarau/")
    visitor.page.wait_for_function("document.fonts.status === 'loaded'")
    loaded = [u for u in visit.requests if u.endswith((".woff2", ".woff", ".ttf", ".otf"))]
    visitor.leave()
    assert loaded, visit.requests
    assert all(_is_local(u) and "/assets/fonts/" in u for u in loaded), loaded
    assert any("cyrillic-ext-400-normal.woff2" in u for u in loaded), loaded
    assert any("cyrillic-ext-700-normal.woff2" in u for u in loaded), loaded
    assert not visit.problems(served_site), visit.problems(served_site)


@pytest.mark.parametrize("missing", ["no-such-page/", "texts/002/no/such/page/", "glossary/nothing.html"])
def test_missing_address_shows_the_kazakh_404_page_styled_with_working_links(built_site, visitor, missing):
    """As on GitHub Pages: the site at the path of site_url, 404.html for any missing address."""
    with serve(built_site, site_url_path(built_site), error_page=True) as base_url:
        visit = visitor(base_url + missing, expect_status=404)
        page = visitor.page
        assert page.locator("h1").first.inner_text() == "Бет табылмады"
        assert page.title().startswith("Бет табылмады")
        # Material's stylesheet applied (it was found from this depth)
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        with page.expect_navigation():
            page.get_by_text("Басылымның басты бетіне оралу").click()
        assert page.url == base_url
        assert page.locator("h1").first.inner_text().startswith("Қазақстанның сыртқы саясаты")
        visitor.leave()  # before the server stops
    # the only error is the 404 of the missing address itself
    document_404 = [e for e in visit.console_errors if "404" in e and e.endswith(f"{missing}]")]
    assert len(document_404) <= 1, visit.console_errors
    visit.console_errors = [e for e in visit.console_errors if e not in document_404]
    assert not visit.problems(missing), visit.problems(missing)


def test_the_visitor_catches_outside_requests_and_console_errors(tmp_path, visitor):
    """The net itself: a page that loads a web font, an image and a script from outside."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html><head><link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<script src="//cdn.example.com/x.js"></script></head><body>'
        '<img src="https://example.org/logo.png"><img src="missing.png">'
        "<script>console.error('broken'); fetch('https://api.github.com/repos/x/y')</script></body></html>"
    )
    with serve(tmp_path, "/sub/") as base_url:
        visit = visitor(base_url)
        visitor.leave()
    assert set(visit.outside) == {
        "https://fonts.googleapis.com/css?family=Roboto",
        "http://cdn.example.com/x.js",
        "https://example.org/logo.png",
        "https://api.github.com/repos/x/y",
    }
    assert any("broken" in e for e in visit.console_errors)
    assert any("missing.png" in f for f in visit.failed)
