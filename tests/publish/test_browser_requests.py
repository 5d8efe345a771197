"""Every page, opened in Debian chromium under a sub-path, loads only from 127.0.0.1 and logs no error.

Requests to any other host are recorded and aborted (nothing leaves the machine), then the
test fails if there was any. One browser context is reused for all pages.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from build_tools.publish.linkcheck import serve, site_url_path

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = ("data:", "blob:", "about:")
# After `load` a page may still fetch (search index, worker, lunr): wait until no request has
# been under way for QUIET_SECONDS, at most SETTLE_SECONDS, then leave (what is still loading is
# aborted; the search test waits for the search worker in full).
SETTLE_SECONDS = 1.0
QUIET_SECONDS = 0.3


def _is_local(url: str) -> bool:
    return url.startswith(LOCAL_SCHEMES) or urlsplit(url).hostname == "127.0.0.1"


@dataclass
class Visit:
    """What the browser did while the current page loaded."""

    outside: list[str] = field(default_factory=list)  # requests to other hosts (aborted)
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # local responses >= 400, failed requests

    def problems(self, page_url: str) -> list[str]:
        out = [f"{page_url}: request to an outside host: {u}" for u in dict.fromkeys(self.outside)]
        out += [f"{page_url}: console error: {e}" for e in self.console_errors]
        out += [f"{page_url}: {f}" for f in self.failed]
        return out


@pytest.fixture(scope="module")
def visitor(browser):
    """A page in one context that blocks and records every request leaving 127.0.0.1."""
    context = browser.new_context(locale="kk-KZ", service_workers="block")
    state = {"visit": Visit()}

    def block(route):
        state["visit"].outside.append(route.request.url)
        route.abort("blockedbyclient")

    context.route(lambda url: not _is_local(url), block)

    def on_request(request):
        state["visit"].requests.append(request.url)
        if not _is_local(request.url) and request.url not in state["visit"].outside:
            state["visit"].outside.append(request.url)  # seen but not routed (e.g. from a worker)

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            state["visit"].failed.append(f"HTTP {response.status} for {response.url}")

    def on_failed(request):
        if request.failure == "net::ERR_ABORTED":
            return  # cancelled by the browser itself (the page was left): nothing is broken
        if _is_local(request.url):
            state["visit"].failed.append(f"request failed: {request.url} ({request.failure})")

    def on_console(message):
        if message.type == "error":
            state["visit"].console_errors.append(f"{message.text} [{message.location.get('url', '')}]")

    def on_page_error(error):
        state["visit"].console_errors.append(f"uncaught: {error}")

    pending, last_activity = set(), [0.0]

    def on_request_pending(request):
        pending.add(request)
        last_activity[0] = time.monotonic()

    def on_request_done(request):
        pending.discard(request)
        last_activity[0] = time.monotonic()

    context.on("request", on_request)
    context.on("request", on_request_pending)
    context.on("response", on_response)
    context.on("requestfailed", on_failed)
    context.on("requestfailed", on_request_done)
    context.on("requestfinished", on_request_done)
    page = context.new_page()
    page.on("console", on_console)
    page.on("pageerror", on_page_error)

    def leave() -> None:
        """Leave the page (what it still loads is aborted, not counted as broken)."""
        page.goto("about:blank")
        page.wait_for_timeout(10)  # deliver the last events of the page left

    def visit(url: str, expect_status: int = 200) -> Visit:
        leave()
        state["visit"] = current = Visit()
        response = page.goto(url, wait_until="load")
        assert response is not None and response.status == expect_status, (url, response and response.status)
        # let what the scripts start after `load` settle (see SETTLE_SECONDS)
        deadline = time.monotonic() + SETTLE_SECONDS
        while time.monotonic() < deadline:
            if not pending and time.monotonic() - last_activity[0] > QUIET_SECONDS:
                break
            page.wait_for_timeout(25)
        return current

    visit.page = page
    visit.leave = leave
    yield visit
    context.close()


def _page_urls(site, base_url):
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel == "404.html":
            continue  # shown for missing addresses: see the last test
        yield base_url + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def test_every_page_loads_only_from_127_0_0_1_without_console_errors(built_site, served_site, visitor):
    problems, visited, requests = [], 0, 0
    for url in _page_urls(built_site, served_site):
        visit = visitor(url)
        visitor.leave()
        problems += visit.problems(url)
        visited += 1
        requests += len(visit.requests)
    assert not problems, "\n".join(problems[:40])
    assert visited == len(list(built_site.rglob("*.html"))) - 1
    assert requests > visited * 3  # each page loaded its styles and scripts, all from 127.0.0.1


def test_search_loads_its_index_worker_and_lunr_locally(served_site, visitor):
    """Search makes the most requests (index, worker, lunr languages): all local, all found."""
    visit = visitor(served_site)
    page = visitor.page
    # Material shows its "type to search" text once the worker has built the index
    page.wait_for_function(
        "document.querySelector('.md-search-result__meta').textContent.includes('Іздеу үшін теріңіз')",
        timeout=60_000,
    )
    visitor.leave()
    loaded = " ".join(visit.requests)
    for part in ("search/search_index.json", "/workers/search.", "/lunr/min/lunr.ru.min.js"):
        assert part in loaded, (part, visit.requests)
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
